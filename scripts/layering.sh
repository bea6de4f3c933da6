#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# layering.sh - the dependency rules of STYLE.md, checked with grep.
rc=0
bad() { echo "layering: $*" >&2; rc=1; }

for f in core/*.c boot/*.c; do
	test -f "$f" || continue
	grep -nE '<n?curses' "$f" && bad "$f includes curses"
	grep -nE '\b(printf|puts|exit|abort)\s*\(|fprintf\s*\(\s*std(out|err)' \
		"$f" && bad "$f prints or exits"
done
for lib in 'cdio/:core/iso.c' 'parted/:core/part.c' 'libusb.h:core/usb.c' \
	'openssl/:core/crypto.c' 'xxhash.h:core/manifest.c' \
	'zlib.h:core/codec-gz.c' 'lzma.h:core/codec-xz.c' \
	'zstd.h:core/codec-zst.c' 'bzlib.h:core/codec-bz2.c'; do
	pat=${lib%%:*} own=${lib#*:}
	for f in $(grep -l "#include <$pat" core/*.c core/*.h boot/*.c \
		ui-ncurses/*.c 2>/dev/null); do
		test "$f" = "$own" || bad "$f includes $pat (only $own may)"
	done
done
for f in ui-ncurses/*.c ui-ncurses/*.h; do
	test -f "$f" || continue
	for h in $(sed -n 's/^#include "\(.*\)".*/\1/p' "$f"); do
		test "$h" = stickler.h || test -f "ui-ncurses/$h" ||
			bad "$f includes $h: the UI reaches the core through stickler.h"
	done
done

# boot/ holds transformers below ISO mode's compose: they stand on the
# base (context, errors, log), the tool runner and the FAT label rules,
# and never see compose's state; in core/ only compose reaches boot/.
for f in boot/*.c boot/*.h; do
	test -f "$f" || continue
	for h in $(sed -n 's/^#include "\(.*\)".*/\1/p' "$f"); do
		case $h in
		internal.h | spawn.h | fat.h) ;;
		*) test -f "boot/$h" || bad "$f includes $h (boot/ is below compose)" ;;
		esac
	done
done
for h in $(cd boot && ls *.h 2>/dev/null); do
	for f in $(grep -l "^#include \"$h\"" core/*.c core/*.h 2>/dev/null); do
		case $f in
		core/compose*) ;;
		*) bad "$f includes boot/$h (only compose reaches boot/)" ;;
		esac
	done
done
exit $rc

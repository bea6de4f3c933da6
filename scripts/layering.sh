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
	'openssl/:core/digest.c'; do
	pat=${lib%%:*} own=${lib#*:}
	for f in $(grep -l "#include <$pat" core/*.c core/*.h boot/*.c \
		ui-ncurses/*.c 2>/dev/null); do
		test "$f" = "$own" || bad "$f includes $pat (only $own may)"
	done
done
for f in ui-ncurses/*.c ui-ncurses/*.h; do
	test -f "$f" || continue
	grep -nE '#include "(internal|.*\.c)"' "$f" &&
		bad "$f reaches into the core (use stickler.h)"
done
exit $rc

#!/bin/sh
# t261-scratch-full.sh - a scratch (shadow) file that cannot be written
# for want of room names the cause, not a FAT size, and is removed.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-isomode.sh"
t_desc "no room for the scratch file: said so, nothing left behind"
t_need_root
t_need xorriso syslinux

rich=$(iso_fixture isomode-rich.iso)
mkdir -p "$T_TMP/small"
mount -t tmpfs -o size=1M tmpfs "$T_TMP/small" ||
	t_skip_all "cannot mount a tmpfs"
t_on_exit "umount '$T_TMP/small'"

t_expect "a 1 MiB TMPDIR: the scratch file's want of room is named" '
	TMPDIR=$T_TMP/small "$STICKLER" write "$rich" "$T_TMP/s.img" \
		--mode iso --yes >"$T_TMP/out" 2>&1
	rc=$?
	cat "$T_TMP/out"
	test $rc = 1 &&
	grep -q "no room for the scratch file .*/small/.stickler-shadow.*: its file system is full (.* need up to [0-9]* MiB there; TMPDIR chooses another place); target .* untouched" \
		"$T_TMP/out" &&
	! grep -q "do not fit in a FAT32" "$T_TMP/out" &&
	test -z "$(ls -A "$T_TMP/small")" && ! test -e "$T_TMP/s.img"
'

t_done

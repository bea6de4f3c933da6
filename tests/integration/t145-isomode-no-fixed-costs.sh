#!/bin/sh
# t145-isomode-no-fixed-costs.sh - an ISO-mode write installs syslinux
# itself: no program is started (no mtools round trips) and sync() is
# never called; the stick's ldlinux.sys is marked as syslinux marks it and
# its FAT is clean for fsck.fat.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-isomode.sh"
t_desc "ISO mode: no child process, no sync(), ldlinux.sys in place"
t_need strace xorriso syslinux mattrib fsck.fat
export MTOOLS_SKIP_CHECK=1

iso=$(iso_fixture isomode-rich.iso)

t_expect "no program is started and sync() is not called" '
	strace -f -qq -e trace=execve,vfork,fork,sync,syncfs \
		-o "$T_TMP/trace" "$STICKLER" write "$iso" "$T_TMP/a.img" \
		--mode iso --size 64M --yes >/dev/null 2>&1 &&
	test "$(grep -c execve "$T_TMP/trace")" = 1 &&
	! grep -q "fork(" "$T_TMP/trace" &&
	! grep -Eq "(^|[^a-z])sync(fs)?\(" "$T_TMP/trace"
'

t_expect "ldlinux.sys and ldlinux.c32: read-only, hidden, system" '
	off=$(iso_part_offset "$T_TMP/a.img") &&
	mattrib -i "$T_TMP/a.img@@$off" ::/ldlinux.sys ::/ldlinux.c32 \
		>"$T_TMP/attr" &&
	test "$(grep -c "SHR" "$T_TMP/attr")" = 2
'

t_expect "the boot sector is syslinux's and the FAT is clean" '
	off=$(iso_part_offset "$T_TMP/a.img") &&
	dd if="$T_TMP/a.img" bs=1 skip=$((off + 3)) count=8 status=none |
		grep -q SYSLINUX &&
	iso_fsck "$T_TMP/a.img"
'

t_done

#!/bin/sh
# t144-syslinux-native.sh - stickler's own syslinux install gives the
# bytes syslinux's installer gives: on a FAT32 that mkfs.fat made, Debian's
# `syslinux --install` writes ldlinux.sys, ldlinux.c32 and the boot
# sector; stk-sysinst patches the images it finds in /usr/bin/syslinux
# for the same sectors of an untouched copy, and the three must be equal.
. "$(dirname "$0")/../lib.sh"
t_desc "native syslinux install equals syslinux --install"
t_need syslinux mkfs.fat mcopy mmd mshowfat
SYSINST=$B/tests/tools/stk-sysinst
export MTOOLS_SKIP_CHECK=1

# first_sector IMAGE PATH: the file's first sector, from the BPB and FAT
first_sector() {
	cl=$(mshowfat -i "$1" "::$2" | sed -n 's/.*<\([0-9]*\).*/\1/p' | head -1)
	set -- $(od -An -tu1 -j11 -N6 "$1") \
		$(od -An -tu4 -j36 -N4 "$1")
	# bytes/sector lo hi, sectors/cluster, reserved lo hi, FATs; FAT size
	echo $(( ($4 + $5 * 256) + $6 * $7 + (cl - 2) * $3 ))
}

# one_case NAME SECTORS_PER_CLUSTER KIB DIR (enough clusters for FAT32)
one_case() {
	d=$T_TMP/$1
	mkdir -p "$d/out" &&
	mkfs.fat -F 32 -s "$2" -C "$d/a.img" "$3" >/dev/null &&
	cp "$d/a.img" "$d/b.img" &&
	if [ "$4" != / ]; then
		mmd -i "$d/a.img" ::/boot ::/boot/syslinux
	fi &&
	syslinux --install --directory "$4" "$d/a.img" 2>/dev/null &&
	sys=${4%/}/ldlinux.sys && sys=/${sys#/} &&
	mcopy -i "$d/a.img" "::$sys" "$d/sys.real" &&
	mcopy -i "$d/a.img" "::${sys%.sys}.c32" "$d/c32.real" &&
	dd if="$d/a.img" of="$d/bs.real" bs=512 count=1 status=none &&
	first=$(first_sector "$d/a.img" "$sys") &&
	"$SYSINST" "$d/b.img" "$first" "$4" "$d/out" >"$d/banner" &&
	grep -q '^SYSLINUX 6' "$d/banner" &&
	cmp "$d/out/ldlinux.sys" "$d/sys.real" &&
	cmp "$d/out/ldlinux.c32" "$d/c32.real" &&
	cmp "$d/out/bootsect" "$d/bs.real"
}

t_expect "root directory, 8-sector clusters" 'one_case root 8 300000 /'
t_expect "/boot/syslinux, 1-sector clusters (odd first sector)" \
	'one_case sub 1 48000 /boot/syslinux/'

t_expect "a program without the images is refused with a message" '
	printf "not syslinux" >"$T_TMP/fake" &&
	! STICKLER_SYSLINUX_BIN=$T_TMP/fake "$SYSINST" "$T_TMP/root/b.img" 100 / \
		"$T_TMP/root/out" 2>"$T_TMP/err" &&
	grep -q "carries no boot sector, ldlinux.sys and ldlinux.c32" "$T_TMP/err"
'

t_done

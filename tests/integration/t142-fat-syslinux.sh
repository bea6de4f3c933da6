#!/bin/sh
# t142-fat-syslinux.sh - Debian's mtools-based syslinux installs into the
# free clusters the builder leaves after the last file; after
# fat_sync_backup the file system is clean again for fsck.fat.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-fat.sh"
t_desc "syslinux --install --offset into the builder's free space"
t_need syslinux fsck.fat mdir mcopy

src=$T_TMP/src
img=$T_TMP/stick.img
off=1048576
export MTOOLS_SKIP_CHECK=1

t_expect "build, then syslinux --install --offset --directory" '
	fat_tree "$src" &&
	"$MKFAT" build -v -l BOOTME "$img" $off 64M "$src" >"$T_TMP/layout" &&
	syslinux --install --offset $off --directory /boot/syslinux "$img"
'

t_expect "ldlinux.sys and ldlinux.c32 sit after the last file" '
	mdir -a -i "$img@@$off" ::/boot/syslinux >"$T_TMP/dir" &&
	grep -E "^ldlinux +sys" "$T_TMP/dir" &&
	grep -E "^ldlinux +c32" "$T_TMP/dir" &&
	next=$(sed -n "s/.* next \\([0-9]*\\) .*/\\1/p" "$T_TMP/layout") &&
	fat_part "$img" $off "$T_TMP/part" &&
	fsck.fat -n -v -l "$T_TMP/part" >/dev/null 2>&1 &&
	mshowfat -i "$img@@$off" ::/boot/syslinux/ldlinux.sys >"$T_TMP/chain" &&
	first=$(sed -n "s/.*<\\([0-9]*\\).*/\\1/p" "$T_TMP/chain" | head -1) &&
	test -n "$first" && test "$first" -ge "$next"
'

t_expect "the boot sector is syslinux's, the volume id and label kept" '
	dd if="$img" bs=1 skip=$((off + 3)) count=8 status=none | grep -q SYSLINUX &&
	mdir -i "$img@@$off" ::/ | grep -q "Volume in drive : is BOOTME"
'

t_expect "before fat_sync_backup fsck.fat sees a stale backup" '
	fat_part "$img" $off "$T_TMP/part" &&
	fsck.fat -n "$T_TMP/part" | grep -q "differences between boot sector and its backup"
'

t_expect "after fat_sync_backup fsck.fat is clean and files read back" '
	"$MKFAT" sync-backup "$img" $off &&
	fat_part "$img" $off "$T_TMP/part" &&
	fat_fsck "$T_TMP/part" &&
	mkdir "$T_TMP/back" &&
	mcopy -n -s -i "$img@@$off" "::/*" "$T_TMP/back/" &&
	rm "$T_TMP/back/boot/syslinux/ldlinux.sys" \
		"$T_TMP/back/boot/syslinux/ldlinux.c32" &&
	diff -r "$src" "$T_TMP/back"
'

t_done

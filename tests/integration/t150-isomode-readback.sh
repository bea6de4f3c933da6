#!/bin/sh
# t150-isomode-readback.sh - an ISOLINUX image written in ISO mode to a
# file target, read back with sfdisk, fsck.fat, mtools and xorriso.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-isomode.sh"
t_desc "ISO mode: partition, FAT32, files, labels, md5sum.txt, syslinux"
t_need xorriso mcopy fsck.fat sfdisk syslinux

iso=$(iso_fixture isomode-rich.iso)
stick=$T_TMP/stick.img

t_expect "plan, write and verify a 128 MiB stick image" '
	iso_write "$iso" "$stick" --size $((128 << 20)) &&
	test "$(stat -c %s "$stick")" = $((128 << 20)) &&
	grep -q "^mode: iso: ISO mode: MBR partition table" "$T_TMP/plan" &&
	grep -q "^target: complete: written and verified identical" \
		"$T_TMP/plan"
'

t_expect "one active FAT32 (LBA) partition from 1 MiB to the end" '
	sfdisk -d "$stick" >"$T_TMP/sfdisk" &&
	grep -q "^label: dos" "$T_TMP/sfdisk" &&
	grep -Eq "1 : start= *2048, size= *260096, type=c, bootable" \
		"$T_TMP/sfdisk"
'

t_expect "syslinux MBR boot code in front of the table" '
	cmp -n 440 /usr/lib/syslinux/mbr/mbr.bin "$stick"
'

t_expect "fsck.fat -n -v finds the file system clean" '
	iso_fsck "$stick"
'

t_expect "volume label is the volume id made FAT-legal, plain for GRUB" '
	mlabel -s -i "$stick@@1M" :: | grep -q "STICKLER_LI" &&
	grep -q "the stick.s label is .STICKLER_LI., blanks and the like made ._.: ./boot/grub/grub.cfg. passes it to the kernel from a GRUB menu entry" \
		"$T_TMP/plan"
'

t_expect "every unchanged file reads back byte-identical" '
	iso_readback "$iso" "$stick"
'

t_expect "the plan lists what it changed, and little else" '
	iso_changed | sort >"$T_TMP/c" &&
	grep -qx /boot/grub/grub.cfg "$T_TMP/c" &&
	grep -qx /isolinux/menu.cfg "$T_TMP/c" &&
	grep -qx /md5sum.txt "$T_TMP/c" &&
	grep -qx /syslinux.cfg "$T_TMP/c" &&
	! grep -q "^/live/" "$T_TMP/c"
'

t_expect "symlinks: the file link is a copy, debian -> . is left out" '
	grep -q "stores ./vmlinuz-link. as a copy of ./live/vmlinuz." \
		"$T_TMP/plan" &&
	grep -q "leaves out ./debian." "$T_TMP/plan" &&
	cmp "$T_TMP/stick/vmlinuz-link" "$T_TMP/iso/live/vmlinuz" &&
	test ! -e "$T_TMP/stick/debian"
'

t_expect "label references name the stick label" '
	grep -q "root=live:CDLABEL=STICKLER_LI quiet" \
		"$T_TMP/stick/isolinux/menu.cfg" &&
	grep -q "search --no-floppy --set=root --label .STICKLER_LI." \
		"$T_TMP/stick/boot/grub/grub.cfg" &&
	! grep -q "Stickler" "$T_TMP/stick/boot/grub/grub.cfg"
'

t_expect "md5sum.txt matches the stick, rewritten files included" '
	(cd "$T_TMP/stick" && md5sum -c --quiet md5sum.txt)
'

t_expect "syslinux: chained root config, ldlinux.sys, host modules" '
	grep -q "^  CONFIG /isolinux/isolinux.cfg /isolinux/$" \
		"$T_TMP/stick/syslinux.cfg" &&
	test -s "$T_TMP/stick/ldlinux.sys" &&
	test -s "$T_TMP/stick/ldlinux.c32" &&
	for m in vesamenu libcom32 libutil hdt libgpl libmenu; do
		cmp "$T_TMP/stick/isolinux/$m.c32" \
			/usr/lib/syslinux/modules/bios/$m.c32 || exit 1
	done
'

t_expect "the boot sector carries syslinux and matches its backup" '
	dd if="$stick" bs=512 skip=2048 count=1 status=none |
		grep -aq SYSLINUX &&
	dd if="$stick" bs=512 skip=2048 count=1 status=none >"$T_TMP/bs0" &&
	dd if="$stick" bs=512 skip=$((2048 + 6)) count=1 status=none \
		>"$T_TMP/bs6" &&
	cmp "$T_TMP/bs0" "$T_TMP/bs6"
'

t_done

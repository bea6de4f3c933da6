#!/bin/sh
# t412-boot-isomode-label.sh - the kernel command line finds its root by
# the ISO's label; on the stick the FAT label is shorter, the configs are
# rewritten, and the initramfs finds the stick by the new label.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
. "$T_TOP/tests/lib-isomode.sh"
t_desc "ISO mode label rewrite: the booted system finds its label"
t_need_boot

iso=$(t_bootfix label.iso)
stick=$T_TMP/stick.img
new=STK_LABEL_F		# STK_LABEL_FIXTURE cut to 11 characters

t_expect "write it in ISO mode; the configs now name $new" '
	"$STK_ISOMODE" "$iso" "$stick" --size $((64 << 20)) >"$T_TMP/plan" &&
	grep -q "rewritten to the stick.s .$new." "$T_TMP/plan" &&
	iso_fsck "$stick" &&
	mlabel -s -i "$stick@@1M" :: | grep -q "$new"
'

t_expect "it boots on SeaBIOS and finds the stick by label" '
	t_boot "$stick" bios \
		"STK-BOOT-OK variant=label via=isolinux dev=/dev/sda1 label=$new"
'

t_expect "it boots on OVMF and finds the stick by label" '
	t_boot "$stick" uefi \
		"STK-BOOT-OK variant=label via=grub dev=/dev/sda1 label=$new"
'

t_done

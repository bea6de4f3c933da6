#!/bin/sh
# t405-boot-classic-stick.sh - the label fixture made into a stick the
# classic way (sfdisk, mkfs.fat, mcopy, syslinux --offset; the label
# rewritten with sed) boots on SeaBIOS through syslinux and on OVMF through
# EFI/BOOT, and its initramfs finds the stick by the rewritten label: the
# fixture and the harness are ready for ISO mode, which must do the same.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
t_desc "label.iso as a hand-made FAT32 stick boots on BIOS and UEFI"
t_need_boot
t_need syslinux

iso=$(t_bootfix label.iso)
stick=$T_TMP/stick.img

t_expect "boot fixture is built" 'test -s "$iso"'

t_expect "make the stick with sfdisk, mkfs.fat, mcopy and syslinux" '
	t_classic_stick "$iso" "$stick" STK_LABEL &&
	mdir -a -i "$stick@@1M" ::/ldlinux.sys &&
	mtype -i "$stick@@1M" ::/isolinux/isolinux.cfg | grep -qE "CDLABEL=STK_LABEL( |\$)"
'

t_expect "SeaBIOS: syslinux chains to ISOLINUX's config, label found" '
	t_boot "$stick" bios \
		"STK-BOOT-OK variant=label via=isolinux dev=/dev/sda1 label=STK_LABEL"
'

t_expect "OVMF: GRUB from EFI/BOOT on the FAT partition, label found" '
	t_boot "$stick" uefi \
		"STK-BOOT-OK variant=label via=grub dev=/dev/sda1 label=STK_LABEL"
'

t_done

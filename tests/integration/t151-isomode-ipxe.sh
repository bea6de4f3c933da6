#!/bin/sh
# t151-isomode-ipxe.sh - Debian's ipxe.iso written in ISO mode: BIOS
# through syslinux, UEFI through the files of its El Torito efi.img.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-isomode.sh"
t_desc "ISO mode on /usr/lib/ipxe/ipxe.iso, efi.img unpacked"
t_need xorriso mcopy fsck.fat sfdisk syslinux

iso=/usr/lib/ipxe/ipxe.iso
test -f "$iso" || t_skip_all "needs $iso (package ipxe)"
stick=$T_TMP/stick.img

t_expect "write with the default size" '
	iso_write "$iso" "$stick" &&
	test "$(stat -c %s "$stick")" = $((64 << 20))
'

t_expect "fsck.fat -n -v clean" '
	iso_fsck "$stick"
'

t_expect "the ISO files read back identical" '
	iso_readback "$iso" "$stick"
'

t_expect "EFI/BOOT/BOOTX64.EFI is the one inside efi.img" '
	grep -q "adds 1 file from the El Torito EFI image ./efi.img." \
		"$T_TMP/plan" &&
	mcopy -n -i "$T_TMP/iso/efi.img" ::/EFI/BOOT/BOOTX64.EFI \
		"$T_TMP/want.efi" &&
	mcopy -n -i "$stick@@1M" ::/EFI/BOOT/BOOTX64.EFI "$T_TMP/got.efi" &&
	cmp "$T_TMP/want.efi" "$T_TMP/got.efi"
'

t_expect "root syslinux.cfg chains to /isolinux.cfg; ISO ldlinux left out" '
	iso_stick_file "$stick" /syslinux.cfg >"$T_TMP/cfg" &&
	grep -q "^  CONFIG /isolinux.cfg /$" "$T_TMP/cfg" &&
	grep -q "replaces ./ldlinux.c32.: syslinux" "$T_TMP/plan"
'

t_done

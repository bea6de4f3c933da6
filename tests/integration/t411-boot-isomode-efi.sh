#!/bin/sh
# t411-boot-isomode-efi.sh - ISOLINUX + a UEFI El Torito entry with
# EFI/BOOT (GRUB): the ISO-mode stick boots on SeaBIOS and on OVMF.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
. "$T_TOP/tests/lib-isomode.sh"
t_desc "ISO mode stick of a BIOS + UEFI image boots on SeaBIOS and OVMF"
t_need_boot

iso=$(t_bootfix hybrid-efi.iso)
stick=$T_TMP/stick.img

t_expect "write it in ISO mode" '
	"$STICKLER" write "$iso" "$stick" --mode iso --size 64M --yes &&
	iso_fsck "$stick"
'

t_expect "the stick boots on SeaBIOS through syslinux" '
	t_boot "$stick" bios "STK-BOOT-OK variant=plain via=isolinux"
'

t_expect "the stick boots on OVMF through EFI/BOOT" '
	t_boot "$stick" uefi "STK-BOOT-OK variant=plain via=grub"
'

t_expect "a GPT stick (--scheme gpt) boots on OVMF" '
	rm -f "$stick" &&
	"$STICKLER" write "$iso" "$stick" --mode iso --scheme gpt \
		--size 64M --yes &&
	t_boot "$stick" uefi "STK-BOOT-OK variant=plain via=grub"
'

t_done

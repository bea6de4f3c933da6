#!/bin/sh
# t400-boot-harness.sh - the boot harness itself: an isohybrid ISO is its
# own stick image and must boot on SeaBIOS and OVMF; a non-hybrid ISO has
# no MBR and no EFI loader, so as a stick it must boot on neither (the
# negative control: the harness can fail).
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
t_desc "QEMU boots fixture ISOs as USB sticks and reads the serial marker"
t_need_boot

hybrid=$(t_bootfix hybrid-efi.iso)
plain=$(t_bootfix bios-isolinux.iso)

t_expect "boot fixtures are built" 'test -s "$hybrid" && test -s "$plain"'

t_expect "isohybrid ISO as a stick boots ISOLINUX on SeaBIOS" '
	t_boot "$hybrid" bios "STK-BOOT-OK variant=plain via=isolinux"
'

t_expect "isohybrid ISO as a stick boots GRUB on OVMF" '
	t_boot "$hybrid" uefi "STK-BOOT-OK variant=plain via=grub"
'

t_expect "non-hybrid ISO as a stick: SeaBIOS finds nothing to boot" '
	{ t_boot "$plain" bios "STK-BOOT-OK"; test $? = 1; } &&
	grep -q "No bootable device" "$(t_boot_last firmware)" &&
	! grep -q "STK-BOOT-OK" "$(t_boot_last serial)"
'

t_expect "non-hybrid BIOS-only ISO as a stick: OVMF falls to its shell" '
	{ t_boot "$plain" uefi "STK-BOOT-OK"; test $? = 1; } &&
	grep -q "EFI Internal Shell" "$(t_boot_last serial)" &&
	! grep -q "STK-BOOT-OK" "$(t_boot_last serial)"
'

t_done

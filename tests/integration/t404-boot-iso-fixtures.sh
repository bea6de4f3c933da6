#!/bin/sh
# t404-boot-iso-fixtures.sh - the non-hybrid ISO fixtures that ISO mode
# turns into sticks boot as they are, from a USB CD-ROM, on SeaBIOS
# (ISOLINUX) and OVMF (GRUB from the El Torito EFI image): a stick that
# later fails to boot fails because of the stick, not the fixture.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
t_desc "label.iso and deep-tree.iso boot from a USB CD-ROM"
t_need_boot

label=$(t_bootfix label.iso)
deep=$(t_bootfix deep-tree.iso)

t_expect "boot fixtures are built" 'test -s "$label" && test -s "$deep"'

t_expect "label.iso on SeaBIOS finds its own volume id" '
	t_boot_cd "$label" bios \
		"STK-BOOT-OK variant=label via=isolinux dev=/dev/sr0 label=STK_LABEL_FIXTURE"
'

t_expect "label.iso on OVMF finds its own volume id" '
	t_boot_cd "$label" uefi \
		"STK-BOOT-OK variant=label via=grub dev=/dev/sr0 label=STK_LABEL_FIXTURE"
'

t_expect "deep-tree.iso on SeaBIOS hashes its tree (Rock Ridge names)" '
	t_boot_cd "$deep" bios "STK-BOOT-OK variant=hash via=isolinux dev=/dev/sr0"
'

t_expect "deep-tree.iso on OVMF hashes its tree" '
	t_boot_cd "$deep" uefi "STK-BOOT-OK variant=hash via=grub dev=/dev/sr0"
'

t_done

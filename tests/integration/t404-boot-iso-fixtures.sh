#!/bin/sh
# t404-boot-iso-fixtures.sh - the non-hybrid deep-tree ISO that ISO mode
# turns into a stick boots as it is, from a USB CD-ROM, on SeaBIOS
# (ISOLINUX) and OVMF (GRUB from the El Torito EFI image), and its
# initramfs accepts the Rock Ridge tree: a stick made of it that fails
# fails because of the stick, not the fixture. (label.iso is proven as a
# stick by t405.)
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
t_desc "deep-tree.iso boots from a USB CD-ROM and hashes its own tree"
t_need_boot

deep=$(t_bootfix deep-tree.iso)
list=$(t_bootfix tree.sha256)

t_expect "boot fixtures are built" 'test -s "$deep" && test -s "$list"'

t_expect "deep-tree.iso on SeaBIOS: every file of the tree matches" '
	t_boot_cd "$deep" bios \
		"STK-BOOT-OK variant=hash via=isolinux dev=/dev/sr0 files=$(wc -l <"$list")"
'

t_expect "deep-tree.iso on OVMF: every file of the tree matches" '
	t_boot_cd "$deep" uefi \
		"STK-BOOT-OK variant=hash via=grub dev=/dev/sr0 files=$(wc -l <"$list")"
'

t_done

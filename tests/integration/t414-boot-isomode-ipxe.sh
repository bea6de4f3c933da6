#!/bin/sh
# t414-boot-isomode-ipxe.sh - Debian's ipxe.iso has no EFI/BOOT tree, only
# an El Torito efi.img: on the ISO-mode stick its files are unpacked, and
# OVMF starts iPXE from it (iPXE's EFI console reaches the serial line).
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
. "$T_TOP/tests/lib-isomode.sh"
t_desc "ISO mode ipxe.iso: UEFI boot from the unpacked efi.img"
t_need_boot
iso=/usr/lib/ipxe/ipxe.iso
test -f "$iso" || t_skip_all "needs $iso (package ipxe)"
stick=$T_TMP/stick.img

t_expect "write ipxe.iso in ISO mode" '
	"$STICKLER" write "$iso" "$stick" --mode iso --yes
'

t_expect "OVMF starts iPXE from EFI/BOOT/BOOTX64.EFI" '
	t_boot "$stick" uefi "iPXE initialising devices"
'

t_done

#!/bin/sh
# t413-boot-isomode-tree.sh - a deep tree with long and non-ASCII names:
# the system booted from the ISO-mode stick hashes every file it finds
# on the stick and compares names and sums with the list built in.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
. "$T_TOP/tests/lib-isomode.sh"
t_desc "ISO mode deep tree: every file hashed by the booted system"
t_need_boot

iso=$(t_bootfix deep-tree.iso)
stick=$T_TMP/stick.img

t_expect "write it in ISO mode" '
	"$STICKLER" write "$iso" "$stick" --size 96M --yes &&
	iso_fsck "$stick"
'

t_expect "booted on SeaBIOS, the names and hashes match" '
	t_boot "$stick" bios "STK-BOOT-OK variant=hash via=isolinux dev=/dev/sda1"
'

t_expect "booted on OVMF, the names and hashes match" '
	t_boot "$stick" uefi "STK-BOOT-OK variant=hash via=grub dev=/dev/sda1"
'

t_done

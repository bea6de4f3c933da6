#!/bin/sh
# t410-boot-isomode-bios.sh - an ISOLINUX-only ISO that is not hybrid
# (so a raw copy would not boot) written in ISO mode boots on SeaBIOS.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
. "$T_TOP/tests/lib-isomode.sh"
t_desc "ISO mode stick of a BIOS-only ISOLINUX image boots on SeaBIOS"
t_need_boot

iso=$(t_bootfix bios-isolinux.iso)
stick=$T_TMP/stick.img

t_expect "write it in ISO mode (auto follows the verdict)" '
	"$STICKLER" write "$iso" "$stick" --size 64M --yes &&
	iso_fsck "$stick"
'

t_expect "the stick boots on SeaBIOS through syslinux" '
	t_boot "$stick" bios "STK-BOOT-OK variant=plain via=isolinux"
'

t_done

#!/bin/sh
# t152-isomode-refusals.sh - images ISO mode cannot make bootable are
# refused with the reason before the target is touched.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-isomode.sh"
t_desc "ISO mode refusals: GRUB-only BIOS, Windows, custom modules, size"
t_need xorriso mcopy syslinux

stick=$T_TMP/stick.img

# refused IMAGE PATTERN [options]: fails, says PATTERN, target untouched.
refused()
{
	img=$1 pat=$2
	shift 2
	! "$STK_ISOMODE" "$img" "$stick" "$@" >"$T_TMP/out" 2>&1 &&
	cat "$T_TMP/out" &&
	grep -q "$pat" "$T_TMP/out" &&
	test ! -e "$stick"
}

grub=/usr/lib/grub-rescue/grub-rescue-cdrom.iso
if test -f "$grub"; then
	t_expect "grub-rescue-cdrom.iso: GRUB-only BIOS boot" '
		refused "$grub" "GRUB-only BIOS boot" &&
		grep -q "raw" "$T_TMP/out"
	'
else
	t_skip "grub-rescue-cdrom.iso" "needs package grub-rescue-pc"
fi

t_expect "a GRUB El Torito image that is not hybrid" '
	refused "$(t_fixture grub-bios.iso)" "GRUB-only BIOS boot"
'

t_expect "a BIOS entry that is a floppy emulation image" '
	refused "$(iso_fixture isomode-floppy.iso)" "floppy emulation"
'

t_expect "a Windows installer" '
	refused "$(t_fixture windows.iso)" "Windows"
'

t_expect "a module the host syslinux does not have" '
	refused "$(iso_fixture isomode-custom.iso)" \
		"cannot match the custom module .custom.c32."
'

t_expect "UEFI-only image in ISO mode points to iso-uefi-only" '
	refused "$(t_fixture uefi-only.iso)" "iso-uefi-only"
'

t_expect "a target too small for a FAT32 partition" '
	refused "$(iso_fixture isomode-rich.iso)" "too small" --size 8388608
'

t_expect "a target smaller than the image" '
	refused "$(iso_fixture isomode-rich.iso)" "larger than the target" \
		--size 2097152
'

t_expect "the UEFI-only image in iso-uefi-only mode is written" '
	iso=$(t_fixture uefi-only.iso) &&
	iso_write "$iso" "$stick" --uefi-only &&
	iso_fsck "$stick" &&
	iso_readback "$iso" "$stick" &&
	! mdir -i "$stick@@1M" ::/syslinux.cfg >/dev/null 2>&1 &&
	mdir -i "$stick@@1M" ::/EFI/BOOT/BOOTX64.EFI >/dev/null
'

t_done

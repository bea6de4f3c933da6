#!/bin/sh
# t412-boot-isomode-label.sh - the kernel command line finds its root by
# the ISO's label; on the stick the FAT label is shorter, the configs are
# rewritten, and the initramfs finds the stick by the new label. A label
# with a blank is refused where GRUB would pass it to the kernel (it
# doubles the backslash of \x20); through syslinux it goes in as \x20 and
# is found, and GRUB's search gets it quoted.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
. "$T_TOP/tests/lib-isomode.sh"
t_desc "ISO mode label rewrite: the booted system finds its label"
t_need_boot
t_need mlabel mtype

iso=$(t_bootfix label.iso)
stick=$T_TMP/stick.img
new=STK_LABEL_F		# STK_LABEL_FIXTURE cut to 11 characters

t_expect "write it in ISO mode; the configs now name $new" '
	"$STK_ISOMODE" "$iso" "$stick" --size $((64 << 20)) >"$T_TMP/plan" &&
	grep -q "rewritten to the stick.s .$new." "$T_TMP/plan" &&
	iso_fsck "$stick" &&
	mlabel -s -i "$stick@@1M" :: | grep -q "$new"
'

t_expect "it boots on SeaBIOS and finds the stick by label" '
	t_boot "$stick" bios \
		"STK-BOOT-OK variant=label via=isolinux dev=/dev/sda1 label=$new"
'

t_expect "it boots on OVMF and finds the stick by label" '
	t_boot "$stick" uefi \
		"STK-BOOT-OK variant=label via=grub dev=/dev/sda1 label=$new"
'

t_expect "--label 'MY STICK' is refused: a GRUB menu entry passes the label" '
	rm -f "$stick" &&
	! "$STK_ISOMODE" "$iso" "$stick" --size $((64 << 20)) \
		--label "MY STICK" >"$T_TMP/plan" 2>"$T_TMP/err" &&
	grep -q "the label .MY STICK. cannot be used: ./boot/grub/grub.cfg. passes the label to the kernel from a GRUB menu entry" \
		"$T_TMP/err"
'

# the same image, its GRUB menu entry not naming the label (GRUB still
# finds its root by it): a blank goes to the kernel through syslinux only
blank=$T_TMP/blank.iso
t_expect "without the GRUB reference: 'MY STICK', escaped as \\x20" '
	xorriso -osirrox on -indev "$iso" -extract /boot/grub/grub.cfg \
		"$T_TMP/grub.cfg" >/dev/null 2>&1 &&
	chmod u+w "$T_TMP/grub.cfg" &&
	sed -i "s/ root=live:CDLABEL=[^ ]*//" "$T_TMP/grub.cfg" &&
	! grep -q CDLABEL "$T_TMP/grub.cfg" &&
	xorriso -indev "$iso" -outdev "$blank" -boot_image any replay \
		-update "$T_TMP/grub.cfg" /boot/grub/grub.cfg >/dev/null 2>&1 &&
	"$STK_ISOMODE" "$blank" "$stick" --size $((64 << 20)) \
		--label "MY STICK" >"$T_TMP/plan" &&
	mlabel -s -i "$stick@@1M" :: | grep -q "is MY STICK *$" &&
	mtype -i "$stick@@1M" ::/isolinux/isolinux.cfg |
		grep -qF "root=live:CDLABEL=MY\\x20STICK" &&
	mtype -i "$stick@@1M" ::/boot/grub/grub.cfg |
		grep -qF "search --no-floppy --label '\''MY STICK'\'' --set=root"
'

t_expect "it boots on SeaBIOS and the initramfs finds 'MY STICK'" '
	t_boot "$stick" bios \
		"STK-BOOT-OK variant=label via=isolinux dev=/dev/sda1 label=MY STICK"
'

t_expect "on OVMF GRUB finds its root by 'MY STICK' and starts the kernel" '
	t_boot "$stick" uefi \
		"STK-BOOT-FAIL variant=label via=grub: no LABEL= on the command line" &&
	! grep -q "no such device" "$T_TMP"/boot*.serial
'

t_done

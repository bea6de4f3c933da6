#!/bin/sh
# t402-boot-label-initrd.sh - the "label" initramfs prints its marker only
# when a filesystem with the label named on the command line exists; tried
# on a FAT disk made with mkfs.fat, the kernel started directly.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
t_desc "label initramfs: finds a labelled FAT stick, fails without one"
t_need_boot

kernel=$(t_bootfix vmlinuz)
initrd=$(t_bootfix initrd-label.img)

t_expect "boot fixtures are built" 'test -s "$kernel" && test -s "$initrd"'
disk=$T_TMP/disk.img
cmd="quiet console=ttyS0,115200 stk.via=kernel"

t_expect "make a FAT stick labelled STK_LBL" '
	t_vfat_disk "$disk" STK_LBL &&
	mdir -i "$disk@@1M" :: | grep -q "Volume in drive : is STK_LBL"
'

t_expect "CDLABEL= naming the stick's label: marker" '
	t_boot_kernel "$kernel" "$initrd" "$cmd root=live:CDLABEL=STK_LBL" \
		"$disk" "STK-BOOT-OK variant=label via=kernel dev=/dev/sda1"
'

t_expect "LABEL= naming another label: no marker, a failure" '
	{ t_boot_kernel "$kernel" "$initrd" "$cmd root=LABEL=OTHER_LBL" \
		"$disk" "STK-BOOT-OK"; test $? = 1; } &&
	grep -q "STK-BOOT-FAIL.*no filesystem labelled .OTHER_LBL." \
		"$(t_boot_last serial)"
'

t_done

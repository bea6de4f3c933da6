#!/bin/sh
# t403-boot-hash-initrd.sh - the "hash" initramfs prints its marker only
# when every file under /data on the stick has the name and sha256 of its
# built-in list; tried on a FAT disk filled by mcopy, kernel started
# directly. The tree has long, non-ASCII and colliding names.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
t_desc "hash initramfs: accepts an exact copy of the tree, not a changed one"
t_need_boot

kernel=$(t_bootfix vmlinuz)
initrd=$(t_bootfix initrd-hash.img)
tree=$(t_bootfix tree)
list=$(t_bootfix tree.sha256)

t_expect "boot fixtures are built" '
	test -s "$kernel" && test -s "$initrd" && test -d "$tree" &&
	test -s "$list"
'
disk=$T_TMP/disk.img
cmd="quiet console=ttyS0,115200 stk.via=kernel"

t_expect "copy the tree onto a FAT stick with mcopy" '
	t_vfat_disk "$disk" STK_HASH "$tree"
'

t_expect "an exact copy: marker with every file counted" '
	t_boot_kernel "$kernel" "$initrd" "$cmd" "$disk" \
		"STK-BOOT-OK variant=hash via=kernel dev=/dev/sda1 files=$(wc -l <"$list")"
'

t_expect "one byte changed in a non-ASCII file: no marker, a failure" '
	f="naïve café/crème brûlée – recette.txt" &&
	cp "$tree/$f" "$T_TMP/changed" &&
	printf X | dd of="$T_TMP/changed" bs=1 seek=100 conv=notrunc 2>/dev/null &&
	LC_ALL=C.UTF-8 mcopy -o -i "$disk@@1M" "$T_TMP/changed" "::/data/$f" &&
	{ t_boot_kernel "$kernel" "$initrd" "$cmd" "$disk" "STK-BOOT-OK"
	  test $? = 1; } &&
	grep -q "STK-BOOT-FAIL.*contents under /dev/sda1:/data differ" \
		"$(t_boot_last serial)"
'

t_done

#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mkfixtures.sh DIR NAME - build the image fixture NAME into DIR (cached).
#
# A fixture is rebuilt when this script changes: its stamp records the
# script's hash. Kernels are tiny dummy files; the loaders are Debian's.
#
#   data.iso            ISO 9660 + Rock Ridge + Joliet, no boot record
#   isolinux.iso        ISOLINUX El Torito, not hybrid
#   isohybrid.iso       ISOLINUX El Torito + isohdpfx.bin MBR
#   isohybrid-uefi.iso  ISOLINUX + UEFI El Torito (efi.img), MBR + GPT
#   uefi-only.iso       UEFI El Torito entry only, EFI/BOOT loader, no hybrid
#   grub-bios.iso       GRUB El Torito (i386-pc), not hybrid, no UEFI
#   grub.iso            grub-mkrescue output (hybrid, BIOS + UEFI)
#   windows.iso         Windows-like markers (bootmgr, sources/install.wim)
#   bigfile.iso         isolinux.iso plus a 64 MiB file, to count probe reads
#   plain.iso           ISO 9660 names only (no Rock Ridge, no Joliet)
#   joliet.iso          Joliet names, no Rock Ridge
#   multi-extent.iso    plain ISO 9660 whose BIG.BIN has two extents, made by
#                       renaming BIH.BIN to BIG.BIN and flagging the first
#                       record "not final" (ECMA-119 9.1.6, bit 7)
#   disk.img            raw disk image with an MBR and one partition
#   gpt-disk.img        raw disk image with a GPT
#   truncated.iso       isolinux.iso cut in half
#   empty.img           an empty file
#   random.bin          1 MiB of random bytes
set -eu
. "$(dirname "$0")/fixture-cache.sh"
tree=$work/tree
mkdir -p "$tree"

XORRISO="xorriso -report_about SORRY -as mkisofs"

# A dummy kernel and initrd: the probe never looks inside them.
dummy_kernel()
{
	mkdir -p "$tree/$1"
	printf 'not a kernel\n' >"$tree/$1/vmlinuz"
	printf 'not an initrd\n' >"$tree/$1/initrd.gz"
}

isolinux_tree()
{
	dummy_kernel live
	mkdir -p "$tree/isolinux"
	cp /usr/lib/ISOLINUX/isolinux.bin "$tree/isolinux/"
	cp /usr/lib/syslinux/modules/bios/ldlinux.c32 "$tree/isolinux/"
	cat >"$tree/isolinux/isolinux.cfg" <<-CFG
	default live
	label live
	  kernel /live/vmlinuz
	  append initrd=/live/initrd.gz
	CFG
	printf '%s  ./live/vmlinuz\n' "$(md5sum <"$tree/live/vmlinuz" |
		cut -d' ' -f1)" >"$tree/md5sum.txt"
}

# A 1 MiB FAT image holding EFI/BOOT/BOOTX64.EFI (a dummy loader).
efi_img()
{
	mkdir -p "$tree/EFI/BOOT" "$tree/boot/grub"
	printf 'MZ dummy loader\n' >"$tree/EFI/BOOT/BOOTX64.EFI"
	mkfs.fat -C "$tree/boot/grub/efi.img" 1024 >/dev/null
	mmd -i "$tree/boot/grub/efi.img" ::EFI ::EFI/BOOT
	mcopy -i "$tree/boot/grub/efi.img" "$tree/EFI/BOOT/BOOTX64.EFI" \
		::EFI/BOOT/
}

ISOLINUX_OPTS="-b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot
	-boot-load-size 4 -boot-info-table"

case $name in
data.iso)
	mkdir -p "$tree/docs"
	printf 'hello\n' >"$tree/docs/README.txt"
	ln -s docs/README.txt "$tree/readme-link"
	printf 'x\n' >"$tree/docs/what?.txt"
	printf '%s  ./docs/README.txt\n' "$(md5sum <"$tree/docs/README.txt" |
		cut -d' ' -f1)" >"$tree/md5sum.txt"
	$XORRISO -R -J -V DATA_ONLY -publisher "STICKLER TESTS" \
		-o "$work/out" "$tree"
	;;
plain.iso|joliet.iso)
	mkdir -p "$tree/Docs/Sub"
	printf 'hello\n' >"$tree/Docs/Read Me.txt"
	printf 'x\n' >"$tree/Docs/Sub/noext"
	printf 'y\n' >"$tree/a-rather-long-file-name-for-joliet.text"
	# xorriso writes Rock Ridge unless told not to
	if test "$name" = joliet.iso; then
		xorriso -report_about SORRY -rockridge off -as mkisofs \
			-J -joliet-long -V JOLIET -o "$work/out" "$tree"
	else
		xorriso -report_about SORRY -rockridge off -as mkisofs \
			-iso-level 2 -V PLAIN -o "$work/out" "$tree"
	fi
	;;
multi-extent.iso)
	head -c 6144 /dev/zero | tr '\0' a >"$tree/BIG.BIN"
	head -c 3000 /dev/zero | tr '\0' b >"$tree/BIH.BIN"
	printf 'z\n' >"$tree/ZZZ.TXT"
	xorriso -report_about SORRY -rockridge off -as mkisofs \
		-iso-level 3 -V MULTI -o "$work/out" "$tree"
	# the name is 33 bytes into its directory record, the flags 25
	off=$(grep -obUa 'BIH\.BIN;1' "$work/out" | head -n 1 | cut -d: -f1)
	test -n "$off"
	printf 'BIG' | dd of="$work/out" bs=1 seek="$off" conv=notrunc \
		2>/dev/null
	off=$(grep -obUa 'BIG\.BIN;1' "$work/out" | head -n 1 | cut -d: -f1)
	printf '\200' | dd of="$work/out" bs=1 seek=$((off - 33 + 25)) \
		conv=notrunc 2>/dev/null
	;;
bigfile.iso)
	isolinux_tree
	mkdir -p "$tree/live"
	head -c 67108864 /dev/zero | tr '\0' x >"$tree/live/filesystem.squashfs"
	$XORRISO -R -J -V BIGFILE $ISOLINUX_OPTS -o "$work/out" "$tree"
	;;
isolinux.iso)
	isolinux_tree
	$XORRISO -R -J -V ISOLINUX_TEST $ISOLINUX_OPTS -o "$work/out" "$tree"
	;;
isohybrid.iso)
	isolinux_tree
	$XORRISO -R -J -V HYBRID_TEST $ISOLINUX_OPTS \
		-isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin \
		-o "$work/out" "$tree"
	;;
isohybrid-uefi.iso)
	isolinux_tree
	efi_img
	$XORRISO -R -J -V HYBRID_UEFI $ISOLINUX_OPTS \
		-isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin \
		-eltorito-alt-boot -e boot/grub/efi.img -no-emul-boot \
		-isohybrid-gpt-basdat -o "$work/out" "$tree"
	;;
uefi-only.iso)
	dummy_kernel live
	efi_img
	printf 'menuentry live { linux /live/vmlinuz }\n' \
		>"$tree/boot/grub/grub.cfg"
	$XORRISO -R -J -V UEFI_ONLY -e boot/grub/efi.img -no-emul-boot \
		-o "$work/out" "$tree"
	;;
grub-bios.iso)
	dummy_kernel live
	mkdir -p "$tree/boot/grub/i386-pc"
	grub-mkimage -O i386-pc-eltorito -p /boot/grub \
		-o "$tree/boot/grub/i386-pc/eltorito.img" biosdisk iso9660
	cp /usr/lib/grub/i386-pc/normal.mod "$tree/boot/grub/i386-pc/"
	printf 'menuentry live { linux /live/vmlinuz }\n' \
		>"$tree/boot/grub/grub.cfg"
	$XORRISO -R -J -V GRUB_BIOS -b boot/grub/i386-pc/eltorito.img \
		-no-emul-boot -boot-load-size 4 -boot-info-table \
		-o "$work/out" "$tree"
	;;
grub.iso)
	dummy_kernel live
	mkdir -p "$tree/boot/grub"
	printf 'menuentry live { linux /live/vmlinuz }\n' \
		>"$tree/boot/grub/grub.cfg"
	grub-mkrescue -o "$work/out" "$tree" -- -volid GRUB_RESCUE \
		>"$work/log" 2>&1 || { cat "$work/log" >&2; exit 1; }
	;;
windows.iso)
	mkdir -p "$tree/boot" "$tree/sources" "$tree/efi/boot"
	printf 'not bootmgr\n' >"$tree/bootmgr"
	printf 'not etfsboot\n' >"$tree/boot/etfsboot.com"
	printf 'not a wim\n' >"$tree/sources/install.wim"
	printf 'MZ dummy\n' >"$tree/efi/boot/bootx64.efi"
	$XORRISO -J -V WIN_TEST -publisher "MICROSOFT CORPORATION" \
		-b boot/etfsboot.com -no-emul-boot -boot-load-size 8 \
		-o "$work/out" "$tree"
	;;
disk.img)
	truncate -s 8M "$work/out"
	printf 'start=2048, size=12288, type=83, bootable\n' |
		sfdisk -q --label dos "$work/out"
	;;
gpt-disk.img)
	truncate -s 8M "$work/out"
	printf 'start=2048, size=4096, type=U, name=esp\nstart=6144, size=8192, type=L\n' |
		sfdisk -q --label gpt "$work/out"
	;;
truncated.iso)
	"$0" "$dir" isolinux.iso
	size=$(stat -c %s "$dir/isolinux.iso")
	head -c $((size / 2)) "$dir/isolinux.iso" >"$work/out"
	;;
empty.img)
	: >"$work/out"
	;;
random.bin)
	t_random mkfixtures:out 1048576 >"$work/out"
	;;
*)
	echo "mkfixtures.sh: unknown fixture '$name'" >&2
	exit 2
	;;
esac
mv "$work/out" "$out"
echo "$stamp" >"$out.stamp"

#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mksbfix.sh DIR NAME - Secure Boot fixtures, from Debian's signed
# binaries (shim-signed, grub-efi-amd64-signed, fetched with apt-get
# download into DIR/debs and unpacked, never installed) and GRUB images
# made here with grub-mkimage. Cached; rebuilt when this script changes.
#
#   shim.efi           Debian's shimx64.efi.signed (Microsoft UEFI CA 2011
#                      and 2023 signatures, Debian's CA built in)
#   grub.efi           Debian's gcdx64.efi.signed (signed by Debian's CA)
#   debian-ca.pem      the vendor certificate inside shim (.vendor_cert)
#   grub-unsigned.efi  grub-mkimage's x86_64-efi image, not signed
#   grub-oldsbat.efi   the same with a .sbat of "grub,3" (below shim's 5)
#   shim-truncated.efi shim with the end of its signature cut off
#   shim-changed.efi   shim with one byte of .text changed after signing
#   signed.iso         EFI/BOOT: shim as BOOTX64.EFI + grubx64.efi, also in
#                      the El Torito EFI image efi.img (not hybrid)
#   unsigned.iso       the same with grub-unsigned.efi as BOOTX64.EFI
#   oldsbat.iso        signed.iso with grub-oldsbat.efi as grubx64.efi
#   hybrid.iso         signed.iso's efi.img also as an appended ESP (GPT),
#                      the tree without EFI/
#   signed-boot.iso    signed.iso with $SB_KERNEL_DIR/vmlinuz and initrd.img
#   unsigned-boot.iso  unsigned.iso, the same (the boot tier's kernel)
# The ISOs' grub.cfg echoes a marker and boots boot/vmlinuz with
# boot/initrd.img (present in the *-boot.iso ones only).
set -eu
. "$(dirname "$0")/fixture-cache.sh"
debs=$dir/debs
mkdir -p "$debs"
un=$dir/unpacked

unpack()
{
	test -f "$un/.done" && return 0
	for p in shim-signed grub-efi-amd64-signed; do
		ls "$debs/${p}"_*.deb >/dev/null 2>&1 ||
			(cd "$debs" && apt-get download -q "$p" >&2)
	done
	rm -rf "$un"
	for d in "$debs"/*.deb; do
		dpkg-deb -x "$d" "$un"
	done
	touch "$un/.done"
}

cfg()
{
	cat <<-'CFG'
	set timeout=0
	serial --unit=0 --speed=115200
	terminal_output console serial
	echo "STK-GRUB-OK secure-boot grub.cfg read"
	menuentry 'boot' {
	  linux /boot/vmlinuz console=ttyS0,115200 no_timer_check stk.via=grub
	  initrd /boot/initrd.img
	}
	CFG
}

grub_image()
{
	sbat=$work/sbat.csv
	printf 'sbat,1,SBAT Version,sbat,1,https://github.com/rhboot/shim/blob/main/SBAT.md\ngrub,%s,Free Software Foundation,grub,2.06,https://www.gnu.org/software/grub/\n' "$2" >"$sbat"
	cfg >"$work/embed.cfg"
	grub-mkimage -O x86_64-efi -p /boot/grub -c "$work/embed.cfg" \
		-s "$sbat" -o "$1" \
		normal echo linux serial terminal configfile search part_gpt \
		part_msdos fat iso9660 test
}

# iso OUT BOOTX64 GRUBX64 [hybrid]
iso()
{
	t=$work/tree-$(basename "$1")
	rm -rf "$t"
	mkdir -p "$t/EFI/BOOT" "$t/boot/grub" "$t/.disk"
	echo "stickler secure boot fixture" >"$t/.disk/info"
	cp "$2" "$t/EFI/BOOT/BOOTX64.EFI"
	cp "$3" "$t/EFI/BOOT/grubx64.efi"
	cfg >"$t/boot/grub/grub.cfg"
	if test "${name%-boot.iso}" != "$name"; then
		cp "$SB_KERNEL_DIR/vmlinuz" "$t/boot/vmlinuz"
		cp "$SB_KERNEL_DIR/initrd.img" "$t/boot/initrd.img"
	fi
	rm -f "$work/efi.img"
	mkfs.fat -C "$work/efi.img" 8192 >/dev/null
	mmd -i "$work/efi.img" ::/EFI ::/EFI/BOOT
	mcopy -i "$work/efi.img" "$t/EFI/BOOT/BOOTX64.EFI" \
		"$t/EFI/BOOT/grubx64.efi" ::/EFI/BOOT/
	if test "${4:-}" = hybrid; then
		rm -rf "$t/EFI"
		xorriso -as mkisofs -quiet -R -J -V STK_SB -o "$1" \
			-append_partition 2 0xef "$work/efi.img" \
			-appended_part_as_gpt \
			-e --interval:appended_partition_2:all:: -no-emul-boot \
			"$t" 2>/dev/null
	else
		cp "$work/efi.img" "$t/efi.img"
		xorriso -as mkisofs -quiet -R -J -V STK_SB -o "$1" \
			-e efi.img -no-emul-boot "$t" 2>/dev/null
	fi
}

unpack
shim=$un/usr/lib/shim/shimx64.efi.signed
grub=$un/usr/lib/grub/x86_64-efi-signed/gcdx64.efi.signed
case $name in
shim.efi) cp "$shim" "$work/out" ;;
grub.efi) cp "$grub" "$work/out" ;;
debian-ca.pem)
	objcopy -O binary --only-section=.vendor_cert "$shim" "$work/vc"
	# struct: authorised size, deauthorised size, their offsets (LE32)
	size=$(od -An -tu4 -N4 "$work/vc" | tr -d ' ')
	off=$(od -An -tu4 -j8 -N4 "$work/vc" | tr -d ' ')
	dd if="$work/vc" of="$work/ca.der" bs=1 skip="$off" count="$size" \
		status=none
	openssl x509 -inform der -in "$work/ca.der" -out "$work/out"
	;;
grub-unsigned.efi) grub_image "$work/out" 5 ;;
grub-oldsbat.efi) grub_image "$work/out" 3 ;;
shim-truncated.efi)
	head -c $(($(stat -c %s "$shim") - 700)) "$shim" >"$work/out"
	;;
shim-changed.efi)
	cp "$shim" "$work/out"
	# a byte 64 KiB in, inside .text
	printf '\314' | dd of="$work/out" bs=1 seek=65536 conv=notrunc \
		status=none
	;;
signed.iso) iso "$work/out" "$shim" "$grub" ;;
signed-boot.iso | unsigned-boot.iso)
	test -n "${SB_KERNEL_DIR:-}" || {
		echo "mksbfix: $name needs SB_KERNEL_DIR" >&2
		exit 2
	}
	if test "$name" = signed-boot.iso; then
		iso "$work/out" "$shim" "$grub"
	else
		grub_image "$work/g.efi" 5
		iso "$work/out" "$work/g.efi" "$grub"
	fi
	;;
unsigned.iso)
	grub_image "$work/g.efi" 5
	iso "$work/out" "$work/g.efi" "$grub"
	;;
oldsbat.iso)
	grub_image "$work/g.efi" 3
	iso "$work/out" "$shim" "$work/g.efi"
	;;
hybrid.iso) iso "$work/out" "$shim" "$grub" hybrid ;;
*)
	echo "mksbfix: unknown fixture '$name'" >&2
	exit 2
	;;
esac
mv "$work/out" "$out"
echo "$stamp" >"$out.stamp"

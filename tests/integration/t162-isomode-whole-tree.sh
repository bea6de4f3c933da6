#!/bin/sh
# t162-isomode-whole-tree.sh - ISO mode puts every file of the image on
# the stick or refuses before the target exists, with the path and the
# reason: a 70-level tree, a symlink under a path longer than 255 bytes,
# a directory extent past the end, a truncated image, an absurd volume
# size, an El Torito EFI image with a FAT chain loop and with a directory
# loop, a Joliet name with an unpaired surrogate. Trees are built with
# xorriso at test time; sticks are read back with mtools and compared
# with `xorriso -osirrox on -extract`.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-isomode.sh"
t_desc "ISO mode: the whole tree, or a refusal that names what and why"
t_need xorriso mcopy mtype mkfs.fat mmd syslinux python3

stick=$T_TMP/stick.img
base=$T_TMP/base
mkdir -p "$base/isolinux"
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 \
	"$base/isolinux/"
printf 'DEFAULT x\nLABEL x\n KERNEL /vmlinuz\n' >"$base/isolinux/isolinux.cfg"
echo kernel >"$base/vmlinuz"

# mkiso DIR OUT [extra mkisofs options]: a BIOS-bootable ISO of DIR
mkiso()
{
	d=$1 o=$2
	shift 2
	xorriso -as mkisofs -quiet -R -J -joliet-long -V TREE \
		-b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot \
		-boot-load-size 4 -boot-info-table "$@" -o "$o" "$d" 2>/dev/null
}

# refused IMAGE PATTERN: exit 1, PATTERN said, no target file made
refused()
{
	rm -f "$stick"
	"$STICKLER" write "$1" "$stick" --mode iso --yes >"$T_TMP/out" 2>&1
	rc=$?
	cat "$T_TMP/out"
	test $rc = 1 && grep -q -- "$2" "$T_TMP/out" &&
	grep -q "untouched" "$T_TMP/out" && test ! -e "$stick"
}

# written IMAGE: composed and written, the result line says what the tree
# check proved, and mtools reads back what xorriso extracts
written()
{
	rm -f "$stick"
	"$STICKLER" write "$1" "$stick" --mode iso --yes >"$T_TMP/res" 2>&1 &&
	cat "$T_TMP/res" &&
	grep -q "files (.*) as in the image, [0-9]* changed as planned; sectors verified: identical" \
		"$T_TMP/res" &&
	rm -f "$stick" && iso_write "$1" "$stick" && iso_readback "$1" "$stick"
}

t_expect "a 70-level tree: refused, naming the directory too deep" '
	cp -r "$base" "$T_TMP/deep" && p=$T_TMP/deep &&
	for i in $(seq 70); do p=$p/d$i; done && mkdir -p "$p" &&
	echo deep >"$p/f" && mkiso "$T_TMP/deep" "$T_TMP/deep.iso" &&
	refused "$T_TMP/deep.iso" "cannot copy ./d1/d2/.*/d64.: it is nested deeper than 64 directories"
'

t_expect "a symlink under a path longer than 255 bytes is the right copy" '
	cp -r "$base" "$T_TMP/long" &&
	L=$(printf "x%.0s" $(seq 100)) &&
	p=$T_TMP/long/${L}1/${L}2/${L}3 && mkdir -p "$p" "$T_TMP/long/${L}1/${L}2/x" &&
	echo right >"$p/a" && echo wrong >"$T_TMP/long/${L}1/${L}2/x/a" &&
	ln -s a "$p/l" && ln -s ../../../vmlinuz "$p/up" &&
	mkiso "$T_TMP/long" "$T_TMP/long.iso" &&
	written "$T_TMP/long.iso" &&
	test "$(iso_stick_file "$stick" "/${L}1/${L}2/${L}3/l")" = right &&
	test "$(iso_stick_file "$stick" "/${L}1/${L}2/${L}3/up")" = kernel
'

t_expect "a directory whose extent lies past the end: refused" '
	cp -r "$base" "$T_TMP/far" && mkdir "$T_TMP/far/farawaydir" &&
	echo x >"$T_TMP/far/farawaydir/f" &&
	mkiso "$T_TMP/far" "$T_TMP/far.iso" &&
	python3 "$T_TOP/tests/data/mutate-iso-dir.py" "$T_TMP/far.iso" \
		"$T_TMP/far-bad.iso" faraway 0xffffff &&
	refused "$T_TMP/far-bad.iso" "cannot copy ./farawaydir.: its directory extent lies past the end of the image"
'

t_expect "a truncated image: refused during planning" '
	s=$(stat -c %s "$T_TMP/long.iso") &&
	head -c $((s / 2)) "$T_TMP/long.iso" >"$T_TMP/cut.iso" &&
	refused "$T_TMP/cut.iso" "the image is truncated or damaged: its volume descriptor records $s bytes"
'

t_expect "an absurd volume size (0xFFFFFFFF blocks): refused, no huge file" '
	python3 -c "
import struct, sys
d = bytearray(open(sys.argv[1], \"rb\").read())
struct.pack_into(\"<I\", d, 16 * 2048 + 80, 0xffffffff)
struct.pack_into(\">I\", d, 16 * 2048 + 84, 0xffffffff)
open(sys.argv[2], \"wb\").write(d)" "$T_TMP/long.iso" "$T_TMP/huge.iso" &&
	refused "$T_TMP/huge.iso" "its volume descriptor records 8796093020160 bytes"
'

t_random t162-isomode-whole-tree:BOOTX64.EFI 20000 >"$T_TMP/BOOTX64.EFI"
# efi_iso MODE OUT: an ISO whose EFI loader is only inside efi.img
efi_iso()
{
	rm -rf "$T_TMP/efi" && cp -r "$base" "$T_TMP/efi" &&
	mkfs.fat -F 16 -S 512 -s 1 -C "$T_TMP/efi/efi.img" 4200 >/dev/null &&
	mmd -i "$T_TMP/efi/efi.img" ::/EFI ::/EFI/BOOT &&
	mcopy -i "$T_TMP/efi/efi.img" "$T_TMP/BOOTX64.EFI" ::/EFI/BOOT/ &&
	{ test "$1" = good ||
		python3 "$T_TOP/tests/data/mutate-efi-fat.py" \
			"$T_TMP/efi/efi.img" "$1"; } &&
	mkiso "$T_TMP/efi" "$2" -eltorito-alt-boot -e efi.img -no-emul-boot
}

t_expect "a sound EFI image: BOOTX64.EFI on the stick as inside it" '
	efi_iso good "$T_TMP/efi-good.iso" && written "$T_TMP/efi-good.iso" &&
	iso_stick_file "$stick" /EFI/BOOT/BOOTX64.EFI | cmp - "$T_TMP/BOOTX64.EFI"
'

t_expect "an EFI image whose FAT chain loops: refused" '
	efi_iso chain-loop "$T_TMP/efi-chain.iso" &&
	refused "$T_TMP/efi-chain.iso" "the El Torito EFI image ./efi.img. is damaged: FAT chain from cluster [0-9]* loops back"
'

t_expect "an EFI image whose directories loop: refused" '
	efi_iso dir-loop "$T_TMP/efi-dir.iso" &&
	refused "$T_TMP/efi-dir.iso" "the El Torito EFI image ./efi.img. is damaged: the directory ./EFI/BOOT. is a loop"
'

t_expect "a Joliet name with an unpaired surrogate: read back as xorriso reads it" '
	rm -rf "$T_TMP/jol" && cp -r "$base" "$T_TMP/jol" &&
	mkdir "$T_TMP/jol/sub" && echo q >"$T_TMP/jol/sub/qqname.txt" &&
	xorriso -as mkisofs -quiet -J -V JOL -b isolinux/isolinux.bin \
		-c isolinux/boot.cat -no-emul-boot -boot-load-size 4 \
		-boot-info-table -o "$T_TMP/jol.iso" "$T_TMP/jol" 2>/dev/null &&
	python3 -c "
import sys
d = bytearray(open(sys.argv[1], \"rb\").read())
n = \"qqname.txt\".encode(\"utf-16-be\")
i = d.find(n)
assert i > 0
d[i:i + 2] = b\"\\xd8\\x00\"  # a high surrogate with no low one after it
open(sys.argv[2], \"wb\").write(d)" "$T_TMP/jol.iso" "$T_TMP/jbad.iso" &&
	{ written "$T_TMP/jbad.iso" ||
		refused "$T_TMP/jbad.iso" "cannot copy .*: the directory cannot be read"; }
'

t_done

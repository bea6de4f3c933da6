#!/bin/sh
# t141-fat-read.sh - the FAT reader on file systems made by mkfs.fat and
# filled by mcopy (FAT12, FAT16, FAT32, at an offset), and on the El
# Torito EFI image inside Debian's ipxe.iso, read in place.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-fat.sh"
t_desc "FAT reader: mkfs.fat + mcopy images and ipxe.iso's efi.img"
t_need mkfs.fat mcopy mdir xorriso

src=$T_TMP/src
small=$T_TMP/small
export MTOOLS_SKIP_CHECK=1

# mkfs_fill BITS IMAGE OFFSET SIZE_KIB DIR: mkfs.fat at OFFSET, mcopy DIR.
mkfs_fill()
{
	rm -f "$2" && truncate -s $(($3 + $4 * 1024)) "$2" &&
	mkfs.fat -F "$1" --offset $(($3 / 512)) -n "FAT$1 TEST" "$2" "$4" \
		>/dev/null &&
	(cd "$5" && mcopy -s -i "$2@@$3" -- * .[!.]* ::/)
}

# extract_same IMAGE OFFSET DIR: mkfat extract equals DIR.
extract_same()
{
	rm -rf "$T_TMP/x" && mkdir "$T_TMP/x" &&
	"$MKFAT" extract "$1" "$2" "$T_TMP/x" &&
	diff -r "$3" "$T_TMP/x"
}

fat_tree "$src"
mkdir -p "$small/sub" &&
	cp -r "$src/many" "$src/Case" "$src/café.txt" "$src/.hidden" \
		"$src/a long file name with spaces.text" "$src/empty" \
		"$small/" &&
	head -c 200000 "$src/big file.bin" >"$small/sub/part.bin"

t_expect "FAT12 (mkfs.fat, 4 MiB at 0): every file read back" '
	mkfs_fill 12 "$T_TMP/f12.img" 0 4096 "$small" &&
	"$MKFAT" ls "$T_TMP/f12.img" 0 | head -1 | grep "^FAT12 label .FAT12 TEST.$" &&
	extract_same "$T_TMP/f12.img" 0 "$small"
'

t_expect "FAT16 (mkfs.fat, 64 MiB at 1 MiB): every file read back" '
	mkfs_fill 16 "$T_TMP/f16.img" 1048576 65536 "$small" &&
	"$MKFAT" ls "$T_TMP/f16.img" 1M | head -1 | grep "^FAT16 " &&
	extract_same "$T_TMP/f16.img" 1048576 "$small"
'

t_expect "FAT32 (mkfs.fat, 100 MiB at 1 MiB): the hard tree read back" '
	mkfs_fill 32 "$T_TMP/f32.img" 1048576 102400 "$src" &&
	"$MKFAT" ls "$T_TMP/f32.img" 1M | head -1 | grep "^FAT32 label .FAT32 TEST.$" &&
	extract_same "$T_TMP/f32.img" 1048576 "$src"
'

t_expect "paths are found case-insensitively, by long or short name" '
	"$MKFAT" cat "$T_TMP/f32.img" 1M "/DEEP/ER/AND/DEEPER/FILE IN THE DEPTHS.TXT" \
		>"$T_TMP/c1" &&
	cmp "$T_TMP/c1" "$src/deep/er/and/deeper/file in the depths.txt" &&
	short=$(mdir -i "$T_TMP/f32.img@@1M" ::/many | sed -n "s/^\\([A-Z0-9~]*\\) *DAT .*entry number 77.dat$/\\1.DAT/p") &&
	test -n "$short" &&
	"$MKFAT" cat "$T_TMP/f32.img" 1M "many/$short" >"$T_TMP/c2" &&
	cmp "$T_TMP/c2" "$src/many/entry number 77.dat"
'

t_expect "missing paths and directories-as-files are errors" '
	! "$MKFAT" cat "$T_TMP/f32.img" 1M /no/such/file 2>"$T_TMP/err" &&
	grep -q "is not on the FAT" "$T_TMP/err" &&
	! "$MKFAT" cat "$T_TMP/f32.img" 1M /many 2>"$T_TMP/err" &&
	grep -q "is a directory" "$T_TMP/err"
'

iso=/usr/lib/ipxe/ipxe.iso
if test -f "$iso"; then
	t_expect "ipxe.iso: efi.img read in place equals mtools on a copy" '
		lba=$(xorriso -indev "$iso" -report_el_torito plain 2>/dev/null |
		      awk "/El Torito boot img/ && \$7 == \"UEFI\" { print \$NF }") &&
		test -n "$lba" &&
		xorriso -osirrox on -indev "$iso" -extract /efi.img \
			"$T_TMP/efi.img" >/dev/null 2>&1 &&
		mkdir "$T_TMP/efi-mtools" &&
		mcopy -n -s -i "$T_TMP/efi.img" "::/*" "$T_TMP/efi-mtools/" &&
		extract_same "$iso" $((lba * 2048)) "$T_TMP/efi-mtools" &&
		"$MKFAT" ls "$iso" $((lba * 2048)) | grep -i "/efi/boot/bootx64.efi$"
	'
else
	t_skip "ipxe.iso: efi.img read in place" "no /usr/lib/ipxe/ipxe.iso"
fi

t_expect "a buffer that is not FAT is refused with the reason" '
	head -c 65536 /dev/zero >"$T_TMP/zero" &&
	! "$MKFAT" ls "$T_TMP/zero" 0 2>"$T_TMP/err" &&
	grep -q "not a FAT file system: no 55 aa signature" "$T_TMP/err"
'

t_done

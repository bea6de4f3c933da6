#!/bin/sh
# t195-parttable.sh - ISO mode's own MBR and GPT writer, read by sfdisk and
# sgdisk (both CRCs, both headers, the protective MBR).
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-isomode.sh"
t_desc "partition tables stickler builds itself, checked by sfdisk and sgdisk"
t_need xorriso sfdisk sgdisk syslinux

iso=$(iso_fixture isomode-rich.iso)
mbr=$T_TMP/mbr.img
gpt=$T_TMP/gpt.img
big=$T_TMP/big.img

t_expect "MBR: one active FAT32 (LBA) partition from 1 MiB to the end" '
	iso_write "$iso" "$mbr" --size $((96 << 20)) &&
	sfdisk -d "$mbr" >"$T_TMP/mbr.d" &&
	grep -q "^label: dos" "$T_TMP/mbr.d" &&
	grep -Eq "1 : start= *2048, size= *194560, type=c, bootable$" \
		"$T_TMP/mbr.d" &&
	test "$(grep -c " : start=" "$T_TMP/mbr.d")" = 1 &&
	sfdisk --verify "$mbr" >"$T_TMP/mbr.v" 2>&1 &&
	grep -q "No errors detected" "$T_TMP/mbr.v"
'

t_expect "MBR: CHS of the entry as fdisk computes it (0/32/33 start)" '
	dd if="$mbr" bs=1 skip=446 count=16 status=none | od -An -tx1 |
		tr -s " " >"$T_TMP/entry" &&
	grep -q "^ 80 20 21 00 0c " "$T_TMP/entry"
'

t_expect "GPT: sgdisk finds both headers and arrays sound" '
	iso_write "$iso" "$gpt" --gpt --size $((96 << 20)) &&
	sgdisk -v "$gpt" >"$T_TMP/gpt.v" 2>&1 &&
	grep -q "No problems found" "$T_TMP/gpt.v"
'

t_expect "GPT: one EFI System partition, 2048 to the last usable sector" '
	sfdisk -d "$gpt" >"$T_TMP/gpt.d" &&
	grep -q "^first-lba: 34$" "$T_TMP/gpt.d" &&
	grep -q "^last-lba: $((96 * 2048 - 34))$" "$T_TMP/gpt.d" &&
	grep -Eq "1 : start= *2048, size= *$((96 * 2048 - 34 - 2047)), type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=[0-9A-F-]{36}, attrs=\"LegacyBIOSBootable\"$" \
		"$T_TMP/gpt.d" &&
	sgdisk -i 1 "$gpt" >"$T_TMP/gpt.i" &&
	grep -q "^Partition GUID code: C12A7328-F81F-11D2-BA4B-00A0C93EC93B" \
		"$T_TMP/gpt.i"
'

t_expect "GPT: the backup header at the last sector, the array before it" '
	sgdisk -p "$gpt" >"$T_TMP/gpt.p" 2>&1 &&
	! grep -qi "corrupt\|invalid\|problem" "$T_TMP/gpt.p" &&
	dd if="$gpt" bs=512 skip=$((96 * 2048 - 1)) count=1 status=none |
		head -c 8 | grep -q "EFI PART"
'

t_expect "two runs make different disk and partition GUIDs" '
	iso_write "$iso" "$T_TMP/gpt2.img" --gpt --size $((96 << 20)) &&
	sfdisk -d "$T_TMP/gpt2.img" >"$T_TMP/gpt2.d" &&
	a=$(sed -n "s/^label-id: //p" "$T_TMP/gpt.d") &&
	b=$(sed -n "s/^label-id: //p" "$T_TMP/gpt2.d") &&
	test -n "$a" && test "$a" != "$b"
'

t_expect "MBR over 2 TiB stops at the 32-bit sector limit (sparse file)" '
	iso_write "$iso" "$big" --size $((3 << 40)) &&
	sfdisk -d "$big" >"$T_TMP/big.d" 2>/dev/null &&
	grep -Eq "1 : start= *2048, size= *$((0xffffffff - 2047)), type=c" \
		"$T_TMP/big.d"
'

t_done

# SPDX-License-Identifier: GPL-3.0-or-later
# lib-fat.sh - helpers for the FAT tests (t140-t149): a source tree with
# the names FAT makes hard, and a partition cut out of an image for
# fsck.fat (which has no offset option).

MKFAT=$B/tests/tools/mkfat
# mtools turns names into the locale's charset: the non-ASCII names stay
# themselves only in UTF-8 (a normal user's login may have no LANG)
export LC_ALL=C.UTF-8

# fat_tree DIR: long, non-ASCII, case-only-different (in different
# directories), 8.3-colliding names, empty files, a 500-entry directory,
# a file of a few MiB, a deep path. Deterministic content.
fat_tree()
{
	d=$1
	mkdir -p "$d/boot/syslinux" "$d/many" "$d/deep/er/and/deeper" \
		"$d/Case" "$d/case2" "$d/Ünïcödé dir" &&
	echo "upper" >"$d/README.TXT" &&
	echo "lower" >"$d/Case/readme.txt" &&
	echo "mixed" >"$d/case2/ReadMe.Txt" &&
	echo "vmlinuz" >"$d/vmlinuz" &&
	echo "ext lower" >"$d/BOOTX64.efi" &&
	printf 'caf\303\251' >"$d/café.txt" &&
	echo "umlaut" >"$d/über straße.conf" &&
	echo "nihon" >"$d/日本語のファイル名.txt" &&
	echo "a" >"$d/a long file name with spaces.text" &&
	echo "b" >"$d/a long file name with spaces 2.text" &&
	echo "c" >"$d/A Long File Name With Spaces 3.text" &&
	echo "plus" >"$d/x+y=z;[1].txt" &&
	echo "dots" >"$d/archive.tar.gz" &&
	echo "hidden" >"$d/.hidden" &&
	echo "lead" >"$d/ leading space" &&
	echo "$(printf '%0250d' 7)" >"$d/$(printf '%0250d' 7).long" &&
	: >"$d/empty" &&
	: >"$d/Ünïcödé dir/empty too" &&
	echo "DEFAULT linux" >"$d/boot/syslinux/syslinux.cfg" &&
	echo "deep" >"$d/deep/er/and/deeper/file in the depths.txt" &&
	seq 1 420000 | head -c 3000001 >"$d/big file.bin" &&
	i=1 &&
	while test $i -le 500; do
		echo "$i" >"$d/many/entry number $i.dat"
		i=$((i + 1))
	done
}

# fat_part IMAGE OFFSET OUT: copy the partition at OFFSET to OUT.
fat_part()
{
	dd if="$1" of="$3" bs=1M iflag=skip_bytes skip="$2" conv=sparse \
		status=none
}

# fat_fsck PARTITION: fsck.fat -n -v exits 0 and prints nothing beyond
# its usual report (it exits 0 even for boot sector differences, so every
# line is checked against that report); the output stays in
# PARTITION.fsck.
fat_fsck()
{
	fsck.fat -n -v "$1" >"$1.fsck" 2>&1 || {
		cat "$1.fsck"
		return 1
	}
	if grep -vE '^fsck\.fat [0-9.]+ |^Checking (we can access the last sector of the filesystem|for unused clusters\.|free cluster summary\.)$|^Boot sector contents:$|^System ID |^Media byte |^ *[0-9]+ (bytes per logical sector|bytes per cluster|reserved sectors|FATs, 32 bit entries|bytes per FAT \(= [0-9]+ sectors\)|data clusters \([0-9]+ bytes\)|hidden sectors|sectors total)$|^First FAT starts at byte |^Root directory start at cluster 2 \(arbitrary size\)$|^Data area starts at byte |^[0-9]+ sectors/track, [0-9]+ heads$|^Volume (id|label) |: [0-9]+ files, [0-9]+/[0-9]+ clusters$' \
		"$1.fsck"; then
		echo "fsck.fat said more than its clean report (above)"
		return 1
	fi
	return 0
}

# fat_mcopy_same IMAGE OFFSET SRC: mtools reads back SRC byte for byte.
fat_mcopy_same()
{
	out=$(mktemp -d "$T_TMP/mcopy.XXXXXX") &&
	MTOOLS_SKIP_CHECK=1 mcopy -n -s -i "$1@@$2" '::/*' "$out/" &&
	diff -r "$3" "$out"
}

#!/bin/sh
# t140-fat-build.sh - stickler's FAT32 builder checked by tools nobody here
# wrote: fsck.fat finds nothing, mdir shows the long names, mcopy reads
# every file back byte for byte.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-fat.sh"
t_desc "FAT32 builder: fsck.fat clean, mtools reads back every file"
t_need fsck.fat mdir mcopy

src=$T_TMP/src
img=$T_TMP/stick.img
off=1048576

t_expect "a tree with hard names is built at 1 MiB" '
	fat_tree "$src" &&
	"$MKFAT" build -v -l "STICKLER" -s 0x5eed1234 "$img" $off 96M "$src" \
		>"$T_TMP/layout" &&
	grep "^sector 512 cluster 512 " "$T_TMP/layout"
'

t_expect "fsck.fat -n -v: clean, backup boot sector identical" '
	fat_part "$img" $off "$T_TMP/part" &&
	fat_fsck "$T_TMP/part" &&
	grep -q "2 FATs, 32 bit entries" "$T_TMP/part.fsck" &&
	grep -q "Data area starts at byte 2097152" "$T_TMP/part.fsck"
'

# fsck.fat counts the volume label as a file
t_expect "fatlabel (dosfstools) reads the label" '
	test "$(fatlabel "$T_TMP/part")" = STICKLER
'

t_expect "modification times are stored (UTC, two-second steps)" '
	mkdir "$T_TMP/times" && echo t >"$T_TMP/times/stamped.txt" &&
	mkdir "$T_TMP/times/dir" &&
	TZ=UTC touch -d "2001-02-03 04:05:07" "$T_TMP/times/stamped.txt" &&
	TZ=UTC touch -d "2019-12-31 23:59:58" "$T_TMP/times/dir" &&
	"$MKFAT" build "$T_TMP/times.img" 0 64M "$T_TMP/times" &&
	MTOOLS_SKIP_CHECK=1 mdir -i "$T_TMP/times.img" ::/ >"$T_TMP/tl" &&
	grep -E "^stamped +txt +2 2001-02-03 +4:05 " "$T_TMP/tl" &&
	grep -E "^dir +<DIR> +2019-12-31 +23:59 " "$T_TMP/tl" &&
	"$MKFAT" ls "$T_TMP/times.img" 0 >"$T_TMP/tr" &&
	grep " 2001-02-03T04:05:06 stamped.txt  /stamped.txt$" "$T_TMP/tr" &&
	grep " 2019-12-31T23:59:58 dir          /dir$" "$T_TMP/tr"
'

t_expect "fsck.fat counts every file and the used clusters" '
	files=$(($(find "$src" -mindepth 1 | wc -l) + 1)) &&
	used=$(($(sed -n "s/.* next \([0-9]*\) .*/\1/p" "$T_TMP/layout") - 2)) &&
	grep ": $files files, $used/" "$T_TMP/part.fsck"
'

t_expect "mdir shows the label, long and non-ASCII names" '
	MTOOLS_SKIP_CHECK=1 mdir -/ -a -i "$img@@$off" ::/ >"$T_TMP/mdir" &&
	grep -q "Volume in drive : is STICKLER" "$T_TMP/mdir" &&
	grep -q "Serial Number is 5EED-1234" "$T_TMP/mdir" &&
	grep -q "a long file name with spaces.text" "$T_TMP/mdir" &&
	grep -q "日本語のファイル名.txt" "$T_TMP/mdir" &&
	grep -q "über straße.conf" "$T_TMP/mdir" &&
	grep -q "^ALONGF~1 TEX" "$T_TMP/mdir" &&
	grep -q "^ALONGF~2 TEX" "$T_TMP/mdir" &&
	grep -q "^ALONGF~3 TEX" "$T_TMP/mdir"
'

t_expect "a lower-case 8.3 name is stored with case bits, no LFN" '
	MTOOLS_SKIP_CHECK=1 mdir -a -i "$img@@$off" ::/Case >"$T_TMP/case" &&
	grep -E "^readme +txt +6 " "$T_TMP/case" &&
	MTOOLS_SKIP_CHECK=1 mdir -a -i "$img@@$off" ::/ | grep -E "^vmlinuz "
'

t_expect "the 500-entry directory spans clusters and lists 500 files" '
	MTOOLS_SKIP_CHECK=1 mdir -a -i "$img@@$off" ::/many >"$T_TMP/many" &&
	grep -q "^ *502 files" "$T_TMP/many" &&
	grep -q "entry number 500.dat" "$T_TMP/many"
'

t_expect "mcopy reads back every file byte-identical" '
	fat_mcopy_same "$img" $off "$src"
'

t_expect "files lie in the order given, one after the other" '
	awk "/^file /{ if (prev && \$2 < prev) exit 1; prev = \$2 + \$3 }" \
		"$T_TMP/layout"
'

# The map writes only the must-write regions and the file extents onto a
# stick full of old data: nothing else may matter.
t_expect "regions plus file extents alone make a clean file system" '
	head -c $((off + 96 * 1048576)) /dev/zero | tr "\000" "\252" \
		>"$T_TMP/old" &&
	awk "/^region/{ print \$3, \$4 } /^file/{ print \$2, \$3 }" \
		"$T_TMP/layout" >"$T_TMP/extents" &&
	"$MKFAT" overlay "$img" "$T_TMP/old" <"$T_TMP/extents" &&
	fat_part "$T_TMP/old" $off "$T_TMP/oldpart" &&
	fat_fsck "$T_TMP/oldpart" &&
	fat_mcopy_same "$T_TMP/old" $off "$src"
'

t_expect "small files handed over in memory come out the same" '
	"$MKFAT" build -m -l MEM "$T_TMP/mem.img" $off 64M "$src" &&
	fat_part "$T_TMP/mem.img" $off "$T_TMP/mempart" &&
	fat_fsck "$T_TMP/mempart" &&
	fat_mcopy_same "$T_TMP/mem.img" $off "$src"
'

# mtools shows characters beyond U+FFFF as "_"; fsck.fat shows the
# surrogate pair it finds in the LFN entries.
t_expect "a name beyond the BMP is stored as a UTF-16 surrogate pair" '
	mkdir "$T_TMP/emoji" && echo emoji >"$T_TMP/emoji/smile 😀.txt" &&
	"$MKFAT" build "$T_TMP/emoji.img" 0 64M "$T_TMP/emoji" &&
	fat_fsck "$T_TMP/emoji.img" &&
	fsck.fat -n -l "$T_TMP/emoji.img" | grep -F "(SMILE_~1.TXT)" &&
	"$MKFAT" ls "$T_TMP/emoji.img" 0 | grep -F "/smile 😀.txt"
'

t_expect "4096-byte sectors: fsck.fat and mcopy agree" '
	"$MKFAT" build -S 4096 -l K4 "$T_TMP/4k.img" $off 300M "$src" &&
	fat_part "$T_TMP/4k.img" $off "$T_TMP/4kpart" &&
	fat_fsck "$T_TMP/4kpart" &&
	grep -q "4096 bytes per logical sector" "$T_TMP/4kpart.fsck" &&
	fat_mcopy_same "$T_TMP/4k.img" $off "$src"
'

t_done

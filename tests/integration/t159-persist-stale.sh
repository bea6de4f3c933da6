#!/bin/sh
# t159-persist-stale.sh - a stick's old contents never show through the
# new ext4: a target full of 0xff bytes and old signatures is written
# with persistence, and e2fsck (which reads every group descriptor,
# bitmap, inode table in use and the journal) still finds it clean, and
# the partition's first MiB holds no old byte where a stick written
# clean holds zeros.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-isomode.sh"
. "$T_TOP/tests/lib-live.sh"
t_desc "persistence over a used stick: no stale byte reaches the ext4"
t_need xorriso sfdisk syslinux e2fsck mkfs.ext4 debugfs

iso=$(t_fakelive fake-live.iso)
stick=$T_TMP/stick.img
size=$((192 << 20))

t_expect "a used stick: 0xff everywhere, an old ext4 over the end" '
	head -c $size /dev/zero | tr "\000" "\377" >"$stick" &&
	mkfs.ext4 -q -F -L oldfs -E offset=$((96 << 20)) "$stick" 96M
'

t_expect "write with the rest as persistence" '
	iso_write "$iso" "$stick" --size $size --persistence rest &&
	test "$(stat -c %s "$stick")" = $size
'

t_expect "e2fsck -f finds the new ext4 clean, with its own label" '
	e="$stick?offset=$(t_part_offset "$stick" 2)" &&
	e2fsck -fn "$e" >"$T_TMP/fsck" 2>&1 || { cat "$T_TMP/fsck"; false; }
	dumpe2fs -h "$e" 2>/dev/null |
		grep -q "^Filesystem volume name: *persistence$"
'

t_expect "the first MiB as on a clean stick: no 0xff where it has 00" '
	clean=$T_TMP/clean.img &&
	iso_write "$iso" "$clean" --size $size --persistence rest &&
	off=$(t_part_offset "$stick" 2) &&
	test "$(t_part_offset "$clean" 2)" = "$off" &&
	dd if="$stick" bs=1M skip=$((off >> 20)) count=1 status=none \
		>"$T_TMP/a" &&
	dd if="$clean" bs=1M skip=$((off >> 20)) count=1 status=none \
		>"$T_TMP/b" &&
	n=$(cmp -l "$T_TMP/a" "$T_TMP/b" | awk "\$2 == 377 && \$3 == 0" |
		wc -l) &&
	echo "stale 0xff bytes: $n" && test "$n" = 0
'

t_expect "the journal as on a clean stick: no 0xff where it has 00" '
	e="$stick?offset=$(t_part_offset "$stick" 2)" &&
	debugfs -R "stat <8>" "$e" 2>/dev/null >"$T_TMP/j" &&
	ext=$(sed -n "s/.*(0-\([0-9]*\)):\([0-9]*\)-\([0-9]*\).*/\2 \3/p" \
		"$T_TMP/j" | head -n 1) &&
	test -n "$ext" &&
	set -- $ext &&
	o=$(($(t_part_offset "$stick" 2) / 4096 + $1)) &&
	dd if="$stick" bs=4096 skip=$o count=$(($2 - $1 + 1)) status=none \
		>"$T_TMP/a" &&
	dd if="$T_TMP/clean.img" bs=4096 skip=$o count=$(($2 - $1 + 1)) \
		status=none >"$T_TMP/b" &&
	n=$(cmp -l "$T_TMP/a" "$T_TMP/b" | awk "\$2 == 377 && \$3 == 0" |
		wc -l) &&
	echo "stale 0xff bytes in the journal: $n" && test "$n" = 0
'

t_done

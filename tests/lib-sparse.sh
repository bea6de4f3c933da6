# SPDX-License-Identifier: GPL-3.0-or-later
# lib-sparse.sh - helpers for the sparse-write tests (t19x, t29x): ext4
# images with data made by mkfs.ext4 -d, their bmaps made by bmaptool, and
# a byte-range check of a target against the image and its old contents.
# Source after tests/lib.sh.

MiB=1048576

# sparse_ext4 IMAGE MIB DATA_MIB: an ext4 image of MIB MiB holding
# DATA_MIB MiB of seeded pseudo-random files, and IMAGE.bmap (bmaptool).
sparse_ext4()
{
	rm -rf "$T_TMP/tree" && mkdir -p "$T_TMP/tree/d" &&
	i=0 && while test $i -lt "$3"; do
		openssl enc -aes-128-ctr -nosalt -pass pass:"stk$i" \
			</dev/zero 2>/dev/null |
			head -c $MiB >"$T_TMP/tree/d/f$i" || return 1
		i=$((i + 1))
	done &&
	rm -f "$1" && truncate -s $(($2 * MiB)) "$1" &&
	mkfs.ext4 -q -F -E lazy_itable_init=1,nodiscard -d "$T_TMP/tree" \
		"$1" >/dev/null 2>&1 &&
	bmaptool -q create "$1" -o "$1.bmap"
}

# prefill FILE MIB: MIB MiB of a seeded pattern that no image here holds.
prefill()
{
	openssl enc -aes-128-ctr -nosalt -pass pass:old-stick </dev/zero \
		2>/dev/null | head -c $(($2 * MiB)) >"$1"
}

# same A B OFF LEN: bytes [OFF, OFF+LEN) of A and B are equal.
same()
{
	test "$4" -le 0 || cmp -s -i "$3:$3" -n "$4" "$1" "$2"
}

# sparse_check IMAGE BMAP TARGET OLD: the target holds the image in every
# range the bmap maps and in the first and last MiB, and its old bytes
# (OLD, a copy of it before the write) everywhere else.
sparse_check()
{
	size=$(stat -c %s "$1")
	bs=$(sed -n 's/.*<BlockSize> *\([0-9]*\) *<.*/\1/p' "$2")
	head_end=$MiB tail=$((size - MiB)) pos=0
	same "$1" "$3" 0 $MiB && same "$1" "$3" $tail $MiB || {
		echo "the first or last MiB is not the image's"
		return 1
	}
	sed -n 's/.*<Range[^>]*> *\([0-9]*\) *-\{0,1\} *\([0-9]*\) *<\/Range>.*/\1 \2/p' \
		"$2" >"$T_TMP/ranges"
	echo "$((size / bs)) $((size / bs))" >>"$T_TMP/ranges"
	while read -r a b; do
		test -n "$b" || b=$a
		# the gap [pos, a) keeps the old data, edges aside
		g0=$((pos * bs)) g1=$((a * bs))
		test $g0 -ge $head_end || g0=$head_end
		test $g1 -le $tail || g1=$tail
		if test $g1 -gt $g0 && ! same "$4" "$3" $g0 $((g1 - g0)); then
			echo "unmapped bytes $g0-$g1 changed"
			return 1
		fi
		r1=$(((b + 1) * bs))
		test $r1 -le "$size" || r1=$size
		if test $a -lt $((size / bs)) &&
			! same "$1" "$3" $((a * bs)) $((r1 - a * bs)); then
			echo "mapped blocks $a-$b differ from the image"
			return 1
		fi
		pos=$((b + 1))
	done <"$T_TMP/ranges"
}

# typed_write IMAGE TARGET [OPTIONS]: write with the plan shown and the
# target's name typed on a terminal (script(1)); all output in $T_TMP/out.
typed_write()
{
	_i=$1 _t=$2
	shift 2
	basename "$_t" | script -qec "\"$STICKLER\" write \"$_i\" \"$_t\" \
		--mode raw $*" /dev/null | tr -d "\r" >"$T_TMP/out"
	grep -q "verified: identical" "$T_TMP/out"
}

#!/bin/sh
# t290-bmap-loop.sh - a sparse write to a loop device, with bmaptool copy
# to a second one as the peer: both leave unmapped blocks as they were,
# and the device's own counters show only the mapped bytes were sent.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-sparse.sh"
t_desc "bmap writes to loop devices match bmaptool copy"
t_need_root
t_need bmaptool mkfs.ext4 openssl

img=$T_TMP/disk.img
old=$T_TMP/old

t_expect "an ext4 image of 128 MiB with 12 MiB of files, and its bmap" '
	sparse_ext4 "$img" 128 12 && prefill "$old" 128
'

a_back=$T_TMP/a.back
b_back=$T_TMP/b.back
cp "$old" "$a_back" 2>/dev/null
cp "$old" "$b_back" 2>/dev/null
a=$(t_loop_attach "$a_back" --direct-io=on)
b=$(t_loop_attach "$b_back" --direct-io=on)

# sectors_written DEV: field 7 of the block layer's stat
sectors_written() { awk '{ print $7 }' "/sys/block/${1#/dev/}/stat"; }

t_expect "stickler writes the mapped ranges, the rest keeps the old data" '
	w0=$(sectors_written "$a") &&
	"$STICKLER" write "$img" "$a" --mode raw --any-device --yes \
		>"$T_TMP/out" 2>&1 &&
	w1=$(sectors_written "$a") &&
	echo $(((w1 - w0) * 512)) >"$T_TMP/sent" &&
	grep -q "verified: identical" "$T_TMP/out" &&
	cat "$a" >"$T_TMP/a.img" &&
	sparse_check "$img" "$img.bmap" "$T_TMP/a.img" "$old"
'

t_expect "at most the mapped bytes, the two edge MiBs and 10% were sent" '
	blocks=$(sed -n "s/.*<MappedBlocksCount> *\([0-9]*\).*/\1/p" \
		"$img.bmap") &&
	limit=$(( (blocks * 4096 + 2 * MiB) * 11 / 10 )) &&
	test "$(cat "$T_TMP/sent")" -le "$limit" || {
		echo "sent $(cat "$T_TMP/sent") bytes, limit $limit"
		false
	}
'

# bmaptool writes mapped blocks only; stickler the edge MiBs too
t_expect "bmaptool copy to a pre-filled device: the same bytes between the edges" '
	bmaptool -q copy --bmap "$img.bmap" "$img" "$b" &&
	cat "$b" >"$T_TMP/b.img" &&
	same "$T_TMP/a.img" "$T_TMP/b.img" $MiB $((126 * MiB)) &&
	! same "$old" "$T_TMP/b.img" $MiB $((126 * MiB))
'

t_done

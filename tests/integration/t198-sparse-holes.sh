#!/bin/sh
# t198-sparse-holes.sh - --sparse without a bmap: holes (SEEK_DATA) and
# all-zero MiBs are not written, the first and last MiB always are.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-sparse.sh"
t_desc "--sparse skips holes and all-zero MiBs of a plain image"
t_need openssl zstd

img=$T_TMP/holes.img
flat=$T_TMP/flat.img
tgt=$T_TMP/stick
old=$T_TMP/old

# data in MiB 3, 10 and 11 (and zeros in MiB 0 and 31, which go anyway)
t_expect "a 32 MiB sparse image with data in MiB 3, 10 and 11" '
	rm -f "$img" && truncate -s $((32 * MiB)) "$img" &&
	prefill "$T_TMP/data" 3 &&
	dd if="$T_TMP/data" of="$img" bs=1M count=1 seek=3 conv=notrunc \
		status=none &&
	dd if="$T_TMP/data" of="$img" bs=1M skip=1 count=2 seek=10 \
		conv=notrunc status=none &&
	cp --sparse=never "$img" "$flat" &&
	prefill "$tgt" 32 && cp "$tgt" "$old"
'

# check_mibs TARGET: which MiBs hold the image (i) and which the old data (o)
check_mibs()
{
	m=0 got=
	while test $m -lt 32; do
		if same "$img" "$1" $((m * MiB)) $MiB; then got="${got}i"
		elif same "$old" "$1" $((m * MiB)) $MiB; then got="${got}o"
		else got="${got}?"; fi
		m=$((m + 1))
	done
	test "$got" = "iooiooooooiioooooooooooooooooooi" || {
		echo "MiBs: $got"
		return 1
	}
}

t_expect "holes: only MiB 0, 3, 10, 11 and 31 change" '
	typed_write "$img" "$tgt" --sparse &&
	grep -q "sparse (--sparse): of .* of data ranges in 32.0 MiB, all-zero MiBs are not written either" \
		"$T_TMP/out" &&
	grep -q "^wrote 5.0 MiB of 32.0 MiB" "$T_TMP/out" &&
	check_mibs "$tgt"
'

t_expect "a file without holes: its all-zero MiBs are skipped the same way" '
	cp "$old" "$tgt" &&
	"$STICKLER" write "$flat" "$tgt" --mode raw --yes --sparse \
		>"$T_TMP/out" 2>&1 &&
	grep -q "^wrote 5.0 MiB of 32.0 MiB" "$T_TMP/out" &&
	check_mibs "$tgt"
'

t_expect "a zstd stream (no holes to see): zero MiBs skipped too" '
	zstd -q -c "$flat" >"$T_TMP/flat.img.zst" && cp "$old" "$tgt" &&
	"$STICKLER" write "$T_TMP/flat.img.zst" "$tgt" --mode raw --yes \
		--sparse >"$T_TMP/out" 2>&1 &&
	check_mibs "$tgt"
'

t_expect "without --sparse every byte is written" '
	cp "$old" "$tgt" &&
	"$STICKLER" write "$img" "$tgt" --mode raw --yes >"$T_TMP/out" 2>&1 &&
	cmp "$img" "$tgt"
'

t_done

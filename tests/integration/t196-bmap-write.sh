#!/bin/sh
# t196-bmap-write.sh - a raw write with a bmap (bmaptool's own) writes the
# mapped ranges and the edges, and leaves the rest of the target as it was.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-sparse.sh"
t_desc "sparse raw writes from a bmap made by bmaptool"
t_need bmaptool mkfs.ext4 openssl script zstd

img=$T_TMP/disk.img
tgt=$T_TMP/stick
old=$T_TMP/old

t_expect "an ext4 image of 64 MiB with 6 MiB of files, and its bmap" '
	sparse_ext4 "$img" 64 6 &&
	grep -q "<ChecksumType> sha256 </ChecksumType>" "$img.bmap"
'

t_expect "IMAGE.bmap is found and the plan says what is written" '
	prefill "$tgt" 64 && cp "$tgt" "$old" &&
	typed_write "$img" "$tgt" &&
	grep -q "sparse: only the .* of 64.0 MiB that the bmap .*disk.img.bmap. maps are written and verified (sha256 checksums checked while reading)" \
		"$T_TMP/out" &&
	grep -q "verified: identical" "$T_TMP/out" &&
	grep -Eq "^wrote [0-9.]+ MiB of 64.0 MiB: the image marks the rest as unused, and the stick keeps its old data there$" \
		"$T_TMP/out"
'

t_expect "mapped ranges and edges hold the image, the rest the old bytes" '
	sparse_check "$img" "$img.bmap" "$tgt" "$old"
'

t_expect "far less than the image was written" '
	w=$(sed -n "s/^written \([0-9]*\) bytes.*/\1/p" "$T_TMP/out") &&
	test "$w" -lt $((16 * MiB))
'

t_expect "bmaptool copies the stick back with every range checksum right" '
	bmaptool -q copy --bmap "$img.bmap" "$tgt" "$T_TMP/copy" &&
	sparse_check "$img" "$img.bmap" "$T_TMP/copy" "$T_TMP/copy" &&
	rm -f "$T_TMP/copy"
'

t_expect "IMAGE with its extension replaced: disk.bmap beside disk.img" '
	mv "$img.bmap" "$T_TMP/disk.bmap" &&
	cp "$old" "$tgt" &&
	typed_write "$img" "$tgt" &&
	grep -q "bmap .*disk.bmap. maps" "$T_TMP/out" &&
	sparse_check "$img" "$T_TMP/disk.bmap" "$tgt" "$old"
'

t_expect "--bmap FILE names one kept elsewhere" '
	mkdir -p "$T_TMP/maps" && mv "$T_TMP/disk.bmap" "$T_TMP/maps/x.bmap" &&
	cp "$old" "$tgt" &&
	typed_write "$img" "$tgt" --bmap "$T_TMP/maps/x.bmap" &&
	grep -q "bmap .*maps/x.bmap. maps" "$T_TMP/out" &&
	sparse_check "$img" "$T_TMP/maps/x.bmap" "$tgt" "$old"
'

t_expect "--no-bmap writes the whole image" '
	cp "$T_TMP/maps/x.bmap" "$img.bmap" && cp "$old" "$tgt" &&
	"$STICKLER" write "$img" "$tgt" --mode raw --yes --no-bmap \
		>"$T_TMP/out" 2>&1 &&
	! grep -q "sparse" "$T_TMP/out" &&
	cmp "$img" "$tgt"
'

t_expect "a zstd image with the bmap of its contents streams through" '
	zstd -q -1 -c "$img" >"$T_TMP/z.img.zst" &&
	cp "$img.bmap" "$T_TMP/z.img.bmap" && cp "$old" "$tgt" &&
	typed_write "$T_TMP/z.img.zst" "$tgt" &&
	grep -q "bmap .*z.img.bmap. maps" "$T_TMP/out" &&
	sparse_check "$img" "$img.bmap" "$tgt" "$old"
'

t_done

#!/bin/sh
# t197-bmap-refuse.sh - a bmap that does not fit the image stops the write:
# a range checksum that does not match names the range, a bmap for another
# image or a damaged one is refused before anything is written; the
# fuzz corpus of the parser replays (tests/tools/stk-fuzzrun.c).
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-sparse.sh"
t_desc "bmaps that do not match the image are refused"
t_need bmaptool mkfs.ext4 openssl

img=$T_TMP/disk.img
tgt=$T_TMP/stick
old=$T_TMP/old

t_expect "an ext4 image, its bmap, a pre-filled target" '
	sparse_ext4 "$img" 64 4 && prefill "$tgt" 64 && cp "$tgt" "$old"
'

t_expect "a changed byte in a mapped range stops the write naming it" '
	r=$(sed -n "s/.*<Range[^>]*> *\([0-9]*\)-\([0-9]*\) *<.*/\1 \2/p" \
		"$img.bmap" | awk "\$1 >= 512 { print; exit }") &&
	a=${r% *} && b=${r#* } &&
	printf "\377" | dd of="$img" bs=1 seek=$((a * 4096 + 5)) \
		conv=notrunc status=none &&
	! "$STICKLER" write "$img" "$tgt" --mode raw --yes >"$T_TMP/out" 2>&1 &&
	grep -q "the image does not match the bmap .*disk.img.bmap.: blocks $a-$b (bytes $((a * 4096))-$(((b + 1) * 4096 - 1))) have another sha256 checksum than it records" \
		"$T_TMP/out"
'

# the old tables (first and last 8 KiB) are wiped before any range
t_expect "... before the first MiB: the target says so and will not boot" '
	grep -q "its first MiB was not written" "$T_TMP/out" &&
	cmp -n 8192 /dev/zero "$tgt" &&
	cmp -i 8192:8192 -n $((MiB - 8192)) "$old" "$tgt"
'

t_expect "a bmap for another image (its size) is refused, target untouched" '
	cp "$old" "$tgt" &&
	sparse_ext4 "$T_TMP/other.img" 32 1 &&
	! "$STICKLER" write "$img" "$tgt" --mode raw --yes \
		--bmap "$T_TMP/other.img.bmap" >"$T_TMP/out" 2>&1 &&
	grep -q "the bmap .*other.img.bmap. is for another image: it describes 33554432 bytes (32.0 MiB), .*disk.img. has 67108864 (64.0 MiB); use --no-bmap" \
		"$T_TMP/out" &&
	grep -q "untouched" "$T_TMP/out" &&
	cmp "$old" "$tgt"
'

t_expect "a bmap edited after bmaptool made it fails its own checksum" '
	sed "s/<MappedBlocksCount> /<MappedBlocksCount>  /" "$img.bmap" \
		>"$T_TMP/edited.bmap" &&
	! cmp -s "$img.bmap" "$T_TMP/edited.bmap" &&
	! "$STICKLER" write "$img" "$tgt" --mode raw --yes \
		--bmap "$T_TMP/edited.bmap" >"$T_TMP/out" 2>&1 &&
	grep -q "the bmap .*edited.bmap. is damaged: its own sha256 checksum does not match its text" \
		"$T_TMP/out" &&
	cmp "$old" "$tgt"
'

t_expect "a cut-off bmap is refused with the reason" '
	head -c 2000 "$img.bmap" >"$T_TMP/cut.bmap" &&
	! "$STICKLER" write "$img" "$tgt" --mode raw --yes \
		--bmap "$T_TMP/cut.bmap" >"$T_TMP/out" 2>&1 &&
	grep -q "the bmap .*cut.bmap. is not usable: " "$T_TMP/out" &&
	cmp "$old" "$tgt"
'

t_expect "--bmap and --no-bmap together, or --bmap in ISO mode: refused" '
	! "$STICKLER" write "$img" "$tgt" --mode raw --yes --no-bmap \
		--bmap "$img.bmap" >"$T_TMP/out" 2>&1 &&
	grep -q "contradict" "$T_TMP/out" &&
	! "$STICKLER" write "$img" "$tgt" --mode iso --yes \
		--bmap "$img.bmap" >"$T_TMP/out" 2>&1 &&
	cmp "$old" "$tgt"
'

t_expect "every input the bmap fuzzer kept parses or is refused cleanly" '
	n=$(ls "$T_TOP"/tests/fuzz/corpus-fuzz-bmap | wc -l) &&
	test "$n" -gt 5 &&
	"$B/tests/tools/stk-fuzzrun" "$T_TOP"/tests/fuzz/corpus-fuzz-bmap/* \
		>"$T_TMP/out" &&
	test "$(grep -c "^ok " "$T_TMP/out")" = "$n"
'

t_done

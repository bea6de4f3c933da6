#!/bin/sh
# t183-read-bmap.sh - `stickler read --bmap`: the bmap beside OUT is the
# one bmaptool reads (found by `bmaptool copy` itself, its own checksum
# and every range's checked by it), it maps exactly the blocks that hold
# data, a compressed OUT gets OUT.bmap without the suffix, and a changed
# image or bmap is caught by bmaptool.
. "$(dirname "$0")/../lib.sh"
t_desc "read --bmap: a bmap that bmaptool copy accepts and checks"
t_need bmaptool sfdisk zstd

src=$T_TMP/src.img
# a GPT disk of 20 MiB whose only data are the tables, five random blocks
# at block 300 and one byte inside the first partition
t_expect "make the source" '
	truncate -s 20M "$src" &&
	printf "label: gpt\nstart=2048, size=8192\nstart=10240, size=8192\n" |
		sfdisk -q "$src" &&
	dd if=/dev/urandom of="$src" bs=4096 seek=300 count=5 conv=notrunc 2>/dev/null &&
	printf x | dd of="$src" bs=1 seek=$((2048 * 512 + 100)) conv=notrunc 2>/dev/null
'

t_expect "OUT.bmap is written and bmaptool copy finds and follows it" '
	"$STICKLER" read "$src" "$T_TMP/out.img" --bmap >"$T_TMP/o" 2>&1 &&
	test -s "$T_TMP/out.img.bmap" &&
	grep -q "bmap .*out.img.bmap.: 36864 of 20971520 bytes mapped" "$T_TMP/o" &&
	bmaptool copy "$T_TMP/out.img" "$T_TMP/copy.img" 2>"$T_TMP/b" &&
	grep -q "discovered bmap file" "$T_TMP/b" &&
	grep -q "mapped 9 blocks" "$T_TMP/b" &&
	cmp "$T_TMP/copy.img" "$src"
'

t_expect "the ranges are the blocks that hold data: 0, 256, 300-304 and the backup GPT" '
	grep -o "> [0-9-]* </Range>" "$T_TMP/out.img.bmap" | tr -d "<>/Range " |
		tr "\n" " " >"$T_TMP/r" &&
	test "$(cat "$T_TMP/r")" = "0 256 300-304 5115 5119 "
'

t_expect "a compressed OUT: OUT.bmap without .zst, and bmaptool copies through it" '
	"$STICKLER" read "$src" "$T_TMP/z.img.zst" --bmap >/dev/null 2>&1 &&
	test -s "$T_TMP/z.img.bmap" && ! test -e "$T_TMP/z.img.zst.bmap" &&
	bmaptool copy "$T_TMP/z.img.zst" "$T_TMP/zcopy.img" 2>"$T_TMP/b" &&
	grep -q "using bmap file .*z.img.bmap" "$T_TMP/b" &&
	cmp "$T_TMP/zcopy.img" "$src"
'

t_expect "bmaptool catches a changed block and a changed bmap" '
	cp "$T_TMP/out.img" "$T_TMP/bad.img" &&
	cp "$T_TMP/out.img.bmap" "$T_TMP/bad.img.bmap" &&
	printf Q | dd of="$T_TMP/bad.img" bs=1 seek=$((300 * 4096 + 7)) conv=notrunc 2>/dev/null &&
	! bmaptool copy "$T_TMP/bad.img" "$T_TMP/c2.img" 2>"$T_TMP/b" &&
	grep -q "checksum mismatch for blocks range 300-304" "$T_TMP/b" &&
	sed "s/block map of an image/block map of a picture/" "$T_TMP/out.img.bmap" \
		>"$T_TMP/edited.bmap" &&
	! bmaptool copy --bmap "$T_TMP/edited.bmap" "$T_TMP/out.img" "$T_TMP/c3.img" 2>"$T_TMP/b" &&
	grep -q "checksum mismatch for bmap file" "$T_TMP/b"
'

t_expect "refused: a bmap for standard output, an existing bmap without --force" '
	! "$STICKLER" read "$src" - --bmap >/dev/null 2>"$T_TMP/e" &&
	grep -q "a bmap needs OUT to be a file, not standard output; nothing read" "$T_TMP/e" &&
	rm -f "$T_TMP/out.img" &&
	! "$STICKLER" read "$src" "$T_TMP/out.img" --bmap 2>"$T_TMP/e" &&
	grep -q "out.img.bmap. exists (--force replaces it); nothing read" "$T_TMP/e" &&
	! test -e "$T_TMP/out.img"
'

t_done

#!/bin/sh
# t127-compressed-facts.sh - what a report says of a compressed image: the
# GPT read from the decompressed data, "not read" for what needs the tree,
# the unpacked size or "unknown", and ISO mode asks to decompress first.
. "$(dirname "$0")/../lib.sh"
t_desc "compressed images: GPT from the stream, not read, unknown size"
t_need xorriso jq xz gzip

gpt=$(t_fixture isohybrid-uefi.iso)
xz -c "$gpt" >"$T_TMP/g.iso.xz"
gzip -c "$gpt" >"$T_TMP/g.iso.gz"

t_expect "the plain image has a GPT (the fixture is what the test needs)" '
	"$STICKLER" probe --json "$gpt" | jq -e ".gpt.present" >/dev/null
'

for c in xz gz; do
	t_expect "$c: the GPT is read from the decompressed data" '
		"$STICKLER" probe --json "$gpt" | jq -S .gpt >"$T_TMP/plain" &&
		"$STICKLER" probe --json "$T_TMP/g.iso.$c" | jq -S .gpt \
			>"$T_TMP/packed" &&
		diff -u "$T_TMP/plain" "$T_TMP/packed"
	'
	t_expect "$c: what needs the tree says not read" '
		"$STICKLER" probe "$T_TMP/g.iso.$c" >"$T_TMP/t" &&
		grep -q "Rock Ridge not read" "$T_TMP/t" &&
		grep -q "^Loaders  *not read" "$T_TMP/t" &&
		grep -q "^FAT32 fitness  *not read" "$T_TMP/t" &&
		! grep -q "CRC" "$T_TMP/t" &&
		"$STICKLER" probe --json "$T_TMP/g.iso.$c" |
			jq -e ".iso9660.rock_ridge == null and .loaders == null and .fat32 == null" >/dev/null
	'
done

t_expect "the size: unpacked where xz records it, unknown for gzip" '
	size=$(stat -c %s "$gpt") &&
	"$STICKLER" probe "$T_TMP/g.iso.xz" |
		grep -q "decompressed  *2.0 MiB ($size bytes)" &&
	"$STICKLER" probe "$T_TMP/g.iso.gz" |
		grep -q "decompressed  *unknown"
'

t_expect "an xz-compressed GPT hybrid is written, and equals the image" '
	"$STICKLER" write "$T_TMP/g.iso.xz" "$T_TMP/out.img" --yes \
		>/dev/null 2>&1 &&
	xz -dc "$T_TMP/g.iso.xz" | cmp - "$T_TMP/out.img"
'

t_expect "ISO mode of a compressed image says: decompress it first" '
	! "$STICKLER" write "$T_TMP/g.iso.gz" "$T_TMP/iso.img" --mode iso \
		--size 100M --yes >/dev/null 2>"$T_TMP/err" &&
	grep -q "decompress it first" "$T_TMP/err" &&
	test ! -e "$T_TMP/iso.img"
'

t_done

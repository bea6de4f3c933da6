#!/bin/sh
# t116-probe-compressed.sh - a compressed image is probed through its
# decompressed first MiB: kind, hybrid layout, El Torito entries and a
# verdict that auto mode follows.
. "$(dirname "$0")/../lib.sh"
t_desc "probe of .xz .zst .gz .bz2 images and auto mode on them"
t_need xorriso jq xz zstd gzip bzip2

hyb=$(t_fixture isohybrid.iso)
nonhyb=$(t_fixture isolinux.iso)
disk=$(t_fixture disk.img)

# same_as PLAIN PACKED: the facts the head shows agree with the plain
# probe (the file an entry loads needs the tree, which is not read)
same_as()
{
	q='{kind, volume_id: .iso9660.volume_id, hybrid: .hybrid,
	    entries: [.el_torito.entries[] | del(.file, .file_bytes)],
	    mbr: .mbr}'
	"$STICKLER" probe --json "$1" | jq -S "$q" >"$T_TMP/plain" &&
	"$STICKLER" probe --json "$2" | jq -S "$q" >"$T_TMP/packed" &&
	diff -u "$T_TMP/plain" "$T_TMP/packed"
}

for c in xz zstd gzip bzip2; do
	t_expect "$c: isohybrid ISO seen inside, verdict raw" '
		$c -c "$hyb" >"$T_TMP/h.$c" &&
		same_as "$hyb" "$T_TMP/h.$c" &&
		"$STICKLER" probe --json "$T_TMP/h.$c" >"$T_TMP/h.json" &&
		jq -e ".compression == \"$c\"" "$T_TMP/h.json" >/dev/null &&
		jq -e ".verdict.mode == \"raw\"" "$T_TMP/h.json" >/dev/null
	'
done

t_expect "xz and zstd report the decompressed size, gzip says unknown" '
	xz -c "$hyb" >"$T_TMP/s.xz" && zstd -q -c "$hyb" >"$T_TMP/s.zst" &&
	gzip -c "$hyb" >"$T_TMP/s.gz" &&
	size=$(stat -c %s "$hyb") &&
	test "$("$STICKLER" probe --json "$T_TMP/s.xz" | jq .image_bytes)" = "$size" &&
	test "$("$STICKLER" probe --json "$T_TMP/s.zst" | jq .image_bytes)" = "$size" &&
	test "$("$STICKLER" probe --json "$T_TMP/s.gz" | jq .image_bytes)" = 0 &&
	"$STICKLER" probe "$T_TMP/s.gz" | grep -q "size not recorded"
'

t_expect "a compressed non-hybrid ISO: unsupported, says to decompress" '
	xz -c "$nonhyb" >"$T_TMP/n.xz" &&
	"$STICKLER" probe --json "$T_TMP/n.xz" >"$T_TMP/n.json" &&
	jq -e ".kind == \"iso9660\" and .verdict.mode == \"unsupported\"" \
		"$T_TMP/n.json" >/dev/null &&
	jq -r ".verdict.reasons[]" "$T_TMP/n.json" | grep -q "decompress"
'

t_expect "a compressed disk image is a disk, raw" '
	zstd -q -c "$disk" >"$T_TMP/d.zst" &&
	"$STICKLER" probe --json "$T_TMP/d.zst" |
		jq -e ".kind == \"disk\" and .verdict.mode == \"raw\"" >/dev/null
'

t_expect "auto mode writes a compressed isohybrid ISO and verifies it" '
	xz -c "$hyb" >"$T_TMP/w.xz" &&
	"$STICKLER" write "$T_TMP/w.xz" "$T_TMP/target" --yes \
		>"$T_TMP/out" 2>&1 &&
	grep -q "verified: identical" "$T_TMP/out" &&
	cmp "$hyb" "$T_TMP/target"
'

t_done

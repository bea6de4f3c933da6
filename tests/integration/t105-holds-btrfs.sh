#!/bin/sh
# t105-holds-btrfs.sh - the plan's "it holds now" names a btrfs file
# system and its label, built by mkfs.btrfs: in a GPT partition and on a
# whole target without a partition table; a GPT entry whose start LBA
# times 512 wraps past 2^64 onto that btrfs is past the end, not btrfs.
. "$(dirname "$0")/../lib.sh"
t_desc "plan: 'it holds now' names btrfs (mkfs.btrfs) in a GPT and whole"
t_need sfdisk mkfs.btrfs blkid python3

disk=$(t_fixture disk.img)
old=$T_TMP/old.img
fs=$T_TMP/fs.img
MiB=1048576

t_expect "make an old stick: a GPT, one partition holding a btrfs" '
	truncate -s 200M "$old" &&
	printf "label: gpt\nstart=2048, size=$((160 * 2048)), name=data\n" |
		sfdisk -q "$old" &&
	truncate -s 160M "$fs" &&
	mkfs.btrfs -q -f -L mypool "$fs" >/dev/null &&
	dd if="$fs" of="$old" bs=1M seek=1 conv=notrunc,sparse status=none
'

t_expect "the plan names the GPT partition as btrfs with its label" '
	"$STICKLER" plan "$disk" "$old" >"$T_TMP/plan" 2>/dev/null &&
	grep "it holds now:" "$T_TMP/plan" >"$T_TMP/holds" &&
	grep -q "it holds now: a GPT with 1 partition: 1: .* btrfs .mypool., 160.0 MiB$" "$T_TMP/holds" || {
		cat "$T_TMP/plan"; false; }
'

t_expect "a whole target that is one btrfs is named too" '
	"$STICKLER" plan "$disk" "$fs" >"$T_TMP/plan" 2>/dev/null &&
	grep -q "it holds now: btrfs .mypool.$" "$T_TMP/plan" || {
		cat "$T_TMP/plan"; false; }
'

t_expect "a UTF-8 label is shown as blkid reads it, not as '?'" '
	truncate -s 160M "$T_TMP/utf8.img" &&
	mkfs.btrfs -q -f -L "$(printf "Donn\303\251es")" "$T_TMP/utf8.img" \
		>/dev/null &&
	want=$(blkid -o value -s LABEL "$T_TMP/utf8.img") &&
	test "$want" = "$(printf "Donn\303\251es")" &&
	"$STICKLER" plan "$disk" "$T_TMP/utf8.img" >"$T_TMP/plan" 2>/dev/null &&
	grep -q "it holds now: btrfs .$want.\$" "$T_TMP/plan" || {
		cat "$T_TMP/plan"; false; }
'

# The first entry's start moved by 2^55 sectors: times 512 it wraps to the
# same 1 MiB; both CRCs redone (python's zlib.crc32).
t_expect "a start LBA that wraps past 2^64 is past the end, not read" '
	cp "$old" "$T_TMP/wrap.img" &&
	python3 - "$T_TMP/wrap.img" <<-EOF &&
	import struct, sys, zlib
	f = open(sys.argv[1], "r+b")
	f.seek(512); h = bytearray(f.read(92))
	n, size = struct.unpack_from("<II", h, 80)
	f.seek(1024); e = bytearray(f.read(n * size))
	first, last = struct.unpack_from("<QQ", e, 32)
	struct.pack_into("<QQ", e, 32, first + (1 << 55), last + (1 << 55))
	struct.pack_into("<I", h, 88, zlib.crc32(e))
	struct.pack_into("<I", h, 16, 0)
	struct.pack_into("<I", h, 16, zlib.crc32(h))
	f.seek(512); f.write(h); f.seek(1024); f.write(e)
	EOF
	sfdisk -d "$T_TMP/wrap.img" 2>/dev/null | grep -q "start= *36028797018966016" &&
	"$STICKLER" plan "$disk" "$T_TMP/wrap.img" >"$T_TMP/plan" 2>/dev/null &&
	grep -q "it holds now: a GPT with 1 partition: 1: .*starts past the end of any disk (LBA 36028797018966016)$" "$T_TMP/plan" &&
	! grep -q "holds now:.*btrfs" "$T_TMP/plan" || { cat "$T_TMP/plan"; false; }
'

t_done

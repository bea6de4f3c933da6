#!/bin/sh
# t165-verify-isomode.sh - `stickler verify IMAGE TARGET` of a stick written
# in ISO mode proves it file by file: identical as written (the plan's
# label rewrites, chained syslinux.cfg, refreshed md5sum.txt and
# persistence parameters recognised as planned), the first differing file
# and its sector after one byte of a file's data is flipped (its place on
# the stick found by searching the stick for the bytes xorriso or mtools
# give), "the target ends at" when the stick is cut short.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-isomode.sh"
. "$T_TOP/tests/lib-live.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "verify of an ISO-mode stick: identical, the differing file, a short target"
t_need xorriso mtype syslinux python3 sfdisk

iso=$(iso_fixture isomode-rich.iso)
live=$(t_fakelive fake-live.iso)
uefi=$(t_fixture isohybrid-uefi.iso)
stick=$T_TMP/stick.img

# find_in STICK FILE: the one byte offset of FILE's bytes in STICK
find_in()
{
	python3 - "$1" "$2" <<-'EOF'
	import sys
	stick = open(sys.argv[1], "rb").read()
	data = open(sys.argv[2], "rb").read()
	at = stick.find(data)
	assert at >= 0 and stick.find(data, at + 1) < 0, "not found once"
	print(at)
	EOF
}

# same_proof: verify's counts are those the write's tree check printed
same_proof()
{
	w=$(sed -n "s/.*; \([0-9,]* files (.*) as in the image, [0-9,]* changed as planned\); sectors.*/\1/p" \
		"$T_TMP/write") &&
	test -n "$w" &&
	grep -qxF "ISO-mode stick: $w; read $(sed -n "s/.*; read \([0-9]* bytes in .* s\): identical$/\1/p" "$T_TMP/out"): identical" \
		"$T_TMP/out"
}

# write_verify IMAGE [write options]: write in ISO mode, verify: exit 0
write_verify()
{
	img=$1
	shift
	rm -f "$stick" &&
	"$STICKLER" write "$img" "$stick" --yes --progress=none "$@" \
		>"$T_TMP/write" 2>&1 &&
	test "$(w_status "$STICKLER" verify "$img" "$stick" --progress=none)" = 0 &&
	cat "$T_TMP/out" && same_proof
}

t_expect "a stick written in ISO mode verifies identical, changes included" '
	write_verify "$iso" --mode iso &&
	grep -q " 13 changed as planned" "$T_TMP/out"
'

t_expect "--progress=json: the result holds what the tree check compared" '
	"$STICKLER" verify "$iso" "$stick" --progress=json >"$T_TMP/json" &&
	tail -n 1 "$T_TMP/json" | python3 -c "
import json, sys
r = json.loads(sys.stdin.read())
assert r[\"phase\"] == \"result\" and r[\"outcome\"] == \"ok\", r
assert r[\"verify\"] == \"identical\" and r[\"tree_files\"] > 100, r
assert r[\"tree_changed\"] == 13, r
"
'

t_expect "a byte flipped in a file of the image: that file and its sector" '
	xorriso -osirrox on -indev "$iso" -extract /live/initrd.gz \
		"$T_TMP/initrd.gz" >/dev/null 2>&1 &&
	at=$(find_in "$stick" "$T_TMP/initrd.gz") &&
	cp "$stick" "$T_TMP/keep.img" &&
	w_flip "$stick" $((at + 123456)) &&
	test "$(w_status "$STICKLER" verify "$iso" "$stick")" = 3 &&
	cat "$T_TMP/err" &&
	grep -qxF "stickler: '\''$stick'\'' differs from the image: '\''/live/initrd.gz'\'' on the stick differs from the image at byte 123456 of the file (sector $(((at + 123456) / 512)))" \
		"$T_TMP/err"
'

t_expect "a byte flipped in a file the plan rewrote: that file" '
	cp "$T_TMP/keep.img" "$stick" &&
	mtype -i "$stick@@$(iso_part_offset "$stick")" ::/isolinux/menu.cfg \
		>"$T_TMP/menu.cfg" &&
	grep -q "CDLABEL=" "$T_TMP/menu.cfg" &&
	at=$(find_in "$stick" "$T_TMP/menu.cfg") &&
	w_flip "$stick" $((at + 20)) &&
	test "$(w_status "$STICKLER" verify "$iso" "$stick")" = 3 &&
	cat "$T_TMP/err" &&
	grep -qF "'\''/isolinux/menu.cfg'\'' on the stick differs from the image at byte 20 of the file (sector $(((at + 20) / 512)))" \
		"$T_TMP/err"
'

t_expect "a stick cut short: the target ends at, exit 3" '
	cp "$T_TMP/keep.img" "$stick" &&
	size=$(stat -c %s "$stick") &&
	truncate -s $((size / 2)) "$stick" &&
	test "$(w_status "$STICKLER" verify "$iso" "$stick")" = 3 &&
	cat "$T_TMP/err" &&
	grep -qF "differs from the image: the target ends at byte $((size / 2))," \
		"$T_TMP/err"
'

t_expect "GPT, a label of its own and persistence: identical" '
	write_verify "$live" --mode iso --scheme gpt --label MYSTICK \
		--persistence 64M &&
	sfdisk -d "$stick" | grep -q "^label: gpt"
'

t_expect "an ESP entry past the end of the disk is not taken for the FAT at 1 MiB" '
	python3 - "$stick" <<-"EOF" &&
	import struct, sys, zlib
	f = open(sys.argv[1], "r+b")
	f.seek(512)
	h = bytearray(f.read(92))
	lba, n, size = struct.unpack_from("<QII", h, 72)
	f.seek(lba * 512)
	a = bytearray(f.read(n * size))
	first, last = struct.unpack_from("<QQ", a, 32)
	# 2^55 sectors more: the same byte offset once multiplied by 512
	struct.pack_into("<QQ", a, 32, first + (1 << 55), last + (1 << 55))
	struct.pack_into("<I", h, 88, zlib.crc32(a))
	struct.pack_into("<I", h, 16, 0)
	struct.pack_into("<I", h, 16, zlib.crc32(h))
	f.seek(lba * 512)
	f.write(a)
	f.seek(512)
	f.write(h)
	EOF
	test "$(w_status "$STICKLER" verify "$live" "$stick")" = 3
'

t_expect "a backup header LBA that wraps past 2^64 onto the disk end: ends at" '
	write_verify "$live" --mode iso --scheme gpt --label MYSTICK \
		--persistence 64M &&
	python3 - "$stick" >"$T_TMP/alt" <<-"EOF" &&
	import struct, sys, zlib
	f = open(sys.argv[1], "r+b")
	f.seek(512)
	h = bytearray(f.read(92))
	alt, = struct.unpack_from("<Q", h, 32)
	# 2^55 sectors more: times 512, plus one sector, the same end
	struct.pack_into("<Q", h, 32, alt + (1 << 55))
	struct.pack_into("<I", h, 16, 0)
	struct.pack_into("<I", h, 16, zlib.crc32(h))
	f.seek(512)
	f.write(h)
	print(alt + (1 << 55))
	EOF
	test "$(w_status "$STICKLER" verify "$live" "$stick")" = 3 &&
	cat "$T_TMP/err" &&
	grep -qF "differs from the image: the target ends at byte $(stat -c %s "$stick"), its partition table at LBA $(cat "$T_TMP/alt"), past the end of any disk" \
		"$T_TMP/err"
'

t_expect "UEFI only, where BIOS boot was possible too: identical" '
	write_verify "$uefi" --mode iso-uefi-only &&
	grep -q " 0 changed as planned" "$T_TMP/out"
'

t_expect "the same image written raw is still compared sector by sector" '
	rm -f "$stick" &&
	"$STICKLER" write "$uefi" "$stick" --mode raw --yes >/dev/null 2>&1 &&
	test "$(w_status "$STICKLER" verify "$uefi" "$stick")" = 0 &&
	grep -q "^verified [0-9]* bytes in .*: identical$" "$T_TMP/out"
'

# the FAT's size, and so ldlinux.sys's list of its own sectors, follow
# the target's size: verify composes for the size the stick has
t_expect "ISO mode on a 128 MiB target verifies identical" '
	write_verify "$iso" --mode iso --size 128M &&
	test "$(stat -c %s "$stick")" = $((128 << 20))
'

t_expect "ISO mode on a 1 GiB sparse target verifies identical" '
	write_verify "$iso" --mode iso --size 1G &&
	test "$(stat -c %s "$stick")" = $((1 << 30))
'

t_expect "persistence taking the rest of a 256 MiB target: identical" '
	write_verify "$live" --mode iso --size 256M --persistence rest &&
	sfdisk -d "$stick" | grep -q "type=83"
'

t_done

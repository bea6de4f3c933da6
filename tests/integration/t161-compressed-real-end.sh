#!/bin/sh
# t161-compressed-real-end.sh - the size a .zst frame header or an .xz
# index records is a hint: every stream is read to its real end and the
# format's own checks (zstd checksum, xz index and CRC, gzip CRC32 and
# ISIZE, bzip2 CRC) decide. Inputs are mutated with python3 at test time.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "compressed streams: read to the end, checked, named when wrong"
t_need gzip xz zstd bzip2 python3

# compressible, and not trivially; single-threaded xz keeps sizes out of
# block headers, so only the index records it
w_random part 1M >/dev/null
{ cat "$T_TMP/part"; head -c 2M /dev/zero; cat "$T_TMP/part"; } >"$T_TMP/img"
n=$(stat -c %s "$T_TMP/img")
zstd -q --check "$T_TMP/img" -o "$T_TMP/good.zst"
xz -T1 -c "$T_TMP/img" >"$T_TMP/good.xz"
gzip -c "$T_TMP/img" >"$T_TMP/good.gz"
bzip2 -c "$T_TMP/img" >"$T_TMP/good.bz2"
mutate="$T_TOP/tests/data/mutate-xz-index.py"

# poke FILE OUT OFFSET XOR: OUT is FILE with one byte changed (negative
# OFFSET counts from the end)
poke()
{
	python3 -c '
import sys
d = bytearray(open(sys.argv[1], "rb").read())
d[int(sys.argv[3])] ^= int(sys.argv[4])
open(sys.argv[2], "wb").write(d)' "$@"
}

# zstd_fcs FILE OUT DELTA: the frame content size lowered by DELTA
zstd_fcs()
{
	python3 -c '
import sys
d = bytearray(open(sys.argv[1], "rb").read())
fhd = d[4]
n = [1 if fhd & 0x20 else 0, 2, 4, 8][fhd >> 6]
off = 5 + (0 if fhd & 0x20 else 1) + [0, 1, 2, 4][fhd & 3]
v = int.from_bytes(d[off:off + n], "little") - int(sys.argv[3])
if n == 2:
	v += 256
d[off:off + n] = v.to_bytes(n, "little")
open(sys.argv[2], "wb").write(d)' "$@"
}

# damaged IMAGE PATTERN: write and standalone verify both fail (exit 1),
# name the image and PATTERN; never "identical"
damaged()
{
	rm -f "$T_TMP/t"
	"$STICKLER" write "$1" "$T_TMP/t" --mode raw --yes >"$T_TMP/out" 2>&1
	rc=$?
	cat "$T_TMP/out"
	test $rc = 1 && grep -q "'$1' is \(corrupt\|truncated\).*$2" \
		"$T_TMP/out" && ! grep -q identical "$T_TMP/out" &&
	"$STICKLER" verify "$1" "$T_TMP/img" >"$T_TMP/out" 2>&1
	rc=$?
	cat "$T_TMP/out"
	test $rc = 1 && grep -q "'$1' is \(corrupt\|truncated\).*$2" \
		"$T_TMP/out" && ! grep -q identical "$T_TMP/out"
}

t_expect "the undamaged streams are written and verified identical" '
	for c in zst xz gz bz2; do
		"$STICKLER" write "$T_TMP/good.$c" "$T_TMP/t" --mode raw --yes \
			>"$T_TMP/out" 2>&1 &&
		cmp "$T_TMP/img" "$T_TMP/t" &&
		"$STICKLER" verify "$T_TMP/good.$c" "$T_TMP/img" || exit 1
	done
'

t_expect ".zst whose frame content size was lowered by one" '
	zstd_fcs "$T_TMP/good.zst" "$T_TMP/low.zst" 1 &&
	! zstd -t -q "$T_TMP/low.zst" 2>/dev/null &&
	damaged "$T_TMP/low.zst" "zstd"
'

t_expect ".xz whose index records one byte less (index CRC made right)" '
	python3 "$mutate" "$T_TMP/good.xz" "$T_TMP/low.xz" 1 &&
	xz -l "$T_TMP/low.xz" | grep -q "^ *1 *1 " &&
	! xz -t "$T_TMP/low.xz" 2>/dev/null &&
	damaged "$T_TMP/low.xz" "xz"
'

t_expect ".xz whose index records one byte more" '
	python3 "$mutate" "$T_TMP/good.xz" "$T_TMP/high.xz" -1 &&
	damaged "$T_TMP/high.xz" "xz"
'

t_expect ".zst whose content checksum is wrong" '
	poke "$T_TMP/good.zst" "$T_TMP/sum.zst" -1 1 &&
	damaged "$T_TMP/sum.zst" "zstd stream error.*checksum"
'

t_expect ".gz whose CRC32 is wrong, and whose ISIZE is wrong" '
	poke "$T_TMP/good.gz" "$T_TMP/crc.gz" -8 1 &&
	damaged "$T_TMP/crc.gz" "gzip stream error.*incorrect data check" &&
	poke "$T_TMP/good.gz" "$T_TMP/isize.gz" -4 1 &&
	damaged "$T_TMP/isize.gz" "gzip stream error.*incorrect length check"
'

t_expect ".bz2 whose stream CRC is wrong" '
	poke "$T_TMP/good.bz2" "$T_TMP/crc.bz2" -3 1 &&
	damaged "$T_TMP/crc.bz2" "bzip2 stream error"
'

t_expect "streams cut short: each says truncated" '
	for c in zst xz gz bz2; do
		s=$(stat -c %s "$T_TMP/good.$c") &&
		head -c $((s - 20)) "$T_TMP/good.$c" >"$T_TMP/cut.$c" &&
		damaged "$T_TMP/cut.$c" "" || exit 1
	done
'

t_expect "garbage after the last stream is an error, not ignored" '
	for c in zst xz gz bz2; do
		{ cat "$T_TMP/good.$c"; echo garbage; } >"$T_TMP/tail.$c" &&
		damaged "$T_TMP/tail.$c" "" || exit 1
	done
'

t_expect "a target shorter than the image is a difference: exit 3" '
	head -c $((n - 4096)) "$T_TMP/img" >"$T_TMP/short" &&
	for i in "$T_TMP/img" "$T_TMP/good.zst" "$T_TMP/good.gz"; do
		"$STICKLER" verify "$i" "$T_TMP/short" >"$T_TMP/out" 2>&1
		rc=$?
		cat "$T_TMP/out"
		test $rc = 3 || exit 1
		grep -q "differs from the image: the target ends at byte $((n - 4096))" \
			"$T_TMP/out" || exit 1
	done
'

t_done

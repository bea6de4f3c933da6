#!/bin/sh
# t123-bad-input.sh - bad images and targets: one line, an exit status,
# and the target's state.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "missing, directory, truncated and corrupt images; small targets"
t_need xz zstd gzip

img=$(w_random img 6M)
zstd -q -o "$T_TMP/img.zst" "$img"
xz -c "$img" >"$T_TMP/img.xz"
head -c $(($(stat -c %s "$T_TMP/img.zst") * 3 / 4)) "$T_TMP/img.zst" \
	>"$T_TMP/cut.zst"
cp "$T_TMP/img.xz" "$T_TMP/bad.xz"
t_random t123-bad-input:bad.xz 64 |
	dd of="$T_TMP/bad.xz" bs=1 seek=4000000 count=64 conv=notrunc status=none

# fails CODE WHAT: the last command exited CODE with one line naming WHAT
fails()
{
	test "$1" = "$2" && test "$(wc -l <"$T_TMP/err")" = 1 &&
		grep -q "$3" "$T_TMP/err"
}

t_expect "missing image: exit 1, target untouched" '
	fails "$(w_status "$STICKLER" write "$T_TMP/nope.iso" "$T_TMP/t1" --mode raw --yes)" 1 \
		"cannot open .*nope.iso.*No such file.*untouched" &&
	! test -e "$T_TMP/t1"
'

t_expect "a directory as image: exit 1, target untouched" '
	fails "$(w_status "$STICKLER" write "$T_TMP" "$T_TMP/t2" --mode raw --yes)" 1 \
		"is a directory.*untouched" && ! test -e "$T_TMP/t2"
'

t_expect "truncated compressed image: said so, old boot sector wiped, first MiB not written" '
	t_random t123-bad-input:t3 10M >"$T_TMP/t3" && cp "$T_TMP/t3" "$T_TMP/t3.before" &&
	fails "$(w_status "$STICKLER" write "$T_TMP/cut.zst" "$T_TMP/t3" --mode raw --size 10M --yes)" 1 \
		"cut.zst. is truncated.*first MiB was not written, so it will not boot" &&
	test "$(head -c 8192 "$T_TMP/t3" | tr -d "\0" | wc -c)" = 0 &&
	cmp -i 8192 -n 1040384 "$T_TMP/t3" "$T_TMP/t3.before"
'

# a stream that ends before its first chunk past the first MiB fills:
# the first MiB held back is not counted as written
t_expect "truncated before anything past the first MiB: a new file is removed" '
	gzip -c "$(w_random img8 8M)" | head -c 3000000 >"$T_TMP/cut.gz" &&
	fails "$(w_status "$STICKLER" write "$T_TMP/cut.gz" "$T_TMP/t9" --mode raw --yes)" 1 \
		"cut.gz. is truncated.*target .*t9. untouched: nothing was written$" &&
	! test -e "$T_TMP/t9"
'

t_expect "truncated before anything past the first MiB: only the tables wiped" '
	t_random t123-bad-input:t10 16M >"$T_TMP/t10" &&
	cp "$T_TMP/t10" "$T_TMP/t10.before" &&
	fails "$(w_status "$STICKLER" write "$T_TMP/cut.gz" "$T_TMP/t10" --mode raw --yes)" 1 \
		"cut.gz. is truncated.*target .*t10. cleared: its old boot sector and partition tables were wiped, nothing else was written$" &&
	cmp -i 1048576 -n $((14 << 20)) "$T_TMP/t10" "$T_TMP/t10.before"
'

t_expect "corrupt compressed stream: said so" '
	fails "$(w_status "$STICKLER" write "$T_TMP/bad.xz" "$T_TMP/t4" --mode raw --yes)" 1 \
		"bad.xz. is corrupt: xz stream error"
'

t_expect "target too small for a plain image: refused before writing" '
	t_random t123-bad-input:t5 4M >"$T_TMP/t5" && cp "$T_TMP/t5" "$T_TMP/t5.before" &&
	fails "$(w_status "$STICKLER" write "$img" "$T_TMP/t5" --mode raw --size 4M --yes)" 1 \
		"image is larger than .*t5.*untouched" &&
	cmp "$T_TMP/t5" "$T_TMP/t5.before"
'

t_expect "no --yes and no terminal: refused, exit 2" '
	fails "$(w_status "$STICKLER" write "$img" "$T_TMP/t6" --mode raw </dev/null)" 2 \
		"without --yes" && ! test -e "$T_TMP/t6"
'

t_expect "iso mode is refused until it is built (exit 1)" '
	fails "$(w_status "$STICKLER" write "$img" "$T_TMP/t7" --mode iso --yes)" 1 \
		"iso mode\|ISO mode\|cannot be made bootable"
'

t_expect "bad usage: exit 2" '
	test "$(w_status "$STICKLER" write "$img")" = 2 &&
	test "$(w_status "$STICKLER" write "$img" "$T_TMP/t8" --size 12Q --yes)" = 2 &&
	test "$(w_status "$STICKLER" verify "$img")" = 2
'

t_done

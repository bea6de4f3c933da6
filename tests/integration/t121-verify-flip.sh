#!/bin/sh
# t121-verify-flip.sh - a changed byte is found and named by its sector.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "verify names the exact sector of a flipped byte, exit status 3"

img=$(w_random img 12M)
tgt=$T_TMP/target.img
off=$((7 * 1048576 + 3333))

t_expect "write, then flip one byte of the target" '
	"$STICKLER" write "$img" "$tgt" --mode raw --yes >/dev/null &&
	cmp "$img" "$tgt" &&
	w_flip "$tgt" "$off" && ! cmp -s "$img" "$tgt"
'

t_expect "verify exits 3 and names sector $((off / 512))" '
	test "$(w_status "$STICKLER" verify "$img" "$tgt")" = 3 &&
	grep -q "1 sector of 512 bytes, first difference at sector $((off / 512)) (byte $((off / 512 * 512)))" "$T_TMP/err" &&
	test "$(wc -l <"$T_TMP/err")" = 1
'

t_expect "a flip in the first MiB and one near the end: both counted" '
	w_flip "$tgt" 100 && w_flip "$tgt" $((12 * 1048576 - 1)) &&
	test "$(w_status "$STICKLER" verify "$img" "$tgt")" = 3 &&
	grep -q ": 3 sectors of 512 bytes, first difference at sector 0 " "$T_TMP/err"
'

t_expect "the compressed image verifies the same target the same way" '
	zstd -q -o "$T_TMP/img.zst" "$img" &&
	test "$(w_status "$STICKLER" verify "$T_TMP/img.zst" "$tgt")" = 3 &&
	grep -q "3 sectors of 512 bytes, first difference at sector 0 " "$T_TMP/err"
'

t_done

#!/bin/sh
# t191-check-isomd5.sh - the checksum implantisomd5 puts in an ISO's
# primary volume descriptor, checked by stickler and by checkisomd5 (the
# oracle) on the image and on a stick written raw from it.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "implanted isomd5sum: stickler agrees with checkisomd5, image and stick"
t_need xorriso implantisomd5 checkisomd5

mkdir "$T_TMP/tree"
t_random t191-check-isomd5:big.bin 3000000 >"$T_TMP/tree/big.bin"
echo hello >"$T_TMP/tree/readme.txt"
iso=$T_TMP/fedora-like.iso

t_expect "an ISO made with xorriso, its MD5 implanted by implantisomd5" '
	xorriso -as mkisofs -quiet -V FEDORA_TEST -o "$iso" "$T_TMP/tree" 2>/dev/null &&
	implantisomd5 "$iso" >/dev/null &&
	checkisomd5 "$iso" >/dev/null
'

t_expect "check finds it and agrees with checkisomd5 (exit 0, unsigned)" '
	test "$(w_status "$STICKLER" check "$iso")" = 0 &&
	grep -q "^implanted  *md5 [0-9a-f]\{32\}, matches" "$T_TMP/out" &&
	grep -q "^result  *the implanted ISO checksum matches, but nobody signed it" "$T_TMP/out" &&
	test "$(w_status "$STICKLER" check "$iso" --require-signature)" = 3
'

t_expect "one changed byte in a file: checkisomd5 fails, so does check (exit 3)" '
	cp "$iso" "$T_TMP/bad.iso" &&
	off=$(($(xorriso -indev "$T_TMP/bad.iso" -find /big.bin -exec report_lba -- 2>/dev/null |
		sed -n "s/^File data lba: *[0-9]* , *\([0-9]*\) .*/\1/p") * 2048 + 12345)) &&
	w_flip "$T_TMP/bad.iso" "$off" &&
	! checkisomd5 "$T_TMP/bad.iso" >/dev/null &&
	test "$(w_status "$STICKLER" check "$T_TMP/bad.iso")" = 3 &&
	grep -q "^implanted .*DOES NOT MATCH" "$T_TMP/out" &&
	grep -q "^result  *NOT genuine: the implanted ISO checksum does not match" "$T_TMP/out"
'

t_expect "an ISO without one: says none" '
	xorriso -as mkisofs -quiet -o "$T_TMP/plain.iso" "$T_TMP/tree" 2>/dev/null &&
	test "$(w_status "$STICKLER" check "$T_TMP/plain.iso")" = 1 &&
	grep -q "^implanted  *none$" "$T_TMP/out"
'

t_expect "write --check, raw: the stick itself passes checkisomd5 and stickler" '
	test "$(w_status "$STICKLER" write "$iso" "$T_TMP/stick.img" --mode raw --size 8M --yes --check)" = 0 &&
	grep -q "^stick  *the implanted ISO checksum matches on" "$T_TMP/out" &&
	checkisomd5 "$T_TMP/stick.img" >/dev/null &&
	test "$(w_status "$STICKLER" check "$T_TMP/stick.img")" = 0
'

t_expect "a byte changed on the stick afterwards: both see it" '
	w_flip "$T_TMP/stick.img" 40000 &&
	! checkisomd5 "$T_TMP/stick.img" >/dev/null &&
	test "$(w_status "$STICKLER" check "$T_TMP/stick.img")" = 3
'

t_done

#!/bin/sh
# t262-verify-isomode-loop.sh - `stickler verify` of an ISO-mode stick on
# a block device (a loop device with direct I/O): identical as written,
# and a byte flipped through the device in a file's data names that file
# and its sector (the place found by searching the device for the bytes
# xorriso extracts).
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-isomode.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "verify of an ISO-mode stick on a loop device"
t_need_root
t_need xorriso syslinux python3

iso=$(iso_fixture isomode-rich.iso)
back=$(t_tmpfile back 64M)
dev=$(t_loop_attach "$back" --direct-io=on)

t_expect "written in ISO mode, verify says identical" '
	"$STICKLER" write "$iso" "$dev" --mode iso --any-device --yes \
		--progress=none >"$T_TMP/write" 2>&1 &&
	test "$(w_status "$STICKLER" verify "$iso" "$dev")" = 0 &&
	grep -q "^ISO-mode stick: [0-9,]* files (.*) as in the image, 13 changed as planned; .*: identical$" \
		"$T_TMP/out"
'

t_expect "a byte flipped through the device: the file and its sector" '
	xorriso -osirrox on -indev "$iso" -extract /live/initrd.gz \
		"$T_TMP/initrd.gz" >/dev/null 2>&1 &&
	at=$(python3 -c "
import sys
d = open(sys.argv[1], \"rb\").read()
f = open(sys.argv[2], \"rb\").read()
at = d.find(f)
assert at >= 0 and d.find(f, at + 1) < 0
print(at)" "$dev" "$T_TMP/initrd.gz") &&
	w_flip "$dev" $((at + 4321)) && sync &&
	test "$(w_status "$STICKLER" verify "$iso" "$dev")" = 3 &&
	cat "$T_TMP/err" &&
	grep -qF "'\''/live/initrd.gz'\'' on the stick differs from the image at byte 4321 of the file (sector $(((at + 4321) / 512)))" \
		"$T_TMP/err"
'

t_done

#!/bin/sh
# t281-read-faulty.sh - a source with an unreadable sector (nbdkit's sh
# plugin through nbdfuse under a loop device): without --keep-going the
# read stops naming the sector and leaves no OUT; with it the sector is
# zeros in OUT, listed in OUT.badsectors, and the exit status is 3.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "read errors: stop naming the sector, or zero-fill and list it"
t_need_root
t_need nbdkit nbdfuse fusermount3

plugin=$T_TOP/tests/data/faulty-disk.sh
bad=$((2 * 1048576 + 7 * 512))
export FD_DISK="$T_TMP/disk.back" FD_BAD_READ="$bad:512"
t_random t281-read-faulty:disk 3145728 >"$FD_DISK"
dev=$(w_nbd_device r sh "$plugin")
unset FD_BAD_READ

t_expect "the device really fails there (dd, the oracle)" '
	! dd if="$dev" of=/dev/null bs=512 skip=$((bad / 512)) count=1 iflag=direct status=none
'

t_expect "without --keep-going: exit 1, the sector named, no OUT" '
	test "$(w_status "$STICKLER" read "$dev" "$T_TMP/a.img")" = 1 &&
	cat "$T_TMP/err" &&
	grep -q "cannot read sector $((bad / 512)) of .$dev. (512 bytes at byte $bad): Input/output error" "$T_TMP/err" &&
	grep -q "removed: no image was made" "$T_TMP/err" &&
	test ! -e "$T_TMP/a.img"
'

t_expect "with --keep-going: exit 3, zeros there, the sidecar lists it" '
	test "$(w_status "$STICKLER" read "$dev" "$T_TMP/b.img" --keep-going)" = 3 &&
	cat "$T_TMP/out" "$T_TMP/err" &&
	grep -q "1 unreadable sectors of 512 bytes are zeros in the image: $((bad / 512)); listed in $T_TMP/b.img.badsectors" "$T_TMP/out" &&
	test "$(grep -v "^#" "$T_TMP/b.img.badsectors")" = $((bad / 512)) &&
	cmp -n "$bad" "$T_TMP/b.img" "$FD_DISK" &&
	test "$(dd if="$T_TMP/b.img" bs=512 skip=$((bad / 512)) count=1 status=none | tr -d "\0" | wc -c)" = 0 &&
	cmp -i $((bad + 512)) "$T_TMP/b.img" "$FD_DISK" &&
	test "$(stat -c %s "$T_TMP/b.img")" = 3145728
'

t_done

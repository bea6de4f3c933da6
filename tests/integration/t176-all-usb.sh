#!/bin/sh
# t176-all-usb.sh - --all-usb on the fixture machine: every USB/MMC stick
# offered becomes a target, the others are left out with their reason;
# nothing is opened (the fixture's /dev paths are not this machine's).
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-devices.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "write --all-usb on the fixture sysfs"

t_sysfs_fixture || t_skip_all "cannot build the fixture sysfs"
img=$(w_random img 1M)

t_expect "--all-usb with a target too: a usage error (exit 2)" '
	test "$(w_status "$STICKLER" write "$img" --all-usb "$T_TMP/t" --yes)" = 2 &&
	grep -q "all-usb takes the image only" "$T_TMP/err" &&
	! test -e "$T_TMP/t"
'

t_expect "--all-usb: the offered sticks are planned, none written" '
	"$STICKLER" list --json >"$T_TMP/list.json" &&
	w_status "$STICKLER" write "$img" --all-usb --mode raw --yes >"$T_TMP/rc" &&
	test "$(cat "$T_TMP/rc")" != 0 &&
	for d in $(jq -r ".devices[] | select(.offered | not) | .path" "$T_TMP/list.json"); do
		grep -q "leaving out $d: " "$T_TMP/err" || return 1
	done &&
	first=$(jq -r "[.devices[] | select(.offered)][0].path" "$T_TMP/list.json") &&
	tail -1 "$T_TMP/err" | grep -q "$first.*; no target written$"
'

t_done

#!/bin/sh
# t450-station-rule.sh - the disk the station runs from (its images
# partition is mounted on /station) is never offered and never written,
# while the same stick mounted anywhere else is an ordinary stick.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-devices.sh"
t_desc "the station's own disk is never a target"
t_need jq

t_sysfs_fixture || t_skip_all "cannot build the fixture sysfs"
# The fixture's sdb1 is mounted under /media; the station mounts it on
# /station instead.
sed 's|/media/user/MY\\040STICK|/station|' "$T_TMP/fx/mountinfo" \
	>"$T_TMP/station-mountinfo"

t_expect "a stick mounted under /media is offered (after an unmount)" '
	"$STICKLER" list --json | jq -e ".devices[] |
		select(.name == \"sdb\") | .offered"
'

t_expect "the stick mounted on /station is not offered, with the reason" '
	STICKLER_MOUNTINFO=$T_TMP/station-mountinfo \
		"$STICKLER" list --all --json >"$T_TMP/all.json" &&
	jq -e ".devices[] | select(.name == \"sdb\") |
		.offered == false and .reason == \"the station runs from it\"" \
		"$T_TMP/all.json"
'

t_expect "the default list leaves it out, the other sticks stay" '
	STICKLER_MOUNTINFO=$T_TMP/station-mountinfo \
		"$STICKLER" list --json | jq -r ".devices[].name" \
		>"$T_TMP/listed" &&
	! grep -qx sdb "$T_TMP/listed" && grep -qx sdc "$T_TMP/listed"
'

t_expect "list --check refuses it with --unmount too, naming the rule" '
	! STICKLER_MOUNTINFO=$T_TMP/station-mountinfo \
		"$STICKLER" list --check /dev/sdb --unmount 2>"$T_TMP/err" &&
	grep -q "is the disk the station runs from: never written" \
		"$T_TMP/err"
'

t_done

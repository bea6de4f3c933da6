#!/bin/sh
# t155-persist-probe.sh - the probe names a live system's family from its
# squashfs and a boot entry that starts it, and says why when it is none.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-live.sh"
t_desc "probe: live-boot, casper, and neither, in JSON and in text"
t_need xorriso jq

live=$(t_fakelive fake-live.iso)
casper=$(t_fakelive fake-casper.iso)
nolive=$(t_fakelive fake-nolive.iso)

t_expect "live-boot: family and squashfs in JSON" '
	"$STICKLER" probe --json "$live" | jq -ce .live >"$T_TMP/out" &&
	test "$(cat "$T_TMP/out")" = \
		"{\"family\":\"live-boot\",\"squashfs\":\"/live/filesystem.squashfs\",\"label\":\"persistence\"}"
'

t_expect "casper: family and squashfs in JSON" '
	"$STICKLER" probe --json "$casper" | jq -ce .live >"$T_TMP/out" &&
	test "$(cat "$T_TMP/out")" = \
		"{\"family\":\"casper\",\"squashfs\":\"/casper/filesystem.squashfs\",\"label\":\"casper-rw\"}"
'

t_expect "a squashfs no boot entry starts is no live system" '
	"$STICKLER" probe --json "$nolive" | jq -e ".live == null" &&
	"$STICKLER" probe "$nolive" >"$T_TMP/text" &&
	grep -A1 "^Live system *none: " "$T_TMP/text" | tr -s " \n" " " |
		grep -q "/live/filesystem.squashfs.* is there, but no boot entry says boot=live"
'

t_expect "an ISO with no squashfs, and a disk image: null" '
	"$STICKLER" probe --json "$(t_fixture isolinux.iso)" |
		jq -e ".live == null" &&
	"$STICKLER" probe "$(t_fixture isolinux.iso)" |
		grep -q "^Live system *none: no squashfs in /live" &&
	"$STICKLER" probe --json "$(t_fixture disk.img)" |
		jq -e ".live == null"
'

t_expect "text names the family and the squashfs" '
	"$STICKLER" probe "$live" |
		grep -q "^Live system *live-boot, /live/filesystem.squashfs" &&
	"$STICKLER" probe "$casper" |
		grep -q "^Live system *casper, /casper/filesystem.squashfs"
'

t_done

#!/bin/sh
# t158-persist-refusals.sh - persistence asked where it cannot be had:
# one line saying why, exit status 1 or 2, and no target made.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-live.sh"
t_desc "persistence refused: raw mode, no live system, no room, bad size"
t_need xorriso

live=$(t_fakelive fake-live.iso)
nolive=$(t_fakelive fake-nolive.iso)
stick=$T_TMP/stick.img

# refused ARGS...: stickler write fails, says one line, makes no file
refused()
{
	! "$STICKLER" write "$@" --yes >"$T_TMP/out" 2>"$T_TMP/err" &&
	test ! -e "$stick" &&
	test "$(wc -l <"$T_TMP/err")" = 1 &&
	cat "$T_TMP/err"
}

t_expect "raw mode: the menu is inside the ISO 9660, use ISO mode" '
	refused "$live" "$stick" --mode raw --persistence 1G &&
	grep -q "persistence cannot be added in raw mode: the boot menu stays inside the ISO 9660 file system, where no boot parameter can be added; use --mode iso" \
		"$T_TMP/err"
'

t_expect "no live system: the reason the probe gave" '
	refused "$nolive" "$stick" --mode iso --persistence 64M &&
	grep -q "persistence needs a live system stickler knows (Debian live-boot or Ubuntu casper): ./live/filesystem.squashfs. is there, but no boot entry says boot=live" \
		"$T_TMP/err" &&
	refused "$(t_fixture isolinux.iso)" "$stick" --persistence 64M &&
	grep -q "no squashfs in /live" "$T_TMP/err"
'

t_expect "rest on a file target needs its size" '
	refused "$live" "$stick" --mode iso --persistence rest &&
	grep -q "persistence rest needs the target.s size" "$T_TMP/err"
'

t_expect "a target too small for the image and the partition" '
	refused "$live" "$stick" --mode iso --size 96M --persistence 64M &&
	grep -q "is too small for the image and a 64.0 MiB persistence partition" \
		"$T_TMP/err" &&
	refused "$live" "$stick" --mode iso --size 96M --persistence rest &&
	grep -q "no room for persistence on" "$T_TMP/err"
'

t_expect "a size that is no size is a usage error" '
	{ "$STICKLER" write "$live" "$stick" --persistence lots --yes \
		2>"$T_TMP/err"; rc=$?; } ; test "$rc" = 2 &&
	grep -q "bad persistence size .lots." "$T_TMP/err" &&
	test ! -e "$stick"
'

t_expect "auto mode with persistence writes in ISO mode" '
	"$STICKLER" write "$live" "$stick" --persistence 64M --yes \
		>"$T_TMP/out" 2>&1 &&
	sfdisk -d "$stick" | grep -q "type=83"
'

t_done

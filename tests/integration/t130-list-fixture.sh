#!/bin/sh
# t130-list-fixture.sh - `stickler list` on a fixture machine: what is
# offered, what is hidden and why, as text and JSON.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-devices.sh"
t_desc "list the fixture machine's disks, default and --all"
t_need jq

t_sysfs_fixture || t_skip_all "cannot build the fixture sysfs"

t_expect "--all --json lists every disk with its reason" '
	"$STICKLER" list --all --json >"$T_TMP/all.json" &&
	jq -e . "$T_TMP/all.json" >/dev/null &&
	t_cmp_expected all-json "$T_TMP/all.json"
'

t_expect "the default list holds only USB and MMC disks" '
	"$STICKLER" list --json >"$T_TMP/default.json" &&
	jq -r ".devices[].name" "$T_TMP/default.json" >"$T_TMP/names" &&
	printf "mmcblk0\nsdb\nsdc\n" | diff -u - "$T_TMP/names"
'

t_expect "an empty loop device is not listed" '
	! jq -e ".devices[] | select(.name == \"loop1\")" "$T_TMP/all.json"
'

t_expect "the system disk is refused through the fixture mountinfo" '
	jq -e ".devices[] | select(.name == \"sda\") |
		.offered == false and .reason == \"holds / (mounted)\"" \
		"$T_TMP/all.json"
'

t_expect "a USB 3 stick on a USB 2 link carries the warning" '
	jq -e ".devices[] | select(.name == \"sdc\") |
		.slow_link and .speed_mbps == 480 and .offered" \
		"$T_TMP/all.json" &&
	! jq -e ".devices[] | select(.name == \"sdb\") | .slow_link" \
		"$T_TMP/all.json"
'

t_expect "the disk holding the source image is marked" '
	"$STICKLER" list --all --json --image /var/tmp/disk.img |
		jq -e ".devices[] | select(.name == \"loop0\") |
			.reason == \"holds the source image\""
'

t_expect "the text list matches and fits 80 columns" '
	"$STICKLER" list --all >"$T_TMP/all.txt" &&
	t_max_width "$T_TMP/all.txt" &&
	t_cmp_expected all-text "$T_TMP/all.txt"
'

t_expect "text names the mount points and the warning" '
	grep -q "sdb1 .*/media/user/MY STICK" "$T_TMP/all.txt" &&
	grep -q "warning: a 5 Gbit/s device on a 480 Mbit/s (USB 2) link" \
		"$T_TMP/all.txt"
'

t_expect "long names are cut to 80 columns" '
	long=$(printf "%0150d" 0) &&
	echo "$long" >"$STICKLER_SYSFS/block/sdb/device/../../../../product" &&
	sed -i "s|/media/user/MY\\\\040STICK|/media/$long|" \
		"$STICKLER_MOUNTINFO" &&
	"$STICKLER" list --all >"$T_TMP/long.txt" &&
	grep -q "/media/000" "$T_TMP/long.txt" &&
	grep -q "5 Gbit/s   SanDisk 0000*\.\.\.$" "$T_TMP/long.txt" &&
	t_max_width "$T_TMP/long.txt"
'

t_done

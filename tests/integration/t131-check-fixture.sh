#!/bin/sh
# t131-check-fixture.sh - every refusal reason of the safety check, on the
# fixture machine, through `stickler list --check` (which never writes).
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-devices.sh"
t_desc "each safety rule refuses with its own message"

t_sysfs_fixture || t_skip_all "cannot build the fixture sysfs"

# check TARGET [OPTIONS]: one line "TARGET: exit status, message"
check()
{
	t=$1
	shift
	"$STICKLER" list --check "$t" "$@" >"$T_TMP/o" 2>"$T_TMP/e"
	echo "$t $*: $? $(cat "$T_TMP/o" "$T_TMP/e" |
		sed "s|$T_TMP|<tmp>|g")"
}

t_expect "the messages name the reason for each disk" '
	for t in /dev/sda /dev/sdb /dev/sdc /dev/sdd /dev/mmcblk0 \
		/dev/nvme0n1 /dev/dm-0 /dev/loop0 /dev/sdb1 /dev/sdz; do
		check "$t"
	done >"$T_TMP/plain" &&
	t_cmp_expected plain "$T_TMP/plain"
'

t_expect "--any-device and --unmount lift only their own rule" '
	{
		check /dev/loop0 --any-device &&
		check /dev/loop0 --any-device --image /var/tmp/disk.img &&
		check /dev/sda --any-device --unmount &&
		check /dev/sdd --any-device &&
		check /dev/nvme0n1 --any-device &&
		check /dev/sdb --unmount
	} >"$T_TMP/flags" &&
	t_cmp_expected flags "$T_TMP/flags"
'

t_expect "a stick is found by its serial" '
	"$STICKLER" list --check usb:4C530009876543210987 >"$T_TMP/o" &&
	grep -qx "./dev/sdc. may be written" "$T_TMP/o" &&
	! "$STICKLER" list --check usb:NOSUCH 2>"$T_TMP/e" &&
	grep -q "no USB disk with serial .NOSUCH." "$T_TMP/e"
'

t_expect "a live system on a USB stick is never written" '
	cp "$STICKLER_MOUNTINFO" "$T_TMP/live" &&
	echo "50 22 8:32 / /usr rw - ext4 /dev/sdc rw" >>"$T_TMP/live" &&
	! STICKLER_MOUNTINFO=$T_TMP/live "$STICKLER" list --check /dev/sdc \
		--unmount --any-device 2>"$T_TMP/e" &&
	grep -q "./dev/sdc. holds /usr (mounted): never written" "$T_TMP/e"
'

t_expect "a regular file is a file target, not a disk" '
	"$STICKLER" list --check "$T_TMP/target.img" >"$T_TMP/o" &&
	grep -q "not a block device: a file target" "$T_TMP/o"
'

t_expect "write to a fixture stick by serial opens nothing" '
	t_random t131-check-fixture:img 4096 >"$T_TMP/img" &&
	! "$STICKLER" write "$T_TMP/img" usb:4C530009876543210987 --mode raw \
		--yes 2>"$T_TMP/e" &&
	grep -q "no such device ./dev/sdc.\|comes from the test sysfs" \
		"$T_TMP/e" &&
	! "$STICKLER" write "$T_TMP/img" usb:NOSUCH --mode raw --yes \
		2>"$T_TMP/e" &&
	grep -q "no USB disk with serial .NOSUCH." "$T_TMP/e"
'

t_done

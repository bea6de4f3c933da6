#!/bin/sh
# t305-wizard-devices.sh - the target list on a fixture machine: sticks
# with vendor and warnings, hidden disks with reasons, a stick plugged in
# while the screen is up, the unmount question, and no write to a fixture.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
. "$T_TOP/tests/lib-devices.sh"
t_desc "wizard: device list, hotplug and refusals on the fixture sysfs"
t_need tmux

t_sysfs_fixture || t_skip_all "cannot build the fixture sysfs"
W_ENV="STICKLER_SYSFS=$STICKLER_SYSFS STICKLER_MOUNTINFO=$STICKLER_MOUNTINFO STICKLER_SWAPS=$STICKLER_SWAPS"
iso=$T_TMP/ipxe.iso
cp /usr/lib/ipxe/ipxe.iso "$iso"
w_start

t_expect "USB sticks and the SD card are listed with their notes" '
	w_to_report "$iso" && w_keys Enter && w_wait "Choose the target" &&
	w_screen >"$T_TMP/s" &&
	grep -q "sdb .*usb .*SanDisk.*mounted: asks to unmount" "$T_TMP/s" &&
	grep -q "sdc .*slow: USB 3 on a USB 2" "$T_TMP/s" &&
	grep -q "mmcblk0 .*write-protected" "$T_TMP/s" &&
	! grep -q "sda " "$T_TMP/s"
'

t_expect "a shows every disk with the reason it is not offered" '
	w_keys a && w_wait "holds / (mounted)" &&
	w_screen | grep -q "sdd .*swap" &&
	w_keys a && w_gone "holds / (mounted)"
'

t_expect "a write-protected card cannot be chosen, with the reason" '
	w_keys Home Enter &&
	w_wait "mmcblk0 cannot be chosen: write-protected"
'

t_expect "a stick plugged in appears while the screen is up" '
	"$T_TOP/tests/data/mksysfs.sh" "$T_TMP/fx" add-usb sde 8:64 NEWSTICK1 &&
	w_wait "sde "
'

t_expect "a mounted stick asks before unmounting; n asks nothing more" '
	w_keys Home Down Enter && w_wait "sdb has mounted partitions" &&
	w_wait "sdb1 on /media/user/MY STICK" &&
	w_keys n && w_gone "sdb has mounted partitions" &&
	w_screen | grep -q "Choose the target"
'

t_expect "y goes on; the fixture disk is refused before any write" '
	w_keys Enter && w_wait "sdb has mounted partitions" &&
	w_keys y && w_wait "Write mode" && w_keys Enter &&
	w_wait "cannot write this:" &&
	w_wait "Nothing was written" &&
	! test -f /dev/sdb
'

t_done

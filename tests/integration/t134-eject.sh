#!/bin/sh
# t134-eject.sh - "safe to remove": eject and write --eject power a stick
# off through sysfs (the USB device's remove, else the SCSI delete), on
# the fixture machine; never a real disk.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-devices.sh"
t_desc "eject: a stick powered off through the fixture sysfs"

t_sysfs_fixture || t_skip_all "cannot build the fixture sysfs"
usb=$STICKLER_SYSFS/devices/pci0000:00/0000:00:14.0/usb1/1-4
scsi=$usb/1-4:1.0/host14/target14:0:0/14:0:0:0

t_expect "the fixture's sdc has the USB and SCSI directories used here" '
	test -f "$usb/busnum" && test "$(readlink -f "$STICKLER_SYSFS/block/sdc/device")" = "$(readlink -f "$scsi")"
'

t_expect "the USB device's remove attribute gets 1" '
	: >"$usb/remove" &&
	"$STICKLER" eject /dev/sdc >"$T_TMP/out" &&
	grep -q "^./dev/sdc. is powered off: safe to remove (the USB device was removed from its port)" "$T_TMP/out" &&
	test "$(cat "$usb/remove")" = 1
'

t_expect "by serial too" '
	: >"$usb/remove" &&
	"$STICKLER" eject usb:4C530009876543210987 >/dev/null &&
	test "$(cat "$usb/remove")" = 1
'

t_expect "without it, the SCSI device is deleted" '
	rm -f "$usb/remove" && : >"$scsi/delete" &&
	"$STICKLER" eject /dev/sdc >"$T_TMP/out" &&
	grep -q "deleted from the SCSI layer" "$T_TMP/out" &&
	test "$(cat "$scsi/delete")" = 1
'

t_expect "neither: a clear refusal, exit 1" '
	rm -f "$scsi/delete" &&
	{ "$STICKLER" eject /dev/sdc 2>"$T_TMP/err"; test $? = 1; } &&
	grep -q "cannot be powered off: sysfs offers no remove or delete" "$T_TMP/err"
'

t_expect "a stick with a mounted file system is not powered off" '
	b=$(dirname "$(readlink -f "$STICKLER_SYSFS/block/sdb/device")") &&
	{ "$STICKLER" eject /dev/sdb 2>"$T_TMP/err"; test $? = 1; } &&
	grep -q "has a mounted file system (/media/user/MY STICK)" "$T_TMP/err"
'

t_expect "a swap disk, or one dm-crypt holds, is not powered off" '
	sd=$(readlink -f "$STICKLER_SYSFS/block/sdd/device") &&
	: >"$sd/delete" &&
	{ "$STICKLER" eject /dev/sdd 2>"$T_TMP/err"; test $? = 1; } &&
	grep -q "^stickler: ./dev/sdd. is in use (swap): not powered off" "$T_TMP/err" &&
	test ! -s "$sd/delete" &&
	{ "$STICKLER" eject /dev/nvme0n1 2>"$T_TMP/err"; test $? = 1; } &&
	grep -q "^stickler: ./dev/nvme0n1. is in use (used by dm-0): not powered off" "$T_TMP/err"
'

t_expect "write --eject refuses a file target and --no-verify, writes nothing" '
	head -c 1M /dev/urandom >"$T_TMP/img" &&
	{ "$STICKLER" write "$T_TMP/img" "$T_TMP/t.img" --mode raw --yes \
		--eject 2>"$T_TMP/err"; test $? = 2; } &&
	grep -q "eject powers off a stick, and .*t.img. is a file" "$T_TMP/err" &&
	test ! -e "$T_TMP/t.img" &&
	{ "$STICKLER" write "$T_TMP/img" "$T_TMP/t.img" --mode raw --yes \
		--eject --no-verify 2>/dev/null; test $? = 2; } &&
	test ! -e "$T_TMP/t.img"
'

t_done

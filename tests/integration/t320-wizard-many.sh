#!/bin/sh
# t320-wizard-many.sh - marking several sticks with space on the fixture
# machine: marks shown and counted, refusals said, a stick that leaves is
# forgotten, the plan names them all and writes nothing to a fixture.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
. "$T_TOP/tests/lib-devices.sh"
t_desc "wizard: several sticks marked with space (fixture sysfs)"
t_need tmux

t_sysfs_fixture || t_skip_all "cannot build the fixture sysfs"
W_ENV="STICKLER_SYSFS=$STICKLER_SYSFS STICKLER_MOUNTINFO=$STICKLER_MOUNTINFO STICKLER_SWAPS=$STICKLER_SWAPS"
iso=$T_TMP/ipxe.iso
cp /usr/lib/ipxe/ipxe.iso "$iso"
w_start

t_expect "space marks a stick; the row shows it and the count is said" '
	w_to_report "$iso" && w_keys Enter && w_wait "Choose the target" &&
	"$T_TOP/tests/data/mksysfs.sh" "$T_TMP/fx" add-usb sde 8:64 NEWSTICK1 &&
	w_wait "sde " &&
	w_keys Home Down Down Space && w_wait "1 sticks marked" &&
	w_screen | grep -q "^ *\* *sdc " &&
	w_keys Down Space && w_wait "2 sticks marked: Enter writes them all" &&
	w_screen | grep -q "^ *\* *sde "
'

t_expect "a write-protected card and a mounted stick cannot be marked" '
	w_keys Home Space && w_wait "mmcblk0 cannot be marked" &&
	w_keys Down Space && w_wait "sdb has mounted partitions: choose it alone" &&
	! w_screen | grep -q "^ *\* *sdb "
'

t_expect "a marked stick that leaves is forgotten" '
	"$T_TOP/tests/data/mksysfs.sh" "$T_TMP/fx" remove sde &&
	w_gone "sde " &&
	w_keys Down && w_screen | grep -q "^ *\* *sdc " &&
	w_keys Space && w_wait "0 sticks marked" &&
	w_keys Space && w_wait "1 sticks marked" &&
	"$T_TOP/tests/data/mksysfs.sh" "$T_TMP/fx" add-usb sde 8:64 NEWSTICK1 &&
	w_wait "sde " && ! w_screen | grep -q "^ *\* *sde "
'

t_expect "two marked: the confirmation names both; a fixture is never written" '
	w_keys End Up Space && w_wait "2 sticks marked" &&
	w_keys Enter && w_wait "Write mode" && w_keys Enter &&
	w_wait "ERASE:  2 sticks" &&
	w_wait "cannot write this:" && w_wait "Nothing was written" &&
	grep -q "target 1 of 2: /dev/sdc" "$T_TMP/state/stickler/stickler.log" &&
	grep -q "target 2 of 2: /dev/sde" "$T_TMP/state/stickler/stickler.log" &&
	! test -e /dev/sde
'

t_done

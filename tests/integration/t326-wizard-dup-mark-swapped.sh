#!/bin/sh
# t326-wizard-dup-mark-swapped.sh - a stick marked for the duplicator and
# swapped for another on the same port (same name and device number,
# another serial) before the words are typed: the one there at the start
# was not marked, so it is left alone.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
. "$T_TOP/tests/lib-devices.sh"
t_desc "wizard: duplicator leaves a stick that took a marked stick's name alone"
t_need tmux

t_sysfs_fixture || t_skip_all "cannot build the fixture sysfs"
W_ENV="STICKLER_SYSFS=$STICKLER_SYSFS STICKLER_MOUNTINFO=$STICKLER_MOUNTINFO STICKLER_SWAPS=$STICKLER_SWAPS"
iso=$T_TMP/ipxe.iso
cp /usr/lib/ipxe/ipxe.iso "$iso"
log=$T_TMP/state/stickler/stickler.log
fx=$T_TMP/fx
w_start

t_expect "sdc marked, then another stick as sdc: there before, not written" '
	w_to_report "$iso" && w_keys Enter && w_wait "Choose the target" &&
	w_keys Home Down Down Space && w_wait "1 sticks marked" &&
	w_keys d && w_wait "Duplicator mode: write every stick" &&
	"$T_TOP/tests/data/mksysfs.sh" "$fx" remove sdc &&
	"$T_TOP/tests/data/mksysfs.sh" "$fx" add-usb sdc 8:32 OTHERSTICK 4 &&
	w_type "ERASE EVERY STICK I INSERT" && w_keys Enter &&
	w_wait "sdc " && sleep 2 &&
	w_screen | grep -q "sdc .*there before: not written" &&
	! grep -q "duplicator: /dev/sdc came" "$log"
'

t_done

#!/bin/sh
# t325-wizard-dup-list-fails.sh - the duplicator's first look at the disks
# fails (the fixture's block directory is gone for a moment): the sticks
# in before the start are still the ones the first list that could be
# read shows, left alone, not taken for sticks plugged in after it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
. "$T_TOP/tests/lib-devices.sh"
t_desc "wizard: duplicator whose first disk list fails leaves the sticks in before alone"
t_need tmux

t_sysfs_fixture || t_skip_all "cannot build the fixture sysfs"
W_ENV="STICKLER_SYSFS=$STICKLER_SYSFS STICKLER_MOUNTINFO=$STICKLER_MOUNTINFO STICKLER_SWAPS=$STICKLER_SWAPS"
iso=$T_TMP/ipxe.iso
cp /usr/lib/ipxe/ipxe.iso "$iso"
log=$T_TMP/state/stickler/stickler.log
w_start

t_expect "sdb and sdc stay 'there before' after the list could be read again" '
	w_to_report "$iso" && w_keys Enter && w_wait "Choose the target" &&
	w_keys d && w_wait "Duplicator mode: write every stick" &&
	mv "$STICKLER_SYSFS/block" "$STICKLER_SYSFS/block.away" &&
	w_type "ERASE EVERY STICK I INSERT" && w_keys Enter &&
	w_wait "cannot list the disks" &&
	mv "$STICKLER_SYSFS/block.away" "$STICKLER_SYSFS/block" &&
	w_wait "sdc " && sleep 2 &&
	w_screen | grep -q "sdb .*there before: not written" &&
	w_screen | grep -q "sdc .*there before: not written" &&
	! grep -q "duplicator: /dev/sd[bc] came" "$log"
'

t_done

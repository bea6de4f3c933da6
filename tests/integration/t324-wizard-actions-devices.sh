#!/bin/sh
# t324-wizard-actions-devices.sh - the first screen's restore, test and
# read on the fixture machine: the sticks listed with their notes, a
# write-protected card refused, a mounted stick said to be unmounted
# first, the stick's name typed before anything, and no fixture device
# ever opened (the result says why).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
. "$T_TOP/tests/lib-devices.sh"
t_desc "wizard: restore, test and read on the fixture sysfs"
t_need tmux

t_sysfs_fixture || t_skip_all "cannot build the fixture sysfs"
W_ENV="STICKLER_SYSFS=$STICKLER_SYSFS STICKLER_MOUNTINFO=$STICKLER_MOUNTINFO STICKLER_SWAPS=$STICKLER_SWAPS"
log=$T_TMP/state/stickler/stickler.log
w_start

t_expect "r lists the sticks; a write-protected card cannot be used" '
	w_wait "Choose an image" && w_keys r &&
	w_wait "Restore a stick to a plain data stick" &&
	w_wait "Everything on the chosen stick will be erased" &&
	w_screen | grep -q "mmcblk0 .*write-protected" &&
	w_screen | grep -q "sdb .*mounted: unmounted first" &&
	w_screen | grep -q "sdc .*SanDisk" &&
	w_keys Home Enter && w_wait "mmcblk0 cannot be used: write-protected"
'

t_expect "restore of sdc: its name typed, then refused before it is opened" '
	w_keys Down Down Enter && w_wait "Label:" && w_keys Enter &&
	w_wait "Type '\''sdc'\'' to go on" &&
	w_screen | grep -q "/dev/sdc: SanDisk Ultra USB 3.0, 28.6 GiB, serial .4C530009876543210987." &&
	w_type sdc && w_keys Enter && w_wait "Failed" &&
	w_screen | tr -s " \n" " " | grep -q "cannot open ./dev/sdc.: No such file or directory" &&
	! test -e /dev/sdc &&
	w_keys Enter && w_wait "Choose an image"
'

t_expect "test of a mounted stick says it is unmounted first; Esc goes back" '
	w_keys t && w_wait "Test a stick: its real capacity (quick)" &&
	w_keys f && w_wait "Test a stick: every block (full)" &&
	w_keys Home Down Enter && w_wait "Type '\''sdb'\'' to go on" &&
	w_wait "Its mounted partitions are unmounted first" &&
	w_screen | tr -s " \n" " " | grep -q "every block is written with a pattern and read back" &&
	w_keys Escape && w_wait "Test a stick: every block (full)" &&
	w_keys Escape && w_wait "Choose an image"
'

t_expect "m reads a card too (reading changes nothing); the fixture is not opened" '
	w_keys m && w_wait "Reading changes nothing on the source" &&
	w_keys Home Enter && w_wait "Image file:" &&
	w_screen | grep -q "mmcblk0.img" &&
	w_keys C-u && w_type "$T_TMP/card.img" && w_keys Enter && w_wait "Failed" &&
	! test -e "$T_TMP/card.img" &&
	grep -q "Make an image from a stick or disc: /dev/mmcblk0 (serial .0x9f3a2c11.)" "$log"
'

t_done

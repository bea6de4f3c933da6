#!/bin/sh
# t321-wizard-duplicator.sh - the duplicator mode on the fixture machine:
# the typed words start it, sticks there before are left alone unless
# marked, a stick plugged in gets a row and a write of its own (which the
# command line refuses for a fixture: nothing is written), one pulled out
# goes, each stick's serial, vendor, model, size, result and time are
# logged, and Esc ends the mode.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
. "$T_TOP/tests/lib-devices.sh"
t_desc "wizard: duplicator mode with sticks coming and going (fixture sysfs)"
t_need tmux

t_sysfs_fixture || t_skip_all "cannot build the fixture sysfs"
W_ENV="STICKLER_SYSFS=$STICKLER_SYSFS STICKLER_MOUNTINFO=$STICKLER_MOUNTINFO STICKLER_SWAPS=$STICKLER_SWAPS"
iso=$T_TMP/ipxe.iso
cp /usr/lib/ipxe/ipxe.iso "$iso"
log=$T_TMP/state/stickler/stickler.log
fx=$T_TMP/fx
w_start

t_expect "d opens the mode; it says every stick is erased, files or not" '
	w_to_report "$iso" && w_keys Enter && w_wait "Choose the target" &&
	w_keys Home Down Down Space && w_wait "1 sticks marked" &&
	w_keys d && w_wait "Duplicator mode: write every stick" &&
	w_wait "EVERY USB stick or SD card inserted is erased" &&
	w_screen | tr -s " \n" " " | grep -q "Sticks that hold files are written too" &&
	w_screen | grep -q "Type ERASE EVERY STICK I INSERT to start"
'

t_expect "other words do not start it; Tab turns the capacity test on" '
	w_type "ERASE EVERY STICK" && w_keys Enter &&
	w_wait "type ERASE EVERY STICK I INSERT exactly" &&
	! grep -q "duplicator mode started" "$log" &&
	w_keys Tab && w_wait "[x] Test each stick" &&
	w_keys Tab && w_wait "[ ] Test each stick"
'

t_expect "the words start it: sticks there before are left, the marked one goes" '
	w_keys C-u && w_type "ERASE EVERY STICK I INSERT" && w_keys Enter &&
	w_wait "Duplicator: insert sticks" &&
	w_wait "sdb " && w_screen | grep -q "sdb .*there before: not written" &&
	w_screen | grep -q "mmcblk0 .*there before: not written" &&
	w_wait "sdc " && w_wait "failed: no such device" &&
	w_screen | grep -q "sdc .*failed: no such device" &&
	grep -q "duplicator mode started: .ERASE EVERY STICK I INSERT. typed" "$log"
'

t_expect "a stick plugged in gets its own row and write; the log names it" '
	"$T_TOP/tests/data/mksysfs.sh" "$fx" add-usb sde 8:64 NEWSTICK1 &&
	w_wait "sde " && w_wait "0 written, 2 failed" &&
	w_screen | grep -q "sde .*28.6 GiB.*failed: no such device" &&
	grep -q "duplicator: /dev/sde came: serial .NEWSTICK1., vendor .SanDisk., model .Ultra USB 3.0., 30752636928 bytes; it held: sde 28.6 GiB (not read" "$log" &&
	grep -q "duplicator: stick /dev/sde: serial .NEWSTICK1., vendor .SanDisk., model .Ultra USB 3.0., 30752636928 bytes: no such device ./dev/sde.; target ./dev/sde. untouched in [0-9.]* s" "$log" &&
	! test -e /dev/sde
'

# many add|remove: ten more sticks, sdf to sdo, each on a port of its own
many()
{
	n=0
	for x in f g h i j k l m n o; do
		n=$((n + 1))
		if test "$1" = add; then
			"$T_TOP/tests/data/mksysfs.sh" "$fx" add-usb sd$x \
				8:$((64 + 16 * n)) MANY$n $((7 + n)) || return 1
		else
			"$T_TOP/tests/data/mksysfs.sh" "$fx" remove sd$x || return 1
		fi
	done
}

t_expect "more sticks than rows: the new ones first, the rest counted" '
	many add && W_TIMEOUT=40 w_wait "0 written, 12 failed" &&
	w_wait "... and 4 more sticks" &&
	! w_screen | grep -q "there before" &&
	grep -c "duplicator: /dev/sd[f-o] came: serial .MANY" "$log" >"$T_TMP/n" &&
	test "$(cat "$T_TMP/n")" = 10 &&
	many remove && w_gone "and 4 more" && w_wait "sdb " &&
	w_screen | grep -q "sdb .*there before: not written"
'

t_expect "a stick pulled out goes; Esc with nothing running ends the mode" '
	"$T_TOP/tests/data/mksysfs.sh" "$fx" remove sde &&
	w_gone "sde  " && w_wait "sde removed: it failed" &&
	w_keys Escape && w_wait "Choose the target" &&
	grep -q "duplicator mode ended: 0 written, 12 failed" "$log"
'

t_done

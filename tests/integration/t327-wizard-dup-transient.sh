#!/bin/sh
# t327-wizard-dup-transient.sh - the duplicator and sticks there before
# that vanish for a moment: one missing from a look at the list and back
# (same disk), one numbered again by the kernel (a reset: another
# diskseq, same serial and size) and one the mode's first look missed
# are still the sticks there before, and not written; one that stays
# away until its row goes and comes back is a new stick, and written.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
. "$T_TOP/tests/lib-devices.sh"
t_desc "wizard: duplicator keeps a stick there before that vanished a moment"
t_need tmux

t_sysfs_fixture || t_skip_all "cannot build the fixture sysfs"
W_ENV="STICKLER_SYSFS=$STICKLER_SYSFS STICKLER_MOUNTINFO=$STICKLER_MOUNTINFO STICKLER_SWAPS=$STICKLER_SWAPS"
iso=$T_TMP/ipxe.iso
cp /usr/lib/ipxe/ipxe.iso "$iso"
log=$T_TMP/state/stickler/stickler.log
fx=$T_TMP/fx
w_start

# w_log TEXT: wait until the log holds TEXT
w_log()
{
	i=0
	until grep -qF -- "$1" "$log" 2>/dev/null; do
		i=$((i + 1))
		test $i -lt 200 || { echo "# no '$1' in the log"; return 1; }
		sleep 0.05
	done
}

t_expect "sdb missed by the first look, back at once: there before too" '
	w_to_report "$iso" && w_keys Enter && w_wait "Choose the target" &&
	w_wait "sdb " && w_keys d &&
	w_wait "Duplicator mode: write every stick" &&
	to=$(readlink "$fx/sys/block/sdb") &&
	"$T_TOP/tests/data/mksysfs.sh" "$fx" remove sdb &&
	w_type "ERASE EVERY STICK I INSERT" && w_keys Enter &&
	w_wait "sdc " && ln -s "$to" "$fx/sys/block/sdb" &&
	w_wait "sdb " && sleep 1 &&
	w_screen | grep -q "sdb .*there before: not written" &&
	w_screen | grep -q "sdc .*there before: not written" &&
	! grep -q "duplicator: /dev/sdb came" "$log"
'

t_expect "sdb missing from one look and back: the same stick, not written" '
	to=$(readlink "$fx/sys/block/sdb") &&
	"$T_TOP/tests/data/mksysfs.sh" "$fx" remove sdb &&
	w_log "duplicator: /dev/sdb not seen" &&
	ln -s "$to" "$fx/sys/block/sdb" &&
	w_log "duplicator: /dev/sdb seen again: the same stick" &&
	sleep 3 &&
	w_screen | grep -q "sdb .*there before: not written" &&
	! grep -q "duplicator: /dev/sdb came" "$log"
'

t_expect "sdc numbered again by the kernel at once: still not written" '
	"$T_TOP/tests/data/mksysfs.sh" "$fx" remove sdc &&
	w_log "duplicator: /dev/sdc not seen" &&
	"$T_TOP/tests/data/mksysfs.sh" "$fx" add-usb sdc 8:32 \
		4C530009876543210987 4 &&
	w_log "duplicator: /dev/sdc seen again: the same stick" &&
	sleep 3 &&
	w_screen | grep -q "sdc .*there before: not written" &&
	! grep -q "duplicator: /dev/sdc came" "$log"
'

t_expect "sdc gone until its row goes, then back: new, and written" '
	"$T_TOP/tests/data/mksysfs.sh" "$fx" remove sdc &&
	w_gone "sdc " &&
	"$T_TOP/tests/data/mksysfs.sh" "$fx" add-usb sdc 8:32 \
		4C530009876543210987 4 &&
	w_wait "sdc " && w_wait "failed: no such device" &&
	grep -q "duplicator: /dev/sdc came: serial .4C530009876543210987." "$log"
'

t_done

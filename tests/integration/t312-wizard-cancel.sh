#!/bin/sh
# t312-wizard-cancel.sh - cancel in the middle of a long write: the
# question, "n" goes on, "y" stops; the result says cancelled and what the
# target holds.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
t_desc "wizard: cancel a write of a large sparse disk image"
t_need tmux sfdisk

# A 16 GiB sparse disk image (an MBR, one partition): long enough to write
# that the cancel lands in the middle, and free of real blocks until read.
img=$T_TMP/big.img
truncate -s 16G "$img" &&
echo "start=2048, type=83" | sfdisk -q "$img" >/dev/null
target=$T_TMP/target.img
w_start

t_expect "the run screen shows progress" '
	w_to_report "$img" &&
	w_to_confirm "$target" &&
	w_type target.img && w_keys Enter &&
	w_wait "Writing: do not remove the target" &&
	w_wait "Phase: write" &&
	w_wait "speed graph:"
'

t_expect "? shows the help while writing, any key closes it" '
	w_keys "?" && w_wait "Help: Write" &&
	w_keys x && w_gone "Help: Write" &&
	w_screen | grep -q "Writing: do not remove the target"
'

t_expect "c asks first, n goes on" '
	w_keys c && w_wait "Stop writing now?" &&
	w_keys n && w_gone "Stop writing now?" &&
	w_screen | grep -q "Writing: do not remove the target"
'

t_expect "c then y stops the write, the result says cancelled" '
	w_keys c && w_wait "Stop writing now?" && w_keys y &&
	w_wait "Cancelled" &&
	w_screen >"$T_TMP/s" &&
	grep -q "The target is" "$T_TMP/s"
'

t_expect "the first MiB was never written: the stick cannot boot" '
	test "$(head -c 512 "$target" | tr -d "\0" | wc -c)" = 0
'

t_expect "q after the cancel exits with status 4" '
	w_keys q && w_exited 4
'

t_done

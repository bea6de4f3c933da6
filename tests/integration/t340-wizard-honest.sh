#!/bin/sh
# t340-wizard-honest.sh - a write goes on below 60x20 with a one-line
# progress, and the result states the target's whole state, wrapped.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
t_desc "wizard: one-line progress in a small terminal, the state sentence whole"
t_need tmux sfdisk

img=$T_TMP/big.img
truncate -s 16G "$img" &&
echo "start=2048, type=83" | sfdisk -q "$img" >/dev/null
target=$T_TMP/target.img
w_start

t_expect "F1 opens the help on the confirm screen, while typing too" '
	w_to_report "$img" &&
	w_to_confirm "$target" &&
	w_type tar && w_keys F1 && w_wait "Help: Confirm" &&
	w_keys x && w_gone "Help: Confirm"
'

t_expect "below 60x20 the run screen shows a one-line progress" '
	w_type get.img && w_keys Enter &&
	w_wait "Phase: write" &&
	w_tmux resize-window -x 50 -y 15 &&
	w_wait "c cancel" &&
	w_screen | grep -Eq "^write [0-9?]+%? .* of 16.0 GiB" &&
	! w_screen | grep -q "terminal too small"
'

t_expect "c asks on the one line, y stops" '
	w_keys c && w_wait "Stop writing now? y/n" && w_keys y &&
	w_tmux resize-window -x 80 -y 24 &&
	w_wait "Cancelled"
'

t_expect "the target state is shown whole, wrapped, not cut" '
	w_screen | tr -s " \n" "  " >"$T_TMP/s" &&
	grep -q "its first MiB was not written, so it will not boot: write it again\." "$T_TMP/s"
'

t_done

#!/bin/sh
# t341-wizard-sigint.sh - Ctrl-C during a write in the wizard: once curses
# has ended, the terminal says what the target holds, as the CLI does.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
t_desc "wizard: Ctrl-C during a write states the target afterwards"
t_need tmux sfdisk

img=$T_TMP/big.img
truncate -s 16G "$img" &&
echo "start=2048, type=83" | sfdisk -q "$img" >/dev/null
target=$T_TMP/target.img
w_start

t_expect "Ctrl-C during the write exits 4" '
	w_to_report "$img" &&
	w_to_confirm "$target" &&
	w_type target.img && w_keys Enter &&
	w_wait "Phase: write" &&
	w_keys C-c && w_exited 4
'

t_expect "the terminal then names the target and its state" '
	w_screen | tr -d "\n" >"$T_TMP/s" &&
	grep -q "stickler: stopped by the user; target .$target. partially written" "$T_TMP/s"
'

t_done

#!/bin/sh
# t310-wizard-write-raw.sh - the whole flow with a real image to an image
# file in raw mode: result screen, then `stickler verify` agrees.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
t_desc "wizard: ipxe.iso written raw to a file target and verified"
t_need tmux

iso=$T_TMP/ipxe.iso
cp /usr/lib/ipxe/ipxe.iso "$iso"
target=$T_TMP/stick.img
w_start

t_expect "the report shows the probe's verdict" '
	w_to_report "$iso" &&
	w_wait "Verdict:     raw" &&
	w_wait "Label:       ISOIMAGE"
'

t_expect "the confirmation shows the plan of the core" '
	w_to_confirm "$target" 8M "Right" &&
	w_wait "mode: raw" &&
	w_screen | grep -q "Mode:   raw" &&
	! test -s "$target"
'

t_expect "typing the name writes, verifies and shows the result" '
	w_type stick.img && w_keys Enter &&
	w_wait "Done: written and verified" &&
	w_wait ": identical" &&
	w_screen | grep -q "Target: $target"
'

t_expect "stickler verify agrees with the written file" '
	"$STICKLER" verify "$iso" "$target" >"$T_TMP/out" 2>&1 &&
	grep -q identical "$T_TMP/out" &&
	cmp -n "$(stat -c %s "$iso")" "$iso" "$target"
'

t_expect "Enter offers the next target with the same image, q exits 0" '
	w_keys Enter && w_wait "Choose the target" &&
	w_keys q && w_exited 0
'

t_done

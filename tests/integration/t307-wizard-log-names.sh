#!/bin/sh
# t307-wizard-log-names.sh - an image whose file name holds a newline:
# the browser shows it on one row, and the wizard's log names it with
# \x0a, so no line of the log is forged.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
t_desc "wizard: a newline in an image's name is one row and \\x0a in the log"
t_need tmux

lib=$T_TMP/lib
log=$T_TMP/state/stickler/stickler.log
mkdir -p "$lib" &&
	cp /usr/lib/ipxe/ipxe.iso "$lib/$(printf 'evil\n2026-01-01 00:00:00 info: x.iso')" ||
	t_fail "cannot make the image"
w_start --library "$lib"

t_expect "the browser shows the name on one row" '
	w_wait "Choose an image" &&
	w_wait "evil?2026-01-01 00:00:00 info: x.iso"
'

t_expect "chosen, the log names it with \\x0a; no line starts with its tail" '
	w_keys End Enter && w_wait "Image report" &&
	w_wait "Verdict:     raw" && test -s "$log" &&
	cat "$log" &&
	grep -qF "image '\''$lib/evil\x0a2026-01-01 00:00:00 info: x.iso'\'': ISOIMAGE, verdict raw" "$log" &&
	! grep -q "^2026-01-01 00:00:00 info: x.iso" "$log"
'

t_done

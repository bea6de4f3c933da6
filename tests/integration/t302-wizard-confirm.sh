#!/bin/sh
# t302-wizard-confirm.sh - an image-file target: too small is refused with
# the reason, and the confirmation refuses a wrong name and writes nothing.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
t_desc "wizard: image-file target and the typed confirmation"
t_need tmux

iso=$T_TMP/ipxe.iso
cp /usr/lib/ipxe/ipxe.iso "$iso"
target=$T_TMP/stick.img
w_start

t_expect "a target smaller than the image cannot be chosen" '
	w_to_report "$iso" &&
	w_keys Enter && w_wait "Choose the target" &&
	w_keys End Enter && w_wait "File:" &&
	w_keys C-u && w_type "$target" && w_keys Tab && w_type 1M &&
	w_keys Enter &&
	w_wait "too small: the image needs 2.0 MiB, the file would be 1.0 MiB" &&
	w_keys Escape && w_gone "File:"
'

t_expect "the confirmation names what is erased and written" '
	w_keys Escape && w_wait "Image report" &&
	w_to_confirm "$target" 4M &&
	w_screen >"$T_TMP/s" &&
	grep -q "ERASE:  stick.img, 4.0 MiB" "$T_TMP/s" &&
	grep -q "^ *$target\$" "$T_TMP/s" &&
	grep -q "Write:  $iso" "$T_TMP/s" &&
	grep -q "Type .stick.img. to erase it" "$T_TMP/s"
'

t_expect "a wrong name is refused and nothing is written" '
	w_type sdb && w_keys Enter &&
	w_wait "'"'"'sdb'"'"' is not '"'"'stick.img'"'"': nothing was written" &&
	w_screen | grep -q "Confirm: this erases the target" &&
	! test -e "$target"
'

t_expect "Esc goes back to the options, not forward" '
	w_keys Escape && w_wait "Write mode" &&
	! test -e "$target"
'

t_done

#!/bin/sh
# t347-wizard-target-is-image.sh - the wizard's "Image file..." target
# given the image's own path (and a symlink to it) is refused with the
# reason before anything is written; the image stays byte for byte.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
t_desc "wizard: the image as its own image-file target is refused"
t_need tmux

iso=$T_TMP/ipxe.iso
cp /usr/lib/ipxe/ipxe.iso "$iso"
ln -s ipxe.iso "$T_TMP/link.iso"
w_start

# as_target PATH: choose PATH as the image-file target of $iso
as_target()
{
	w_keys Enter && w_wait "Choose the target" &&
	w_keys End Enter && w_wait "File:" &&
	w_keys C-u && w_type "$1" && w_keys Tab C-u && w_type 4M &&
	w_keys Enter && w_wait "Write mode" && w_keys Enter
}

t_expect "the image's own path: refused, the image unchanged" '
	w_to_report "$iso" && as_target "$iso" &&
	w_wait "cannot write this:" && w_wait "Nothing was written." &&
	w_screen | grep -q "it would destroy the image" &&
	! w_screen | grep -q "Type .ipxe.iso. to erase" &&
	cmp /usr/lib/ipxe/ipxe.iso "$iso"
'

t_expect "a symlink to the image: refused, the image unchanged" '
	w_keys Escape && w_wait "Write mode" && w_keys Escape &&
	w_wait "Choose the target" && w_keys Escape &&
	w_wait "Image report" && as_target "$T_TMP/link.iso" &&
	w_wait "cannot write this:" && w_wait "Nothing was written." &&
	w_screen | grep -q "it would destroy the image" &&
	cmp /usr/lib/ipxe/ipxe.iso "$iso"
'

t_done

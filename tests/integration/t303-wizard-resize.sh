#!/bin/sh
# t303-wizard-resize.sh - below 60x20 (one column or one row less) one
# "terminal too small" message; back at 60x20 and 80x24 the screen is
# redrawn; ASCII drawing outside UTF-8.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
t_desc "wizard: resize below 60x20 and back, ASCII fallback, NO_COLOR"
t_need tmux

W_LANG=C W_ENV="NO_COLOR=1"
w_start

t_expect "at 59x20 only 'terminal too small' is shown, with the minimum" '
	w_wait "Choose an image" &&
	w_tmux resize-window -x 59 -y 20 &&
	w_wait "terminal too small (59x20, needs 60x20)" &&
	! w_screen | grep -q "Choose an image"
'

t_expect "keys other than q are ignored while too small" '
	w_keys Enter "?" && w_screen | grep -q "terminal too small" &&
	! w_screen | grep -q "Help"
'

t_expect "at 60x19 too: one row less is too small" '
	w_tmux resize-window -x 60 -y 19 &&
	w_wait "terminal too small (60x19, needs 60x20)"
'

t_expect "at 60x20 the screen is drawn again" '
	w_tmux resize-window -x 60 -y 20 &&
	w_wait "Choose an image" &&
	! w_screen | grep -q "terminal too small"
'

t_expect "back at 80x24 the steps are named again" '
	w_tmux resize-window -x 80 -y 24 &&
	w_wait "[1 Image] 2 Target  3 Options" &&
	! w_screen | grep -q "terminal too small"
'

t_expect "in the C locale boxes are drawn in ASCII" '
	w_keys "?" && w_wait "Help: Image" &&
	w_screen | grep -q "+- Help: Image" &&
	w_keys x && w_gone "Help: Image"
'

t_expect "outside UTF-8 a row cut short ends in ~" '
	w_tmux resize-window -x 60 -y 20 && w_wait "Choose an image" &&
	w_keys / && w_wait "Path:" &&
	w_type /usr/lib/ipxe/ipxe.iso && w_keys Enter &&
	w_wait "Image report" && w_wait "Secure Boot:" &&
	w_keys Enter && w_wait "Choose the target" &&
	w_screen | grep -q "Image file\.\.\." &&
	w_keys End Enter && w_wait "File:" &&
	w_keys C-u && w_type "$T_TMP/a-long-name-for-an-image-file-that-does-not-fit.img" &&
	w_keys Tab C-u && w_type 8M && w_keys Enter && w_wait "Write mode" &&
	w_keys Enter && w_wait "Confirm: this erases the target" &&
	w_wait_re "^ *$T_TMP/[a-z-]*~$"
'

t_done

#!/bin/sh
# t303-wizard-resize.sh - below 80x24 one "terminal too small" message;
# back at 80x24 the screen is redrawn; ASCII drawing outside UTF-8.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
t_desc "wizard: resize to 60x20 and back, ASCII fallback, NO_COLOR"
t_need tmux

W_LANG=C W_ENV="NO_COLOR=1"
w_start

t_expect "at 60x20 only 'terminal too small' is shown" '
	w_wait "Choose an image" &&
	w_tmux resize-window -x 60 -y 20 &&
	w_wait "terminal too small" &&
	! w_screen | grep -q "Choose an image"
'

t_expect "keys other than q are ignored while too small" '
	w_keys Enter "?" && w_screen | grep -q "terminal too small" &&
	! w_screen | grep -q "Help"
'

t_expect "back at 80x24 the screen is redrawn" '
	w_tmux resize-window -x 80 -y 24 &&
	w_wait "Choose an image" &&
	! w_screen | grep -q "terminal too small"
'

t_expect "in the C locale boxes are drawn in ASCII" '
	w_keys "?" && w_wait "Help: Image" &&
	w_screen | grep -q "+- Help: Image" &&
	w_keys x && w_gone "Help: Image"
'

t_done

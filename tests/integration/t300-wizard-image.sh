#!/bin/sh
# t300-wizard-image.sh - the image browser: library jumps, the image filter,
# typing a path, the report screen, help on every screen, and quitting.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
t_desc "wizard: browse to an image, open its report, help, quit"
t_need tmux

lib=$T_TMP/library
mkdir -p "$lib/sub" "$T_TMP/elsewhere"
cp /usr/lib/ipxe/ipxe.iso "$lib/rescue.iso"
: >"$lib/notes.txt"
: >"$lib/disk.img.xz"
w_start --library "$lib"

t_expect "starts in the library and lists images and folders only" '
	w_wait "Choose an image" &&
	w_wait "in $lib" &&
	w_screen >"$T_TMP/s" &&
	grep -q "rescue.iso" "$T_TMP/s" &&
	grep -q "disk.img.xz" "$T_TMP/s" &&
	grep -q "sub/" "$T_TMP/s" &&
	! grep -q "notes.txt" "$T_TMP/s"
'

t_expect "the start directory is one jump away" '
	w_screen | grep -q -- "-> $T_TMP (start directory)"
'

t_expect "? shows the help of the screen, any key closes it" '
	w_keys "?" && w_wait "Help: Image" &&
	w_keys x && w_gone "Help: Image"
'

t_expect "a folder opens, Backspace goes back up" '
	w_keys / && w_wait "Path:" && w_type sub && w_keys Enter &&
	w_wait "in $lib/sub" &&
	w_keys BSpace && w_gone "in $lib/sub" && w_wait "in $lib"
'

t_expect "a typed path opens the probe report screen" '
	w_to_report "$lib/rescue.iso" &&
	w_wait "$lib/rescue.iso  (2.0 MiB)"
'

t_expect "Esc returns to the browser, q quits with status 0" '
	w_keys Escape && w_wait "Choose an image" &&
	w_keys q && w_exited 0
'

t_expect "the log file records the chosen image" '
	grep -q "image .$lib/rescue.iso." "$T_TMP/state/stickler/stickler.log"
'

t_done

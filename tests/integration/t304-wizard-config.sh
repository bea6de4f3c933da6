#!/bin/sh
# t304-wizard-config.sh - stickler.conf: library, mode, verify and log from
# the user's file, command-line options winning, bad lines refused.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
t_desc "wizard: configuration file and options"
t_need tmux

mkdir -p "$T_TMP/config/stickler" "$T_TMP/lib1" "$T_TMP/lib2"
cp /usr/lib/ipxe/ipxe.iso "$T_TMP/lib1/one.iso"
cat >"$T_TMP/config/stickler/stickler.conf" <<CONF
# a comment
library = $T_TMP/lib1
mode = raw
verify = no
log = $T_TMP/my.log
CONF

t_expect "the configured library, mode, verify and log are used" '
	w_start &&
	w_wait "in $T_TMP/lib1" &&
	w_to_report "$T_TMP/lib1/one.iso" &&
	w_to_confirm "$T_TMP/t.img" &&
	w_screen >"$T_TMP/s" &&
	grep -q "Mode:   raw" "$T_TMP/s" &&
	grep -q "Verify: off" "$T_TMP/s" &&
	grep -q "one.iso" "$T_TMP/my.log" &&
	w_keys Escape && w_wait "Write mode" && w_keys q && w_exited 0 &&
	w_tmux kill-server
'

t_expect "command-line options win over the file" '
	w_start --library "$T_TMP/lib2" --mode auto --verify \
		--log "$T_TMP/cli.log" &&
	w_wait "in $T_TMP/lib2" &&
	w_to_report "$T_TMP/lib1/one.iso" &&
	w_to_confirm "$T_TMP/t.img" &&
	w_screen >"$T_TMP/s" &&
	grep -q "Mode:   raw (auto)" "$T_TMP/s" &&
	grep -q "Verify: read back" "$T_TMP/s" &&
	grep -q "one.iso" "$T_TMP/cli.log" &&
	w_keys Escape && w_wait "Write mode" && w_keys q && w_exited 0 &&
	w_tmux kill-server
'

t_expect "a bad key stops the wizard before the screen, exit 2" '
	echo "colour = pink" >"$T_TMP/bad.conf" &&
	{ "$STICKLER" --config "$T_TMP/bad.conf" 2>"$T_TMP/err";
	  test $? = 2; } &&
	grep -q "bad.conf:1: unknown key .colour." "$T_TMP/err"
'

t_expect "a bad mode value is named" '
	echo "mode = turbo" >"$T_TMP/bad.conf" &&
	{ "$STICKLER" --config "$T_TMP/bad.conf" 2>"$T_TMP/err";
	  test $? = 2; } &&
	grep -q "bad value .turbo. for .mode." "$T_TMP/err"
'

t_expect "the shipped configs/stickler.conf is read without a complaint" '
	{ "$STICKLER" --config "$T_TOP/configs/stickler.conf" </dev/null \
		>/dev/null 2>"$T_TMP/err"; test $? = 2; } &&
	! grep -q "stickler.conf:" "$T_TMP/err" &&
	grep -q "needs a terminal" "$T_TMP/err"
'

t_expect "without a terminal the wizard says so, exit 2" '
	{ "$STICKLER" </dev/null >/dev/null 2>"$T_TMP/err"; test $? = 2; } &&
	grep -q "needs a terminal" "$T_TMP/err"
'

t_done

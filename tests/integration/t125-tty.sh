#!/bin/sh
# t125-tty.sh - on a terminal: the plan, the typed confirmation, the
# progress line.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "interactive confirmation and the TTY progress line (script(1))"
t_need script

img=$(w_random img 6M)

t_expect "typing the target's name writes it; progress reaches 100%" '
	printf "stick.img\n" | script -qec "\"$STICKLER\" write \"$img\" \
		\"$T_TMP/stick.img\" --mode raw" /dev/null >"$T_TMP/tty" &&
	grep -q "type .stick.img. to write:" "$T_TMP/tty" &&
	grep -q "target: .*stick.img. (new file" "$T_TMP/tty" &&
	tr "\r" "\n" <"$T_TMP/tty" | grep -Eq "^write +6.0 MiB / 6.0 MiB +100%" &&
	tr "\r" "\n" <"$T_TMP/tty" | grep -Eq "^verify +6.0 MiB / 6.0 MiB +100%" &&
	grep -q "verified: identical" "$T_TMP/tty" &&
	cmp "$img" "$T_TMP/stick.img"
'

t_expect "another answer writes nothing: exit 4, target untouched" '
	t_random t125-tty:old.img 8M >"$T_TMP/old.img" &&
	cp "$T_TMP/old.img" "$T_TMP/before.img" &&
	printf "yes\n" | script -qec "\"$STICKLER\" write \"$img\" \
		\"$T_TMP/old.img\" --mode raw; echo status=\$?" /dev/null \
		>"$T_TMP/tty" &&
	grep -q "not confirmed; target .*old.img. untouched" "$T_TMP/tty" &&
	grep -q "status=4" "$T_TMP/tty" &&
	cmp "$T_TMP/old.img" "$T_TMP/before.img"
'

t_done

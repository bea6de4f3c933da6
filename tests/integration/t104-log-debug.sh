#!/bin/sh
# t104-log-debug.sh - --log FILE and STICKLER_DEBUG for every subcommand.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "--log FILE and STICKLER_DEBUG work for every subcommand"
t_need xorriso

iso=$(t_fixture isolinux.iso)
img=$(w_random img 4M)

t_expect "every subcommand takes --log FILE and writes its line there" '
	for c in "probe $iso" "ls $iso" "cat $iso /isolinux/isolinux.cfg" \
		"list" "verify $img $img" "check $iso" \
		"extract $iso $T_TMP/x" "write --dry-run $img $T_TMP/t.img"; do
		rm -f "$T_TMP/log" &&
		"$STICKLER" $c --log "$T_TMP/log" >/dev/null 2>&1;
		grep -q "info: stickler $c\$" "$T_TMP/log" &&
		grep -q "info: exit status [0-9]" "$T_TMP/log" ||
			{ echo "# no log for: $c"; cat "$T_TMP/log"; return 1; }
	done
'

t_expect "--log=FILE too; a failure is in the log with its message" '
	! "$STICKLER" write "$img" /nonexistent/dir/t.img --yes --mode raw \
		--log="$T_TMP/log2" >/dev/null 2>&1 &&
	grep -q "error: cannot create ./nonexistent/dir/t.img." "$T_TMP/log2" &&
	grep -q "exit status 1" "$T_TMP/log2"
'

t_expect "a log that cannot be opened is an error, nothing else runs" '
	! "$STICKLER" write "$img" "$T_TMP/never.img" --yes \
		--log /nonexistent/dir/log 2>"$T_TMP/err" &&
	grep -q "cannot open the log" "$T_TMP/err" && test ! -e "$T_TMP/never.img"
'

t_expect "STICKLER_DEBUG: debug lines on stderr without --log" '
	STICKLER_DEBUG=probe "$STICKLER" probe "$iso" >/dev/null 2>"$T_TMP/err" &&
	grep -q "^stickler: debug: " "$T_TMP/err" &&
	"$STICKLER" probe "$iso" >/dev/null 2>"$T_TMP/err2" &&
	! grep -q "debug" "$T_TMP/err2"
'

t_expect "STICKLER_DEBUG with --log: debug lines in the log, not on stderr" '
	STICKLER_DEBUG=all "$STICKLER" probe "$iso" --log "$T_TMP/log3" \
		>/dev/null 2>"$T_TMP/err" &&
	grep -q " debug: " "$T_TMP/log3" && ! grep -q debug "$T_TMP/err"
'

t_done

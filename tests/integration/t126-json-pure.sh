#!/bin/sh
# t126-json-pure.sh - --progress=json: standard output holds JSON and
# nothing else, for every subcommand that takes it, the phases come in
# order, and the last object is always the result: outcome, exit status,
# the target's state, also on failure and on cancel.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "json progress: pure stdout, phases in order, a result object always"
t_need jq sfdisk

img=$(w_random img 24M)

# pure FILE: every line of FILE is one JSON object (jq, an oracle)
pure()
{
	test -s "$1" &&
	while IFS= read -r l; do
		printf "%s\n" "$l" | jq -e "type == \"object\"" >/dev/null ||
			{ echo "# not JSON: $l"; return 1; }
	done <"$1"
}

# last_is FILE OUTCOME STATUS: the last line is the result object
last_is()
{
	tail -n 1 "$1" | jq -e --arg o "$2" --argjson s "$3" \
		".phase == \"result\" and .outcome == \$o and
		 .exit_status == \$s and has(\"state\") and has(\"error\")" \
		>/dev/null || { echo "# last line: $(tail -n 1 "$1")"; return 1; }
}

t_expect "write: pure JSON; write to its total, then sync, then verify" '
	"$STICKLER" write "$img" "$T_TMP/t" --mode raw --yes --progress=json \
		>"$T_TMP/w" 2>"$T_TMP/err" && pure "$T_TMP/w" &&
	jq -r .phase "$T_TMP/w" | uniq | tr "\n" " " >"$T_TMP/phases" &&
	test "$(cat "$T_TMP/phases")" = "write sync verify result " &&
	jq -se "map(select(.phase == \"write\")) | last | .done == .total and .total == 25165824" \
		"$T_TMP/w" >/dev/null &&
	last_is "$T_TMP/w" ok 0 &&
	tail -n 1 "$T_TMP/w" | jq -e ".state | test(\"written\")" >/dev/null &&
	grep -q "sectors verified: identical" "$T_TMP/err"
'

t_expect "write that cannot be planned: a failed result, target untouched" '
	! "$STICKLER" write "$img" "$T_TMP/small" --mode raw --size 1M --yes \
		--progress=json >"$T_TMP/w" 2>/dev/null && pure "$T_TMP/w" &&
	last_is "$T_TMP/w" failed 1 &&
	tail -n 1 "$T_TMP/w" | jq -e ".error | test(\"larger\")" >/dev/null
'

t_expect "verify: the human line goes to stderr, the result to stdout" '
	"$STICKLER" verify "$img" "$T_TMP/t" --progress=json >"$T_TMP/v" \
		2>"$T_TMP/err" && pure "$T_TMP/v" && last_is "$T_TMP/v" ok 0 &&
	grep -q "identical" "$T_TMP/err" &&
	w_flip "$T_TMP/t" 5000000 &&
	{ "$STICKLER" verify "$img" "$T_TMP/t" --progress=json >"$T_TMP/v" \
		2>/dev/null; test $? = 3; } &&
	pure "$T_TMP/v" && last_is "$T_TMP/v" differs 3
'

t_expect "Ctrl-C: the last object says cancelled, exit status 4" '
	truncate -s 16G "$T_TMP/big.img" &&
	echo "start=2048, type=83" | sfdisk -q "$T_TMP/big.img" >/dev/null &&
	{ "$STICKLER" write "$T_TMP/big.img" "$T_TMP/bt" --yes \
		--progress=json >"$T_TMP/c" 2>/dev/null & } &&
	pid=$! &&
	i=0 && while ! grep -q "\"write\"" "$T_TMP/c" && test $i -lt 100; do
		sleep 0.1; i=$((i + 1)); done &&
	kill -INT $pid && { wait $pid; test $? = 4; } &&
	pure "$T_TMP/c" && last_is "$T_TMP/c" cancelled 4 &&
	rm -f "$T_TMP/bt"
'

t_expect "Ctrl-C while reading back: verify says stopped" '
	truncate -s 2G "$T_TMP/v2.img" &&
	{ "$STICKLER" write "$T_TMP/v2.img" "$T_TMP/vt" --yes --mode raw \
		--progress=json >"$T_TMP/c" 2>/dev/null & } &&
	pid=$! &&
	i=0 && while ! grep -q "\"phase\":\"verify\"" "$T_TMP/c" && test $i -lt 300; do
		sleep 0.05; i=$((i + 1)); done &&
	kill -INT $pid && { wait $pid; test $? = 4; } &&
	pure "$T_TMP/c" && last_is "$T_TMP/c" cancelled 4 &&
	tail -n 1 "$T_TMP/c" | jq -e ".verify == \"stopped\" and
		.state == \"written completely; verification was stopped\"" >/dev/null &&
	rm -f "$T_TMP/vt" "$T_TMP/v2.img"
'

t_expect "read, extract, test: a result object ends their JSON too" '
	"$STICKLER" read "$T_TMP/t" "$T_TMP/r.img" --progress=json \
		>"$T_TMP/r" 2>/dev/null; pure "$T_TMP/r" &&
	tail -n 1 "$T_TMP/r" | jq -e ".phase == \"result\" and has(\"exit_status\")" >/dev/null &&
	{ "$STICKLER" extract /nonexistent.iso "$T_TMP/x" --progress=json \
		>"$T_TMP/e" 2>/dev/null; test $? = 1; } &&
	pure "$T_TMP/e" && last_is "$T_TMP/e" failed 1
'

t_done

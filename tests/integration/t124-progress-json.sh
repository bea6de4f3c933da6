#!/bin/sh
# t124-progress-json.sh - --progress=json: one object per line.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "json progress lines for scripts and the wizard"
t_need jq

img=$(w_random img 24M)

t_expect "every stdout line is a JSON object with the promised keys" '
	"$STICKLER" write "$img" "$T_TMP/t" --mode raw --yes --progress=json \
		>"$T_TMP/lines" &&
	jq -se "map(select(.phase != \"result\")) | length > 0 and
		all((.phase | type == \"string\") and
		(.done | type == \"number\") and (.total | type == \"number\") and
		(.bytes_per_s | type == \"number\") and has(\"eta_s\"))" \
		"$T_TMP/lines" >/dev/null &&
	jq -r .phase "$T_TMP/lines" | uniq | tr "\n" " " >"$T_TMP/phases" &&
	grep -Eqx "write sync verify result " "$T_TMP/phases"
'

t_expect "done never passes total and ends equal to it" '
	jq -se "map(select(.phase == \"write\" or .phase == \"verify\")) |
		all(.done <= .total)" "$T_TMP/lines" >/dev/null &&
	test "$(jq -r "select(.phase == \"verify\") | .done" "$T_TMP/lines" | tail -1)" = 25165824 &&
	test "$(jq -r "select(.phase == \"result\") | .verify" "$T_TMP/lines")" = identical
'

t_done

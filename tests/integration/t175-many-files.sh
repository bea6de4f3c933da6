#!/bin/sh
# t175-many-files.sh - one image to several file targets at once: each
# identical, the image read once, the refusals made before any is written.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "write IMAGE T1 T2 T3 T4: file targets, duplicates, the image itself"
t_need zstd jq script

img=$(w_random img 21M)

t_expect "four file targets: all identical to the image, exit 0" '
	test "$(w_status "$STICKLER" write "$img" "$T_TMP/a" "$T_TMP/b" \
		"$T_TMP/c" "$T_TMP/d" --mode raw --yes)" = 0 &&
	for t in a b c d; do cmp "$img" "$T_TMP/$t" || return 1; done &&
	test "$(grep -c ": written and verified in .*complete: written and verified identical" "$T_TMP/out")" = 4 &&
	test "$(tail -1 "$T_TMP/out")" = "4 of 4 targets written and verified"
'

t_expect "a zstd image to three targets: decompressed once, each equal to zstd -d" '
	zstd -q -3 "$img" -o "$T_TMP/img.zst" &&
	zstd -qdc "$T_TMP/img.zst" >"$T_TMP/plain" &&
	test "$(w_status "$STICKLER" write "$T_TMP/img.zst" "$T_TMP/z1" \
		"$T_TMP/z2" "$T_TMP/z3" --mode raw --yes)" = 0 &&
	for t in z1 z2 z3; do cmp "$T_TMP/plain" "$T_TMP/$t" || return 1; done
'

t_expect "the image is read about once for four targets (rchar of /proc/PID/io)" '
	"$STICKLER" write "$img" "$T_TMP/r1" "$T_TMP/r2" "$T_TMP/r3" \
		"$T_TMP/r4" --mode raw --yes --no-verify >/dev/null &
	pid=$! && rchar=0 &&
	while kill -0 $pid 2>/dev/null; do
		r=$(sed -n "s/^rchar: //p" /proc/$pid/io 2>/dev/null) &&
		test -n "$r" && rchar=$r
		sleep 0.05
	done &&
	wait $pid &&
	size=$(stat -c %s "$img") &&
	test "$rchar" -gt 0 && test "$rchar" -le $((size + size / 50 + 1048576)) &&
	cmp "$img" "$T_TMP/r4"
'

t_expect "a zstd image cut short, to two targets: each names the stream error" '
	head -c $(($(stat -c %s "$T_TMP/img.zst") * 2 / 3)) "$T_TMP/img.zst" \
		>"$T_TMP/cut.zst" &&
	test "$(w_status "$STICKLER" write "$T_TMP/cut.zst" "$T_TMP/m1" \
		"$T_TMP/m2" --mode raw --yes --progress=json)" = 1 &&
	for t in m1 m2; do
		jq -se --arg t "$T_TMP/$t" --arg e "'\''$T_TMP/cut.zst'\'' is truncated: the zstd stream ends early" \
			"[.[] | select(.phase == \"result\" and .target == \$t)] |
			length == 1 and (.[0].ok | not) and
			(.[0].error | startswith(\$e))" "$T_TMP/out" >/dev/null &&
		grep -qF "$T_TMP/$t failed: '\''$T_TMP/cut.zst'\'' is truncated" \
			"$T_TMP/err" || return 1
	done
'

t_expect "the same target twice, however spelt: refused, nothing written" '
	ln -s "$T_TMP/a" "$T_TMP/alias" &&
	cp "$T_TMP/a" "$T_TMP/a.before" &&
	test "$(w_status "$STICKLER" write "$img" "$T_TMP/e" "$T_TMP/alias" \
		"$T_TMP/a" --mode raw --yes)" = 1 &&
	grep -q "are the same target; name it once; no target written" "$T_TMP/err" &&
	test "$(wc -l <"$T_TMP/err")" = 1 &&
	! test -e "$T_TMP/e" && cmp "$T_TMP/a" "$T_TMP/a.before"
'

t_expect "the image as one of the targets: refused, the image untouched" '
	cp "$img" "$T_TMP/img.before" &&
	test "$(w_status "$STICKLER" write "$img" "$T_TMP/f" "$img" \
		--mode raw --yes)" = 1 &&
	grep -q "image" "$T_TMP/err" && ! test -e "$T_TMP/f" &&
	cmp "$img" "$T_TMP/img.before"
'

t_expect "JSON: progress objects name their target, a result each, a summary" '
	"$STICKLER" write "$img" "$T_TMP/j1" "$T_TMP/j2" --mode raw --yes \
		--progress=json >"$T_TMP/lines" 2>"$T_TMP/err" &&
	jq -se "map(select(.phase == \"write\" or .phase == \"verify\")) |
		length > 0 and all(.target == \"$T_TMP/j1\" or .target == \"$T_TMP/j2\")" \
		"$T_TMP/lines" >/dev/null &&
	test "$(jq -r "select(.phase == \"verify\" and .target == \"$T_TMP/j2\") | .done" "$T_TMP/lines" | tail -1)" = 22020096 &&
	test "$(jq -r "select(.phase == \"result\") | .target + \" \" + .verify" "$T_TMP/lines" | tr "\n" ,)" = "$T_TMP/j1 identical,$T_TMP/j2 identical," &&
	test "$(tail -1 "$T_TMP/lines" | jq -c .)" = "{\"phase\":\"summary\",\"targets\":2,\"ok\":2,\"failed\":0}" &&
	test "$(tail -1 "$T_TMP/err")" = "2 of 2 targets written and verified"
'

t_expect "typed confirmation names every target; another answer writes none" '
	printf "yes\n" | script -qec "\"$STICKLER\" write \"$img\" \
		\"$T_TMP/k1\" \"$T_TMP/k2\" --mode raw; echo status=\$?" /dev/null \
		>"$T_TMP/tty" &&
	grep -q "target: .*k1. (new file" "$T_TMP/tty" &&
	grep -q "target: .*k2. (new file" "$T_TMP/tty" &&
	grep -q "type .erase 2. to write all 2 targets" "$T_TMP/tty" &&
	grep -q "status=4" "$T_TMP/tty" &&
	! test -e "$T_TMP/k1" && ! test -e "$T_TMP/k2"
'

t_done

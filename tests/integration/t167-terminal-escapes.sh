#!/bin/sh
# t167-terminal-escapes.sh - names from the image never reach the terminal
# as control bytes: an xorriso tree whose Rock Ridge names hold an OSC
# title sequence, a CSI clear-screen, a C1 CSI and bytes that are not
# UTF-8. Text output shows them as \xNN (valid UTF-8 passes unchanged);
# --json output is valid UTF-8 (python3 decodes it strictly) with bytes
# that are not UTF-8 as U+FFFD and controls as \u00XX; messages and plan
# lines on stderr and stdout are escaped the same way.
. "$(dirname "$0")/../lib.sh"
t_desc "control bytes from the image are escaped; --json is valid UTF-8"
t_need xorriso python3 syslinux

export LC_ALL=C
tree=$T_TMP/tree
mkdir -p "$tree/isolinux" "$tree/dir"
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 \
	"$tree/isolinux/"
printf 'DEFAULT x\nLABEL x\n KERNEL /vmlinuz\n' >"$tree/isolinux/isolinux.cfg"
echo k >"$tree/vmlinuz"
for n in 'evil\033]0;pwned\007name.txt' 'clear\033[2J.cfg' 'bad\377\376utf8' \
	'c1\302\233x' 'ok-\303\251.txt'; do
	echo x >"$tree/dir/$(printf "$n")"
done

mkiso()
{
	xorriso -as mkisofs -quiet -R -V EVIL -b isolinux/isolinux.bin \
		-c isolinux/boot.cat -no-emul-boot -boot-load-size 4 \
		-boot-info-table -o "$1" "$tree" 2>/dev/null
}
mkiso "$T_TMP/evil.iso"

# clean FILE: no C0 control but newline, no DEL, no C1, all valid UTF-8
clean()
{
	python3 - "$1" <<-'EOF'
	import sys
	b = open(sys.argv[1], "rb").read()
	t = b.decode("utf-8")
	bad = [c for c in t if (ord(c) < 0x20 and c not in "\n\t") or 0x7f <= ord(c) <= 0x9f]
	assert not bad, repr(bad)
	EOF
}

t_expect "ls: each name on one line, control and non-UTF-8 bytes as \\xNN" '
	"$STICKLER" ls "$T_TMP/evil.iso" /dir >"$T_TMP/ls" &&
	cat "$T_TMP/ls" && clean "$T_TMP/ls" &&
	test "$(wc -l <"$T_TMP/ls")" = 5 &&
	grep -qxF "evil\\x1b]0;pwned\\x07name.txt" "$T_TMP/ls" &&
	grep -qxF "clear\\x1b[2J.cfg" "$T_TMP/ls" &&
	grep -qxF "bad\\xff\\xfeutf8" "$T_TMP/ls" &&
	grep -qxF "c1\\xc2\\x9bx" "$T_TMP/ls" &&
	grep -qx "ok-$(printf "\303\251").txt" "$T_TMP/ls" &&
	"$STICKLER" ls "$T_TMP/evil.iso" /dir -l >"$T_TMP/ll" &&
	clean "$T_TMP/ll" && grep -qF "evil\\x1b]0;pwned\\x07name.txt" "$T_TMP/ll"
'

t_expect "ls --json and probe --json: valid UTF-8, the names kept" '
	"$STICKLER" ls "$T_TMP/evil.iso" /dir --json >"$T_TMP/ls.json" &&
	clean "$T_TMP/ls.json" &&
	python3 - "$T_TMP/ls.json" <<-EOF &&
	import json, sys
	d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
	names = sorted(e["name"] for e in d["entries"])
	assert names == sorted(["evil\x1b]0;pwned\x07name.txt", "clear\x1b[2J.cfg",
	    "bad\ufffd\ufffdutf8", "c1\x9bx", "ok-\u00e9.txt"]), names
	EOF
	"$STICKLER" probe "$T_TMP/evil.iso" --json >"$T_TMP/probe.json" &&
	clean "$T_TMP/probe.json" &&
	python3 -c "import json,sys; json.loads(open(sys.argv[1],\"rb\").read().decode(\"utf-8\"))" \
		"$T_TMP/probe.json"
'

t_expect "a message stays one line: a newline in a name it quotes is \\x0a" '
	! "$STICKLER" ls "$T_TMP/evil.iso" "$(printf "/no\nstickler: fake")" \
		>"$T_TMP/out" 2>"$T_TMP/err" &&
	cat "$T_TMP/err" &&
	test "$(wc -l <"$T_TMP/err")" = 1 &&
	grep -qF "/no\x0astickler: fake" "$T_TMP/err"
'

t_expect "ls: a newline in a name is \\x0a, the entry one line" '
	mkdir -p "$T_TMP/nl/dir" &&
	echo x >"$T_TMP/nl/dir/$(printf "two\nlines.txt")" &&
	ln -s "$(printf "to\nthere")" "$T_TMP/nl/dir/ln" &&
	xorriso -as mkisofs -quiet -R -o "$T_TMP/nl.iso" "$T_TMP/nl" 2>/dev/null &&
	"$STICKLER" ls "$T_TMP/nl.iso" /dir >"$T_TMP/ls" &&
	cat "$T_TMP/ls" && test "$(wc -l <"$T_TMP/ls")" = 2 &&
	grep -qxF "two\x0alines.txt" "$T_TMP/ls" &&
	"$STICKLER" ls "$T_TMP/nl.iso" /dir -l >"$T_TMP/ll" &&
	cat "$T_TMP/ll" && test "$(wc -l <"$T_TMP/ll")" = 2 &&
	grep -qF " two\x0alines.txt" "$T_TMP/ll" &&
	grep -qF " ln -> to\x0athere" "$T_TMP/ll"
'

t_expect "plan: a newline in the target name is \\x0a, no line forged" '
	"$STICKLER" plan "$T_TMP/evil.iso" "$(printf "$T_TMP/x\nmode: fake")" \
		--mode raw --size 8M >"$T_TMP/plan" 2>"$T_TMP/err" &&
	cat "$T_TMP/plan" "$T_TMP/err" &&
	test "$(grep -c "^mode: " "$T_TMP/plan")" = 1 &&
	! grep -q "^mode: fake" "$T_TMP/plan" &&
	grep -qF "target: '\''$T_TMP/x\x0amode: fake'\'' (new file" "$T_TMP/plan" &&
	test "$(wc -l <"$T_TMP/err")" = 1 &&
	grep -qF "x\x0amode: fake" "$T_TMP/err"
'

t_expect "--log: a newline in a name the message quotes is \\x0a there too" '
	! "$STICKLER" ls --log "$T_TMP/log" "$T_TMP/evil.iso" \
		"$(printf "/no\n2026-01-01 00:00:00 info: fake")" >/dev/null 2>&1 &&
	cat "$T_TMP/log" && test -s "$T_TMP/log" &&
	! grep -q "^2026-01-01 00:00:00 info: fake" "$T_TMP/log" &&
	grep -qF "/no\x0a2026-01-01 00:00:00 info: fake" "$T_TMP/log"
'

t_expect "an ISO-mode refusal names the file escaped" '
	! "$STICKLER" write "$T_TMP/evil.iso" "$T_TMP/stick" --mode iso --yes \
		>"$T_TMP/out" 2>"$T_TMP/err" &&
	cat "$T_TMP/err" && clean "$T_TMP/err" &&
	grep -q "^stickler: cannot put .*\\\\x.* on FAT: " "$T_TMP/err" &&
	test ! -e "$T_TMP/stick"
'

t_expect "a plan line about a link named with escapes is escaped" '
	rm "$tree"/dir/* && echo x >"$tree/dir/f" &&
	ln -s dir "$tree/$(printf "lnk\033[31m")" &&
	mkiso "$T_TMP/link.iso" &&
	"$STICKLER" write "$T_TMP/link.iso" "$T_TMP/stick" --mode iso --dry-run \
		>"$T_TMP/plan" 2>&1 &&
	cat "$T_TMP/plan" && clean "$T_TMP/plan" &&
	grep -qF "  leaves out '\''/lnk\\x1b[31m'\'': a link to the directory" "$T_TMP/plan" &&
	test ! -e "$T_TMP/stick"
'

t_done

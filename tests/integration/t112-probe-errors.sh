#!/bin/sh
# t112-probe-errors.sh - exit status 2 for usage, 1 with a one-line reason
# for paths that are not readable images, 0 for odd but readable files.
. "$(dirname "$0")/../lib.sh"
t_desc "probe exit status and messages on bad input"
t_need xorriso jq

# exits CODE CMD...: run CMD, expect exit status CODE; stderr in $T_TMP/err.
exits()
{
	want=$1
	shift
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	got=$?
	test "$got" = "$want" || {
		echo "exit status $got, expected $want"
		cat "$T_TMP/err"
		return 1
	}
}

one_line()
{
	test "$(wc -l <"$T_TMP/err")" = 1 && grep -q "$1" "$T_TMP/err" &&
	! test -s "$T_TMP/out"
}

t_expect "no image: usage, exit 2" '
	exits 2 "$STICKLER" probe && grep -q "usage: stickler probe" "$T_TMP/err"
'

t_expect "two images or an unknown option: exit 2" '
	exits 2 "$STICKLER" probe a b &&
	exits 2 "$STICKLER" probe --frob "$T_TMP" &&
	grep -q "unknown option .--frob." "$T_TMP/err"
'

t_expect "a directory: exit 1, one line" '
	exits 1 "$STICKLER" probe "$T_TMP" &&
	one_line "is a directory"
'

t_expect "a missing file: exit 1, one line" '
	exits 1 "$STICKLER" probe --json "$T_TMP/nope.iso" &&
	one_line "cannot open .*No such file"
'

t_expect "a file that cannot be read: exit 1, one line" '
	f=$(t_tmpfile secret.iso) &&
	cp "$(t_fixture isolinux.iso)" "$f" && chmod 000 "$f" &&
	if test "$(id -u)" = 0; then
		chmod 755 "$T_TMP" &&
		exits 1 setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$STICKLER" probe "$f"
	else
		exits 1 "$STICKLER" probe "$f"
	fi &&
	one_line "cannot open .*Permission denied"
'

t_expect "empty file and random bytes: probed, kind unknown" '
	for n in empty.img random.bin; do
		exits 0 "$STICKLER" probe --json "$(t_fixture $n)" &&
		jq -e ".kind == \"unknown\"" "$T_TMP/out" || return 1
	done
'

t_expect "a truncated ISO: probed, said to be truncated" '
	exits 0 "$STICKLER" probe "$(t_fixture truncated.iso)" &&
	grep -q "FILE IS SHORTER" "$T_TMP/out" &&
	grep -q "truncated download" "$T_TMP/out"
'

t_expect "a broken boot catalog: reported, not crashed on" '
	f=$(t_tmpfile broken.iso) &&
	cp "$(t_fixture isolinux.iso)" "$f" &&
	lba=$("$STICKLER" probe --json "$f" | jq .el_torito.catalog_lba) &&
	printf "\001" | dd of="$f" bs=1 seek=$((lba * 2048 + 28)) \
		conv=notrunc 2>/dev/null &&
	exits 0 "$STICKLER" probe --json "$f" &&
	jq -e ".el_torito.problem | test(\"checksum\")" "$T_TMP/out" &&
	jq -e ".verdict.mode == \"unsupported\"" "$T_TMP/out"
'

t_expect "an entry pointing past the end: reported per entry" '
	f=$(t_tmpfile past.iso) &&
	cp "$(t_fixture isolinux.iso)" "$f" &&
	lba=$("$STICKLER" probe --json "$f" | jq .el_torito.catalog_lba) &&
	printf "\377\377\377\000" | dd of="$f" bs=1 \
		seek=$((lba * 2048 + 32 + 8)) conv=notrunc 2>/dev/null &&
	exits 0 "$STICKLER" probe --json "$f" &&
	jq -e ".el_torito.entries[0].problem | test(\"past the end\")" \
		"$T_TMP/out"
'

t_done

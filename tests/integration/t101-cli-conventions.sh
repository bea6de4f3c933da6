#!/bin/sh
# t101-cli-conventions.sh - every subcommand takes -h/--help, '--' ends the
# options, --opt=value and abbreviations work, and usage errors say what
# was wrong and exit 2.
. "$(dirname "$0")/../lib.sh"
t_desc "getopt conventions, --help, --version, usage errors"

# usage_err WORDS... : exits 2 with one "stickler: " line first
usage_err()
{
	"$STICKLER" "$@" >"$T_TMP/out" 2>"$T_TMP/err"
	rc=$?
	test "$rc" = 2 || { echo "# exit $rc for: $*"; return 1; }
	head -n 1 "$T_TMP/err" | grep -q '^stickler: '
}

t_expect "--help lists every subcommand and points to the man page" '
	"$STICKLER" --help >"$T_TMP/out" &&
	for c in probe write verify list; do
		grep -Eq "^  $c " "$T_TMP/out" || { echo "# no $c"; exit 1; }
	done &&
	grep -q "man stickler" "$T_TMP/out"
'

t_expect "--version and -V print the version, exit 0" '
	"$STICKLER" --version >"$T_TMP/v1" &&
	"$STICKLER" -V >"$T_TMP/v2" &&
	grep -Eq "^stickler [0-9]" "$T_TMP/v1" && cmp "$T_TMP/v1" "$T_TMP/v2"
'

t_expect "-h and --help work on every subcommand" '
	for c in $("$STICKLER" --help | sed -n "/^commands:/,/^\$/s/^  \([a-z]*\) .*/\1/p"); do
		"$STICKLER" $c -h >"$T_TMP/h1" &&
		"$STICKLER" $c --help >"$T_TMP/h2" &&
		grep -q "usage: stickler $c" "$T_TMP/h1" &&
		cmp -s "$T_TMP/h1" "$T_TMP/h2" ||
			{ echo "# $c"; exit 1; }
	done
'

t_expect "-- ends the options: probe -- -x.iso opens the file -x.iso" '
	cp "$(t_fixture data.iso)" "$T_TMP/-x.iso" &&
	(cd "$T_TMP" && "$STICKLER" probe -- -x.iso >out) &&
	grep -q "ISO 9660" "$T_TMP/out"
'

t_expect "--opt=value and abbreviations behave like --opt value" '
	f=$(t_fixture data.iso) &&
	"$STICKLER" probe --js "$f" >"$T_TMP/a" &&
	"$STICKLER" probe --json "$f" >"$T_TMP/b" &&
	cmp "$T_TMP/a" "$T_TMP/b" && jq -e .kind "$T_TMP/a" >/dev/null
'

t_expect "an unknown option names itself and exits 2" '
	for c in probe write verify list check ls cat extract read restore test eject; do
		usage_err $c --frob x && grep -q "$c: unknown option .--frob." "$T_TMP/err" ||
			{ echo "# $c"; exit 1; }
	done &&
	usage_err list -x && grep -q "list: unknown option .-x." "$T_TMP/err" &&
	usage_err --frob && grep -q "unknown option .--frob." "$T_TMP/err"
'

t_expect "a missing value or argument says which one" '
	usage_err write --mode && grep -q "value of option .--mode." "$T_TMP/err" &&
	usage_err probe && grep -q "missing IMAGE" "$T_TMP/err"
'

t_expect "a bad --mode, --size or --scheme lists what is valid" '
	usage_err write --mode=fast a b && grep -q "raw, iso" "$T_TMP/err" &&
	usage_err write --size=lots a b && grep -q "4G" "$T_TMP/err" &&
	usage_err write --scheme=apm a b && grep -q "mbr or gpt" "$T_TMP/err"
'

t_expect "a --config file that does not exist is an error, exit 2" '
	usage_err --config "$T_TMP/none.conf" &&
	grep -q "cannot read the configuration" "$T_TMP/err"
'

t_done

#!/bin/sh
# t100-cli.sh - the program's usage and exit codes for bad invocations.
. "$(dirname "$0")/../lib.sh"
t_desc "usage, unknown commands and exit status 2"

t_expect "--help prints usage and exits 0" '
	"$STICKLER" --help >"$T_TMP/out" &&
	grep -q "usage: stickler" "$T_TMP/out"
'

t_expect "an unknown command exits 2 with one message" '
	{ "$STICKLER" frobnicate 2>"$T_TMP/err"; test $? = 2; } &&
	grep -q "unknown command .frobnicate." "$T_TMP/err"
'

t_done

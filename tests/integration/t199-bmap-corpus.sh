#!/bin/sh
# t199-bmap-corpus.sh - every input the bmap fuzzer kept, replayed through
# its target without libFuzzer (tests/tools/stk-fuzzrun.c).
. "$(dirname "$0")/../lib.sh"
t_desc "the fuzz corpus of the bmap parser replays cleanly"

t_expect "each corpus file parses or is refused with a reason" '
	n=$(ls "$T_TOP"/tests/fuzz/corpus-fuzz-bmap | wc -l) &&
	test "$n" -gt 5 &&
	"$B/tests/tools/stk-fuzzrun" "$T_TOP"/tests/fuzz/corpus-fuzz-bmap/* \
		>"$T_TMP/out" &&
	test "$(grep -c "^ok " "$T_TMP/out")" = "$n"
'

t_done

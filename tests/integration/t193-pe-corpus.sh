#!/bin/sh
# t193-pe-corpus.sh - every input the PE/Authenticode fuzzer kept, replayed
# through its target without libFuzzer (tests/tools/stk-fuzzrun-pe.c).
. "$(dirname "$0")/../lib.sh"
t_desc "the fuzz corpus of the PE, SBAT and checksum-list parsers replays cleanly"

t_expect "each corpus file goes through the target without a crash" '
	n=$(ls "$T_TOP"/tests/fuzz/corpus-fuzz-pe | wc -l) &&
	test "$n" -gt 10 &&
	"$B/tests/tools/stk-fuzzrun-pe" "$T_TOP"/tests/fuzz/corpus-fuzz-pe/* \
		>"$T_TMP/out" &&
	test "$(grep -c "^ok " "$T_TMP/out")" = "$n"
'

t_done

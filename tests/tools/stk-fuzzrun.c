// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * stk-fuzzrun.c - replay fuzz corpora without libFuzzer: each file named
 * on the command line goes through the bmap target once, so `make check`
 * runs every input the fuzzer ever kept (util-linux's fuzz.c idea).
 *   stk-fuzzrun FILE...
 */
#include "../fuzz/fuzz-bmap.c"
#include "../fuzz/fuzzrun-main.h"

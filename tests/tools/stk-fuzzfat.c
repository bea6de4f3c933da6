// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * stk-fuzzfat.c - replay fuzz corpora without libFuzzer: each file named
 * on the command line goes through the FAT reader target once, so `make check`
 * runs every input the fuzzer ever kept (util-linux's fuzz.c idea).
 *   stk-fuzzfat FILE...
 */
#include "../fuzz/fuzz-fatread.c"
#include "../fuzz/fuzzrun-main.h"

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * stk-fuzzrun-cfg.c - replay fuzz corpora without libFuzzer: each file
 * named on the command line goes through the config rewriter target once.
 *   stk-fuzzrun-cfg FILE...
 */
#include "../fuzz/fuzz-cfg.c"
#include "../fuzz/fuzzrun-main.h"

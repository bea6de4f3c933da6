// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * stk-fuzzrun-source.c - replay fuzz corpora without libFuzzer: each file
 * named on the command line goes through the compressed-source target once.
 *   stk-fuzzrun-source FILE...
 */
#include "../fuzz/fuzz-source.c"
#include "../fuzz/fuzzrun-main.h"

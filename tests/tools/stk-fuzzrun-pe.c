// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * stk-fuzzrun-pe.c - replay the PE/Authenticode fuzz corpus without
 * libFuzzer: each file named goes through the fuzz-pe target once.
 *   stk-fuzzrun-pe FILE...
 */
#include "../fuzz/fuzz-pe.c"
#include "../fuzz/fuzzrun-main.h"

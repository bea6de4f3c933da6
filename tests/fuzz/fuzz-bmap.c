// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * fuzz-bmap.c - libFuzzer target: the bmap parser on arbitrary bytes. The
 * parsed numbers must agree with each other whenever it says yes.
 * tests/tools/stk-fuzzrun.c replays the corpus without libFuzzer.
 */
#include <stdlib.h>

#include "bmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bmap b;
	const char *why;
	uint64_t mapped = 0;
	size_t i;

	if (!bmap_parse((const char *)data, size, &b, &why)) {
		for (i = 0; i < b.n; i++) {
			if (b.range[i].first > b.range[i].last ||
			    b.range[i].last >= b.blocks ||
			    (i && b.range[i].first <= b.range[i - 1].last))
				abort();
			mapped += b.range[i].last - b.range[i].first + 1;
		}
		if (mapped != b.mapped_blocks || !b.block_bytes ||
		    (b.has_self && b.self_off + b.self_len > size))
			abort();
	} else if (!why) {
		abort(); /* every refusal has a reason */
	}
	bmap_free(&b);
	return 0;
}

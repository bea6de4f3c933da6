// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * fuzz-imgend.c - libFuzzer target: where an image on a source ends,
 * decided from its first sectors (the bytes a stick or a disc holds are
 * untrusted), for several source sizes and sector sizes. The corpus is
 * replayed by tests/unit/test-imgend.c in every build.
 */
#include "imgread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t ssz[] = {512, 2048, 4096, 0, 1000};
	struct imgread_end e;
	size_t i;

	if (size > IMGREAD_HEAD_BYTES)
		size = IMGREAD_HEAD_BYTES;
	for (i = 0; i < sizeof(ssz) / sizeof(ssz[0]); i++) {
		imgread_find_end(data, size, size, ssz[i], false, &e);
		if (e.end_bytes > size)
			__builtin_trap();
		imgread_find_end(data, size, UINT64_MAX - 1, ssz[i], false, &e);
	}
	return 0;
}

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * fuzz-sysinst.c - libFuzzer target: the boot sector, ldlinux.sys and
 * ldlinux.c32 found in a syslinux program's bytes, then ldlinux.sys
 * patched with made-up sectors. Every image found must lie inside the
 * input. tests/unit/test-sysinst.c replays the corpus in every build.
 */
#include <stdlib.h>
#include <string.h>

#include "sysinst.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sysinst_images im;
	uint8_t *sys, bs[SYSINST_SECTOR];
	uint64_t *sect;
	size_t n, i;

	if (sysinst_find(data, size, &im))
		return 0;
	if (im.bss < data || im.bss + SYSINST_SECTOR > data + size ||
	    im.sys < data || im.sys + im.sys_len > data + size ||
	    im.c32 < data || im.c32 + im.c32_len > data + size)
		abort();
	n = (im.sys_len + SYSINST_ADV_BYTES) / SYSINST_SECTOR;
	sys = malloc(im.sys_len + SYSINST_ADV_BYTES);
	sect = malloc(n * sizeof(*sect));
	if (sys && sect) {
		memcpy(sys, im.sys, im.sys_len);
		/* runs broken now and then, so extents split */
		for (i = 0; i < n; i++)
			sect[i] = i % 3 ? 1000 + i : 5000 + 2 * i;
		memset(bs, 0, sizeof(bs));
		sysinst_patch(&im, sys, sect, n, "/boot/syslinux", bs);
	}
	free(sect);
	free(sys);
	return 0;
}

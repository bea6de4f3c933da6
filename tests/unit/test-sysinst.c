// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * test-sysinst.c - finding syslinux's images in a program's bytes when
 * the bytes are odd: the patch area's magic as the last bytes, and the
 * fuzz corpus replayed through the fuzz target (exact-size copies, so
 * ASan sees a read past the end).
 */
#include <stdlib.h>

#include "t.h"
#include "sysinst.h"
#include "../fuzz/fuzz-sysinst.c"

/* A boot sector, then the magic as the program's last four bytes: no
 * ldlinux.sys, and the banner is not looked for past the end. */
static void magic_at_end(void)
{
	struct sysinst_images im;
	size_t len = SYSINST_SECTOR + 8;
	uint8_t *b = calloc(1, len);

	T_OK(b != NULL);
	if (!b)
		return;
	b[0] = 0xeb;
	b[2] = 0x90;
	memcpy(b + 3, "SYSLINUX", 8);
	b[510] = 0x55;
	b[511] = 0xaa;
	memcpy(b + len - 5, "\r", 1);
	put_le32(b + len - 4, 0x3eb202feu);
	T_EQ_INT(sysinst_find(b, len, &im), -ENOENT);
	free(b);
}

static void one_input(const uint8_t *buf, size_t len)
{
	T_EQ_INT(LLVMFuzzerTestOneInput(buf, len), 0);
}

static void corpus(void)
{
	T_OK(t_corpus("tests/fuzz/corpus-fuzz-sysinst", 256 * 1024,
		      one_input) >= 1);
}

T_MAIN(
	T_CASE(magic_at_end),
	T_CASE(corpus),
)

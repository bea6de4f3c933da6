// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * test-sysinst.c - finding syslinux's images in a program's bytes when
 * the bytes are odd: the patch area's magic as the last bytes, and the
 * fuzz corpus replayed through the fuzz target (exact-size copies, so
 * ASan sees a read past the end).
 */
#include <dirent.h>
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

static void corpus(void)
{
	const char *dir = "tests/fuzz/corpus-fuzz-sysinst";
	static uint8_t buf[256 * 1024];
	struct dirent *d;
	char path[512];
	DIR *ds = opendir(dir);
	int n = 0;

	T_OK(ds != NULL);
	if (!ds)
		return;
	for (d = readdir(ds); d; d = readdir(ds)) {
		uint8_t *copy;
		size_t len;
		FILE *f;

		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		f = fopen(path, "rb");
		if (!f)
			continue;
		len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		copy = malloc(len ? len : 1);
		T_OK(copy != NULL);
		if (!copy)
			break;
		memcpy(copy, buf, len);
		T_EQ_INT(LLVMFuzzerTestOneInput(copy, len), 0);
		free(copy);
		n++;
	}
	closedir(ds);
	T_OK(n >= 1);
}

T_MAIN(
	T_CASE(magic_at_end),
	T_CASE(corpus),
)

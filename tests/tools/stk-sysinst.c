// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * stk-sysinst.c - what stickler's own syslinux install makes of a FAT,
 * for comparing with what syslinux's installer makes of the same FAT:
 *
 *   stk-sysinst FATIMAGE FIRST_SECTOR DIR OUTDIR
 *
 * reads the boot sector of FATIMAGE, patches ldlinux.sys for contiguous
 * sectors from FIRST_SECTOR (relative to the file system) and writes
 * OUTDIR/ldlinux.sys, OUTDIR/ldlinux.c32 and OUTDIR/bootsect (512 bytes).
 * FATIMAGE is not changed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "syslinux.h"

static int put(const char *dir, const char *name, const void *buf, size_t len)
{
	char path[4096];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	ok = fwrite(buf, 1, len, f) == len;
	return fclose(f) || !ok ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct stk_ctx *ctx = stk_ctx_new();
	struct syslinux_host h;
	uint8_t bs[SYSINST_SECTOR];
	uint64_t *sect;
	uint8_t *sys;
	size_t n, i;
	FILE *f;
	int rc;

	if (argc != 5) {
		fprintf(stderr,
			"usage: stk-sysinst FATIMAGE FIRST_SECTOR DIR OUTDIR\n");
		return 2;
	}
	if (syslinux_host_load(ctx, &h)) {
		fprintf(stderr, "stk-sysinst: %s\n", stk_ctx_errmsg(ctx));
		return 1;
	}
	f = fopen(argv[1], "rb");
	if (!f || fread(bs, 1, sizeof(bs), f) != sizeof(bs)) {
		fprintf(stderr, "stk-sysinst: cannot read '%s'\n", argv[1]);
		return 1;
	}
	fclose(f);
	n = h.im.sys_len / SYSINST_SECTOR + 2;
	sect = calloc(n, sizeof(*sect));
	sys = malloc(h.im.sys_len + SYSINST_ADV_BYTES);
	if (!sect || !sys)
		return 1;
	for (i = 0; i < n; i++)
		sect[i] = strtoull(argv[2], NULL, 0) + i;
	memcpy(sys, h.im.sys, h.im.sys_len);
	rc = sysinst_patch(&h.im, sys, sect, n, argv[3], bs);
	if (rc) {
		fprintf(stderr, "stk-sysinst: patch: %s\n", strerror(-rc));
		return 1;
	}
	if (put(argv[4], "ldlinux.sys", sys, h.im.sys_len + SYSINST_ADV_BYTES) ||
	    put(argv[4], "ldlinux.c32", h.im.c32, h.im.c32_len) ||
	    put(argv[4], "bootsect", bs, sizeof(bs))) {
		fprintf(stderr, "stk-sysinst: cannot write into '%s'\n",
			argv[4]);
		return 1;
	}
	printf("%s\n", h.im.banner);
	free(sect);
	free(sys);
	syslinux_host_free(&h);
	stk_ctx_free(ctx);
	return 0;
}

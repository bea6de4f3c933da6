// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * fuzz-probe.c - libFuzzer target: probe a whole image held in memory (a
 * memfd, so libiso9660 can open it by path), and run the pure parsers on
 * the same bytes.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"
#include "disklabel.h"
#include "eltorito.h"

static struct stk_ctx *ctx;

static void parsers(const uint8_t *data, size_t size)
{
	struct eltorito_info et;
	struct stk_gpt_part parts[STK_MAX_PARTS];
	struct gpt_header h;
	struct mbr_info mbr;
	int n;

	eltorito_parse_catalog(data, size, size, &et);
	if (size >= 512)
		mbr_parse(data, &mbr);
	if (size >= 1024 && !gpt_parse_header(data + 512, 512, &h) &&
	    size >= 1024 + (size_t)h.n_entries * h.entry_bytes)
		gpt_parse_entries(data + 1024, size - 1024, &h, parts,
				  STK_MAX_PARTS, &n);
	apm_present(data, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stk_image *img;
	char path[64];
	int fd;

	if (!ctx)
		ctx = stk_ctx_new();
	parsers(data, size);

	fd = memfd_create("fuzz-probe", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (!stk_image_open(ctx, path, &img))
		stk_image_close(img);
	close(fd);
	return 0;
}

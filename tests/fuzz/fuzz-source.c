// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * fuzz-source.c - libFuzzer target: the image source (plain, gzip, xz,
 * zstd, bzip2) on arbitrary bytes. The first byte routes the rest: 0-3
 * put the gzip, xz, zstd or bzip2 magic in front (so random bytes reach
 * each decoder), anything else feeds the rest as it is. The stream is
 * read to its end (at most 64 MiB) twice, with a rewind between: both
 * passes end the same way with the same bytes, and a stream read to its
 * end without an error holds exactly the size it recorded, if any.
 * tests/tools/stk-fuzzrun-source.c replays the corpus without libFuzzer
 * (t166).
 *
 * corpus-fuzz-source/: a 0xff byte (fed as it is), then "stickler\n" or
 * 3000 zero bytes compressed by gzip -9n, xz, zstd and bzip2 (stock
 * options), and the same with their last byte cut off ("-cut"); "plain"
 * is a few bytes of text.
 */
#define _GNU_SOURCE /* memfd_create */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "source.h"

#define FZ_CHUNK	(64u * 1024)
#define FZ_MAX_BYTES	(64ull * STK_MIB)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct stk_ctx *fz_ctx;

/* Read @src to its end: 0, 1 when the cap was reached, or -errno. */
static int drain(struct source *src, uint8_t *buf, uint64_t *total,
		 uint64_t *sum)
{
	size_t got, i;
	int rc;

	*total = 0;
	*sum = 0;
	for (;;) {
		rc = source_read(fz_ctx, src, buf, FZ_CHUNK, &got);
		if (rc)
			return rc;
		for (i = 0; i < got; i++)
			*sum = *sum * 31 + buf[i];
		*total += got;
		if (got > FZ_CHUNK || *total != source_tell(src))
			abort();
		if (got < FZ_CHUNK)
			return 0;
		if (*total >= FZ_MAX_BYTES)
			return 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct {
		const char *magic;
		size_t len;
	} head[4] = {
		{"\x1f\x8b\x08", 3},
		{"\xfd" "7zXZ\0", 6},
		{"\x28\xb5\x2f\xfd", 4},
		{"BZh9", 4},
	};
	uint64_t t1, t2, s1, s2, hint;
	struct source *src = NULL;
	uint8_t *buf = NULL;
	char path[64];
	int fd, rc1, rc2;

	if (!size)
		return 0;
	if (!fz_ctx)
		fz_ctx = stk_ctx_new();
	fd = memfd_create("stk-fuzz-source", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if ((data[0] < 4 &&
	     write(fd, head[data[0]].magic, head[data[0]].len) !=
		     (ssize_t)head[data[0]].len) ||
	    write(fd, data + 1, size - 1) != (ssize_t)(size - 1))
		goto out;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	buf = malloc(FZ_CHUNK);
	if (!buf || source_open(fz_ctx, path, &src))
		goto out;
	hint = source_size_bytes(src);
	rc1 = drain(src, buf, &t1, &s1);
	if (source_rewind(fz_ctx, src))
		goto out;
	rc2 = drain(src, buf, &t2, &s2);
	/* the same bytes give the same stream, to the same end */
	if (rc1 != rc2 || (!rc1 && (t1 != t2 || s1 != s2)))
		abort();
	/* a recorded size is only a hint, but a stream that ends without
	 * an error is as long as it said */
	if (!rc1 && hint && t1 != hint)
		abort();
out:
	source_close(src);
	free(buf);
	close(fd);
	return 0;
}

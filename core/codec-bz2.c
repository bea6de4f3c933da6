// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * codec-bz2.c - the only file that includes <bzlib.h>: bzip2 streams
 * decompressed one after another (pbzip2 and `cat` concatenate them).
 * stickler never writes bzip2.
 */
#include <bzlib.h>
#include <stdlib.h>

#include "codec.h"

struct bz2_dec {
	bz_stream bz;
	bool live; /* BZ2_bzDecompressInit() succeeded */
};

static void *bz2_dec_new(void)
{
	struct bz2_dec *b = calloc(1, sizeof(*b));

	if (b && BZ2_bzDecompressInit(&b->bz, 0, 0) != BZ_OK) {
		free(b);
		b = NULL;
	}
	if (b)
		b->live = true;
	return b;
}

static void bz2_dec_free(void *d)
{
	struct bz2_dec *b = d;

	if (!b)
		return;
	if (b->live)
		BZ2_bzDecompressEnd(&b->bz);
	free(b);
}

static enum codec_rc bz2_dec_step(void *d, const uint8_t *in, size_t avail,
				  bool last, uint8_t *out, size_t len,
				  size_t *used, size_t *made, const char **why)
{
	struct bz2_dec *b = d;
	int rc;

	b->bz.next_in = (char *)in;
	b->bz.avail_in = (unsigned)avail;
	b->bz.next_out = (char *)out;
	b->bz.avail_out = (unsigned)len;
	rc = BZ2_bzDecompress(&b->bz);
	*made = len - b->bz.avail_out;
	*used = avail - b->bz.avail_in;
	if (rc == BZ_STREAM_END)
		return CODEC_END;
	if (rc == BZ_MEM_ERROR)
		return CODEC_NOMEM;
	if (rc != BZ_OK) {
		*why = rc == BZ_DATA_ERROR_MAGIC ? "bad magic" : "bad data";
		return CODEC_CORRUPT;
	}
	return CODEC_OK;
}

/* bzip2 has no reset: end the stream and start a new one. */
static enum codec_rc bz2_dec_restart(void *d, const char **why)
{
	struct bz2_dec *b = d;

	BZ2_bzDecompressEnd(&b->bz);
	memset(&b->bz, 0, sizeof(b->bz));
	b->live = BZ2_bzDecompressInit(&b->bz, 0, 0) == BZ_OK;
	return b->live ? CODEC_OK : CODEC_NOMEM;
}

const struct codec_ops codec_bz2 = {
	.dec_new = bz2_dec_new,
	.dec_free = bz2_dec_free,
	.dec_step = bz2_dec_step,
	.dec_restart = bz2_dec_restart,
};

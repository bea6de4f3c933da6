// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * codec-gz.c - the only file that includes <zlib.h>: gzip members
 * inflated one after another, and deflated at level 6.
 */
#include <stdlib.h>
#include <zlib.h>

#include "codec.h"

#define GZ_LEVEL 6
#define GZ_WBITS (15 + 16) /* a 32 KiB window, gzip wrapper (zlib.h) */

static void *gz_dec_new(void)
{
	z_stream *z = calloc(1, sizeof(*z));

	if (z && inflateInit2(z, GZ_WBITS) != Z_OK) {
		free(z);
		z = NULL;
	}
	return z;
}

static void gz_dec_free(void *d)
{
	if (!d)
		return;
	inflateEnd(d);
	free(d);
}

static enum codec_rc gz_dec_step(void *d, const uint8_t *in, size_t avail,
				 bool last, uint8_t *out, size_t len,
				 size_t *used, size_t *made, const char **why)
{
	z_stream *z = d;
	int rc;

	z->next_in = (uint8_t *)in;
	z->avail_in = (uInt)avail;
	z->next_out = out;
	z->avail_out = (uInt)len;
	rc = inflate(z, Z_NO_FLUSH);
	*made = len - z->avail_out;
	*used = avail - z->avail_in;
	if (rc == Z_STREAM_END)
		return CODEC_END;
	if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT) {
		*why = z->msg ? z->msg : "data";
		return CODEC_CORRUPT;
	}
	if (rc == Z_MEM_ERROR)
		return CODEC_NOMEM;
	return CODEC_OK;
}

/* The next member of a concatenation (`cat a.gz b.gz`, pigz). */
static enum codec_rc gz_dec_restart(void *d, const char **why)
{
	if (inflateReset(d) == Z_OK)
		return CODEC_OK;
	*why = "reset";
	return CODEC_CORRUPT;
}

static void *gz_enc_new(uint64_t size_bytes)
{
	z_stream *z = calloc(1, sizeof(*z));

	if (z && deflateInit2(z, GZ_LEVEL, Z_DEFLATED, GZ_WBITS, 8,
			      Z_DEFAULT_STRATEGY) != Z_OK) {
		free(z);
		z = NULL;
	}
	return z;
}

static void gz_enc_free(void *e)
{
	if (!e)
		return;
	deflateEnd(e);
	free(e);
}

static void gz_enc_feed(void *e, const uint8_t *in, size_t len)
{
	z_stream *z = e;

	z->next_in = (Bytef *)in;
	z->avail_in = (uInt)len;
}

static int gz_enc_step(void *e, uint8_t *out, size_t cap, bool finish,
		       size_t *got, bool *more)
{
	z_stream *z = e;
	int zr;

	z->next_out = out;
	z->avail_out = (uInt)cap;
	zr = deflate(z, finish ? Z_FINISH : Z_NO_FLUSH);
	*got = cap - z->avail_out;
	*more = finish ? zr != Z_STREAM_END : z->avail_in || !z->avail_out;
	return zr == Z_STREAM_ERROR ? -1 : 0;
}

const struct codec_ops codec_gz = {
	.dec_new = gz_dec_new,
	.dec_free = gz_dec_free,
	.dec_step = gz_dec_step,
	.dec_restart = gz_dec_restart,
	.enc_new = gz_enc_new,
	.enc_free = gz_enc_free,
	.enc_feed = gz_enc_feed,
	.enc_step = gz_enc_step,
};

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * codec-xz.c - the only file that includes <lzma.h>: xz streams decoded
 * (concatenated ones too), their index read for the image size, and
 * encoded at a light preset.
 */
#include <lzma.h>
#include <stdlib.h>

#include "codec.h"

#define XZ_PRESET 3u /* xz -6 runs at a few MB/s on a small CPU */

static void *xz_dec_new(void)
{
	lzma_stream *x = calloc(1, sizeof(*x));

	if (x &&
	    lzma_stream_decoder(x, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) {
		free(x);
		x = NULL;
	}
	return x;
}

static void xz_free(void *s)
{
	if (!s)
		return;
	lzma_end(s);
	free(s);
}

static enum codec_rc xz_dec_step(void *d, const uint8_t *in, size_t avail,
				 bool last, uint8_t *out, size_t len,
				 size_t *used, size_t *made, const char **why)
{
	lzma_stream *x = d;
	lzma_ret r;

	x->next_in = in;
	x->avail_in = avail;
	x->next_out = out;
	x->avail_out = len;
	r = lzma_code(x, last ? LZMA_FINISH : LZMA_RUN);
	*made = len - x->avail_out;
	*used = avail - x->avail_in;
	/* LZMA_CONCATENATED: the end of the last stream, not of one */
	if (r == LZMA_STREAM_END)
		return CODEC_DONE;
	if (r == LZMA_BUF_ERROR && last)
		return CODEC_TRUNC;
	if (r == LZMA_MEM_ERROR)
		return CODEC_NOMEM;
	if (r != LZMA_OK && r != LZMA_BUF_ERROR) {
		*why = r == LZMA_DATA_ERROR	? "bad data"
		       : r == LZMA_FORMAT_ERROR ? "bad format"
						: "bad check or options";
		return CODEC_CORRUPT;
	}
	return CODEC_OK;
}

/* The index before the stream footer records the uncompressed size.
 * Only a single stream (with optional padding) gives an exact answer. */
static uint64_t xz_size(int fd, uint64_t file_bytes)
{
	uint8_t footer[LZMA_STREAM_HEADER_SIZE];
	lzma_stream_flags flags;
	uint64_t end = file_bytes, memlimit = UINT64_MAX, size = 0;
	lzma_index *idx = NULL;
	uint8_t *buf;
	size_t pos = 0;

	/* stream padding: zero bytes in multiples of four */
	while (end >= 4 + LZMA_STREAM_HEADER_SIZE) {
		uint8_t pad[4];

		if (io_pread_full(fd, pad, 4, end - 4) || get_le32(pad))
			break;
		end -= 4;
	}
	if (end < 2 * LZMA_STREAM_HEADER_SIZE ||
	    io_pread_full(fd, footer, sizeof(footer), end - sizeof(footer)) ||
	    lzma_stream_footer_decode(&flags, footer) != LZMA_OK ||
	    flags.backward_size > end - 2 * LZMA_STREAM_HEADER_SIZE ||
	    flags.backward_size > 64 * STK_MIB)
		return 0;
	buf = malloc(flags.backward_size);
	if (!buf)
		return 0;
	if (!io_pread_full(fd, buf, flags.backward_size,
			   end - sizeof(footer) - flags.backward_size) &&
	    lzma_index_buffer_decode(&idx, &memlimit, NULL, buf, &pos,
				     flags.backward_size) == LZMA_OK) {
		if (lzma_index_file_size(idx) == end)
			size = lzma_index_uncompressed_size(idx);
		lzma_index_end(idx, NULL);
	}
	free(buf);
	return size;
}

static void *xz_enc_new(uint64_t size_bytes)
{
	lzma_stream *x = calloc(1, sizeof(*x));

	if (x && lzma_easy_encoder(x, XZ_PRESET, LZMA_CHECK_CRC64) != LZMA_OK) {
		free(x);
		x = NULL;
	}
	return x;
}

static void xz_enc_feed(void *e, const uint8_t *in, size_t len)
{
	lzma_stream *x = e;

	x->next_in = in;
	x->avail_in = len;
}

static int xz_enc_step(void *e, uint8_t *out, size_t cap, bool finish,
		       size_t *got, bool *more)
{
	lzma_stream *x = e;
	lzma_ret xr;

	x->next_out = out;
	x->avail_out = cap;
	xr = lzma_code(x, finish ? LZMA_FINISH : LZMA_RUN);
	*got = cap - x->avail_out;
	*more = finish ? xr != LZMA_STREAM_END : x->avail_in || !x->avail_out;
	return xr != LZMA_OK && xr != LZMA_STREAM_END ? -1 : 0;
}

const struct codec_ops codec_xz = {
	.dec_new = xz_dec_new,
	.dec_free = xz_free,
	.dec_step = xz_dec_step,
	.dec_size = xz_size,
	.enc_new = xz_enc_new,
	.enc_free = xz_free,
	.enc_feed = xz_enc_feed,
	.enc_step = xz_enc_step,
};

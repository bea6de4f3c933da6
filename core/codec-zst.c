// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * codec-zst.c - the only file that includes <zstd.h>: zstd frames
 * decoded one after another, their headers walked for the image size,
 * and encoded at level 3 with a checksum.
 */
#include <stdlib.h>
#include <zstd.h>

#include "codec.h"

#define ZST_LEVEL 3

struct zst_dec {
	ZSTD_DStream *zs;
	size_t hint; /* last ZSTD_decompressStream() result */
};

static void zst_dec_free(void *d)
{
	struct zst_dec *z = d;

	if (!z)
		return;
	ZSTD_freeDStream(z->zs);
	free(z);
}

static void *zst_dec_new(void)
{
	struct zst_dec *z = calloc(1, sizeof(*z));

	if (!z)
		return NULL;
	z->zs = ZSTD_createDStream();
	z->hint = 1;
	if (!z->zs || ZSTD_isError(ZSTD_initDStream(z->zs))) {
		zst_dec_free(z);
		return NULL;
	}
	return z;
}

static enum codec_rc zst_dec_step(void *d, const uint8_t *in, size_t avail,
				  bool last, uint8_t *out, size_t len,
				  size_t *used, size_t *made, const char **why)
{
	struct zst_dec *z = d;
	ZSTD_inBuffer zi = {in, avail, 0};
	ZSTD_outBuffer zo = {out, len, 0};
	size_t r;

	r = ZSTD_decompressStream(z->zs, &zo, &zi);
	*made = zo.pos;
	*used = zi.pos;
	if (ZSTD_isError(r)) {
		*why = ZSTD_getErrorName(r);
		return CODEC_CORRUPT;
	}
	z->hint = r;
	/* 0: a frame is complete and flushed (output room is left over) */
	if (r == 0 && zo.pos < zo.size)
		return CODEC_END;
	return CODEC_OK;
}

/* The next frame starts by itself; a frame that ended may end the image. */
static bool zst_dec_idle(void *d)
{
	return ((struct zst_dec *)d)->hint == 0;
}

/* Sum the content sizes of every frame, walking block headers to find
 * where each frame ends (RFC 8878 3.1.1.2). 0 if any is unknown. */
static uint64_t zst_size(int fd, uint64_t file_bytes)
{
	uint64_t off = 0, total = 0;
	static const uint8_t did_bytes[4] = {0, 1, 2, 4};
	static const uint8_t fcs_bytes[4] = {0, 2, 4, 8};
	uint8_t hdr[18]; /* the largest frame header */

	while (off < file_bytes) {
		size_t n = sizeof(hdr), hsize;
		unsigned long long fcs;
		uint32_t bh;
		bool last = false;

		if (file_bytes - off < n)
			n = (size_t)(file_bytes - off);
		if (n < 8 || io_pread_full(fd, hdr, n, off))
			return 0;
		if ((get_le32(hdr) & 0xfffffff0) == 0x184d2a50) {
			off += 8 + (uint64_t)get_le32(hdr + 4);
			continue;
		}
		fcs = ZSTD_getFrameContentSize(hdr, n);
		if (fcs == ZSTD_CONTENTSIZE_UNKNOWN ||
		    fcs == ZSTD_CONTENTSIZE_ERROR)
			return 0;
		/* magic, descriptor, window byte unless single segment,
		 * dictionary id, content size (1 byte if single segment) */
		hsize = 5 + !(hdr[4] & 0x20) + did_bytes[hdr[4] & 3] +
			((hdr[4] >> 6) ? fcs_bytes[hdr[4] >> 6]
				       : !!(hdr[4] & 0x20));
		total += fcs;
		off += hsize;
		while (!last) {
			uint8_t b[3];

			if (io_pread_full(fd, b, 3, off))
				return 0;
			bh = (uint32_t)b[0] | (uint32_t)b[1] << 8 |
			     (uint32_t)b[2] << 16;
			last = bh & 1;
			/* an RLE block (type 1) stores one byte */
			off += 3 + (((bh >> 1) & 3) == 1 ? 1 : bh >> 3);
		}
		if (hdr[4] & 0x04) /* Content_Checksum_flag */
			off += 4;
	}
	return off == file_bytes ? total : 0;
}

struct zst_enc {
	ZSTD_CCtx *zc;
	ZSTD_inBuffer in;
};

static void zst_enc_free(void *e)
{
	struct zst_enc *z = e;

	if (!z)
		return;
	ZSTD_freeCCtx(z->zc);
	free(z);
}

static void *zst_enc_new(uint64_t size_bytes)
{
	struct zst_enc *z = calloc(1, sizeof(*z));

	if (!z)
		return NULL;
	z->zc = ZSTD_createCCtx();
	if (!z->zc ||
	    ZSTD_isError(ZSTD_CCtx_setParameter(z->zc, ZSTD_c_compressionLevel,
						ZST_LEVEL)) ||
	    ZSTD_isError(
		    ZSTD_CCtx_setParameter(z->zc, ZSTD_c_checksumFlag, 1)) ||
	    (size_bytes &&
	     ZSTD_isError(ZSTD_CCtx_setPledgedSrcSize(z->zc, size_bytes)))) {
		zst_enc_free(z);
		return NULL;
	}
	return z;
}

static void zst_enc_feed(void *e, const uint8_t *in, size_t len)
{
	struct zst_enc *z = e;

	z->in = (ZSTD_inBuffer){in, len, 0};
}

static int zst_enc_step(void *e, uint8_t *out, size_t cap, bool finish,
			size_t *got, bool *more)
{
	struct zst_enc *z = e;
	ZSTD_outBuffer zout = {out, cap, 0};
	size_t left;

	left = ZSTD_compressStream2(z->zc, &zout, &z->in,
				    finish ? ZSTD_e_end : ZSTD_e_continue);
	*got = zout.pos;
	*more = finish ? left != 0 : z->in.pos < z->in.size;
	return ZSTD_isError(left) ? -1 : 0;
}

const struct codec_ops codec_zst = {
	.dec_new = zst_dec_new,
	.dec_free = zst_dec_free,
	.dec_step = zst_dec_step,
	.dec_idle = zst_dec_idle,
	.dec_size = zst_size,
	.enc_new = zst_enc_new,
	.enc_free = zst_enc_free,
	.enc_feed = zst_enc_feed,
	.enc_step = zst_enc_step,
};

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * codec.h - the compression libraries, each behind one file of its own
 * (codec-gz.c, codec-xz.c, codec-zst.c, codec-bz2.c), seen through one
 * table of operations: source.c decodes and sink.c encodes through it
 * and include no compression library themselves.
 */
#ifndef STK_CODEC_H
#define STK_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* What one decoder step (or a restart) reports. */
enum codec_rc {
	CODEC_OK,      /* progress, or room for more input or output */
	CODEC_END,     /* one stream or frame ended; more input may follow */
	CODEC_DONE,    /* the decoder itself knows the image is complete */
	CODEC_TRUNC,   /* input ended inside a stream */
	CODEC_CORRUPT, /* bad data: *why says how */
	CODEC_NOMEM,
};

struct codec_ops {
	/*
	 * dec_new - a decoder ready for the first stream; NULL when it cannot
	 * start. dec_free takes NULL.
	 */
	void *(*dec_new)(void);
	void (*dec_free)(void *d);
	/*
	 * dec_step - decode from [in, in + avail) into [out, out + len):
	 * *used input bytes consumed, *made output bytes produced. @last
	 * says no input follows @in (the file is read to its end).
	 */
	enum codec_rc (*dec_step)(void *d, const uint8_t *in, size_t avail,
				  bool last, uint8_t *out, size_t len,
				  size_t *used, size_t *made, const char **why);
	/* dec_restart - after CODEC_END, ready for the next stream; NULL:
	 * the decoder reads on by itself. */
	enum codec_rc (*dec_restart)(void *d, const char **why);
	/* dec_idle - the last step ended a frame with nothing pending, so
	 * the image may end here; NULL: never said. */
	bool (*dec_idle)(void *d);
	/* dec_size - the decompressed size the file @fd records; 0 when it
	 * does not (or NULL: the format never does). */
	uint64_t (*dec_size)(int fd, uint64_t file_bytes);

	/*
	 * enc_new - an encoder for an image of @size_bytes (0: unknown);
	 * NULL when it cannot start. enc_free takes NULL. NULL enc_new:
	 * this format is only read.
	 */
	void *(*enc_new)(uint64_t size_bytes);
	void (*enc_free)(void *e);
	/* enc_feed - the next input; it stays the caller's until enc_step
	 * has taken it all. */
	void (*enc_feed)(void *e, const uint8_t *in, size_t len);
	/*
	 * enc_step - one round into [out, out + cap): *got bytes made,
	 * *more when another round is needed (input left or output full;
	 * with @finish until the stream is closed). -1 when the encoder
	 * failed.
	 */
	int (*enc_step)(void *e, uint8_t *out, size_t cap, bool finish,
			size_t *got, bool *more);
};

extern const struct codec_ops codec_gz, codec_xz, codec_zst, codec_bz2;

/* The library for @comp; NULL for STK_COMP_NONE. */
const struct codec_ops *codec_for(enum stk_compression comp);

#endif /* STK_CODEC_H */

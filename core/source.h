/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * source.h - an image opened for sequential reading. Plain files and
 * gzip, xz, zstd and bzip2 streams (detected by magic bytes, never by the
 * name) read the same way; decompression happens on the fly.
 */
#ifndef STK_SOURCE_H
#define STK_SOURCE_H

#include "internal.h"

struct source;

#define SOURCE_PEEK_BYTES	STK_MIB	/* what the probe looks at */

/*
 * source_open - open @path read-only and detect its compression.
 * Fails with a message for a missing file, a directory or an unreadable
 * file. Free with source_close().
 */
int source_open(struct stk_ctx *ctx, const char *path, struct source **out);
void source_close(struct source *src);		/* NULL is fine */

enum stk_compression source_compression(const struct source *src);
/* The compression a buffer's first bytes announce (magic numbers). */
enum stk_compression source_detect(const uint8_t *buf, size_t len);
uint64_t source_file_bytes(const struct source *src);	/* on disk */

/*
 * source_size_bytes - the decompressed size when it is known before
 * reading: the file size for plain files, the index of an xz stream, the
 * frame headers of zstd. 0 when the format does not record it (gzip
 * records it only modulo 4 GiB, bzip2 not at all): the caller must then
 * stream and stop cleanly at the end of the target.
 */
uint64_t source_size_bytes(const struct source *src);

/*
 * source_read - the next bytes of the (decompressed) image, in order.
 * *@got < @len only at the end of the image. A truncated or corrupt
 * compressed stream fails with -EINVAL and a message naming the offset.
 * The only call that may run on a reader thread: on failure it writes its
 * message into @ctx, so that thread passes a context of its own.
 */
int source_read(struct stk_ctx *ctx, struct source *src, void *buf,
		size_t len, size_t *got);

/* source_rewind - start reading again from byte 0 of the image. */
int source_rewind(struct stk_ctx *ctx, struct source *src);

/* Bytes of the image returned so far by source_read(). */
uint64_t source_tell(const struct source *src);

/*
 * source_peek - open @path, read up to @len bytes from the start of the
 * decompressed image into @buf (the probe uses SOURCE_PEEK_BYTES), and
 * close it. *@got is the count read, *@comp the compression and
 * *@size_bytes as source_size_bytes() (any out pointer may be NULL).
 */
int source_peek(struct stk_ctx *ctx, const char *path, void *buf, size_t len,
		size_t *got, enum stk_compression *comp, uint64_t *size_bytes);

#endif /* STK_SOURCE_H */

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sink.h - where `stickler read` puts an image: a new file, compressed
 * (gzip, xz, zstd: told by the name) or not, or standard output.
 */
#ifndef STK_SINK_H
#define STK_SINK_H

#include <stdbool.h>
#include <stdint.h>

#include "internal.h"

struct sink;

/* The compression a file name asks for: ".gz", ".xz", ".zst", else none. */
enum stk_compression sink_comp_for(const char *path);

/*
 * sink_open - create @path ("-" is standard output) for an image of
 * @size_bytes (recorded in the zstd frame). An existing file is refused
 * (-EEXIST) unless @replace. With @hash the bytes that reach the file are
 * hashed (sink_sha256()). Free with sink_close().
 */
int sink_open(struct stk_ctx *ctx, const char *path, bool replace,
	      uint64_t size_bytes, bool hash, struct sink **out);
/* Compress (or not) and write @len bytes. */
int sink_write(struct stk_ctx *ctx, struct sink *s, const void *buf,
	       size_t len);
/* Finish the stream and flush it to the disk. */
int sink_finish(struct stk_ctx *ctx, struct sink *s);
/* Close; after a failure (@remove) a file this sink created is removed. */
void sink_close(struct sink *s, bool remove);
enum stk_compression sink_comp(const struct sink *s);
bool sink_is_stdout(const struct sink *s);
/* Bytes that reached the file (compressed size). */
uint64_t sink_file_bytes(const struct sink *s);
/* SHA-256 of those bytes, lower-case hex; "" unless opened with @hash. */
const char *sink_sha256(const struct sink *s);

#endif /* STK_SINK_H */

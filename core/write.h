/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * write.h - the streaming writer. A reader thread fills aligned buffers of
 * WRITE_CHUNK_BYTES from the map's sources (pread, decompression) and
 * hashes them; the caller's thread writes them (O_DIRECT where the target
 * allows it, else buffered with periodic fdatasync and
 * POSIX_FADV_DONTNEED). The first MiB of the target is written last.
 */
#ifndef STK_WRITE_H
#define STK_WRITE_H

#include "internal.h"

struct manifest;
struct map;
struct target;

#define WRITE_CHUNK_BYTES	(4u * STK_MIB)
#define WRITE_FAN_DEPTH		6	/* several targets: each may run this
					 * many chunks ahead of the slowest */
#define WRITE_SYNC_BYTES	(32ull * STK_MIB)	/* buffered mode */

struct write_stats {
	uint64_t	bytes_written;	/* all extents, zeros included */
	uint64_t	stream_bytes;	/* bytes the image stream gave */
	uint64_t	fail_off;	/* offset of a failed write, else 0 */
	uint64_t	bytes_skipped;	/* all-zero MiBs of skip_zeros extents */
	bool		head_written;	/* the first MiB is on the target */
	bool		torn;		/* a write failed: part of it may
					 * have landed */
	bool		labels_cleared;	/* old boot sector, GPTs wiped */
	bool		direct;		/* O_DIRECT was used throughout */
	double		seconds;
};

/*
 * write_map - write every extent of a finished @map to @tg, recording each
 * chunk in @mf. Progress goes to the context's callback (phase WRITE).
 * Return: 0, -ECANCELED, -ENOSPC when an open-ended stream is longer than
 * the target, -EIO (message names the offset), -ENODEV when the device
 * vanished. @st is filled in every case.
 */
int write_map(struct stk_ctx *ctx, struct map *map, struct target *tg,
	      struct manifest *mf, struct write_stats *st);

/*
 * write_map() for N targets from one reader: write_fan_start() starts the
 * reader with one ring of chunks that every target sees;
 * write_fan_target() is target @idx's whole write (call it from one
 * thread per target, each with its own @ctx); a failing target leaves the
 * ring and the others go on. write_fan_finish() stops the reader, waits
 * for it and frees the fan (NULL is fine). Without @hash (no target is
 * read back) the chunks are not hashed and the manifests hold zeros.
 */
struct write_fan;
int write_fan_start(struct stk_ctx *ctx, struct map *map, unsigned n_targets,
		    bool hash, struct write_fan **fan);
int write_fan_target(struct stk_ctx *ctx, struct write_fan *fan, unsigned idx,
		     struct target *tg, struct manifest *mf,
		     struct write_stats *st);
int write_fan_finish(struct stk_ctx *ctx, struct write_fan *fan);

/*
 * map_read - fill @buf with target bytes [off, off + len) as the map
 * describes them (zeros where no extent is). STREAM extents are read by
 * rewinding and skipping, so callers go in increasing order. *@got < @len
 * only where an open-ended stream extent ended.
 */
int map_read(struct stk_ctx *ctx, struct map *map, uint64_t off, void *buf,
	     size_t len, size_t *got);

#endif /* STK_WRITE_H */

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * map.h - the image map: ordered, non-overlapping extents that together
 * describe every byte written to the target, in both modes. Raw mode is
 * one STREAM extent; ISO mode maps FILE ranges of the ISO, SHADOW data
 * ranges and ZERO runs. The writer and the verifier take a map.
 */
#ifndef STK_MAP_H
#define STK_MAP_H

#include "internal.h"

struct source;

enum map_src {
	MAP_SRC_STREAM,	/* the image stream, read in order (maybe compressed) */
	MAP_SRC_FILE,	/* pread(map->file_fd) at src_off: the ISO */
	MAP_SRC_SHADOW,	/* pread(map->shadow_fd) at src_off */
	MAP_SRC_ZERO,	/* zeros; src_off unused */
};

struct map_extent {
	uint64_t	off;		/* target byte offset */
	uint64_t	len;		/* bytes */
	enum map_src	src;
	uint64_t	src_off;	/* byte offset in the source */
	bool		open_end;	/* STREAM only: ends where the stream
					 * ends, at most @len bytes */
	uint32_t	check;		/* non-zero: map->check_fn sees every
					 * byte read (a checksummed range) */
	bool		skip_zeros;	/* all-zero MiBs are not written */
};

/* Called by the reader with each piece of an extent that has @check set,
 * in order; non-zero stops the write. */
typedef int (*map_check_fn)(struct stk_ctx *ctx, void *arg,
			    const struct map_extent *e, uint64_t pos,
			    const void *buf, size_t len);

struct map {
	struct map_extent *ext;		/* sorted by off after map_finish() */
	size_t		n;
	size_t		cap;
	uint64_t	target_bytes;	/* 0: a file target that grows */
	bool		finished;
	struct source	*stream;	/* for STREAM extents; not owned */
	int		file_fd;	/* for FILE extents; not owned, or -1 */
	int		shadow_fd;	/* for SHADOW extents; not owned, or -1 */
	map_check_fn	check_fn;	/* for extents with @check */
	void		*check_arg;
};

/*
 * map_new - an empty map for a target of @target_bytes (0 for a file target
 * that takes the size of what is written). Sources are set by the caller
 * on the struct (stream, file_fd, shadow_fd). Free with map_free(), which
 * closes nothing.
 */
int map_new(struct stk_ctx *ctx, uint64_t target_bytes, struct map **out);
void map_free(struct map *map);			/* NULL is fine */

/*
 * map_add - append an extent. Order does not matter (map_finish() sorts);
 * STREAM extents must follow the stream's order: their src_off grows with
 * their target offset. Zero-length extents are ignored. -EINVAL for a
 * STREAM @open_end extent that is not the last STREAM extent (found by
 * map_finish()).
 */
int map_add(struct stk_ctx *ctx, struct map *map, uint64_t off, uint64_t len,
	    enum map_src src, uint64_t src_off);
/* As map_add() for the one raw extent whose length is not known. */
int map_add_open(struct stk_ctx *ctx, struct map *map, uint64_t off,
		 uint64_t max_len);

/*
 * map_finish - sort, reject overlaps (-EINVAL naming both extents), reject
 * extents past the target (-ENOSPC), check STREAM order, zero the first
 * and last MiB of the target where no extent covers them (map_zero_edges),
 * and merge neighbours that continue each other. Call once, before
 * writing; the map is read-only afterwards.
 */
int map_finish(struct stk_ctx *ctx, struct map *map);

/* Adds ZERO extents over the uncovered parts of the first and last MiB. */
int map_zero_edges(struct stk_ctx *ctx, struct map *map);

/* True when every byte of [off, off + len) is covered by some extent. */
bool map_covers(const struct map *map, uint64_t off, uint64_t len);

/* Sum of the extent lengths: the bytes the writer will write. */
uint64_t map_data_bytes(const struct map *map);

/* End of the last extent (the highest byte written + 1). */
uint64_t map_end(const struct map *map);

#endif /* STK_MAP_H */

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * map.c - the image map: the extents that together say what every written
 * byte of the target is, with their sort, merge and coverage checks.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "internal.h"
#include "map.h"

static const char *src_name(enum map_src src)
{
	switch (src) {
	case MAP_SRC_STREAM:
		return "image";
	case MAP_SRC_FILE:
		return "file";
	case MAP_SRC_SHADOW:
		return "shadow";
	case MAP_SRC_ZERO:
		return "zeros";
	}
	return "?";
}

int map_new(struct stk_ctx *ctx, uint64_t target_bytes, struct map **out)
{
	struct map *map;

	*out = NULL;
	map = calloc(1, sizeof(*map));
	if (!map)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	map->target_bytes = target_bytes;
	map->file_fd = -1;
	map->shadow_fd = -1;
	*out = map;
	return 0;
}

void map_free(struct map *map)
{
	if (!map)
		return;
	free(map->ext);
	free(map);
}

static int push(struct stk_ctx *ctx, struct map *map,
		const struct map_extent *e)
{
	struct map_extent *n;
	size_t cap;

	if (map->n == map->cap) {
		cap = map->cap ? map->cap * 2 : 16;
		n = realloc(map->ext, cap * sizeof(*n));
		if (!n)
			return stk_seterr(ctx, -ENOMEM, "out of memory");
		map->ext = n;
		map->cap = cap;
	}
	map->ext[map->n++] = *e;
	return 0;
}

int map_add(struct stk_ctx *ctx, struct map *map, uint64_t off, uint64_t len,
	    enum map_src src, uint64_t src_off)
{
	struct map_extent e = {
		.off = off,
		.len = len,
		.src = src,
		.src_off = src_off,
	};

	if (map->finished)
		return stk_seterr(ctx, -EINVAL, "map already finished");
	if (off + len < off)
		return stk_seterr(ctx, -EINVAL,
				  "extent at %" PRIu64 " wraps around", off);
	if (!len)
		return 0;
	return push(ctx, map, &e);
}

int map_add_open(struct stk_ctx *ctx, struct map *map, uint64_t off,
		 uint64_t max_len)
{
	struct map_extent e = {
		.off = off,
		.len = max_len,
		.src = MAP_SRC_STREAM,
		.open_end = true,
	};

	if (map->finished)
		return stk_seterr(ctx, -EINVAL, "map already finished");
	return push(ctx, map, &e);
}

static int cmp_ext(const void *a, const void *b)
{
	const struct map_extent *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return 0;
}

static uint64_t ext_end(const struct map_extent *e)
{
	return e->off + e->len;
}

/* The uncovered parts of [lo, hi) become ZERO extents. Needs sorted map. */
static int zero_gaps(struct stk_ctx *ctx, struct map *map, uint64_t lo,
		     uint64_t hi)
{
	size_t i, n = map->n;
	uint64_t pos = lo;
	int rc;

	for (i = 0; i < n && pos < hi; i++) {
		const struct map_extent *e = &map->ext[i];

		if (ext_end(e) <= pos)
			continue;
		if (e->off >= hi)
			break;
		if (e->off > pos) {
			rc = map_add(ctx, map, pos, e->off - pos, MAP_SRC_ZERO,
				     0);
			if (rc)
				return rc;
		}
		pos = ext_end(&map->ext[i]);
	}
	if (pos < hi)
		return map_add(ctx, map, pos, hi - pos, MAP_SRC_ZERO, 0);
	return 0;
}

int map_zero_edges(struct stk_ctx *ctx, struct map *map)
{
	uint64_t head, tail;
	int rc;

	qsort(map->ext, map->n, sizeof(*map->ext), cmp_ext);
	if (!map->target_bytes)
		return 0; /* a growing file target has no end to clean */
	head = map->target_bytes < STK_MIB ? map->target_bytes : STK_MIB;
	tail = map->target_bytes > STK_MIB ? map->target_bytes - STK_MIB : 0;
	rc = zero_gaps(ctx, map, 0, head);
	if (rc)
		return rc;
	qsort(map->ext, map->n, sizeof(*map->ext), cmp_ext);
	rc = zero_gaps(ctx, map, tail > head ? tail : head, map->target_bytes);
	qsort(map->ext, map->n, sizeof(*map->ext), cmp_ext);
	return rc;
}

/* Does @b continue @a, so that both can be one extent? */
static bool continues(const struct map_extent *a, const struct map_extent *b)
{
	if (a->src != b->src || ext_end(a) != b->off || a->open_end ||
	    b->open_end || a->check || b->check ||
	    a->skip_zeros != b->skip_zeros)
		return false;
	return a->src == MAP_SRC_ZERO || a->src_off + a->len == b->src_off;
}

static int check(struct stk_ctx *ctx, struct map *map)
{
	const struct map_extent *last_stream = NULL;
	size_t i;

	for (i = 0; i < map->n; i++) {
		const struct map_extent *e = &map->ext[i];

		if (i && ext_end(&map->ext[i - 1]) > e->off)
			return stk_seterr(
				ctx, -EINVAL,
				"map extents overlap: %s at %" PRIu64
				"+%" PRIu64 " and %s at %" PRIu64 "+%" PRIu64,
				src_name(map->ext[i - 1].src),
				map->ext[i - 1].off, map->ext[i - 1].len,
				src_name(e->src), e->off, e->len);
		if (map->target_bytes && ext_end(e) > map->target_bytes)
			return stk_seterr(ctx, -ENOSPC,
					  "image map needs %" PRIu64
					  " bytes but the target has %" PRIu64,
					  ext_end(e), map->target_bytes);
		if (e->src != MAP_SRC_STREAM)
			continue;
		if (last_stream &&
		    (last_stream->open_end ||
		     last_stream->src_off + last_stream->len > e->src_off))
			return stk_seterr(
				ctx, -EINVAL,
				"image stream extents out of order at %" PRIu64,
				e->off);
		last_stream = e;
	}
	return 0;
}

static void merge(struct map *map)
{
	size_t i, o = 0;

	for (i = 0; i < map->n; i++) {
		if (o && continues(&map->ext[o - 1], &map->ext[i]))
			map->ext[o - 1].len += map->ext[i].len;
		else
			map->ext[o++] = map->ext[i];
	}
	map->n = o;
}

int map_finish(struct stk_ctx *ctx, struct map *map)
{
	int rc;

	if (map->finished)
		return stk_seterr(ctx, -EINVAL, "map already finished");
	qsort(map->ext, map->n, sizeof(*map->ext), cmp_ext);
	rc = check(ctx, map);
	if (rc)
		return rc;
	rc = map_zero_edges(ctx, map);
	if (rc)
		return rc;
	merge(map);
	map->finished = true;
	return 0;
}

bool map_covers(const struct map *map, uint64_t off, uint64_t len)
{
	uint64_t pos = off, end = off + len;
	bool moved = true;
	size_t i;

	/* Repeated passes, so it also answers before map_finish() sorts. */
	while (moved && pos < end) {
		moved = false;
		for (i = 0; i < map->n; i++) {
			const struct map_extent *e = &map->ext[i];

			if (e->off <= pos && ext_end(e) > pos) {
				pos = ext_end(e);
				moved = true;
			}
		}
	}
	return pos >= end;
}

uint64_t map_data_bytes(const struct map *map)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < map->n; i++)
		sum += map->ext[i].len;
	return sum;
}

uint64_t map_end(const struct map *map)
{
	uint64_t end = 0;
	size_t i;

	for (i = 0; i < map->n; i++)
		if (ext_end(&map->ext[i]) > end)
			end = ext_end(&map->ext[i]);
	return end;
}

// SPDX-License-Identifier: GPL-3.0-or-later
/* test-map.c - image map: sorting, merging, overlaps, edges, coverage. */
#include "t.h"
#include "internal.h"
#include "map.h"

#define MIB ((uint64_t)STK_MIB)

static struct map *new_map(struct stk_ctx **ctx, uint64_t size)
{
	struct map *map = NULL;

	*ctx = stk_ctx_new();
	T_EQ_INT(map_new(*ctx, size, &map), 0);
	return map;
}

static void done(struct stk_ctx *ctx, struct map *map)
{
	map_free(map);
	stk_ctx_free(ctx);
}

static void raw_extent_covers_all(void)
{
	struct stk_ctx *ctx;
	struct map *map = new_map(&ctx, 64 * MIB);

	T_EQ_INT(map_add(ctx, map, 0, 64 * MIB, MAP_SRC_STREAM, 0), 0);
	T_EQ_INT(map_finish(ctx, map), 0);
	T_EQ_INT(map->n, 1);
	T_EQ_U64(map_data_bytes(map), 64 * MIB);
	T_OK(map_covers(map, 0, 64 * MIB));
	done(ctx, map);
}

static void small_image_gets_zero_edges(void)
{
	struct stk_ctx *ctx;
	struct map *map = new_map(&ctx, 64 * MIB);

	/* 300 KiB image: the rest of the first MiB and the last MiB zeroed */
	T_EQ_INT(map_add(ctx, map, 0, 300 * 1024, MAP_SRC_STREAM, 0), 0);
	T_EQ_INT(map_finish(ctx, map), 0);
	T_EQ_INT(map->n, 3);
	T_EQ_INT(map->ext[1].src, MAP_SRC_ZERO);
	T_EQ_U64(map->ext[1].off, 300 * 1024);
	T_EQ_U64(map->ext[1].len, MIB - 300 * 1024);
	T_EQ_INT(map->ext[2].src, MAP_SRC_ZERO);
	T_EQ_U64(map->ext[2].off, 63 * MIB);
	T_EQ_U64(map->ext[2].len, MIB);
	T_OK(map_covers(map, 0, MIB));
	T_OK(!map_covers(map, MIB, 1));
	T_EQ_U64(map_data_bytes(map), 2 * MIB);
	done(ctx, map);
}

static void tail_partly_covered(void)
{
	struct stk_ctx *ctx;
	struct map *map = new_map(&ctx, 10 * MIB);

	/* an image that ends half way through the last MiB */
	T_EQ_INT(map_add(ctx, map, 0, 9 * MIB + 4096, MAP_SRC_STREAM, 0), 0);
	T_EQ_INT(map_finish(ctx, map), 0);
	T_EQ_INT(map->n, 2);
	T_EQ_U64(map->ext[1].off, 9 * MIB + 4096);
	T_EQ_U64(map->ext[1].len, MIB - 4096);
	T_OK(map_covers(map, 0, 10 * MIB));
	done(ctx, map);
}

static void merges_neighbours(void)
{
	struct stk_ctx *ctx;
	struct map *map = new_map(&ctx, 8 * MIB);

	/* added out of order; file pieces that continue each other merge */
	T_EQ_INT(map_add(ctx, map, 3 * MIB, MIB, MAP_SRC_FILE, 10 * MIB), 0);
	T_EQ_INT(map_add(ctx, map, 2 * MIB, MIB, MAP_SRC_FILE, 9 * MIB), 0);
	T_EQ_INT(map_add(ctx, map, 4 * MIB, MIB, MAP_SRC_FILE, 20 * MIB), 0);
	T_EQ_INT(map_add(ctx, map, 0, MIB, MAP_SRC_SHADOW, 0), 0);
	T_EQ_INT(map_add(ctx, map, 5 * MIB, MIB, MAP_SRC_ZERO, 0), 0);
	T_EQ_INT(map_finish(ctx, map), 0);
	/* shadow, file 2-4 MiB, file 4-5, zero 5-6, zero 7-8 (edge) */
	T_EQ_INT(map->n, 5);
	T_EQ_U64(map->ext[1].off, 2 * MIB);
	T_EQ_U64(map->ext[1].len, 2 * MIB);
	T_EQ_U64(map->ext[1].src_off, 9 * MIB);
	T_EQ_U64(map->ext[2].src_off, 20 * MIB);
	T_EQ_U64(map->ext[4].off, 7 * MIB);
	T_OK(!map_covers(map, MIB, MIB));
	T_OK(map_covers(map, 2 * MIB, 4 * MIB));
	done(ctx, map);
}

static void rejects_overlap(void)
{
	struct stk_ctx *ctx;
	struct map *map = new_map(&ctx, 8 * MIB);

	T_EQ_INT(map_add(ctx, map, MIB, MIB, MAP_SRC_FILE, 0), 0);
	T_EQ_INT(map_add(ctx, map, 2 * MIB - 512, 512, MAP_SRC_SHADOW, 0), 0);
	T_EQ_INT(map_finish(ctx, map), -EINVAL);
	T_OK(strstr(stk_ctx_errmsg(ctx), "overlap") != NULL);
	done(ctx, map);
}

static void rejects_past_end(void)
{
	struct stk_ctx *ctx;
	struct map *map = new_map(&ctx, 8 * MIB);

	T_EQ_INT(map_add(ctx, map, 0, 8 * MIB + 512, MAP_SRC_STREAM, 0), 0);
	T_EQ_INT(map_finish(ctx, map), -ENOSPC);
	done(ctx, map);
}

static void rejects_stream_out_of_order(void)
{
	struct stk_ctx *ctx;
	struct map *map = new_map(&ctx, 8 * MIB);

	T_EQ_INT(map_add(ctx, map, 0, MIB, MAP_SRC_STREAM, MIB), 0);
	T_EQ_INT(map_add(ctx, map, 2 * MIB, MIB, MAP_SRC_STREAM, 0), 0);
	T_EQ_INT(map_finish(ctx, map), -EINVAL);
	done(ctx, map);
}

static void growing_file_target(void)
{
	struct stk_ctx *ctx;
	struct map *map = new_map(&ctx, 0);

	T_EQ_INT(map_add_open(ctx, map, 0, UINT64_MAX / 2), 0);
	T_EQ_INT(map_finish(ctx, map), 0);
	T_EQ_INT(map->n, 1);
	T_OK(map->ext[0].open_end);
	T_EQ_INT(map_add(ctx, map, 0, 1, MAP_SRC_ZERO, 0), -EINVAL);
	done(ctx, map);
}

static void tiny_target(void)
{
	struct stk_ctx *ctx;
	struct map *map = new_map(&ctx, 4096);

	T_EQ_INT(map_add(ctx, map, 0, 1000, MAP_SRC_STREAM, 0), 0);
	T_EQ_INT(map_finish(ctx, map), 0);
	T_EQ_INT(map->n, 2);
	T_EQ_U64(map_end(map), 4096);
	T_OK(map_covers(map, 0, 4096));
	done(ctx, map);
}

T_MAIN(
	T_CASE(raw_extent_covers_all),
	T_CASE(small_image_gets_zero_edges),
	T_CASE(tail_partly_covered),
	T_CASE(merges_neighbours),
	T_CASE(rejects_overlap),
	T_CASE(rejects_past_end),
	T_CASE(rejects_stream_out_of_order),
	T_CASE(growing_file_target),
	T_CASE(tiny_target),
)

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sparse.h - raw writes that skip what the image does not hold: the
 * ranges a bmap maps (their checksums checked while reading), or with
 * --sparse the data ranges of a plain file less its all-zero MiBs.
 */
#ifndef STK_SPARSE_H
#define STK_SPARSE_H

#include "bmap.h"

struct map;
struct source;
struct sparse;

/*
 * sparse_plan - decide whether @plan (raw mode) writes sparsely: a bmap
 * named by --bmap, else one beside the image (IMAGE.bmap, IMAGE with its
 * last extension replaced by .bmap) unless --no-bmap; else --sparse. The
 * bmap is read, its own checksum and its image size checked.
 * *@out is NULL when the whole image is written.
 * Return: 0, -EINVAL (a bmap that is malformed or for another image),
 * -ENOTSUP (--sparse or a bmap where they cannot apply), -errno.
 */
int sparse_plan(struct stk_ctx *ctx, const struct stk_plan *plan,
		struct sparse **out);
void sparse_free(struct sparse *sp);	/* NULL is fine */

/*
 * sparse_map - the image's extents into @map: the mapped ranges (or data
 * ranges), the image's first and last MiB always, read from @src (a
 * plain image is read at offsets, a compressed one streamed).
 */
int sparse_map(struct stk_ctx *ctx, struct sparse *sp, struct source *src,
	       struct map *map);

/* Bytes of the image the map writes (before all-zero MiBs are dropped). */
uint64_t sparse_mapped_bytes(const struct sparse *sp);

/* A line for the plan: what is written, what is left as it is. */
char *sparse_describe(const struct sparse *sp, uint64_t image_bytes);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * verify.h - read the target back bypassing the page cache (O_DIRECT, else
 * BLKFLSBUF / fdatasync + POSIX_FADV_DONTNEED) and compare.
 */
#ifndef STK_VERIFY_H
#define STK_VERIFY_H

#include "internal.h"

struct manifest;
struct map;
struct target;

enum verify_outcome {
	VERIFY_IDENTICAL,
	VERIFY_MISMATCH,	/* -EBADMSG */
	VERIFY_READ_ERROR,	/* -EIO */
	VERIFY_VANISHED,	/* -ENODEV */
};

struct verify_stats {
	enum verify_outcome outcome;
	uint64_t	bytes_read;
	uint64_t	first_bad_sector;	/* target logical sectors */
	uint64_t	bad_sectors;
	uint64_t	error_off;		/* read error / vanish offset */
	double		seconds;
};

/*
 * verify_manifest - read every chunk of @mf back from @tg and compare its
 * hash; on a difference re-read the source through @map to name the first
 * differing sector and count the differing ones.
 * Return: 0 identical, -EBADMSG, -EIO, -ENODEV, -ECANCELED.
 */
int verify_manifest(struct stk_ctx *ctx, struct map *map,
		    const struct manifest *mf, struct target *tg,
		    struct verify_stats *vs);

/*
 * verify_map - compare the target with what @map describes, without a
 * manifest (`stickler verify IMAGE TARGET`): the source is streamed once.
 */
int verify_map(struct stk_ctx *ctx, struct map *map, struct target *tg,
	       struct verify_stats *vs);

/*
 * verify_drop_cache - make sure the page cache does not answer for the
 * target when O_DIRECT is off (a file on tmpfs, a device that refused it).
 */
void verify_drop_cache(struct target *tg);

#endif /* STK_VERIFY_H */

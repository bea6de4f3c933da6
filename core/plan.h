/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan.h - a plan holds the decisions stk_plan_new() made; only
 * stk_plan_run() acts on them.
 */
#ifndef STK_PLAN_H
#define STK_PLAN_H

#include "internal.h"
#include "holds.h"

struct compose;
struct sparse;
struct stk_image;

struct stk_plan {
	const struct stk_image *img;	/* not owned; outlives the plan */
	char		*image_path;
	char		*target_path;
	char		*label;		/* owned copy of opt.label */
	char		*bmap_path;	/* owned copy of opt.bmap_path */
	struct stk_options opt;
	enum stk_mode	mode;		/* never AUTO */
	enum stk_compression comp;
	uint64_t	image_bytes;	/* decompressed; 0 if not recorded */
	bool		target_new;	/* a file that does not exist yet */
	bool		target_blockdev;
	uint64_t	target_bytes;	/* device size or file size to make;
					 * 0: a file that takes the image's */
	uint64_t	file_bytes;	/* an existing file's size now */
	uint32_t	sector_bytes;
	char		holds[HOLDS_TEXT_MAX]; /* what the target holds now */
	struct stk_result result;
	struct compose	*compose;	/* ISO mode: shadow and map */
	struct sparse	*sparse;	/* raw: what of the image is written,
					 * or NULL for all of it */
	struct stk_device *target_dev;	/* the disk as planned, compared by
					 * the run; NULL for files */
	struct stk_plan	**peer;		/* the other targets (fanout.h) */
	size_t		n_peers;
};

/* The device check's flags (STK_CHECK_*) the plan's options ask for. */
unsigned plan_check_flags(const struct stk_plan *plan);

#endif /* STK_PLAN_H */

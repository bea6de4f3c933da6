/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * treecheck.h - the proof that an ISO-mode stick holds the image: the
 * ISO's tree, walked afresh through libcdio, against the FAT read back
 * through the FAT reader (never the composer's own tables).
 */
#ifndef STK_TREECHECK_H
#define STK_TREECHECK_H

#include "internal.h"
#include "fatread.h"

struct compose;
struct map;

/* What holds the stick: its bytes, and (after composing) its map. */
struct tree_src {
	fat_read_fn	read;		/* bytes of the stick */
	void		*read_data;
	struct map	*map;		/* or NULL: every byte is compared */
	uint64_t	part_offset;	/* the FAT partition, in bytes */
	uint64_t	part_bytes;
};

struct tree_proof {
	uint64_t	files;		/* files as in the image */
	uint64_t	file_bytes;
	uint64_t	dirs;
	uint64_t	links;		/* symlinks stored as copies */
	uint64_t	changed;	/* changed or added as planned */
	uint64_t	first_bad_sector; /* 512-byte, on a difference */
};

/*
 * tree_check - every file and directory of the ISO must be on the FAT
 * with the same bytes, except the files the plan @c changes (compared with
 * their planned contents) and what the plan leaves out; every FAT entry
 * must come from the ISO or the plan. With @src->map, file data the map
 * takes from the very ISO bytes the tree names is proven by its offsets;
 * all other data is read and compared.
 * Return: 0 with @out filled; -EBADMSG naming the first differing file and
 * its sector; -ENOTSUP for what the stick cannot hold; -EINVAL for a
 * damaged FAT (loops, cross-links, chains of the wrong length).
 */
int tree_check(struct stk_ctx *ctx, struct compose *c,
	       const struct tree_src *src, struct tree_proof *out);

#endif /* STK_TREECHECK_H */

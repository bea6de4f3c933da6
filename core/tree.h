/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tree.h - an ISO 9660 image opened to look inside (tree.c) and to
 * extract (extract.c).
 */
#ifndef STK_TREE_H
#define STK_TREE_H

#include "internal.h"

struct iso;
struct iso_entry;

struct stk_tree {
	char		*path;		/* the image, as given */
	struct iso	*iso;
};

/* The public view of one entry of the ISO tree (types from stickler.h). */
void tree_entry_from_iso(const struct iso_entry *ie,
			 struct stk_tree_entry *out);

/*
 * tree_copy_file - write the data of the file @e (all its extents) to @fd,
 * reporting progress as @done_base + bytes so far of @total (phase COPY).
 * *@copied gets the bytes written, whatever the outcome.
 */
int tree_copy_file(struct stk_ctx *ctx, struct stk_tree *tree,
		   const struct iso_entry *e, int fd, uint64_t done_base,
		   uint64_t total, double t0, uint64_t *copied);

#endif /* STK_TREE_H */

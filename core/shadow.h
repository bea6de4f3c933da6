/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * shadow.h - the sparse scratch file ISO mode builds in (shadow.c).
 */
#ifndef STK_SHADOW_H
#define STK_SHADOW_H

#include "internal.h"

/* The shadow: a sparse scratch file as large as the target. */
struct shadow {
	int		fd;
	char		*path;		/* tools (syslinux) open it */
	uint64_t	size_bytes;
	bool		unlinked;	/* no tool needs the name any more */
};

struct shadow_range {
	uint64_t	off;
	uint64_t	len;
};

struct shadow_ranges {
	size_t			n;
	struct shadow_range	*range;	/* ascending, not touching */
};

/*
 * shadow_create - a sparse file of @size_bytes next to @near when that is
 * a regular file (the target), else in $TMPDIR (or /tmp). It is unlinked
 * by shadow_free().
 */
int shadow_create(struct stk_ctx *ctx, const char *near, uint64_t size_bytes,
		  struct shadow **out);
void shadow_free(struct shadow *sh);	/* NULL is fine */
/* Remove the name once no tool needs it; the fd keeps the data. */
void shadow_unlink(struct shadow *sh);
int shadow_write(struct stk_ctx *ctx, struct shadow *sh, const void *buf,
		 size_t len, uint64_t off);
int shadow_read(struct stk_ctx *ctx, struct shadow *sh, void *buf, size_t len,
		uint64_t off);
/* Ranges that hold data (SEEK_DATA/SEEK_HOLE); free with shadow_ranges_free. */
int shadow_data_ranges(struct stk_ctx *ctx, struct shadow *sh,
		       struct shadow_ranges *out);
void shadow_ranges_free(struct shadow_ranges *r);

#endif /* STK_SHADOW_H */

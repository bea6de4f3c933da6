/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * iso.h - the ISO 9660 tree through libiso9660 (iso.c).
 */
#ifndef STK_ISO_H
#define STK_ISO_H

#include <time.h>

#include "internal.h"

struct iso;
/*
 * iso.c: the ISO 9660 tree through libiso9660. Names are the best ones the
 * image has: Rock Ridge, else Joliet, else ISO 9660 with ";1" and a
 * trailing "." removed (case kept). Paths start with "/"; the root is "/".
 */
struct iso_extent {
	uint32_t	lba;		/* 2048-byte blocks */
	uint64_t	bytes;
};

#define ISO_MAX_EXTENTS	8

struct iso_entry {
	const char	*path;		/* "/isolinux/isolinux.bin" */
	const char	*name;		/* "isolinux.bin" */
	bool		is_dir;
	bool		is_symlink;	/* Rock Ridge symlink */
	const char	*link_target;	/* "" unless is_symlink */
	uint64_t	size_bytes;	/* all extents together */
	uint32_t	lba;		/* first extent, 2048-byte blocks */
	bool		multi_extent;	/* more than one extent */
	int		n_extents;	/* entries in @extent; a file of more
					 * than ISO_MAX_EXTENTS keeps the first
					 * ones (size_bytes counts all) */
	struct iso_extent extent[ISO_MAX_EXTENTS];
	time_t		mtime;		/* Rock Ridge's, else the record's */
	uint32_t	mode;		/* Rock Ridge st_mode, 0 without it */
	int		depth;		/* 0 for the entries of the root */
	const char	*unread;	/* why the walk could not read it (a
					 * directory not entered, a name FAT
					 * cannot hold), else NULL */
};

/* What iso_walk()'s callback returns besides 0 (go on) and -errno (stop). */
#define ISO_WALK_SKIP	1	/* do not descend into this directory */

/* @e and its strings are valid only during the call. */
typedef int (*iso_walk_fn)(const struct iso_entry *e, void *data);

/*
 * iso_open - open the ISO 9660 file system of the image file at @path.
 * Prefers Rock Ridge names, then Joliet. Fails with -EINVAL (and a
 * message) when there is no readable ISO 9660 volume. Free with iso_close().
 */
int iso_open(struct stk_ctx *ctx, const char *path, struct iso **iso);
void iso_close(struct iso *iso);		/* NULL is fine */
bool iso_has_rock_ridge(const struct iso *iso);
uint8_t iso_joliet_level(const struct iso *iso);

/*
 * iso_walk - call @fn for every entry, depth first, a directory before its
 * contents, in directory order. Directories deeper than 64 levels, loops,
 * directories that cannot be read and names no file system can hold are
 * reported with e->unread set (and not entered). Returns 0, or the first
 * negative value of @fn.
 */
int iso_walk(struct stk_ctx *ctx, struct iso *iso, iso_walk_fn fn, void *data);

/*
 * iso_lookup - find @path (exact names first, then ignoring case per
 * component). Returns 0 and fills @out, -ENOENT when absent. The strings
 * in @out stay valid until the next iso_lookup() or iso_close() on @iso.
 */
int iso_lookup(struct stk_ctx *ctx, struct iso *iso, const char *path,
	       struct iso_entry *out);

/*
 * iso_read_file - read the whole file @path (at most @max_bytes, else
 * -EFBIG) into a new buffer with a NUL byte after the data. The caller frees
 * *@data with free().
 */
int iso_read_file(struct stk_ctx *ctx, struct iso *iso, const char *path,
		  size_t max_bytes, uint8_t **data, size_t *len_bytes);

/* Reads @n 2048-byte blocks at @lba of the ISO. */
int iso_read_blocks(struct stk_ctx *ctx, struct iso *iso, uint32_t lba,
		    void *buf, uint32_t n);

#endif /* STK_ISO_H */

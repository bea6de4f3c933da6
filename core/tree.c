// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * tree.c - look inside an ISO image without mounting it: list a directory,
 * copy one file out.
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tree.h"
#include "iso.h"
#include "source.h"

#define TREE_COPY_BLOCKS 64u /* 128 KiB per read */

int stk_tree_open(struct stk_ctx *ctx, const char *path, struct stk_tree **out)
{
	enum stk_compression comp = STK_COMP_NONE;
	struct stk_tree *tree;
	uint8_t head[16];
	size_t got = 0;
	int rc;

	if (!out)
		return stk_seterr(ctx, -EINVAL, "stk_tree_open: no result");
	*out = NULL;
	if (!ctx || !path || !*path)
		return stk_seterr(ctx, -EINVAL, "no image path given");
	/* the magic bytes of the file itself, not of what it decompresses to */
	rc = source_peek(ctx, path, head, sizeof(head), &got, &comp, NULL);
	if (rc)
		return rc;
	if (comp != STK_COMP_NONE)
		return stk_seterr(
			ctx, -ENOTSUP,
			"'%s' is compressed (%s): decompress it first", path,
			stk_compression_name(comp));
	tree = calloc(1, sizeof(*tree));
	if (!tree)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	tree->path = strdup(path);
	if (!tree->path) {
		free(tree);
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	}
	rc = iso_open(ctx, path, &tree->iso);
	if (rc) {
		stk_tree_close(tree);
		return rc;
	}
	*out = tree;
	return 0;
}

void stk_tree_close(struct stk_tree *tree)
{
	if (!tree)
		return;
	iso_close(tree->iso);
	free(tree->path);
	free(tree);
}

void tree_entry_from_iso(const struct iso_entry *ie, struct stk_tree_entry *out)
{
	memset(out, 0, sizeof(*out));
	out->path = ie->path;
	out->name = ie->name;
	out->type = ie->is_symlink ? STK_ENTRY_SYMLINK
		    : ie->is_dir   ? STK_ENTRY_DIR
				   : STK_ENTRY_FILE;
	out->link_target = ie->link_target ? ie->link_target : "";
	out->size_bytes = ie->is_dir ? 0 : ie->size_bytes;
	out->mtime = (int64_t)ie->mtime;
	out->mode = ie->mode;
	if (!out->mode)
		out->mode = ie->is_dir ? (S_IFDIR | 0555) : (S_IFREG | 0444);
	out->depth = ie->depth;
}

struct list {
	const char *dir; /* canonical path of the directory */
	size_t dir_len;
	stk_tree_fn fn;
	void *data;
};

/* The entry at @path, or the message that it is not in the image. */
static int lookup(struct stk_ctx *ctx, struct stk_tree *tree, const char *path,
		  struct iso_entry *e)
{
	int rc = iso_lookup(ctx, tree->iso, path, e);

	if (rc == -ENOENT)
		return stk_seterr(ctx, rc, "'%s' is not in '%s'", path,
				  tree->path);
	return rc;
}

/* Descend only along @dir; report the entries whose parent is @dir. */
static int list_one(const struct iso_entry *e, void *data)
{
	struct list *l = data;
	struct stk_tree_entry te;
	/* by the name's length: a hostile name may hold a '/' */
	size_t parent_len = strlen(e->path) - strlen(e->name) - 1;
	int rc;

	if (parent_len == 0)
		parent_len = 1; /* "/name": the root is the parent */
	if (parent_len == l->dir_len && !strncmp(e->path, l->dir, parent_len)) {
		tree_entry_from_iso(e, &te);
		rc = l->fn(&te, l->data);
		if (rc)
			return rc < 0 ? rc : -ECANCELED;
		return ISO_WALK_SKIP;
	}
	/* the directory itself, or one on the way to it */
	if (e->is_dir && !e->is_symlink && l->dir_len >= strlen(e->path) &&
	    !strncmp(l->dir, e->path, strlen(e->path)) &&
	    (l->dir[strlen(e->path)] == '/' || !l->dir[strlen(e->path)]))
		return 0;
	return ISO_WALK_SKIP;
}

int stk_tree_list(struct stk_ctx *ctx, struct stk_tree *tree, const char *path,
		  stk_tree_fn fn, void *data)
{
	struct iso_entry e;
	struct stk_tree_entry te;
	struct list l;
	char *canon;
	int rc;

	if (!ctx || !tree || !fn)
		return stk_seterr(ctx, -EINVAL, "stk_tree_list: bad arguments");
	if (!path || !*path)
		path = "/";
	rc = lookup(ctx, tree, path, &e);
	if (rc)
		return rc;
	if (!e.is_dir || e.is_symlink) {
		tree_entry_from_iso(&e, &te);
		rc = fn(&te, data);
		return rc > 0 ? -ECANCELED : rc;
	}
	/* the walk reuses the lookup's strings: keep the directory's name */
	canon = strdup(e.path);
	if (!canon)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	l.dir = canon;
	l.dir_len = strlen(canon);
	l.fn = fn;
	l.data = data;
	rc = iso_walk(ctx, tree->iso, list_one, &l);
	free(canon);
	return rc;
}

int tree_copy_file(struct stk_ctx *ctx, struct stk_tree *tree,
		   const struct iso_entry *e, int fd, uint64_t done_base,
		   uint64_t total, double t0, uint64_t *copied)
{
	uint64_t sum = 0;
	uint8_t *buf;
	int i, rc = 0;

	*copied = 0;
	/* iso.c keeps ISO_MAX_EXTENTS extents; size_bytes counts them all */
	for (i = 0; i < e->n_extents; i++)
		sum += e->extent[i].bytes;
	if (sum != e->size_bytes)
		return stk_seterr(
			ctx, -EFBIG,
			"'%s' has more extents than stickler reads (%d)",
			e->path, ISO_MAX_EXTENTS);
	buf = malloc(TREE_COPY_BLOCKS * ISO_BLOCK_BYTES);
	if (!buf)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	for (i = 0; i < e->n_extents && !rc; i++) {
		uint64_t left = e->extent[i].bytes;
		uint32_t lba = e->extent[i].lba;

		while (left && !rc) {
			uint64_t want =
				left < TREE_COPY_BLOCKS * ISO_BLOCK_BYTES
					? left
					: TREE_COPY_BLOCKS * ISO_BLOCK_BYTES;
			uint32_t n = (uint32_t)((want + ISO_BLOCK_BYTES - 1) /
						ISO_BLOCK_BYTES);
			ssize_t w;

			rc = iso_read_blocks(ctx, tree->iso, lba, buf, n);
			if (rc)
				break;
			w = write(fd, buf, (size_t)want);
			if (w != (ssize_t)want) {
				rc = stk_seterr(
					ctx, w < 0 ? -errno : -ENOSPC,
					"cannot write '%s': %s", e->path,
					strerror(w < 0 ? errno : ENOSPC));
				break;
			}
			lba += n;
			left -= want;
			*copied += want;
			rc = stk_report(ctx, STK_PHASE_COPY,
					done_base + *copied, total,
					stk_now() - t0, e->path);
		}
	}
	free(buf);
	return rc;
}

int stk_tree_cat(struct stk_ctx *ctx, struct stk_tree *tree, const char *path,
		 int fd)
{
	struct iso_entry e;
	uint64_t copied;
	int rc;

	if (!ctx || !tree || !path || fd < 0)
		return stk_seterr(ctx, -EINVAL, "stk_tree_cat: bad arguments");
	rc = lookup(ctx, tree, path, &e);
	if (rc)
		return rc;
	if (e.is_symlink)
		return stk_seterr(ctx, -EINVAL,
				  "'%s' is a symlink to '%s' (not followed)",
				  path, e.link_target);
	if (e.is_dir)
		return stk_seterr(ctx, -EISDIR, "'%s' is a directory", path);
	return tree_copy_file(ctx, tree, &e, fd, 0, e.size_bytes, stk_now(),
			      &copied);
}

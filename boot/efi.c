// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * efi.c - when the tree has no EFI/BOOT loader but the El Torito UEFI
 * entry points at a FAT image (efi.img, efiboot.img), its files are put
 * on the stick, read with stickler's own FAT reader straight from the ISO.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

#include "compose.h"

#define EFI_MAX_DEPTH 8
#define EFI_MAX_DIRS  256

struct efi_walk {
	struct stk_ctx *ctx;
	struct compose *c;
	struct fat_reader *fr;
	const char *image;
	char dir[STK_PATH_MAX];
	int depth;
	int n_files;
	int n_kept;
	int rc;
	uint32_t *seen; /* directory clusters entered, shared by the walk */
	int *n_seen;
};

static int efi_entry(const struct fat_dirent *e, void *data)
{
	struct efi_walk *w = data;
	char path[STK_PATH_MAX];
	uint8_t *bytes = NULL;
	size_t len = 0;
	int rc;

	if (snprintf(path, sizeof(path), "%s/%s", w->dir, e->name) >=
	    (int)sizeof(path))
		return stk_seterr(w->ctx, -ENAMETOOLONG, "'%s/%s' is too long",
				  w->dir, e->name);
	if (e->is_dir) {
		struct efi_walk sub = *w;
		int i;

		/* a directory met twice is a loop, one too deep is damage:
		 * either way the stick would lack files, so nothing is kept */
		for (i = 0; i < *w->n_seen; i++)
			if (w->seen[i] == e->first_cluster)
				return stk_seterr(
					w->ctx, -EINVAL,
					"the directory '%s' is a loop (cluster %u again)",
					path, e->first_cluster);
		if (w->depth >= EFI_MAX_DEPTH || *w->n_seen >= EFI_MAX_DIRS)
			return stk_seterr(w->ctx, -EINVAL,
					  "'%s' is nested too deep", path);
		w->seen[(*w->n_seen)++] = e->first_cluster;
		stk_strlcpy(sub.dir, path, sizeof(sub.dir));
		sub.depth++;
		rc = fat_list(w->ctx, w->fr, *path ? path : "/", efi_entry,
			      &sub);
		w->n_files = sub.n_files;
		w->n_kept = sub.n_kept;
		return rc;
	}
	/* what the ISO tree has itself wins: it is what UEFI saw on CD */
	if (compose_find(w->c, path) >= 0) {
		w->n_kept++;
		return 0;
	}
	rc = fat_read_file(w->ctx, w->fr, path, &bytes, &len);
	if (rc)
		return rc;
	rc = compose_put_file(w->ctx, w->c, path, bytes, len, NULL);
	if (rc)
		return rc;
	w->n_files++;
	return 0;
}

int compose_efi(struct stk_ctx *ctx, struct compose *c)
{
	const struct stk_report *r = c->report;
	uint32_t seen[EFI_MAX_DIRS];
	int n_seen = 0;
	struct efi_walk w = {.ctx = ctx,
			     .c = c,
			     .image = r->efi_image,
			     .seen = seen,
			     .n_seen = &n_seen};
	const struct cnode *img;
	int i, rc;

	i = compose_find(c, r->efi_image);
	if (i < 0) {
		stk_log(ctx, STK_LOG_WARN,
			"the El Torito EFI image '%s' is not in the tree: the stick may not boot on UEFI",
			r->efi_image);
		return 0;
	}
	img = &c->node[i];
	if (img->n_extents != 1) {
		stk_log(ctx, STK_LOG_WARN,
			"the EFI image '%s' is not one extent; it is not unpacked",
			img->path);
		return 0;
	}
	rc = fat_open(ctx, c->img->fd,
		      (uint64_t)img->extent[0].lba * ISO_BLOCK_BYTES,
		      img->extent[0].bytes, &w.fr);
	if (rc) {
		char why[STK_ERRMSG_MAX];

		stk_strlcpy(why, stk_ctx_errmsg(ctx), sizeof(why));
		return stk_seterr(ctx, rc,
				  "cannot read the EFI image '%s' as FAT: %s",
				  img->path, why);
	}
	w.dir[0] = '\0';
	rc = fat_list(ctx, w.fr, "/", efi_entry, &w);
	fat_close(w.fr);
	if (rc == -EINVAL || rc == -ENAMETOOLONG) {
		char why[STK_ERRMSG_MAX];

		stk_strlcpy(why, stk_ctx_errmsg(ctx), sizeof(why));
		return stk_seterr(
			ctx, -ENOTSUP,
			"the El Torito EFI image '%s' is damaged: %s; ISO mode cannot unpack it",
			img->path, why);
	}
	if (rc)
		return rc;
	if (w.n_files)
		compose_note(
			c,
			"adds %d file%s from the El Torito EFI image '%s', so UEFI finds EFI/BOOT on the stick%s",
			w.n_files, w.n_files == 1 ? "" : "s", r->efi_image,
			w.n_kept ? " (files the CD has too are kept)" : "");
	c->uefi_from_image = w.n_files > 0;
	return 0;
}

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * sbsources.c - the places an EFI loader of an image can be read from:
 * the ISO tree, the El Torito EFI image and the ESP of a hybrid or disk
 * image (both FAT, read with stickler's FAT reader at their offset).
 */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "secureboot.h"
#include "fatread.h"
#include "iso.h"
#include "probe.h"

#define LOADER_MAX_BYTES (64u << 20)

static void add_fat(struct sb_sources *s, const char *name, uint64_t off,
		    uint64_t bytes)
{
	int i;

	for (i = 0; i < s->n_fat; i++)
		if (s->fat[i].off == off)
			return;
	if (s->n_fat >= SB_MAX_FATS)
		return;
	stk_strlcpy(s->fat[s->n_fat].name, name, sizeof(s->fat[0].name));
	s->fat[s->n_fat].off = off;
	s->fat[s->n_fat].bytes = bytes;
	s->n_fat++;
}

void sb_sources_find(struct stk_ctx *ctx, const struct stk_image *img,
		     struct sb_sources *s)
{
	const struct stk_report *r = &img->report;
	struct iso_entry e;
	int i;

	memset(s, 0, sizeof(*s));
	/* 1. The El Torito EFI image, a FAT inside the ISO. */
	if (img->iso && r->efi_image[0] &&
	    !iso_lookup(ctx, img->iso, r->efi_image, &e) && !e.is_dir &&
	    e.n_extents == 1)
		add_fat(s, r->efi_image + (r->efi_image[0] == '/'),
			(uint64_t)e.lba * ISO_BLOCK_BYTES, e.size_bytes);
	/* 2. The ESP of the partition table (hybrid ISO or disk image). */
	for (i = 0; i < r->n_gpt_parts; i++)
		if (!strcmp(r->gpt_part[i].type_name, "EFI System"))
			add_fat(s, "ESP",
				r->gpt_part[i].first_lba * r->gpt_sector_bytes,
				(r->gpt_part[i].last_lba -
				 r->gpt_part[i].first_lba + 1) *
					r->gpt_sector_bytes);
	for (i = 0; !r->gpt && i < r->n_mbr_parts; i++)
		if (r->mbr[i].type == 0xef)
			add_fat(s, "ESP", (uint64_t)r->mbr[i].start_lba * 512,
				(uint64_t)r->mbr[i].sectors * 512);
}

/* Reads the FAT file @path of source @f; *@buf freed by the caller. */
static int fat_file(struct stk_ctx *ctx, const struct stk_image *img,
		    const struct sb_fat *f, const char *path, uint8_t **buf,
		    size_t *len)
{
	struct fat_reader *fr;
	struct fat_dirent d;
	int rc;

	rc = fat_open(ctx, img->fd, f->off, f->bytes, &fr);
	if (rc)
		return rc;
	rc = fat_stat(ctx, fr, path, &d);
	if (!rc && (d.is_dir || d.size_bytes > LOADER_MAX_BYTES))
		rc = -EFBIG;
	if (!rc)
		rc = fat_read_file(ctx, fr, path, buf, len);
	fat_close(fr);
	return rc;
}

int sb_read(struct stk_ctx *ctx, const struct stk_image *img, int src,
	    const struct sb_sources *s, const char *path, uint8_t **buf,
	    size_t *len)
{
	*buf = NULL;
	*len = 0;
	if (src < 0) {
		if (!img->iso)
			return -ENOENT;
		return iso_read_file(ctx, img->iso, path, LOADER_MAX_BYTES, buf,
				     len);
	}
	return fat_file(ctx, img, &s->fat[src], path, buf, len);
}

struct list_walk {
	char (*names)[STK_PATH_MAX];
	int n;
	int max;
};

static int list_one(const struct fat_dirent *e, void *data)
{
	struct list_walk *w = data;
	size_t n = strlen(e->name);

	if (e->is_dir || n < 9 || strncasecmp(e->name, "BOOT", 4) ||
	    strcasecmp(e->name + n - 4, ".EFI") || w->n >= w->max)
		return 0;
	snprintf(w->names[w->n++], STK_PATH_MAX, "/EFI/BOOT/%s", e->name);
	return 0;
}

int sb_list_boot(struct stk_ctx *ctx, const struct stk_image *img,
		 const struct sb_fat *f, char (*names)[STK_PATH_MAX], int max)
{
	struct list_walk w = {.names = names, .max = max};
	struct fat_reader *fr;
	int rc;

	rc = fat_open(ctx, img->fd, f->off, f->bytes, &fr);
	if (rc)
		return rc;
	rc = fat_list(ctx, fr, "/EFI/BOOT", list_one, &w);
	fat_close(fr);
	return rc ? rc : w.n;
}

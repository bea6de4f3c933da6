// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * compose.c - ISO mode, first half: the image's tree as it will be on the
 * stick (symlinks resolved, refusals with reasons, labels rewritten,
 * syslinux chained, host modules in, EFI image unpacked), before anything
 * is laid out or written. compose-map.c turns it into the image map.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "compose.h"
#include "iso.h"
#include "label.h"
#include "probe.h"
#include "pathres.h"

void compose_note(struct compose *c, const char *fmt, ...)
{
	char **p;
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	p = realloc(c->notes, (c->n_notes + 1) * sizeof(*p));
	if (!p) {
		free(s);
		return;
	}
	c->notes = p;
	c->notes[c->n_notes++] = s;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* ---- nodes by path, compared case-insensitively as FAT does ------------ */

/* FNV-1a of the bytes as strcasecmp() compares them. */
static uint32_t path_hash(const char *p)
{
	uint32_t h = 2166136261u;

	for (; *p; p++)
		h = (h ^ (uint32_t)tolower((unsigned char)*p)) * 16777619u;
	return h;
}

static int *bucket(const struct compose *c, const char *path)
{
	return &c->index[path_hash(path) & (c->n_index - 1)];
}

/* Room for one more node with the table at most half full. */
static int index_reserve(struct compose *c)
{
	size_t n = c->n_index ? c->n_index : 512, i;
	int *t;

	if (2 * (c->n + 1) <= c->n_index)
		return 0;
	while (2 * (c->n + 1) > n)
		n *= 2;
	t = malloc(n * sizeof(*t));
	if (!t)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		t[i] = -1;
	free(c->index);
	c->index = t;
	c->n_index = n;
	for (i = 0; i < c->n; i++) {
		int *b = bucket(c, c->node[i].path);

		c->node[i].hnext = *b;
		*b = (int)i;
	}
	return 0;
}

/* Index of @path (case-insensitive, as FAT compares), or -1: the first
 * such node that is not left out. */
int compose_find(const struct compose *c, const char *path)
{
	int i, best = -1;

	if (!strcmp(path, "/") || !*path)
		return COMPOSE_ROOT;
	if (!c->n_index)
		return -1;
	for (i = *bucket(c, path); i >= 0; i = c->node[i].hnext)
		if (!c->node[i].skip && !strcasecmp(c->node[i].path, path) &&
		    (best < 0 || i < best))
			best = i;
	return best;
}

const struct cnode *compose_find_any(const struct compose *c, const char *path)
{
	int i, kept = -1, left = -1;

	if (!c->n_index)
		return NULL;
	for (i = *bucket(c, path); i >= 0; i = c->node[i].hnext) {
		if (strcasecmp(c->node[i].path, path))
			continue;
		if (!c->node[i].skip && (kept < 0 || i < kept))
			kept = i;
		if (c->node[i].skip && i > left)
			left = i;
	}
	if (kept >= 0)
		return &c->node[kept];
	return left >= 0 ? &c->node[left] : NULL;
}

static struct cnode *add_node(struct compose *c, const char *path, int parent)
{
	struct cnode *n;
	int *b;

	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 256;
		struct cnode *p = realloc(c->node, cap * sizeof(*p));

		if (!p)
			return NULL;
		c->node = p;
		c->cap = cap;
	}
	if (index_reserve(c))
		return NULL;
	n = &c->node[c->n];
	memset(n, 0, sizeof(*n));
	n->path = strdup(path);
	if (!n->path)
		return NULL;
	n->name = base_name(n->path);
	n->parent = parent;
	b = bucket(c, n->path);
	n->hnext = *b;
	*b = (int)c->n;
	c->n++;
	return n;
}

/* The directory @path, made with its parents when missing. */
static int ensure_dir(struct stk_ctx *ctx, struct compose *c, const char *path)
{
	char parent[STK_PATH_MAX];
	struct cnode *n;
	char *slash;
	int pi, i;

	i = compose_find(c, path);
	if (i != -1)
		return i;
	stk_strlcpy(parent, path, sizeof(parent));
	slash = strrchr(parent, '/');
	if (!slash)
		return stk_seterr(ctx, -EINVAL, "bad path '%s'", path);
	if (slash == parent)
		slash[1] = '\0';
	else
		*slash = '\0';
	pi = ensure_dir(ctx, c, parent);
	if (pi < COMPOSE_ROOT)
		return pi;
	n = add_node(c, path, pi);
	if (!n)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	n->is_dir = true;
	n->mtime = c->mtime;
	return (int)(n - c->node);
}

int compose_put_file(struct stk_ctx *ctx, struct compose *c, const char *path,
		     uint8_t *data, size_t len, const char *why)
{
	char dir[STK_PATH_MAX];
	struct cnode *n;
	char *slash;
	int i, pi;

	i = compose_find(c, path);
	if (i >= 0) {
		n = &c->node[i];
		if (n->is_dir) {
			free(data);
			return stk_seterr(ctx, -EINVAL, "'%s' is a directory",
					  path);
		}
	} else {
		stk_strlcpy(dir, path, sizeof(dir));
		slash = strrchr(dir, '/');
		if (slash == dir)
			slash[1] = '\0';
		else if (slash)
			*slash = '\0';
		pi = ensure_dir(ctx, c, dir);
		if (pi < COMPOSE_ROOT) {
			free(data);
			return pi;
		}
		n = add_node(c, path, pi);
		if (!n) {
			free(data);
			return stk_seterr(ctx, -ENOMEM, "out of memory");
		}
		n->mtime = c->mtime;
		n->added = true;
	}
	free(n->data);
	n->data = data;
	n->size_bytes = len;
	n->n_extents = 0;
	n->changed = true;
	if (why)
		compose_note(c, "%s '%s': %s", n->added ? "adds" : "changes",
			     path, why);
	return 0;
}

int compose_read(struct stk_ctx *ctx, struct compose *c, int i, uint8_t **data,
		 size_t *len)
{
	struct cnode *n = &c->node[i];

	if (n->data) {
		*data = malloc(n->size_bytes + 1);
		if (!*data)
			return stk_seterr(ctx, -ENOMEM, "out of memory");
		memcpy(*data, n->data, n->size_bytes);
		(*data)[n->size_bytes] = '\0';
		*len = n->size_bytes;
		return 0;
	}
	return iso_read_file(ctx, c->img->iso,
			     n->src_path ? n->src_path : n->path, CFG_MAX_BYTES,
			     data, len);
}

/* ---- 1. the tree -------------------------------------------------------- */

struct walk {
	struct stk_ctx *ctx;
	struct compose *c;
	int dir_at_depth[128];
};

static int walk_entry(const struct iso_entry *e, void *data)
{
	struct walk *w = data;
	struct cnode *n;
	int parent = COMPOSE_ROOT;

	/* a file the walk could not reach would be missing from the stick */
	if (e->unread)
		return stk_seterr(
			w->ctx, -ENOTSUP,
			"ISO mode cannot copy '%s': %s; nothing was written",
			e->path, e->unread);
	if (e->depth > 0 && e->depth < 128)
		parent = w->dir_at_depth[e->depth - 1];
	n = add_node(w->c, e->path, parent);
	if (!n)
		return stk_seterr(w->ctx, -ENOMEM, "out of memory");
	n->is_dir = e->is_dir;
	n->size_bytes = e->size_bytes;
	n->mtime = e->mtime;
	n->is_symlink = e->is_symlink;
	if (e->is_symlink) {
		n->link_target = strdup(e->link_target);
		if (!n->link_target)
			return stk_seterr(w->ctx, -ENOMEM, "out of memory");
	}
	n->n_extents = e->n_extents;
	memcpy(n->extent, e->extent, sizeof(n->extent));
	if (e->is_dir && e->depth < 128)
		w->dir_at_depth[e->depth] = (int)(w->c->n - 1);
	return 0;
}

/*
 * FAT has no symlinks: a link to a file becomes a copy of the file (its
 * data mapped from the same ISO extent), a link to a directory (Debian's
 * "debian -> .") is left out, and so is a link to nothing.
 */
static int resolve_symlinks(struct stk_ctx *ctx, struct compose *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		struct cnode *n = &c->node[i];
		char *to, *next;
		int hops, t = -1;

		if (!n->is_symlink)
			continue;
		to = strdup(n->path);
		if (!to)
			return stk_seterr(ctx, -ENOMEM, "out of memory");
		for (hops = 0; hops < 8; hops++) {
			const struct cnode *l;

			next = path_resolve(to, hops ? c->node[t].link_target
						     : n->link_target);
			free(to);
			to = next;
			if (!to)
				return stk_seterr(ctx, -ENOMEM,
						  "out of memory");
			t = compose_find(c, to);
			if (t < 0 || t == COMPOSE_ROOT)
				break;
			l = &c->node[t];
			if (!l->is_symlink)
				break;
		}
		if (t == COMPOSE_ROOT || (t >= 0 && c->node[t].is_dir)) {
			n->skip = true;
			compose_note(
				c,
				"leaves out '%s': a link to the directory '%s', which FAT cannot hold",
				n->path, to);
		} else if (t >= 0 && !c->node[t].is_symlink) {
			n->is_symlink = false;
			n->size_bytes = c->node[t].size_bytes;
			n->n_extents = c->node[t].n_extents;
			memcpy(n->extent, c->node[t].extent, sizeof(n->extent));
			n->src_path = c->node[t].path;
			compose_note(
				c,
				"stores '%s' as a copy of '%s' (a symlink on the CD)",
				n->path, to);
		} else {
			n->skip = true;
			compose_note(
				c,
				"leaves out '%s': a link to '%s', which is not there",
				n->path, n->link_target);
		}
		free(to);
	}
	/* children of skipped directories go too */
	for (i = 0; i < c->n; i++) {
		struct cnode *n = &c->node[i];

		if (n->parent >= 0 && c->node[n->parent].skip)
			n->skip = true;
	}
	return 0;
}

/* ---- 2. refusals, before anything is composed --------------------------- */

static bool bios_floppy_only(const struct stk_report *r)
{
	bool bios = false;
	int i;

	for (i = 0; i < r->n_boot_entries; i++) {
		if (r->boot[i].platform != STK_PLATFORM_BIOS)
			continue;
		bios = true;
		if (r->boot[i].emulation == STK_EMU_NONE ||
		    r->boot[i].emulation == STK_EMU_HARD_DISK)
			return false;
	}
	return bios;
}

static int refuse(struct stk_ctx *ctx, const struct stk_report *r,
		  const char *why, const char *instead)
{
	return stk_seterr(
		ctx, -ENOTSUP, "ISO mode cannot make this stick: %s; %s%s", why,
		instead,
		r->possible[STK_MODE_RAW]
			? " (the image is hybrid: --mode raw writes it as it is)"
			: "");
}

static int check_refusals(struct stk_ctx *ctx, struct compose *c)
{
	const struct stk_report *r = c->report;
	char why[STK_PATH_MAX + 80];
	size_t i;

	if (r->kind != STK_KIND_ISO9660)
		return stk_seterr(
			ctx, -ENOTSUP,
			"ISO mode needs an ISO 9660 image; this one is written raw");
	/* an absurd or cut-off volume: planned from its claim, it would
	 * size the stick after it and map file data that is not there */
	if (r->volume_bytes > r->file_bytes)
		return stk_seterr(
			ctx, -ENOTSUP,
			"the image is truncated or damaged: its volume descriptor records %llu bytes, the file has %llu; ISO mode needs the whole image",
			(unsigned long long)r->volume_bytes,
			(unsigned long long)r->file_bytes);
	if (r->compression != STK_COMP_NONE)
		return stk_seterr(
			ctx, -ENOTSUP,
			"ISO mode reads the image's files in place: decompress it first");
	if (r->windows)
		return refuse(
			ctx, r,
			"this is a Windows installer, which needs NTFS or a split install.wim",
			"stickler does not make Windows sticks");
	for (i = 0; i < c->n; i++)
		if (!c->node[i].skip && !c->node[i].is_dir &&
		    c->node[i].size_bytes > UINT32_MAX) {
			snprintf(
				why, sizeof(why),
				"'%s' is 4 GiB or larger, more than FAT32 can hold in one file",
				c->node[i].path);
			return refuse(ctx, r, why,
				      "no FAT32 stick can hold it");
		}
	if (c->bios) {
		if (r->isolinux_cfg[0] && r->isolinux_bin[0])
			return 0;
		if (bios_floppy_only(r))
			return refuse(
				ctx, r,
				"its BIOS boot entry is a floppy emulation image, which a stick cannot start",
				c->uefi_possible
					? "--mode iso-uefi-only makes a stick that boots on UEFI"
					: "it has no UEFI loader either");
		if (r->grub_bios)
			return refuse(
				ctx, r,
				"GRUB-only BIOS boot (no ISOLINUX for syslinux to stand in for)",
				c->uefi_possible
					? "--mode iso-uefi-only makes a stick that boots on UEFI only"
					: "and there is no UEFI loader for --mode iso-uefi-only");
		return refuse(
			ctx, r,
			"it has no ISOLINUX configuration for BIOS boot",
			c->uefi_possible
				? "--mode iso-uefi-only makes a stick that boots on UEFI only"
				: "and no UEFI loader");
	}
	if (!c->uefi_possible)
		return refuse(
			ctx, r,
			"it has no UEFI loader (EFI/BOOT or an El Torito EFI image)",
			"try --mode iso");
	return 0;
}

/* ---- the whole first half ----------------------------------------------- */

/*
 * The label a person asked for is used as it is or refused: it names the
 * FAT and goes into boot configs, so it is never changed behind their
 * back. A blank is fine: label_rewrite() writes it as \x20 into kernel
 * arguments and quotes it for GRUB's search. A trailing blank is not:
 * FAT pads labels with blanks, so the stick's label would lose it.
 */
static int check_label(struct stk_ctx *ctx, const char *label)
{
	char legal[FAT_LABEL_CHARS + 1];
	const char *bad;

	if (!label)
		return 0;
	if (!*label)
		return stk_seterr(ctx, -EINVAL, "the label is empty");
	if (label[strlen(label) - 1] == ' ')
		return stk_seterr(
			ctx, -EINVAL,
			"the label '%s' ends with a blank, which a FAT label cannot keep",
			label);
	bad = fat_label_check(label);
	if (!bad)
		return 0;
	fat_label_make(label, legal);
	return stk_seterr(
		ctx, -EINVAL,
		"the label '%s' cannot be used: %s (for example '%s')", label,
		bad, legal);
}

int compose_prepare(struct stk_ctx *ctx, struct compose *c)
{
	const struct stk_report *r = c->report;
	struct walk w = {.ctx = ctx, .c = c};
	int rc;

	rc = check_label(ctx, c->opt_label);
	if (rc)
		return rc;
	if (!c->img->iso && r->compression != STK_COMP_NONE)
		return stk_seterr(
			ctx, -ENOTSUP,
			"ISO mode reads the ISO's files, which a %s-compressed image cannot give: decompress it first, then write the .iso",
			stk_compression_name(r->compression));
	if (!c->img->iso)
		return stk_seterr(
			ctx, -ENOTSUP,
			"ISO mode needs an ISO 9660 image; this one is written raw");
	c->uefi_possible = r->n_efi_loaders > 0 || r->efi_image[0];
	rc = iso_walk(ctx, c->img->iso, walk_entry, &w);
	if (rc)
		return rc;
	rc = resolve_symlinks(ctx, c);
	if (!rc)
		rc = check_refusals(ctx, c);
	if (rc)
		return rc;
	if (c->persist_bytes && r->live == STK_LIVE_NONE)
		return stk_seterr(
			ctx, -ENOTSUP,
			"persistence needs a live system stickler knows (Debian live-boot or Ubuntu casper): %s",
			r->live_why[0] ? r->live_why : "this image is not one");
	if (c->opt_label && *c->opt_label)
		label_from_volid(c->opt_label, c->label);
	else
		label_from_volid(r->volume_id, c->label);
	rc = compose_labels(ctx, c);
	if (!rc && c->bios)
		rc = compose_syslinux(ctx, c);
	if (!rc && !r->n_efi_loaders && r->efi_image[0])
		rc = compose_efi(ctx, c);
	if (!rc)
		rc = compose_persist(ctx, c);
	if (!rc)
		rc = compose_sums(ctx, c);
	return rc;
}

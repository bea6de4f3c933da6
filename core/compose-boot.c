// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * compose-boot.c - the steps that make the composed tree boot from a
 * stick, built on boot/'s transformers: label references in the configs
 * rewritten to the stick's label, checksum lists refreshed for the files
 * that changed, the live system's entries told to use persistence, the El Torito EFI image's files unpacked when the tree has
 * no EFI/BOOT loader, and syslinux's MBR code put in front of the table.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "compose.h"
#include "fatread.h"
#include "hash.h"
#include "label.h"
#include "mbr.h"
#include "persistcfg.h"
#include "probe.h"
#include "shadow.h"

/* ---- configs and checksum lists ----------------------------------------- */

static bool is_config_name(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && (!strcasecmp(dot, ".cfg") || !strcasecmp(dot, ".conf"));
}

static bool is_label_config(const struct cnode *nd)
{
	return !nd->skip && !nd->is_dir && is_config_name(nd->name) &&
	       nd->size_bytes <= CFG_MAX_BYTES;
}

/* A label config the rewrite changed, waiting to go on the stick. */
struct relabel {
	int node;
	char *out;
	size_t out_len;
	int changed; /* references rewritten */
};

static void relabels_free(struct relabel *r, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		free(r[k].out);
}

/*
 * A label that needs a \xNN escape cannot reach the kernel from a GRUB
 * menu entry (label_rewrite()), as the config at node @bad does. One that
 * stickler made from the volume id is then made plainer ('_' for each
 * such byte), before any file is changed; one a person asked for is
 * refused with the file that needs it.
 */
static int make_fit(struct stk_ctx *ctx, struct compose *c, int bad)
{
	char *p;

	if (c->opt_label && *c->opt_label)
		return stk_seterr(
			ctx, -EINVAL,
			"the label '%s' cannot be used: '%s' passes the label to the kernel from a GRUB menu entry, and GRUB doubles the backslash of its \\xNN escape (or splits it at a blank), so the booted system would not find the stick; choose a label of letters, digits, - and _",
			c->opt_label, c->node[bad].path);
	for (p = c->label; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("#+-.:=@_", *p))
			*p = '_';
	compose_note(
		c,
		"the stick's label is '%s', blanks and the like made '_': '%s' passes it to the kernel from a GRUB menu entry, where GRUB would mangle their escapes",
		c->label, c->node[bad].path);
	return 0;
}

/*
 * Reads each label config and rewrites it to the stick's label, keeping
 * the changed ones in @r (*@n of them). -ENOTSUP, with *@bad the config's
 * node, where a GRUB menu entry cannot carry the label; else 0 or an
 * error with its message.
 */
static int relabel_pass(struct stk_ctx *ctx, struct compose *c,
			const char *from, struct relabel *r, size_t *n,
			int *bad)
{
	size_t i;
	int rc;

	relabels_free(r, *n);
	*n = 0;
	for (i = 0; i < c->n; i++) {
		struct relabel *e = &r[*n];
		uint8_t *text = NULL;
		size_t len = 0;

		if (!is_label_config(&c->node[i]))
			continue;
		rc = compose_read(ctx, c, (int)i, &text, &len);
		if (rc)
			return rc;
		memset(e, 0, sizeof(*e));
		e->node = (int)i;
		rc = label_rewrite((const char *)text, len, from, c->label,
				   &e->out, &e->out_len, &e->changed);
		free(text);
		if (rc) {
			free(e->out);
			e->out = NULL;
			*bad = (int)i;
			return rc == -ENOTSUP
				       ? rc
				       : stk_seterr(ctx, rc, "out of memory");
		}
		if (e->changed)
			(*n)++;
	}
	return 0;
}

/*
 * Every label config read and rewritten once; nothing goes on the stick
 * until all of them took the label. Only a label that had to be made
 * plainer (make_fit()) sends them round again.
 */
int compose_labels(struct stk_ctx *ctx, struct compose *c)
{
	const char *from = c->report->volume_id;
	struct relabel *r;
	size_t k, n = 0;
	char why[160];
	int bad = -1, rc;

	if (!strcmp(from, c->label))
		return 0;
	r = calloc(c->n ? c->n : 1, sizeof(*r));
	if (!r)
		return stk_seterr(ctx, -ENOMEM, "out of memory");

	/* 1. The rewrites, kept; a label GRUB would mangle made to fit. */
	rc = relabel_pass(ctx, c, from, r, &n, &bad);
	if (rc == -ENOTSUP) {
		rc = make_fit(ctx, c, bad);
		if (!rc)
			rc = relabel_pass(ctx, c, from, r, &n, &bad);
		if (rc == -ENOTSUP)
			rc = stk_seterr(
				ctx, rc,
				"'%s' passes the label to the kernel from a GRUB menu entry, which cannot carry '%s'",
				c->node[bad].path, c->label);
	}

	/* 2. The changed ones go on the stick, in tree order. */
	for (k = 0; k < n && !rc; k++) {
		snprintf(
			why, sizeof(why),
			"%d reference%s to the label '%s' rewritten to the stick's '%s'",
			r[k].changed, r[k].changed == 1 ? "" : "s", from,
			c->label);
		rc = compose_put_file(ctx, c, c->node[r[k].node].path,
				      (uint8_t *)r[k].out, r[k].out_len, why);
		r[k].out = NULL; /* taken over, freed on failure too */
	}
	relabels_free(r, n);
	free(r);
	return rc;
}

static bool is_sums_name(const char *name)
{
	return !strcasecmp(name, "md5sum.txt") ||
	       !strcasecmp(name, "md5sums") ||
	       !strcasecmp(name, "sha256sum.txt") ||
	       !strcasecmp(name, "SHA256SUMS");
}

/* Digest of a changed file, in the kind the list @name holds. */
static void digest_hex(const struct cnode *n, const char *list, char *hex)
{
	uint8_t d[SHA256_BYTES];

	if (strcasestr(list, "md5")) {
		struct md5 m;

		md5_init(&m);
		md5_update(&m, n->data, n->size_bytes);
		md5_final(&m, d);
		hash_hex(d, MD5_BYTES, hex);
	} else {
		struct sha256 s;

		sha256_init(&s);
		sha256_update(&s, n->data, n->size_bytes);
		sha256_final(&s, d);
		hash_hex(d, SHA256_BYTES, hex);
	}
}

/* Keep the distribution's own media check passing for changed files. */
int compose_sums(struct stk_ctx *ctx, struct compose *c)
{
	size_t i, j, n = c->n;
	int rc;

	for (i = 0; i < n; i++) {
		const char *list = c->node[i].path;
		size_t dir_len = (size_t)(c->node[i].name - list);
		uint8_t *text = NULL;
		size_t len = 0;
		int refreshed = 0;

		if (c->node[i].skip || c->node[i].is_dir ||
		    !is_sums_name(c->node[i].name) ||
		    c->node[i].size_bytes > 64 * CFG_MAX_BYTES)
			continue;
		rc = compose_read(ctx, c, (int)i, &text, &len);
		if (rc)
			return rc;
		for (j = 0; j < c->n; j++) {
			const struct cnode *f = &c->node[j];
			char hex[2 * SHA256_BYTES + 1];
			char *out = NULL;
			size_t out_len = 0;

			if (!f->changed || !f->data || j == i ||
			    strncasecmp(f->path, list, dir_len))
				continue;
			digest_hex(f, c->node[i].name, hex);
			rc = sums_refresh((const char *)text, len,
					  f->path + dir_len, hex, &out,
					  &out_len);
			if (rc) {
				free(text);
				return stk_seterr(ctx, rc, "out of memory");
			}
			if (!out)
				continue;
			free(text);
			text = (uint8_t *)out;
			len = out_len;
			refreshed++;
		}
		if (!refreshed) {
			free(text);
			continue;
		}
		rc = compose_put_file(ctx, c, list, text, len, NULL);
		if (rc)
			return rc;
		compose_note(
			c,
			"changes '%s': %d line%s refreshed for the files changed here",
			list, refreshed, refreshed == 1 ? "" : "s");
	}
	return 0;
}

/* ---- persistence: the live system's boot entries ---------------------- */

static bool is_config(const struct cnode *n)
{
	const char *dot = strrchr(n->name, '.');

	return !n->skip && !n->is_dir && n->size_bytes <= CFG_MAX_BYTES &&
	       dot && (!strcasecmp(dot, ".cfg") || !strcasecmp(dot, ".conf"));
}

int compose_persist(struct stk_ctx *ctx, struct compose *c)
{
	const char *boot_word =
		c->live == STK_LIVE_CASPER ? "boot=casper" : "boot=live";
	const char *param = stk_live_param(c->live);
	size_t i, n = c->n;
	int entries = 0, rc;

	if (!c->persist_bytes)
		return 0;
	for (i = 0; i < n; i++) {
		uint8_t *text = NULL;
		char *out = NULL;
		size_t len = 0, out_len = 0;
		int added = 0, found = 0;
		char why[96];

		if (!is_config(&c->node[i]))
			continue;
		rc = compose_read(ctx, c, (int)i, &text, &len);
		if (rc)
			return rc;
		rc = persist_rewrite((const char *)text, len, boot_word, param,
				     &out, &out_len, &added, &found);
		free(text);
		if (rc)
			return stk_seterr(ctx, rc, "out of memory");
		entries += found;
		if (!out)
			continue;
		c->persist_entries += added;
		snprintf(why, sizeof(why), "'%s' added to %d boot entr%s",
			 param, added, added == 1 ? "y" : "ies");
		rc = compose_put_file(ctx, c, c->node[i].path, (uint8_t *)out,
				      out_len, why);
		if (rc)
			return rc;
	}
	if (!entries)
		return stk_seterr(
			ctx, -ENOTSUP,
			"persistence: no syslinux or GRUB boot entry of the stick has %s",
			boot_word);
	return 0;
}

/* ---- the El Torito EFI image -------------------------------------------- */

/*
 * When the tree has no EFI/BOOT loader but the El Torito UEFI entry points
 * at a FAT image (efi.img, efiboot.img), its files are put on the stick,
 * read with stickler's own FAT reader straight from the ISO.
 */
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

/* ---- MBR boot code ------------------------------------------------------- */

int compose_mbr(struct stk_ctx *ctx, struct shadow *sh, enum stk_scheme scheme)
{
	uint8_t code[MBR_CODE_BYTES];
	uint8_t sector0[512];
	size_t len = 0;
	int rc;

	rc = mbr_code_load(ctx, scheme, code, &len);
	if (rc)
		return rc;
	rc = shadow_read(ctx, sh, sector0, sizeof(sector0), 0);
	if (rc)
		return rc;
	if (mbr_code_apply(sector0, code, len))
		return stk_seterr(
			ctx, -EINVAL,
			"the scratch file has no partition table to put boot code in front of");
	return shadow_write(ctx, sh, sector0, sizeof(sector0), 0);
}

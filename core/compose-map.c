// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * compose-map.c - ISO mode, second half: partition table, FAT32 metadata
 * and syslinux built in the shadow, then the image map: shadow data
 * ranges, the FAT's must-write regions and file data straight from the
 * ISO, so one sequential pass writes and verifies the whole stick.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <inttypes.h>

#include "internal.h"
#include "compose.h"
#include "fat.h"
#include "fatint.h"
#include "map.h"
#include "part.h"
#include "plan.h"
#include "probe.h"
#include "shadow.h"
#include "syslinux.h"
#include "ext4.h"
#include "treecheck.h"
#include "write.h"

/* ---- interval arithmetic on sorted, non-overlapping lists ------------- */

struct span {
	uint64_t off;
	uint64_t end;
};

struct spans {
	struct span *s;
	size_t n;
	size_t cap;
};

static int spans_add(struct spans *l, uint64_t off, uint64_t end)
{
	if (end <= off)
		return 0;
	if (l->n && l->s[l->n - 1].end >= off && l->s[l->n - 1].off <= off) {
		if (end > l->s[l->n - 1].end)
			l->s[l->n - 1].end = end;
		return 0;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct span *p = realloc(l->s, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		l->s = p;
		l->cap = cap;
	}
	l->s[l->n].off = off;
	l->s[l->n].end = end;
	l->n++;
	return 0;
}

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* Sort and merge overlapping or touching spans in place. */
static void spans_normalise(struct spans *l)
{
	size_t i, o = 0;

	if (!l->n)
		return; /* l->s may be NULL, which qsort() must not get */
	qsort(l->s, l->n, sizeof(*l->s), span_cmp);
	for (i = 0; i < l->n; i++) {
		if (o && l->s[i].off <= l->s[o - 1].end) {
			if (l->s[i].end > l->s[o - 1].end)
				l->s[o - 1].end = l->s[i].end;
			continue;
		}
		l->s[o++] = l->s[i];
	}
	l->n = o;
}

/* @out gets @a minus @b (both normalised). */
static int spans_subtract(const struct spans *a, const struct spans *b,
			  struct spans *out)
{
	size_t i, j = 0;
	int rc;

	for (i = 0; i < a->n; i++) {
		uint64_t pos = a->s[i].off, end = a->s[i].end;

		while (j < b->n && b->s[j].end <= pos)
			j++;
		for (size_t k = j; k < b->n && b->s[k].off < end; k++) {
			rc = spans_add(out, pos, b->s[k].off);
			if (rc)
				return rc;
			if (b->s[k].end > pos)
				pos = b->s[k].end;
		}
		rc = spans_add(out, pos, end);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- 1. the FAT tree from the composed nodes --------------------------- */

static int build_fat_tree(struct stk_ctx *ctx, struct compose *c,
			  struct fat_tree **out)
{
	struct fat_node **fn;
	struct fat_tree *tree;
	size_t i;
	int rc;

	*out = NULL;
	rc = fat_tree_new(ctx, &tree);
	if (rc)
		return rc;
	fn = calloc(c->n ? c->n : 1, sizeof(*fn));
	if (!fn) {
		fat_tree_free(tree);
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	}
	for (i = 0; i < c->n; i++) {
		const struct cnode *n = &c->node[i];
		struct fat_node *parent;

		if (n->skip)
			continue;
		parent = n->parent == COMPOSE_ROOT ? fat_tree_root(tree)
						   : fn[n->parent];
		if (!parent)
			continue; /* under a directory left out */
		if (n->is_dir) {
			rc = fat_tree_add_dir(ctx, tree, parent, n->name,
					      n->mtime, &fn[i]);
		} else {
			struct fat_file_spec spec = {
				.name = n->name,
				.size_bytes = n->size_bytes,
				.mtime = n->mtime,
				/* small built files first, then ISO order */
				.order = n->data ? 0
						 : (uint64_t)n->extent[0].lba +
							   1,
				.data = n->data,
				.opaque = (void *)(uintptr_t)i,
				.attr = n->fat_attr,
			};

			if (!n->data && n->size_bytes && !n->n_extents) {
				rc = stk_seterr(ctx, -EINVAL,
						"'%s' has no data on the image",
						n->path);
				break;
			}
			rc = fat_tree_add_file(ctx, tree, parent, &spec,
					       &fn[i]);
		}
		if (rc)
			break;
	}
	free(fn);
	if (rc) {
		fat_tree_free(tree);
		return rc;
	}
	*out = tree;
	return 0;
}

/* ---- 2. the map --------------------------------------------------------- */

static int add_spans(struct stk_ctx *ctx, struct map *map,
		     const struct spans *l, enum map_src src, uint64_t *bytes)
{
	size_t i;
	int rc;

	for (i = 0; i < l->n; i++) {
		rc = map_add(ctx, map, l->s[i].off, l->s[i].end - l->s[i].off,
			     src, l->s[i].off);
		if (rc)
			return rc;
		if (bytes)
			*bytes += l->s[i].end - l->s[i].off;
	}
	return 0;
}

static int make_map(struct stk_ctx *ctx, struct compose *c,
		    const struct fat_layout *l)
{
	struct spans files = {0}, shadow = {0}, regions = {0};
	struct spans tmp = {0}, sh_out = {0}, zero = {0};
	struct shadow_ranges sr = {0};
	size_t i;
	int k, rc;

	rc = map_new(ctx, c->target_bytes, &c->map);
	if (rc)
		return rc;
	c->map->file_fd = c->img->fd;
	c->map->shadow_fd = c->shadow->fd;

	/* File data straight from the ISO, extent by extent. */
	for (i = 0; i < l->n_files; i++) {
		const struct cnode *n = &c->node[(uintptr_t)l->files[i].opaque];
		uint64_t off = l->files[i].offset_bytes;

		for (k = 0; k < n->n_extents; k++) {
			uint64_t len = n->extent[k].bytes;

			if (off + len >
			    l->files[i].offset_bytes + l->files[i].length_bytes)
				len = l->files[i].offset_bytes +
				      l->files[i].length_bytes - off;
			rc = map_add(ctx, c->map, off, len, MAP_SRC_FILE,
				     (uint64_t)n->extent[k].lba *
					     ISO_BLOCK_BYTES);
			if (rc)
				goto out;
			if (spans_add(&files, off, off + len))
				goto oom;
			c->iso_bytes += len;
			off += len;
		}
	}
	spans_normalise(&files);

	/*
	 * The shadow's data, less file clusters: a file system block of the
	 * shadow may hold metadata and the start of a file's first cluster,
	 * whose bytes there are holes (zeros) and must come from the ISO.
	 */
	rc = shadow_data_ranges(ctx, c->shadow, &sr);
	if (rc)
		goto out;
	for (i = 0; i < sr.n; i++)
		if (spans_add(&shadow, sr.range[i].off,
			      sr.range[i].off + sr.range[i].len))
			goto oom;
	spans_normalise(&shadow);
	if (spans_subtract(&shadow, &files, &sh_out))
		goto oom;
	rc = add_spans(ctx, c->map, &sh_out, MAP_SRC_SHADOW, &c->shadow_bytes);
	if (rc)
		goto out;

	/* Must-write FAT regions that are holes in the shadow: zeros. */
	for (i = 0; i < l->n_regions; i++)
		if (spans_add(&regions, l->regions[i].offset_bytes,
			      l->regions[i].offset_bytes +
				      l->regions[i].length_bytes))
			goto oom;
	/* no old signature may survive in front of the ext4 superblock */
	if (c->part.persist_size_bytes &&
	    spans_add(&regions, c->part.persist_start_bytes,
		      c->part.persist_start_bytes + STK_MIB))
		goto oom;
	spans_normalise(&regions);
	if (spans_subtract(&regions, &shadow, &tmp))
		goto oom;
	spans_normalise(&tmp);
	if (spans_subtract(&tmp, &files, &zero))
		goto oom;
	rc = add_spans(ctx, c->map, &zero, MAP_SRC_ZERO, NULL);
	if (rc)
		goto out;
	rc = map_finish(ctx, c->map);
	goto out;
oom:
	rc = stk_seterr(ctx, -ENOMEM, "out of memory");
out:
	shadow_ranges_free(&sr);
	free(files.s);
	free(shadow.s);
	free(regions.s);
	free(tmp.s);
	free(sh_out.s);
	free(zero.s);
	return rc;
}

/* ---- the whole of ISO mode's compose ------------------------------------ */

/* Bytes the shadow takes at most: every byte not mapped from the ISO. */
static uint64_t scratch_need(const struct fat_tree *tree,
			     const struct compose *c)
{
	uint64_t b = 4 * STK_MIB; /* tables, boot code, FATs of small sticks */
	size_t i;

	(void)tree;
	for (i = 0; i < c->n; i++)
		if (!c->node[i].skip && c->node[i].data)
			b += c->node[i].size_bytes;
	/* the two FATs: 4 bytes a cluster of the partition */
	b += 2 * (c->part.size_bytes / 4096) * 4;
	return b;
}

/*
 * The persistence partition's size: what was asked, the FAT32 partition
 * taking the rest of a target of a given size; or, for "rest", what a
 * FAT32 partition for the image leaves. A file target of no given size
 * is made as large as both need.
 */
static int persist_size(struct stk_ctx *ctx, struct compose *c,
			const struct compose_opts *o)
{
	uint64_t need = compose_default_bytes(c->report->volume_bytes
						      ? c->report->volume_bytes
						      : c->report->file_bytes);
	char a[32], b[32], n[32];

	/* read back from a stick: the partition it has, which ends where
	 * the disk does, so the FAT32 one in front of it comes out the same */
	if (o->persist_exact)
		return 0;
	if (c->persist_bytes == STK_PERSISTENCE_REST) {
		if (!o->target_bytes)
			return stk_seterr(
				ctx, -EINVAL,
				"--persistence rest needs the target's size: give a file target --size");
		if (c->target_bytes < need + 64 * STK_MIB) {
			stk_size_format(c->target_bytes, a, sizeof(a));
			stk_size_format(need, n, sizeof(n));
			return stk_seterr(
				ctx, -ENOSPC,
				"no room for persistence on '%s' (%s): the image's FAT32 partition takes %s",
				o->target_path, a, n);
		}
		c->persist_bytes = c->target_bytes - need;
		return 0;
	}
	c->persist_bytes = (c->persist_bytes + STK_MIB - 1) / STK_MIB * STK_MIB;
	if (!o->target_bytes) {
		c->target_bytes = need + c->persist_bytes + STK_MIB;
		return 0;
	}
	if (c->target_bytes < need + c->persist_bytes + STK_MIB) {
		stk_size_format(c->target_bytes, a, sizeof(a));
		stk_size_format(c->persist_bytes, b, sizeof(b));
		stk_size_format(need + c->persist_bytes + STK_MIB, n,
				sizeof(n));
		return stk_seterr(
			ctx, -ENOSPC,
			"'%s' (%s) is too small for the image and a %s persistence partition (%s needed)",
			o->target_path, a, b, n);
	}
	return 0;
}

static int read_map(struct stk_ctx *ctx, void *data, void *buf, size_t len,
		    uint64_t off)
{
	size_t got;
	int rc = map_read(ctx, data, off, buf, len, &got);

	if (!rc && got != len)
		rc = stk_seterr(ctx, -EINVAL,
				"the composed stick ends before byte %" PRIu64,
				off + len);
	return rc;
}

/*
 * Read the composed stick back as a reader of the stick would, through
 * the map, and compare it with the ISO's tree walked afresh: nothing is
 * written unless they agree.
 */
static int prove(struct stk_ctx *ctx, struct compose *c)
{
	struct tree_src src = {
		.read = read_map,
		.read_data = c->map,
		.map = c->map,
		.part_offset = c->part.start_bytes,
		.part_bytes = c->part.size_bytes,
	};
	char why[STK_ERRMSG_MAX];
	int rc;

	rc = tree_check(ctx, c, &src, &c->proof);
	if (!rc || rc == -ENOMEM || rc == -ECANCELED)
		return rc;
	stk_strlcpy(why, stk_ctx_errmsg(ctx), sizeof(why));
	return stk_seterr(ctx, -ENOTSUP,
			  "the composed stick would not hold the image: %s",
			  why);
}

uint64_t compose_default_bytes(uint64_t image_bytes)
{
	/* the files, FAT overhead and slack, in whole MiB, at least 64 MiB */
	uint64_t b = image_bytes + image_bytes / 16 + 32ull * STK_MIB;

	b = (b + STK_MIB - 1) / STK_MIB * STK_MIB;
	return b < 64ull * STK_MIB ? 64ull * STK_MIB : b;
}

int compose_iso(struct stk_ctx *ctx, const struct stk_image *img,
		const struct compose_opts *o, struct compose **out)
{
	struct fat_params fp = {0};
	struct fat_layout *layout = NULL;
	struct fat_tree *tree = NULL;
	struct compose *c;
	const char *bad;
	int rc;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	c->img = img;
	c->report = stk_image_report(img);
	c->opt_label = o->label;
	c->bios = o->mode != STK_MODE_ISO_UEFI_ONLY;
	c->scheme =
		o->scheme == STK_SCHEME_GPT ? STK_SCHEME_GPT : STK_SCHEME_MBR;
	c->mtime = (int64_t)time(NULL);
	c->live = c->report->live;
	c->persist_bytes = o->persist_bytes;
	c->target_bytes = o->target_bytes
				  ? o->target_bytes
				  : compose_default_bytes(
					    c->report->volume_bytes
						    ? c->report->volume_bytes
						    : c->report->file_bytes);

	/* 1. The tree as it will be: nothing is built before it is sound. */
	rc = compose_prepare(ctx, c);
	if (!rc && c->persist_bytes)
		rc = persist_size(ctx, c, o);
	if (rc)
		goto fail;
	if (c->report->volume_bytes + STK_MIB > c->target_bytes) {
		rc = stk_seterr(
			ctx, -ENOSPC,
			"the image (%llu bytes) is larger than the target (%llu bytes)",
			(unsigned long long)c->report->volume_bytes,
			(unsigned long long)c->target_bytes);
		goto fail;
	}

	/* 2. Partition table and MBR boot code into the shadow. */
	rc = stk_report(ctx, STK_PHASE_PARTITION, 0, 1, 0,
			stk_scheme_name(c->scheme));
	if (rc)
		goto fail;
	rc = shadow_create(ctx, o->target_path, c->target_bytes, &c->shadow);
	if (rc)
		goto fail;
	rc = part_write(ctx, c->shadow, c->scheme, c->persist_bytes, &c->part);
	if (!rc)
		rc = compose_mbr(ctx, c->shadow, c->scheme);
	if (rc)
		goto fail;

	/* 3. FAT32 metadata and the small built files into the shadow. */
	rc = stk_report(ctx, STK_PHASE_FORMAT, 0, 1, 0, c->label);
	if (!rc)
		rc = build_fat_tree(ctx, c, &tree);
	if (rc)
		goto fail;
	bad = fat_label_check(c->label);
	if (bad) {
		char legal[FAT_LABEL_CHARS + 1];

		fat_label_make(c->label, legal);
		stk_strlcpy(c->label, legal, sizeof(c->label));
	}
	fp.part_offset_bytes = c->part.start_bytes;
	fp.part_size_bytes = c->part.size_bytes;
	fp.sector_bytes = PART_SECTOR_BYTES;
	fp.label = c->label;
	fp.serial = (uint32_t)c->mtime ^ (uint32_t)c->report->volume_bytes;
	fp.mtime = c->mtime;
	rc = fat_build(ctx, tree, &fp, c->shadow->fd, &layout);
	if (rc == -EDQUOT) {
		rc = stk_seterr(
			ctx, -EDQUOT,
			"no room for the scratch file '%s': its file system is full (the stick's metadata and small files need up to %llu MiB there; TMPDIR chooses another place)",
			c->shadow->path,
			(unsigned long long)(scratch_need(tree, c) / STK_MIB +
					     1));
		goto fail;
	}
	if (rc == -ENOSPC) {
		rc = stk_seterr(
			ctx, -ENOSPC,
			"the image's files do not fit in a FAT32 partition of %llu MiB",
			(unsigned long long)(c->part.size_bytes / STK_MIB));
		goto fail;
	}
	if (rc)
		goto fail;

	/* 4. ldlinux.sys learns its sectors, the boot sector its code. */
	if (c->bios) {
		rc = compose_syslinux_install(ctx, c, tree, layout);
		if (rc)
			goto fail;
	}

	/* 5. The persistence partition's file system, as the family wants. */
	if (c->part.persist_size_bytes) {
		rc = stk_report(ctx, STK_PHASE_FORMAT, 0, 1, 0,
				c->report->live_label);
		if (!rc)
			rc = ext4_make(ctx, c->shadow->path,
				       c->part.persist_start_bytes,
				       c->part.persist_size_bytes,
				       c->report->live_label,
				       c->live == STK_LIVE_BOOT
					       ? "persistence.conf"
					       : NULL,
				       "/ union\n");
		if (rc)
			goto fail;
	}

	/* no stale scratch file if the program is killed from here on */
	shadow_unlink(c->shadow);

	/* 6. The map: shadow data, must-write zeros, ISO file data. */
	rc = stk_report(ctx, STK_PHASE_BOOTLOADER, 1, 1, 0, "syslinux");
	if (!rc)
		rc = make_map(ctx, c, layout);
	if (rc)
		goto fail;
	c->cluster_bytes = layout->cluster_bytes;

	/* 6. The proof: the composed FAT, read back, holds the ISO's tree. */
	rc = prove(ctx, c);
	if (rc)
		goto fail;
	DBG(ctx, BOOT, "map: %llu bytes from the ISO, %llu from the shadow",
	    (unsigned long long)c->iso_bytes,
	    (unsigned long long)c->shadow_bytes);
	fat_layout_free(layout);
	fat_tree_free(tree);
	*out = c;
	return 0;
fail:
	fat_layout_free(layout);
	fat_tree_free(tree);
	compose_free(c);
	return rc;
}

struct map *compose_map(struct compose *c)
{
	return c->map;
}

uint64_t compose_target_bytes(const struct compose *c)
{
	return c->target_bytes;
}

char *compose_describe(const struct compose *c)
{
	char *s = NULL;
	char *t;
	size_t i;

	if (asprintf(
		    &s,
		    "ISO mode: %s partition table, one FAT32 partition labelled '%s' at %llu MiB (%llu MiB, %u-byte clusters)%s%s\n",
		    c->scheme == STK_SCHEME_GPT ? "GPT" : "MBR", c->label,
		    (unsigned long long)(c->part.start_bytes / STK_MIB),
		    (unsigned long long)(c->part.size_bytes / STK_MIB),
		    c->cluster_bytes,
		    c->bios ? ", BIOS boot through syslinux" : "",
		    c->uefi_possible ? ", UEFI boot through EFI/BOOT" : "") < 0)
		return NULL;
	if (c->report && c->report->volume_id[0] &&
	    strcmp(c->report->volume_id, c->label)) {
		if (asprintf(
			    &t,
			    "%s  the label changes: the ISO's '%s' is '%s' on the stick%s\n",
			    s, c->report->volume_id, c->label,
			    c->opt_label
				    ? " (--label)"
				    : " (a FAT label: 11 characters, upper case)") <
		    0) {
			free(s);
			return NULL;
		}
		free(s);
		s = t;
	}
	if (c->part.persist_size_bytes) {
		uint64_t b = c->part.persist_size_bytes;
		char sz[32];

		stk_size_format(b, sz, sizeof(sz));
		if (asprintf(
			    &t,
			    "%s  adds a %s ext4 partition labelled '%s' for %s; adds '%s' to %d boot entr%s\n%s%s%s",
			    s, sz, c->report->live_label,
			    c->live == STK_LIVE_CASPER ? "Ubuntu casper"
						       : "Debian live-boot",
			    stk_live_param(c->live), c->persist_entries,
			    c->persist_entries == 1 ? "y" : "ies",
			    c->report->live_label_why[0] ? "  the label: " : "",
			    c->report->live_label_why,
			    c->report->live_label_why[0] ? "\n" : "") < 0) {
			free(s);
			return NULL;
		}
		free(s);
		s = t;
	}
	if (asprintf(
		    &t,
		    "%s  the composed FAT was read back and compared with the ISO's tree: %llu files (%llu bytes) as in the image, %llu changed as planned\n",
		    s, (unsigned long long)(c->proof.files + c->proof.links),
		    (unsigned long long)c->proof.file_bytes,
		    (unsigned long long)c->proof.changed) < 0) {
		free(s);
		return NULL;
	}
	free(s);
	s = t;
	for (i = 0; i < c->n_notes; i++) {
		size_t n = TEXT_ONELINE_MAX(strlen(c->notes[i]));
		char *esc = malloc(n);
		int rc;

		/* a note quotes the ISO's names: each on its own line */
		rc = asprintf(&t, "%s  %s\n", s,
			      esc ? text_oneline(c->notes[i], esc, n)
				  : c->notes[i]);
		free(esc);
		if (rc < 0) {
			free(s);
			return NULL;
		}
		free(s);
		s = t;
	}
	return s;
}

void compose_free(struct compose *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->node[i].path);
		free(c->node[i].link_target);
		free(c->node[i].data);
	}
	free(c->node);
	free(c->index);
	for (i = 0; i < c->n_notes; i++)
		free(c->notes[i]);
	free(c->notes);
	map_free(c->map);
	shadow_free(c->shadow);
	if (c->syslinux)
		syslinux_host_free(c->syslinux);
	free(c->syslinux);
	free(c);
}

int compose_plan(struct stk_ctx *ctx, struct stk_plan *plan)
{
	struct compose_opts o = {
		.mode = plan->mode,
		.scheme = plan->opt.scheme,
		.label = plan->opt.label,
		/* a device is as large as it is; a file as asked, or enough */
		.target_bytes = plan->target_blockdev ? plan->target_bytes
						      : plan->opt.target_bytes,
		.target_path = plan->target_path,
		.persist_bytes = plan->opt.persistence_bytes,
	};
	int rc;

	if (plan->sector_bytes && plan->sector_bytes != PART_SECTOR_BYTES)
		return stk_seterr(
			ctx, -ENOTSUP,
			"ISO mode builds sticks with 512-byte sectors; '%s' has %u-byte sectors: use --mode raw if the image is hybrid",
			plan->target_path, plan->sector_bytes);
	rc = compose_iso(ctx, plan->img, &o, &plan->compose);
	if (rc)
		return rc;
	plan->target_bytes = compose_target_bytes(plan->compose);
	return 0;
}

void compose_proof(const struct compose *c, struct stk_result *res)
{
	res->tree_files = c->proof.files + c->proof.links;
	res->tree_bytes = c->proof.file_bytes;
	res->tree_changed = c->proof.changed;
}

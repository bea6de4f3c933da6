// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * treecheck.c - prove an ISO-mode stick file by file: walk the ISO again
 * (libcdio), read the FAT back from the stick's bytes (the FAT reader),
 * and compare names, sizes and bytes, with the plan's changes as the only
 * exceptions.
 */
#define _GNU_SOURCE /* asprintf */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <unistd.h>

#include "compose.h"
#include "pathres.h"
#include "probe.h"
#include "treecheck.h"
#include "fatread.h"
#include "iso.h"
#include "map.h"

#define CMP_BYTES (1u * STK_MIB)
#define MAX_HOPS  8
#define NO_MATCH  ((size_t)-1)

struct isoent {
	char *path;
	char *link;
	bool is_dir;
	bool is_symlink;
	uint64_t size;
	int n_ext;
	struct iso_extent ext[ISO_MAX_EXTENTS];
};

struct fatent {
	char *path;
	bool is_dir;
	bool matched;
	uint32_t size;
	uint32_t first;
};

struct run {
	uint64_t off;
	uint64_t len;
};

struct tc {
	struct stk_ctx *ctx;
	struct compose *c;
	const struct tree_src *src;
	struct tree_proof *out;
	struct fat_reader *fr;
	struct isoent *iso;
	size_t n_iso, cap_iso;
	struct fatent *fat;
	size_t n_fat, cap_fat;
	uint32_t *dirs; /* directory clusters entered */
	size_t n_dirs, cap_dirs;
	uint8_t *used; /* clusters of files, one bit each */
	struct run *runs;
	size_t n_runs, cap_runs;
	uint8_t *a, *b;
};

static int grow(void **p, size_t *cap, size_t n, size_t size)
{
	void *q;

	if (n < *cap)
		return 0;
	q = realloc(*p, (*cap ? *cap * 2 : 256) * size);
	if (!q)
		return -ENOMEM;
	*p = q;
	*cap = *cap ? *cap * 2 : 256;
	return 0;
}

/* ---- the ISO's tree, afresh --------------------------------------------- */

static int collect_iso(const struct iso_entry *e, void *data)
{
	struct tc *t = data;
	struct isoent *x;
	int i;

	if (e->unread)
		return stk_seterr(t->ctx, -ENOTSUP,
				  "ISO mode cannot copy '%s': %s", e->path,
				  e->unread);
	for (i = 0; i < e->n_extents && !e->is_dir; i++)
		if ((uint64_t)e->extent[i].lba * ISO_BLOCK_BYTES +
			    e->extent[i].bytes >
		    t->c->report->file_bytes)
			return stk_seterr(
				t->ctx, -ENOTSUP,
				"ISO mode cannot copy '%s': its data lies past the end of the image (a truncated download?)",
				e->path);
	if (grow((void **)&t->iso, &t->cap_iso, t->n_iso, sizeof(*t->iso)))
		return stk_seterr(t->ctx, -ENOMEM, "out of memory");
	x = &t->iso[t->n_iso];
	memset(x, 0, sizeof(*x));
	x->path = strdup(e->path);
	x->link = strdup(e->link_target ? e->link_target : "");
	if (!x->path || !x->link) {
		free(x->path);
		free(x->link);
		return stk_seterr(t->ctx, -ENOMEM, "out of memory");
	}
	t->n_iso++;
	x->is_dir = e->is_dir;
	x->is_symlink = e->is_symlink;
	x->size = e->size_bytes;
	x->n_ext = e->n_extents;
	memcpy(x->ext, e->extent, sizeof(x->ext));
	return 0;
}

static int cmp_iso(const void *a, const void *b)
{
	return strcmp(((const struct isoent *)a)->path,
		      ((const struct isoent *)b)->path);
}

static struct isoent *find_iso(struct tc *t, const char *path)
{
	struct isoent key = {.path = (char *)path};

	return bsearch(&key, t->iso, t->n_iso, sizeof(*t->iso), cmp_iso);
}

/* ---- the FAT, read back from the stick's bytes -------------------------- */

struct fatdir {
	struct tc *t;
	const char *prefix;
	int rc;
};

static int walk_fat(struct tc *t, uint32_t cluster, const char *prefix);

static int collect_fat(const struct fat_dirent *d, void *data)
{
	struct fatdir *fd = data;
	struct tc *t = fd->t;
	struct fatent *x;
	char *path;
	size_t i;

	if (asprintf(&path, "%s/%s", fd->prefix, d->name) < 0)
		return stk_seterr(t->ctx, -ENOMEM, "out of memory");
	if (grow((void **)&t->fat, &t->cap_fat, t->n_fat, sizeof(*t->fat))) {
		free(path);
		return stk_seterr(t->ctx, -ENOMEM, "out of memory");
	}
	x = &t->fat[t->n_fat++];
	memset(x, 0, sizeof(*x));
	x->path = path;
	x->is_dir = d->is_dir;
	x->size = d->size_bytes;
	x->first = d->first_cluster;
	if (!d->is_dir)
		return 0;
	/* a directory that is one of its own ancestors (or any directory
	 * seen before) makes the tree a loop */
	for (i = 0; i < t->n_dirs; i++)
		if (t->dirs[i] == d->first_cluster)
			return stk_seterr(
				t->ctx, -EINVAL,
				"the FAT is damaged: the directory '%s' is a loop (cluster %u is listed twice)",
				path, d->first_cluster);
	if (d->first_cluster < 2)
		return stk_seterr(
			t->ctx, -EINVAL,
			"the FAT is damaged: the directory '%s' starts at cluster %u",
			path, d->first_cluster);
	return walk_fat(t, d->first_cluster, path);
}

static int walk_fat(struct tc *t, uint32_t cluster, const char *prefix)
{
	struct fatdir fd = {.t = t, .prefix = prefix};
	char *copy = strdup(prefix);
	int rc;

	if (!copy)
		return stk_seterr(t->ctx, -ENOMEM, "out of memory");
	if (grow((void **)&t->dirs, &t->cap_dirs, t->n_dirs,
		 sizeof(*t->dirs))) {
		free(copy);
		return stk_seterr(t->ctx, -ENOMEM, "out of memory");
	}
	t->dirs[t->n_dirs++] = cluster;
	/* t->fat moves as it grows: the prefix must not point into it */
	fd.prefix = copy;
	rc = fat_list_cluster(t->ctx, t->fr, cluster, collect_fat, &fd);
	free(copy);
	return rc;
}

static int cmp_fat(const void *a, const void *b)
{
	return strcasecmp(((const struct fatent *)a)->path,
			  ((const struct fatent *)b)->path);
}

/* FAT compares names without case, as the stick's readers do. */
static struct fatent *find_fat(struct tc *t, const char *path)
{
	struct fatent key = {.path = (char *)path};

	return bsearch(&key, t->fat, t->n_fat, sizeof(*t->fat), cmp_fat);
}

/* ---- bytes --------------------------------------------------------------- */

static int add_run(uint64_t off, uint64_t len, void *data)
{
	struct tc *t = data;

	if (grow((void **)&t->runs, &t->cap_runs, t->n_runs, sizeof(*t->runs)))
		return -ENOMEM;
	t->runs[t->n_runs].off = off;
	t->runs[t->n_runs].len = len;
	t->n_runs++;
	return 0;
}

static int differs(struct tc *t, const struct fatent *f, uint64_t pos,
		   uint64_t stick_off)
{
	t->out->first_bad_sector = stick_off / 512;
	return stk_seterr(
		t->ctx, -EBADMSG,
		"'%s' on the stick differs from the image at byte %" PRIu64
		" of the file (sector %" PRIu64 ")",
		f->path, pos, stick_off / 512);
}

/* Does the map take [stick_off, +len) from the ISO bytes at @iso_off? */
static bool mapped_from(const struct map *map, uint64_t stick_off, uint64_t len,
			uint64_t iso_off)
{
	size_t lo = 0, hi;

	if (!map)
		return false;
	hi = map->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct map_extent *e = &map->ext[mid];

		if (e->off + e->len <= stick_off) {
			lo = mid + 1;
		} else if (e->off > stick_off) {
			hi = mid;
		} else {
			return e->src == MAP_SRC_FILE &&
			       stick_off + len <= e->off + e->len &&
			       e->src_off + (stick_off - e->off) == iso_off;
		}
	}
	return false;
}

/* Compare the file's runs with the ISO's extents (@x) or with @data. */
static int compare(struct tc *t, const struct fatent *f, const struct isoent *x,
		   const uint8_t *data)
{
	uint64_t pos = 0;
	size_t r, k = 0;
	uint64_t in_ext = 0; /* bytes of extent k already matched */
	int rc;

	for (r = 0; r < t->n_runs; r++) {
		uint64_t done = 0;

		while (done < t->runs[r].len) {
			uint64_t stick_off = t->runs[r].off + done;
			uint64_t n = t->runs[r].len - done, iso_off = 0;

			if (n > CMP_BYTES)
				n = CMP_BYTES;
			if (x) {
				if (k >= (size_t)x->n_ext)
					return differs(t, f, pos, stick_off);
				if (n > x->ext[k].bytes - in_ext)
					n = x->ext[k].bytes - in_ext;
				iso_off = (uint64_t)x->ext[k].lba *
						  ISO_BLOCK_BYTES +
					  in_ext;
			}
			if (!x ||
			    !mapped_from(t->src->map, stick_off, n, iso_off)) {
				rc = t->src->read(t->ctx, t->src->read_data,
						  t->a, (size_t)n, stick_off);
				if (rc)
					return rc;
				if (x) {
					rc = io_pread_full(t->c->img->fd, t->b,
							   (size_t)n, iso_off);
					if (rc)
						return stk_seterr(
							t->ctx, rc,
							"cannot read '%s' from the image at byte %" PRIu64,
							x->path, iso_off);
				}
				if (memcmp(t->a, x ? t->b : data + pos,
					   (size_t)n)) {
					size_t i = 0;

					while (t->a[i] ==
					       (x ? t->b[i] : data[pos + i]))
						i++;
					return differs(t, f, pos + i,
						       stick_off + i);
				}
			}
			done += n;
			pos += n;
			if (x) {
				in_ext += n;
				if (in_ext == x->ext[k].bytes) {
					k++;
					in_ext = 0;
				}
			}
		}
	}
	return 0;
}

/* One file of the stick against what it must hold. */
static int check_file(struct tc *t, struct fatent *f, const struct isoent *x,
		      const uint8_t *data, uint64_t size)
{
	uint64_t covered = 0;
	int i, rc;

	f->matched = true;
	if (f->is_dir)
		return stk_seterr(
			t->ctx, -EBADMSG,
			"'%s' is a directory on the stick, a file in the image",
			f->path);
	if (f->size != size)
		return stk_seterr(t->ctx, -EBADMSG,
				  "'%s' has %u bytes on the stick, %" PRIu64
				  " in the image or the plan",
				  f->path, f->size, size);
	if (x) {
		for (i = 0; i < x->n_ext; i++)
			covered += x->ext[i].bytes;
		if (covered != x->size)
			return stk_seterr(
				t->ctx, -ENOTSUP,
				"'%s' has more extents than stickler reads",
				x->path);
	}
	t->n_runs = 0;
	rc = fat_chain_runs(t->ctx, t->fr, f->first, f->size, t->used, add_run,
			    t);
	if (rc == -ENOMEM)
		return stk_seterr(t->ctx, rc, "out of memory");
	if (rc)
		return rc;
	return compare(t, f, x, data);
}

static int missing(struct tc *t, const char *path, const char *what)
{
	return stk_seterr(
		t->ctx, -EBADMSG,
		"'%s' (%s in the image) is not on the stick, and the plan does not say why",
		path, what);
}

/* syslinux's installer writes these two itself, outside the plan's tree. */
static bool installed_by_syslinux(const struct compose *c, const char *path)
{
	const char *dir = c->syslinux_dir[0] ? c->syslinux_dir : "/";
	size_t n = strlen(dir);
	const char *base;

	if (!c->bios || strncasecmp(path, dir, n))
		return false;
	base = path + n + (n > 1 && path[n] == '/');
	if (n > 1 && path[n] != '/')
		return false;
	return !strcasecmp(base, "ldlinux.sys") ||
	       !strcasecmp(base, "ldlinux.c32");
}

/* A symlink: where it leads, in the ISO's own tree. */
static const struct isoent *follow(struct tc *t, const struct isoent *x)
{
	const struct isoent *at = x;
	char *to = strdup(x->path), *next;
	int hops;

	for (hops = 0; to && hops < MAX_HOPS && at->is_symlink; hops++) {
		next = path_resolve(to, at->link);
		free(to);
		to = next;
		if (!to)
			break;
		at = find_iso(t, to);
		if (!at)
			break;
	}
	free(to);
	return at && !at->is_symlink ? at : NULL;
}

static int check_iso_entry(struct tc *t, const struct isoent *x)
{
	const struct cnode *n = compose_find_any(t->c, x->path);
	struct fatent *f = find_fat(t, x->path);
	const struct isoent *to;

	if (n && n->skip) {
		/* the plan leaves it out and says so (syslinux may then put
		 * its own there, which the last pass accounts for) */
		if (f && !installed_by_syslinux(t->c, x->path))
			return stk_seterr(
				t->ctx, -EBADMSG,
				"'%s' is on the stick, though the plan leaves it out",
				x->path);
		return 0;
	}
	if (n && n->changed) {
		if (!f)
			return missing(t, x->path, "changed by the plan");
		t->out->changed++;
		return check_file(t, f, NULL, n->data, n->size_bytes);
	}
	if (x->is_dir) {
		if (!f)
			return missing(t, x->path, "a directory");
		if (!f->is_dir)
			return stk_seterr(
				t->ctx, -EBADMSG,
				"'%s' is a file on the stick, a directory in the image",
				x->path);
		f->matched = true;
		t->out->dirs++;
		return 0;
	}
	to = x->is_symlink ? follow(t, x) : x;
	if (!to || to->is_dir) {
		/* FAT holds no links: left out, which the plan must say */
		if (f)
			return stk_seterr(
				t->ctx, -EBADMSG,
				"'%s' is on the stick, but in the image it is a link to no file",
				x->path);
		return missing(t, x->path, "a symlink");
	}
	if (!f)
		return missing(t, x->path,
			       x->is_symlink ? "a symlink to a file"
					     : "a file");
	if (x->is_symlink)
		t->out->links++;
	else
		t->out->files++;
	t->out->file_bytes += to->size;
	return check_file(t, f, to, NULL, to->size);
}

static int check_extra(struct tc *t, struct fatent *f)
{
	const struct cnode *n;

	if (f->matched)
		return 0;
	n = compose_find_any(t->c, f->path);
	if (n && !n->skip && (n->added || n->changed || n->is_dir)) {
		if (n->is_dir) {
			f->matched = true;
			return 0;
		}
		t->out->changed++;
		return check_file(t, f, NULL, n->data, n->size_bytes);
	}
	if (!f->is_dir && installed_by_syslinux(t->c, f->path)) {
		t->out->changed++;
		f->matched = true;
		return 0;
	}
	return stk_seterr(
		t->ctx, -EBADMSG,
		"'%s' is on the stick, but neither in the image nor in the plan",
		f->path);
}

static void tc_free(struct tc *t)
{
	size_t i;

	for (i = 0; i < t->n_iso; i++) {
		free(t->iso[i].path);
		free(t->iso[i].link);
	}
	for (i = 0; i < t->n_fat; i++)
		free(t->fat[i].path);
	free(t->iso);
	free(t->fat);
	free(t->dirs);
	free(t->used);
	free(t->runs);
	free(t->a);
	free(t->b);
	fat_close(t->fr);
}

int tree_check(struct stk_ctx *ctx, struct compose *c,
	       const struct tree_src *src, struct tree_proof *out)
{
	struct tc t = {.ctx = ctx, .c = c, .src = src, .out = out};
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	t.a = malloc(CMP_BYTES);
	t.b = malloc(CMP_BYTES);
	if (!t.a || !t.b) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out_free;
	}

	/* 1. Both trees, each read its own way. */
	rc = iso_walk(ctx, c->img->iso, collect_iso, &t);
	if (rc)
		goto out_free;
	rc = fat_open_fn(ctx, src->read, src->read_data, src->part_offset,
			 src->part_bytes, &t.fr);
	if (rc)
		goto out_free;
	t.used = calloc(fat_reader_map_bytes(t.fr), 1);
	if (!t.used) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out_free;
	}
	rc = walk_fat(&t, fat_reader_root(t.fr), "");
	if (rc)
		goto out_free;
	if (t.n_iso)
		qsort(t.iso, t.n_iso, sizeof(*t.iso), cmp_iso);
	if (t.n_fat)
		qsort(t.fat, t.n_fat, sizeof(*t.fat), cmp_fat);
	for (i = 1; i < t.n_fat; i++)
		if (!strcasecmp(t.fat[i - 1].path, t.fat[i].path)) {
			rc = stk_seterr(ctx, -EBADMSG,
					"'%s' is on the stick twice",
					t.fat[i].path);
			goto out_free;
		}

	/* 2. Everything of the image is there, as it is or as planned. */
	for (i = 0; i < t.n_iso && !rc; i++) {
		rc = check_iso_entry(&t, &t.iso[i]);
		if (!rc)
			rc = stk_report(ctx, STK_PHASE_COPY, i + 1, t.n_iso, 0,
					NULL);
	}

	/* 3. Nothing is there that neither the image nor the plan has. */
	for (i = 0; i < t.n_fat && !rc; i++)
		rc = check_extra(&t, &t.fat[i]);
out_free:
	tc_free(&t);
	return rc;
}

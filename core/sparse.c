// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * sparse.c - a raw write as a transformation of the image map: instead of
 * one extent over the whole image, the ranges that hold data, the image's
 * first and last MiB always among them, each bmap range checked against
 * its checksum as the reader passes it.
 */
#define _GNU_SOURCE /* SEEK_DATA, SEEK_HOLE */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "digest.h"
#include "sparse.h"
#include "bmap.h"
#include "map.h"
#include "plan.h"
#include "source.h"

enum sparse_kind {
	SPARSE_BMAP,  /* ranges from a bmap, checksummed */
	SPARSE_HOLES, /* --sparse: SEEK_DATA ranges, all-zero MiBs skipped */
};

struct sparse {
	enum sparse_kind kind;
	char *bmap_path;
	struct bmap bmap;
	uint64_t image_bytes;
	uint64_t mapped_bytes;
	bool compressed;
	int fd;		   /* the plain image, for FILE extents; or -1 */
	struct digest *dg; /* the range being read */
};

void sparse_free(struct sparse *sp)
{
	if (!sp)
		return;
	bmap_free(&sp->bmap);
	digest_free(sp->dg);
	if (sp->fd >= 0)
		close(sp->fd);
	free(sp->bmap_path);
	free(sp);
}

uint64_t sparse_mapped_bytes(const struct sparse *sp)
{
	return sp ? sp->mapped_bytes : 0;
}

/* ---- finding and reading the bmap ---------------------------------------- */

/* IMAGE.bmap, then IMAGE less its last extension plus .bmap (bmaptool's). */
static char *find_bmap(const char *image)
{
	const char *slash = strrchr(image, '/');
	const char *dot = strrchr(image, '.');
	char *p;

	if (asprintf(&p, "%s.bmap", image) < 0)
		return NULL;
	if (!access(p, R_OK))
		return p;
	free(p);
	if (!dot || (slash && dot < slash) || dot == image ||
	    (slash && dot == slash + 1))
		return NULL;
	if (asprintf(&p, "%.*s.bmap", (int)(dot - image), image) < 0)
		return NULL;
	if (!access(p, R_OK))
		return p;
	free(p);
	return NULL;
}

static int read_text(struct stk_ctx *ctx, const char *path, char **text,
		     size_t *len)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return stk_seterr_errno(ctx, -errno,
					"cannot open the bmap '%s'", path);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return stk_seterr(ctx, -EINVAL, "the bmap '%s' is not a file",
				  path);
	}
	if ((uint64_t)st.st_size > BMAP_MAX_BYTES) {
		close(fd);
		return stk_seterr(ctx, -EINVAL,
				  "the bmap '%s' is larger than 64 MiB", path);
	}
	*len = (size_t)st.st_size;
	*text = malloc(*len + 1);
	if (!*text) {
		close(fd);
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	}
	rc = io_pread_full(fd, *text, *len, 0);
	close(fd);
	if (rc) {
		free(*text);
		return stk_seterr(ctx, rc, "cannot read the bmap '%s'", path);
	}
	(*text)[*len] = '\0';
	return 0;
}

/* The bmap's checksum of itself, its own digits counted as '0's. */
static int check_self(struct stk_ctx *ctx, struct sparse *sp, char *text,
		      size_t len)
{
	uint8_t sum[BMAP_SUM_MAX];
	struct digest *d;
	size_t n = bmap_csum_bytes(sp->bmap.csum);
	char *copy;

	if (!sp->bmap.has_self)
		return 0;
	copy = malloc(len);
	d = digest_new(sp->bmap.csum);
	if (!copy || !d) {
		free(copy);
		digest_free(d);
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	}
	memcpy(copy, text, len);
	memset(copy + sp->bmap.self_off, '0', sp->bmap.self_len);
	digest_update(d, copy, len);
	digest_final(d, sum);
	digest_free(d);
	free(copy);
	if (memcmp(sum, sp->bmap.self_sum, n))
		return stk_seterr(
			ctx, -EINVAL,
			"the bmap '%s' is damaged: its own %s checksum does not match its text",
			sp->bmap_path, bmap_csum_name(sp->bmap.csum));
	return 0;
}

static int load_bmap(struct stk_ctx *ctx, struct sparse *sp,
		     const struct stk_plan *plan)
{
	char a[32], b[32];
	const char *why;
	char *text = NULL;
	size_t len = 0;
	int rc;

	rc = read_text(ctx, sp->bmap_path, &text, &len);
	if (rc)
		return rc;
	rc = bmap_parse(text, len, &sp->bmap, &why);
	if (rc == -ENOMEM)
		rc = stk_seterr(ctx, rc, "out of memory");
	else if (rc)
		rc = stk_seterr(ctx, rc, "the bmap '%s' is not usable: %s",
				sp->bmap_path, why);
	if (!rc)
		rc = check_self(ctx, sp, text, len);
	free(text);
	if (rc)
		return rc;
	if (!plan->image_bytes)
		return stk_seterr(
			ctx, -ENOTSUP,
			"the bmap '%s' cannot be checked against '%s': the %s stream does not record its size (use --no-bmap, or decompress it)",
			sp->bmap_path, plan->image_path,
			stk_compression_name(plan->comp));
	if (sp->bmap.image_bytes != plan->image_bytes) {
		stk_size_format(sp->bmap.image_bytes, a, sizeof(a));
		stk_size_format(plan->image_bytes, b, sizeof(b));
		return stk_seterr(
			ctx, -EINVAL,
			"the bmap '%s' is for another image: it describes %" PRIu64
			" bytes (%s), '%s' has %" PRIu64
			" (%s); use --no-bmap to write the whole image",
			sp->bmap_path, sp->bmap.image_bytes, a,
			plan->image_path, plan->image_bytes, b);
	}
	if (sp->bmap.csum != BMAP_CSUM_NONE) {
		sp->dg = digest_new(sp->bmap.csum);
		if (!sp->dg)
			return stk_seterr(ctx, -ENOMEM, "out of memory");
	}
	return 0;
}

int sparse_plan(struct stk_ctx *ctx, const struct stk_plan *plan,
		struct sparse **out)
{
	const struct stk_options *o = &plan->opt;
	struct map *map = NULL;
	struct sparse *sp;
	char *path = NULL;
	int rc;

	*out = NULL;
	if (o->bmap_path && o->no_bmap)
		return stk_seterr(ctx, -EINVAL,
				  "--bmap and --no-bmap contradict each other");
	if (plan->mode != STK_MODE_RAW) {
		if (o->bmap_path || o->sparse)
			return stk_seterr(
				ctx, -ENOTSUP,
				"%s applies to raw writes only; %s mode builds the stick itself",
				o->bmap_path ? "--bmap" : "--sparse",
				stk_mode_name(plan->mode));
		return 0;
	}
	if (o->bmap_path) {
		path = strdup(o->bmap_path);
		if (!path)
			return stk_seterr(ctx, -ENOMEM, "out of memory");
	} else if (!o->no_bmap) {
		path = find_bmap(plan->image_path);
	}
	if (!path && !o->sparse)
		return 0;
	sp = calloc(1, sizeof(*sp));
	if (!sp) {
		free(path);
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	}
	sp->fd = -1;
	sp->bmap_path = path;
	sp->kind = path ? SPARSE_BMAP : SPARSE_HOLES;
	sp->image_bytes = plan->image_bytes;
	sp->compressed = plan->comp != STK_COMP_NONE;
	if (!sp->compressed) {
		sp->fd = open(plan->image_path, O_RDONLY | O_CLOEXEC);
		if (sp->fd < 0) {
			rc = stk_seterr_errno(ctx, -errno, "cannot open '%s'",
					      plan->image_path);
			goto fail;
		}
	}
	if (sp->kind == SPARSE_BMAP) {
		rc = load_bmap(ctx, sp, plan);
	} else if (!plan->image_bytes) {
		rc = stk_seterr(
			ctx, -ENOTSUP,
			"--sparse needs the image's size, which the %s stream of '%s' does not record",
			stk_compression_name(plan->comp), plan->image_path);
	} else {
		rc = 0;
	}
	/* a map made and dropped now, so the plan can say what it writes */
	if (!rc)
		rc = map_new(ctx, 0, &map);
	if (!rc)
		rc = sparse_map(ctx, sp, NULL, map);
	map_free(map);
	if (rc)
		goto fail;
	*out = sp;
	return 0;
fail:
	sparse_free(sp);
	return rc;
}

/* ---- the map ----------------------------------------------------------- */

/* Checks each bmap range as the reader passes it (map_check_fn). */
static int check_piece(struct stk_ctx *ctx, void *arg,
		       const struct map_extent *e, uint64_t pos,
		       const void *buf, size_t len)
{
	struct sparse *sp = arg;
	const struct bmap_range *r = &sp->bmap.range[e->check - 1];
	uint8_t sum[BMAP_SUM_MAX];

	if (pos == e->off)
		digest_reset(sp->dg);
	digest_update(sp->dg, buf, len);
	if (pos + len < e->off + e->len)
		return 0;
	digest_final(sp->dg, sum);
	if (!memcmp(sum, r->sum, bmap_csum_bytes(sp->bmap.csum)))
		return 0;
	return stk_seterr(
		ctx, -EINVAL,
		"the image does not match the bmap '%s': blocks %" PRIu64
		"-%" PRIu64 " (bytes %" PRIu64 "-%" PRIu64
		") have another %s checksum than it records; the write stopped before the first MiB",
		sp->bmap_path, r->first, r->last, e->off, e->off + e->len - 1,
		bmap_csum_name(sp->bmap.csum));
}

struct adder {
	struct stk_ctx *ctx;
	struct sparse *sp;
	struct map *map;
	uint64_t head_end;   /* the image's first MiB ... */
	uint64_t tail_start; /* ... and its last, written whatever the map */
	uint64_t done;	     /* image bytes before this are in the map */
};

static int add(struct adder *a, uint64_t off, uint64_t len, uint32_t check,
	       bool skip_zeros)
{
	struct map_extent *e;
	int rc;

	if (!len)
		return 0;
	rc = map_add(a->ctx, a->map, off, len,
		     a->sp->compressed ? MAP_SRC_STREAM : MAP_SRC_FILE, off);
	if (rc)
		return rc;
	e = &a->map->ext[a->map->n - 1];
	e->check = check;
	e->skip_zeros = skip_zeros;
	a->sp->mapped_bytes += len;
	a->done = off + len;
	return 0;
}

/* The parts of the first and last MiB in [a->done, to) not yet mapped. */
static int fill_edges(struct adder *a, uint64_t to)
{
	uint64_t from = a->done;
	int rc;

	if (from < a->head_end) {
		uint64_t end = to < a->head_end ? to : a->head_end;

		rc = add(a, from, end - from, 0, false);
		if (rc)
			return rc;
		from = end;
	}
	if (to > a->tail_start) {
		if (from < a->tail_start)
			from = a->tail_start;
		if (to > from)
			return add(a, from, to - from, 0, false);
	}
	return 0;
}

/* One data range of the image; the edges inside it go whole. */
static int add_range(struct adder *a, uint64_t off, uint64_t end,
		     uint32_t check, bool skip_zeros)
{
	int rc;

	if (end > a->sp->image_bytes)
		end = a->sp->image_bytes; /* the last block may be partial */
	if (end <= off)
		return 0;
	rc = fill_edges(a, off);
	if (rc)
		return rc;
	if (!skip_zeros)
		return add(a, off, end - off, check, false);
	/* --sparse: the edges are written as they are, zeros or not */
	if (off < a->head_end) {
		uint64_t e = end < a->head_end ? end : a->head_end;

		rc = add(a, off, e - off, 0, false);
		if (rc || e == end)
			return rc;
		off = e;
	}
	if (end > a->tail_start && off < a->tail_start) {
		rc = add(a, off, a->tail_start - off, 0, true);
		if (rc)
			return rc;
		off = a->tail_start;
	}
	return add(a, off, end - off, 0, off < a->tail_start);
}

static int holes_map(struct adder *a)
{
	struct sparse *sp = a->sp;
	off_t pos = 0, data, hole;
	int rc;

	if (sp->compressed) /* no holes to find: every MiB is tested */
		return add_range(a, 0, sp->image_bytes, 0, true);
	for (;;) {
		data = lseek(sp->fd, pos, SEEK_DATA);
		if (data < 0 && errno == ENXIO)
			break;
		if (data < 0)
			return add_range(a, (uint64_t)pos, sp->image_bytes, 0,
					 true); /* no SEEK_DATA: test it all */
		hole = lseek(sp->fd, data, SEEK_HOLE);
		if (hole < 0)
			hole = (off_t)sp->image_bytes;
		rc = add_range(a, (uint64_t)data, (uint64_t)hole, 0, true);
		if (rc || (uint64_t)hole >= sp->image_bytes)
			return rc;
		pos = hole;
	}
	return 0;
}

int sparse_map(struct stk_ctx *ctx, struct sparse *sp, struct source *src,
	       struct map *map)
{
	struct adder a = {.ctx = ctx, .sp = sp, .map = map};
	uint64_t bs = sp->bmap.block_bytes;
	size_t i;
	int rc;

	sp->mapped_bytes = 0;
	a.head_end = sp->image_bytes < STK_MIB ? sp->image_bytes : STK_MIB;
	a.tail_start =
		sp->image_bytes > STK_MIB ? sp->image_bytes - STK_MIB : 0;
	if (sp->compressed)
		map->stream = src;
	else
		map->file_fd = sp->fd;
	if (sp->kind == SPARSE_HOLES) {
		rc = holes_map(&a);
	} else {
		map->check_fn = check_piece;
		map->check_arg = sp;
		for (i = 0, rc = 0; i < sp->bmap.n && !rc; i++) {
			const struct bmap_range *r = &sp->bmap.range[i];

			rc = add_range(&a, r->first * bs, (r->last + 1) * bs,
				       r->has_sum && sp->dg ? (uint32_t)i + 1
							    : 0,
				       false);
		}
	}
	if (!rc)
		rc = fill_edges(&a, sp->image_bytes);
	return rc;
}

char *sparse_describe(const struct sparse *sp, uint64_t image_bytes)
{
	char m[32], all[32];
	char *s = NULL;
	int n;

	stk_size_format(sp->mapped_bytes, m, sizeof(m));
	stk_size_format(image_bytes, all, sizeof(all));
	if (sp->kind == SPARSE_BMAP)
		n = asprintf(
			&s,
			"sparse: only the %s of %s that the bmap '%s' maps are written and verified (%s checksums checked while reading), the image's first and last MiB always; the image marks the rest as unused, and the stick keeps its old data there\n",
			m, all, sp->bmap_path, bmap_csum_name(sp->bmap.csum));
	else
		n = asprintf(
			&s,
			"sparse (--sparse): of %s of data ranges in %s, all-zero MiBs are not written either, except in the first and last MiB; the stick keeps its old data in the holes and those MiBs\n",
			m, all);
	return n < 0 ? NULL : s;
}

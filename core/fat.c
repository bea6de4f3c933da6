// SPDX-License-Identifier: GPL-3.0-or-later
/* fat.c - FAT32 builder: unique short names, cluster allocation, writing. */
#include <stdlib.h>

#include "internal.h"
#include "fat.h"
#include "fatint.h"
#include "fatname.h"

#define FAT_WRITE_CHUNK	(1024u * 1024u)

/* ---- short names ------------------------------------------------------- */

struct sfn_set {
	uint8_t		(*slot)[11];
	bool		*used;
	unsigned	*next_tail;	/* for a basis: the ~N to try next */
	size_t		mask;
};

static size_t sfn_hash(const uint8_t s[11])
{
	size_t h = 2166136261u;
	int i;

	for (i = 0; i < 11; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

/* The slot of @s, or of the free place where it would go. */
static size_t sfn_slot(const struct sfn_set *set, const uint8_t s[11])
{
	size_t i = sfn_hash(s) & set->mask;

	while (set->used[i] && memcmp(set->slot[i], s, 11))
		i = (i + 1) & set->mask;
	return i;
}

/* Insert @s; false if it was there already. */
static bool sfn_insert(struct sfn_set *set, const uint8_t s[11])
{
	size_t i = sfn_slot(set, s);

	if (set->used[i])
		return false;
	set->used[i] = true;
	memcpy(set->slot[i], s, 11);
	return true;
}

/*
 * Give @c a free basis~N name. Every name that is not 8.3 sits in the set
 * under its basis (as a name, or as a marker when the basis was not free),
 * and the marker's counter says where the last search stopped, so N names
 * with one basis cost N tries, not N*N/2.
 */
static bool sfn_tail(struct sfn_set *set, const uint8_t basis[11],
		     uint8_t sfn[11])
{
	size_t b = sfn_slot(set, basis);
	unsigned k;

	if (!set->used[b]) {
		set->used[b] = true;	/* reserve the basis itself */
		memcpy(set->slot[b], basis, 11);
	}
	for (k = set->next_tail[b] ? set->next_tail[b] : 1; k < 1000000;
	     k++) {
		fatname_tail(basis, k, sfn);
		if (sfn_insert(set, sfn)) {
			set->next_tail[sfn_slot(set, basis)] = k + 1;
			return true;
		}
	}
	return false;
}

static int name_children(struct stk_ctx *ctx, struct fat_node *dir)
{
	struct sfn_set set;
	struct fat_node *c;
	uint8_t basis[11];
	size_t cap = 16;
	int rc = 0;

	/* each child takes at most a name and a basis marker */
	while (cap < 4 * (dir->n_children + 1))
		cap <<= 1;
	set.slot = calloc(cap, sizeof(*set.slot));
	set.used = calloc(cap, sizeof(*set.used));
	set.next_tail = calloc(cap, sizeof(*set.next_tail));
	set.mask = cap - 1;
	if (!set.slot || !set.used || !set.next_tail) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out_free;
	}
	/* names that are 8.3 already keep them: they need no LFN */
	for (c = dir->first_child; c; c = c->next) {
		c->lfn = fatname_short(c->name, c->name_units, c->sfn,
				       &c->case_bits) != FATNAME_EXACT;
		if (!c->lfn && !sfn_insert(&set, c->sfn))
			c->lfn = true;	/* taken: falls to the tail loop */
	}
	for (c = dir->first_child; c; c = c->next) {
		if (!c->lfn)
			continue;
		c->case_bits = 0;
		if (fatname_short(c->name, c->name_units, basis,
				  &c->case_bits) == FATNAME_BASIS &&
		    sfn_insert(&set, basis)) {
			memcpy(c->sfn, basis, 11);
			continue;
		}
		/* an exact 8.3 name whose short name was taken loses its
		 * case bits: its LFN carries the case */
		c->case_bits = 0;
		if (!sfn_tail(&set, basis, c->sfn)) {
			rc = stk_seterr(ctx, -ENOSPC,
					"no free short name for '%s'",
					c->name_utf8);
			goto out_free;
		}
	}
out_free:
	free(set.slot);
	free(set.used);
	free(set.next_tail);
	return rc;
}

/* ---- walking and allocation -------------------------------------------- */

struct build {
	struct stk_ctx		*ctx;
	struct fat_geom		g;
	struct fat_node		**dirs;		/* pre-order, root first */
	size_t			n_dirs;
	struct fat_node		**files;	/* layout order */
	size_t			n_files;
	uint32_t		next_cluster;
	uint32_t		*run_ends;	/* last cluster of each chain */
	size_t			n_runs;
};

static void collect(struct build *b, struct fat_node *dir)
{
	struct fat_node *c;

	b->dirs[b->n_dirs++] = dir;
	for (c = dir->first_child; c; c = c->next) {
		if (c->is_dir)
			collect(b, c);
		else
			b->files[b->n_files++] = c;
	}
}

static int by_order(const void *pa, const void *pb)
{
	const struct fat_node *a = *(struct fat_node *const *)pa;
	const struct fat_node *b = *(struct fat_node *const *)pb;

	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int count_entries(struct build *b, struct fat_node *dir)
{
	struct fat_node *c;
	uint64_t n;

	n = dir->parent ? 2 : (b->g.label[0] ? 1 : 0);
	for (c = dir->first_child; c; c = c->next) {
		n++;
		if (c->lfn)
			n += (c->name_units + FAT_LFN_UNITS - 1) /
			     FAT_LFN_UNITS;
	}
	if (n > FAT_MAX_DIR_ENTRIES)
		return stk_seterr(b->ctx, -ENOSPC,
				  "directory '%s' needs %llu entries; FAT allows %u",
				  dir->name_utf8 ? dir->name_utf8 : "/",
				  (unsigned long long)n, FAT_MAX_DIR_ENTRIES);
	dir->n_entries = (uint32_t)n;
	n = (n * FAT_DIRENT_BYTES + b->g.cluster_bytes - 1) /
	    b->g.cluster_bytes;
	dir->n_clusters = n ? (uint32_t)n : 1;
	return 0;
}

static int allocate(struct build *b, struct fat_node *n, uint64_t clusters)
{
	uint64_t last = (uint64_t)b->next_cluster + clusters - 1;

	if (!clusters)
		return 0;
	if (last > (uint64_t)b->g.n_clusters + 1)
		return -ENOSPC;
	n->first_cluster = b->next_cluster;
	n->n_clusters = (uint32_t)clusters;
	b->run_ends[b->n_runs++] = (uint32_t)last;
	b->next_cluster = (uint32_t)last + 1;
	return 0;
}

static int add_region(struct fat_layout *l, size_t *cap, uint64_t off,
		      uint64_t len, enum fat_region_kind kind)
{
	struct fat_region *r;

	if (l->n_regions) {
		r = &l->regions[l->n_regions - 1];
		if (r->kind == kind &&
		    r->offset_bytes + r->length_bytes == off) {
			r->length_bytes += len;
			return 0;
		}
	}
	if (l->n_regions == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		r = realloc(l->regions, *cap * sizeof(*r));
		if (!r)
			return -ENOMEM;
		l->regions = r;
	}
	l->regions[l->n_regions++] = (struct fat_region){
		.offset_bytes = off,
		.length_bytes = len,
		.kind = kind,
	};
	return 0;
}

/* Both FATs, written in chunks from the run ends. */
/* A full disk under the file the FAT is built in is not a FAT too
 * small: -EDQUOT keeps the two apart for the caller's message. */
static int scratch_rc(int rc)
{
	return rc == -ENOSPC ? -EDQUOT : rc;
}

static int write_fats(struct build *b, int fd)
{
	const struct fat_geom *g = &b->g;
	uint64_t fat_bytes = (uint64_t)g->fat_sectors * g->sector_bytes;
	uint64_t fat0 = g->part_offset_bytes +
			(uint64_t)g->reserved_sectors * g->sector_bytes;
	uint64_t done, e, first;
	size_t run = 0, len, i;
	uint8_t *buf;
	uint32_t v;
	int rc = 0;

	buf = malloc(FAT_WRITE_CHUNK);
	if (!buf)
		return stk_seterr(b->ctx, -ENOMEM, "out of memory");
	for (done = 0; done < fat_bytes; done += len) {
		len = fat_bytes - done < FAT_WRITE_CHUNK ?
		      (size_t)(fat_bytes - done) : FAT_WRITE_CHUNK;
		first = done / 4;
		for (i = 0; i < len / 4; i++) {
			e = first + i;
			if (e == 0)
				v = 0x0fffff00u | 0xf8;	/* media byte */
			else if (e == 1)
				v = FAT32_EOC;	/* clean, no errors */
			else if (e >= b->next_cluster)
				v = 0;
			else if (e == b->run_ends[run]) {
				v = FAT32_EOC;
				run++;
			} else
				v = (uint32_t)e + 1;
			put_le32(buf + i * 4, v);
		}
		rc = io_pwrite_full(fd, buf, len, fat0 + done);
		if (!rc)
			rc = io_pwrite_full(fd, buf, len,
					    fat0 + fat_bytes + done);
		if (rc) {
			rc = stk_seterr(b->ctx, scratch_rc(rc), "cannot write the FAT");
			break;
		}
	}
	free(buf);
	return rc;
}

static int write_meta(struct build *b, int fd, const struct fat_layout *l)
{
	const struct fat_geom *g = &b->g;
	struct fat_node *d, *f;
	size_t i, len;
	uint8_t *buf;
	int rc;

	len = (size_t)g->reserved_sectors * g->sector_bytes;
	buf = calloc(1, len);
	if (!buf)
		return stk_seterr(b->ctx, -ENOMEM, "out of memory");
	fatlayout_reserved(g, l->free_clusters, l->next_free_cluster, buf);
	rc = io_pwrite_full(fd, buf, len, g->part_offset_bytes);
	free(buf);
	if (rc)
		return stk_seterr(b->ctx, scratch_rc(rc), "cannot write the boot sectors");
	rc = write_fats(b, fd);
	if (rc)
		return rc;
	for (i = 0; i < b->n_dirs; i++) {
		d = b->dirs[i];
		len = (size_t)d->n_clusters * g->cluster_bytes;
		buf = calloc(1, len);
		if (!buf)
			return stk_seterr(b->ctx, -ENOMEM, "out of memory");
		fatlayout_dir(g, d, buf);
		rc = io_pwrite_full(fd, buf, len,
				    fatlayout_cluster_offset(g,
							     d->first_cluster));
		free(buf);
		if (rc)
			return stk_seterr(b->ctx, scratch_rc(rc),
					  "cannot write directory '%s'",
					  d->name_utf8 ? d->name_utf8 : "/");
	}
	for (i = 0; i < b->n_files; i++) {
		f = b->files[i];
		if (!f->data)
			continue;
		rc = io_pwrite_full(fd, f->data, f->size_bytes,
				    fatlayout_cluster_offset(g,
							     f->first_cluster));
		if (rc)
			return stk_seterr(b->ctx, scratch_rc(rc), "cannot write '%s'",
					  f->name_utf8);
	}
	return 0;
}

static int make_lists(struct build *b, struct fat_layout *l)
{
	const struct fat_geom *g = &b->g;
	uint64_t fat_bytes = (uint64_t)g->fat_sectors * g->sector_bytes;
	uint64_t off = g->part_offset_bytes;
	struct fat_file_extent *x;
	struct fat_node *f;
	size_t cap = 0, i;
	int rc;

	rc = add_region(l, &cap, off,
			(uint64_t)g->reserved_sectors * g->sector_bytes,
			FAT_REGION_RESERVED);
	off += (uint64_t)g->reserved_sectors * g->sector_bytes;
	rc = rc ? rc : add_region(l, &cap, off, fat_bytes, FAT_REGION_FAT);
	rc = rc ? rc : add_region(l, &cap, off + fat_bytes, fat_bytes,
				  FAT_REGION_FAT);
	for (i = 0; !rc && i < b->n_dirs; i++) {
		f = b->dirs[i];
		rc = add_region(l, &cap,
				fatlayout_cluster_offset(g, f->first_cluster),
				(uint64_t)f->n_clusters * g->cluster_bytes,
				FAT_REGION_DIR);
	}
	for (i = 0; !rc && i < b->n_files; i++) {
		f = b->files[i];
		if (!f->data)
			continue;
		rc = add_region(l, &cap,
				fatlayout_cluster_offset(g, f->first_cluster),
				(uint64_t)f->n_clusters * g->cluster_bytes,
				FAT_REGION_DATA);
	}
	if (rc)
		return stk_seterr(b->ctx, rc, "out of memory");
	l->files = calloc(b->n_files ? b->n_files : 1, sizeof(*l->files));
	if (!l->files)
		return stk_seterr(b->ctx, -ENOMEM, "out of memory");
	for (i = 0; i < b->n_files; i++) {
		f = b->files[i];
		if (f->data || !f->size_bytes)
			continue;
		x = &l->files[l->n_files++];
		x->offset_bytes = fatlayout_cluster_offset(g, f->first_cluster);
		x->length_bytes = f->size_bytes;
		x->opaque = f->opaque;
		x->node = f;
	}
	return 0;
}

static int lay_out(struct build *b, struct fat_tree *tree)
{
	uint64_t need, have;
	size_t i;
	int rc;

	collect(b, &tree->root);
	for (i = 0; i < b->n_dirs; i++) {
		rc = name_children(b->ctx, b->dirs[i]);
		if (!rc)
			rc = count_entries(b, b->dirs[i]);
		if (rc)
			return rc;
	}
	qsort(b->files, b->n_files, sizeof(*b->files), by_order);
	b->next_cluster = 2;
	rc = 0;
	for (i = 0; !rc && i < b->n_dirs; i++)
		rc = allocate(b, b->dirs[i], b->dirs[i]->n_clusters);
	for (i = 0; !rc && i < b->n_files; i++) {
		need = (b->files[i]->size_bytes + b->g.cluster_bytes - 1) /
		       b->g.cluster_bytes;
		b->files[i]->first_cluster = 0;
		rc = allocate(b, b->files[i], need);
	}
	if (rc) {
		need = 0;
		for (i = 0; i < b->n_dirs; i++)
			need += b->dirs[i]->n_clusters;
		for (i = 0; i < b->n_files; i++)
			need += (b->files[i]->size_bytes +
				 b->g.cluster_bytes - 1) / b->g.cluster_bytes;
		need = (need * b->g.cluster_bytes) >> 20;
		have = ((uint64_t)b->g.n_clusters * b->g.cluster_bytes) >> 20;
		return stk_seterr(b->ctx, -ENOSPC,
				  "the files need %llu MiB but the FAT32 file system holds %llu MiB",
				  (unsigned long long)need,
				  (unsigned long long)have);
	}
	return 0;
}

int fat_build(struct stk_ctx *ctx, struct fat_tree *tree,
	      const struct fat_params *p, int fd, struct fat_layout **out)
{
	struct build b = { .ctx = ctx };
	struct fat_layout *l;
	int rc;

	*out = NULL;
	if (!tree || !p)
		return stk_seterr(ctx, -EINVAL, "bad arguments to fat_build");
	rc = fatlayout_geometry(ctx, p, &b.g);
	if (rc)
		return rc;
	tree->root.mtime = p->mtime;
	b.dirs = calloc(tree->n_dirs, sizeof(*b.dirs));
	b.files = calloc(tree->n_files + 1, sizeof(*b.files));
	b.run_ends = calloc(tree->n_dirs + tree->n_files + 1,
			    sizeof(*b.run_ends));
	l = calloc(1, sizeof(*l));
	if (!b.dirs || !b.files || !b.run_ends || !l) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out_free;
	}
	rc = lay_out(&b, tree);
	if (rc)
		goto out_free;
	l->sector_bytes = b.g.sector_bytes;
	l->cluster_bytes = b.g.cluster_bytes;
	l->reserved_sectors = b.g.reserved_sectors;
	l->fat_sectors = b.g.fat_sectors;
	l->n_clusters = b.g.n_clusters;
	l->next_free_cluster = b.next_cluster;
	l->free_clusters = b.g.n_clusters + 2 - b.next_cluster;
	l->data_offset_bytes = fatlayout_cluster_offset(&b.g, 2);
	l->used_bytes = (uint64_t)(b.next_cluster - 2) * b.g.cluster_bytes;
	rc = make_lists(&b, l);
	if (rc)
		goto out_free;
	DBG(ctx, FAT, "%u clusters of %u bytes, %u reserved sectors, FAT of %u sectors, %u clusters used",
	    b.g.n_clusters, b.g.cluster_bytes, b.g.reserved_sectors,
	    b.g.fat_sectors, b.next_cluster - 2);
	if (fd >= 0) {
		rc = write_meta(&b, fd, l);
		if (rc)
			goto out_free;
	}
	*out = l;
	l = NULL;
out_free:
	fat_layout_free(l);
	free(b.dirs);
	free(b.files);
	free(b.run_ends);
	return rc;
}

void fat_layout_free(struct fat_layout *layout)
{
	if (!layout)
		return;
	free(layout->regions);
	free(layout->files);
	free(layout);
}

int fat_sync_backup(struct stk_ctx *ctx, int fd, uint64_t part_offset_bytes)
{
	uint8_t *buf;
	unsigned ss, bk;
	int rc;

	buf = malloc(4096);
	if (!buf)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	rc = io_pread_full(fd, buf, 512, part_offset_bytes);
	if (rc) {
		rc = stk_seterr(ctx, rc, "cannot read the FAT boot sector");
		goto out_free;
	}
	ss = get_le16(buf + 11);
	bk = get_le16(buf + 50);
	if ((ss != 512 && ss != 4096) || bk == 0 || bk == 0xffff ||
	    bk >= get_le16(buf + 14)) {
		rc = stk_seterr(ctx, -EINVAL,
				"no FAT32 boot sector with a backup at byte %llu",
				(unsigned long long)part_offset_bytes);
		goto out_free;
	}
	rc = io_pread_full(fd, buf, ss, part_offset_bytes);
	if (!rc)
		rc = io_pwrite_full(fd, buf, ss,
				    part_offset_bytes + (uint64_t)bk * ss);
	if (rc)
		rc = stk_seterr(ctx, rc, "cannot copy the FAT boot sector");
out_free:
	free(buf);
	return rc;
}

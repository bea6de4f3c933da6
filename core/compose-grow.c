// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * compose-grow.c - the station's images partition grown to fill the disk
 * it was written to: the last MBR partition, a FAT32 labelled STICKLER,
 * gets the new end, larger FATs and the clusters that come with them,
 * every file kept where its cluster numbers say.
 *
 * The cluster size stays, so no cluster is renumbered: the FAT and every
 * directory keep their entries, and the data area only moves up by what
 * the larger FATs take (clusters copied from the last used one down, so
 * no byte is overwritten before it was copied). ldlinux.sys moves with
 * the data, and syslinux's boot sector knows its old sectors: ldlinux.sys
 * is patched again for its new sectors afterwards, as ISO mode does.
 */
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "disklabel.h"
#include "fat.h"
#include "fatint.h"
#include "fatread.h"
#include "syslinux.h"
#include "target.h"

#define GROW_LABEL "STICKLER"
#define GROW_ALIGN (STK_MIB / 512) /* partition ends on a MiB */
#define GROW_MIN   (STK_MIB / 512) /* less growth is not worth it */
#define MOVE_BYTES (4u * STK_MIB)

struct grow {
	struct stk_ctx *ctx;
	struct target *tg;
	uint8_t mbr[512];
	int slot;      /* the partition's MBR entry */
	uint64_t part; /* its first byte */
	uint8_t boot[512];
	uint8_t fsinfo[512];
	uint32_t rsvd, fat, total, spc, n_clusters;
	uint8_t *fat_buf;   /* the old FAT, fat * 512 bytes */
	uint32_t last_used; /* highest cluster in use, 1 if none */
	uint32_t n_used;
	struct fat_geom g; /* the new geometry */
};

/* Steps 1 and 2: the last partition, a FAT32 the station made. */
static int find_part(struct grow *w)
{
	struct stk_ctx *ctx = w->ctx;
	struct mbr_info mi;
	uint64_t end;
	int i;

	if (io_pread_full(w->tg->fd, w->mbr, 512, 0))
		return stk_seterr(ctx, -EIO, "cannot read the MBR of '%s'",
				  w->tg->path);
	if (mbr_parse(w->mbr, &mi) || mi.protective)
		return stk_seterr(ctx, -EINVAL,
				  "'%s' has no MBR partition table",
				  w->tg->path);
	w->slot = -1;
	for (i = 0; i < 4; i++) {
		if (!mi.part[i].sectors)
			continue;
		if (w->slot < 0 ||
		    mi.part[i].start_lba > mi.part[w->slot].start_lba)
			w->slot = i;
	}
	if (w->slot < 0 ||
	    (mi.part[w->slot].type != 0x0b && mi.part[w->slot].type != 0x0c))
		return stk_seterr(ctx, -EINVAL,
				  "the last partition of '%s' is not FAT32",
				  w->tg->path);
	w->part = (uint64_t)mi.part[w->slot].start_lba * 512;
	end = w->part + (uint64_t)mi.part[w->slot].sectors * 512;
	if (end > w->tg->size_bytes)
		return stk_seterr(
			ctx, -EINVAL,
			"the last partition of '%s' ends past the disk",
			w->tg->path);
	return 0;
}

static int read_fat(struct grow *w)
{
	struct stk_ctx *ctx = w->ctx;
	struct fat_reader *fr;
	uint32_t cl, v;
	int rc;

	rc = fat_open(ctx, w->tg->fd, w->part, w->tg->size_bytes - w->part,
		      &fr);
	if (rc)
		return rc;
	rc = 0;
	if (fat_reader_type(fr) != 32 ||
	    strcmp(fat_reader_label(fr), GROW_LABEL))
		rc = stk_seterr(
			ctx, -EINVAL,
			"the last partition of '%s' is not a FAT32 labelled '%s'",
			w->tg->path, GROW_LABEL);
	fat_close(fr);
	if (rc)
		return rc;
	if (io_pread_full(w->tg->fd, w->boot, 512, w->part) ||
	    io_pread_full(w->tg->fd, w->fsinfo, 512, w->part + 512))
		return stk_seterr(ctx, -EIO, "cannot read the FAT boot sector");
	if (get_le16(w->boot + 11) != 512 || w->boot[16] != 2)
		return stk_seterr(
			ctx, -ENOTSUP,
			"only FAT32 with 512-byte sectors and two FATs can grow");
	w->spc = w->boot[13];
	w->rsvd = get_le16(w->boot + 14);
	w->total = get_le32(w->boot + 32);
	w->fat = get_le32(w->boot + 36);
	w->n_clusters = (w->total - w->rsvd - 2 * w->fat) / w->spc;
	w->fat_buf = malloc((size_t)w->fat * 512);
	if (!w->fat_buf)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	if (io_pread_full(w->tg->fd, w->fat_buf, (size_t)w->fat * 512,
			  w->part + (uint64_t)w->rsvd * 512))
		return stk_seterr(ctx, -EIO, "cannot read the FAT");
	w->last_used = 1;
	for (cl = 2; cl < w->n_clusters + 2; cl++) {
		v = get_le32(w->fat_buf + 4 * cl) & 0x0fffffff;
		if (!v)
			continue;
		w->n_used++;
		w->last_used = cl;
	}
	return 0;
}

/* Step 3: the new size and geometry, the same cluster size. */
static int plan_growth(struct grow *w)
{
	struct fat_params p = {0};
	uint64_t sectors, max;
	uint32_t old_data, new_data;
	int rc;

	sectors = (w->tg->size_bytes / 512 / GROW_ALIGN) * GROW_ALIGN -
		  w->part / 512;
	/* FAT32 numbers at most FAT32_MAX_CLUSTERS - 2 clusters */
	max = (uint64_t)(FAT32_MAX_CLUSTERS - 3) * w->spc;
	if (sectors > max)
		sectors = max / GROW_ALIGN * GROW_ALIGN;
	if (sectors > 0xffffffffu)
		sectors = 0xffffffffu / GROW_ALIGN * GROW_ALIGN;
	if (sectors < (uint64_t)w->total + GROW_MIN)
		return 1;
	p.part_offset_bytes = w->part;
	p.part_size_bytes = sectors * 512;
	p.sector_bytes = 512;
	p.cluster_bytes = w->spc * 512;
	rc = fatlayout_geometry(w->ctx, &p, &w->g);
	if (rc)
		return rc;
	/* a data area that starts earlier than before (an old file system
	 * with many reserved sectors) keeps its start instead */
	old_data = w->rsvd + 2 * w->fat;
	new_data = w->g.reserved_sectors + 2 * w->g.fat_sectors;
	if (new_data < old_data) {
		w->g.reserved_sectors += old_data - new_data;
		w->g.n_clusters = (w->g.total_sectors - old_data) / w->spc;
	}
	return 0;
}

/* Step 4: clusters 2..last_used up by @shift bytes, from the top down. */
static int move_data(struct grow *w, uint64_t from, uint64_t shift)
{
	uint64_t len = (uint64_t)(w->last_used - 1) * w->spc * 512;
	uint64_t done = 0, n, off;
	double t0 = stk_now();
	uint8_t *buf;
	int rc = 0;

	if (!shift || !len)
		return 0;
	buf = io_alloc_aligned(MOVE_BYTES);
	if (!buf)
		return stk_seterr(w->ctx, -ENOMEM, "out of memory");
	while (done < len) {
		n = len - done < MOVE_BYTES ? len - done : MOVE_BYTES;
		off = from + len - done - n;
		if (io_pread_full(w->tg->fd, buf, n, off) ||
		    io_pwrite_full(w->tg->fd, buf, n, off + shift)) {
			rc = stk_seterr(
				w->ctx, -EIO,
				"cannot move the data at byte %llu of '%s'",
				(unsigned long long)off, w->tg->path);
			break;
		}
		done += n;
		rc = stk_report(w->ctx, STK_PHASE_COPY, done, len,
				stk_now() - t0, NULL);
		if (rc)
			break;
	}
	free(buf);
	return rc;
}

/* Step 5: both FATs (the old entries, then free ones), the reserved
 * sectors with the new geometry, and the partition's new end. */
static int write_meta(struct grow *w)
{
	struct fat_geom *g = &w->g;
	size_t fat_bytes = (size_t)g->fat_sectors * 512;
	size_t keep = ((size_t)w->n_clusters + 2) * 4;
	size_t rsvd_bytes = (size_t)g->reserved_sectors * 512;
	uint32_t n_free = g->n_clusters - w->n_used;
	uint8_t *buf, *e;
	int rc = 0, i;

	buf = calloc(1, fat_bytes > rsvd_bytes ? fat_bytes : rsvd_bytes);
	if (!buf)
		return stk_seterr(w->ctx, -ENOMEM, "out of memory");
	memcpy(buf, w->fat_buf, keep);
	for (i = 0; i < 2 && !rc; i++)
		if (io_pwrite_full(w->tg->fd, buf, fat_bytes,
				   w->part + (g->reserved_sectors +
					      (uint64_t)i * g->fat_sectors) *
						     512))
			rc = stk_seterr(w->ctx, -EIO, "cannot write the FAT");
	if (rc)
		goto out;
	memset(buf, 0, rsvd_bytes);
	put_le16(w->boot + 14, (uint16_t)g->reserved_sectors);
	put_le32(w->boot + 32, g->total_sectors);
	put_le32(w->boot + 36, g->fat_sectors);
	put_le16(w->boot + 48, 1); /* FSInfo and the backups where */
	put_le16(w->boot + 50, 6); /* the builder puts them */
	put_le32(w->fsinfo + 488, n_free);
	put_le32(w->fsinfo + 492, w->last_used + 1);
	memcpy(buf, w->boot, 512);
	memcpy(buf + 512, w->fsinfo, 512);
	memcpy(buf + 6 * 512, w->boot, 512);
	memcpy(buf + 7 * 512, w->fsinfo, 512);
	if (io_pwrite_full(w->tg->fd, buf, rsvd_bytes, w->part)) {
		rc = stk_seterr(w->ctx, -EIO,
				"cannot write the FAT boot sector");
		goto out;
	}
	e = w->mbr + 446 + 16 * w->slot;
	memset(e + 5, 0xfe, 1); /* CHS of the end: past what CHS can say */
	memset(e + 6, 0xff, 2);
	put_le32(e + 12, g->total_sectors);
	if (io_pwrite_full(w->tg->fd, w->mbr, 512, 0))
		rc = stk_seterr(w->ctx, -EIO, "cannot write the MBR");
	else if (fsync(w->tg->fd) < 0)
		rc = stk_seterr_errno(w->ctx, -errno, "cannot flush '%s'",
				      w->tg->path);
out:
	free(buf);
	return rc;
}

struct sectors {
	uint64_t part; /* the FAT's first byte */
	uint64_t *s;
	size_t n, max;
};

static int add_sectors(uint64_t off, uint64_t len, void *data)
{
	struct sectors *x = data;
	uint64_t o;

	for (o = off; o < off + len && x->n < x->max; o += 512)
		x->s[x->n++] = (o - x->part) / 512;
	return 0;
}

/* Step 6: syslinux again where it was, so BIOS finds ldlinux.sys. */
static int reinstall_syslinux(struct grow *w, bool *done)
{
	static const char *const dirs[] = {"/", "/syslinux", "/boot/syslinux"};
	struct fat_dirent de;
	struct fat_reader *fr;
	char path[64];
	const char *dir = NULL;
	size_t i;
	int rc;

	*done = false;
	rc = fat_open(w->ctx, w->tg->fd, w->part,
		      (uint64_t)w->g.total_sectors * 512, &fr);
	if (rc)
		return rc;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]) && !dir; i++) {
		snprintf(path, sizeof(path), "%s/ldlinux.sys",
			 strcmp(dirs[i], "/") ? dirs[i] : "");
		if (!fat_stat(w->ctx, fr, path, &de))
			dir = dirs[i];
	}
	if (!dir) {
		fat_close(fr);
		return 0;
	}
	/* the file's sectors as they are now, through its cluster chain */
	{
		struct sectors x = {.part = w->part};
		uint8_t *used = calloc(fat_reader_map_bytes(fr), 1);

		x.max = (de.size_bytes + 511) / 512;
		x.s = calloc(x.max ? x.max : 1, sizeof(*x.s));
		rc = used && x.s ? fat_chain_runs(w->ctx, fr, de.first_cluster,
						  de.size_bytes, used,
						  add_sectors, &x)
				 : stk_seterr(w->ctx, -ENOMEM, "out of memory");
		free(used);
		fat_close(fr);
		if (!rc)
			rc = syslinux_reinstall(w->ctx, w->tg->fd, w->part, x.s,
						x.n, dir);
		free(x.s);
	}
	if (!rc)
		rc = fat_sync_backup(w->ctx, w->tg->fd, w->part);
	if (!rc && fsync(w->tg->fd) < 0)
		rc = stk_seterr_errno(w->ctx, -errno, "cannot flush '%s'",
				      w->tg->path);
	*done = !rc;
	return rc;
}

int stk_station_grow(struct stk_ctx *ctx, const char *disk, unsigned flags,
		     struct stk_grow_result *res)
{
	struct grow w = {.ctx = ctx};
	unsigned tf = TARGET_WRITE;
	uint64_t old_data, new_data;
	int rc;

	if (!ctx || !disk || !res)
		return -EINVAL;
	memset(res, 0, sizeof(*res));
	tf |= flags & STK_CHECK_ANY_DEVICE;
	rc = target_open(ctx, disk, NULL, tf, 0, &w.tg);
	if (rc)
		return rc;
	if (w.tg->sector_bytes != 512) {
		rc = stk_seterr(ctx, -ENOTSUP,
				"'%s' has %u-byte sectors; only 512 can grow",
				disk, w.tg->sector_bytes);
		goto out;
	}
	if (w.tg->direct)
		target_set_direct(w.tg, false);
	rc = find_part(&w);
	if (!rc)
		rc = read_fat(&w);
	if (!rc)
		rc = plan_growth(&w);
	res->old_bytes = (uint64_t)w.total * 512;
	res->new_bytes = res->old_bytes;
	if (rc)
		goto out;
	old_data = w.part + ((uint64_t)w.rsvd + 2ull * w.fat) * 512;
	new_data =
		w.part +
		((uint64_t)w.g.reserved_sectors + 2ull * w.g.fat_sectors) * 512;
	rc = move_data(&w, old_data, new_data - old_data);
	res->moved_bytes = (uint64_t)(w.last_used - 1) * w.spc * 512;
	if (!rc)
		rc = write_meta(&w);
	if (rc)
		goto out;
	res->new_bytes = (uint64_t)w.g.total_sectors * 512;
	rc = reinstall_syslinux(&w, &res->syslinux);
	if (w.tg->is_blockdev && ioctl(w.tg->fd, BLKRRPART) < 0)
		DBG(ctx, DEVICE, "BLKRRPART on '%s': %s", disk,
		    strerror(errno));
out:
	free(w.fat_buf);
	target_close(w.tg);
	return rc;
}

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * compose-verify.c - `stickler verify IMAGE TARGET` of a stick written in
 * ISO mode. Such a stick is not the image byte for byte, so the sector
 * comparison would only count differences. Instead: recognise the layout
 * stickler writes (a partition table whose first partition is FAT32),
 * compose again for what the stick shows (mode, scheme, label,
 * persistence) without writing, so the contents the plan changes are
 * known, and run the tree check of the ISO against the stick's FAT, read
 * through the FAT reader from the stick's own bytes.
 */
#define _GNU_SOURCE /* O_DIRECT */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compose.h"
#include "disklabel.h"
#include "fatread.h"
#include "probe.h"
#include "target.h"
#include "treecheck.h"
#include "verify.h"

#define MBR_TYPE_FAT32_LBA  0x0c
#define MBR_TYPE_LINUX	    0x83
#define GPT_ARRAY_MAX_BYTES (1u * STK_MIB)

/* What the stick's partition table says. */
struct stick {
	enum stk_scheme scheme;
	uint64_t part_start;
	uint64_t part_bytes;
	uint64_t persist_bytes; /* 0: no second partition */
	uint64_t end_bytes;	/* the table's last sector, + 1; UINT64_MAX
				 * when that is past any disk */
	uint64_t end_lba;	/* GPT: the table's last sector */
};

struct reader {
	struct target *tg;
	uint64_t bytes;	   /* read back, for the result */
	bool short_target; /* a read went past its end */
};

static int read_stick(struct stk_ctx *ctx, void *data, void *buf, size_t len,
		      uint64_t off)
{
	struct reader *r = data;
	int rc;

	if (off + len > r->tg->size_bytes) {
		r->short_target = true;
		return stk_seterr(
			ctx, -EBADMSG,
			"'%s' differs from the image: the target ends at byte %" PRIu64
			", before byte %" PRIu64 " of its FAT",
			r->tg->path, r->tg->size_bytes, off + len);
	}
	rc = io_pread_full(r->tg->fd, buf, len, off);
	if (rc)
		return stk_seterr(ctx, -EIO,
				  "read error on '%s' at byte %" PRIu64 ": %s",
				  r->tg->path, off, strerror(-rc));
	r->bytes += len;
	return 0;
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* A GPT as part_gpt_build() writes it: ESP first, persistence second. */
static bool read_gpt(struct target *tg, struct stick *s)
{
	struct stk_gpt_part p[2];
	struct gpt_header h;
	uint8_t sec[512], *arr;
	size_t len;
	bool ok;
	int n = 0, i;

	if (io_pread_full(tg->fd, sec, sizeof(sec), 512) ||
	    gpt_parse_header(sec, 512, &h))
		return false;
	len = (size_t)h.n_entries * h.entry_bytes;
	if (!len || len > GPT_ARRAY_MAX_BYTES ||
	    h.entries_lba > tg->size_bytes / 512)
		return false;
	arr = malloc(len);
	if (!arr)
		return false;
	ok = !io_pread_full(tg->fd, arr, len, h.entries_lba * 512) &&
	     !gpt_parse_entries(arr, len, &h, p, 2, &n) && n >= 1 &&
	     !strcmp(p[0].type_name, "EFI System") &&
	     p[0].last_lba >= p[0].first_lba;
	/* inside the usable area and the disk: a sector number past them
	 * may multiply to any byte offset, the real FAT's among them */
	for (i = 0; ok && i < n; i++)
		ok = p[i].first_lba >= h.first_usable &&
		     p[i].last_lba <= h.last_usable &&
		     p[i].last_lba < tg->size_bytes / 512;
	free(arr);
	if (!ok)
		return false;
	s->scheme = STK_SCHEME_GPT;
	s->part_start = p[0].first_lba * 512;
	s->part_bytes = (p[0].last_lba - p[0].first_lba + 1) * 512;
	if (n >= 2 && p[1].last_lba >= p[1].first_lba)
		s->persist_bytes = (p[1].last_lba - p[1].first_lba + 1) * 512;
	/* the backup header is the disk's last sector; an LBA whose byte
	 * offset does not fit in 64 bits is past any disk, not wrapped */
	s->end_lba = max_u64(h.my_lba, h.alt_lba);
	if (__builtin_mul_overflow(s->end_lba, 512, &s->end_bytes) ||
	    __builtin_add_overflow(s->end_bytes, 512, &s->end_bytes))
		s->end_bytes = UINT64_MAX;
	return true;
}

/*
 * Is @tg laid out as ISO mode writes a stick? Not when the image's own
 * volume descriptor sits at 32 KiB (written raw); else a partition table
 * whose first partition is FAT32 (MBR type 0x0c or a GPT ESP).
 */
static bool read_layout(struct target *tg, struct stick *s)
{
	uint8_t sec[512];
	struct mbr_info mi;
	int i;

	memset(s, 0, sizeof(*s));
	if (tg->size_bytes < 64 * 1024 ||
	    io_pread_full(tg->fd, sec, sizeof(sec), 16 * 2048))
		return false;
	if (!memcmp(sec + 1, "CD001", 5))
		return false;
	if (io_pread_full(tg->fd, sec, sizeof(sec), 0) || mbr_parse(sec, &mi))
		return false;
	if (mi.protective)
		return read_gpt(tg, s);
	if (mi.n_parts < 1 || mi.part[0].type != MBR_TYPE_FAT32_LBA ||
	    !mi.part[0].start_lba)
		return false;
	s->scheme = STK_SCHEME_MBR;
	s->part_start = (uint64_t)mi.part[0].start_lba * 512;
	s->part_bytes = (uint64_t)mi.part[0].sectors * 512;
	if (mi.n_parts >= 2 && mi.part[1].type == MBR_TYPE_LINUX)
		s->persist_bytes = (uint64_t)mi.part[1].sectors * 512;
	for (i = 0; i < mi.n_parts; i++)
		s->end_bytes =
			max_u64(s->end_bytes, ((uint64_t)mi.part[i].start_lba +
					       mi.part[i].sectors) *
						      512);
	return true;
}

/* The FAT's label and whether syslinux's ldlinux.sys is in @dir. */
static int read_fat(struct stk_ctx *ctx, struct reader *rd,
		    const struct stick *s, char label[LABEL_FAT_MAX + 1],
		    const char *syslinux_dir, bool *has_ldlinux)
{
	struct fat_reader *fr = NULL;
	struct fat_dirent e;
	char path[STK_PATH_MAX + 16];
	int rc;

	rc = fat_open_fn(ctx, read_stick, rd, s->part_start, s->part_bytes,
			 &fr);
	if (rc)
		return rc;
	if (label)
		stk_strlcpy(label, fat_reader_label(fr), LABEL_FAT_MAX + 1);
	if (has_ldlinux) {
		snprintf(path, sizeof(path), "%s/ldlinux.sys",
			 syslinux_dir[0] ? syslinux_dir : "");
		*has_ldlinux = !fat_stat(ctx, fr, path, &e) && !e.is_dir;
	}
	fat_close(fr);
	return 0;
}

/* Compose for what the stick shows, without writing to it. */
static int recompose(struct stk_ctx *ctx, const struct stk_image *img,
		     struct target *tg, const struct stick *s,
		     const char *label, enum stk_mode mode, struct compose **c)
{
	const struct compose_opts o = {
		.mode = mode,
		.scheme = s->scheme,
		.label = label,
		.target_path = tg->path,
		/* the FAT's size follows the target's, and ldlinux.sys
		 * lists the sectors it lies in */
		.target_bytes = tg->size_bytes,
		/* the layout is read from the stick: the persistence
		 * partition as it is, so the FAT32 one keeps its size */
		.persist_bytes = s->persist_bytes,
		.persist_exact = true,
	};

	return compose_iso(ctx, img, &o, c);
}

static void drop_cache(struct target *tg)
{
	target_set_direct(tg, false);
	verify_drop_cache(tg);
}

/* Not an ISO-mode stick: the sector verify reads it as it would have. */
static int not_ours(struct target *tg, bool was_direct)
{
	if (was_direct)
		target_set_direct(tg, true);
	return 1;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int compose_verify(struct stk_ctx *ctx, const struct stk_image *img,
		   struct target *tg, struct stk_result *res)
{
	const struct stk_report *r = stk_image_report(img);
	struct reader rd = {.tg = tg};
	char fat_label[LABEL_FAT_MAX + 1], volid_label[LABEL_FAT_MAX + 1];
	char why[STK_ERRMSG_MAX];
	struct compose *c = NULL;
	struct tree_src src;
	enum stk_mode mode;
	struct stick s;
	bool ldlinux, was_direct;
	double t0;
	int rc;

	/* 1. An ISO 9660 image, a stick laid out as ISO mode lays it out. */
	if (!img->iso || r->kind != STK_KIND_ISO9660 ||
	    r->compression != STK_COMP_NONE ||
	    (!r->possible[STK_MODE_ISO] &&
	     !r->possible[STK_MODE_ISO_UEFI_ONLY]))
		return 1;
	was_direct = tg->direct;
	drop_cache(tg);
	if (!read_layout(tg, &s))
		return not_ours(tg, was_direct);
	t0 = now_s();
	if (s.end_bytes == UINT64_MAX) {
		res->verify = STK_VERIFY_MISMATCH;
		return stk_seterr(
			ctx, -EBADMSG,
			"'%s' differs from the image: the target ends at byte %" PRIu64
			", its partition table at LBA %" PRIu64
			", past the end of any disk",
			tg->path, tg->size_bytes, s.end_lba);
	}
	if (s.end_bytes > tg->size_bytes) {
		res->verify = STK_VERIFY_MISMATCH;
		return stk_seterr(
			ctx, -EBADMSG,
			"'%s' differs from the image: the target ends at byte %" PRIu64
			", its partition table at byte %" PRIu64,
			tg->path, tg->size_bytes, s.end_bytes);
	}
	rc = read_fat(ctx, &rd, &s, fat_label, "", NULL);
	if (rc == -ENOMEM || rc == -EIO)
		return rc;
	if (rc) /* no FAT there: not an ISO-mode stick */
		return not_ours(tg, was_direct);

	/* 2. The plan for it: the label the FAT has (passed on only when
	 * the volume id does not give it), BIOS boot when syslinux is there. */
	label_from_volid(r->volume_id, volid_label);
	mode = r->possible[STK_MODE_ISO] ? STK_MODE_ISO
					 : STK_MODE_ISO_UEFI_ONLY;
	rc = recompose(ctx, img, tg, &s,
		       strcmp(fat_label, volid_label) ? fat_label : NULL, mode,
		       &c);
	if (!rc && mode == STK_MODE_ISO) {
		rc = read_fat(ctx, &rd, &s, NULL, c->syslinux_dir, &ldlinux);
		if (!rc && !ldlinux && r->possible[STK_MODE_ISO_UEFI_ONLY]) {
			compose_free(c);
			c = NULL;
			rc = recompose(ctx, img, tg, &s,
				       strcmp(fat_label, volid_label)
					       ? fat_label
					       : NULL,
				       STK_MODE_ISO_UEFI_ONLY, &c);
		}
	}
	if (rc)
		goto out;

	/* 3. Every file of the ISO against the stick's FAT, every byte
	 * read from the stick (no map: nothing is taken on trust). */
	src = (struct tree_src){
		.read = read_stick,
		.read_data = &rd,
		.map = NULL,
		.part_offset = s.part_start,
		.part_bytes = s.part_bytes,
	};
	rc = tree_check(ctx, c, &src, &c->proof);
	compose_proof(c, res);
	res->bytes_verified = rd.bytes;
	res->verify_s = now_s() - t0;
	if (!rc) {
		res->verify = STK_VERIFY_IDENTICAL;
		goto out;
	}
	if (rc == -EINVAL) /* a damaged FAT: the stick is not as written */
		rc = -EBADMSG;
	if (rc == -EBADMSG) {
		res->verify = STK_VERIFY_MISMATCH;
		res->first_bad_sector = c->proof.first_bad_sector;
		res->bad_sectors = c->proof.first_bad_sector ? 1 : 0;
		stk_strlcpy(why, stk_ctx_errmsg(ctx), sizeof(why));
		if (!rd.short_target) /* that message names the target */
			rc = stk_seterr(ctx, -EBADMSG,
					"'%s' differs from the image: %s",
					tg->path, why);
	} else if (rc == -EIO) {
		res->verify = STK_VERIFY_READ_ERROR;
	}
out:
	compose_free(c);
	return rc;
}

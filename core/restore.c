// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * restore.c - turn a written stick back into a plain data stick: one MBR
 * partition over the whole stick with FAT32 (stickler's builder) or exFAT
 * (mkfs.exfat), composed in a shadow and written by the one writer.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "fat.h"
#include "fatint.h"
#include "fatread.h"
#include "manifest.h"
#include "map.h"
#include "part.h"
#include "shadow.h"
#include "spawn.h"
#include "target.h"
#include "verify.h"
#include "write.h"

#define MBR_ENTRY1 446

/* FAT32: an empty tree; the FATs and the root become data in the shadow. */
static int build_fat32(struct stk_ctx *ctx, struct shadow *sh,
		       const struct part_layout *pl, const char *label)
{
	struct fat_layout *lay = NULL;
	struct fat_params fp = {0};
	struct fat_tree *tree = NULL;
	uint8_t *buf = NULL;
	size_t i;
	int rc;

	rc = fat_tree_new(ctx, &tree);
	if (rc)
		return rc;
	fp.part_offset_bytes = pl->start_bytes;
	fp.part_size_bytes = pl->size_bytes;
	fp.sector_bytes = PART_SECTOR_BYTES;
	fp.label = label;
	fp.mtime = (int64_t)time(NULL);
	fp.serial = (uint32_t)fp.mtime ^ (uint32_t)getpid();
	rc = fat_build(ctx, tree, &fp, sh->fd, &lay);
	if (rc)
		goto out;
	/* must-write regions that are holes: make them data (zeros) */
	buf = calloc(1, STK_MIB);
	if (!buf) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < lay->n_regions && !rc; i++) {
		uint64_t off = lay->regions[i].offset_bytes;
		uint64_t end = off + lay->regions[i].length_bytes;

		while (off < end && !rc) {
			size_t n = end - off < STK_MIB ? (size_t)(end - off)
						       : STK_MIB;

			rc = shadow_read(ctx, sh, buf, n, off);
			if (!rc)
				rc = shadow_write(ctx, sh, buf, n, off);
			off += n;
		}
	}
out:
	free(buf);
	fat_layout_free(lay);
	fat_tree_free(tree);
	return rc;
}

/* exFAT: mkfs.exfat on a file of the partition's size, copied in. */
static int build_exfat(struct stk_ctx *ctx, struct shadow *sh,
		       const struct part_layout *pl, const char *label)
{
	struct shadow *part = NULL;
	struct shadow_ranges r = {0};
	uint8_t *buf = NULL;
	size_t i;
	int rc;

	rc = shadow_create(ctx, NULL, pl->size_bytes, &part);
	if (rc)
		return rc;
	{
		const char *argv[] = {"mkfs.exfat", "-n", label, part->path,
				      NULL};

		rc = spawn_run(ctx, argv, NULL, NULL);
	}
	if (!rc)
		rc = shadow_data_ranges(ctx, part, &r);
	buf = malloc(STK_MIB);
	if (!rc && !buf)
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
	for (i = 0; !rc && i < r.n; i++) {
		uint64_t off = r.range[i].off, end = off + r.range[i].len;

		while (off < end && !rc) {
			size_t n = end - off < STK_MIB ? (size_t)(end - off)
						       : STK_MIB;

			rc = shadow_read(ctx, part, buf, n, off);
			if (!rc)
				rc = shadow_write(ctx, sh, buf, n,
						  pl->start_bytes + off);
			off += n;
		}
	}
	free(buf);
	shadow_ranges_free(&r);
	shadow_free(part);
	return rc;
}

/* Sector 0 of a data stick: not active, the file system's type. */
static int fix_entry(struct stk_ctx *ctx, struct shadow *sh,
		     enum stk_restore_fs fs)
{
	uint8_t s0[512];
	int rc;

	rc = shadow_read(ctx, sh, s0, sizeof(s0), 0);
	if (rc)
		return rc;
	memset(s0, 0, MBR_CODE_BYTES);
	s0[MBR_ENTRY1] = 0x00;
	s0[MBR_ENTRY1 + 4] = fs == STK_RESTORE_EXFAT ? 0x07 : 0x0c;
	return shadow_write(ctx, sh, s0, sizeof(s0), 0);
}

/* The map: the shadow's data, the first and last MiB cleared. */
static int make_map(struct stk_ctx *ctx, struct shadow *sh, uint64_t size,
		    struct map **out)
{
	struct shadow_ranges r = {0};
	struct map *map = NULL;
	size_t i;
	int rc;

	rc = map_new(ctx, size, &map);
	if (rc)
		return rc;
	map->shadow_fd = sh->fd;
	rc = shadow_data_ranges(ctx, sh, &r);
	for (i = 0; !rc && i < r.n; i++)
		rc = map_add(ctx, map, r.range[i].off, r.range[i].len,
			     MAP_SRC_SHADOW, r.range[i].off);
	if (!rc)
		rc = map_finish(ctx, map);
	shadow_ranges_free(&r);
	if (rc) {
		map_free(map);
		return rc;
	}
	*out = map;
	return 0;
}

/* The new file system, read back from the stick itself. */
static int check_fs(struct stk_ctx *ctx, struct target *tg,
		    const struct part_layout *pl, enum stk_restore_fs fs,
		    const char *label)
{
	struct fat_reader *fr = NULL;
	uint8_t *b;
	int fd, rc;

	if (fs == STK_RESTORE_EXFAT) {
		b = io_alloc_aligned(4096);
		if (!b)
			return stk_seterr(ctx, -ENOMEM, "out of memory");
		rc = io_pread_full(tg->fd, b, 4096, pl->start_bytes);
		if (!rc && (memcmp(b + 3, "EXFAT   ", 8) || b[510] != 0x55 ||
			    b[511] != 0xaa))
			rc = stk_seterr(
				ctx, -EBADMSG,
				"no exFAT boot sector on '%s' after writing it",
				tg->path);
		else if (rc)
			rc = stk_seterr_errno(ctx, rc, "cannot read '%s' back",
					      tg->path);
		free(b);
		return rc;
	}
	/* the reader's reads are not aligned for O_DIRECT: a second,
	 * buffered descriptor, with what the cache held dropped first */
	fd = open(tg->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return stk_seterr_errno(ctx, -errno, "cannot open '%s' again",
					tg->path);
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	rc = fat_open(ctx, fd, pl->start_bytes, pl->size_bytes, &fr);
	if (!rc &&
	    (fat_reader_type(fr) != 32 || strcmp(fat_reader_label(fr), label)))
		rc = stk_seterr(ctx, -EBADMSG,
				"'%s' does not read back as FAT32 '%s'",
				tg->path, label);
	fat_close(fr);
	close(fd);
	return rc;
}

int stk_restore(struct stk_ctx *ctx, const char *target, enum stk_restore_fs fs,
		const char *label, unsigned flags,
		struct stk_restore_result *res)
{
	struct write_stats ws = {0};
	struct verify_stats vs = {0};
	struct manifest mf = {0};
	struct part_layout pl;
	struct shadow *sh = NULL;
	struct target *tg = NULL;
	struct map *map = NULL;
	unsigned tf = TARGET_WRITE;
	const char *why;
	int rc;

	if (!res)
		return stk_seterr(ctx, -EINVAL, "no result to fill");
	memset(res, 0, sizeof(*res));
	stk_strlcpy(res->state, "untouched", sizeof(res->state));
	if (!ctx || !target)
		return stk_seterr(ctx, -EINVAL, "no target to restore");
	if (!label)
		label = "USB";
	why = fs == STK_RESTORE_FAT32 ? fat_label_check(label) : NULL;
	if (why || strlen(label) > 15)
		return stk_seterr(ctx, -EINVAL, "bad label '%s': %s", label,
				  why ? why : "longer than exFAT's 15");
	tf |= flags & (STK_CHECK_ANY_DEVICE | STK_CHECK_UNMOUNT);

	/* 1. The write rules, the exclusive open. */
	rc = target_open(ctx, target, NULL, tf, 0, &tg);
	if (rc)
		return rc;
	res->size_bytes = tg->size_bytes;

	/* 2. The table and the file system, in a shadow of the stick. */
	rc = shadow_create(ctx, tg->is_blockdev ? NULL : target, tg->size_bytes,
			   &sh);
	if (!rc)
		rc = part_write(ctx, sh, STK_SCHEME_MBR, 0, &pl);
	if (!rc)
		rc = fix_entry(ctx, sh, fs);
	if (!rc)
		rc = fs == STK_RESTORE_EXFAT ? build_exfat(ctx, sh, &pl, label)
					     : build_fat32(ctx, sh, &pl, label);
	if (!rc)
		rc = make_map(ctx, sh, tg->size_bytes, &map);
	if (rc)
		goto out;
	res->part_start_bytes = pl.start_bytes;
	res->part_bytes = pl.size_bytes;

	/* 3. Write, read back, and read the new file system. */
	rc = write_map(ctx, map, tg, &mf, &ws);
	res->bytes_written = ws.bytes_written;
	res->write_s = ws.seconds;
	if (!rc) {
		manifest_sort(&mf);
		rc = verify_manifest(ctx, map, &mf, tg, &vs);
		res->verify_s = vs.seconds;
		res->verify = rc ? STK_VERIFY_MISMATCH : STK_VERIFY_IDENTICAL;
	}
	if (!rc)
		rc = check_fs(ctx, tg, &pl, fs, label);
out:
	if (!rc)
		snprintf(
			res->state, sizeof(res->state),
			"a data stick: one %s partition '%s' from 1 MiB to the end, verified",
			fs == STK_RESTORE_EXFAT ? "exFAT" : "FAT32", label);
	else if (ws.bytes_written)
		snprintf(res->state, sizeof(res->state),
			 "partly restored: run the restore again");
	manifest_clear(&mf);
	map_free(map);
	shadow_free(sh);
	target_close(tg);
	return rc;
}

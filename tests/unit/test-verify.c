// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * test-verify.c - read-back on regular files: identical, one flipped byte
 * named to the sector, several bad sectors counted, a target cut short,
 * and the standalone comparison of an image with a target.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "t.h"
#include "internal.h"
#include "manifest.h"
#include "map.h"
#include "source.h"
#include "target.h"
#include "verify.h"
#include "write.h"

#define MIB ((uint64_t)STK_MIB)

static char dir[64];
static char img_path[128], tgt_path[128];
static uint8_t *img;
static const size_t img_len = 10 * MIB + 4096;

static void setup(void)
{
	uint32_t seed = 99;
	size_t i;
	int fd;

	if (dir[0])
		return;
	snprintf(dir, sizeof(dir), "/tmp/test-verify.XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(img_path, sizeof(img_path), "%s/img", dir);
	snprintf(tgt_path, sizeof(tgt_path), "%s/target", dir);
	img = malloc(img_len);
	for (i = 0; i < img_len; i++) {
		seed = seed * 1103515245 + 12345;
		img[i] = (uint8_t)(seed >> 16);
	}
	fd = open(img_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, img, img_len) != (ssize_t)img_len)
		abort();
	close(fd);
}

struct run {
	struct stk_ctx	*ctx;
	struct source	*src;
	struct target	*tg;
	struct map	*map;
	struct manifest	mf;
	struct write_stats ws;
};

/* Write the image raw to a fresh 16 MiB file target. */
static void write_it(struct run *r)
{
	memset(r, 0, sizeof(*r));
	setup();
	unlink(tgt_path);
	r->ctx = stk_ctx_new();
	T_EQ_INT(source_open(r->ctx, img_path, &r->src), 0);
	T_EQ_INT(target_open(r->ctx, tgt_path, NULL, TARGET_WRITE | TARGET_CREATE,
			     16 * MIB, &r->tg), 0);
	T_EQ_INT(map_new(r->ctx, 16 * MIB, &r->map), 0);
	r->map->stream = r->src;
	T_EQ_INT(map_add(r->ctx, r->map, 0, img_len, MAP_SRC_STREAM, 0), 0);
	T_EQ_INT(map_finish(r->ctx, r->map), 0);
	T_EQ_INT(write_map(r->ctx, r->map, r->tg, &r->mf, &r->ws), 0);
	manifest_sort(&r->mf);
}

static void done(struct run *r)
{
	map_free(r->map);
	target_close(r->tg);
	source_close(r->src);
	manifest_clear(&r->mf);
	stk_ctx_free(r->ctx);
}

static void poke(uint64_t off, uint8_t xor)
{
	uint8_t b;
	int fd = open(tgt_path, O_RDWR);

	if (fd < 0 || pread(fd, &b, 1, (off_t)off) != 1)
		abort();
	b ^= xor;
	if (pwrite(fd, &b, 1, (off_t)off) != 1)
		abort();
	close(fd);
}

static void identical(void)
{
	struct verify_stats vs;
	struct run r;

	write_it(&r);
	T_EQ_INT(verify_manifest(r.ctx, r.map, &r.mf, r.tg, &vs), 0);
	T_EQ_INT(vs.outcome, VERIFY_IDENTICAL);
	T_EQ_U64(vs.bytes_read, img_len + MIB);	/* image + last MiB */
	T_EQ_U64(vs.bad_sectors, 0);
	done(&r);
}

static void flipped_byte_names_sector(void)
{
	uint64_t off = 5 * MIB + 12345;
	struct verify_stats vs;
	struct run r;
	char want[64];

	write_it(&r);
	poke(off, 0x01);
	T_EQ_INT(verify_manifest(r.ctx, r.map, &r.mf, r.tg, &vs), -EBADMSG);
	T_EQ_INT(vs.outcome, VERIFY_MISMATCH);
	T_EQ_U64(vs.first_bad_sector, off / 512);
	T_EQ_U64(vs.bad_sectors, 1);
	snprintf(want, sizeof(want), "first difference at sector %llu",
		 (unsigned long long)(off / 512));
	T_OK(strstr(stk_ctx_errmsg(r.ctx), want) != NULL);
	done(&r);
}

static void several_bad_sectors_counted(void)
{
	struct verify_stats vs;
	struct run r;

	write_it(&r);
	/* in the first MiB (written last), in two chunks, and in a zeroed
	 * edge; two flips in one sector count once */
	poke(1000, 0x80);
	poke(1001, 0x80);
	poke(2 * MIB, 0x02);
	poke(9 * MIB + 511, 0x04);
	poke(15 * MIB + 7, 0x08);
	T_EQ_INT(verify_manifest(r.ctx, r.map, &r.mf, r.tg, &vs), -EBADMSG);
	T_EQ_U64(vs.first_bad_sector, 1);
	T_EQ_U64(vs.bad_sectors, 4);
	done(&r);
}

static void target_cut_short(void)
{
	struct verify_stats vs;
	struct run r;

	write_it(&r);
	T_EQ_INT(truncate(tgt_path, 15 * MIB + 4096), 0);
	T_EQ_INT(verify_manifest(r.ctx, r.map, &r.mf, r.tg, &vs), -EBADMSG);
	T_EQ_U64(vs.first_bad_sector, (15 * MIB + 4096) / 512);
	T_EQ_U64(vs.bad_sectors, (MIB - 4096) / 512);
	done(&r);
}

/* As `stickler verify IMAGE TARGET`: no manifest, the image streamed. */
static int standalone(struct stk_ctx *ctx, struct verify_stats *vs)
{
	struct source *src;
	struct target *tg;
	struct map *map;
	int rc;

	T_EQ_INT(source_open(ctx, img_path, &src), 0);
	T_EQ_INT(target_open(ctx, tgt_path, NULL, 0, 0, &tg), 0);
	T_EQ_INT(map_new(ctx, 0, &map), 0);
	map->stream = src;
	T_EQ_INT(map_add(ctx, map, 0, img_len, MAP_SRC_STREAM, 0), 0);
	T_EQ_INT(map_finish(ctx, map), 0);
	rc = verify_map(ctx, map, tg, vs);
	map_free(map);
	target_close(tg);
	source_close(src);
	return rc;
}

static void standalone_compare(void)
{
	struct verify_stats vs;
	struct run r;

	write_it(&r);
	T_EQ_INT(standalone(r.ctx, &vs), 0);
	T_EQ_U64(vs.bytes_read, img_len);
	/* the cleared edge is not part of the image: a change there passes */
	poke(15 * MIB, 0x01);
	T_EQ_INT(standalone(r.ctx, &vs), 0);
	poke(img_len - 1, 0x10);
	poke(3 * MIB + 4096, 0x10);
	T_EQ_INT(standalone(r.ctx, &vs), -EBADMSG);
	T_EQ_U64(vs.first_bad_sector, (3 * MIB + 4096) / 512);
	T_EQ_U64(vs.bad_sectors, 2);
	/* a target shorter than the image is a difference, not a failure */
	T_EQ_INT(truncate(tgt_path, 2 * MIB), 0);
	T_EQ_INT(standalone(r.ctx, &vs), -EBADMSG);
	T_EQ_INT(vs.outcome, VERIFY_MISMATCH);
	T_OK(strstr(stk_ctx_errmsg(r.ctx), "the target ends at byte 2097152") !=
	     NULL);
	done(&r);
}

static void cleanup(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	T_EQ_INT(system(cmd), 0);
	free(img);
}

T_MAIN(
	T_CASE(identical),
	T_CASE(flipped_byte_names_sector),
	T_CASE(several_bad_sectors_counted),
	T_CASE(target_cut_short),
	T_CASE(standalone_compare),
	T_CASE(cleanup),
)

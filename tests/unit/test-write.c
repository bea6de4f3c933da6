// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * test-write.c - the streaming writer on regular files: content, the
 * first MiB written last, cancel, zero edges, every source kind, images
 * that do not fit, and the buffered fallback where O_DIRECT is refused.
 */
#define _GNU_SOURCE	/* O_DIRECT */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/magic.h>
#include <unistd.h>
#include <zstd.h>

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

static void setup(void)
{
	const char *tmp = getenv("TMPDIR");

	if (dir[0])
		return;
	snprintf(dir, sizeof(dir), "%s/test-write.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		abort();
}

/*
 * Does the file system under dir take O_DIRECT? tmpfs refused it before
 * Linux 6.6, and /tmp may be either: the writer must use it exactly
 * where it is taken.
 */
static bool dir_takes_direct(void)
{
	char p[128];
	int fd;

	snprintf(p, sizeof(p), "%s/direct-probe", dir);
	fd = open(p, O_WRONLY | O_CREAT | O_DIRECT | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
	unlink(p);
	return fd >= 0;
}

static bool dir_is_tmpfs(void)
{
	struct statfs sf;

	return statfs(dir, &sf) == 0 && sf.f_type == TMPFS_MAGIC;
}

static char *path_of(const char *name)
{
	static char p[4][128];
	static int i;

	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static uint8_t *pattern(size_t len, uint32_t seed)
{
	uint8_t *b = malloc(len);
	size_t i;

	for (i = 0; i < len; i++) {
		seed = seed * 1103515245 + 12345;
		b[i] = (uint8_t)(seed >> 16);
	}
	return b;
}

static void put_file(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, buf, len) != (ssize_t)len)
		abort();
	close(fd);
}

static uint8_t *get_file(const char *path, size_t *len)
{
	struct stat st;
	uint8_t *b;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st))
		abort();
	*len = (size_t)st.st_size;
	b = malloc(*len + 1);
	if (read(fd, b, *len) != (ssize_t)*len)
		abort();
	close(fd);
	return b;
}

static bool all_zero(const uint8_t *b, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i])
			return false;
	return true;
}

/* Write image file @img to @tgt raw (map of @size, 0 = grow). */
static int write_raw(struct stk_ctx *ctx, const char *img, const char *tgt,
		     uint64_t size, struct manifest *mf, struct write_stats *ws,
		     struct map **mapp, struct target **tgp, struct source **srcp)
{
	struct source *src;
	struct target *tg;
	struct map *map;
	int rc;

	T_EQ_INT(source_open(ctx, img, &src), 0);
	T_EQ_INT(target_open(ctx, tgt, NULL, TARGET_WRITE | TARGET_CREATE, size,
			     &tg), 0);
	T_EQ_INT(map_new(ctx, size, &map), 0);
	map->stream = src;
	if (source_size_bytes(src))
		T_EQ_INT(map_add(ctx, map, 0, source_size_bytes(src),
				 MAP_SRC_STREAM, 0), 0);
	else
		T_EQ_INT(map_add_open(ctx, map, 0, size ? size : UINT64_MAX / 2),
			 0);
	rc = map_finish(ctx, map);
	if (!rc)
		rc = write_map(ctx, map, tg, mf, ws);
	*mapp = map;
	*tgp = tg;
	*srcp = src;
	return rc;
}

static void close_all(struct map *map, struct target *tg, struct source *src,
		      struct manifest *mf)
{
	map_free(map);
	target_close(tg);
	source_close(src);
	manifest_clear(mf);
}

/* At the SYNC report everything but the first MiB must be on the target. */
struct probe_head {
	const char	*target;
	const uint8_t	*image;
	size_t		image_len;
	bool		checked;
	bool		head_zero;
	bool		rest_ok;
	bool		cancel;
};

static int on_progress(const struct stk_progress *pr, void *data)
{
	struct probe_head *ph = data;
	size_t len;
	uint8_t *b;

	if (pr->phase != STK_PHASE_SYNC || ph->checked)
		return 0;
	ph->checked = true;
	b = get_file(ph->target, &len);
	ph->head_zero = len >= MIB && all_zero(b, MIB);
	ph->rest_ok = len >= ph->image_len &&
		      !memcmp(b + MIB, ph->image + MIB, ph->image_len - MIB);
	free(b);
	return ph->cancel;
}

static void raw_file_with_head_last(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	size_t len = 9 * MIB + 2048, got;
	uint8_t *img = pattern(len, 1), *out;
	struct probe_head ph = { 0 };
	struct manifest mf = { 0 };
	struct write_stats ws;
	struct source *src;
	struct target *tg;
	struct map *map;

	setup();
	put_file(path_of("img"), img, len);
	ph.target = path_of("t1");
	ph.image = img;
	ph.image_len = len;
	stk_ctx_set_progress(ctx, on_progress, &ph);
	T_EQ_INT(write_raw(ctx, path_of("img"), path_of("t1"), 0, &mf, &ws,
			   &map, &tg, &src), 0);
	T_OK(ph.checked);
	T_OK(ph.head_zero);
	T_OK(ph.rest_ok);
	T_OK(ws.head_written);
	T_EQ_U64(ws.bytes_written, len);
	T_EQ_INT(ws.direct, dir_takes_direct());
	out = get_file(path_of("t1"), &got);
	T_EQ_U64(got, len);
	T_OK(!memcmp(out, img, len));
	/* manifest: one chunk for the first MiB, then 4 MiB-aligned ones */
	T_EQ_U64(mf.n, 4);
	manifest_sort(&mf);
	T_EQ_U64(mf.chunk[0].len, MIB);
	T_EQ_U64(mf.chunk[1].off, MIB);
	T_EQ_U64(mf.chunk[1].len, 3 * MIB);
	T_EQ_U64(mf.chunk[3].len, MIB + 2048);
	T_EQ_U64(mf.chunk[2].hash, manifest_hash(img + 4 * MIB, 4 * MIB));
	close_all(map, tg, src, &mf);
	free(out);
	free(img);
	stk_ctx_free(ctx);
}

static void cancel_leaves_head_unwritten(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	size_t len = 6 * MIB, got;
	uint8_t *img = pattern(len, 2), *out;
	struct probe_head ph = { .cancel = true };
	struct manifest mf = { 0 };
	struct write_stats ws;
	struct source *src;
	struct target *tg;
	struct map *map;

	setup();
	put_file(path_of("img2"), img, len);
	ph.target = path_of("t2");
	ph.image = img;
	ph.image_len = len;
	stk_ctx_set_progress(ctx, on_progress, &ph);
	T_EQ_INT(write_raw(ctx, path_of("img2"), path_of("t2"), 0, &mf, &ws,
			   &map, &tg, &src), -ECANCELED);
	T_OK(!ws.head_written);
	T_OK(ws.bytes_written > 0);
	out = get_file(path_of("t2"), &got);
	T_OK(got >= MIB && all_zero(out, MIB));
	close_all(map, tg, src, &mf);
	free(out);
	free(img);
	stk_ctx_free(ctx);
}

static void sized_target_zero_edges(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	size_t len = 300 * 1024, got;
	uint8_t *img = pattern(len, 3), *out, *junk = pattern(16 * MIB, 9);
	struct manifest mf = { 0 };
	struct write_stats ws;
	struct source *src;
	struct target *tg;
	struct map *map;

	setup();
	put_file(path_of("img3"), img, len);
	/* an old "stick" full of junk: its edges must come out zeroed */
	put_file(path_of("t3"), junk, 16 * MIB);
	T_EQ_INT(write_raw(ctx, path_of("img3"), path_of("t3"), 16 * MIB, &mf,
			   &ws, &map, &tg, &src), 0);
	out = get_file(path_of("t3"), &got);
	T_EQ_U64(got, 16 * MIB);
	T_OK(!memcmp(out, img, len));
	T_OK(all_zero(out + len, MIB - len));
	T_OK(!memcmp(out + MIB, junk + MIB, 14 * MIB));	/* not touched */
	T_OK(all_zero(out + 15 * MIB, MIB));
	T_EQ_U64(ws.bytes_written, 2 * MIB);
	close_all(map, tg, src, &mf);
	free(out);
	free(junk);
	free(img);
	stk_ctx_free(ctx);
}

static void every_source_kind(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	uint8_t *iso = pattern(8 * MIB, 4), *shadow = pattern(16 * MIB, 5);
	uint8_t *out;
	struct manifest mf = { 0 };
	struct write_stats ws;
	struct target *tg;
	struct map *map;
	size_t got;
	int ifd, sfd;

	setup();
	put_file(path_of("iso"), iso, 8 * MIB);
	put_file(path_of("shadow"), shadow, 16 * MIB);
	ifd = open(path_of("iso"), O_RDONLY);
	sfd = open(path_of("shadow"), O_RDONLY);
	T_EQ_INT(target_open(ctx, path_of("t4"), NULL, TARGET_WRITE | TARGET_CREATE,
			     16 * MIB, &tg), 0);
	T_EQ_INT(map_new(ctx, 16 * MIB, &map), 0);
	map->file_fd = ifd;
	map->shadow_fd = sfd;
	/* shadow metadata, file data from the ISO out of order, a zero run,
	 * an odd-sized piece (buffered path) */
	T_EQ_INT(map_add(ctx, map, 0, 64 * 1024, MAP_SRC_SHADOW, 0), 0);
	T_EQ_INT(map_add(ctx, map, 2 * MIB, 3 * MIB, MAP_SRC_FILE, 5 * MIB), 0);
	T_EQ_INT(map_add(ctx, map, 5 * MIB, 1000, MAP_SRC_FILE, 100), 0);
	T_EQ_INT(map_add(ctx, map, 6 * MIB, MIB, MAP_SRC_ZERO, 0), 0);
	T_EQ_INT(map_add(ctx, map, 7 * MIB, 4 * MIB, MAP_SRC_SHADOW, 7 * MIB), 0);
	T_EQ_INT(map_finish(ctx, map), 0);
	T_EQ_INT(write_map(ctx, map, tg, &mf, &ws), 0);
	out = get_file(path_of("t4"), &got);
	T_OK(!memcmp(out, shadow, 64 * 1024));
	T_OK(all_zero(out + 64 * 1024, MIB - 64 * 1024));
	T_OK(all_zero(out + MIB, MIB));		/* never mapped: a hole */
	T_OK(!memcmp(out + 2 * MIB, iso + 5 * MIB, 3 * MIB));
	T_OK(!memcmp(out + 5 * MIB, iso + 100, 1000));
	T_OK(all_zero(out + 6 * MIB, MIB));
	T_OK(!memcmp(out + 7 * MIB, shadow + 7 * MIB, 4 * MIB));
	T_OK(all_zero(out + 15 * MIB, MIB));
	/* and the manifest verifies against it */
	{
		struct verify_stats vs;

		manifest_sort(&mf);
		T_EQ_INT(verify_manifest(ctx, map, &mf, tg, &vs), 0);
		T_EQ_INT(vs.outcome, VERIFY_IDENTICAL);
	}
	map_free(map);
	target_close(tg);
	manifest_clear(&mf);
	close(ifd);
	close(sfd);
	free(out);
	free(iso);
	free(shadow);
	stk_ctx_free(ctx);
}

static void compressed_too_big_for_target(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	size_t len = 6 * MIB, zlen;
	uint8_t *img = pattern(len, 6), *z = malloc(len + 65536);
	struct manifest mf = { 0 };
	struct write_stats ws;
	struct source *src;
	struct target *tg;
	struct map *map;
	ZSTD_CCtx *c = ZSTD_createCCtx();

	setup();
	/* streamed without a content size, as `zstd -` writes from a pipe */
	ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 0);
	zlen = ZSTD_compress2(c, z, len + 65536, img, len);
	ZSTD_freeCCtx(c);
	put_file(path_of("img5.zst"), z, zlen);
	T_EQ_INT(write_raw(ctx, path_of("img5.zst"), path_of("t5"), 4 * MIB,
			   &mf, &ws, &map, &tg, &src), -ENOSPC);
	T_OK(strstr(stk_ctx_errmsg(ctx), "larger than the target") != NULL);
	T_OK(!ws.head_written);
	close_all(map, tg, src, &mf);

	/* the same image fits an 8 MiB target: the rest of the last MiB is
	 * zeroed even though the stream's length was not known */
	put_file(path_of("t6"), img, len);	/* junk to overwrite */
	T_EQ_INT(write_raw(ctx, path_of("img5.zst"), path_of("t6"), 8 * MIB,
			   &mf, &ws, &map, &tg, &src), 0);
	{
		size_t got;
		uint8_t *out = get_file(path_of("t6"), &got);

		T_EQ_U64(got, 8 * MIB);
		T_OK(!memcmp(out, img, len));
		T_OK(all_zero(out + 7 * MIB, MIB));
		free(out);
	}
	T_EQ_U64(ws.stream_bytes, len);
	close_all(map, tg, src, &mf);

	/* and a growing file target takes exactly the stream's length */
	T_EQ_INT(write_raw(ctx, path_of("img5.zst"), path_of("t7"), 0, &mf,
			   &ws, &map, &tg, &src), 0);
	{
		struct stat st;

		T_EQ_INT(stat(path_of("t7"), &st), 0);
		T_EQ_U64(st.st_size, len);
	}
	close_all(map, tg, src, &mf);
	free(z);
	free(img);
	stk_ctx_free(ctx);
}

/* Pages of @path in the page cache. */
static size_t resident_pages(const char *path)
{
	size_t len, i, n = 0, pages;
	unsigned char *vec;
	struct stat st;
	void *m;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st))
		abort();
	len = (size_t)st.st_size;
	pages = (len + 4095) / 4096;
	m = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	vec = calloc(pages, 1);
	if (m == MAP_FAILED || mincore(m, len, vec))
		abort();
	for (i = 0; i < pages; i++)
		n += vec[i] & 1;
	munmap(m, len);
	free(vec);
	close(fd);
	return n;
}

static void buffered_fallback(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	size_t len = 40 * MIB + 512, got;
	uint8_t *img = pattern(len, 7), *out;
	struct manifest mf = { 0 };
	struct write_stats ws;
	struct verify_stats vs;
	struct source *src;
	struct target *tg;
	struct map *map;

	setup();
	put_file(path_of("img8"), img, len);
	/* as on a file system that refuses O_DIRECT */
	setenv("STICKLER_NO_DIRECT", "1", 1);
	T_EQ_INT(write_raw(ctx, path_of("img8"), path_of("t8"), 0, &mf, &ws,
			   &map, &tg, &src), 0);
	unsetenv("STICKLER_NO_DIRECT");
	T_OK(!ws.direct);
	/*
	 * Synced and dropped as it went: the cache does not hold the image.
	 * On tmpfs the cache is the storage, so there is nothing to drop.
	 */
	got = dir_is_tmpfs() ? 0 : resident_pages(path_of("t8"));
	if (got > 1024)
		T_FAIL_AT("%zu of %zu pages still cached", got, len / 4096);
	manifest_sort(&mf);
	T_EQ_INT(verify_manifest(ctx, map, &mf, tg, &vs), 0);
	T_EQ_U64(vs.bytes_read, len);
	out = get_file(path_of("t8"), &got);
	T_EQ_U64(got, len);
	T_OK(!memcmp(out, img, len));
	close_all(map, tg, src, &mf);
	free(out);
	free(img);
	stk_ctx_free(ctx);
}

static void missing_source_file_data(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	struct manifest mf = { 0 };
	struct write_stats ws;
	struct target *tg;
	struct map *map;
	uint8_t *iso = pattern(MIB, 8);
	int ifd;

	setup();
	put_file(path_of("iso9"), iso, MIB);
	ifd = open(path_of("iso9"), O_RDONLY);
	T_EQ_INT(target_open(ctx, path_of("t9"), NULL, TARGET_WRITE | TARGET_CREATE,
			     8 * MIB, &tg), 0);
	T_EQ_INT(map_new(ctx, 8 * MIB, &map), 0);
	map->file_fd = ifd;
	T_EQ_INT(map_add(ctx, map, 2 * MIB, 2 * MIB, MAP_SRC_FILE, 0), 0);
	T_EQ_INT(map_finish(ctx, map), 0);
	T_EQ_INT(write_map(ctx, map, tg, &mf, &ws), -EINVAL);
	T_OK(strstr(stk_ctx_errmsg(ctx), "ends before") != NULL);
	T_OK(!ws.head_written);
	map_free(map);
	target_close(tg);
	manifest_clear(&mf);
	close(ifd);
	free(iso);
	stk_ctx_free(ctx);
}

static void cleanup(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	T_EQ_INT(system(cmd), 0);
}

T_MAIN(
	T_CASE(raw_file_with_head_last),
	T_CASE(cancel_leaves_head_unwritten),
	T_CASE(sized_target_zero_edges),
	T_CASE(every_source_kind),
	T_CASE(compressed_too_big_for_target),
	T_CASE(buffered_fallback),
	T_CASE(missing_source_file_data),
	T_CASE(cleanup),
)

// SPDX-License-Identifier: GPL-3.0-or-later
/* test-fat.c - the FAT32 builder: geometry, FAT chains, directories,
 * collisions, regions, errors; read back through fatread.c. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "t.h"
#include "internal.h"
#include "fat.h"
#include "fatint.h"
#include "fatname.h"
#include "fatread.h"

#define PART_OFF	(1024ull * 1024)
#define PART_SIZE	(64ull << 20)

static struct stk_ctx *ctx;

static int temp_fd(void)
{
	char path[] = "/tmp/stk-test-fat.XXXXXX";
	int fd = mkstemp(path);

	if (fd >= 0) {
		unlink(path);
		if (ftruncate(fd, (off_t)(PART_OFF + PART_SIZE)))
			T_FAIL_AT("%s", "cannot size the temp file");
	}
	return fd;
}

static struct fat_params params(void)
{
	struct fat_params p = {
		.part_offset_bytes = PART_OFF,
		.part_size_bytes = PART_SIZE,
		.label = "UNITTEST",
		.serial = 0xdeadbeef,
		.mtime = 1700000000,
	};

	return p;
}

static int add_file(struct fat_tree *t, struct fat_node *dir,
		    const char *name, uint64_t size, uint64_t order,
		    const void *data)
{
	struct fat_file_spec s = {
		.name = name,
		.size_bytes = size,
		.mtime = 1700000000,
		.order = order,
		.data = data,
		.opaque = (void *)name,
	};

	return fat_tree_add_file(ctx, t, dir, &s, NULL);
}

static uint32_t fat_entry(int fd, const struct fat_layout *l, int copy,
			  uint32_t c)
{
	uint8_t b[4];
	uint64_t off = PART_OFF + (uint64_t)l->reserved_sectors * 512 +
		       (uint64_t)copy * l->fat_sectors * 512 + c * 4ull;

	if (io_pread_full(fd, b, 4, off))
		return 0xdeadbeef;
	return get_le32(b);
}

static uint32_t cluster_of(uint64_t off, const struct fat_layout *l)
{
	return (uint32_t)((off - l->data_offset_bytes) / l->cluster_bytes) + 2;
}

static void geometry_is_aligned_and_counted(void)
{
	struct fat_params p = params();
	struct fat_layout *l = NULL;
	struct fat_tree *t = NULL;
	uint8_t bs[512], bk[512], fsi[512];
	uint32_t c, free_count = 0;
	int fd = temp_fd();

	T_EQ_INT(fat_tree_new(ctx, &t), 0);
	T_EQ_INT(add_file(t, fat_tree_root(t), "a.bin", 5000, 1, NULL), 0);
	T_EQ_INT(fat_build(ctx, t, &p, fd, &l), 0);
	if (!l)
		goto out;
	T_EQ_U64((l->data_offset_bytes - PART_OFF) % (1024 * 1024), 0);
	T_EQ_INT(l->cluster_bytes, 512);
	T_OK(l->n_clusters >= FAT_MIN_CLUSTERS);
	T_OK((uint64_t)l->fat_sectors * 512 >= (l->n_clusters + 2ull) * 4);
	T_OK(l->data_offset_bytes + (uint64_t)l->n_clusters * 512 <=
	     PART_OFF + PART_SIZE);
	T_EQ_INT(io_pread_full(fd, bs, 512, PART_OFF), 0);
	T_EQ_INT(io_pread_full(fd, fsi, 512, PART_OFF + 512), 0);
	T_EQ_INT(io_pread_full(fd, bk, 512, PART_OFF + 6 * 512), 0);
	T_OK(!memcmp(bs, bk, 512));
	T_EQ_INT(bs[510], 0x55);
	T_EQ_INT(bs[511], 0xaa);
	T_EQ_INT(get_le16(bs + 14), l->reserved_sectors);
	T_EQ_INT(get_le32(bs + 28), PART_OFF / 512);
	T_EQ_INT(get_le32(bs + 32), PART_SIZE / 512);
	T_EQ_INT(get_le32(bs + 67), 0xdeadbeef);
	T_OK(!memcmp(bs + 71, "UNITTEST   FAT32   ", 19));
	T_EQ_INT(get_le32(fsi), 0x41615252);
	/* FSInfo free count and hint agree with the FAT itself */
	for (c = 2; c < l->n_clusters + 2; c++)
		free_count += fat_entry(fd, l, 0, c) == 0;
	T_EQ_INT(get_le32(fsi + 488), free_count);
	T_EQ_INT(l->free_clusters, free_count);
	T_EQ_INT(get_le32(fsi + 492), l->next_free_cluster);
	T_EQ_INT(fat_entry(fd, l, 0, l->next_free_cluster), 0);
	T_EQ_INT(fat_entry(fd, l, 0, l->next_free_cluster - 1), FAT32_EOC);
out:
	fat_layout_free(l);
	fat_tree_free(t);
	close(fd);
}

static void files_are_contiguous_chains_in_order(void)
{
	struct fat_params p = params();
	struct fat_layout *l = NULL;
	struct fat_tree *t = NULL;
	struct fat_node *d = NULL;
	uint32_t c0, c;
	int fd = temp_fd();

	T_EQ_INT(fat_tree_new(ctx, &t), 0);
	T_EQ_INT(fat_tree_add_dir(ctx, t, fat_tree_root(t), "d", 0, &d), 0);
	/* added out of order; laid out by `order` */
	T_EQ_INT(add_file(t, d, "third", 1, 30, NULL), 0);
	T_EQ_INT(add_file(t, fat_tree_root(t), "first", 1500, 10, NULL), 0);
	T_EQ_INT(add_file(t, d, "empty", 0, 5, NULL), 0);
	T_EQ_INT(add_file(t, d, "second", 512, 20, NULL), 0);
	T_EQ_INT(fat_build(ctx, t, &p, fd, &l), 0);
	if (!l)
		goto out;
	T_EQ_INT(l->n_files, 3);	/* the empty file has no extent */
	T_EQ_STR(l->files[0].opaque, "first");
	T_EQ_STR(l->files[1].opaque, "second");
	T_EQ_STR(l->files[2].opaque, "third");
	T_EQ_U64(l->files[1].offset_bytes, l->files[0].offset_bytes + 1536);
	T_EQ_U64(l->files[2].offset_bytes, l->files[1].offset_bytes + 512);
	c0 = cluster_of(l->files[0].offset_bytes, l);
	T_EQ_INT(c0, 4);	/* after the root and "d" */
	for (c = c0; c < c0 + 2; c++)
		T_EQ_INT(fat_entry(fd, l, 0, c), c + 1);
	T_EQ_INT(fat_entry(fd, l, 0, c0 + 2), FAT32_EOC);
	T_EQ_INT(fat_entry(fd, l, 1, c0 + 2), FAT32_EOC);
	T_EQ_INT(fat_entry(fd, l, 0, c0 + 3), FAT32_EOC);
	T_EQ_INT(fat_entry(fd, l, 0, c0 + 4), FAT32_EOC);
	T_EQ_INT(fat_entry(fd, l, 0, c0 + 5), 0);
	T_EQ_INT(fat_entry(fd, l, 0, 2), FAT32_EOC);
	T_EQ_INT(fat_entry(fd, l, 0, 0), 0x0ffffff8);
out:
	fat_layout_free(l);
	fat_tree_free(t);
	close(fd);
}

static int count_entry(const struct fat_dirent *e, void *data)
{
	(*(int *)data)++;
	return 0;
}

static void big_directories_span_clusters(void)
{
	struct fat_params p = params();
	struct fat_layout *l = NULL;
	struct fat_reader *fr = NULL;
	struct fat_tree *t = NULL;
	struct fat_node *d = NULL;
	struct fat_dirent de;
	char name[64];
	int i, n = 0, fd = temp_fd();

	T_EQ_INT(fat_tree_new(ctx, &t), 0);
	T_EQ_INT(fat_tree_add_dir(ctx, t, fat_tree_root(t), "many", 0, &d), 0);
	for (i = 0; i < 500; i++) {
		snprintf(name, sizeof(name), "entry number %d.dat", i);
		T_EQ_INT(add_file(t, d, name, 1, (uint64_t)i, NULL), 0);
	}
	T_EQ_INT(fat_build(ctx, t, &p, fd, &l), 0);
	if (!l)
		goto out;
	/* 2 dot entries + 500 * (2 LFN + 1 short) = 1502 slots, 94 clusters */
	T_EQ_INT(d->n_entries, 1502);
	T_EQ_INT(d->n_clusters, (1502 * 32 + 511) / 512);
	T_EQ_INT(fat_entry(fd, l, 0, d->first_cluster), d->first_cluster + 1);
	T_EQ_INT(fat_entry(fd, l, 0, d->first_cluster + d->n_clusters - 1),
		 FAT32_EOC);
	T_EQ_INT(fat_open(ctx, fd, PART_OFF, PART_SIZE, &fr), 0);
	if (!fr)
		goto out;
	T_EQ_INT(fat_list(ctx, fr, "/many", count_entry, &n), 0);
	T_EQ_INT(n, 500);
	T_EQ_INT(fat_stat(ctx, fr, "MANY/Entry Number 499.DAT", &de), 0);
	T_EQ_STR(de.name, "entry number 499.dat");
	T_EQ_STR(de.short_name, "ENTR~500.DAT");
	T_EQ_STR(fat_reader_label(fr), "UNITTEST");
	T_EQ_INT(fat_reader_type(fr), 32);
out:
	fat_close(fr);
	fat_layout_free(l);
	fat_tree_free(t);
	close(fd);
}

static void short_name_collisions_count_up(void)
{
	struct fat_params p = params();
	struct fat_layout *l = NULL;
	struct fat_tree *t = NULL;
	struct fat_node *root, *c;
	char name[64], s[12] = { 0 };
	int i;

	T_EQ_INT(fat_tree_new(ctx, &t), 0);
	root = fat_tree_root(t);
	/* an exact 8.3 name keeps its short name even when added last */
	for (i = 1; i <= 12; i++) {
		snprintf(name, sizeof(name), "Long Name %d.txt", i);
		T_EQ_INT(add_file(t, root, name, 0, 0, NULL), 0);
	}
	T_EQ_INT(add_file(t, root, "LONGNA~1.TXT", 0, 0, NULL), 0);
	T_EQ_INT(add_file(t, root, "Mixed.Txt", 0, 0, NULL), 0);
	T_EQ_INT(add_file(t, root, "mixed.t", 0, 0, NULL), 0);
	T_EQ_INT(fat_build(ctx, t, &p, -1, &l), 0);
	c = root->first_child;
	memcpy(s, c->sfn, 11);
	T_EQ_STR(s, "LONGNA~2TXT");	/* ~1 was taken by the exact name */
	for (i = 1; i < 9; i++)
		c = c->next;
	memcpy(s, c->sfn, 11);
	T_EQ_STR(s, "LONGN~10TXT");
	for (; c->next->next->next; c = c->next)
		;
	memcpy(s, c->sfn, 11);
	T_EQ_STR(s, "LONGNA~1TXT");
	T_OK(!c->lfn);
	memcpy(s, c->next->sfn, 11);
	T_EQ_STR(s, "MIXED   TXT");
	T_OK(c->next->lfn);
	memcpy(s, c->next->next->sfn, 11);
	T_EQ_STR(s, "MIXED   T  ");
	T_EQ_INT(c->next->next->case_bits, FATNAME_LOWER_BASE |
		 FATNAME_LOWER_EXT);
	fat_layout_free(l);
	fat_tree_free(t);
}

static void in_memory_files_land_in_the_shadow(void)
{
	static const char cfg[] = "DEFAULT linux\n";
	struct fat_params p = params();
	struct fat_layout *l = NULL;
	struct fat_reader *fr = NULL;
	struct fat_tree *t = NULL;
	uint8_t *data = NULL;
	size_t len = 0, i;
	int fd = temp_fd(), data_regions = 0;

	T_EQ_INT(fat_tree_new(ctx, &t), 0);
	T_EQ_INT(add_file(t, fat_tree_root(t), "syslinux.cfg",
			  sizeof(cfg) - 1, 99, cfg), 0);
	T_EQ_INT(fat_build(ctx, t, &p, fd, &l), 0);
	if (!l)
		goto out;
	T_EQ_INT(l->n_files, 0);
	for (i = 0; i < l->n_regions; i++)
		data_regions += l->regions[i].kind == FAT_REGION_DATA;
	T_EQ_INT(data_regions, 1);
	T_EQ_INT(fat_open(ctx, fd, PART_OFF, 0, &fr), 0);
	if (fr)
		T_EQ_INT(fat_read_file(ctx, fr, "/SYSLINUX.CFG", &data, &len),
			 0);
	T_EQ_INT(len, sizeof(cfg) - 1);
	T_OK(data && !memcmp(data, cfg, len));
out:
	free(data);
	fat_close(fr);
	fat_layout_free(l);
	fat_tree_free(t);
	close(fd);
}

static void regions_cover_all_metadata(void)
{
	struct fat_params p = params();
	struct fat_layout *l = NULL;
	struct fat_tree *t = NULL;
	uint64_t end = PART_OFF;
	size_t i;

	T_EQ_INT(fat_tree_new(ctx, &t), 0);
	T_EQ_INT(add_file(t, fat_tree_root(t), "big", 1 << 20, 0, NULL), 0);
	T_EQ_INT(fat_build(ctx, t, &p, -1, &l), 0);
	if (!l)
		goto out;
	/* reserved, FATs and directories follow each other from the
	 * partition start to the first file, with no gap */
	for (i = 0; i < l->n_regions; i++) {
		T_EQ_U64(l->regions[i].offset_bytes, end);
		end += l->regions[i].length_bytes;
	}
	T_EQ_U64(end, l->files[0].offset_bytes);
	T_EQ_INT(l->regions[0].kind, FAT_REGION_RESERVED);
	T_EQ_INT(l->regions[l->n_regions - 1].kind, FAT_REGION_DIR);
out:
	fat_layout_free(l);
	fat_tree_free(t);
}

static void errors_name_the_cause(void)
{
	struct fat_params p = params();
	struct fat_layout *l = NULL;
	struct fat_tree *t = NULL;
	struct fat_node *root;

	T_EQ_INT(fat_tree_new(ctx, &t), 0);
	root = fat_tree_root(t);
	T_EQ_INT(add_file(t, root, "what?.txt", 1, 0, NULL), -EINVAL);
	T_OK(strstr(stk_ctx_errmsg(ctx), "'what?.txt'") != NULL);
	T_EQ_INT(add_file(t, root, "Foo", 1, 0, NULL), 0);
	T_EQ_INT(add_file(t, root, "FOO", 1, 0, NULL), -EEXIST);
	T_OK(strstr(stk_ctx_errmsg(ctx), "'Foo'") != NULL);
	T_EQ_INT(add_file(t, root, "huge.iso", 4ull << 30, 0, NULL), -ENOTSUP);
	T_OK(fat_tree_lookup(root, "fOO") != NULL);
	T_OK(fat_tree_lookup(root, "bar") == NULL);
	/* does not fit */
	T_EQ_INT(add_file(t, root, "fat.bin", 70ull << 20, 0, NULL), 0);
	T_EQ_INT(fat_build(ctx, t, &p, -1, &l), -ENOSPC);
	T_OK(l == NULL);
	/* too small for FAT32 */
	p.part_size_bytes = 32ull << 20;
	T_EQ_INT(fat_build(ctx, t, &p, -1, &l), -EINVAL);
	T_EQ_STR(stk_ctx_errmsg(ctx), "a partition of 32 MiB is too small for FAT32 with 512-byte clusters (it needs 33 MiB)");
	p.part_size_bytes = 33ull << 20;
	p.cluster_bytes = 512;
	T_EQ_INT(fat_build(ctx, t, &p, -1, &l), -ENOSPC); /* FAT32, small */
	p.sector_bytes = 4096;
	p.cluster_bytes = 0;
	p.part_size_bytes = 256ull << 20;
	T_EQ_INT(fat_build(ctx, t, &p, -1, &l), -EINVAL);
	T_EQ_STR(stk_ctx_errmsg(ctx), "a partition of 256 MiB is too small for FAT32 with 4096-byte clusters (it needs 257 MiB)");
	p.part_size_bytes = 257ull << 20;	/* enough, and 70 MiB fit */
	T_EQ_INT(fat_build(ctx, t, &p, -1, &l), 0);
	fat_layout_free(l);
	l = NULL;
	p.sector_bytes = 512;
	p.part_size_bytes = 200ull << 20;
	p.cluster_bytes = 4096;	/* 51k clusters: FAT16 territory */
	T_EQ_INT(fat_build(ctx, t, &p, -1, &l), -EINVAL);
	T_OK(strstr(stk_ctx_errmsg(ctx), "too small for FAT32") != NULL);
	p = params();
	p.label = "lower";
	T_EQ_INT(fat_build(ctx, t, &p, -1, &l), -EINVAL);
	T_OK(strstr(stk_ctx_errmsg(ctx), "label") != NULL);
	fat_tree_free(t);
}

static void directories_hold_at_most_65536_entries(void)
{
	struct fat_params p = params();
	struct fat_layout *l = NULL;
	struct fat_tree *t = NULL;
	struct fat_node *d = NULL;
	char name[64];
	int i;

	T_EQ_INT(fat_tree_new(ctx, &t), 0);
	T_EQ_INT(fat_tree_add_dir(ctx, t, fat_tree_root(t), "d", 0, &d), 0);
	/* 2 + 16383 * (2 LFN + 1) = 49151 slots: fits */
	for (i = 0; i < 16383; i++) {
		snprintf(name, sizeof(name), "file number %05d.dat", i);
		T_EQ_INT(add_file(t, d, name, 0, 0, NULL), 0);
	}
	T_EQ_INT(fat_build(ctx, t, &p, -1, &l), 0);
	fat_layout_free(l);
	l = NULL;
	/* 5462 more: 65537 slots */
	for (i = 16383; i < 16383 + 5462; i++) {
		snprintf(name, sizeof(name), "file number %05d.dat", i);
		T_EQ_INT(add_file(t, d, name, 0, 0, NULL), 0);
	}
	T_EQ_INT(fat_build(ctx, t, &p, -1, &l), -ENOSPC);
	T_OK(strstr(stk_ctx_errmsg(ctx), "'d' needs 65537 entries") != NULL);
	fat_tree_free(t);
}

/* A FAT that loops or points outside the volume gives an error, not a
 * hang or a read past the end. */
static void reader_refuses_broken_chains(void)
{
	static const uint8_t data[2000] = { 1, 2, 3 };
	struct fat_params p = params();
	struct fat_layout *l = NULL;
	struct fat_reader *fr = NULL;
	struct fat_tree *t = NULL;
	struct fat_node *f = NULL;
	uint8_t *buf = NULL, b[4];
	uint64_t fat0;
	size_t len;
	int fd = temp_fd();

	T_EQ_INT(fat_tree_new(ctx, &t), 0);
	T_EQ_INT(add_file(t, fat_tree_root(t), "f", sizeof(data), 0, data),
		 0);
	T_EQ_INT(fat_build(ctx, t, &p, fd, &l), 0);
	if (!l)
		goto out;
	f = fat_tree_root(t)->first_child;
	fat0 = PART_OFF + (uint64_t)l->reserved_sectors * 512;
	/* the file's second cluster points back at its first */
	put_le32(b, f->first_cluster);
	T_EQ_INT(io_pwrite_full(fd, b, 4, fat0 + (f->first_cluster + 1) * 4),
		 0);
	T_EQ_INT(fat_open(ctx, fd, PART_OFF, 0, &fr), 0);
	if (!fr)
		goto out;
	/* a loop shorter than the file must not repeat clusters as data */
	T_EQ_INT(fat_read_file(ctx, fr, "f", &buf, &len), -EINVAL);
	T_OK(strstr(stk_ctx_errmsg(ctx), "loops back to cluster") != NULL);
	free(buf);
	buf = NULL;
	/* the root directory loops on itself */
	put_le32(b, 2);
	T_EQ_INT(io_pwrite_full(fd, b, 4, fat0 + 2 * 4), 0);
	fat_close(fr);
	fr = NULL;
	T_EQ_INT(fat_open(ctx, fd, PART_OFF, 0, &fr), -EINVAL);
	T_OK(strstr(stk_ctx_errmsg(ctx), "loops back to cluster 2") != NULL);
	/* a chain into cluster 1 */
	put_le32(b, 1);
	T_EQ_INT(io_pwrite_full(fd, b, 4, fat0 + 2 * 4), 0);
	T_EQ_INT(fat_open(ctx, fd, PART_OFF, 0, &fr), -EINVAL);
	T_OK(strstr(stk_ctx_errmsg(ctx), "bad cluster 1") != NULL);
	/* the file's chain ends early */
	put_le32(b, FAT32_EOC);
	T_EQ_INT(io_pwrite_full(fd, b, 4, fat0 + 2 * 4), 0);
	T_EQ_INT(io_pwrite_full(fd, b, 4, fat0 + f->first_cluster * 4), 0);
	T_EQ_INT(fat_open(ctx, fd, PART_OFF, 0, &fr), 0);
	if (fr)
		T_EQ_INT(fat_read_file(ctx, fr, "f", &buf, &len), -EINVAL);
	T_OK(strstr(stk_ctx_errmsg(ctx), "shorter than the file") != NULL);
out:
	free(buf);
	fat_close(fr);
	fat_layout_free(l);
	fat_tree_free(t);
	close(fd);
}

static int count_long_name(const struct fat_dirent *e, void *data)
{
	int *n = data;

	if (!strcmp(e->name, "Long File Name Here.txt"))
		n[0]++;
	if (!strcmp(e->name, "B.TXT"))
		n[1]++;
	return 0;
}

/*
 * A long-name head claiming more than 20 parts is dropped; the short entry
 * after it must not take the long name left over from the entry before.
 */
static void reader_drops_oversized_long_names(void)
{
	static const char a[] = "Long File Name Here.txt";
	struct fat_params p = params();
	struct fat_layout *l = NULL;
	struct fat_reader *fr = NULL;
	struct fat_tree *t = NULL;
	uint8_t root[4096], *e = NULL;
	int fd = temp_fd(), n[2] = { 0, 0 };
	size_t i;

	T_EQ_INT(fat_tree_new(ctx, &t), 0);
	T_EQ_INT(add_file(t, fat_tree_root(t), a, 5, 0, "aaaaa"), 0);
	T_EQ_INT(add_file(t, fat_tree_root(t), "B.TXT", 5, 1, "bbbbb"), 0);
	T_EQ_INT(fat_build(ctx, t, &p, fd, &l), 0);
	if (!l)
		goto out;
	T_EQ_INT(io_pread_full(fd, root, sizeof(root), l->data_offset_bytes),
		 0);
	for (i = 0; i + 64 <= sizeof(root); i += 32)
		if (!memcmp(root + i, "B       TXT", 11))
			e = root + i;
	T_OK(e && e[32] == 0);
	if (!e || e[32])
		goto out;
	/* B's entry moves down one; a 30-part long-name head takes its place */
	memcpy(e + 32, e, 32);
	memset(e, 'x', 32);
	e[0] = 0x40 | 30;
	e[11] = FAT_ATTR_LFN;
	e[12] = 0;
	e[13] = fatname_checksum(e + 32);
	put_le16(e + 26, 0);
	T_EQ_INT(io_pwrite_full(fd, root, sizeof(root), l->data_offset_bytes),
		 0);
	T_EQ_INT(fat_open(ctx, fd, PART_OFF, 0, &fr), 0);
	if (fr)
		T_EQ_INT(fat_list(ctx, fr, "/", count_long_name, n), 0);
	T_EQ_INT(n[0], 1);
	T_EQ_INT(n[1], 1);
out:
	fat_close(fr);
	fat_layout_free(l);
	fat_tree_free(t);
	close(fd);
}

static void planning_then_building_gives_one_layout(void)
{
	struct fat_params p = params();
	struct fat_layout *a = NULL, *b = NULL;
	struct fat_tree *t = NULL;
	int fd = temp_fd();
	size_t i;

	T_EQ_INT(fat_tree_new(ctx, &t), 0);
	T_EQ_INT(add_file(t, fat_tree_root(t), "a long name.txt", 9000, 2,
			  NULL), 0);
	T_EQ_INT(add_file(t, fat_tree_root(t), "a long name 2.txt", 0, 1,
			  NULL), 0);
	T_EQ_INT(add_file(t, fat_tree_root(t), "b", 1, 0, NULL), 0);
	T_EQ_INT(fat_build(ctx, t, &p, -1, &a), 0);
	T_EQ_INT(fat_build(ctx, t, &p, fd, &b), 0);
	if (a && b) {
		T_EQ_INT(a->n_files, 2);
		T_EQ_INT(b->n_files, 2);
		T_EQ_INT(a->n_regions, b->n_regions);
		for (i = 0; i < 2; i++) {
			T_EQ_U64(a->files[i].offset_bytes,
				 b->files[i].offset_bytes);
			T_OK(a->files[i].opaque == b->files[i].opaque);
		}
		for (i = 0; i < a->n_regions && i < b->n_regions; i++) {
			T_EQ_U64(a->regions[i].offset_bytes,
				 b->regions[i].offset_bytes);
			T_EQ_U64(a->regions[i].length_bytes,
				 b->regions[i].length_bytes);
		}
		T_EQ_INT(a->next_free_cluster, b->next_free_cluster);
	}
	fat_layout_free(a);
	fat_layout_free(b);
	fat_tree_free(t);
	close(fd);
}

/* The bytes of a directory with one long name, against fatgen103 §7. */
static void lfn_entries_are_laid_out_as_the_spec_says(void)
{
	static const char name[] = "Long File Name Here.txt";	/* 23 units */
	struct fat_params p = params();
	struct fat_layout *l = NULL;
	struct fat_tree *t = NULL;
	struct fat_node *f, *root;
	struct fat_geom g;
	uint8_t buf[512], *e;
	int i;

	T_EQ_INT(fat_tree_new(ctx, &t), 0);
	root = fat_tree_root(t);
	T_EQ_INT(add_file(t, root, name, 70000, 0, NULL), 0);
	T_EQ_INT(fat_build(ctx, t, &p, -1, &l), 0);
	T_EQ_INT(fatlayout_geometry(ctx, &p, &g), 0);
	f = root->first_child;
	T_EQ_INT(root->n_entries, 4);	/* label, 2 LFN, 1 short */
	memset(buf, 0xcc, sizeof(buf));
	fatlayout_dir(&g, root, buf);
	T_OK(!memcmp(buf, "UNITTEST   \x08", 12));
	e = buf + 32;				/* last LFN part first */
	T_EQ_INT(e[0], 0x42);
	T_EQ_INT(e[11], 0x0f);
	T_EQ_INT(e[12], 0);
	T_EQ_INT(e[13], fatname_checksum((const uint8_t *)"LONGFI~1TXT"));
	T_EQ_INT(get_le16(e + 26), 0);
	/* units 13..22 are "e Here.txt", then 0x0000, then 0xffff */
	T_EQ_INT(get_le16(e + 1), 'e');		/* unit 13, name1[0] */
	T_EQ_INT(get_le16(e + 14), 'e');	/* unit 18, name2[0] */
	T_EQ_INT(get_le16(e + 22), 't');	/* unit 22, name2[4] */
	T_EQ_INT(get_le16(e + 24), 0x0000);	/* unit 23: terminator */
	T_EQ_INT(get_le16(e + 28), 0xffff);	/* units 24, 25: padding */
	T_EQ_INT(get_le16(e + 30), 0xffff);
	e = buf + 64;
	T_EQ_INT(e[0], 0x01);
	T_EQ_INT(e[13], e[13 - 32]);
	for (i = 0; i < 5; i++)
		T_EQ_INT(get_le16(e + 1 + 2 * i), (uint8_t)name[i]);
	T_EQ_INT(get_le16(e + 28), 'a');	/* unit 11, name3[0] */
	T_EQ_INT(get_le16(e + 30), 'm');	/* unit 12, name3[1] */
	e = buf + 96;
	T_OK(!memcmp(e, "LONGFI~1TXT", 11));
	T_EQ_INT(e[11], 0x20);
	T_EQ_INT(e[12], 0);
	T_EQ_INT(get_le16(e + 20) << 16 | get_le16(e + 26), f->first_cluster);
	T_EQ_INT(get_le32(e + 28), 70000);
	T_EQ_INT(buf[128], 0);			/* the rest is free */
	fat_layout_free(l);
	fat_tree_free(t);
}

static void fat_times_pack_utc(void)
{
	uint16_t date, tm;

	fatlayout_time(1700000000, &date, &tm);	/* 2023-11-14 22:13:20 */
	T_EQ_INT(date, (43 << 9) | (11 << 5) | 14);
	T_EQ_INT(tm, (22 << 11) | (13 << 5) | 10);
	fatlayout_time(0, &date, &tm);
	T_EQ_INT(date, (0 << 9) | (1 << 5) | 1);
}

static void setup(void)
{
	ctx = stk_ctx_new();
}

T_MAIN(
	T_CASE(setup),
	T_CASE(geometry_is_aligned_and_counted),
	T_CASE(files_are_contiguous_chains_in_order),
	T_CASE(big_directories_span_clusters),
	T_CASE(short_name_collisions_count_up),
	T_CASE(in_memory_files_land_in_the_shadow),
	T_CASE(regions_cover_all_metadata),
	T_CASE(errors_name_the_cause),
	T_CASE(directories_hold_at_most_65536_entries),
	T_CASE(reader_refuses_broken_chains),
	T_CASE(reader_drops_oversized_long_names),
	T_CASE(planning_then_building_gives_one_layout),
	T_CASE(lfn_entries_are_laid_out_as_the_spec_says),
	T_CASE(fat_times_pack_utc),
)

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * fuzz-fatread.c - libFuzzer target: the FAT reader on untrusted bytes
 * (an El Torito EFI image, a stick read back): open, walk every directory
 * with loop detection as the tree check does, read every file. The corpus
 * is replayed by tests/tools/stk-fuzzfat.c in every build (t164).
 */
#include <stdlib.h>

#include "fatread.h"

struct mem {
	const uint8_t *data;
	size_t size;
};

static struct stk_ctx *fz_ctx;

static int mem_read(struct stk_ctx *ctx, void *data, void *buf, size_t len,
		    uint64_t off)
{
	const struct mem *m = data;

	if (off > m->size || len > m->size - off)
		return -EINVAL;
	memcpy(buf, m->data + off, len);
	return 0;
}

static int fz_run(uint64_t off, uint64_t len, void *data)
{
	const struct mem *m = data;

	/* a run the reader hands out lies inside what was read */
	if (off > m->size || len > m->size - off)
		__builtin_trap();
	return 0;
}

struct fz_walk {
	const struct mem *m;
	struct fat_reader *fr;
	uint32_t seen[64];
	int n_seen;
	int files;
};

static int fz_entry(const struct fat_dirent *e, void *data)
{
	struct fz_walk *w = data;
	uint8_t *used;
	int i;

	if (++w->files > 4096)
		return 1;
	if (!e->is_dir) {
		used = calloc(fat_reader_map_bytes(w->fr), 1);
		if (used)
			fat_chain_runs(fz_ctx, w->fr, e->first_cluster,
				       e->size_bytes, used, fz_run,
				       (void *)w->m);
		free(used);
		return 0;
	}
	for (i = 0; i < w->n_seen; i++)
		if (w->seen[i] == e->first_cluster)
			return 0;
	if (w->n_seen == 64)
		return 0;
	w->seen[w->n_seen++] = e->first_cluster;
	return fat_list_cluster(fz_ctx, w->fr, e->first_cluster, fz_entry, w) < 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem m = {.data = data, .size = size};
	struct fz_walk w = {.m = &m};
	uint8_t *file = NULL;
	size_t len;

	if (!fz_ctx)
		fz_ctx = stk_ctx_new();
	if (fat_open_fn(fz_ctx, mem_read, &m, 0, size, &w.fr))
		return 0;
	w.seen[w.n_seen++] = fat_reader_root(w.fr);
	fat_list_cluster(fz_ctx, w.fr, fat_reader_root(w.fr), fz_entry, &w);
	if (!fat_read_file(fz_ctx, w.fr, "EFI/BOOT/BOOTX64.EFI", &file, &len))
		free(file);
	fat_close(w.fr);
	return 0;
}

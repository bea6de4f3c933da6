// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * manifest.c - the xxh3 hash of every chunk the writer wrote, so that
 * verification compares hashes instead of reading the source again.
 */
#include <stdlib.h>
#include <xxhash.h>

#include "internal.h"
#include "manifest.h"

uint64_t manifest_hash(const void *buf, size_t len)
{
	return XXH3_64bits(buf, len);
}

int manifest_add(struct manifest *mf, uint64_t off, uint32_t len, uint64_t hash)
{
	struct manifest_chunk *n;
	size_t cap;

	if (mf->n == mf->cap) {
		cap = mf->cap ? mf->cap * 2 : 256;
		n = realloc(mf->chunk, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		mf->chunk = n;
		mf->cap = cap;
	}
	mf->chunk[mf->n].off = off;
	mf->chunk[mf->n].len = len;
	mf->chunk[mf->n].hash = hash;
	mf->n++;
	return 0;
}

static int cmp_chunk(const void *a, const void *b)
{
	const struct manifest_chunk *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return 0;
}

void manifest_sort(struct manifest *mf)
{
	if (mf->n)
		qsort(mf->chunk, mf->n, sizeof(*mf->chunk), cmp_chunk);
}

void manifest_clear(struct manifest *mf)
{
	free(mf->chunk);
	mf->chunk = NULL;
	mf->n = 0;
	mf->cap = 0;
}

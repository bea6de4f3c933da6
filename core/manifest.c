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

/* XXH3_64bits() of a chunk fed in pieces: the same value. */
struct manifest_hasher *manifest_hasher_new(void)
{
	return (struct manifest_hasher *)XXH3_createState();
}

void manifest_hasher_reset(struct manifest_hasher *h)
{
	XXH3_64bits_reset((XXH3_state_t *)h);
}

void manifest_hasher_add(struct manifest_hasher *h, const void *buf, size_t len)
{
	XXH3_64bits_update((XXH3_state_t *)h, buf, len);
}

uint64_t manifest_hasher_value(const struct manifest_hasher *h)
{
	return XXH3_64bits_digest((const XXH3_state_t *)h);
}

void manifest_hasher_free(struct manifest_hasher *h)
{
	XXH3_freeState((XXH3_state_t *)h);
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

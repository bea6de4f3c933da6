/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * manifest.h - a fast hash (xxh3-64) of every chunk the writer wrote, so
 * the verifier compares hashes instead of re-reading the source.
 */
#ifndef STK_MANIFEST_H
#define STK_MANIFEST_H

#include "internal.h"

struct manifest_chunk {
	uint64_t	off;		/* target byte offset */
	uint32_t	len;		/* bytes, at most WRITE_CHUNK_BYTES */
	uint64_t	hash;		/* xxh3-64 of the bytes */
};

struct manifest {
	struct manifest_chunk *chunk;	/* in the order written */
	size_t		n;
	size_t		cap;
};

uint64_t manifest_hash(const void *buf, size_t len);
/* The same hash of a chunk read in pieces (verify reads small pieces). */
struct manifest_hasher;
struct manifest_hasher *manifest_hasher_new(void);	/* NULL: ENOMEM */
void manifest_hasher_reset(struct manifest_hasher *h);
void manifest_hasher_add(struct manifest_hasher *h, const void *buf,
			 size_t len);
uint64_t manifest_hasher_value(const struct manifest_hasher *h);
void manifest_hasher_free(struct manifest_hasher *h);
int manifest_add(struct manifest *mf, uint64_t off, uint32_t len,
		 uint64_t hash);			/* 0 or -ENOMEM */
void manifest_sort(struct manifest *mf);		/* by offset */
void manifest_clear(struct manifest *mf);		/* frees the array */

#endif /* STK_MANIFEST_H */

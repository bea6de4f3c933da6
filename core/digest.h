/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * digest.h - MD5, SHA-1 and SHA-256 at the speed of the CPU's hash
 * instructions, for checksums over whole images (bmap ranges).
 */
#ifndef STK_DIGEST_H
#define STK_DIGEST_H

#include "bmap.h"

struct digest;

/* A new running digest of type @c (not NONE); NULL when out of memory. */
struct digest *digest_new(enum bmap_csum c);
void digest_free(struct digest *d);		/* NULL is fine */
/* Start again (same type). */
void digest_reset(struct digest *d);
void digest_update(struct digest *d, const void *buf, size_t len);
/* Writes bmap_csum_bytes() bytes to @out; the digest is reset after. */
void digest_final(struct digest *d, uint8_t *out);

#endif

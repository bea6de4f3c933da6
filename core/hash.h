/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hash.h - MD5 and SHA-256 (hash.c).
 */
#ifndef STK_HASH_H
#define STK_HASH_H

#include "internal.h"

#define MD5_BYTES	16
#define SHA256_BYTES	32

struct md5 {
	uint32_t	h[4];
	uint64_t	len;
	uint8_t		buf[64];
};

struct sha256 {
	uint32_t	h[8];
	uint64_t	len;
	uint8_t		buf[64];
};

void md5_init(struct md5 *m);
void md5_update(struct md5 *m, const void *data, size_t len);
void md5_final(struct md5 *m, uint8_t out[MD5_BYTES]);
void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, uint8_t out[SHA256_BYTES]);
/* Lower-case hex of @len bytes into @out (2 * @len + 1 bytes). */
void hash_hex(const uint8_t *digest, size_t len, char *out);

#endif /* STK_HASH_H */

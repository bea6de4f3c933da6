/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hash.h - MD5, SHA-1, SHA-256 and SHA-512 (hash.c).
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

#define SHA1_BYTES	20
#define SHA512_BYTES	64

struct sha1 {
	uint32_t	h[5];
	uint64_t	len;
	uint8_t		buf[64];
};

struct sha512 {
	uint64_t	h[8];
	uint64_t	len;
	uint8_t		buf[128];
};

void sha1_init(struct sha1 *s);
void sha1_update(struct sha1 *s, const void *data, size_t len);
void sha1_final(struct sha1 *s, uint8_t out[SHA1_BYTES]);
void sha512_init(struct sha512 *s);
void sha512_update(struct sha512 *s, const void *data, size_t len);
void sha512_final(struct sha512 *s, uint8_t out[SHA512_BYTES]);

/* Any of the four, chosen at run time. */
struct hash {
	enum stk_hash_algo	algo;
	union {
		struct md5	md5;
		struct sha1	sha1;
		struct sha256	sha256;
		struct sha512	sha512;
	} u;
};

void hash_init(struct hash *h, enum stk_hash_algo algo);
void hash_update(struct hash *h, const void *data, size_t len);
/* Lower-case hex into @hex (STK_HASH_HEX_MAX bytes will do). */
void hash_final_hex(struct hash *h, char *hex);

#endif /* STK_HASH_H */

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hash.c - MD5 (RFC 1321), SHA-1, SHA-256 and SHA-512 (FIPS 180-4): the
 * checksum lists images carry (md5sum.txt, SHA256SUMS) are refreshed for
 * the files ISO mode rewrites, and images are checked against the lists
 * their publishers sign.
 */
#include <strings.h>

#include "internal.h"
#include "hash.h"

static inline uint32_t rol32(uint32_t x, unsigned n)
{
	return x << n | x >> (32 - n);
}

static inline uint32_t ror32(uint32_t x, unsigned n)
{
	return x >> n | x << (32 - n);
}

/* RFC 1321 3.4: per-round shift amounts and T[i] = floor(2^32 |sin(i)|). */
static const uint8_t md5_shift[64] = {
	7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
	5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
	4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
	6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
};

static const uint32_t md5_t[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a,
	0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
	0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
	0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
	0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
	0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

static void md5_block(uint32_t h[4], const uint8_t *p)
{
	uint32_t x[16], a = h[0], b = h[1], c = h[2], d = h[3];
	unsigned i;

	for (i = 0; i < 16; i++)
		x[i] = get_le32(p + 4 * i);
	for (i = 0; i < 64; i++) {
		uint32_t f, t;
		unsigned g;

		if (i < 16) {
			f = (b & c) | (~b & d);
			g = i;
		} else if (i < 32) {
			f = (d & b) | (~d & c);
			g = (5 * i + 1) % 16;
		} else if (i < 48) {
			f = b ^ c ^ d;
			g = (3 * i + 5) % 16;
		} else {
			f = c ^ (b | ~d);
			g = (7 * i) % 16;
		}
		t = d;
		d = c;
		c = b;
		b = b + rol32(a + f + md5_t[i] + x[g], md5_shift[i]);
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
}

void md5_init(struct md5 *m)
{
	static const uint32_t iv[4] = {0x67452301, 0xefcdab89, 0x98badcfe,
				       0x10325476};

	memset(m, 0, sizeof(*m));
	memcpy(m->h, iv, sizeof(iv));
}

/* Shared block feeder: MD5, SHA-1 and SHA-256 take 64-byte blocks. */
static void feed(uint32_t *h, uint64_t *total, uint8_t buf[64],
		 const uint8_t *p, size_t len,
		 void (*block)(uint32_t *, const uint8_t *))
{
	size_t have = *total % 64;

	*total += len;
	if (have) {
		size_t n = 64 - have < len ? 64 - have : len;

		memcpy(buf + have, p, n);
		p += n;
		len -= n;
		if (have + n < 64)
			return;
		block(h, buf);
	}
	for (; len >= 64; p += 64, len -= 64)
		block(h, p);
	memcpy(buf, p, len);
}

/*
 * The padding of the three 64-byte block hashes: 0x80, zeros up to 56
 * mod 64, then the length in bits, little-endian for MD5 (RFC 1321 3.1,
 * 3.2) and big-endian for SHA-1 and SHA-256 (FIPS 180-4 5.1.1).
 */
static void pad64(uint32_t *h, uint64_t *total, uint8_t buf[64], bool be,
		  void (*block)(uint32_t *, const uint8_t *))
{
	static const uint8_t pad[64] = {0x80};
	uint64_t bits = *total * 8;
	uint8_t lenb[8];
	unsigned i;

	for (i = 0; i < 8; i++)
		lenb[i] = (uint8_t)(bits >> (be ? 56 - 8 * i : 8 * i));
	feed(h, total, buf, pad, 1 + (119 - *total % 64) % 64, block);
	feed(h, total, buf, lenb, 8, block);
}

/* The digest of a SHA-1 or SHA-256 state: its words, big-endian. */
static void put_be32_words(uint8_t *out, const uint32_t *h, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		out[4 * i] = (uint8_t)(h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(h[i] >> 8);
		out[4 * i + 3] = (uint8_t)h[i];
	}
}

void md5_update(struct md5 *m, const void *data, size_t len)
{
	feed(m->h, &m->len, m->buf, data, len, md5_block);
}

void md5_final(struct md5 *m, uint8_t out[MD5_BYTES])
{
	unsigned i;

	pad64(m->h, &m->len, m->buf, false, md5_block);
	for (i = 0; i < 4; i++)
		put_le32(out + 4 * i, m->h[i]);
}

/* FIPS 180-4 4.2.2: first 32 bits of the cube roots of the first primes. */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static void sha256_block(uint32_t h[8], const uint8_t *p)
{
	uint32_t w[64], v[8];
	unsigned i;

	for (i = 0; i < 16; i++)
		w[i] = get_be32(p + 4 * i);
	for (i = 16; i < 64; i++) {
		uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^
			      w[i - 15] >> 3;
		uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^
			      w[i - 2] >> 10;

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(v, h, sizeof(v));
	for (i = 0; i < 64; i++) {
		uint32_t s1 =
			ror32(v[4], 6) ^ ror32(v[4], 11) ^ ror32(v[4], 25);
		uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
		uint32_t t1 = v[7] + s1 + ch + sha256_k[i] + w[i];
		uint32_t s0 =
			ror32(v[0], 2) ^ ror32(v[0], 13) ^ ror32(v[0], 22);
		uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);

		memmove(v + 1, v, 7 * sizeof(v[0]));
		v[4] += t1;
		v[0] = t1 + s0 + maj;
	}
	for (i = 0; i < 8; i++)
		h[i] += v[i];
}

void sha256_init(struct sha256 *s)
{
	static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
				       0xa54ff53a, 0x510e527f, 0x9b05688c,
				       0x1f83d9ab, 0x5be0cd19};

	memset(s, 0, sizeof(*s));
	memcpy(s->h, iv, sizeof(iv));
}

void sha256_update(struct sha256 *s, const void *data, size_t len)
{
	feed(s->h, &s->len, s->buf, data, len, sha256_block);
}

void sha256_final(struct sha256 *s, uint8_t out[SHA256_BYTES])
{
	pad64(s->h, &s->len, s->buf, true, sha256_block);
	put_be32_words(out, s->h, 8);
}

void hash_hex(const uint8_t *digest, size_t len, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[2 * len] = '\0';
}

/* FIPS 180-4 4.1.1 and 6.1: SHA-1, 80 rounds over 16 big-endian words. */
static void sha1_block(uint32_t h[5], const uint8_t *p)
{
	uint32_t w[80], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	unsigned i;

	for (i = 0; i < 16; i++)
		w[i] = get_be32(p + 4 * i);
	for (i = 16; i < 80; i++)
		w[i] = rol32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	for (i = 0; i < 80; i++) {
		uint32_t f, k, t;

		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		t = rol32(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = rol32(b, 30);
		b = a;
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

void sha1_init(struct sha1 *s)
{
	static const uint32_t iv[5] = {0x67452301, 0xefcdab89, 0x98badcfe,
				       0x10325476, 0xc3d2e1f0};

	memset(s, 0, sizeof(*s));
	memcpy(s->h, iv, sizeof(iv));
}

void sha1_update(struct sha1 *s, const void *data, size_t len)
{
	feed(s->h, &s->len, s->buf, data, len, sha1_block);
}

void sha1_final(struct sha1 *s, uint8_t out[SHA1_BYTES])
{
	pad64(s->h, &s->len, s->buf, true, sha1_block);
	put_be32_words(out, s->h, 5);
}

/* FIPS 180-4 4.2.3: first 64 bits of the cube roots of the first primes. */
static const uint64_t sha512_k[80] = {
	0x428a2f98d728ae22ull, 0x7137449123ef65cdull, 0xb5c0fbcfec4d3b2full,
	0xe9b5dba58189dbbcull, 0x3956c25bf348b538ull, 0x59f111f1b605d019ull,
	0x923f82a4af194f9bull, 0xab1c5ed5da6d8118ull, 0xd807aa98a3030242ull,
	0x12835b0145706fbeull, 0x243185be4ee4b28cull, 0x550c7dc3d5ffb4e2ull,
	0x72be5d74f27b896full, 0x80deb1fe3b1696b1ull, 0x9bdc06a725c71235ull,
	0xc19bf174cf692694ull, 0xe49b69c19ef14ad2ull, 0xefbe4786384f25e3ull,
	0x0fc19dc68b8cd5b5ull, 0x240ca1cc77ac9c65ull, 0x2de92c6f592b0275ull,
	0x4a7484aa6ea6e483ull, 0x5cb0a9dcbd41fbd4ull, 0x76f988da831153b5ull,
	0x983e5152ee66dfabull, 0xa831c66d2db43210ull, 0xb00327c898fb213full,
	0xbf597fc7beef0ee4ull, 0xc6e00bf33da88fc2ull, 0xd5a79147930aa725ull,
	0x06ca6351e003826full, 0x142929670a0e6e70ull, 0x27b70a8546d22ffcull,
	0x2e1b21385c26c926ull, 0x4d2c6dfc5ac42aedull, 0x53380d139d95b3dfull,
	0x650a73548baf63deull, 0x766a0abb3c77b2a8ull, 0x81c2c92e47edaee6ull,
	0x92722c851482353bull, 0xa2bfe8a14cf10364ull, 0xa81a664bbc423001ull,
	0xc24b8b70d0f89791ull, 0xc76c51a30654be30ull, 0xd192e819d6ef5218ull,
	0xd69906245565a910ull, 0xf40e35855771202aull, 0x106aa07032bbd1b8ull,
	0x19a4c116b8d2d0c8ull, 0x1e376c085141ab53ull, 0x2748774cdf8eeb99ull,
	0x34b0bcb5e19b48a8ull, 0x391c0cb3c5c95a63ull, 0x4ed8aa4ae3418acbull,
	0x5b9cca4f7763e373ull, 0x682e6ff3d6b2b8a3ull, 0x748f82ee5defb2fcull,
	0x78a5636f43172f60ull, 0x84c87814a1f0ab72ull, 0x8cc702081a6439ecull,
	0x90befffa23631e28ull, 0xa4506cebde82bde9ull, 0xbef9a3f7b2c67915ull,
	0xc67178f2e372532bull, 0xca273eceea26619cull, 0xd186b8c721c0c207ull,
	0xeada7dd6cde0eb1eull, 0xf57d4f7fee6ed178ull, 0x06f067aa72176fbaull,
	0x0a637dc5a2c898a6ull, 0x113f9804bef90daeull, 0x1b710b35131c471bull,
	0x28db77f523047d84ull, 0x32caab7b40c72493ull, 0x3c9ebe0a15c9bebcull,
	0x431d67c49c100d4cull, 0x4cc5d4becb3e42b6ull, 0x597f299cfc657e2aull,
	0x5fcb6fab3ad6faecull, 0x6c44198c4a475817ull,
};

static inline uint64_t ror64(uint64_t x, unsigned n)
{
	return x >> n | x << (64 - n);
}

static uint64_t get_be64(const uint8_t *p)
{
	return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

static void sha512_block(uint64_t h[8], const uint8_t *p)
{
	uint64_t w[80], v[8];
	unsigned i;

	for (i = 0; i < 16; i++)
		w[i] = get_be64(p + 8 * i);
	for (i = 16; i < 80; i++) {
		uint64_t s0 = ror64(w[i - 15], 1) ^ ror64(w[i - 15], 8) ^
			      w[i - 15] >> 7;
		uint64_t s1 = ror64(w[i - 2], 19) ^ ror64(w[i - 2], 61) ^
			      w[i - 2] >> 6;

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(v, h, sizeof(v));
	for (i = 0; i < 80; i++) {
		uint64_t s1 =
			ror64(v[4], 14) ^ ror64(v[4], 18) ^ ror64(v[4], 41);
		uint64_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
		uint64_t t1 = v[7] + s1 + ch + sha512_k[i] + w[i];
		uint64_t s0 =
			ror64(v[0], 28) ^ ror64(v[0], 34) ^ ror64(v[0], 39);
		uint64_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);

		memmove(v + 1, v, 7 * sizeof(v[0]));
		v[4] += t1;
		v[0] = t1 + s0 + maj;
	}
	for (i = 0; i < 8; i++)
		h[i] += v[i];
}

void sha512_init(struct sha512 *s)
{
	static const uint64_t iv[8] = {
		0x6a09e667f3bcc908ull, 0xbb67ae8584caa73bull,
		0x3c6ef372fe94f82bull, 0xa54ff53a5f1d36f1ull,
		0x510e527fade682d1ull, 0x9b05688c2b3e6c1full,
		0x1f83d9abfb41bd6bull, 0x5be0cd19137e2179ull,
	};

	memset(s, 0, sizeof(*s));
	memcpy(s->h, iv, sizeof(iv));
}

/* SHA-512 takes 128-byte blocks, so it has its own feeder. */
void sha512_update(struct sha512 *s, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t have = s->len % 128;

	s->len += len;
	if (have) {
		size_t n = 128 - have < len ? 128 - have : len;

		memcpy(s->buf + have, p, n);
		p += n;
		len -= n;
		if (have + n < 128)
			return;
		sha512_block(s->h, s->buf);
	}
	for (; len >= 128; p += 128, len -= 128)
		sha512_block(s->h, p);
	memcpy(s->buf, p, len);
}

void sha512_final(struct sha512 *s, uint8_t out[SHA512_BYTES])
{
	static const uint8_t pad[128] = {0x80};
	uint64_t bits = s->len * 8;
	uint8_t lenb[16] = {0};
	unsigned i, j;

	for (i = 0; i < 8; i++)
		lenb[8 + i] = (uint8_t)(bits >> (56 - 8 * i));
	sha512_update(s, pad, 1 + (239 - s->len % 128) % 128);
	sha512_update(s, lenb, 16);
	for (i = 0; i < 8; i++)
		for (j = 0; j < 8; j++)
			out[8 * i + j] = (uint8_t)(s->h[i] >> (56 - 8 * j));
}

/* One interface over the four, for callers that pick by name. */
void hash_init(struct hash *h, enum stk_hash_algo algo)
{
	h->algo = algo;
	switch (algo) {
	case STK_HASH_MD5:
		md5_init(&h->u.md5);
		break;
	case STK_HASH_SHA1:
		sha1_init(&h->u.sha1);
		break;
	case STK_HASH_SHA256:
		sha256_init(&h->u.sha256);
		break;
	case STK_HASH_SHA512:
		sha512_init(&h->u.sha512);
		break;
	}
}

void hash_update(struct hash *h, const void *data, size_t len)
{
	switch (h->algo) {
	case STK_HASH_MD5:
		md5_update(&h->u.md5, data, len);
		break;
	case STK_HASH_SHA1:
		sha1_update(&h->u.sha1, data, len);
		break;
	case STK_HASH_SHA256:
		sha256_update(&h->u.sha256, data, len);
		break;
	case STK_HASH_SHA512:
		sha512_update(&h->u.sha512, data, len);
		break;
	}
}

/* Writes the lower-case hex digest (stk_hash_hex_len() + 1 bytes). */
void hash_final_hex(struct hash *h, char *hex)
{
	uint8_t d[SHA512_BYTES];

	switch (h->algo) {
	case STK_HASH_MD5:
		md5_final(&h->u.md5, d);
		break;
	case STK_HASH_SHA1:
		sha1_final(&h->u.sha1, d);
		break;
	case STK_HASH_SHA256:
		sha256_final(&h->u.sha256, d);
		break;
	case STK_HASH_SHA512:
		sha512_final(&h->u.sha512, d);
		break;
	}
	hash_hex(d, stk_hash_hex_len(h->algo) / 2, hex);
}

const char *stk_hash_name(enum stk_hash_algo algo)
{
	switch (algo) {
	case STK_HASH_MD5:
		return "md5";
	case STK_HASH_SHA1:
		return "sha1";
	case STK_HASH_SHA256:
		return "sha256";
	case STK_HASH_SHA512:
		return "sha512";
	}
	return "?";
}

size_t stk_hash_hex_len(enum stk_hash_algo algo)
{
	switch (algo) {
	case STK_HASH_MD5:
		return 2 * MD5_BYTES;
	case STK_HASH_SHA1:
		return 2 * SHA1_BYTES;
	case STK_HASH_SHA256:
		return 2 * SHA256_BYTES;
	case STK_HASH_SHA512:
		return 2 * SHA512_BYTES;
	}
	return 0;
}

int stk_hash_parse(const char *name, enum stk_hash_algo *algo)
{
	static const enum stk_hash_algo all[] = {
		STK_HASH_MD5, STK_HASH_SHA1, STK_HASH_SHA256, STK_HASH_SHA512};
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (!strcasecmp(name, stk_hash_name(all[i]))) {
			*algo = all[i];
			return 0;
		}
	return -EINVAL;
}

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * digest.c - SHA-256 (FIPS 180-4) and MD5 (RFC 1321) of a file, so the
 * wizard can check an image against the checksum file published with it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wizard.h"

#define DIGEST_CHUNK (1u << 20)

struct digest {
	bool md5;
	uint32_t h[8];
	uint64_t bytes;
	uint8_t block[64];
	size_t fill;
};

/* clang-format off */
/* FIPS 180-4 4.2.2: cube roots of the first 64 primes. */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* RFC 1321 3.4: 2^32 * |sin(i + 1)|. */
static const uint32_t md5_t[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee,
	0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
	0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
	0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
	0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039,
	0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

static const uint8_t md5_shift[16] = {
	7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21,
};
/* clang-format on */

static inline uint32_t rol(uint32_t x, unsigned n)
{
	return x << n | x >> (32 - n);
}

static inline uint32_t ror(uint32_t x, unsigned n)
{
	return x >> n | x << (32 - n);
}

static void sha256_block(uint32_t h[8], const uint8_t *p)
{
	uint32_t w[64], v[8], t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 64; i++)
		w[i] = (ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^
			w[i - 2] >> 10) +
		       w[i - 7] +
		       (ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^
			w[i - 15] >> 3) +
		       w[i - 16];
	memcpy(v, h, sizeof(v));
	for (i = 0; i < 64; i++) {
		t1 = v[7] + (ror(v[4], 6) ^ ror(v[4], 11) ^ ror(v[4], 25)) +
		     ((v[4] & v[5]) ^ (~v[4] & v[6])) + sha256_k[i] + w[i];
		t2 = (ror(v[0], 2) ^ ror(v[0], 13) ^ ror(v[0], 22)) +
		     ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		memmove(v + 1, v, 7 * sizeof(v[0]));
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		h[i] += v[i];
}

static void md5_block(uint32_t h[4], const uint8_t *p)
{
	uint32_t m[16], a = h[0], b = h[1], c = h[2], d = h[3], f, t;
	int i, g;

	for (i = 0; i < 16; i++)
		m[i] = p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
		       (uint32_t)p[4 * i + 2] << 16 |
		       (uint32_t)p[4 * i + 3] << 24;
	for (i = 0; i < 64; i++) {
		switch (i / 16) {
		case 0:
			f = (b & c) | (~b & d);
			g = i;
			break;
		case 1:
			f = (d & b) | (~d & c);
			g = (5 * i + 1) % 16;
			break;
		case 2:
			f = b ^ c ^ d;
			g = (3 * i + 5) % 16;
			break;
		default:
			f = c ^ (b | ~d);
			g = (7 * i) % 16;
			break;
		}
		t = d;
		d = c;
		c = b;
		b += rol(a + f + md5_t[i] + m[g],
			 md5_shift[i / 16 * 4 + i % 4]);
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
}

static void digest_init(struct digest *d, bool md5)
{
	/* clang-format off */
	static const uint32_t sha256_h[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	static const uint32_t md5_h[4] = {
		0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476,
	};
	/* clang-format on */

	memset(d, 0, sizeof(*d));
	d->md5 = md5;
	if (md5)
		memcpy(d->h, md5_h, sizeof(md5_h));
	else
		memcpy(d->h, sha256_h, sizeof(sha256_h));
}

static void digest_block(struct digest *d, const uint8_t *p)
{
	if (d->md5)
		md5_block(d->h, p);
	else
		sha256_block(d->h, p);
}

static void digest_update(struct digest *d, const uint8_t *p, size_t len)
{
	size_t n;

	d->bytes += len;
	if (d->fill) {
		n = 64 - d->fill < len ? 64 - d->fill : len;
		memcpy(d->block + d->fill, p, n);
		d->fill += n;
		p += n;
		len -= n;
		if (d->fill < 64)
			return;
		digest_block(d, d->block);
		d->fill = 0;
	}
	for (; len >= 64; p += 64, len -= 64)
		digest_block(d, p);
	memcpy(d->block, p, len);
	d->fill = len;
}

/* Pads as both standards do (0x80, zeros, bit length) and prints hex. */
static void digest_final(struct digest *d, char *hex, size_t hex_len)
{
	uint64_t bits = d->bytes * 8;
	uint8_t pad[72] = {0x80};
	size_t n = (d->fill < 56 ? 56 : 120) - d->fill;
	int i, words = d->md5 ? 4 : 8;
	uint32_t w;

	for (i = 0; i < 8; i++)
		pad[n + i] = d->md5 ? (uint8_t)(bits >> (8 * i))
				    : (uint8_t)(bits >> (56 - 8 * i));
	digest_update(d, pad, n + 8);
	for (i = 0; i < words && (size_t)(8 * i + 8) < hex_len; i++) {
		w = d->h[i];
		if (d->md5)
			w = (w & 0xff) << 24 | (w & 0xff00) << 8 |
			    (w >> 8 & 0xff00) | w >> 24;
		snprintf(hex + 8 * i, 9, "%08x", w);
	}
}

int ui_digest_file(const char *path, const char *algo, char *hex,
		   size_t hex_len, ui_digest_fn fn, void *data)
{
	struct digest d;
	struct stat st;
	uint8_t *buf;
	ssize_t n;
	int fd, rc = 0;

	if (strcmp(algo, "sha256") && strcmp(algo, "md5"))
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		rc = -errno;
		goto out_close;
	}
	buf = malloc(DIGEST_CHUNK);
	if (!buf) {
		rc = -ENOMEM;
		goto out_close;
	}
	digest_init(&d, !strcmp(algo, "md5"));
	for (;;) {
		n = read(fd, buf, DIGEST_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno;
			goto out_free;
		}
		if (n == 0)
			break;
		digest_update(&d, buf, (size_t)n);
		if (fn && fn(d.bytes, (uint64_t)st.st_size, data)) {
			rc = -ECANCELED;
			goto out_free;
		}
	}
	digest_final(&d, hex, hex_len);
out_free:
	free(buf);
out_close:
	close(fd);
	return rc;
}

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * digest.c - the only file that includes OpenSSL: its EVP digests use the
 * CPU's SHA instructions, several times faster than portable C.
 */
#include <openssl/evp.h>
#include <stdlib.h>

#include "digest.h"
#include "bmap.h"

struct digest {
	EVP_MD_CTX *ctx;
	const EVP_MD *md;
};

static const EVP_MD *md_of(enum bmap_csum c)
{
	switch (c) {
	case BMAP_CSUM_MD5:
		return EVP_md5();
	case BMAP_CSUM_SHA1:
		return EVP_sha1();
	case BMAP_CSUM_SHA256:
		return EVP_sha256();
	case BMAP_CSUM_NONE:
		break;
	}
	return NULL;
}

struct digest *digest_new(enum bmap_csum c)
{
	struct digest *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->md = md_of(c);
	d->ctx = EVP_MD_CTX_new();
	if (!d->md || !d->ctx || !EVP_DigestInit_ex(d->ctx, d->md, NULL)) {
		digest_free(d);
		return NULL;
	}
	return d;
}

void digest_free(struct digest *d)
{
	if (!d)
		return;
	EVP_MD_CTX_free(d->ctx);
	free(d);
}

void digest_reset(struct digest *d)
{
	EVP_DigestInit_ex(d->ctx, d->md, NULL);
}

void digest_update(struct digest *d, const void *buf, size_t len)
{
	EVP_DigestUpdate(d->ctx, buf, len);
}

void digest_final(struct digest *d, uint8_t *out)
{
	unsigned n = 0;

	EVP_DigestFinal_ex(d->ctx, out, &n);
	digest_reset(d);
}

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * crypto.c - the only file that includes OpenSSL, for two jobs:
 * - the EVP digests (MD5, SHA-1, SHA-256) of digest.h, which use the
 *   CPU's SHA instructions, several times faster than portable C;
 * - an EFI loader's Authenticode signature (PKCS#7 SignedData over an
 *   SpcIndirectDataContent) for pe.h: is it intact, over this file's
 *   hash, and does its signer chain to a certificate firmware (or shim)
 *   trusts?
 */
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>

#include "digest.h"
#include "pe.h"

/* 1.3.6.1.4.1.311.2.1.4, Microsoft's SPC_INDIRECT_DATA_OBJID */
#define SPC_INDIRECT_DATA "1.3.6.1.4.1.311.2.1.4"

struct ac_trust {
	X509_STORE *store;
	int n;
};

struct ac_trust *ac_trust_load(const char *path, const char **why)
{
	struct ac_trust *t;
	X509 *x;
	FILE *f;

	*why = NULL;
	f = fopen(path, "re");
	if (!f) {
		*why = "cannot open the certificate list";
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (t)
		t->store = X509_STORE_new();
	if (!t || !t->store) {
		fclose(f);
		ac_trust_free(t);
		*why = "out of memory";
		return NULL;
	}
	while ((x = PEM_read_X509(f, NULL, NULL, NULL))) {
		if (X509_STORE_add_cert(t->store, x) == 1)
			t->n++;
		X509_free(x);
	}
	ERR_clear_error();
	fclose(f);
	if (!t->n) {
		ac_trust_free(t);
		*why = "the certificate list holds no certificate";
		return NULL;
	}
	return t;
}

int ac_trust_add_der(struct ac_trust *t, const uint8_t *der, size_t len)
{
	const unsigned char *p = der;
	X509 *x = d2i_X509(NULL, &p, (long)len);
	int ok;

	if (!x) {
		ERR_clear_error();
		return -EINVAL;
	}
	ok = X509_STORE_add_cert(t->store, x) == 1;
	X509_free(x);
	ERR_clear_error();
	if (ok)
		t->n++;
	return ok ? 0 : -EINVAL;
}

void ac_trust_free(struct ac_trust *t)
{
	if (!t)
		return;
	X509_STORE_free(t->store);
	free(t);
}

static void name_cn(const X509_NAME *n, char *out, size_t size)
{
	int i = X509_NAME_get_index_by_NID(n, NID_commonName, -1);
	const ASN1_STRING *s;

	out[0] = '\0';
	if (i < 0) {
		X509_NAME_oneline(n, out, (int)size);
		return;
	}
	s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i));
	snprintf(out, size, "%.*s", ASN1_STRING_length(s),
		 (const char *)ASN1_STRING_get0_data(s));
}

/* Does @signer chain to the store? Firmware ignores expiry; so do we. */
static bool chains(struct ac_trust *trust, X509 *signer, STACK_OF(X509) * extra,
		   char *anchor, size_t size)
{
	X509_STORE_CTX *c = X509_STORE_CTX_new();
	STACK_OF(X509) * chain;
	bool ok = false;

	if (!c)
		return false;
	if (X509_STORE_CTX_init(c, trust->store, signer, extra) == 1) {
		X509_STORE_CTX_set_flags(c, X509_V_FLAG_PARTIAL_CHAIN |
						    X509_V_FLAG_NO_CHECK_TIME);
		X509_STORE_CTX_set_purpose(c, X509_PURPOSE_ANY);
		ok = X509_verify_cert(c) == 1;
		chain = ok ? X509_STORE_CTX_get0_chain(c) : NULL;
		if (chain && sk_X509_num(chain) > 0)
			name_cn(X509_get_subject_name(sk_X509_value(
					chain, sk_X509_num(chain) - 1)),
				anchor, size);
	}
	X509_STORE_CTX_free(c);
	ERR_clear_error();
	return ok;
}

void ac_check(const uint8_t *p7der, size_t len, const uint8_t hash[32],
	      struct ac_trust *trust, struct ac_result *res)
{
	const unsigned char *p = p7der;
	const uint8_t *digest, *content;
	STACK_OF(X509) *signers = NULL;
	X509_STORE *empty = NULL;
	ASN1_OBJECT *spc = NULL;
	size_t digest_len, clen;
	BIO *bio = NULL;
	PKCS7 *p7;
	ASN1_TYPE *t;
	const char *why;
	bool sha256;

	memset(res, 0, sizeof(*res));
	p7 = d2i_PKCS7(NULL, &p, (long)len);
	if (!p7 || !PKCS7_type_is_signed(p7) || !p7->d.sign->contents) {
		snprintf(res->problem, sizeof(res->problem),
			 "the signature is not PKCS#7 signed data");
		goto out;
	}
	spc = OBJ_txt2obj(SPC_INDIRECT_DATA, 1);
	t = p7->d.sign->contents->d.other;
	if (!spc || OBJ_cmp(p7->d.sign->contents->type, spc) || !t ||
	    t->type != V_ASN1_SEQUENCE) {
		snprintf(res->problem, sizeof(res->problem),
			 "the signature does not sign an Authenticode digest");
		goto out;
	}
	content = t->value.sequence->data;
	clen = (size_t)t->value.sequence->length;

	/* 1. The digest it signs must be this file's Authenticode hash. */
	why = spc_digest(content, clen, &digest, &digest_len, &sha256);
	if (why) {
		snprintf(res->problem, sizeof(res->problem),
			 "the signed digest cannot be read: %s", why);
		goto out;
	}
	if (!sha256 || digest_len != 32) {
		snprintf(res->problem, sizeof(res->problem),
			 "the signature is over a digest other than SHA-256");
		goto out;
	}
	if (memcmp(digest, hash, 32)) {
		snprintf(
			res->problem, sizeof(res->problem),
			"the signature is for other bytes: the file was changed after signing");
		goto out;
	}

	/* 2. The signature over that content (without its SEQUENCE
	 * header, as Authenticode signs it), chain not yet judged. */
	{
		uint8_t tag;
		size_t skip = 2;

		tag = content[1];
		if (tag & 0x80)
			skip += tag & 0x7f;
		if (skip > clen)
			goto out;
		bio = BIO_new_mem_buf(content + skip, (int)(clen - skip));
	}
	empty = X509_STORE_new();
	if (!bio || !empty ||
	    PKCS7_verify(p7, NULL, empty, bio, NULL,
			 PKCS7_NOVERIFY | PKCS7_BINARY) != 1) {
		snprintf(res->problem, sizeof(res->problem),
			 "the signature does not verify");
		goto out;
	}
	signers = PKCS7_get0_signers(p7, NULL, 0);
	if (!signers || sk_X509_num(signers) < 1) {
		snprintf(res->problem, sizeof(res->problem),
			 "the signature names no signer certificate");
		goto out;
	}
	res->intact = true;
	name_cn(X509_get_subject_name(sk_X509_value(signers, 0)), res->signer,
		sizeof(res->signer));
	name_cn(X509_get_issuer_name(sk_X509_value(signers, 0)), res->issuer,
		sizeof(res->issuer));

	/* 3. Whom it chains to. */
	if (trust)
		res->trusted = chains(trust, sk_X509_value(signers, 0),
				      p7->d.sign->cert, res->anchor,
				      sizeof(res->anchor));
out:
	sk_X509_free(signers);
	X509_STORE_free(empty);
	BIO_free(bio);
	ASN1_OBJECT_free(spc);
	PKCS7_free(p7);
	ERR_clear_error();
}

/* The EVP digests of digest.h. */
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

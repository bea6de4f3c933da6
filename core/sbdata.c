// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * sbdata.c - the data the Secure Boot verdict judges by: SBAT revocation
 * levels (shim's .sbatlevel, Debian's shim, the host's SbatLevelRT),
 * revoked loader hashes (a list in configs/, the host's dbx), and where
 * the data files live (an uninstalled build's configs/, else the
 * installed share/stickler).
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "secureboot.h"
#include "pe.h"

#ifndef STK_DATADIR
#define STK_DATADIR "/usr/local/share/stickler"
#endif

void sb_levels_merge(struct sb_levels *lv, const char *text, size_t len,
		     const char *from)
{
	struct sbat_entry e[SB_MAX_LEVELS];
	const char *why;
	int n, i, j;

	n = sbat_parse(text, len, e, SB_MAX_LEVELS, &why);
	for (i = 0; i < n; i++) {
		/* the "sbat,1,DATE" line dates the policy; it revokes
		 * nothing */
		if (!strcmp(e[i].component, "sbat"))
			continue;
		for (j = 0; j < lv->n; j++)
			if (!strcmp(lv->e[j].component, e[i].component))
				break;
		if (j == lv->n) {
			if (lv->n >= SB_MAX_LEVELS)
				continue;
			lv->e[lv->n] = e[i];
			lv->n++;
		} else if (e[i].generation <= lv->e[j].generation) {
			continue;
		}
		lv->e[j].generation = e[i].generation;
		stk_strlcpy(lv->from[j], from, sizeof(lv->from[j]));
	}
}

int sb_levels_check(const struct sb_levels *lv, const struct sbat_entry *sbat,
		    int n, int *level)
{
	int i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < lv->n; j++)
			if (!strcmp(sbat[i].component, lv->e[j].component) &&
			    sbat[i].generation < lv->e[j].generation) {
				*level = j;
				return i;
			}
	return -1;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Keeps @h once: the shipped list, the dbx updates and this machine's
 * dbx repeat each other's hashes, and repeats must not fill the table
 * before a hash only the last source has. */
static void revoked_add(struct sb_revoked *rv, const uint8_t h[32])
{
	if (!sb_revoked_has(rv, h) && rv->n < SB_MAX_REVOKED)
		memcpy(rv->hash[rv->n++], h, 32);
}

int sb_revoked_parse(struct sb_revoked *rv, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl;
	int added = 0;

	for (; p < end; p = nl + 1) {
		uint8_t h[32];
		int i;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (nl - p < 64 || *p == '#')
			continue;
		for (i = 0; i < 32; i++) {
			int a = hexval((unsigned char)p[2 * i]);
			int b = hexval((unsigned char)p[2 * i + 1]);

			if (a < 0 || b < 0)
				break;
			h[i] = (uint8_t)(a << 4 | b);
		}
		if (i < 32 || (nl - p > 64 && !isspace((unsigned char)p[64])))
			continue;
		revoked_add(rv, h);
		added++;
	}
	return added;
}

/* UEFI 2.10 32.4.1: EFI_CERT_SHA256_GUID c1c41626-504c-4092-aca9-41f936934328 */
static const uint8_t cert_sha256_guid[16] = {
	0x26, 0x16, 0xc4, 0xc1, 0x4c, 0x50, 0x92, 0x40,
	0xac, 0xa9, 0x41, 0xf9, 0x36, 0x93, 0x43, 0x28,
};

int sb_revoked_from_siglists(struct sb_revoked *rv, const uint8_t *buf,
			     size_t len)
{
	size_t off = 0;
	int added = 0;

	while (off + 28 <= len) {
		uint32_t size = get_le32(buf + off + 16);
		uint32_t hdr = get_le32(buf + off + 20);
		uint32_t sig = get_le32(buf + off + 24);
		size_t p;

		if (size < 28 || size > len - off || hdr > size - 28)
			break;
		if (!memcmp(buf + off, cert_sha256_guid, 16) && sig == 48)
			for (p = off + 28 + hdr; p + sig <= off + size;
			     p += sig) {
				revoked_add(rv, buf + p + 16);
				added++;
			}
		off += size;
	}
	return added;
}

/* UEFI 2.10 32.2.4: EFI_CERT_TYPE_PKCS7_GUID 4aafd29d-68df-49ee-8aa9-347d375665a7 */
static const uint8_t cert_pkcs7_guid[16] = {
	0x9d, 0xd2, 0xaf, 0x4a, 0xdf, 0x68, 0xee, 0x49,
	0x8a, 0xa9, 0x34, 0x7d, 0x37, 0x56, 0x65, 0xa7,
};
/* EFI_CERT_X509_GUID a5c059a1-94e4-4aa7-87b5-ab155c2bf072 */
static const uint8_t cert_x509_guid[16] = {
	0xa1, 0x59, 0xc0, 0xa5, 0xe4, 0x94, 0xa7, 0x4a,
	0x87, 0xb5, 0xab, 0x15, 0x5c, 0x2b, 0xf0, 0x72,
};

#define EFI_TIME_BYTES	   16
#define WIN_CERT_UEFI_GUID 0x0ef1
#define WIN_CERT_REVISION  0x0200
#define WIN_CERT_HDR_BYTES 24 /* dwLength, revision, type, GUID */

int sb_revoked_from_update(struct sb_revoked *rv, const uint8_t *buf,
			   size_t len)
{
	const uint8_t *wc = buf + EFI_TIME_BYTES;
	uint32_t wlen;

	if (len < EFI_TIME_BYTES + WIN_CERT_HDR_BYTES)
		return -EINVAL;
	wlen = get_le32(wc);
	if (get_le16(wc + 4) != WIN_CERT_REVISION ||
	    get_le16(wc + 6) != WIN_CERT_UEFI_GUID ||
	    memcmp(wc + 8, cert_pkcs7_guid, 16) || wlen < WIN_CERT_HDR_BYTES ||
	    wlen > len - EFI_TIME_BYTES)
		return -EINVAL;
	return sb_revoked_from_siglists(rv, wc + wlen,
					len - EFI_TIME_BYTES - wlen);
}

int sb_revoked_load(struct sb_revoked *rv, const uint8_t *buf, size_t len)
{
	int n = sb_revoked_from_update(rv, buf, len);

	if (n >= 0)
		return n;
	if (len >= 28 && (!memcmp(buf, cert_sha256_guid, 16) ||
			  !memcmp(buf, cert_x509_guid, 16)))
		return sb_revoked_from_siglists(rv, buf, len);
	return sb_revoked_parse(rv, (const char *)buf, len);
}

bool sb_revoked_has(const struct sb_revoked *rv, const uint8_t hash[32])
{
	int i;

	for (i = 0; i < rv->n; i++)
		if (!memcmp(rv->hash[i], hash, 32))
			return true;
	return false;
}

static bool exists(const char *path)
{
	struct stat st;

	return !stat(path, &st);
}

const char *sb_data_path(const char *name, char *buf, size_t size)
{
	const char *env = getenv("STICKLER_DATA_DIR");
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;

	if (env && *env) {
		snprintf(buf, size, "%s/%s", env, name);
		return buf;
	}
	/* an uninstalled build first: build/stickler next to configs/ */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			slash = strrchr(exe, '/');
			if (slash)
				*slash = '\0';
			snprintf(buf, size, "%s/configs/%s", exe, name);
			if (exists(buf))
				return buf;
		}
	}
	snprintf(buf, size, "%s/%s", STK_DATADIR, name);
	return buf;
}

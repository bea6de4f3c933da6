// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * pe.c - PE/COFF images as UEFI loads them (Microsoft PE/COFF
 * specification 11.0): the headers, the section table, the attribute
 * certificate table and the bytes the Authenticode hash covers; the SBAT
 * metadata shim reads (.sbat, .sbatlevel) and shim's built-in vendor
 * certificate. Pure functions over the bytes of the whole file.
 */
#include <stdlib.h>

#include "pe.h"
#include "hash.h"

#define DOS_LFANEW	    0x3c
#define COFF_BYTES	    20
#define SECTION_BYTES	    40
#define OPT_CHECKSUM	    64
#define OPT_HEADERS	    60
#define PE32_NRVA	    92
#define PE32P_NRVA	    108
#define DIR_SECURITY	    4
#define WIN_CERT_REVISION_2 0x0200
#define WIN_CERT_TYPE_PKCS  0x0002

const char *pe_arch(uint16_t machine)
{
	switch (machine) {
	case PE_MACHINE_AMD64:
		return "x64";
	case PE_MACHINE_I386:
		return "ia32";
	case PE_MACHINE_ARM64:
		return "aa64";
	case PE_MACHINE_ARMNT:
		return "arm";
	case PE_MACHINE_RISCV64:
		return "riscv64";
	}
	return "";
}

static bool inside(uint64_t off, uint64_t n, size_t len)
{
	return off <= len && n <= len - off;
}

static void add_range(struct pe_info *pe, uint64_t off, uint64_t end)
{
	if (end > off && pe->n_ranges < PE_MAX_RANGES) {
		pe->range[pe->n_ranges].off = off;
		pe->range[pe->n_ranges].len = end - off;
		pe->n_ranges++;
	}
}

/*
 * PE/COFF 3.1: a name "/N" is an offset into the COFF string table, which
 * follows the symbol table (GNU ld writes .sbatlevel and .vendor_cert so).
 */
static void long_name(const uint8_t *buf, size_t len, uint64_t strtab,
		      struct pe_section *d)
{
	unsigned long off = 0;
	size_t i, n;

	for (i = 1; i < 8 && d->name[i] >= '0' && d->name[i] <= '9'; i++)
		off = off * 10 + (unsigned long)(d->name[i] - '0');
	if (i == 1 || !strtab || !inside(strtab + off, 1, len))
		return;
	n = strnlen((const char *)buf + strtab + off,
		    len - (size_t)(strtab + off));
	if (n >= sizeof(d->name))
		n = sizeof(d->name) - 1;
	memcpy(d->name, buf + strtab + off, n);
	d->name[n] = '\0';
}

static int by_raw_off(const void *a, const void *b)
{
	const struct pe_section *x = a, *y = b;

	return x->raw_off < y->raw_off ? -1 : x->raw_off > y->raw_off;
}

/*
 * The Authenticode hash (Windows Authenticode PE Signature Format, "Calculating
 * the PE image hash"), as EDK2's DxeImageVerificationLib computes it, since
 * that is what firmware decides by: the headers without CheckSum and the
 * certificate table's directory entry, the sections in file order, then
 * whatever lies past them but before the certificate table.
 */
static const char *hash_ranges(const uint8_t *buf, size_t len,
			       struct pe_info *pe, uint64_t opt, uint32_t nrva,
			       uint64_t secdir, uint32_t headers)
{
	struct pe_section sorted[PE_MAX_SECTIONS];
	uint64_t sum = headers, cert = 0;
	uint64_t cks = opt + OPT_CHECKSUM;
	int i;

	(void)buf;
	if (headers > len || headers < cks + 4)
		return "SizeOfHeaders lies outside the file";
	add_range(pe, 0, cks);
	if (nrva <= DIR_SECURITY) {
		add_range(pe, cks + 4, headers);
	} else {
		if (secdir + 8 > headers)
			return "the certificate directory lies past the headers";
		add_range(pe, cks + 4, secdir);
		add_range(pe, secdir + 8, headers);
		cert = pe->cert_bytes;
	}
	memcpy(sorted, pe->section, sizeof(sorted[0]) * (size_t)pe->n_sections);
	qsort(sorted, (size_t)pe->n_sections, sizeof(sorted[0]), by_raw_off);
	for (i = 0; i < pe->n_sections; i++) {
		if (!sorted[i].raw_bytes)
			continue;
		if (!inside(sorted[i].raw_off, sorted[i].raw_bytes, len))
			return "a section's data lies past the end of the file";
		add_range(pe, sorted[i].raw_off,
			  (uint64_t)sorted[i].raw_off + sorted[i].raw_bytes);
		sum += sorted[i].raw_bytes;
	}
	if (len > sum) {
		if (len < sum + cert)
			return "the certificate table overlaps the sections";
		add_range(pe, sum, len - cert);
	}
	return NULL;
}

const char *pe_parse(const uint8_t *buf, size_t len, struct pe_info *pe)
{
	uint64_t hdr, opt, sec, secdir = 0, dirs, strtab;
	uint32_t nrva, headers;
	uint16_t nsec, optsize, magic;
	int i;

	memset(pe, 0, sizeof(*pe));
	if (len < 64 || buf[0] != 'M' || buf[1] != 'Z')
		return "not a PE image (no MZ header)";
	hdr = get_le32(buf + DOS_LFANEW);
	if (!inside(hdr, 4 + COFF_BYTES, len) || memcmp(buf + hdr, "PE\0\0", 4))
		return "not a PE image (no PE signature)";
	pe->machine = get_le16(buf + hdr + 4);
	nsec = get_le16(buf + hdr + 6);
	optsize = get_le16(buf + hdr + 20);
	strtab = get_le32(buf + hdr + 12) +
		 (uint64_t)get_le32(buf + hdr + 16) * 18;
	if (!get_le32(buf + hdr + 12) || !inside(strtab, 4, len))
		strtab = 0;
	opt = hdr + 4 + COFF_BYTES;
	if (!inside(opt, optsize, len) || optsize < 2)
		return "the optional header lies past the end of the file";
	magic = get_le16(buf + opt);
	if (magic != 0x10b && magic != 0x20b)
		return "the optional header is neither PE32 nor PE32+";
	pe->pe32plus = magic == 0x20b;
	dirs = opt + (pe->pe32plus ? PE32P_NRVA + 4 : PE32_NRVA + 4);
	if (dirs > opt + optsize)
		return "the optional header is too short";
	nrva = get_le32(buf + dirs - 4);
	if (nrva > (opt + optsize - dirs) / 8)
		return "more data directories than the optional header holds";
	headers = get_le32(buf + opt + OPT_HEADERS);
	if (nrva > DIR_SECURITY) {
		secdir = dirs + 8 * DIR_SECURITY;
		pe->cert_off = get_le32(buf + secdir);
		pe->cert_bytes = get_le32(buf + secdir + 4);
		if (!pe->cert_bytes)
			pe->cert_off = 0;
		if (pe->cert_bytes &&
		    !inside(pe->cert_off, pe->cert_bytes, len))
			return "the certificate table lies past the end of the file";
	}
	if (nsec > PE_MAX_SECTIONS)
		return "more than 96 sections";
	sec = opt + optsize;
	if (!inside(sec, (uint64_t)nsec * SECTION_BYTES, len))
		return "the section table lies past the end of the file";
	for (i = 0; i < nsec; i++) {
		const uint8_t *s = buf + sec + (uint64_t)i * SECTION_BYTES;
		struct pe_section *d = &pe->section[i];

		memcpy(d->name, s, 8);
		d->name[8] = '\0';
		d->virt_bytes = get_le32(s + 8);
		d->raw_bytes = get_le32(s + 16);
		d->raw_off = get_le32(s + 20);
		if (d->name[0] == '/')
			long_name(buf, len, strtab, d);
	}
	pe->n_sections = nsec;
	return hash_ranges(buf, len, pe, opt, nrva, secdir, headers);
}

const uint8_t *pe_section_bytes(const uint8_t *buf, size_t len,
				const struct pe_info *pe, const char *name,
				size_t *out_len)
{
	int i;

	*out_len = 0;
	for (i = 0; i < pe->n_sections; i++) {
		const struct pe_section *s = &pe->section[i];
		uint32_t n = s->raw_bytes;

		if (strcmp(s->name, name))
			continue;
		/* the loaded size: raw data past VirtualSize is padding */
		if (s->virt_bytes && s->virt_bytes < n)
			n = s->virt_bytes;
		if (!inside(s->raw_off, n, len))
			return NULL;
		*out_len = n;
		return buf + s->raw_off;
	}
	return NULL;
}

void pe_authenticode_sha256(const uint8_t *buf, const struct pe_info *pe,
			    uint8_t out[SHA256_BYTES])
{
	struct sha256 s;
	int i;

	sha256_init(&s);
	for (i = 0; i < pe->n_ranges; i++)
		sha256_update(&s, buf + pe->range[i].off,
			      (size_t)pe->range[i].len);
	sha256_final(&s, out);
}

const uint8_t *pe_next_cert(const uint8_t *buf, const struct pe_info *pe,
			    uint32_t *pos, size_t *p7_len, const char **why)
{
	*why = NULL;
	*p7_len = 0;
	while (*pos + 8 <= pe->cert_bytes) {
		const uint8_t *e = buf + pe->cert_off + *pos;
		uint32_t n = get_le32(e);

		if (n < 8 || n > pe->cert_bytes - *pos) {
			*why = "a certificate entry runs past the table";
			return NULL;
		}
		/* PE/COFF 4.7: entries start on 8-byte boundaries */
		*pos += (n + 7) & ~7u;
		if (*pos > pe->cert_bytes)
			*pos = pe->cert_bytes;
		if (get_le16(e + 4) != WIN_CERT_REVISION_2 ||
		    get_le16(e + 6) != WIN_CERT_TYPE_PKCS)
			continue;
		*p7_len = n - 8;
		return e + 8;
	}
	return NULL;
}

int sbat_parse(const char *text, size_t len, struct sbat_entry *out, int max,
	       const char **why)
{
	const char *p = text, *end = text + len, *nl;
	int n = 0;

	*why = NULL;
	for (; p < end && *p; p = nl + 1) {
		const char *comma, *q;
		size_t clen;
		unsigned long g = 0;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (nl == p || (nl - p == 1 && *p == '\r') || *p == '#')
			continue;
		comma = memchr(p, ',', (size_t)(nl - p));
		if (!comma || comma == p) {
			*why = "an SBAT line has no component name";
			return -EINVAL;
		}
		clen = (size_t)(comma - p);
		for (q = comma + 1; q < nl && *q >= '0' && *q <= '9'; q++) {
			g = g * 10 + (unsigned long)(*q - '0');
			if (g > 0xffffff) {
				*why = "an SBAT generation is out of range";
				return -EINVAL;
			}
		}
		if (q == comma + 1 || (q < nl && *q != ',' && *q != '\r')) {
			*why = "an SBAT line has no generation number";
			return -EINVAL;
		}
		if (n < max) {
			if (clen >= sizeof(out[n].component))
				clen = sizeof(out[n].component) - 1;
			memcpy(out[n].component, p, clen);
			out[n].component[clen] = '\0';
			out[n].generation = (unsigned)g;
		}
		n++;
	}
	return n < max ? n : max;
}

const char *sbatlevel_parse(const uint8_t *sec, size_t len, bool latest,
			    char *out, size_t out_size)
{
	uint32_t off;
	size_t n;

	if (len < 12)
		return ".sbatlevel is too short";
	off = get_le32(sec + (latest ? 8 : 4));
	if (off > len - 4)
		return ".sbatlevel points past its end";
	n = strnlen((const char *)sec + 4 + off, len - 4 - off);
	if (n >= out_size)
		return ".sbatlevel's text is too long";
	memcpy(out, sec + 4 + off, n);
	out[n] = '\0';
	return NULL;
}

const char *vendor_cert_parse(const uint8_t *sec, size_t len,
			      const uint8_t **der, size_t *der_len)
{
	uint32_t size, off;

	*der = NULL;
	*der_len = 0;
	if (len < 16)
		return ".vendor_cert is too short";
	size = get_le32(sec);
	off = get_le32(sec + 8);
	if (!size)
		return NULL;
	if (!inside(off, size, len))
		return ".vendor_cert points past its end";
	*der = sec + off;
	*der_len = size;
	return NULL;
}

/* One DER header (X.690 8.1): tag, length; *@hdr its size. */
static const char *der_head(const uint8_t *p, size_t len, uint8_t *tag,
			    size_t *body, size_t *hdr)
{
	size_t n, i, k;

	if (len < 2)
		return "DER item cut short";
	*tag = p[0];
	if ((p[0] & 0x1f) == 0x1f)
		return "DER tag too long";
	if (p[1] < 0x80) {
		n = p[1];
		k = 2;
	} else {
		size_t bytes = p[1] & 0x7f;

		if (!bytes || bytes > 4 || len < 2 + bytes)
			return "DER length malformed";
		for (n = 0, i = 0; i < bytes; i++)
			n = n << 8 | p[2 + i];
		k = 2 + bytes;
	}
	if (n > len - k)
		return "DER item runs past its container";
	*body = n;
	*hdr = k;
	return NULL;
}

/* Steps into a constructed item of tag @want: @p, @len become its body. */
static const char *der_enter(const uint8_t **p, size_t *len, uint8_t want,
			     size_t *item_len)
{
	uint8_t tag;
	size_t body, hdr;
	const char *why = der_head(*p, *len, &tag, &body, &hdr);

	if (why)
		return why;
	if (tag != want)
		return "unexpected DER tag";
	*item_len = hdr + body;
	*p += hdr;
	*len = body;
	return NULL;
}

const char *spc_digest(const uint8_t *der, size_t len, const uint8_t **digest,
		       size_t *digest_len, bool *sha256)
{
	/* 2.16.840.1.101.3.4.2.1 (id-sha256) */
	static const uint8_t oid_sha256[] = {0x60, 0x86, 0x48, 0x01, 0x65,
					     0x03, 0x04, 0x02, 0x01};
	const uint8_t *p = der, *alg;
	size_t n = len, item, alen;
	const char *why;

	*digest = NULL;
	*digest_len = 0;
	*sha256 = false;
	/* SpcIndirectDataContent ::= SEQUENCE { data, messageDigest } */
	why = der_enter(&p, &n, 0x30, &item);
	if (why)
		return why;
	/* skip data (SpcAttributeTypeAndOptionalValue) */
	{
		uint8_t tag;
		size_t body, hdr;

		why = der_head(p, n, &tag, &body, &hdr);
		if (why)
			return why;
		if (tag != 0x30)
			return "unexpected DER tag";
		p += hdr + body;
		n -= hdr + body;
	}
	/* DigestInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET STRING } */
	why = der_enter(&p, &n, 0x30, &item);
	if (why)
		return why;
	alg = p;
	alen = n;
	why = der_enter(&alg, &alen, 0x30, &item);
	if (why)
		return why;
	p += item;
	n -= item;
	why = der_enter(&alg, &alen, 0x06, &item);
	if (why)
		return why;
	*sha256 = alen == sizeof(oid_sha256) &&
		  !memcmp(alg, oid_sha256, sizeof(oid_sha256));
	why = der_enter(&p, &n, 0x04, &item);
	if (why)
		return why;
	*digest = p;
	*digest_len = n;
	return NULL;
}

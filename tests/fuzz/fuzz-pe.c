// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * fuzz-pe.c - libFuzzer target: the PE/COFF and Authenticode-location
 * parser, the SBAT, .sbatlevel and .vendor_cert readers, the signed
 * digest's DER walk and the PKCS#7 check on arbitrary bytes, and the
 * checksum-list, gpgv-status, isomd5, signature-list and dbx-update
 * parsers. Every
 * range the parser hands out must lie inside the input.
 * tests/tools/stk-fuzzrun-pe.c replays the corpus without libFuzzer.
 */
#include <stdlib.h>

#include "secureboot.h"
#include "sums.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void pe_part(const uint8_t *data, size_t size)
{
	static struct pe_info pe;
	struct sbat_entry sbat[8];
	uint8_t hash[32] = {0};
	struct ac_result res;
	const uint8_t *p, *der;
	const char *why;
	uint32_t pos = 0;
	size_t n, dlen;
	bool sha;
	char text[512];
	int i;

	if (pe_parse(data, size, &pe))
		return;
	for (i = 0; i < pe.n_ranges; i++)
		if (pe.range[i].off > size ||
		    pe.range[i].len > size - pe.range[i].off)
			abort();
	pe_authenticode_sha256(data, &pe, hash);
	while ((p = pe_next_cert(data, &pe, &pos, &n, &why))) {
		if (p < data || p + n > data + size)
			abort();
		ac_check(p, n, hash, NULL, &res);
	}
	p = pe_section_bytes(data, size, &pe, ".sbat", &n);
	if (p)
		sbat_parse((const char *)p, n, sbat, 8, &why);
	p = pe_section_bytes(data, size, &pe, ".sbatlevel", &n);
	if (p)
		sbatlevel_parse(p, n, true, text, sizeof(text));
	p = pe_section_bytes(data, size, &pe, ".vendor_cert", &n);
	if (p && !vendor_cert_parse(p, n, &der, &dlen) && der &&
	    (der < p || der + dlen > p + n))
		abort();
	if (!spc_digest(data, size, &der, &dlen, &sha) &&
	    (der < data || der + dlen > data + size))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sbat_entry sbat[8];
	struct sb_revoked *rv = calloc(1, sizeof(*rv));
	struct sums_entry e;
	struct gpgv_result g;
	struct isomd5_info m;
	const char *why;
	char *s;

	pe_part(data, size);
	sbat_parse((const char *)data, size, sbat, 8, &why);
	if (rv) {
		sb_revoked_from_siglists(rv, data, size);
		sb_revoked_from_update(rv, data, size);
		sb_revoked_load(rv, data, size);
		sb_revoked_parse(rv, (const char *)data, size);
		free(rv);
	}
	sums_lookup((const char *)data, size, "debian.iso", true, &e);
	isomd5_parse(data, size, &m);
	s = malloc(size + 1);
	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
		gpgv_parse_status(s, &g);
		free(s);
	}
	return 0;
}

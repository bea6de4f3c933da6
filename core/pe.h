/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pe.h - PE/COFF images (EFI loaders): headers, sections, where the
 * Authenticode signature lies and which bytes its hash covers, .sbat and
 * shim's .sbatlevel and .vendor_cert (pe.c, pure); the PKCS#7 signature
 * itself through OpenSSL (crypto.c).
 */
#ifndef STK_PE_H
#define STK_PE_H

#include "internal.h"
#include "hash.h"

#define PE_MAX_SECTIONS	96	/* PE/COFF 3.3: at most 96 sections */
#define PE_MAX_RANGES	(PE_MAX_SECTIONS + 4)

#define PE_MACHINE_I386		0x014c
#define PE_MACHINE_AMD64	0x8664
#define PE_MACHINE_ARM64	0xaa64
#define PE_MACHINE_ARMNT	0x01c4
#define PE_MACHINE_RISCV64	0x5064

struct pe_section {
	char		name[17];	/* long names from the string table */
	uint32_t	raw_off;	/* PointerToRawData */
	uint32_t	raw_bytes;	/* SizeOfRawData */
	uint32_t	virt_bytes;	/* VirtualSize */
};

struct pe_range {
	uint64_t	off;
	uint64_t	len;
};

struct pe_info {
	uint16_t	machine;
	bool		pe32plus;
	int		n_sections;
	struct pe_section section[PE_MAX_SECTIONS];
	uint32_t	cert_off;	/* the attribute certificate table, */
	uint32_t	cert_bytes;	/* 0 and 0 when unsigned */
	/* the bytes the Authenticode hash covers, in order */
	int		n_ranges;
	struct pe_range	range[PE_MAX_RANGES];
};

/* "x64", "ia32", "aa64", "arm", "riscv64" or "" for another machine. */
const char *pe_arch(uint16_t machine);

/*
 * pe_parse - read the headers of the PE image @buf (@len bytes, the whole
 * file). Returns NULL when sound, else why not.
 */
const char *pe_parse(const uint8_t *buf, size_t len, struct pe_info *pe);

/* The raw bytes of section @name, or NULL (@len 0) when absent. */
const uint8_t *pe_section_bytes(const uint8_t *buf, size_t len,
				const struct pe_info *pe, const char *name,
				size_t *out_len);

/* The Authenticode SHA-256 over pe->range. */
void pe_authenticode_sha256(const uint8_t *buf, const struct pe_info *pe,
			    uint8_t out[SHA256_BYTES]);

/*
 * pe_next_cert - walk the WIN_CERTIFICATE entries (PE/COFF 4.7):
 * start with *@pos = 0; returns the PKCS#7 bytes of the next
 * WIN_CERT_TYPE_PKCS_SIGNED_DATA entry, NULL at the end, or NULL with
 * *@why set when the table is malformed.
 */
const uint8_t *pe_next_cert(const uint8_t *buf, const struct pe_info *pe,
			    uint32_t *pos, size_t *p7_len, const char **why);

/* One "component,generation,..." line of an SBAT CSV. */
struct sbat_entry {
	char		component[48];
	unsigned	generation;
};

/*
 * sbat_parse - the entries of an SBAT CSV (@text, @len, maybe with NULs
 * at the end) into @out, at most @max. Returns the count, or -EINVAL
 * with *@why when a line is malformed.
 */
int sbat_parse(const char *text, size_t len, struct sbat_entry *out, int max,
	       const char **why);

/*
 * sbatlevel_parse - shim's .sbatlevel section: a version word, then the
 * offsets (from byte 4) of the "previous" and "latest" revocation texts.
 * Copies the one asked for (NUL-terminated) to @out. Returns NULL or why.
 */
const char *sbatlevel_parse(const uint8_t *sec, size_t len, bool latest,
			    char *out, size_t out_size);

/*
 * vendor_cert_parse - shim's .vendor_cert section: the authorised
 * vendor certificate (DER) built into shim. Returns NULL or why.
 */
const char *vendor_cert_parse(const uint8_t *sec, size_t len,
			      const uint8_t **der, size_t *der_len);

/*
 * spc_digest - the digest that an Authenticode SpcIndirectDataContent
 * (@der, with its SEQUENCE header) carries, and whether its algorithm is
 * SHA-256. Returns NULL or why. Pure DER walking.
 */
const char *spc_digest(const uint8_t *der, size_t len, const uint8_t **digest,
		       size_t *digest_len, bool *sha256);

/* crypto.c: the one file that includes OpenSSL. */
struct ac_trust;	/* certificates to chain to; ac_trust_free() */

/* Loads the PEM certificates of @path; NULL with *@why on failure. */
struct ac_trust *ac_trust_load(const char *path, const char **why);
/* Adds one DER certificate (shim's vendor cert). */
int ac_trust_add_der(struct ac_trust *t, const uint8_t *der, size_t len);
void ac_trust_free(struct ac_trust *t);		/* NULL is fine */

struct ac_result {
	bool	intact;		/* signature good and over this file's hash */
	char	signer[STK_REASON_MAX];
	char	issuer[STK_REASON_MAX];
	bool	trusted;	/* chains to a certificate of @trust */
	char	anchor[STK_REASON_MAX];	/* its common name */
	char	problem[STK_REASON_MAX];
};

/*
 * ac_check - check one PKCS#7 signature (@p7) against the file's
 * Authenticode SHA-256 (@hash, 32 bytes) and, when @trust is not NULL,
 * whether its signer chains to one of those certificates (expiry is
 * ignored, as firmware does).
 */
void ac_check(const uint8_t *p7, size_t len, const uint8_t hash[32],
	      struct ac_trust *trust, struct ac_result *res);

#endif /* STK_PE_H */

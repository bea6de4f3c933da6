/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sums.h - checksum lists (sums.c, pure), the signature check through
 * gpgv (gpgv.c) and the implanted ISO checksum (isomd5.c).
 */
#ifndef STK_SUMS_H
#define STK_SUMS_H

#include "internal.h"

struct sums_entry {
	enum stk_hash_algo	algo;
	char			hex[STK_HASH_HEX_MAX];	/* lower case */
};

/* Does @text hold an OpenPGP clearsigned message? */
bool sums_clearsigned(const char *text, size_t len);

/*
 * sums_lookup - the entry for @name in the list @text. In a clearsigned
 * list only the signed text counts. With @single a lone digest (a file
 * made for one image) counts too. Return: 0, -ENOENT when not listed.
 */
int sums_lookup(const char *text, size_t len, const char *name, bool single,
		struct sums_entry *e);

/* gpgv.c: what gpgv says about a signature. */
struct gpgv_result {
	enum stk_sig_state	state;
	char			fpr[64];
	char			uid[STK_REASON_MAX];
	char			detail[STK_REASON_MAX];
};

/*
 * gpgv_parse_status - read gpgv's --status-fd lines ("[GNUPG:] GOODSIG
 * ...") out of @out. Pure.
 */
void gpgv_parse_status(const char *out, struct gpgv_result *res);

/*
 * gpgv_verify - run gpgv on @sig (detached, over @data) or, with @data
 * NULL, on the clearsigned file @sig, against @keyrings. Never fails: a
 * missing gpgv is STK_SIG_ERROR with the reason in @res->detail.
 */
void gpgv_verify(struct stk_ctx *ctx, const char *sig, const char *data,
		 const char *const *keyrings, int n_keyrings,
		 struct gpgv_result *res);

/* isomd5.c: the implanted sum's fields, parsed from the 512-byte area. */
struct isomd5_info {
	bool		present;
	char		md5[33];
	unsigned	skip_sectors;
};

/* Parses the PVD application use area (@app, 512 bytes). Pure. */
void isomd5_parse(const uint8_t *app, size_t len, struct isomd5_info *out);

/* hashfile.c: hash from byte 0 with progress (phase CHECKSUM). */
struct hash_window {
	uint64_t	off;	/* these bytes are hashed as @fill instead */
	uint64_t	len;
	uint8_t		fill;
};

/* Size of the regular file or block device open at @fd. */
int hashfile_size(struct stk_ctx *ctx, int fd, const char *path,
		  uint64_t *bytes);
/* Hashes the first @len bytes of @fd into @hex (@w may be NULL). */
int hashfile_fd(struct stk_ctx *ctx, int fd, const char *path,
		enum stk_hash_algo algo, uint64_t len,
		const struct hash_window *w, char *hex);

#endif /* STK_SUMS_H */

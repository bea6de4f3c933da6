// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * isomd5.c - the MD5 that isomd5sum's implantisomd5 writes into the
 * primary volume descriptor's application use area (ECMA-119 8.4.32,
 * bytes 883..1394): "ISO MD5SUM = HEX;SKIPSECTORS = N;...". The sum
 * covers the volume from byte 0 up to N sectors before its end, with the
 * area itself read as blanks.
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sums.h"

#define PVD_FIRST_LBA 16
#define PVD_MAX	      32
#define APP_OFFSET    883
#define APP_BYTES     512

/* The value after "KEY = " in the ';'-separated fields, or NULL. */
static const char *field(const char *s, const char *key)
{
	const char *p = strstr(s, key);

	if (!p)
		return NULL;
	p += strlen(key);
	while (*p == ' ')
		p++;
	if (*p != '=')
		return NULL;
	p++;
	while (*p == ' ')
		p++;
	return p;
}

void isomd5_parse(const uint8_t *app, size_t len, struct isomd5_info *out)
{
	char text[APP_BYTES + 1];
	const char *v;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (len > APP_BYTES)
		len = APP_BYTES;
	for (i = 0; i < len; i++)
		text[i] = app[i] ? (char)app[i] : ' ';
	text[len] = '\0';
	v = field(text, "ISO MD5SUM");
	if (!v)
		return;
	for (i = 0; i < 32; i++)
		if (!isxdigit((unsigned char)v[i]))
			return;
	for (i = 0; i < 32; i++)
		out->md5[i] = (char)tolower((unsigned char)v[i]);
	out->md5[32] = '\0';
	v = field(text, "SKIPSECTORS");
	out->skip_sectors = v ? (unsigned)strtoul(v, NULL, 10) : 0;
	out->present = true;
}

int stk_isomd5_check(struct stk_ctx *ctx, const char *path,
		     struct stk_isomd5 *out)
{
	uint8_t vd[ISO_BLOCK_BYTES];
	struct hash_window w = {.len = APP_BYTES, .fill = ' '};
	struct isomd5_info info;
	uint64_t bytes, volume, skip, pvd_off = 0;
	int fd, rc, i;

	memset(out, 0, sizeof(*out));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return stk_seterr_errno(ctx, -errno, "cannot open '%s'", path);
	rc = hashfile_size(ctx, fd, path, &bytes);
	if (rc)
		goto out;
	/* ECMA-119 8.1: descriptors from sector 16; type 1 is the PVD. */
	for (i = 0; i < PVD_MAX; i++) {
		uint64_t off = (uint64_t)(PVD_FIRST_LBA + i) * ISO_BLOCK_BYTES;

		if (off + ISO_BLOCK_BYTES > bytes ||
		    io_pread_full(fd, vd, sizeof(vd), off))
			break;
		if (memcmp(vd + 1, "CD001", 5))
			break;
		if (vd[0] == 1) {
			pvd_off = off;
			break;
		}
		if (vd[0] == 255)
			break;
	}
	if (!pvd_off)
		goto out;
	isomd5_parse(vd + APP_OFFSET, APP_BYTES, &info);
	if (!info.present)
		goto out;
	/* ECMA-119 8.4.8: volume space size, both-endian, logical blocks */
	volume = (uint64_t)get_le32(vd + 80) * get_le16(vd + 128);
	skip = (uint64_t)info.skip_sectors * ISO_BLOCK_BYTES;
	if (volume > bytes || skip >= volume) {
		rc = stk_seterr(
			ctx, -EINVAL,
			"'%s' is shorter than the volume its implanted checksum covers",
			path);
		goto out;
	}
	w.off = pvd_off + APP_OFFSET;
	out->bytes = volume - skip;
	memcpy(out->expected, info.md5, sizeof(out->expected));
	rc = hashfile_fd(ctx, fd, path, STK_HASH_MD5, out->bytes, &w,
			 out->computed);
	if (rc)
		goto out;
	out->state = strcmp(out->computed, out->expected) ? STK_ISOMD5_MISMATCH
							  : STK_ISOMD5_OK;
out:
	close(fd);
	return rc;
}

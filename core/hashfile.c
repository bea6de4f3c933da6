// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hashfile.c - hash a file or a stick from byte 0, with progress and
 * cancel, for the image checks; an optional window of bytes can be read
 * as blanks (the implanted ISO checksum leaves out its own field).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>

#include "sums.h"
#include "hash.h"

#define HASH_CHUNK    (4u << 20)
#define HASH_REPORT_S 0.1

int hashfile_size(struct stk_ctx *ctx, int fd, const char *path,
		  uint64_t *bytes)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return stk_seterr_errno(ctx, -errno, "cannot stat '%s'", path);
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(fd, BLKGETSIZE64, bytes) < 0)
			return stk_seterr_errno(ctx, -errno,
						"cannot get the size of '%s'",
						path);
		return 0;
	}
	if (!S_ISREG(st.st_mode))
		return stk_seterr(ctx, -EINVAL,
				  "'%s' is not a file or a block device", path);
	*bytes = (uint64_t)st.st_size;
	return 0;
}

/* Blanks the part of @buf (file bytes @off..) that falls in the window. */
static void blank(uint8_t *buf, size_t n, uint64_t off,
		  const struct hash_window *w)
{
	uint64_t a, b;

	if (!w || !w->len)
		return;
	a = w->off > off ? w->off : off;
	b = w->off + w->len < off + n ? w->off + w->len : off + n;
	if (a < b)
		memset(buf + (a - off), w->fill, (size_t)(b - a));
}

int hashfile_fd(struct stk_ctx *ctx, int fd, const char *path,
		enum stk_hash_algo algo, uint64_t len,
		const struct hash_window *w, char *hex)
{
	double start = stk_now(), last = 0;
	uint64_t off = 0;
	struct hash h;
	uint8_t *buf;
	int rc = 0;

	buf = malloc(HASH_CHUNK);
	if (!buf)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	hash_init(&h, algo);
	while (off < len) {
		size_t n = len - off < HASH_CHUNK ? (size_t)(len - off)
						  : HASH_CHUNK;
		double now;

		rc = io_pread_full(fd, buf, n, off);
		if (rc) {
			rc = stk_seterr(ctx, rc,
					"cannot read '%s' at byte %llu", path,
					(unsigned long long)off);
			goto out;
		}
		blank(buf, n, off, w);
		hash_update(&h, buf, n);
		off += n;
		now = stk_now();
		if (now - last >= HASH_REPORT_S || off == len) {
			last = now;
			rc = stk_report(ctx, STK_PHASE_CHECKSUM, off, len,
					now - start, path);
			if (rc)
				goto out;
		}
	}
	hash_final_hex(&h, hex);
out:
	free(buf);
	return rc;
}

int stk_hash_file(struct stk_ctx *ctx, const char *path,
		  enum stk_hash_algo algo, uint64_t limit,
		  char hex[STK_HASH_HEX_MAX])
{
	uint64_t bytes;
	int fd, rc;

	hex[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return stk_seterr_errno(ctx, -errno, "cannot open '%s'", path);
	rc = hashfile_size(ctx, fd, path, &bytes);
	if (!rc && limit && limit < bytes)
		bytes = limit;
	if (!rc)
		rc = hashfile_fd(ctx, fd, path, algo, bytes, NULL, hex);
	close(fd);
	return rc;
}

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * shadow.c - the shadow: a sparse scratch file as large as the target in
 * which the partition table, FAT metadata, small files and syslinux are
 * built, and whose data ranges (SEEK_DATA/SEEK_HOLE) join the image map.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "shadow.h"

/* Where the scratch file goes: next to a file target, else in $TMPDIR. */
static char *shadow_dir(const char *near)
{
	const char *tmp = getenv("TMPDIR");
	struct stat st;
	char *dir;
	char *slash;

	if (near && !stat(near, &st) && S_ISREG(st.st_mode)) {
		dir = strdup(near);
		if (!dir)
			return NULL;
		slash = strrchr(dir, '/');
		if (!slash)
			strcpy(dir, ".");
		else if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
		return dir;
	}
	return strdup(tmp && *tmp ? tmp : "/tmp");
}

int shadow_create(struct stk_ctx *ctx, const char *near, uint64_t size_bytes,
		  struct shadow **out)
{
	struct shadow *sh;
	char *dir;
	int rc;

	*out = NULL;
	sh = calloc(1, sizeof(*sh));
	dir = shadow_dir(near);
	if (!sh || !dir) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out_free;
	}
	sh->fd = -1;
	if (asprintf(&sh->path, "%s/.stickler-shadow.XXXXXX", dir) < 0) {
		sh->path = NULL;
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out_free;
	}
	sh->fd = mkostemp(sh->path, O_CLOEXEC);
	if (sh->fd < 0) {
		rc = stk_seterr(
			ctx, -errno,
			"cannot create a scratch file in '%s': %s (TMPDIR chooses another place)",
			dir, strerror(errno));
		goto out_free;
	}
	if (ftruncate(sh->fd, (off_t)size_bytes) < 0) {
		rc = stk_seterr(
			ctx, -errno == -EFBIG ? -EDQUOT : -errno,
			"cannot grow the scratch file '%s' to %llu bytes: %s",
			sh->path, (unsigned long long)size_bytes,
			strerror(errno));
		goto out_free;
	}
	sh->size_bytes = size_bytes;
	DBG(ctx, PART, "shadow '%s', %llu bytes", sh->path,
	    (unsigned long long)size_bytes);
	free(dir);
	*out = sh;
	return 0;
out_free:
	free(dir);
	shadow_free(sh);
	return rc;
}

void shadow_unlink(struct shadow *sh)
{
	if (sh && sh->fd >= 0 && !sh->unlinked && !unlink(sh->path))
		sh->unlinked = true;
}

void shadow_free(struct shadow *sh)
{
	if (!sh)
		return;
	if (sh->fd >= 0) {
		shadow_unlink(sh);
		close(sh->fd);
	}
	free(sh->path);
	free(sh);
}

int shadow_write(struct stk_ctx *ctx, struct shadow *sh, const void *buf,
		 size_t len, uint64_t off)
{
	int rc;

	if (off > sh->size_bytes || len > sh->size_bytes - off)
		return stk_seterr(
			ctx, -ERANGE,
			"write of %zu bytes at %llu is past the end of the scratch file",
			len, (unsigned long long)off);
	rc = io_pwrite_full(sh->fd, buf, len, off);
	if (rc == -ENOSPC)
		return stk_seterr(
			ctx, -EDQUOT,
			"no room for the scratch file '%s': its file system is full",
			sh->path);
	if (rc)
		return stk_seterr_errno(ctx, rc,
					"cannot write the scratch file '%s'",
					sh->path);
	return 0;
}

int shadow_read(struct stk_ctx *ctx, struct shadow *sh, void *buf, size_t len,
		uint64_t off)
{
	int rc;

	if (off > sh->size_bytes || len > sh->size_bytes - off)
		return stk_seterr(
			ctx, -ERANGE,
			"read of %zu bytes at %llu is past the end of the scratch file",
			len, (unsigned long long)off);
	rc = io_pread_full(sh->fd, buf, len, off);
	if (rc)
		return stk_seterr(ctx, rc, "cannot read the scratch file '%s'",
				  sh->path);
	return 0;
}

void shadow_ranges_free(struct shadow_ranges *r)
{
	if (!r)
		return;
	free(r->range);
	r->range = NULL;
	r->n = 0;
}

static int ranges_add(struct shadow_ranges *r, uint64_t off, uint64_t len)
{
	struct shadow_range *p;

	if (r->n && r->range[r->n - 1].off + r->range[r->n - 1].len == off) {
		r->range[r->n - 1].len += len;
		return 0;
	}
	p = realloc(r->range, (r->n + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	r->range = p;
	r->range[r->n].off = off;
	r->range[r->n].len = len;
	r->n++;
	return 0;
}

/*
 * Everything that was ever written is data; holes read as zeros and are
 * left to the map (must-write regions are declared separately). A file
 * system without SEEK_DATA makes the whole file one data range, which is
 * slower but still right.
 */
int shadow_data_ranges(struct stk_ctx *ctx, struct shadow *sh,
		       struct shadow_ranges *out)
{
	off_t end = (off_t)sh->size_bytes;
	off_t pos = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	while (pos < end) {
		off_t data = lseek(sh->fd, pos, SEEK_DATA);
		off_t hole;

		if (data < 0) {
			if (errno == ENXIO)
				break;
			if (errno == EINVAL && pos == 0) {
				rc = ranges_add(out, 0, sh->size_bytes);
				if (rc)
					goto fail;
				break;
			}
			rc = -errno;
			goto fail;
		}
		hole = lseek(sh->fd, data, SEEK_HOLE);
		if (hole < 0) {
			rc = -errno;
			goto fail;
		}
		if (hole > end)
			hole = end;
		rc = ranges_add(out, (uint64_t)data, (uint64_t)(hole - data));
		if (rc)
			goto fail;
		pos = hole;
	}
	return 0;
fail:
	shadow_ranges_free(out);
	return stk_seterr(ctx, rc,
			  "cannot find the data in the scratch file '%s'",
			  sh->path);
}

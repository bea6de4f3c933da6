// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * target.c - open what is written to: a regular file (created and sized)
 * or a whole block device (checked for mounts, opened exclusively, its
 * logical sector size from BLKSSZGET).
 */
#define _GNU_SOURCE /* O_DIRECT */
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guard.h"
#include "internal.h"
#include "target.h"

int target_check(struct stk_ctx *ctx, const char *path, const char *image_path,
		 unsigned flags)
{
	int rc;

	rc = stk_device_check_path(ctx, path, image_path,
				   flags & TARGET_CHECK_MASK, NULL, 0);
	if (rc == -ENOTBLK)
		return stk_seterr(ctx, rc, "'%s' is not a block device", path);
	return rc;
}

int target_resolve(struct stk_ctx *ctx, char **path)
{
	struct stk_device *dev;
	char *p;
	int rc;

	if (!strncmp(*path, "usb:", 4)) {
		rc = stk_device_lookup(ctx, *path, &dev);
		if (rc)
			return rc;
		p = strdup(dev->path);
		stk_device_free(dev);
		if (!p)
			return stk_seterr(ctx, -ENOMEM, "out of memory");
		free(*path);
		*path = p;
	}
	if (!strncmp(*path, "/dev/", 5) && access(*path, F_OK))
		return stk_seterr(ctx, -ENODEV, "no such device '%s'", *path);
	return 0;
}

int target_set_direct(struct target *tg, bool on)
{
	int fl = fcntl(tg->fd, F_GETFL);

	if (fl < 0)
		return -errno;
	fl = on ? fl | O_DIRECT : fl & ~O_DIRECT;
	if (fcntl(tg->fd, F_SETFL, fl) < 0)
		return -errno;
	tg->direct = on;
	return 0;
}

bool target_is_gone(struct target *tg)
{
	struct stat st;
	uint8_t *buf;
	bool gone;

	if (stat(tg->path, &st) < 0)
		return true;
	if (tg->is_blockdev && st.st_rdev != tg->dev)
		return true;
	if (!tg->is_blockdev)
		return false;
	/* every I/O failing: even sector 0 cannot be read */
	buf = io_alloc_aligned(tg->sector_bytes);
	if (!buf)
		return false;
	gone = pread(tg->fd, buf, tg->sector_bytes, 0) != tg->sector_bytes;
	free(buf);
	return gone;
}

int target_io_error(struct stk_ctx *ctx, struct target *tg, bool write, int rc,
		    uint64_t off)
{
	if (rc == -ENODEV || rc == -ENXIO || target_is_gone(tg))
		return stk_seterr(
			ctx, -ENODEV,
			write ? "'%s' vanished: writing at byte %" PRIu64
				" failed (%s)"
			      : "'%s' vanished: reading byte %" PRIu64
				" back failed (%s)",
			tg->path, off, strerror(-rc));
	if (write && rc == -ENOSPC)
		return stk_seterr(ctx, -ENOSPC,
				  "no space left on '%s' at byte %" PRIu64,
				  tg->path, off);
	return stk_seterr(ctx, write ? rc : -EIO,
			  write ? "write error on '%s' at byte %" PRIu64
				  " (sector %" PRIu64 "): %s"
				: "read error on '%s' at byte %" PRIu64
				  " (sector %" PRIu64 "): %s",
			  tg->path, off, off / tg->sector_bytes, strerror(-rc));
}

uint64_t target_first_bad(struct target *tg, target_try_fn try, void *buf,
			  uint64_t off, size_t len, size_t step)
{
	size_t pos, n = 0, s;

	/* 1. Pieces of @step: the first that fails again. */
	for (pos = 0; pos < len; pos += step) {
		n = len - pos < step ? len - pos : step;
		if (try(tg, buf, pos, off + pos, n))
			break;
	}
	if (pos >= len)
		return UINT64_MAX;
	if (step <= tg->sector_bytes)
		return off + pos;
	/* 2. Its sectors one by one; none failing alone names the piece. */
	for (s = pos; s < pos + n; s += tg->sector_bytes)
		if (try(tg, buf, s, off + s,
			tg->sector_bytes < pos + n - s ? tg->sector_bytes
						       : pos + n - s))
			return off + s;
	return off + pos;
}

static int open_file(struct stk_ctx *ctx, struct target *tg, unsigned flags,
		     uint64_t size_bytes)
{
	int mode = flags & TARGET_WRITE ? O_RDWR : O_RDONLY;
	struct stat st;

	if (flags & TARGET_CREATE)
		mode |= O_CREAT;
	tg->fd = open(tg->path, mode | O_DIRECT | O_CLOEXEC, 0644);
	tg->direct = tg->fd >= 0;
	/* tmpfs and some FUSE file systems refuse O_DIRECT */
	if (tg->fd < 0 && errno == EINVAL)
		tg->fd = open(tg->path, mode | O_CLOEXEC, 0644);
	if (tg->fd < 0) {
		if (errno == EROFS || errno == EACCES || errno == EPERM)
			return stk_seterr(ctx, -EROFS,
					  "'%s' is not writable: %s", tg->path,
					  strerror(errno));
		return stk_seterr_errno(ctx, -errno, "cannot open '%s'",
					tg->path);
	}
	if (getenv("STICKLER_NO_DIRECT") && tg->direct)
		target_set_direct(tg, false);
	if ((flags & TARGET_WRITE) && size_bytes &&
	    ftruncate(tg->fd, (off_t)size_bytes) < 0)
		return stk_seterr_errno(ctx, -errno,
					"cannot size '%s' to %" PRIu64 " bytes",
					tg->path, size_bytes);
	if (fstat(tg->fd, &st) < 0)
		return stk_seterr_errno(ctx, -errno, "cannot stat '%s'",
					tg->path);
	tg->size_bytes = (uint64_t)st.st_size;
	tg->sector_bytes = 512;
	return 0;
}

static int open_blockdev(struct stk_ctx *ctx, struct target *tg,
			 const char *image_path, unsigned flags,
			 const struct stat *st)
{
	int ro = 0, ssz = 0, fd, rc;

	tg->is_blockdev = true;
	tg->dev = st->st_rdev;
	if ((flags & TARGET_WRITE) && !(flags & TARGET_CHECKED)) {
		rc = target_check(ctx, tg->path, image_path, flags);
		if (rc)
			return rc;
	}
	/* ask first, so a write-protected stick gets its own message */
	fd = open(tg->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return stk_seterr_errno(ctx, -errno, "cannot open '%s'",
					tg->path);
	if (ioctl(fd, BLKROGET, &ro) < 0)
		ro = 0;
	close(fd);
	if (ro && (flags & TARGET_WRITE))
		return stk_seterr(ctx, -EROFS, "'%s' is write-protected",
				  tg->path);

	tg->fd = open(tg->path,
		      (flags & TARGET_WRITE ? O_RDWR | O_EXCL : O_RDONLY) |
			      O_DIRECT | O_CLOEXEC);
	tg->direct = tg->fd >= 0;
	if (tg->fd < 0 && errno == EINVAL)
		tg->fd = open(tg->path, (flags & TARGET_WRITE ? O_RDWR | O_EXCL
							      : O_RDONLY) |
						O_CLOEXEC);
	if (tg->fd < 0) {
		if (errno == EBUSY)
			return stk_seterr(ctx, -EBUSY,
					  "'%s' is in use by another program",
					  tg->path);
		if (errno == EROFS || errno == EACCES)
			return stk_seterr(ctx, -EROFS,
					  "'%s' is write-protected", tg->path);
		return stk_seterr_errno(ctx, -errno, "cannot open '%s'",
					tg->path);
	}
	if (ioctl(tg->fd, BLKGETSIZE64, &tg->size_bytes) < 0)
		return stk_seterr_errno(
			ctx, -errno, "cannot read the size of '%s'", tg->path);
	if (ioctl(tg->fd, BLKSSZGET, &ssz) < 0 || ssz < 512)
		ssz = 512;
	tg->sector_bytes = (uint32_t)ssz;
	return 0;
}

int target_open(struct stk_ctx *ctx, const char *path, const char *image_path,
		unsigned flags, uint64_t size_bytes, struct target **out)
{
	struct target *tg;
	struct stat st;
	int rc;

	*out = NULL;
	tg = calloc(1, sizeof(*tg));
	if (!tg)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	tg->fd = -1;
	tg->path = strdup(path);
	if (!tg->path) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out_free;
	}
	if (stat(path, &st) < 0) {
		if (errno != ENOENT || !(flags & TARGET_CREATE)) {
			rc = stk_seterr_errno(ctx, -errno, "cannot open '%s'",
					      path);
			goto out_free;
		}
		tg->created = true;
		rc = open_file(ctx, tg, flags, size_bytes);
	} else {
		/* links followed: the image under another name is refused */
		rc = guard_not_image(ctx, path, &st, image_path);
		if (!rc)
			rc = guard_target_kind(ctx, path, &st);
		if (!rc && S_ISBLK(st.st_mode))
			rc = open_blockdev(ctx, tg, image_path, flags, &st);
		else if (!rc)
			rc = open_file(ctx, tg, flags & ~TARGET_CREATE,
				       size_bytes);
	}
	if (rc)
		goto out_free;
	*out = tg;
	return 0;

out_free:
	if (tg->created && tg->fd >= 0)
		unlink(tg->path);
	target_close(tg);
	return rc;
}

void target_close(struct target *tg)
{
	if (!tg)
		return;
	if (tg->fd >= 0)
		close(tg->fd);
	free(tg->path);
	free(tg);
}

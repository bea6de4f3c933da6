// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * eject.c - "safe to remove": flush a written stick and power it off
 * through sysfs, as a desktop's eject does.
 */
#include <fcntl.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "internal.h"
#include "sysfs.h"

static int power_off(struct stk_ctx *ctx, const char *spec,
		     const struct stk_device *written, char *how, size_t len)
{
	struct stk_device *dev = NULL;
	char said[128] = "";
	int i, fd, rc;

	if (!ctx || !spec)
		return -EINVAL;
	rc = stk_device_lookup(ctx, spec, &dev);
	if (rc)
		return rc;

	/* 0. The disk that was written, not one that took its name since. */
	if (written &&
	    (dev->major != written->major || dev->minor != written->minor ||
	     dev->size_bytes != written->size_bytes ||
	     (dev->diskseq && written->diskseq &&
	      dev->diskseq != written->diskseq) ||
	     strcmp(dev->serial, written->serial))) {
		rc = stk_seterr(
			ctx, -ESTALE,
			"'%s' is no longer the disk that was written (serial '%s', now '%s'): not powered off",
			spec, written->serial, dev->serial);
		goto out_free;
	}

	/* 1. Nothing of it may be in use: a mounted file system would lose
	 *    what it has not written yet. */
	for (i = 0; i < dev->n_parts && !dev->mountpoint[0]; i++)
		if (dev->part[i].mountpoint[0]) {
			rc = stk_seterr(
				ctx, -EBUSY,
				"'%s' has a mounted file system (%s): unmount it first",
				dev->path, dev->part[i].mountpoint);
			goto out_free;
		}
	if (dev->mountpoint[0]) {
		rc = stk_seterr(
			ctx, -EBUSY,
			"'%s' has a mounted file system (%s): unmount it first",
			dev->path, dev->mountpoint);
		goto out_free;
	}

	/* 1b. Nor used without a mount: swap, or dm, md or LVM on it (a
	 *     dm-crypt /home keeps its disk busy with no mount of its own),
	 *     nor the disk the station runs from. */
	if (dev->refusal == STK_REFUSE_STATION ||
	    dev->refusal == STK_REFUSE_SWAP ||
	    dev->refusal == STK_REFUSE_HOLDERS) {
		rc = stk_seterr(ctx, -EBUSY,
				"'%s' is in use (%s): not powered off",
				dev->path, dev->reason);
		goto out_free;
	}

	/* 2. Flush: the page cache and the disk's own write cache (a
	 *    fixture's disks are not this machine's: never opened). */
	if (!sysfs_is_fixture(ctx)) {
		fd = open(dev->path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			rc = stk_seterr_errno(ctx, -errno, "cannot open '%s'",
					      dev->path);
			goto out_free;
		}
		if (fsync(fd) < 0 || ioctl(fd, BLKFLSBUF, 0) < 0)
			rc = stk_seterr_errno(ctx, -errno, "cannot flush '%s'",
					      dev->path);
		close(fd);
		if (rc)
			goto out_free;
	}

	/* 3. Let it go. */
	rc = sysfs_power_off(ctx, dev->name, said, sizeof(said));
	if (rc == -ENOTSUP)
		rc = stk_seterr(
			ctx, rc,
			"'%s' cannot be powered off: sysfs offers no remove or delete for it",
			dev->path);
	else if (rc)
		rc = stk_seterr_errno(ctx, rc, "cannot power off '%s'",
				      dev->path);
	else
		DBG(ctx, DEVICE, "%s: %s", dev->name, said);
	if (!rc && how)
		stk_strlcpy(how, said, len);
out_free:
	stk_device_free(dev);
	return rc;
}

int stk_device_power_off(struct stk_ctx *ctx, const char *spec, char *how,
			 size_t len)
{
	return power_off(ctx, spec, NULL, how, len);
}

int stk_device_power_off_same(struct stk_ctx *ctx,
			      const struct stk_device *written, char *how,
			      size_t len)
{
	if (!written)
		return -EINVAL;
	return power_off(ctx, written->path, written, how, len);
}

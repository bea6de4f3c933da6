// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * image.c - opening an image file read-only and keeping what the probe
 * found about it.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>

#include "guard.h"
#include "internal.h"
#include "iso.h"
#include "probe.h"

/* Size of a regular file or a block device. */
static int image_size(struct stk_ctx *ctx, struct stk_image *img,
		      const struct stat *st)
{
	uint64_t bytes;

	if (S_ISREG(st->st_mode)) {
		img->file_bytes = (uint64_t)st->st_size;
		return 0;
	}
	if (S_ISBLK(st->st_mode)) {
		if (ioctl(img->fd, BLKGETSIZE64, &bytes) < 0)
			return stk_seterr_errno(ctx, -errno,
						"cannot get the size of '%s'",
						img->path);
		img->file_bytes = bytes;
		return 0;
	}
	if (S_ISDIR(st->st_mode))
		return stk_seterr(ctx, -EISDIR, "'%s' is a directory",
				  img->path);
	return stk_seterr(ctx, -EINVAL, "'%s' is not a file or a block device",
			  img->path);
}

int stk_image_open(struct stk_ctx *ctx, const char *path,
		   struct stk_image **out)
{
	return stk_image_open_for(ctx, path, STK_MODE_AUTO, out);
}

int stk_image_open_for(struct stk_ctx *ctx, const char *path,
		       enum stk_mode mode, struct stk_image **out)
{
	struct stk_image *img;
	struct stat st;
	int rc;

	if (!out)
		return stk_seterr(ctx, -EINVAL, "stk_image_open: no result");
	*out = NULL;
	if (!ctx || !path || !*path)
		return stk_seterr(ctx, -EINVAL, "no image path given");
	img = calloc(1, sizeof(*img));
	if (!img)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	img->fd = -1;
	img->path = strdup(path);
	if (!img->path) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out_close;
	}

	img->fd = guard_open_image(ctx, path, &st);
	if (img->fd < 0) {
		rc = img->fd;
		goto out_close;
	}
	rc = image_size(ctx, img, &st);
	if (rc)
		goto out_close;

	img->head_only = mode == STK_MODE_RAW;
	rc = probe_image(ctx, img);
	if (rc)
		goto out_close;
	*out = img;
	return 0;

out_close:
	stk_image_close(img);
	return rc;
}

void stk_image_close(struct stk_image *img)
{
	if (!img)
		return;
	iso_close(img->iso);
	if (img->fd >= 0)
		close(img->fd);
	free(img->path);
	free(img);
}

const struct stk_report *stk_image_report(const struct stk_image *img)
{
	return img ? &img->report : NULL;
}

const char *stk_image_path(const struct stk_image *img)
{
	return img ? img->path : NULL;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * target.h - the opened target: a regular file (created or sized) or a
 * whole block device (exclusive open, sector size from BLKSSZGET).
 */
#ifndef STK_TARGET_H
#define STK_TARGET_H

#include "internal.h"

struct target {
	char		*path;
	int		fd;
	bool		is_blockdev;
	bool		direct;		/* fd has O_DIRECT */
	bool		created;	/* a file target that did not exist */
	bool		synced;		/* the writer's fdatasync came after its
					 * last write: nothing of ours is dirty */
	uint64_t	size_bytes;	/* device size, or the file's size */
	uint32_t	sector_bytes;	/* logical sector: 512 or 4096 */
	uint64_t	dev;		/* st_rdev of a block device */
};

/*
 * Flags of target_open(): how to open, above the bits of the device
 * check (STK_CHECK_ANY_DEVICE, _UNMOUNT, _DRY_RUN), which pass through
 * to stk_device_check() unchanged: one vocabulary for the check.
 */
#define TARGET_WRITE		(1u << 16)	/* else read only (verify) */
#define TARGET_CREATE		(1u << 17)	/* create a missing file */
#define TARGET_CHECKED		(1u << 18)	/* the caller has just run
						 * stk_device_check() on it */
#define TARGET_CHECK_MASK	0xffffu		/* the STK_CHECK_* bits */

/*
 * target_open - open @path for writing (TARGET_WRITE) or for reading back.
 * A regular file is created if missing (TARGET_CREATE) and, with
 * @size_bytes != 0, grown or cut to that size. A block device must pass
 * target_check() (for writing, unless TARGET_CHECKED) and is opened
 * exclusively. @image_path is
 * the source, so the disk holding it is refused. Free with target_close().
 */
int target_open(struct stk_ctx *ctx, const char *path, const char *image_path,
		unsigned flags, uint64_t size_bytes, struct target **out);
void target_close(struct target *tg);		/* NULL is fine */

/*
 * target_check - may the block device @path be written? The one place
 * that asks the device layer (stk_device_check_path(): mounted, swap,
 * holders, the source's disk, USB/MMC unless STK_CHECK_ANY_DEVICE, write
 * protection; unmounting with STK_CHECK_UNMOUNT). 0 or -errno with a
 * message.
 */
int target_check(struct stk_ctx *ctx, const char *path, const char *image_path,
		 unsigned flags);

/*
 * target_resolve - "usb:SERIAL" becomes the stick's "/dev/sdX" in place
 * (*@path is malloc'd); a path under /dev that does not exist is refused
 * (-ENODEV), so a mistyped or pulled device never becomes a file in /dev.
 */
int target_resolve(struct stk_ctx *ctx, char **path);

/* Turn O_DIRECT on or off on the target's fd (unaligned pieces, fallback). */
int target_set_direct(struct target *tg, bool on);

/* Does every I/O on the target fail (or is its node gone)? */
bool target_is_gone(struct target *tg);
/*
 * target_io_error - the one message for a write (@write) or a read-back
 * that failed with @rc at byte @off: -ENODEV when the device went away,
 * -ENOSPC when a write found it full, else the error and the sector it
 * hit (-EIO for every read-back error).
 */
int target_io_error(struct stk_ctx *ctx, struct target *tg, bool write, int rc,
		    uint64_t off);

/*
 * One try of an I/O that failed: @len bytes at byte @off of the target,
 * @at bytes into the caller's @buf. 0 when it went through.
 */
typedef int (*target_try_fn)(struct target *tg, void *buf, size_t at,
			     uint64_t off, size_t len);
/*
 * target_first_bad - an I/O on @len bytes at @off failed: try it again
 * with @try in pieces of @step bytes, then the first failing piece sector
 * by sector. Returns the byte offset of the first sector that fails (the
 * piece's own offset when each of its sectors goes through alone), or
 * UINT64_MAX when every piece went through this time.
 */
uint64_t target_first_bad(struct target *tg, target_try_fn try, void *buf,
			  uint64_t off, size_t len, size_t step);

#endif /* STK_TARGET_H */

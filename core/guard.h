/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * guard.h - refusals that keep data from being destroyed: a target that
 * is the image itself, a target or an image that is no disk and no file.
 */
#ifndef STK_GUARD_H
#define STK_GUARD_H

#include <sys/stat.h>

struct stk_ctx;

/*
 * guard_not_image - refuse a target @path (whose stat(2) is @st: links
 * followed) that is the image @image_path under any name: the same
 * device and inode (hard links, symlinks, bind mounts), or the same block
 * device through another node. -EINVAL with a message, else 0 (also when
 * @image_path is NULL or cannot be stat'ed).
 */
int guard_not_image(struct stk_ctx *ctx, const char *path,
		    const struct stat *st, const char *image_path);

/*
 * guard_target_kind - refuse a target that is neither a regular file of
 * an ordinary file system nor a block device: character devices, FIFOs,
 * sockets, directories, and files of the kernel's pseudo file systems
 * (/proc, /sys, debugfs...), which would take the bytes as commands.
 */
int guard_target_kind(struct stk_ctx *ctx, const char *path,
		      const struct stat *st);

/*
 * guard_open_image - open an image read-only without blocking on a FIFO:
 * anything but a regular file or a block device is refused with the
 * reason (a FIFO or a character device never ends, so it has no size to
 * plan with). Returns the fd (O_CLOEXEC) with *@st filled, or -errno with
 * a message.
 */
int guard_open_image(struct stk_ctx *ctx, const char *path, struct stat *st);

/* "a FIFO", "a character device": what a file type is, for messages. */
const char *guard_kind_name(mode_t mode);

#endif /* STK_GUARD_H */

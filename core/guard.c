// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * guard.c - the checks that stand between a typing mistake and lost data:
 * the target is not the image, and both ends are disks or files.
 */
#include <fcntl.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "guard.h"
#include "internal.h"

/* statfs(2) f_type of the kernel's pseudo file systems (linux/magic.h):
 * their files are interfaces, not storage. */
static const struct {
	unsigned long magic;
	const char *name;
} pseudo_fs[] = {
	{0x9fa0, "proc"},	    {0x62656572, "sysfs"},
	{0x64626720, "debugfs"},    {0x74726163, "tracefs"},
	{0x73636673, "securityfs"}, {0x27e0eb, "cgroup"},
	{0x63677270, "cgroup2"},    {0x62656570, "configfs"},
	{0xcafe4a11, "bpf"},	    {0x6165676c, "pstore"},
	{0xde5e81e4, "efivarfs"},   {0x65735543, "fusectl"},
	{0x1cd1, "devpts"},	    {0x42494e4d, "binfmt_misc"},
	{0x6e736673, "nsfs"},	    {0x50495045, "pipefs"},
	{0x534f434b, "sockfs"},	    {0x09041934, "anon_inode_fs"},
};

const char *guard_kind_name(mode_t mode)
{
	if (S_ISREG(mode))
		return "a regular file";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISDIR(mode))
		return "a directory";
	return "not a file";
}

int guard_not_image(struct stk_ctx *ctx, const char *path,
		    const struct stat *st, const char *image_path)
{
	struct stat ist;

	if (!image_path || stat(image_path, &ist) < 0)
		return 0;
	if ((st->st_dev == ist.st_dev && st->st_ino == ist.st_ino) ||
	    (S_ISBLK(st->st_mode) && S_ISBLK(ist.st_mode) &&
	     st->st_rdev == ist.st_rdev))
		return stk_seterr(
			ctx, -EINVAL,
			"'%s' is the image '%s' itself: writing it would destroy the image",
			path, image_path);
	return 0;
}

int guard_target_kind(struct stk_ctx *ctx, const char *path,
		      const struct stat *st)
{
	struct statfs sf;
	size_t i;

	if (S_ISBLK(st->st_mode))
		return 0;
	if (!S_ISREG(st->st_mode))
		return stk_seterr(ctx, -EINVAL,
				  "'%s' is %s, not a disk or an image file",
				  path, guard_kind_name(st->st_mode));
	if (statfs(path, &sf) < 0)
		return 0; /* the open that follows names the cause */
	for (i = 0; i < sizeof(pseudo_fs) / sizeof(pseudo_fs[0]); i++)
		if ((unsigned long)sf.f_type == pseudo_fs[i].magic)
			return stk_seterr(
				ctx, -EINVAL,
				"'%s' is a file of the kernel's %s file system, not a disk or an image file",
				path, pseudo_fs[i].name);
	return 0;
}

int guard_open_image(struct stk_ctx *ctx, const char *path, struct stat *st)
{
	int fd, fl;

	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return stk_seterr_errno(ctx, -errno, "cannot open '%s'", path);
	if (fstat(fd, st) < 0) {
		int e = errno;

		close(fd);
		return stk_seterr(ctx, -e, "cannot stat '%s'", path);
	}
	if (S_ISDIR(st->st_mode)) {
		close(fd);
		return stk_seterr(ctx, -EISDIR,
				  "'%s' is a directory, not an image", path);
	}
	if (!S_ISREG(st->st_mode) && !S_ISBLK(st->st_mode)) {
		close(fd);
		return stk_seterr(
			ctx, -EINVAL,
			"'%s' is %s: an image is a regular file or a block device",
			path, guard_kind_name(st->st_mode));
	}
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
		int e = errno;

		close(fd);
		return stk_seterr_errno(ctx, -e, "cannot open '%s'", path);
	}
	return fd;
}

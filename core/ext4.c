// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * ext4.c - the persistence partition: mke2fs run on the shadow at the
 * partition's offset, its one configuration file put in with -d.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ext4.h"
#include "spawn.h"

/*
 * The features of e2fsprogs 1.43 to 1.46's ext4 (kernels from 3.18 on),
 * spelled out: 1.47 adds orphan_file by default, which the kernels of
 * live systems older than Linux 5.15 cannot mount.
 */
#define EXT4_FEATURES                                                          \
	"none,has_journal,ext_attr,resize_inode,dir_index,filetype,extent,"    \
	"64bit,flex_bg,sparse_super,large_file,huge_file,dir_nlink,"           \
	"extra_isize,metadata_csum"

/* A directory holding @name with @text, for mke2fs -d; "" on failure. */
static int make_dir(struct stk_ctx *ctx, char *dir, size_t size,
		    const char *name, const char *text)
{
	const char *tmp = getenv("TMPDIR");
	char file[STK_PATH_MAX + 64];
	size_t len = strlen(text);
	ssize_t n;
	int fd;

	snprintf(dir, size, "%s/stickler-ext4.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return stk_seterr_errno(ctx, -errno,
					"cannot make a directory in '%s'",
					tmp && *tmp ? tmp : "/tmp");
	/* mke2fs gives the file system's root the directory's mode */
	if (chmod(dir, 0755) < 0)
		return stk_seterr_errno(ctx, -errno, "cannot change '%s'", dir);
	snprintf(file, sizeof(file), "%s/%s", dir, name);
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return stk_seterr_errno(ctx, -errno, "cannot create '%s'",
					file);
	n = write(fd, text, len);
	if (n != (ssize_t)len || close(fd) < 0) {
		if (n == (ssize_t)len)
			fd = -1;
		if (fd >= 0)
			close(fd);
		return stk_seterr(ctx, -EIO, "cannot write '%s'", file);
	}
	return 0;
}

static void remove_dir(const char *dir, const char *name)
{
	char file[STK_PATH_MAX + 64];

	if (!dir[0])
		return;
	if (name) {
		snprintf(file, sizeof(file), "%s/%s", dir, name);
		unlink(file);
	}
	rmdir(dir);
}

int ext4_make(struct stk_ctx *ctx, const char *path, uint64_t offset_bytes,
	      uint64_t size_bytes, const char *label, const char *file_name,
	      const char *file_text)
{
	/* mke2fs writes zeros as zeros, not as holes, into a regular file */
	static const char *const env[] = {"UNIX_IO_NOZEROOUT=1", NULL};
	char dir[STK_PATH_MAX] = "";
	char ext[96], blocks[32];
	const char *argv[20];
	int n = 0, rc;

	if (size_bytes < 8 * STK_MIB)
		return stk_seterr(
			ctx, -ENOSPC,
			"a persistence partition needs 8 MiB at least");
	if (file_name) {
		rc = make_dir(ctx, dir, sizeof(dir), file_name, file_text);
		if (rc) {
			remove_dir(dir, file_name);
			return rc;
		}
	}
	snprintf(ext, sizeof(ext),
		 "offset=%llu,nodiscard,lazy_itable_init=1,lazy_journal_init=0",
		 (unsigned long long)offset_bytes);
	snprintf(blocks, sizeof(blocks), "%llu",
		 (unsigned long long)(size_bytes / 4096));
	argv[n++] = "mke2fs";
	argv[n++] = "-q";
	argv[n++] = "-F";
	argv[n++] = "-t";
	argv[n++] = "ext4";
	argv[n++] = "-b";
	argv[n++] = "4096";
	argv[n++] = "-O";
	argv[n++] = EXT4_FEATURES;
	argv[n++] = "-E";
	argv[n++] = ext;
	argv[n++] = "-L";
	argv[n++] = label;
	if (file_name) {
		argv[n++] = "-d";
		argv[n++] = dir;
	}
	argv[n++] = path;
	argv[n++] = blocks;
	argv[n] = NULL;
	DBG(ctx, BOOT, "mke2fs -L %s -E %s %s %s", label, ext, path, blocks);
	rc = spawn_run(ctx, argv, env, NULL);
	if (rc == -ENOENT)
		rc = stk_seterr(
			ctx, -ENOENT,
			"persistence needs mke2fs, which is not installed (Debian package e2fsprogs)");
	remove_dir(dir, file_name);
	return rc;
}

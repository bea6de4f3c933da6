// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * extract.c - copy the whole tree of an ISO image into a directory, as
 * `xorriso -osirrox on -extract / DIR` gives it, without ever writing
 * outside that directory: every name is created relative to the file
 * descriptor of its directory, and nothing already there is followed.
 */
#define _GNU_SOURCE /* O_NOFOLLOW, O_DIRECTORY, utimensat */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tree.h"
#include "iso.h"

#define EXTRACT_LEVELS	 66 /* iso_walk() stops at 64 */
#define EXTRACT_REPORT_S 0.1

struct level {
	int fd; /* the directory, O_DIRECTORY */
	time_t mtime;
	uint32_t mode;
};

struct extract {
	struct stk_ctx *ctx;
	struct stk_tree *tree;
	const char *dir;
	unsigned flags;
	struct stk_extract_result *res;
	struct level lv[EXTRACT_LEVELS]; /* lv[0] is DIR */
	int top;			 /* deepest open level */
	double t0;
	double last_report;
};

/* Permissions a user can live with: no set-id or sticky bits, u+rw(x). */
static mode_t sane_mode(uint32_t mode, bool dir)
{
	mode_t m = (mode_t)(mode & 0777);

	if (!mode)
		m = dir ? 0755 : 0644;
	return m | (dir ? 0700 : 0600);
}

static void set_times(struct timespec ts[2], time_t mtime)
{
	ts[0].tv_sec = mtime;
	ts[0].tv_nsec = 0;
	ts[1] = ts[0];
}

/* Close a finished directory: its mode and time once its contents are in. */
static void close_level(struct extract *x)
{
	struct level *l = &x->lv[x->top];
	struct timespec ts[2];

	set_times(ts, l->mtime);
	if (fchmod(l->fd, sane_mode(l->mode, true)) < 0 ||
	    futimens(l->fd, ts) < 0)
		stk_log(x->ctx, STK_LOG_WARN,
			"extract: cannot set the mode or time of a directory");
	close(l->fd);
	l->fd = -1;
	x->top--;
}

/* A name that stays in its directory: not empty, ".", ".." or with '/'. */
static int check_name(struct extract *x, const struct iso_entry *e)
{
	if (!e->name[0] || !strcmp(e->name, ".") || !strcmp(e->name, "..") ||
	    strchr(e->name, '/'))
		return stk_seterr(
			x->ctx, -EINVAL,
			"refusing '%s': its name would reach outside '%s'",
			e->path, x->dir);
	return 0;
}

/*
 * Make room for a new file or symlink called @name in @dfd. Without
 * STK_EXTRACT_FORCE nothing may be there (a name the image holds twice);
 * with it an old file or symlink goes (unlinkat() never follows one), an
 * old directory stays and the new entry is refused.
 */
static int make_room(struct extract *x, int dfd, const struct iso_entry *e)
{
	struct stat st;

	if (fstatat(dfd, e->name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno == ENOENT)
			return 0;
		return stk_seterr_errno(x->ctx, -errno,
					"cannot look at '%s/%s'", x->dir,
					e->path + 1);
	}
	if (!(x->flags & STK_EXTRACT_FORCE))
		return stk_seterr(
			x->ctx, -EEXIST,
			"refusing '%s': the image holds that name twice",
			e->path);
	if (S_ISDIR(st.st_mode))
		return stk_seterr(
			x->ctx, -EISDIR,
			"refusing '%s': a directory of that name is in the way",
			e->path);
	if (unlinkat(dfd, e->name, 0) < 0)
		return stk_seterr_errno(x->ctx, -errno,
					"cannot replace '%s/%s'", x->dir,
					e->path + 1);
	return 0;
}

static int do_dir(struct extract *x, int dfd, const struct iso_entry *e)
{
	struct level *l;
	int fd;

	if (x->top + 1 >= EXTRACT_LEVELS)
		return stk_seterr(x->ctx, -ELOOP, "'%s' is nested too deeply",
				  e->path);
	if (mkdirat(dfd, e->name, 0700) < 0 && errno != EEXIST)
		return stk_seterr_errno(x->ctx, -errno, "cannot create '%s/%s'",
					x->dir, e->path + 1);
	/* an existing name must be a real directory: never a symlink */
	fd = openat(dfd, e->name,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ELOOP || errno == ENOTDIR)
			return stk_seterr(
				x->ctx, -ELOOP,
				"refusing '%s': a symlink or a file of that name is in the way, and is never followed",
				e->path);
		return stk_seterr_errno(x->ctx, -errno, "cannot open '%s/%s'",
					x->dir, e->path + 1);
	}
	l = &x->lv[++x->top];
	l->fd = fd;
	l->mtime = e->mtime;
	l->mode = e->mode;
	x->res->dirs++;
	return 0;
}

static int do_symlink(struct extract *x, int dfd, const struct iso_entry *e)
{
	struct timespec ts[2];
	int rc;

	rc = make_room(x, dfd, e);
	if (rc)
		return rc;
	if (symlinkat(e->link_target, dfd, e->name) < 0)
		return stk_seterr_errno(x->ctx, -errno,
					"cannot make the symlink '%s/%s'",
					x->dir, e->path + 1);
	set_times(ts, e->mtime);
	utimensat(dfd, e->name, ts, AT_SYMLINK_NOFOLLOW);
	x->res->symlinks++;
	return 0;
}

static int do_file(struct extract *x, int dfd, const struct iso_entry *e)
{
	struct timespec ts[2];
	uint64_t copied = 0;
	int fd, rc;

	rc = make_room(x, dfd, e);
	if (rc)
		return rc;
	fd = openat(dfd, e->name,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return stk_seterr_errno(x->ctx, -errno, "cannot create '%s/%s'",
					x->dir, e->path + 1);
	rc = tree_copy_file(x->ctx, x->tree, e, fd, x->res->bytes,
			    x->res->total_bytes, x->t0, &copied);
	set_times(ts, e->mtime);
	if (!rc &&
	    (fchmod(fd, sane_mode(e->mode, false)) < 0 || futimens(fd, ts) < 0))
		rc = stk_seterr_errno(x->ctx, -errno,
				      "cannot set the mode and time of '%s/%s'",
				      x->dir, e->path + 1);
	if (close(fd) < 0 && !rc)
		rc = stk_seterr_errno(x->ctx, -errno, "cannot write '%s/%s'",
				      x->dir, e->path + 1);
	if (rc) {
		/* only whole files stay behind */
		unlinkat(dfd, e->name, 0);
		return rc;
	}
	x->res->files++;
	x->res->bytes += copied;
	return 0;
}

static int visit(const struct iso_entry *e, void *data)
{
	struct extract *x = data;
	uint32_t type = e->mode & S_IFMT;
	int rc;

	/* the walk left the directories deeper than this entry */
	while (x->top > e->depth)
		close_level(x);
	rc = check_name(x, e);
	if (rc)
		return rc;
	if (stk_now() - x->last_report >= EXTRACT_REPORT_S) {
		x->last_report = stk_now();
		rc = stk_report(x->ctx, STK_PHASE_COPY, x->res->bytes,
				x->res->total_bytes, x->last_report - x->t0,
				e->path);
		if (rc)
			return rc;
	}
	if (e->is_symlink)
		return do_symlink(x, x->lv[x->top].fd, e);
	if (e->is_dir) {
		rc = do_dir(x, x->lv[x->top].fd, e);
		return rc;
	}
	if (type && type != S_IFREG) {
		/* devices, fifos, sockets: xorriso leaves them out too */
		stk_log(x->ctx, STK_LOG_WARN,
			"extract: '%s' is not a file, directory or symlink: left out",
			e->path);
		return 0;
	}
	return do_file(x, x->lv[x->top].fd, e);
}

static int count_bytes(const struct iso_entry *e, void *data)
{
	uint64_t *total = data;

	if (!e->is_dir && !e->is_symlink)
		*total += e->size_bytes;
	return 0;
}

/* DIR: made if missing; else a directory, and empty unless forced. */
static int open_dir(struct stk_ctx *ctx, const char *dir, unsigned flags,
		    int *out)
{
	struct dirent *d;
	struct stat st;
	DIR *ds;
	int fd, n = 0;

	if (stat(dir, &st) < 0) {
		if (errno != ENOENT)
			return stk_seterr_errno(ctx, -errno,
						"cannot look at '%s'", dir);
		if (mkdir(dir, 0755) < 0)
			return stk_seterr_errno(ctx, -errno,
						"cannot create '%s'", dir);
	} else if (!S_ISDIR(st.st_mode)) {
		return stk_seterr(ctx, -ENOTDIR, "'%s' is not a directory",
				  dir);
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return stk_seterr_errno(ctx, -errno, "cannot open '%s'", dir);
	if (!(flags & STK_EXTRACT_FORCE)) {
		ds = fdopendir(dup(fd));
		if (!ds) {
			close(fd);
			return stk_seterr_errno(ctx, -errno, "cannot read '%s'",
						dir);
		}
		for (d = readdir(ds); d; d = readdir(ds))
			if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
				n++;
		closedir(ds);
		if (n) {
			close(fd);
			return stk_seterr(ctx, -ENOTEMPTY, "'%s' is not empty",
					  dir);
		}
	}
	*out = fd;
	return 0;
}

static void describe(struct extract *x, int rc)
{
	struct stk_extract_result *r = x->res;

	if (!rc)
		snprintf(r->state, sizeof(r->state),
			 "complete: %" PRIu64 " files (%" PRIu64
			 " bytes), %" PRIu64 " directories, %" PRIu64
			 " symlinks",
			 r->files, r->bytes, r->dirs, r->symlinks);
	else
		snprintf(r->state, sizeof(r->state),
			 "partial: '%s' holds %" PRIu64 " whole files (%" PRIu64
			 " of %" PRIu64 " bytes) and no partly written one",
			 x->dir, r->files, r->bytes, r->total_bytes);
}

int stk_tree_extract(struct stk_ctx *ctx, struct stk_tree *tree,
		     const char *dir, unsigned flags,
		     struct stk_extract_result *res)
{
	struct extract *x;
	int rc, fd = -1;

	if (!res)
		return stk_seterr(ctx, -EINVAL, "no result to fill");
	memset(res, 0, sizeof(*res));
	if (!ctx || !tree || !dir || !*dir)
		return stk_seterr(ctx, -EINVAL, "missing image or directory");
	snprintf(res->state, sizeof(res->state), "untouched");
	x = calloc(1, sizeof(*x));
	if (!x)
		return stk_seterr(ctx, -ENOMEM, "out of memory");

	/* 1. How much there is, for the progress. */
	rc = iso_walk(ctx, tree->iso, count_bytes, &res->total_bytes);
	if (rc)
		goto out;

	/* 2. DIR itself, checked before anything is made in it. */
	rc = open_dir(ctx, dir, flags, &fd);
	if (rc)
		goto out;

	/* 3. The tree, depth first, each name relative to its directory. */
	x->ctx = ctx;
	x->tree = tree;
	x->dir = dir;
	x->flags = flags;
	x->res = res;
	x->lv[0].fd = fd;
	x->top = 0;
	x->t0 = stk_now();
	rc = stk_report(ctx, STK_PHASE_COPY, 0, res->total_bytes, 0, NULL);
	if (!rc)
		rc = iso_walk(ctx, tree->iso, visit, x);
	while (x->top > 0)
		close_level(x);
	if (!rc)
		rc = stk_report(ctx, STK_PHASE_COPY, res->bytes,
				res->total_bytes, stk_now() - x->t0, NULL);
	describe(x, rc);
	close(fd);
out:
	free(x);
	return rc;
}

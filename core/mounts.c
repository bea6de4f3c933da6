// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * mounts.c - which block devices are mounted where and which are swap:
 * parsers for /proc/self/mountinfo and /proc/swaps text, and the reading
 * of both (or of the fixture files the tests name).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "internal.h"
#include "mounts.h"
#include "sysfs.h"

void mounts_unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
		    s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 |
				      (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

void mounts_free(struct mount_table *t)
{
	if (!t)
		return;
	free(t->m);
	t->m = NULL;
	t->n = 0;
}

static struct mount_entry *grow(struct mount_table *t)
{
	struct mount_entry *m;

	m = realloc(t->m, (t->n + 1) * sizeof(*m));
	if (!m)
		return NULL;
	t->m = m;
	memset(&m[t->n], 0, sizeof(*m));
	return &m[t->n++];
}

/* Splits @line at blanks into at most @max fields; returns the count. */
static int split(char *line, char **f, int max)
{
	int n = 0;
	char *save, *tok;

	for (tok = strtok_r(line, " \t", &save); tok && n < max;
	     tok = strtok_r(NULL, " \t", &save))
		f[n++] = tok;
	return n;
}

/*
 * proc(5): "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3
 * /dev/root rw,errors=continue": id, parent, major:minor, root, mount
 * point, options, optional fields up to "-", fs type, source, options.
 */
static int parse_mount_line(char *line, struct mount_table *t)
{
	char *f[64];
	struct mount_entry *m;
	int n, i;

	n = split(line, f, 64);
	if (n == 0)
		return 0;
	if (n < 7)
		return -EINVAL;
	for (i = 6; i < n && strcmp(f[i], "-"); i++)
		;
	if (i + 2 >= n)
		return -EINVAL;
	m = grow(t);
	if (!m)
		return -ENOMEM;
	if (sscanf(f[2], "%u:%u", &m->major, &m->minor) != 2) {
		t->n--;
		return -EINVAL;
	}
	stk_strlcpy(m->mountpoint, f[4], sizeof(m->mountpoint));
	mounts_unescape(m->mountpoint);
	stk_strlcpy(m->source, f[i + 2], sizeof(m->source));
	mounts_unescape(m->source);
	return 0;
}

/*
 * Each line of @text through @line_fn into @t, which starts empty. On a
 * failure @t is freed and *@bad_line is the line's number.
 */
static int parse_lines(const char *text, struct mount_table *t,
		       int (*line_fn)(char *line, struct mount_table *t),
		       int *bad_line)
{
	char *copy, *line, *save;
	int rc = 0, n = 0;

	t->m = NULL;
	t->n = 0;
	*bad_line = 0;
	copy = strdup(text);
	if (!copy)
		return -ENOMEM;
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		n++;
		rc = line_fn(line, t);
		if (rc) {
			*bad_line = n;
			mounts_free(t);
			break;
		}
	}
	free(copy);
	return rc;
}

int mounts_parse_mountinfo(const char *text, struct mount_table *t,
			   int *bad_line)
{
	return parse_lines(text, t, parse_mount_line, bad_line);
}

/* "Filename Type Size Used Priority", then one line per swap area. */
static int parse_swap_line(char *line, struct mount_table *t)
{
	struct mount_entry *m;
	char *f[8];

	if (split(line, f, 8) < 2 || !strcmp(f[0], "Filename"))
		return 0;
	m = grow(t);
	if (!m)
		return -ENOMEM;
	stk_strlcpy(m->source, f[0], sizeof(m->source));
	mounts_unescape(m->source);
	return 0;
}

int mounts_parse_swaps(const char *text, struct mount_table *t)
{
	int bad;

	return parse_lines(text, t, parse_swap_line, &bad);
}

bool mounts_is_system(const char *mp)
{
	static const char *const exact[] = {
		"/",	 "/boot", "/efi", "/usr",  "/var",
		"/home", "/opt",  "/srv", "/root", "/etc",
	};
	static const char *const below[] = {"/boot/", "/usr/", "/var/"};
	size_t i;

	for (i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (!strcmp(mp, exact[i]))
			return true;
	/* /var/tmp is where people (and tests) put scratch mounts */
	if (!strncmp(mp, "/var/tmp/", 9))
		return false;
	for (i = 0; i < sizeof(below) / sizeof(below[0]); i++)
		if (!strncmp(mp, below[i], strlen(below[i])))
			return true;
	return false;
}

/* Reads a whole small text file into a new string. */
static int slurp(const char *path, char **out)
{
	char *buf = NULL, *nbuf;
	size_t len = 0, cap = 0, n;
	FILE *f;

	*out = NULL;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			nbuf = realloc(buf, cap);
			if (!nbuf) {
				free(buf);
				fclose(f);
				return -ENOMEM;
			}
			buf = nbuf;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	*out = buf;
	return 0;
}

/* Which block device an entry is on: its dev_t, else its source path. */
static void name_entry(const struct stk_ctx *ctx, struct mount_entry *m)
{
	const char *base;
	struct stat st;
	bool found;

	found = (m->major || m->minor) &&
		!sysfs_devt_name(ctx, m->major, m->minor, m->dev,
				 sizeof(m->dev));
	if (!found && !strncmp(m->source, "/dev/", 5)) {
		base = strrchr(m->source, '/') + 1;
		found = !sysfs_disk_of(ctx, base, m->disk, sizeof(m->disk));
		if (found)
			stk_strlcpy(m->dev, base, sizeof(m->dev));
	}
	/* /dev/mapper/x, a swap file: ask the live system, never a fixture */
	if (!found && !sysfs_is_fixture(ctx) && m->source[0] == '/' &&
	    stat(m->source, &st) == 0) {
		dev_t d = S_ISBLK(st.st_mode) ? st.st_rdev : st.st_dev;

		found = !sysfs_devt_name(ctx, major(d), minor(d), m->dev,
					 sizeof(m->dev));
	}
	if (found)
		sysfs_disk_of(ctx, m->dev, m->disk, sizeof(m->disk));
}

int mounts_read(struct stk_ctx *ctx, struct mount_table *mounts,
		struct mount_table *swaps)
{
	char *text;
	size_t i;
	int rc, bad;

	mounts->m = swaps->m = NULL;
	mounts->n = swaps->n = 0;
	rc = slurp(ctx->roots.mountinfo, &text);
	if (rc)
		return stk_seterr(ctx, rc, "cannot read '%s'",
				  ctx->roots.mountinfo);
	rc = mounts_parse_mountinfo(text, mounts, &bad);
	free(text);
	if (rc)
		return stk_seterr(ctx, rc, "cannot parse line %d of '%s'", bad,
				  ctx->roots.mountinfo);

	/* no swap support in the kernel means no /proc/swaps: no swap */
	rc = slurp(ctx->roots.swaps, &text);
	if (rc == -ENOENT)
		text = NULL;
	else if (rc) {
		mounts_free(mounts);
		return stk_seterr(ctx, rc, "cannot read '%s'",
				  ctx->roots.swaps);
	}
	rc = text ? mounts_parse_swaps(text, swaps) : 0;
	free(text);
	if (rc) {
		mounts_free(mounts);
		return stk_seterr(ctx, rc, "out of memory");
	}

	for (i = 0; i < mounts->n; i++)
		name_entry(ctx, &mounts->m[i]);
	for (i = 0; i < swaps->n; i++)
		name_entry(ctx, &swaps->m[i]);
	return 0;
}

uint64_t mounts_fingerprint(const struct stk_ctx *ctx, uint64_t seed)
{
	const char *paths[2] = {ctx->roots.mountinfo, ctx->roots.swaps};
	uint64_t h = seed;
	char *text;
	int i;

	for (i = 0; i < 2; i++) {
		if (slurp(paths[i], &text))
			continue;
		h = stk_fnv1a(h, text, strlen(text) + 1);
		free(text);
	}
	return h;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mounts.h - mountinfo and swaps, parsed from text (pure) or read
 * (mounts.c).
 */
#ifndef STK_MOUNTS_H
#define STK_MOUNTS_H

#include "internal.h"

struct mount_entry {
	unsigned	major;
	unsigned	minor;
	char		mountpoint[STK_PATH_MAX];	/* "" for swap */
	char		source[STK_PATH_MAX];		/* "/dev/sdb1" */
	char		disk[STK_DEV_NAME_MAX];	/* filled by the caller */
	char		dev[STK_DEV_NAME_MAX];	/* "sdb1", filled likewise */
};

struct mount_table {
	struct mount_entry	*m;
	size_t			n;
};

/* Parse /proc/self/mountinfo and /proc/swaps text; free with
 * mounts_free(). -EINVAL on a malformed line (its number in *@bad_line). */
int mounts_parse_mountinfo(const char *text, struct mount_table *t,
			   int *bad_line);
int mounts_parse_swaps(const char *text, struct mount_table *t);
/* Reads both from the context's roots (STICKLER_MOUNTINFO, STICKLER_SWAPS
 * override the paths) and names the device and disk of every entry. */
int mounts_read(struct stk_ctx *ctx, struct mount_table *mounts,
		struct mount_table *swaps);
void mounts_free(struct mount_table *t);
/* Decodes mountinfo's octal escapes (\040) in place. */
void mounts_unescape(char *s);
/* True for the running system's own mount points: /, /boot, /usr, ... */
bool mounts_is_system(const char *mountpoint);
/* The station mounts its own images partition there (see station/). */
#define MOUNTS_STATION "/station"
/* Fingerprint of the mount and swap files, for hotplug. */
uint64_t mounts_fingerprint(const struct stk_ctx *ctx, uint64_t seed);

#endif /* STK_MOUNTS_H */

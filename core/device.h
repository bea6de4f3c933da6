/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * device.h - the rules that decide which disks may be written, shared by
 * the list and the check (device.c).
 */
#ifndef STK_DEVICE_H
#define STK_DEVICE_H

#include "internal.h"
#include "mounts.h"

struct device_env {
	struct mount_table	mounts;
	struct mount_table	swaps;
	char			source_disks[1024]; /* '\n'-separated names */
	char			source_real[STK_PATH_MAX]; /* realpath */
};

/* Applies the rules to @dev: fills offered, needs_unmount, reason and
 * the mount points. Returns 0 when offered, else the code a check gives. */
int device_judge(const struct stk_ctx *ctx, const struct device_env *env,
		 struct stk_device *dev);

/*
 * device_check_now - stk_device_check() for a disk just read from sysfs
 * (stk_device_lookup()): the rules and the unmounting, without comparing
 * @now with itself. Updates @now's judgement.
 */
int device_check_now(struct stk_ctx *ctx, struct stk_device *now,
		     const char *image_path, unsigned flags);

#endif /* STK_DEVICE_H */

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sysfs.h - block devices as sysfs describes them: everything read from
 * the context's sysfs root, /sys or the STICKLER_SYSFS tree (sysfs.c).
 */
#ifndef STK_SYSFS_H
#define STK_SYSFS_H

#include "internal.h"

/* True when STICKLER_SYSFS named a fixture tree instead of /sys. */
bool sysfs_is_fixture(const struct stk_ctx *ctx);

/* Reads ROOT/@rel, trailing blanks removed. 0, or -errno. */
int sysfs_read(const struct stk_ctx *ctx, const char *rel, char *buf, size_t len);
int sysfs_read_u64(const struct stk_ctx *ctx, const char *rel, uint64_t *val);

/* Name of the block device with that dev_t ("sdb1"), via dev/block/M:m. */
int sysfs_devt_name(const struct stk_ctx *ctx, unsigned major, unsigned minor, char *name, size_t len);

/* The whole disk a block device name belongs to: "sdb" for "sdb1",
 * itself for a disk. -ENODEV when sysfs does not know @name. */
int sysfs_disk_of(const struct stk_ctx *ctx, const char *name, char *disk, size_t len);

/* Fills everything sysfs knows about the disk @name (identity, size,
 * transport, vendor, model, serial, USB speeds, partitions); libusb is
 * asked for what sysfs lacks. */
int sysfs_read_disk(struct stk_ctx *ctx, const char *name,
		    struct stk_device *dev);

/* Names of the holders of @name (and of its partitions), comma separated;
 * "" when none. */
int sysfs_holders(const struct stk_ctx *ctx, const char *disk, char *buf, size_t len);

/* The backing file of a loop disk; -ENOENT when @disk is not a loop. */
int sysfs_loop_backing(const struct stk_ctx *ctx, const char *disk, char *buf, size_t len);

/* Disks below @name (dm/md slaves, partitions' parents), added to @set
 * (names separated by '\n'); follows loop backing files in a live sysfs. */
int sysfs_lower_disks(const struct stk_ctx *ctx, const char *name, char *set, size_t len, int depth);

/* Whether @name is one of the '\n'-separated names of @set. */
bool sysfs_set_has(const char *set, const char *name);

/* Fingerprint of the disks (names, sizes, ro, removable), for hotplug. */
uint64_t sysfs_fingerprint(const struct stk_ctx *ctx, uint64_t seed);

/*
 * sysfs_power_off - lets the disk @name go: "1" into its USB device's
 * remove attribute, else into its device/delete. Says which in @how.
 * -ENOTSUP when sysfs offers neither.
 */
int sysfs_power_off(const struct stk_ctx *ctx, const char *name, char *how, size_t len);

/* USB speed from sysfs "speed" / "version" text: Mbit/s, 0 if unknown. */
unsigned sysfs_usb_speed_mbps(const char *speed);
unsigned sysfs_usb_version_mbps(const char *version);

#endif /* STK_SYSFS_H */

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * internal.h - private structures and helpers shared by core/ and boot/.
 * Nothing here names a libcdio, libparted or libusb type.
 */
#ifndef STK_INTERNAL_H
#define STK_INTERNAL_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "stickler.h"

#define STK_ERRMSG_MAX	512
#define STK_LOG_RING	64
#define STK_LOG_LINE	256

#define ISO_BLOCK_BYTES	2048u
#define STK_MIB		(1024u * 1024u)

/* Debug subsystems, selected with STICKLER_DEBUG=probe,write or =all. */
#define STK_DBG_PROBE	(1u << 0)
#define STK_DBG_PART	(1u << 1)
#define STK_DBG_WRITE	(1u << 2)
#define STK_DBG_BOOT	(1u << 3)
#define STK_DBG_DEVICE	(1u << 4)
#define STK_DBG_FAT	(1u << 5)
#define STK_DBG_VERIFY	(1u << 6)
#define STK_DBG_ALL	(~0u)

struct stk_ctx {
	char		errmsg[STK_ERRMSG_MAX];
	int		errcode;
	unsigned	debug_mask;
	stk_log_fn	log_fn;
	void		*log_data;
	stk_progress_fn	progress_fn;
	void		*progress_data;
	/* ring of recent log lines, kept whether or not a sink is set */
	char		ring[STK_LOG_RING][STK_LOG_LINE];
	unsigned	ring_next;	/* index of the slot written next */
	unsigned	ring_count;
};

/*
 * stk_seterr - record the one message for a failure and return @rc, so it
 * can be the return expression. Lower case, no final full stop, subject in
 * single quotes: stk_seterr(ctx, -errno, "cannot open '%s'", path).
 */
int stk_seterr(struct stk_ctx *ctx, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void stk_log(struct stk_ctx *ctx, enum stk_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Calls the progress callback; -ECANCELED (with a message) if it says stop. */
int stk_report(struct stk_ctx *ctx, enum stk_phase phase, uint64_t done,
	       uint64_t total, double elapsed_s, const char *item);

/* The format must be a string literal: it is glued to the subsystem name. */
#define DBG(ctx, mask, ...)						\
	do {								\
		if ((ctx)->debug_mask & STK_DBG_##mask)			\
			stk_log(ctx, STK_LOG_DEBUG, #mask ": " __VA_ARGS__); \
	} while (0)

unsigned stk_debug_parse(const char *spec);

/* libcdio and libparted handlers (iso.c, part.c): set while a ctx lives. */
void iso_init_logging(struct stk_ctx *ctx);
void part_init_logging(struct stk_ctx *ctx);

/* Monotonic seconds. */
double stk_now(void);

/* ---- byte order --------------------------------------------------------- */

static inline uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

static inline uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void put_le64(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

/* Declares a field covering spec bytes FIRST..LAST (1-based, inclusive). */
#define SPAN(first, last) [(last) - (first) + 1]

/* Bounded copy that always terminates; returns strlen of the result. */
size_t stk_strlcpy(char *dst, const char *src, size_t size);

/* ---- io.c --------------------------------------------------------------- */

/* Full-length pread/pwrite; retry on EINTR and short transfers.
 * Return 0 or -errno; a read past the end gives -ENODATA. */
int io_pread_full(int fd, void *buf, size_t len, uint64_t off);
int io_pwrite_full(int fd, const void *buf, size_t len, uint64_t off);

/* Buffer aligned for O_DIRECT (4096); free with free(). NULL on ENOMEM. */
void *io_alloc_aligned(size_t len);

/* ---- image and probe (issue 2): iso.c eltorito.c disklabel.c probe.c -- */

/* end of the probe section */

/* ---- source, map, write, verify (issue 3) ------------------------------ */

/* end of the write engine section */

/* ---- FAT32 builder and reader (issue 4): fat.c fatread.c --------------- */

/* end of the FAT section */

/* ---- ISO mode compose (issue 4): part.c shadow.c boot/ ------------------ */

/* end of the ISO mode section */

/* ---- devices (issue 5): device.c sysfs.c mounts.c usb.c hotplug.c ----- */

/* sysfs.c: everything read from /sys, or from the STICKLER_SYSFS tree. */

/* True when STICKLER_SYSFS points at a fixture tree instead of /sys. */
bool sysfs_is_fixture(void);

/* Reads ROOT/@rel, trailing blanks removed. 0, or -errno. */
int sysfs_read(const char *rel, char *buf, size_t len);
int sysfs_read_u64(const char *rel, uint64_t *val);

/* Name of the block device with that dev_t ("sdb1"), via dev/block/M:m. */
int sysfs_devt_name(unsigned major, unsigned minor, char *name, size_t len);

/* The whole disk a block device name belongs to: "sdb" for "sdb1",
 * itself for a disk. -ENODEV when sysfs does not know @name. */
int sysfs_disk_of(const char *name, char *disk, size_t len);

/* Fills everything sysfs knows about the disk @name (identity, size,
 * transport, vendor, model, serial, USB speeds, partitions); libusb is
 * asked for what sysfs lacks. */
int sysfs_read_disk(struct stk_ctx *ctx, const char *name,
		    struct stk_device *dev);

/* Names of the holders of @name (and of its partitions), comma separated;
 * "" when none. */
int sysfs_holders(const char *disk, char *buf, size_t len);

/* The backing file of a loop disk; -ENOENT when @disk is not a loop. */
int sysfs_loop_backing(const char *disk, char *buf, size_t len);

/* Disks below @name (dm/md slaves, partitions' parents), added to @set
 * (names separated by '\n'); follows loop backing files in a live sysfs. */
int sysfs_lower_disks(const char *name, char *set, size_t len, int depth);

/* Fingerprint of the disks (names, sizes, ro, removable), for hotplug. */
uint64_t sysfs_fingerprint(uint64_t seed);

/* USB speed from sysfs "speed" / "version" text: Mbit/s, 0 if unknown. */
unsigned sysfs_usb_speed_mbps(const char *speed);
unsigned sysfs_usb_version_mbps(const char *version);

/* mounts.c: mountinfo and swaps, parsed from text (pure) or read. */

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
/* Reads both (STICKLER_MOUNTINFO, STICKLER_SWAPS override the paths) and
 * names the device and disk of every entry. */
int mounts_read(struct stk_ctx *ctx, struct mount_table *mounts,
		struct mount_table *swaps);
void mounts_free(struct mount_table *t);
/* Decodes mountinfo's octal escapes (\040) in place. */
void mounts_unescape(char *s);
/* True for the running system's own mount points: /, /boot, /usr, ... */
bool mounts_is_system(const char *mountpoint);
/* Fingerprint of the mount and swap files, for hotplug. */
uint64_t mounts_fingerprint(uint64_t seed);

/* FNV-1a, for fingerprints. */
uint64_t stk_fnv1a(uint64_t h, const void *data, size_t len);

/* usb.c: the only file that includes libusb.h. */

struct usb_info {
	char		manufacturer[STK_DEV_STR_MAX];
	char		product[STK_DEV_STR_MAX];
	char		serial[STK_DEV_STR_MAX];
	unsigned	speed_mbps;	/* link speed */
	unsigned	max_speed_mbps;	/* from the BOS descriptor, 0 unknown */
};

/* Asks libusb about the device at @bus / @addr. -ENOTSUP when libusb is
 * not usable here, -ENODEV when it does not see that device. */
int usb_query(struct stk_ctx *ctx, unsigned bus, unsigned addr,
	      struct usb_info *info);

struct usb_watch;
/* NULL (and a debug line) when libusb has no hotplug support here. */
struct usb_watch *usb_watch_new(struct stk_ctx *ctx);
/* Waits up to @timeout_ms for USB events; 1 if a device came or went. */
int usb_watch_wait(struct usb_watch *w, int timeout_ms);
void usb_watch_free(struct usb_watch *w);

/* device.c: the rules, shared by the list and the check. */

struct device_env {
	struct mount_table	mounts;
	struct mount_table	swaps;
	char			source_disks[1024]; /* '\n'-separated names */
	char			source_real[STK_PATH_MAX]; /* realpath */
};

/* Applies the rules to @dev: fills offered, needs_unmount, reason and
 * the mount points. Returns 0 when offered, else the code a check gives. */
int device_judge(const struct device_env *env, struct stk_device *dev);

/* end of the devices section */

#endif /* STK_INTERNAL_H */

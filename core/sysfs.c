// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * sysfs.c - what the kernel says about block devices: size, flags, the
 * path through the USB or MMC tree, names and serials, partitions and
 * holders, read from /sys or from a fixture tree shaped like it.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "internal.h"
#include "sysfs.h"
#include "usb.h"

bool sysfs_is_fixture(const struct stk_ctx *ctx)
{
	return ctx->roots.fixture;
}

/* snprintf for paths, where gcc cannot see that sysfs names are short. */
static int __attribute__((format(printf, 3, 4)))
fmt_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

static void trim(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

/* Reads an absolute path; same contract as sysfs_read(). */
static int read_abs(const char *path, char *buf, size_t len)
{
	FILE *f;
	size_t n;

	buf[0] = '\0';
	f = fopen(path, "re");
	if (!f)
		return -errno;
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
	trim(buf);
	return 0;
}

int sysfs_read(const struct stk_ctx *ctx, const char *rel, char *buf,
	       size_t len)
{
	char path[PATH_MAX];

	fmt_path(path, sizeof(path), "%s/%s", ctx->roots.sysfs, rel);
	return read_abs(path, buf, len);
}

int sysfs_read_u64(const struct stk_ctx *ctx, const char *rel, uint64_t *val)
{
	char buf[64], *end;
	int rc;

	*val = 0;
	rc = sysfs_read(ctx, rel, buf, sizeof(buf));
	if (rc)
		return rc;
	errno = 0;
	*val = strtoull(buf, &end, 10);
	if (errno || end == buf)
		return -EINVAL;
	return 0;
}

int sysfs_devt_name(const struct stk_ctx *ctx, unsigned major, unsigned minor,
		    char *name, size_t len)
{
	char path[PATH_MAX], real[PATH_MAX];
	const char *base;

	fmt_path(path, sizeof(path), "%s/dev/block/%u:%u", ctx->roots.sysfs,
		 major, minor);
	if (!realpath(path, real))
		return -ENODEV;
	base = strrchr(real, '/');
	stk_strlcpy(name, base ? base + 1 : real, len);
	return 0;
}

int sysfs_disk_of(const struct stk_ctx *ctx, const char *name, char *disk,
		  size_t len)
{
	char path[PATH_MAX], real[PATH_MAX];
	char *slash;

	if (!*name || strchr(name, '/'))
		return -ENODEV;
	fmt_path(path, sizeof(path), "%s/class/block/%s", ctx->roots.sysfs,
		 name);
	if (!realpath(path, real))
		return -ENODEV;
	fmt_path(path, sizeof(path), "%s/class/block/%s/partition",
		 ctx->roots.sysfs, name);
	if (access(path, F_OK)) {
		stk_strlcpy(disk, name, len);
		return 0;
	}
	/* A partition's directory sits inside its disk's directory. */
	slash = strrchr(real, '/');
	if (!slash)
		return -ENODEV;
	*slash = '\0';
	slash = strrchr(real, '/');
	stk_strlcpy(disk, slash ? slash + 1 : real, len);
	return 0;
}

unsigned sysfs_usb_speed_mbps(const char *speed)
{
	double v = strtod(speed, NULL);

	return v > 0 && v < 1 ? 1 : (unsigned)v;
}

/* bcdUSB as sysfs prints it (" 3.20"): the best speed of that version.
 * A USB 3 device on a USB 2 port should say 2.10, so this is a floor. */
unsigned sysfs_usb_version_mbps(const char *version)
{
	double v = strtod(version, NULL);

	if (v >= 3.0)
		return 5000;
	if (v >= 2.0)
		return 480;
	if (v > 0)
		return 12;
	return 0;
}

/* Copies @src into @dst unless it is empty; collapses inner blank runs. */
static void set_str(char *dst, size_t len, const char *src)
{
	size_t o = 0;

	while (*src == ' ')
		src++;
	if (!*src)
		return;
	for (; *src && o + 1 < len; src++) {
		if (*src == ' ' && (src[1] == ' ' || !src[1]))
			continue;
		dst[o++] = *src < 32 || *src > 126 ? '?' : *src;
	}
	dst[o] = '\0';
}

/* SCSI VPD page 0x80 (unit serial number): 4-byte header, then ASCII. */
static void read_vpd_serial(const struct stk_ctx *ctx, const char *name,
			    char *serial, size_t len)
{
	char rel[PATH_MAX], buf[256];
	FILE *f;
	size_t n, plen;
	char path[PATH_MAX];

	fmt_path(rel, sizeof(rel), "block/%s/device/vpd_pg80", name);
	fmt_path(path, sizeof(path), "%s/%s", ctx->roots.sysfs, rel);
	f = fopen(path, "re");
	if (!f)
		return;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	if (n < 4 || (uint8_t)buf[1] != 0x80)
		return;
	plen = (uint8_t)buf[3];
	if (plen > n - 4)
		plen = n - 4;
	buf[4 + plen] = '\0';
	set_str(serial, len, buf + 4);
}

/* Walks up from a block device's directory to its USB device (the first
 * ancestor with busnum and devnum files). */
static int find_usb_dir(const char *devpath, char *usb, size_t len)
{
	char p[PATH_MAX], f[PATH_MAX + 16];
	char *slash;

	stk_strlcpy(p, devpath, sizeof(p));
	for (;;) {
		slash = strrchr(p, '/');
		if (!slash || slash == p)
			return -ENOENT;
		*slash = '\0';
		fmt_path(f, sizeof(f), "%s/busnum", p);
		if (access(f, F_OK))
			continue;
		fmt_path(f, sizeof(f), "%s/devnum", p);
		if (access(f, F_OK))
			continue;
		stk_strlcpy(usb, p, len);
		return 0;
	}
}

/* "1" into an attribute file, as the kernel takes it. */
static int write_one(const char *path)
{
	FILE *f = fopen(path, "w");
	int rc = 0;

	if (!f)
		return -errno;
	if (fputs("1\n", f) == EOF)
		rc = -errno;
	if (fclose(f) && !rc)
		rc = -errno;
	return rc;
}

int sysfs_power_off(const struct stk_ctx *ctx, const char *name, char *how,
		    size_t len)
{
	char rel[PATH_MAX], devpath[PATH_MAX], usb[PATH_MAX];
	char f[PATH_MAX + 16];

	if (fmt_path(rel, sizeof(rel), "%s/block/%s", ctx->roots.sysfs, name) ||
	    !realpath(rel, devpath))
		return -ENODEV;
	/* 1. The USB device's own "remove": the port turns it off, as a
	 *    desktop's "safe to remove" does. */
	if (!find_usb_dir(devpath, usb, sizeof(usb))) {
		fmt_path(f, sizeof(f), "%s/remove", usb);
		if (!access(f, W_OK)) {
			stk_strlcpy(how,
				    "the USB device was removed from its port",
				    len);
			return write_one(f);
		}
	}
	/* 2. Else the SCSI disk is deleted: the kernel lets it go. */
	fmt_path(f, sizeof(f), "%s/device/delete", devpath);
	if (!access(f, W_OK)) {
		stk_strlcpy(how, "the disk was deleted from the SCSI layer",
			    len);
		return write_one(f);
	}
	return -ENOTSUP;
}

static void read_usb(struct stk_ctx *ctx, const char *devpath,
		     struct stk_device *dev)
{
	char usb[PATH_MAX], f[PATH_MAX + 16], buf[STK_DEV_STR_MAX];
	unsigned bus, addr;
	struct usb_info info;
	int rc;

	if (find_usb_dir(devpath, usb, sizeof(usb)))
		return;
	fmt_path(f, sizeof(f), "%s/manufacturer", usb);
	if (!read_abs(f, buf, sizeof(buf)))
		set_str(dev->vendor, sizeof(dev->vendor), buf);
	fmt_path(f, sizeof(f), "%s/product", usb);
	if (!read_abs(f, buf, sizeof(buf)))
		set_str(dev->model, sizeof(dev->model), buf);
	fmt_path(f, sizeof(f), "%s/serial", usb);
	if (!read_abs(f, buf, sizeof(buf)))
		set_str(dev->serial, sizeof(dev->serial), buf);
	fmt_path(f, sizeof(f), "%s/speed", usb);
	if (!read_abs(f, buf, sizeof(buf)))
		dev->speed_mbps = sysfs_usb_speed_mbps(buf);
	fmt_path(f, sizeof(f), "%s/version", usb);
	if (!read_abs(f, buf, sizeof(buf)))
		dev->max_speed_mbps = sysfs_usb_version_mbps(buf);

	/* libusb adds what sysfs cannot say: the BOS descriptor's speeds. */
	fmt_path(f, sizeof(f), "%s/busnum", usb);
	if (read_abs(f, buf, sizeof(buf)))
		return;
	bus = (unsigned)strtoul(buf, NULL, 10);
	fmt_path(f, sizeof(f), "%s/devnum", usb);
	if (read_abs(f, buf, sizeof(buf)))
		return;
	addr = (unsigned)strtoul(buf, NULL, 10);
	if (sysfs_is_fixture(ctx)) {
		DBG(ctx, DEVICE, "%s: test sysfs, libusb not asked", dev->name);
		return;
	}
	rc = usb_query(ctx, bus, addr, &info);
	if (rc) {
		DBG(ctx, DEVICE, "%s: libusb: %s; using sysfs only", dev->name,
		    stk_strerror(rc));
		return;
	}
	set_str(dev->vendor, sizeof(dev->vendor), info.manufacturer);
	set_str(dev->model, sizeof(dev->model), info.product);
	set_str(dev->serial, sizeof(dev->serial), info.serial);
	if (info.speed_mbps)
		dev->speed_mbps = info.speed_mbps;
	if (info.max_speed_mbps > dev->max_speed_mbps)
		dev->max_speed_mbps = info.max_speed_mbps;
	/* A USB 2 stick at full speed (behind a USB 1.1 hub): only the
	 * device qualifier says so, the version "2.00" does not, since
	 * full-speed only devices say 2.00 as well. */
	dev->slow_link = info.speed_mbps && info.speed_mbps <= 12 &&
			 info.max_speed_mbps >= 480;
}

static int part_number(const struct stk_ctx *ctx, const char *disk,
		       const char *part)
{
	char rel[PATH_MAX];
	uint64_t n;

	fmt_path(rel, sizeof(rel), "block/%s/%s/partition", disk, part);
	if (sysfs_read_u64(ctx, rel, &n))
		return -1;
	return (int)n;
}

static int cmp_part(const void *a, const void *b)
{
	const struct stk_devpart *x = a, *y = b;
	size_t lx = strlen(x->name), ly = strlen(y->name);

	/* sdb2 before sdb10: shorter names first, then by text */
	if (lx != ly)
		return lx < ly ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void read_parts(const struct stk_ctx *ctx, const char *name,
		       struct stk_device *dev)
{
	char path[PATH_MAX], rel[PATH_MAX];
	struct dirent *de;
	uint64_t sectors;
	DIR *d;

	fmt_path(path, sizeof(path), "%s/block/%s", ctx->roots.sysfs, name);
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d)) && dev->n_parts < STK_MAX_PARTS) {
		struct stk_devpart *p = &dev->part[dev->n_parts];

		if (strncmp(de->d_name, name, strlen(name)) ||
		    part_number(ctx, name, de->d_name) < 0)
			continue;
		memset(p, 0, sizeof(*p));
		stk_strlcpy(p->name, de->d_name, sizeof(p->name));
		fmt_path(rel, sizeof(rel), "block/%s/%s/size", name,
			 de->d_name);
		if (!sysfs_read_u64(ctx, rel, &sectors))
			p->size_bytes = sectors * 512;
		dev->n_parts++;
	}
	closedir(d);
	qsort(dev->part, (size_t)dev->n_parts, sizeof(dev->part[0]), cmp_part);
}

static void read_names(const struct stk_ctx *ctx, const char *name,
		       struct stk_device *dev)
{
	char rel[PATH_MAX], buf[PATH_MAX];
	const char *base;

	fmt_path(rel, sizeof(rel), "block/%s/device/vendor", name);
	if (!sysfs_read(ctx, rel, buf, sizeof(buf)) && strncmp(buf, "0x", 2))
		set_str(dev->vendor, sizeof(dev->vendor), buf);
	fmt_path(rel, sizeof(rel), "block/%s/device/model", name);
	if (!sysfs_read(ctx, rel, buf, sizeof(buf)))
		set_str(dev->model, sizeof(dev->model), buf);
	/* MMC cards: type (SD, MMC) and product name */
	fmt_path(rel, sizeof(rel), "block/%s/device/type", name);
	if (dev->transport == STK_TRANSPORT_MMC &&
	    !sysfs_read(ctx, rel, buf, sizeof(buf)))
		set_str(dev->vendor, sizeof(dev->vendor), buf);
	fmt_path(rel, sizeof(rel), "block/%s/device/name", name);
	if (!sysfs_read(ctx, rel, buf, sizeof(buf)))
		set_str(dev->model, sizeof(dev->model), buf);
	/* serial: NVMe and MMC in device/, virtio next to size, SCSI VPD */
	fmt_path(rel, sizeof(rel), "block/%s/device/serial", name);
	if (!sysfs_read(ctx, rel, buf, sizeof(buf)))
		set_str(dev->serial, sizeof(dev->serial), buf);
	fmt_path(rel, sizeof(rel), "block/%s/serial", name);
	if (!dev->serial[0] && !sysfs_read(ctx, rel, buf, sizeof(buf)))
		set_str(dev->serial, sizeof(dev->serial), buf);
	if (!dev->serial[0])
		read_vpd_serial(ctx, name, dev->serial, sizeof(dev->serial));
	/* device mapper and loop: what they are made of */
	fmt_path(rel, sizeof(rel), "block/%s/dm/name", name);
	if (!dev->model[0] && !sysfs_read(ctx, rel, buf, sizeof(buf)))
		set_str(dev->model, sizeof(dev->model), buf);
	if (!dev->model[0] &&
	    !sysfs_loop_backing(ctx, name, buf, sizeof(buf))) {
		base = strrchr(buf, '/');
		set_str(dev->model, sizeof(dev->model), base ? base + 1 : buf);
	}
}

int sysfs_read_disk(struct stk_ctx *ctx, const char *name,
		    struct stk_device *dev)
{
	char path[PATH_MAX], devpath[PATH_MAX], rel[PATH_MAX], buf[64];
	char real[PATH_MAX];
	const char *where = devpath;
	uint64_t v;
	int rc;

	memset(dev, 0, sizeof(*dev));
	if (!*name || strchr(name, '/') || strlen(name) >= sizeof(dev->name))
		return -ENODEV;
	fmt_path(path, sizeof(path), "%s/block/%s", ctx->roots.sysfs, name);
	if (!realpath(path, devpath))
		return -ENODEV;
	stk_strlcpy(dev->name, name, sizeof(dev->name));
	fmt_path(dev->path, sizeof(dev->path), "/dev/%s", name);

	fmt_path(rel, sizeof(rel), "block/%s/dev", name);
	rc = sysfs_read(ctx, rel, buf, sizeof(buf));
	if (rc || sscanf(buf, "%u:%u", &dev->major, &dev->minor) != 2)
		return -ENODEV;
	fmt_path(rel, sizeof(rel), "block/%s/size", name);
	if (!sysfs_read_u64(ctx, rel, &v))
		dev->size_bytes = v * 512; /* always 512-byte units */
	fmt_path(rel, sizeof(rel), "block/%s/queue/logical_block_size", name);
	dev->sector_bytes =
		sysfs_read_u64(ctx, rel, &v) || !v ? 512 : (uint32_t)v;
	fmt_path(rel, sizeof(rel), "block/%s/ro", name);
	dev->read_only = !sysfs_read_u64(ctx, rel, &v) && v;
	fmt_path(rel, sizeof(rel), "block/%s/removable", name);
	dev->removable = !sysfs_read_u64(ctx, rel, &v) && v;
	/* Linux 5.15 on: a stick plugged in under an old name and number
	 * still gets a new sequence number */
	fmt_path(rel, sizeof(rel), "block/%s/diskseq", name);
	if (!sysfs_read_u64(ctx, rel, &v))
		dev->diskseq = v;

	/* The device's place in the tree says how it is attached (looked at
	 * below the root, whose own name may say anything). */
	if (realpath(ctx->roots.sysfs, real))
		where = devpath + (strncmp(devpath, real, strlen(real))
					   ? 0
					   : strlen(real));
	if (strstr(where, "/usb"))
		dev->transport = STK_TRANSPORT_USB;
	else if (strstr(where, "/mmc_host/") || !strncmp(name, "mmcblk", 6))
		dev->transport = STK_TRANSPORT_MMC;
	DBG(ctx, DEVICE, "%s: %s", name, devpath);

	/* USB strings are longer than SCSI's 8+16 characters: they win */
	read_names(ctx, name, dev);
	if (dev->transport == STK_TRANSPORT_USB)
		read_usb(ctx, devpath, dev);
	if (dev->speed_mbps > dev->max_speed_mbps)
		dev->max_speed_mbps = dev->speed_mbps;
	/* a USB 3 stick on a USB 2 link (or the USB 1.1 case, above) */
	if (dev->speed_mbps && dev->speed_mbps <= 480 &&
	    dev->max_speed_mbps >= 5000)
		dev->slow_link = true;
	read_parts(ctx, name, dev);
	return 0;
}

static void append(char *buf, size_t len, const char *sep, const char *s)
{
	size_t n = strlen(buf);

	fmt_path(buf + n, len - n, "%s%s", n ? sep : "", s);
}

static void list_dir(const struct stk_ctx *ctx, const char *rel, char *buf,
		     size_t len)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;

	fmt_path(path, sizeof(path), "%s/%s", ctx->roots.sysfs, rel);
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			append(buf, len, ",", de->d_name);
	closedir(d);
}

int sysfs_holders(const struct stk_ctx *ctx, const char *disk, char *buf,
		  size_t len)
{
	char rel[PATH_MAX];
	struct stk_device parts;
	int i;

	buf[0] = '\0';
	fmt_path(rel, sizeof(rel), "block/%s/holders", disk);
	list_dir(ctx, rel, buf, len);
	parts.n_parts = 0;
	read_parts(ctx, disk, &parts);
	for (i = 0; i < parts.n_parts; i++) {
		fmt_path(rel, sizeof(rel), "block/%s/%s/holders", disk,
			 parts.part[i].name);
		list_dir(ctx, rel, buf, len);
	}
	return 0;
}

int sysfs_loop_backing(const struct stk_ctx *ctx, const char *disk, char *buf,
		       size_t len)
{
	char rel[PATH_MAX];
	char *del;
	int rc;

	fmt_path(rel, sizeof(rel), "block/%s/loop/backing_file", disk);
	rc = sysfs_read(ctx, rel, buf, len);
	if (rc)
		return -ENOENT;
	del = strstr(buf, " (deleted)");
	if (del && !del[10])
		*del = '\0';
	return 0;
}

bool sysfs_set_has(const char *set, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = set; (p = strstr(p, name)); p += n)
		if ((p == set || p[-1] == '\n') && p[n] == '\n')
			return true;
	return false;
}

int sysfs_lower_disks(const struct stk_ctx *ctx, const char *name, char *set,
		      size_t len, int depth)
{
	char disk[STK_DEV_NAME_MAX], rel[PATH_MAX], slaves[1024];
	char backing[PATH_MAX];
	char *tok, *save;
	struct stat st;
	size_t n;

	if (depth > 8 || sysfs_disk_of(ctx, name, disk, sizeof(disk)))
		return 0;
	if (sysfs_set_has(set, disk))
		return 0;
	n = strlen(set);
	fmt_path(set + n, len - n, "%s\n", disk);

	/* dm, md: the devices they are built on */
	slaves[0] = '\0';
	fmt_path(rel, sizeof(rel), "block/%s/slaves", disk);
	list_dir(ctx, rel, slaves, sizeof(slaves));
	for (tok = strtok_r(slaves, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		sysfs_lower_disks(ctx, tok, set, len, depth + 1);

	/* a loop disk lives in a file that lives on another disk; a fixture
	 * tree's backing files are not on this machine's disks */
	if (sysfs_is_fixture(ctx) ||
	    sysfs_loop_backing(ctx, disk, backing, sizeof(backing)))
		return 0;
	if (stat(backing, &st) == 0 &&
	    !sysfs_devt_name(ctx, major(st.st_dev), minor(st.st_dev), rel,
			     sizeof(rel)))
		sysfs_lower_disks(ctx, rel, set, len, depth + 1);
	return 0;
}

uint64_t stk_fnv1a(uint64_t h, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

uint64_t sysfs_fingerprint(const struct stk_ctx *ctx, uint64_t seed)
{
	static const char *const attrs[] = {"dev", "size", "ro", "removable"};
	char path[PATH_MAX], rel[PATH_MAX], buf[64];
	struct dirent *de;
	uint64_t h = seed;
	size_t i;
	DIR *d;

	fmt_path(path, sizeof(path), "%s/block", ctx->roots.sysfs);
	d = opendir(path);
	if (!d)
		return h;
	/* readdir order is stable for an unchanged directory; a change of
	 * order alone is a harmless extra re-read */
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		h = stk_fnv1a(h, de->d_name, strlen(de->d_name) + 1);
		for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
			fmt_path(rel, sizeof(rel), "block/%s/%s", de->d_name,
				 attrs[i]);
			if (!sysfs_read(ctx, rel, buf, sizeof(buf)))
				h = stk_fnv1a(h, buf, strlen(buf) + 1);
		}
	}
	closedir(d);
	return h;
}

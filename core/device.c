// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * device.c - which disks may be written: the list a person chooses from,
 * the rules that hide or refuse a disk, and the check that runs again
 * right before the exclusive open.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <dirent.h>

#include "internal.h"
#include "device.h"
#include "mounts.h"
#include "sysfs.h"

static const char STATION_REASON[] = "the station runs from it";

struct stk_devlist {
	struct stk_device *dev;
	size_t n;
};

const char *stk_transport_name(enum stk_transport transport)
{
	switch (transport) {
	case STK_TRANSPORT_USB:
		return "usb";
	case STK_TRANSPORT_MMC:
		return "mmc";
	default:
		return "other";
	}
}

static void env_free(struct device_env *env)
{
	mounts_free(&env->mounts);
	mounts_free(&env->swaps);
}

/* Mounts, swaps, and the disks the source image lives on. */
static int env_load(struct stk_ctx *ctx, const char *image_path,
		    struct device_env *env)
{
	char name[STK_DEV_NAME_MAX];
	struct stat st;
	dev_t d;
	int rc;

	memset(env, 0, sizeof(*env));
	rc = mounts_read(ctx, &env->mounts, &env->swaps);
	if (rc)
		return rc;
	if (!image_path)
		return 0;
	if (!realpath(image_path, env->source_real))
		stk_strlcpy(env->source_real, image_path,
			    sizeof(env->source_real));
	/* a fixture tree's dev_t numbers are not this machine's */
	if (sysfs_is_fixture(ctx) || stat(image_path, &st))
		return 0;
	d = S_ISBLK(st.st_mode) ? st.st_rdev : st.st_dev;
	if (!sysfs_devt_name(ctx, major(d), minor(d), name, sizeof(name)))
		sysfs_lower_disks(ctx, name, env->source_disks,
				  sizeof(env->source_disks), 0);
	DBG(ctx, DEVICE, "source '%s' lives on: %s", env->source_real,
	    env->source_disks);
	return 0;
}

static bool holds_source(const struct stk_ctx *ctx,
			 const struct device_env *env, const char *disk)
{
	char backing[PATH_MAX], real[PATH_MAX];

	if (!env->source_real[0])
		return false;
	if (sysfs_set_has(env->source_disks, disk))
		return true;
	if (sysfs_loop_backing(ctx, disk, backing, sizeof(backing)))
		return false;
	if (!sysfs_is_fixture(ctx) && realpath(backing, real))
		return !strcmp(real, env->source_real);
	return !strcmp(backing, env->source_real);
}

static struct stk_devpart *find_part(struct stk_device *dev, const char *n)
{
	int i;

	for (i = 0; i < dev->n_parts; i++)
		if (!strcmp(dev->part[i].name, n))
			return &dev->part[i];
	return NULL;
}

/*
 * Mounts of a disk a person plugged in (removable, USB, MMC) or made
 * (loop) can be unmounted on request; any mount of another disk means the
 * running system uses it.
 */
static bool casual_disk(const struct stk_ctx *ctx, const struct stk_device *dev)
{
	char backing[PATH_MAX];

	return dev->removable || dev->transport != STK_TRANSPORT_OTHER ||
	       !sysfs_loop_backing(ctx, dev->name, backing, sizeof(backing));
}

const char *stk_refusal_key(enum stk_refusal refusal)
{
	switch (refusal) {
	case STK_REFUSE_NONE:
		return "";
	case STK_REFUSE_STATION:
		return "station";
	case STK_REFUSE_SYSTEM_MOUNT:
		return "system-mount";
	case STK_REFUSE_SWAP:
		return "swap";
	case STK_REFUSE_HOLDERS:
		return "holders";
	case STK_REFUSE_SOURCE:
		return "source-image";
	case STK_REFUSE_NOT_USB:
		return "not-usb";
	case STK_REFUSE_READ_ONLY:
		return "read-only";
	}
	return "unknown";
}

/* The code a check gives for a refusal. */
static int refusal_code(enum stk_refusal refusal)
{
	switch (refusal) {
	case STK_REFUSE_NONE:
		return 0;
	case STK_REFUSE_NOT_USB:
		return -EPERM;
	case STK_REFUSE_READ_ONLY:
		return -EROFS;
	default:
		return -EBUSY;
	}
}

int device_judge(const struct stk_ctx *ctx, const struct device_env *env,
		 struct stk_device *dev)
{
	const char *system_mp = NULL;
	bool station = false;
	char holders[256];
	struct stk_devpart *p;
	bool swap = false;
	size_t i;
	int rc;

	dev->offered = false;
	dev->needs_unmount = false;
	dev->refusal = STK_REFUSE_NONE;
	dev->reason[0] = '\0';
	dev->mountpoint[0] = '\0';
	dev->swap = false;
	for (i = 0; i < (size_t)dev->n_parts; i++) {
		dev->part[i].mountpoint[0] = '\0';
		dev->part[i].swap = false;
	}

	/* 1. Where its filesystems are mounted, and by whom. */
	for (i = 0; i < env->mounts.n; i++) {
		const struct mount_entry *m = &env->mounts.m[i];
		char *mp;

		if (strcmp(m->disk, dev->name))
			continue;
		p = find_part(dev, m->dev);
		mp = p ? p->mountpoint : dev->mountpoint;
		if (!*mp)
			stk_strlcpy(mp, m->mountpoint, STK_PATH_MAX);
		if (!strcmp(m->mountpoint, MOUNTS_STATION))
			station = true;
		if (mounts_is_system(m->mountpoint) || !casual_disk(ctx, dev)) {
			if (!system_mp)
				system_mp = m->mountpoint;
		} else {
			dev->needs_unmount = true;
		}
	}
	for (i = 0; i < env->swaps.n; i++) {
		const struct mount_entry *s = &env->swaps.m[i];

		if (strcmp(s->disk, dev->name))
			continue;
		swap = true;
		p = find_part(dev, s->dev);
		if (p)
			p->swap = true;
		else
			dev->swap = true;
	}
	sysfs_holders(ctx, dev->name, holders, sizeof(holders));

	/* 2. The rules, the ones with no override first. */
	if (station) {
		dev->refusal = STK_REFUSE_STATION;
		stk_strlcpy(dev->reason, STATION_REASON, sizeof(dev->reason));
	} else if (system_mp) {
		dev->refusal = STK_REFUSE_SYSTEM_MOUNT;
		snprintf(dev->reason, sizeof(dev->reason),
			 "holds %.170s (mounted)", system_mp);
	} else if (swap) {
		dev->refusal = STK_REFUSE_SWAP;
		stk_strlcpy(dev->reason, "swap", sizeof(dev->reason));
	} else if (holders[0]) {
		dev->refusal = STK_REFUSE_HOLDERS;
		snprintf(dev->reason, sizeof(dev->reason), "used by %.180s",
			 holders);
	} else if (holds_source(ctx, env, dev->name)) {
		dev->refusal = STK_REFUSE_SOURCE;
		stk_strlcpy(dev->reason, "holds the source image",
			    sizeof(dev->reason));
	} else if (dev->transport == STK_TRANSPORT_OTHER) {
		dev->refusal = STK_REFUSE_NOT_USB;
		stk_strlcpy(dev->reason, "not USB: use --any-device",
			    sizeof(dev->reason));
	} else if (dev->read_only) {
		dev->refusal = STK_REFUSE_READ_ONLY;
		stk_strlcpy(dev->reason, "write-protected",
			    sizeof(dev->reason));
	}
	rc = refusal_code(dev->refusal);
	if (rc)
		dev->needs_unmount = false;
	dev->offered = rc == 0;
	return rc;
}

static int cmp_dev(const void *a, const void *b)
{
	const struct stk_device *x = a, *y = b;

	return strcmp(x->name, y->name);
}

int stk_devlist_new(struct stk_ctx *ctx, const char *image_path, unsigned flags,
		    struct stk_devlist **out)
{
	char path[PATH_MAX];
	struct stk_devlist *list;
	struct stk_device *dev, *nd;
	struct device_env env;
	struct dirent *de;
	DIR *d;
	int rc;

	if (!ctx || !out)
		return -EINVAL;
	*out = NULL;
	rc = env_load(ctx, image_path, &env);
	if (rc)
		return rc;
	list = calloc(1, sizeof(*list));
	if (!list) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out_env;
	}
	snprintf(path, sizeof(path), "%s/block", ctx->roots.sysfs);
	d = opendir(path);
	if (!d) {
		rc = stk_seterr_errno(ctx, -errno, "cannot read '%s'", path);
		goto out_list;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		nd = realloc(list->dev, (list->n + 1) * sizeof(*nd));
		if (!nd) {
			rc = stk_seterr(ctx, -ENOMEM, "out of memory");
			break;
		}
		list->dev = nd;
		dev = &list->dev[list->n];
		if (sysfs_read_disk(ctx, de->d_name, dev) || !dev->size_bytes)
			continue;
		if (!(flags & STK_DEVLIST_ALL) &&
		    dev->transport == STK_TRANSPORT_OTHER)
			continue;
		device_judge(ctx, &env, dev);
		/* the station's own disk is not even shown, but with --all */
		if (!(flags & STK_DEVLIST_ALL) &&
		    dev->refusal == STK_REFUSE_STATION)
			continue;
		list->n++;
	}
	closedir(d);
	if (rc)
		goto out_list;
	qsort(list->dev, list->n, sizeof(*list->dev), cmp_dev);
	*out = list;
	goto out_env;

out_list:
	stk_devlist_free(list);
out_env:
	env_free(&env);
	return rc;
}

void stk_devlist_free(struct stk_devlist *list)
{
	if (!list)
		return;
	free(list->dev);
	free(list);
}

size_t stk_devlist_count(const struct stk_devlist *list)
{
	return list ? list->n : 0;
}

const struct stk_device *stk_devlist_get(const struct stk_devlist *list,
					 size_t i)
{
	return list && i < list->n ? &list->dev[i] : NULL;
}

void stk_device_free(struct stk_device *dev)
{
	free(dev);
}

static int lookup_serial(struct stk_ctx *ctx, const char *serial,
			 struct stk_device *out)
{
	struct stk_devlist *list;
	const struct stk_device *d;
	size_t i, found = 0;
	int rc;

	rc = stk_devlist_new(ctx, NULL, 0, &list);
	if (rc)
		return rc;
	for (i = 0; i < list->n; i++) {
		d = &list->dev[i];
		if (d->transport != STK_TRANSPORT_USB ||
		    strcmp(d->serial, serial))
			continue;
		if (found++)
			break;
		*out = *d;
	}
	stk_devlist_free(list);
	if (!found)
		return stk_seterr(ctx, -ENODEV, "no USB disk with serial '%s'",
				  serial);
	if (found > 1)
		return stk_seterr(ctx, -EINVAL,
				  "several USB disks have serial '%s'", serial);
	return 0;
}

/* The sysfs name of the whole disk at @spec; -ENOTBLK for other files. */
static int lookup_path(struct stk_ctx *ctx, const char *spec, char *name,
		       size_t len)
{
	char disk[STK_DEV_NAME_MAX];
	struct stat st;
	int rc;

	if (sysfs_is_fixture(ctx)) {
		/* never stat a real /dev node on behalf of a fixture */
		if (strncmp(spec, "/dev/", 5))
			return -ENOTBLK;
		stk_strlcpy(name, spec + 5, len);
	} else {
		if (stat(spec, &st)) {
			if (errno == ENOENT && strncmp(spec, "/dev/", 5))
				return -ENOTBLK; /* a file to create */
			return stk_seterr_errno(ctx, -errno, "cannot use '%s'",
						spec);
		}
		if (!S_ISBLK(st.st_mode))
			return -ENOTBLK;
		rc = sysfs_devt_name(ctx, major(st.st_rdev), minor(st.st_rdev),
				     name, len);
		if (rc)
			return stk_seterr(ctx, -ENODEV,
					  "'%s' is not known to sysfs", spec);
	}
	if (sysfs_disk_of(ctx, name, disk, sizeof(disk)))
		return stk_seterr(ctx, -ENODEV, "no such disk '%s'", spec);
	if (strcmp(disk, name))
		return stk_seterr(
			ctx, -EINVAL,
			"'%s' is a partition: name the whole disk '/dev/%s'",
			spec, disk);
	return 0;
}

int stk_device_lookup(struct stk_ctx *ctx, const char *spec,
		      struct stk_device **out)
{
	char name[STK_DEV_NAME_MAX];
	struct stk_device *dev;
	struct device_env env;
	int rc;

	if (!ctx || !spec || !out)
		return -EINVAL;
	*out = NULL;
	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return stk_seterr(ctx, -ENOMEM, "out of memory");

	if (!strncmp(spec, "usb:", 4)) {
		rc = lookup_serial(ctx, spec + 4, dev);
		if (rc)
			goto out_free;
	} else {
		rc = lookup_path(ctx, spec, name, sizeof(name));
		if (rc)
			goto out_free;
		rc = sysfs_read_disk(ctx, name, dev);
		if (rc) {
			rc = stk_seterr(ctx, rc, "no such disk '%s'", spec);
			goto out_free;
		}
		/* keep the name the user gave (/dev/disk/by-id/...) */
		if (!sysfs_is_fixture(ctx))
			stk_strlcpy(dev->path, spec, sizeof(dev->path));
		rc = env_load(ctx, NULL, &env);
		if (rc)
			goto out_free;
		device_judge(ctx, &env, dev);
		env_free(&env);
	}
	*out = dev;
	return 0;

out_free:
	free(dev);
	return rc;
}

/* Refuses when the disk now at @chosen's name is not the one chosen. */
static int same_identity(struct stk_ctx *ctx, const struct stk_device *chosen,
			 const struct stk_device *now)
{
	struct stat st;

	if (now->major != chosen->major || now->minor != chosen->minor)
		return stk_seterr(
			ctx, -ESTALE,
			"'%s' changed since it was chosen (device %u:%u, was %u:%u): choose it again",
			chosen->path, now->major, now->minor, chosen->major,
			chosen->minor);
	if (now->size_bytes != chosen->size_bytes)
		return stk_seterr(
			ctx, -ESTALE,
			"'%s' changed since it was chosen (%llu bytes, was %llu): choose it again",
			chosen->path, (unsigned long long)now->size_bytes,
			(unsigned long long)chosen->size_bytes);
	if (strcmp(now->serial, chosen->serial))
		return stk_seterr(
			ctx, -ESTALE,
			"'%s' changed since it was chosen (serial '%s', was '%s'): choose it again",
			chosen->path, now->serial, chosen->serial);
	/* the same name, number, size and serial, and yet plugged in again
	 * (or another stick of the same batch): the kernel counts disks */
	if (now->diskseq && chosen->diskseq && now->diskseq != chosen->diskseq)
		return stk_seterr(
			ctx, -ESTALE,
			"'%s' changed since it was chosen (plugged in again): choose it again",
			chosen->path);
	if (sysfs_is_fixture(ctx))
		return 0;
	if (stat(chosen->path, &st))
		return stk_seterr(ctx, -ENODEV, "'%s' is gone", chosen->path);
	if (!S_ISBLK(st.st_mode) ||
	    st.st_rdev != makedev(chosen->major, chosen->minor))
		return stk_seterr(ctx, -ESTALE,
				  "'%s' is no longer the disk that was chosen",
				  chosen->path);
	return 0;
}

/* Reads the disk at @chosen's name again into @now; refuses a change. */
static int read_again(struct stk_ctx *ctx, const struct stk_device *chosen,
		      struct stk_device *now)
{
	if (sysfs_read_disk(ctx, chosen->name, now))
		return stk_seterr(ctx, -ENODEV, "'%s' is gone", chosen->path);
	stk_strlcpy(now->path, chosen->path, sizeof(now->path));
	return same_identity(ctx, chosen, now);
}

/* "/a, /b" for the message; mount points of the disk and its parts. */
static void mount_list(const struct stk_device *dev, char *buf, size_t len)
{
	size_t n;
	int i;

	snprintf(buf, len, "%s", dev->mountpoint);
	for (i = 0; i < dev->n_parts; i++) {
		if (!dev->part[i].mountpoint[0])
			continue;
		n = strlen(buf);
		snprintf(buf + n, len - n, "%s%s", n ? ", " : "",
			 dev->part[i].mountpoint);
	}
}

/* Unmounts every mount of @dev, the last mounted first. */
static int unmount_all(struct stk_ctx *ctx, const struct device_env *env,
		       const struct stk_device *dev)
{
	size_t i;
	int err;

	if (sysfs_is_fixture(ctx))
		return stk_seterr(
			ctx, -EBUSY,
			"not unmounting the partitions of '%s': it comes from a test sysfs",
			dev->path);
	for (i = env->mounts.n; i-- > 0;) {
		const struct mount_entry *m = &env->mounts.m[i];

		if (strcmp(m->disk, dev->name))
			continue;
		stk_log(ctx, STK_LOG_INFO, "unmounting '%s'", m->mountpoint);
		if (umount2(m->mountpoint, 0) == 0)
			continue;
		err = errno;
		if (err == EINVAL) /* already gone with its parent */
			continue;
		return stk_seterr(ctx, -err, "cannot unmount '%s' of '%s': %s",
				  m->mountpoint, dev->path,
				  err == EBUSY ? "it is busy" : strerror(err));
	}
	return 0;
}

/* Refuses, accepts (dry run) or unmounts the mounts of @now. */
static int settle_mounts(struct stk_ctx *ctx, struct device_env *env,
			 struct stk_device *now, const char *image_path,
			 unsigned flags)
{
	char mps[512];
	int rc;

	mount_list(now, mps, sizeof(mps));
	if (!(flags & STK_CHECK_UNMOUNT))
		return stk_seterr(
			ctx, -EBUSY,
			"'%s' is mounted (%s): unmount it or use --unmount",
			now->path, mps);
	if (flags & STK_CHECK_DRY_RUN) {
		stk_log(ctx, STK_LOG_INFO, "'%s' will be unmounted (%s)",
			now->path, mps);
		return 0;
	}
	rc = unmount_all(ctx, env, now);
	if (rc)
		return rc;
	/* what the kernel says now, not what we hoped */
	env_free(env);
	rc = env_load(ctx, image_path, env);
	if (rc)
		return rc;
	device_judge(ctx, env, now);
	mount_list(now, mps, sizeof(mps));
	if (mps[0])
		return stk_seterr(ctx, -EBUSY, "'%s' is still mounted (%s)",
				  now->path, mps);
	return 0;
}

static int refuse(struct stk_ctx *ctx, const struct stk_device *dev,
		  const char *image_path, int rc)
{
	switch (dev->refusal) {
	case STK_REFUSE_NOT_USB:
		return stk_seterr(
			ctx, rc,
			"'%s' is not a USB or MMC disk: name it with --any-device to write it anyway",
			dev->path);
	case STK_REFUSE_READ_ONLY:
		return stk_seterr(ctx, rc, "'%s' is write-protected",
				  dev->path);
	case STK_REFUSE_SWAP:
		return stk_seterr(ctx, rc, "'%s' is in use as swap", dev->path);
	case STK_REFUSE_STATION:
		return stk_seterr(
			ctx, rc,
			"'%s' is the disk the station runs from: never written",
			dev->path);
	case STK_REFUSE_SOURCE:
		return stk_seterr(ctx, rc, "'%s' holds the source image '%s'",
				  dev->path, image_path);
	case STK_REFUSE_HOLDERS:
		return stk_seterr(ctx, rc, "'%s' is %s: never written",
				  dev->path, dev->reason);
	case STK_REFUSE_SYSTEM_MOUNT:
	case STK_REFUSE_NONE:
		break;
	}
	return stk_seterr(ctx, rc, "'%s' %s: never written", dev->path,
			  dev->reason);
}

int device_check_now(struct stk_ctx *ctx, struct stk_device *now,
		     const char *image_path, unsigned flags)
{
	char mps[512];
	struct device_env env;
	int rc;

	/* 1. The rules, on what the system says now. */
	rc = env_load(ctx, image_path, &env);
	if (rc)
		return rc;
	rc = device_judge(ctx, &env, now);
	if (now->refusal == STK_REFUSE_NOT_USB &&
	    (flags & STK_CHECK_ANY_DEVICE)) {
		/* the rule --any-device lifts; the one after it still holds */
		now->refusal =
			now->read_only ? STK_REFUSE_READ_ONLY : STK_REFUSE_NONE;
		rc = refusal_code(now->refusal);
		mount_list(now, mps, sizeof(mps));
		now->needs_unmount = mps[0] != '\0';
	}
	if (rc) {
		rc = refuse(ctx, now, image_path, rc);
		goto out_env;
	}

	/* 2. Mounted partitions of a stick: only when asked to unmount. */
	if (now->needs_unmount) {
		rc = settle_mounts(ctx, &env, now, image_path, flags);
		if (rc)
			goto out_env;
	}

	/* 3. A fixture describes devices this machine does not have. */
	if (sysfs_is_fixture(ctx) && !(flags & STK_CHECK_NO_OPEN))
		rc = stk_seterr(
			ctx, -EPERM,
			"'%s' comes from the test sysfs '%s': not opening a real device",
			now->path, ctx->roots.sysfs);
out_env:
	env_free(&env);
	return rc;
}

int stk_device_check(struct stk_ctx *ctx, const struct stk_device *chosen,
		     const char *image_path, unsigned flags)
{
	struct stk_device now;
	int rc;

	if (!ctx || !chosen)
		return -EINVAL;

	/* Is it still the disk that was chosen? Then the rules, on it now. */
	rc = read_again(ctx, chosen, &now);
	if (rc)
		return rc;
	return device_check_now(ctx, &now, image_path, flags);
}

int stk_device_check_path(struct stk_ctx *ctx, const char *spec,
			  const char *image_path, unsigned flags, char *path,
			  size_t path_len)
{
	struct stk_device *dev;
	int rc;

	if (!ctx || !spec)
		return -EINVAL;
	rc = stk_device_lookup(ctx, spec, &dev);
	if (rc)
		return rc;
	/* just read: the rules apply to it as it is */
	rc = device_check_now(ctx, dev, image_path, flags);
	if (!rc && path)
		stk_strlcpy(path, dev->path, path_len);
	stk_device_free(dev);
	return rc;
}

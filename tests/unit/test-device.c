// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * test-device.c - device rules: mountinfo and swaps parsing, USB speeds,
 * and the identity re-check on a tiny sysfs tree built here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "t.h"
#include "internal.h"
#include "mounts.h"
#include "sysfs.h"

static void mountinfo_fields_and_escapes(void)
{
	const char *text =
		"22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw\n"
		"31 22 8:17 / /media/u/MY\\040STICK rw master:1 shared:9 - vfat /dev/sdb1 rw\n"
		"40 22 0:44 / /tmp rw - tmpfs tmpfs rw\n";
	struct mount_table t;
	int bad;

	T_EQ_INT(mounts_parse_mountinfo(text, &t, &bad), 0);
	T_EQ_INT(t.n, 3);
	T_EQ_INT(t.m[0].major, 8);
	T_EQ_INT(t.m[0].minor, 2);
	T_EQ_STR(t.m[0].mountpoint, "/");
	T_EQ_STR(t.m[1].mountpoint, "/media/u/MY STICK");
	T_EQ_STR(t.m[1].source, "/dev/sdb1");
	T_EQ_INT(t.m[2].major, 0);
	T_EQ_STR(t.m[2].source, "tmpfs");
	mounts_free(&t);
}

static void mountinfo_malformed_line_is_named(void)
{
	const char *text = "22 1 8:2 / / rw - ext4 /dev/sda2 rw\n"
			   "23 22 8:1 / /boot rw no-separator-here\n";
	struct mount_table t;
	int bad;

	T_EQ_INT(mounts_parse_mountinfo(text, &t, &bad), -EINVAL);
	T_EQ_INT(bad, 2);
	T_OK(t.m == NULL);
}

static void swaps_skip_the_header(void)
{
	const char *text = "Filename\tType\tSize\tUsed\tPriority\n"
			   "/dev/sda3  partition\t8388604\t0\t-2\n"
			   "/swap\\040file  file\t1024\t0\t-3\n";
	struct mount_table t;

	T_EQ_INT(mounts_parse_swaps(text, &t), 0);
	T_EQ_INT(t.n, 2);
	T_EQ_STR(t.m[0].source, "/dev/sda3");
	T_EQ_STR(t.m[1].source, "/swap file");
	mounts_free(&t);
}

static void system_mount_points(void)
{
	T_OK(mounts_is_system("/"));
	T_OK(mounts_is_system("/boot/efi"));
	T_OK(mounts_is_system("/home"));
	T_OK(mounts_is_system("/var/lib/docker"));
	T_OK(!mounts_is_system("/media/user/STICK"));
	T_OK(!mounts_is_system("/tmp/stk-t250/mnt"));
	T_OK(!mounts_is_system("/var/tmp/stk-t250/mnt"));
	T_OK(!mounts_is_system("/homework"));
}

static void usb_speeds_from_sysfs_text(void)
{
	T_EQ_INT(sysfs_usb_speed_mbps("1.5"), 1);
	T_EQ_INT(sysfs_usb_speed_mbps("480"), 480);
	T_EQ_INT(sysfs_usb_speed_mbps("5000"), 5000);
	T_EQ_INT(sysfs_usb_version_mbps(" 3.20"), 5000);
	T_EQ_INT(sysfs_usb_version_mbps(" 2.10"), 480);
	T_EQ_INT(sysfs_usb_version_mbps(" 1.10"), 12);
	T_EQ_INT(sysfs_usb_version_mbps(""), 0);
}

/* ---- a one-stick sysfs tree ------------------------------------------- */

static char tree[64];

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd))
		printf("#   command failed: %s\n", cmd);
}

#define STICK "devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/host3/" \
	      "target3:0:0/3:0:0:0/block/sdx"

/* sdx: a USB stick; @mount_at: a mountinfo line for sdx1, or "". */
static void make_tree(const char *mount_at)
{
	char p[128];

	stk_strlcpy(tree, "/tmp/stk-test-device.XXXXXX", sizeof(tree));
	if (!mkdtemp(tree))
		return;
	sh("cd %s && mkdir -p sys/%s/sdx1 sys/block sys/class/block sys/dev/block && cd sys && echo 8:0 >%s/dev && echo 1000 >%s/size && echo 1 >%s/removable && echo 0 >%s/ro && echo 1 >%s/sdx1/partition && echo 8:1 >%s/sdx1/dev && echo 900 >%s/sdx1/size && echo SERIAL1 >%s/../../../../../../serial && echo 1 >%s/../../../../../../busnum && echo 5 >%s/../../../../../../devnum && ln -s ../%s block/sdx && ln -s ../../%s class/block/sdx && ln -s ../../%s/sdx1 class/block/sdx1 && ln -s ../../%s dev/block/8:0 && ln -s ../../%s/sdx1 dev/block/8:1",
	   tree, STICK, STICK, STICK, STICK, STICK, STICK, STICK, STICK, STICK,
	   STICK, STICK, STICK, STICK, STICK, STICK, STICK);
	sh("cd %s && printf '%%s' '%s' >mountinfo && : >swaps", tree, mount_at);
	snprintf(p, sizeof(p), "%s/sys", tree);
	setenv("STICKLER_SYSFS", p, 1);
	snprintf(p, sizeof(p), "%s/mountinfo", tree);
	setenv("STICKLER_MOUNTINFO", p, 1);
	snprintf(p, sizeof(p), "%s/swaps", tree);
	setenv("STICKLER_SWAPS", p, 1);
}

static void drop_tree(void)
{
	sh("rm -rf %s", tree);
	unsetenv("STICKLER_SYSFS");
	unsetenv("STICKLER_MOUNTINFO");
	unsetenv("STICKLER_SWAPS");
}

static void lookup_reads_the_stick(void)
{
	struct stk_ctx *ctx;
	struct stk_device *dev = NULL;

	make_tree("");
	/* the context reads the fixture roots when it is made */
	ctx = stk_ctx_new();
	T_EQ_INT(stk_device_lookup(ctx, "/dev/sdx", &dev), 0);
	T_OK(dev != NULL);
	if (dev) {
		T_EQ_STR(dev->name, "sdx");
		T_EQ_INT(dev->transport, STK_TRANSPORT_USB);
		T_EQ_STR(dev->serial, "SERIAL1");
		T_EQ_U64(dev->size_bytes, 1000 * 512);
		T_EQ_INT(dev->n_parts, 1);
		T_OK(dev->offered);
	}
	stk_device_free(dev);
	T_EQ_INT(stk_device_lookup(ctx, "/dev/sdx1", &dev), -EINVAL);
	T_EQ_INT(stk_device_lookup(ctx, "/tmp/some-file", &dev), -ENOTBLK);
	T_EQ_INT(stk_device_lookup(ctx, "usb:SERIAL1", &dev), 0);
	T_OK(dev && !strcmp(dev->path, "/dev/sdx"));
	stk_device_free(dev);
	drop_tree();
	stk_ctx_free(ctx);
}

/* A stick pulled out and another plugged in under its name: the one
 * written is not there, so nothing is powered off. */
static void power_off_only_the_disk_written(void)
{
	struct stk_ctx *ctx;
	struct stk_device *dev = NULL, written;
	char how[128], rm[256], got[8] = "";
	FILE *f;

	make_tree("");
	ctx = stk_ctx_new();
	snprintf(rm, sizeof(rm), "%s/sys/%s/../../../../../../remove", tree,
		 STICK);
	sh("cd %s/sys && : >%s/../../../../../../remove", tree, STICK);
	T_EQ_INT(stk_device_lookup(ctx, "/dev/sdx", &dev), 0);
	if (!dev) {
		drop_tree();
		stk_ctx_free(ctx);
		return;
	}
	written = *dev;
	stk_device_free(dev);
	stk_strlcpy(written.serial, "SERIAL0", sizeof(written.serial));
	T_EQ_INT(stk_device_power_off_same(ctx, &written, how, sizeof(how)),
		 -ESTALE);
	T_OK(strstr(stk_ctx_errmsg(ctx), "no longer the disk") != NULL);
	f = fopen(rm, "r");
	T_OK(f && !fgets(got, sizeof(got), f));
	if (f)
		fclose(f);
	stk_strlcpy(written.serial, "SERIAL1", sizeof(written.serial));
	/* the same name, number, size and serial, plugged in again */
	sh("cd %s/sys && echo 7 >%s/diskseq", tree, STICK);
	written.diskseq = 6;
	T_EQ_INT(stk_device_power_off_same(ctx, &written, how, sizeof(how)),
		 -ESTALE);
	written.diskseq = 7;
	T_EQ_INT(stk_device_power_off_same(ctx, &written, how, sizeof(how)),
		 0);
	f = fopen(rm, "r");
	T_OK(f && fgets(got, sizeof(got), f) && got[0] == '1');
	if (f)
		fclose(f);
	drop_tree();
	stk_ctx_free(ctx);
}

static void check_refuses_a_swapped_stick(void)
{
	struct stk_ctx *ctx;
	struct stk_device *dev = NULL;

	make_tree("");
	ctx = stk_ctx_new();
	T_EQ_INT(stk_device_lookup(ctx, "/dev/sdx", &dev), 0);
	if (!dev)
		goto out;
	T_EQ_INT(stk_device_check(ctx, dev, NULL, STK_CHECK_NO_OPEN), 0);
	/* a fixture is never opened for real */
	T_EQ_INT(stk_device_check(ctx, dev, NULL, 0), -EPERM);

	sh("echo 2000 >%s/sys/%s/size", tree, STICK);
	T_EQ_INT(stk_device_check(ctx, dev, NULL, STK_CHECK_NO_OPEN), -ESTALE);
	sh("echo 1000 >%s/sys/%s/size && echo OTHER >%s/sys/%s/../../../../../../serial", tree, STICK, tree, STICK);
	T_EQ_INT(stk_device_check(ctx, dev, NULL, STK_CHECK_NO_OPEN), -ESTALE);
	T_OK(strstr(stk_ctx_errmsg(ctx), "serial 'OTHER', was 'SERIAL1'"));
	sh("echo SERIAL1 >%s/sys/%s/../../../../../../serial && echo 8:16 >%s/sys/%s/dev", tree, STICK, tree, STICK);
	T_EQ_INT(stk_device_check(ctx, dev, NULL, STK_CHECK_NO_OPEN), -ESTALE);
	sh("rm %s/sys/block/sdx", tree);
	T_EQ_INT(stk_device_check(ctx, dev, NULL, STK_CHECK_NO_OPEN), -ENODEV);
out:
	stk_device_free(dev);
	drop_tree();
	stk_ctx_free(ctx);
}

static void mounted_stick_needs_unmount(void)
{
	struct stk_ctx *ctx;
	struct stk_device *dev = NULL;

	make_tree("31 22 8:1 / /media/u/S rw - vfat /dev/sdx1 rw\n");
	ctx = stk_ctx_new();
	T_EQ_INT(stk_device_lookup(ctx, "/dev/sdx", &dev), 0);
	if (!dev)
		goto out;
	T_OK(dev->offered);
	T_OK(dev->needs_unmount);
	T_EQ_STR(dev->part[0].mountpoint, "/media/u/S");
	T_EQ_INT(stk_device_check(ctx, dev, NULL, STK_CHECK_NO_OPEN), -EBUSY);
	T_OK(strstr(stk_ctx_errmsg(ctx), "/media/u/S"));
	/* a plan made before confirmation accepts them, unmounts nothing */
	T_EQ_INT(stk_device_check(ctx, dev, NULL,
				  STK_CHECK_NO_OPEN | STK_CHECK_UNMOUNT |
					  STK_CHECK_DRY_RUN),
		 0);
	/* fixture mounts are never unmounted for real */
	T_EQ_INT(stk_device_check(ctx, dev, NULL,
				  STK_CHECK_NO_OPEN | STK_CHECK_UNMOUNT),
		 -EBUSY);
out:
	stk_device_free(dev);
	drop_tree();
	stk_ctx_free(ctx);
}

static void live_system_on_a_stick_is_never_written(void)
{
	struct stk_ctx *ctx;
	struct stk_device *dev = NULL;

	make_tree("22 1 8:1 / / rw - ext4 /dev/sdx1 rw\n");
	ctx = stk_ctx_new();
	T_EQ_INT(stk_device_lookup(ctx, "/dev/sdx", &dev), 0);
	if (!dev)
		goto out;
	T_OK(!dev->offered);
	T_EQ_STR(dev->reason, "holds / (mounted)");
	T_EQ_INT(stk_device_check(ctx, dev, NULL,
				  STK_CHECK_NO_OPEN | STK_CHECK_UNMOUNT |
					  STK_CHECK_ANY_DEVICE),
		 -EBUSY);
out:
	stk_device_free(dev);
	drop_tree();
	stk_ctx_free(ctx);
}

T_MAIN(T_CASE(mountinfo_fields_and_escapes),
       T_CASE(mountinfo_malformed_line_is_named),
       T_CASE(swaps_skip_the_header), T_CASE(system_mount_points),
       T_CASE(usb_speeds_from_sysfs_text), T_CASE(lookup_reads_the_stick),
       T_CASE(power_off_only_the_disk_written),
       T_CASE(check_refuses_a_swapped_stick),
       T_CASE(mounted_stick_needs_unmount),
       T_CASE(live_system_on_a_stick_is_never_written), )

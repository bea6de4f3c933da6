// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hotplug.c - tell the wizard when disks come and go: a fingerprint of
 * sysfs, the mount table and the swap list, taken about once a second,
 * and at once when the kernel announces a device (its uevents, read from
 * netlink: no udev needed, so the station, which runs none, hears them
 * too).
 */
#define _GNU_SOURCE /* memmem */
#include <linux/netlink.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "mounts.h"
#include "sysfs.h"

#define POLL_S		    1.0 /* sysfs polling period */
#define FAST_POLL_S	    0.1 /* after a uevent, while the disk settles */
#define FAST_FOR_S	    3.0
#define UEVENT_KERNEL_GROUP 1u /* the kernel's own broadcasts */

struct stk_devwatch {
	struct stk_ctx *ctx;
	int uevent_fd; /* -1: sysfs polling only */
	uint64_t fingerprint;
	double next_poll;
	double fast_until;
};

static uint64_t fingerprint(const struct stk_ctx *ctx)
{
	return mounts_fingerprint(
		ctx, sysfs_fingerprint(ctx, 0xcbf29ce484222325ull));
}

static int open_uevents(struct stk_ctx *ctx)
{
	struct sockaddr_nl sa = {
		.nl_family = AF_NETLINK,
		.nl_groups = UEVENT_KERNEL_GROUP,
	};
	int fd;

	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    NETLINK_KOBJECT_UEVENT);
	if (fd < 0) {
		DBG(ctx, DEVICE, "no uevent socket (%s): polling sysfs",
		    strerror(errno));
		return -1;
	}
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		DBG(ctx, DEVICE, "cannot hear uevents (%s): polling sysfs",
		    strerror(errno));
		close(fd);
		return -1;
	}
	DBG(ctx, DEVICE, "listening to the kernel's uevents");
	return fd;
}

int stk_devwatch_new(struct stk_ctx *ctx, struct stk_devwatch **out)
{
	struct stk_devwatch *w;

	if (!ctx || !out)
		return -EINVAL;
	*out = NULL;
	w = calloc(1, sizeof(*w));
	if (!w)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	w->ctx = ctx;
	/* the kernel's events say nothing about a fixture tree */
	w->uevent_fd = sysfs_is_fixture(ctx) ? -1 : open_uevents(ctx);
	w->fingerprint = fingerprint(ctx);
	w->next_poll = stk_now() + POLL_S;
	*out = w;
	return 0;
}

void stk_devwatch_free(struct stk_devwatch *w)
{
	if (!w)
		return;
	if (w->uevent_fd >= 0)
		close(w->uevent_fd);
	free(w);
}

int stk_devwatch_fd(const struct stk_devwatch *w)
{
	return w ? w->uevent_fd : -1;
}

/* Read every pending uevent; true when one concerns a disk or USB. */
static bool drain_uevents(struct stk_devwatch *w)
{
	char buf[4096];
	bool any = false;
	ssize_t n;

	for (;;) {
		n = recv(w->uevent_fd, buf, sizeof(buf) - 1, 0);
		if (n <= 0)
			break;
		buf[n] = '\0';
		/* "add@/devices/.../block/sdc", then KEY=value lines */
		if (memmem(buf, (size_t)n, "SUBSYSTEM=block", 15) ||
		    memmem(buf, (size_t)n, "SUBSYSTEM=usb", 13) ||
		    memmem(buf, (size_t)n, "SUBSYSTEM=scsi", 14)) {
			DBG(w->ctx, DEVICE, "uevent %s", buf);
			any = true;
		}
	}
	return any;
}

int stk_devwatch_wait(struct stk_devwatch *w, int timeout_ms)
{
	struct pollfd pfd;
	double t, deadline, until;
	uint64_t fp;
	int ms;

	if (!w || timeout_ms < 0)
		return -EINVAL;
	deadline = stk_now() + timeout_ms / 1000.0;
	for (;;) {
		t = stk_now();
		if (w->uevent_fd >= 0 && drain_uevents(w)) {
			w->fast_until = t + FAST_FOR_S;
			w->next_poll = t;
		}
		if (t >= w->next_poll) {
			w->next_poll =
				t + (t < w->fast_until ? FAST_POLL_S : POLL_S);
			fp = fingerprint(w->ctx);
			if (fp != w->fingerprint) {
				w->fingerprint = fp;
				return 1;
			}
		}
		if (t >= deadline)
			return 0;
		until = w->next_poll < deadline ? w->next_poll : deadline;
		ms = (int)((until - t) * 1000) + 1;
		if (w->uevent_fd < 0) {
			struct timespec ts = {
				.tv_sec = ms / 1000,
				.tv_nsec = (long)(ms % 1000) * 1000000,
			};

			nanosleep(&ts, NULL);
			continue;
		}
		pfd.fd = w->uevent_fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		poll(&pfd, 1, ms);
	}
}

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hotplug.c - tell the wizard when disks come and go: a fingerprint of
 * sysfs, the mount table and the swap list, taken about once a second,
 * and sooner after a libusb hotplug event.
 */
#include <stdlib.h>
#include <time.h>

#include "internal.h"
#include "mounts.h"
#include "sysfs.h"
#include "usb.h"

#define POLL_S	    1.0 /* sysfs polling period */
#define FAST_POLL_S 0.2 /* after a USB event, until the disk shows */
#define FAST_FOR_S  5.0

struct stk_devwatch {
	struct stk_ctx *ctx;
	struct usb_watch *usb; /* NULL: sysfs polling only */
	uint64_t fingerprint;
	double next_poll;
	double fast_until;
};

static uint64_t fingerprint(void)
{
	return mounts_fingerprint(sysfs_fingerprint(0xcbf29ce484222325ull));
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
	/* USB events say nothing about a fixture tree */
	w->usb = sysfs_is_fixture() ? NULL : usb_watch_new(ctx);
	w->fingerprint = fingerprint();
	w->next_poll = stk_now() + POLL_S;
	*out = w;
	return 0;
}

void stk_devwatch_free(struct stk_devwatch *w)
{
	if (!w)
		return;
	usb_watch_free(w->usb);
	free(w);
}

static void sleep_ms(int ms)
{
	struct timespec ts = {
		.tv_sec = ms / 1000,
		.tv_nsec = (long)(ms % 1000) * 1000000,
	};

	nanosleep(&ts, NULL);
}

int stk_devwatch_wait(struct stk_devwatch *w, int timeout_ms)
{
	double t, deadline, until;
	uint64_t fp;
	int ms;

	if (!w || timeout_ms < 0)
		return -EINVAL;
	deadline = stk_now() + timeout_ms / 1000.0;
	for (;;) {
		t = stk_now();
		if (t >= w->next_poll) {
			w->next_poll =
				t + (t < w->fast_until ? FAST_POLL_S : POLL_S);
			fp = fingerprint();
			if (fp != w->fingerprint) {
				w->fingerprint = fp;
				return 1;
			}
		}
		if (t >= deadline)
			return 0;
		until = w->next_poll < deadline ? w->next_poll : deadline;
		ms = (int)((until - t) * 1000) + 1;
		if (!w->usb) {
			sleep_ms(ms);
			continue;
		}
		if (usb_watch_wait(w->usb, ms)) {
			DBG(w->ctx, DEVICE, "USB device came or went");
			w->fast_until = stk_now() + FAST_FOR_S;
			w->next_poll = stk_now();
		}
	}
}

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * usb.c - what libusb adds to sysfs for a USB disk: its strings, its link
 * speed and the best speed it could run at, and hotplug events. The only
 * file that includes libusb.h.
 */
#include <libusb.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "usb.h"

struct usb_watch {
	struct stk_ctx *ctx;
	libusb_context *uctx;
	libusb_hotplug_callback_handle handle;
	bool event;
};

static unsigned speed_mbps(int speed)
{
	switch (speed) {
	case LIBUSB_SPEED_LOW:
		return 1;
	case LIBUSB_SPEED_FULL:
		return 12;
	case LIBUSB_SPEED_HIGH:
		return 480;
	case LIBUSB_SPEED_SUPER:
		return 5000;
	case LIBUSB_SPEED_SUPER_PLUS:
		return 10000;
	default:
		return 0;
	}
}

static int open_context(struct stk_ctx *ctx, libusb_context **uctx)
{
	int rc;

	rc = libusb_init(uctx);
	if (rc) {
		DBG(ctx, DEVICE, "libusb cannot start: %s",
		    libusb_strerror(rc));
		*uctx = NULL;
		return -ENOTSUP;
	}
	libusb_set_option(*uctx, LIBUSB_OPTION_LOG_LEVEL,
			  LIBUSB_LOG_LEVEL_NONE);
	return 0;
}

static void get_string(libusb_device_handle *h, uint8_t index, char *buf,
		       size_t len)
{
	unsigned char tmp[STK_DEV_STR_MAX];
	int n;

	buf[0] = '\0';
	if (!index)
		return;
	n = libusb_get_string_descriptor_ascii(h, index, tmp, sizeof(tmp) - 1);
	if (n <= 0)
		return;
	tmp[n] = '\0';
	stk_strlcpy(buf, (const char *)tmp, len);
}

/*
 * The SuperSpeed USB device capability of the BOS descriptor (USB 3.2
 * section 9.6.2.2) lists the speeds a device supports, whatever link it
 * got; a USB 3 stick on a USB 2 port still reports SuperSpeed there.
 */
static unsigned bos_max_mbps(libusb_device_handle *h)
{
	struct libusb_ss_usb_device_capability_descriptor *ss;
	struct libusb_bos_descriptor *bos;
	unsigned best = 0;
	int i;

	if (libusb_get_bos_descriptor(h, &bos))
		return 0;
	for (i = 0; i < bos->bNumDeviceCaps; i++) {
		if (bos->dev_capability[i]->bDevCapabilityType !=
		    LIBUSB_BT_SS_USB_DEVICE_CAPABILITY)
			continue;
		if (libusb_get_ss_usb_device_capability_descriptor(
			    NULL, bos->dev_capability[i], &ss))
			continue;
		if (ss->wSpeedSupported & LIBUSB_SUPER_SPEED_OPERATION)
			best = 5000;
		libusb_free_ss_usb_device_capability_descriptor(ss);
	}
	libusb_free_bos_descriptor(bos);
	return best;
}

int usb_query(struct stk_ctx *ctx, unsigned bus, unsigned addr,
	      struct usb_info *info)
{
	struct libusb_device_descriptor desc;
	libusb_device_handle *h;
	libusb_context *uctx;
	libusb_device **devs;
	libusb_device *found = NULL;
	ssize_t n, i;
	int rc;

	memset(info, 0, sizeof(*info));
	if (open_context(ctx, &uctx))
		return -ENOTSUP;
	n = libusb_get_device_list(uctx, &devs);
	if (n < 0) {
		DBG(ctx, DEVICE, "libusb cannot list devices: %s",
		    libusb_strerror((int)n));
		rc = -ENOTSUP;
		goto out_exit;
	}
	for (i = 0; i < n && !found; i++)
		if (libusb_get_bus_number(devs[i]) == bus &&
		    libusb_get_device_address(devs[i]) == addr)
			found = devs[i];
	rc = -ENODEV;
	if (!found)
		goto out_list;
	rc = 0;
	info->speed_mbps = speed_mbps(libusb_get_device_speed(found));
	if (libusb_get_device_descriptor(found, &desc))
		goto out_list;
	/* strings and BOS need an open handle: root, or a udev rule */
	if (libusb_open(found, &h)) {
		DBG(ctx, DEVICE, "libusb cannot open %u-%u: sysfs strings only",
		    bus, addr);
		goto out_list;
	}
	get_string(h, desc.iManufacturer, info->manufacturer,
		   sizeof(info->manufacturer));
	get_string(h, desc.iProduct, info->product, sizeof(info->product));
	get_string(h, desc.iSerialNumber, info->serial, sizeof(info->serial));
	if (desc.bcdUSB >= 0x0201)
		info->max_speed_mbps = bos_max_mbps(h);
	libusb_close(h);
out_list:
	libusb_free_device_list(devs, 1);
out_exit:
	libusb_exit(uctx);
	return rc;
}

static int LIBUSB_CALL on_hotplug(libusb_context *uctx, libusb_device *dev,
				  libusb_hotplug_event event, void *data)
{
	struct usb_watch *w = data;

	w->event = true;
	return 0; /* stay registered */
}

struct usb_watch *usb_watch_new(struct stk_ctx *ctx)
{
	struct usb_watch *w;
	int rc;

	if (!libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG)) {
		DBG(ctx, DEVICE, "libusb has no hotplug here: polling sysfs");
		return NULL;
	}
	w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->ctx = ctx;
	if (open_context(ctx, &w->uctx))
		goto out_free;
	rc = libusb_hotplug_register_callback(
		w->uctx,
		LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED |
			LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT,
		0, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
		LIBUSB_HOTPLUG_MATCH_ANY, on_hotplug, w, &w->handle);
	if (rc) {
		DBG(ctx, DEVICE, "libusb hotplug: %s; polling sysfs",
		    libusb_strerror(rc));
		goto out_exit;
	}
	DBG(ctx, DEVICE, "libusb hotplug callbacks registered");
	return w;

out_exit:
	libusb_exit(w->uctx);
out_free:
	free(w);
	return NULL;
}

int usb_watch_wait(struct usb_watch *w, int timeout_ms)
{
	struct timeval tv = {
		.tv_sec = timeout_ms / 1000,
		.tv_usec = (timeout_ms % 1000) * 1000,
	};
	int rc;

	w->event = false;
	rc = libusb_handle_events_timeout_completed(w->uctx, &tv, NULL);
	if (rc && rc != LIBUSB_ERROR_INTERRUPTED)
		DBG(w->ctx, DEVICE, "libusb events: %s", libusb_strerror(rc));
	return w->event;
}

void usb_watch_free(struct usb_watch *w)
{
	if (!w)
		return;
	libusb_hotplug_deregister_callback(w->uctx, w->handle);
	libusb_exit(w->uctx);
	free(w);
}

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * usb.c - what libusb adds to sysfs for a USB disk: its strings, its link
 * speed and the best speed it could run at. The only file that includes
 * libusb.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <libusb.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"
#include "usb.h"

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

/*
 * A high-speed capable device that runs at full speed answers the
 * device_qualifier request with its other speed's descriptor; a
 * full-speed only device must answer it with a request error (USB 2.0
 * section 9.6.2).
 */
#define USB_DT_DEVICE_QUALIFIER 0x06 /* USB 2.0 table 9-5 */

static bool has_qualifier(libusb_device_handle *h)
{
	unsigned char q[10];

	return libusb_get_descriptor(h, USB_DT_DEVICE_QUALIFIER, 0, q,
				     sizeof(q)) >= 2 &&
	       q[1] == USB_DT_DEVICE_QUALIFIER;
}

/*
 * The device is asked through its own node, /dev/bus/usb/BUS/ADDR, with
 * libusb's discovery off: without it libusb_init() walks every USB
 * device through udev (the uevent file of each, which also waits on the
 * device lock of one being unplugged), once per disk listed, which is
 * what made each refresh of the device list slow on the station.
 */
int usb_query(struct stk_ctx *ctx, unsigned bus, unsigned addr,
	      struct usb_info *info)
{
	struct libusb_device_descriptor desc;
	libusb_device_handle *h;
	libusb_context *uctx;
	char node[64];
	int fd, rc;

	memset(info, 0, sizeof(*info));
	snprintf(node, sizeof(node), "/dev/bus/usb/%03u/%03u", bus, addr);
	fd = open(node, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		fd = open(node, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		DBG(ctx, DEVICE, "cannot open '%s': %s", node, strerror(errno));
		return errno == ENOENT ? -ENODEV : -ENOTSUP;
	}
	rc = -ENOTSUP;
	libusb_set_option(NULL, LIBUSB_OPTION_NO_DEVICE_DISCOVERY);
	if (open_context(ctx, &uctx))
		goto out_close;
	if (libusb_wrap_sys_device(uctx, (intptr_t)fd, &h)) {
		DBG(ctx, DEVICE, "libusb cannot use '%s'", node);
		goto out_exit;
	}
	rc = 0;
	info->speed_mbps =
		speed_mbps(libusb_get_device_speed(libusb_get_device(h)));
	if (libusb_get_device_descriptor(libusb_get_device(h), &desc))
		goto out_handle;
	/* strings and BOS need control transfers: root, or a udev rule */
	get_string(h, desc.iManufacturer, info->manufacturer,
		   sizeof(info->manufacturer));
	get_string(h, desc.iProduct, info->product, sizeof(info->product));
	get_string(h, desc.iSerialNumber, info->serial, sizeof(info->serial));
	if (desc.bcdUSB >= 0x0201)
		info->max_speed_mbps = bos_max_mbps(h);
	if (!info->max_speed_mbps && info->speed_mbps <= 12 &&
	    desc.bcdUSB >= 0x0200 && has_qualifier(h))
		info->max_speed_mbps = 480;
out_handle:
	libusb_close(h);
out_exit:
	libusb_exit(uctx);
out_close:
	close(fd);
	return rc;
}

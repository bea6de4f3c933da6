/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * usb.h - USB names, speeds and hotplug through libusb (usb.c, the
 * only file that includes libusb.h).
 */
#ifndef STK_USB_H
#define STK_USB_H

#include "internal.h"

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

#endif /* STK_USB_H */

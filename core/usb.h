/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * usb.h - USB names and speeds through libusb (usb.c, the only file
 * that includes libusb.h).
 */
#ifndef STK_USB_H
#define STK_USB_H

#include "internal.h"

struct usb_info {
	char		manufacturer[STK_DEV_STR_MAX];
	char		product[STK_DEV_STR_MAX];
	char		serial[STK_DEV_STR_MAX];
	unsigned	speed_mbps;	/* link speed */
	unsigned max_speed_mbps;	/* the BOS descriptor's best, or 480 for
					 * a USB 2 device at full speed; 0
					 * unknown */
};

/* Asks libusb about the device at @bus / @addr. -ENOTSUP when libusb is
 * not usable here, -ENODEV when it does not see that device. */
int usb_query(struct stk_ctx *ctx, unsigned bus, unsigned addr,
	      struct usb_info *info);

#endif /* STK_USB_H */

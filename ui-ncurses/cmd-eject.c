// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * cmd-eject.c - `stickler eject TARGET`: flush a stick and power it off,
 * so it is safe to remove; `write --eject` ends the same way.
 */
#include <getopt.h>
#include <stdio.h>

#include "ui.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: stickler eject TARGET   (a stick: /dev/sdX or usb:SERIAL)\n");
}

int ui_eject(struct stk_ctx *ctx, const char *target,
	     const struct stk_device *written)
{
	char how[128];
	int rc;

	rc = written ? stk_device_power_off_same(ctx, written, how, sizeof(how))
		     : stk_device_power_off(ctx, target, how, sizeof(how));
	if (rc) {
		ui_error("%s", stk_ctx_errmsg(ctx));
		return rc;
	}
	printf("'%s' is powered off: safe to remove (%s)\n", target, how);
	ui_cli_logf(STK_LOG_INFO, "'%s' powered off: %s", target, how);
	return 0;
}

int cmd_eject(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct stk_ctx *ctx;
	int c, rc;

	optind = 1;
	while ((c = ui_getopt(argc, argv, "h", longopts)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return UI_EXIT_OK;
		}
		usage(stderr);
		return UI_EXIT_USAGE;
	}
	if (argc - optind != 1) {
		ui_error("eject: missing TARGET");
		usage(stderr);
		return UI_EXIT_USAGE;
	}
	ctx = ui_ctx_new();
	if (!ctx) {
		ui_error("out of memory");
		return UI_EXIT_FAILED;
	}
	rc = ui_eject(ctx, argv[optind], NULL);
	stk_ctx_free(ctx);
	return ui_exit_code(rc);
}

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * cmd-grow.c - `stickler station-grow DISK`: the station's images
 * partition grown to fill the disk the station image was written to (the
 * station runs it at boot, before it mounts the partition).
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "ui.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: stickler station-grow DISK [--any-device]\n");
}

int cmd_station_grow(int argc, char **argv)
{
	static const struct option longopts[] = {
		UI_OPT_ANY,
		UI_OPT_HELP,
		UI_OPT_END,
	};
	struct stk_grow_result r;
	struct stk_ctx *ctx;
	unsigned flags = 0;
	const char *disk;
	char a[32], b[32];
	int c, rc;

	optind = 1;
	while ((c = ui_getopt(argc, argv, "h", longopts)) != -1) {
		switch (c) {
		case 'a':
			flags |= STK_CHECK_ANY_DEVICE;
			break;
		default:
			rc = ui_opt_common(c, NULL, usage);
			if (rc != UI_OPT_NEXT)
				return rc;
		}
	}
	if (argc - optind != 1) {
		usage(stderr);
		return UI_EXIT_USAGE;
	}
	disk = argv[optind];
	ctx = ui_ctx_new();
	if (!ctx)
		return UI_EXIT_FAILED;
	rc = stk_station_grow(ctx, disk, flags, &r);
	if (rc < 0)
		ui_error(
			"%s; '%s' %s", stk_ctx_errmsg(ctx), disk,
			r.moved_bytes && r.new_bytes == r.old_bytes
				? "may be broken: write the station image again"
				: "untouched");
	else if (rc == 1)
		printf("%s: the images partition already fills the disk (%s)\n",
		       disk, stk_size_format(r.old_bytes, a, sizeof(a)));
	else
		printf("%s: the images partition grew from %s to %s%s\n", disk,
		       stk_size_format(r.old_bytes, a, sizeof(a)),
		       stk_size_format(r.new_bytes, b, sizeof(b)),
		       r.syslinux ? ", syslinux installed again" : "");
	stk_ctx_free(ctx);
	return rc < 0 ? ui_exit_code(rc) : UI_EXIT_OK;
}

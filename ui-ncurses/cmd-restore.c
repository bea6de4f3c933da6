// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * cmd-restore.c - `stickler restore TARGET`: a written stick becomes a
 * plain data stick again (one partition, FAT32 or exFAT).
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "ui.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: stickler restore TARGET [--fs fat32|exfat] [--label NAME] [--yes] [--any-device] [--unmount] [--progress=STYLE]\n");
}

int cmd_restore(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"fs", required_argument, NULL, 'F'},
		{"label", required_argument, NULL, 'l'},
		UI_OPT_YES,
		UI_OPT_ANY,
		UI_OPT_UNMOUNT,
		UI_OPT_PROGRESS,
		UI_OPT_HELP,
		UI_OPT_END,
	};
	enum ui_progress_style style = UI_PROGRESS_AUTO;
	enum stk_restore_fs fs = STK_RESTORE_FAT32;
	struct stk_restore_result r;
	struct ui_progress prog;
	const char *label = NULL, *target;
	struct stk_ctx *ctx;
	unsigned flags = 0;
	bool yes = false;
	int c, rc, code;

	optind = 1;
	while ((c = ui_getopt(argc, argv, "yh", longopts)) != -1) {
		switch (c) {
		case 'F':
			if (!strcmp(optarg, "fat32")) {
				fs = STK_RESTORE_FAT32;
			} else if (!strcmp(optarg, "exfat")) {
				fs = STK_RESTORE_EXFAT;
			} else {
				ui_error("unknown file system '%s'", optarg);
				return UI_EXIT_USAGE;
			}
			break;
		case 'l':
			label = optarg;
			break;
		default:
			code = ui_opt_target(c, &yes, &flags, &style, usage);
			if (code != UI_OPT_NEXT)
				return code;
		}
	}
	if (argc - optind != 1) {
		usage(stderr);
		return UI_EXIT_USAGE;
	}
	target = argv[optind];
	code = ui_confirm_target("restore", target, "restoring", yes);
	if (code != UI_OPT_NEXT)
		return code;
	ctx = ui_ctx_new();
	if (!ctx)
		return UI_EXIT_FAILED;
	ui_progress_attach(ctx, &prog, style);
	rc = stk_restore(ctx, target, fs, label, flags, &r);
	ui_progress_end(&prog);
	if (rc)
		ui_error("%s; '%s' %s", stk_ctx_errmsg(ctx), target, r.state);
	else
		printf("%s: %s (%" PRIu64 " bytes written in %.1f s)\n", target,
		       r.state, r.bytes_written, r.write_s);
	if (prog.style == UI_PROGRESS_JSON)
		ui_json_result(ui_exit_code(rc), r.state,
			       rc ? stk_ctx_errmsg(ctx) : NULL,
			       ",\"bytes_written\":%" PRIu64, r.bytes_written);
	stk_ctx_free(ctx);
	return ui_exit_code(rc);
}

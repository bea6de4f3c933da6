// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * cmd-extract.c - `stickler extract IMAGE DIR`: the whole tree of an ISO
 * image into a directory, and one line saying what DIR holds.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "ui.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: stickler extract IMAGE DIR [--force] [--progress=tty|json|none]\n");
}

int cmd_extract(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"force", no_argument, NULL, 'f'},
		UI_OPT_PROGRESS,
		UI_OPT_HELP,
		UI_OPT_END,
	};
	enum ui_progress_style style = UI_PROGRESS_AUTO;
	struct stk_extract_result res;
	struct stk_tree *tree = NULL;
	struct ui_progress prog;
	struct stk_ctx *ctx;
	unsigned flags = 0;
	int c, rc, code;

	optind = 1;
	while ((c = ui_getopt(argc, argv, "h", longopts)) != -1) {
		switch (c) {
		case 'f':
			flags |= STK_EXTRACT_FORCE;
			break;
		default:
			code = ui_opt_common(c, &style, usage);
			if (code != UI_OPT_NEXT)
				return code;
		}
	}
	if (argc - optind != 2) {
		usage(stderr);
		return UI_EXIT_USAGE;
	}
	ctx = ui_ctx_new();
	if (!ctx)
		return UI_EXIT_FAILED;
	memset(&res, 0, sizeof(res));
	rc = stk_tree_open(ctx, argv[optind], &tree);
	if (rc) {
		ui_error("%s", stk_ctx_errmsg(ctx));
		goto out;
	}
	ui_progress_attach(ctx, &prog, style);
	rc = stk_tree_extract(ctx, tree, argv[optind + 1], flags, &res);
	ui_progress_end(&prog);
	if (rc == -ENOTEMPTY)
		ui_error(
			"%s (--force extracts into it anyway); nothing extracted",
			stk_ctx_errmsg(ctx));
	else if (rc)
		ui_error("%s; %s", stk_ctx_errmsg(ctx), res.state);
	else
		printf("extracted %" PRIu64 " files (%" PRIu64
		       " bytes), %" PRIu64 " directories and %" PRIu64
		       " symlinks into '%s'\n",
		       res.files, res.bytes, res.dirs, res.symlinks,
		       argv[optind + 1]);
	if (prog.style == UI_PROGRESS_JSON)
		ui_json_result(ui_exit_code(rc), rc ? res.state : "extracted",
			       rc ? stk_ctx_errmsg(ctx) : NULL,
			       ",\"files\":%" PRIu64 ",\"bytes\":%" PRIu64
			       ",\"dirs\":%" PRIu64 ",\"symlinks\":%" PRIu64
			       ",\"ok\":%s",
			       res.files, res.bytes, res.dirs, res.symlinks,
			       rc ? "false" : "true");
out:
	stk_tree_close(tree);
	stk_ctx_free(ctx);
	return ui_exit_code(rc);
}

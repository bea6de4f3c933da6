// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * cmd-verify.c - `stickler verify IMAGE TARGET`: read the target back
 * past the page cache and compare it with the (decompressed) image.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "ui.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: stickler verify IMAGE TARGET [--progress=tty|json|none]\n");
}

int cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		UI_OPT_PROGRESS,
		UI_OPT_HELP,
		UI_OPT_END,
	};
	enum ui_progress_style style = UI_PROGRESS_AUTO;
	struct stk_image *img = NULL;
	struct ui_progress prog;
	struct stk_result res;
	struct stk_ctx *ctx;
	char size[32];
	int c, rc;

	optind = 1;
	while ((c = ui_getopt(argc, argv, "h", longopts)) != -1) {
		rc = ui_opt_common(c, &style, usage);
		if (rc != UI_OPT_NEXT)
			return rc;
	}
	if (argc - optind != 2) {
		usage(stderr);
		return UI_EXIT_USAGE;
	}
	ctx = ui_ctx_new();
	if (!ctx)
		return UI_EXIT_FAILED;
	ui_progress_attach(ctx, &prog, style);
	rc = stk_image_open(ctx, argv[optind], &img);
	if (!rc)
		rc = stk_image_verify(ctx, img, argv[optind + 1], &res);
	ui_progress_end(&prog);
	if (rc) {
		ui_error("%s", stk_ctx_errmsg(ctx));
	} else if (res.tree_files || res.tree_changed) {
		/* an ISO-mode stick: proven file by file against the ISO */
		printf("ISO-mode stick: %" PRIu64
		       " files (%s) as in the image, %" PRIu64
		       " changed as planned; read %" PRIu64
		       " bytes in %.1f s: identical\n",
		       res.tree_files,
		       stk_size_format(res.tree_bytes, size, sizeof(size)),
		       res.tree_changed, res.bytes_verified, res.verify_s);
	} else {
		printf("verified %" PRIu64
		       " bytes in %.1f s (%.1f MB/s): identical\n",
		       res.bytes_verified, res.verify_s,
		       res.verify_s > 0
			       ? (double)res.bytes_verified / res.verify_s / 1e6
			       : 0.0);
	}
	if (prog.style == UI_PROGRESS_JSON)
		ui_json_result(
			ui_exit_code(rc), "untouched (only read)",
			rc ? stk_ctx_errmsg(ctx) : NULL,
			",\"verify\":\"%s\",\"bytes_verified\":%" PRIu64
			",\"verify_s\":%.3f,\"tree_files\":%" PRIu64
			",\"tree_bytes\":%" PRIu64 ",\"tree_changed\":%" PRIu64,
			rc == -EBADMSG ? "mismatch"
			: rc	       ? "failed"
				       : "identical",
			rc ? 0 : res.bytes_verified, rc ? 0.0 : res.verify_s,
			res.tree_files, res.tree_bytes, res.tree_changed);
	stk_image_close(img);
	stk_ctx_free(ctx);
	return ui_exit_code(rc);
}

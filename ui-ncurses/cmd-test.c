// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * cmd-test.c - `stickler test TARGET`: is the stick as large as it claims
 * (--quick, the default), are all its blocks sound and how fast is it
 * (--full). Destructive: confirmed as a write is.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "ui.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: stickler test TARGET [--quick|--full] [--yes] [--any-device] [--unmount] [--progress=STYLE]\n");
}

int cmd_test(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"quick", no_argument, NULL, 'q'},
		{"full", no_argument, NULL, 'f'},
		UI_OPT_YES,
		UI_OPT_ANY,
		UI_OPT_UNMOUNT,
		UI_OPT_PROGRESS,
		UI_OPT_HELP,
		UI_OPT_END,
	};
	enum ui_progress_style style = UI_PROGRESS_AUTO;
	struct stk_captest_result r;
	struct ui_progress prog;
	struct stk_ctx *ctx;
	const char *target;
	unsigned flags = 0;
	bool yes = false;
	int c, rc, code;

	optind = 1;
	while ((c = ui_getopt(argc, argv, "yh", longopts)) != -1) {
		switch (c) {
		case 'q':
			flags &= ~STK_CAPTEST_FULL;
			break;
		case 'f':
			flags |= STK_CAPTEST_FULL;
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
	code = ui_confirm_target("test", target,
				 flags & STK_CAPTEST_FULL ? "the full test"
							  : "the quick test",
				 yes);
	if (code != UI_OPT_NEXT)
		return code;
	ctx = ui_ctx_new();
	if (!ctx)
		return UI_EXIT_FAILED;
	ui_progress_attach(ctx, &prog, style);
	rc = stk_captest(ctx, target, flags, &r);
	ui_progress_end(&prog);
	code = ui_exit_code(rc);
	if (rc) {
		ui_error("%s; '%s' %s", stk_ctx_errmsg(ctx), target, r.state);
		goto out;
	}
	printf("%s: %s\n", target, r.state);
	if (flags & STK_CAPTEST_FULL)
		printf("wrote %" PRIu64
		       " bytes at %.1f MB/s, read them at %.1f MB/s\n",
		       r.bytes_written,
		       r.write_s > 0 ? (double)r.bytes_written / r.write_s / 1e6
				     : 0.0,
		       r.read_s > 0 ? (double)r.bytes_read / r.read_s / 1e6
				    : 0.0);
	else
		printf("%u tagged blocks of %u bytes written and read back in %.1f s (%" PRIu64
		       " bytes written)\n",
		       r.n_probes, STK_CAPTEST_BLOCK_BYTES, r.write_s,
		       r.bytes_written);
	printf("the test blocks replaced what the stick held: 'stickler restore' makes it a data stick again\n");
	if (r.fake || r.bad_blocks)
		code = UI_EXIT_MISMATCH;
out:
	if (prog.style == UI_PROGRESS_JSON)
		ui_json_result(code, r.state, rc ? stk_ctx_errmsg(ctx) : NULL,
			       ",\"bytes_written\":%" PRIu64, r.bytes_written);
	stk_ctx_free(ctx);
	return code;
}

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * cmd-test.c - `stickler test TARGET`: is the stick as large as it claims
 * (--quick, the default), are all its blocks sound and how fast is it
 * (--full). Destructive: confirmed as a write is.
 */
#include <getopt.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ui.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: stickler test TARGET [--quick|--full] [--yes] [--any-device] [--unmount] [--progress=STYLE]\n");
}

bool ui_confirm_name(const char *target, const char *what)
{
	char line[256], *copy = strdup(target), *name;
	bool ok;

	if (!copy)
		return false;
	name = basename(copy);
	fprintf(stderr, "%s writes over everything on '%s'\ntype '%s' to go on: ",
		what, target, name);
	fflush(stderr);
	ok = fgets(line, sizeof(line), stdin) != NULL;
	if (ok) {
		line[strcspn(line, "\r\n")] = '\0';
		ok = !strcmp(line, name);
	}
	free(copy);
	return ok;
}

int cmd_test(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"quick", no_argument, NULL, 'q'},
		{"full", no_argument, NULL, 'f'},
		{"yes", no_argument, NULL, 'y'},
		{"any-device", no_argument, NULL, 'a'},
		{"unmount", no_argument, NULL, 'u'},
		{"progress", required_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
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
		case 'y':
			yes = true;
			break;
		case 'a':
			flags |= STK_CHECK_ANY_DEVICE;
			break;
		case 'u':
			flags |= STK_CHECK_UNMOUNT;
			break;
		case 'p':
			if (ui_progress_parse(optarg, &style) < 0) {
				ui_error("unknown progress style '%s'", optarg);
				return UI_EXIT_USAGE;
			}
			break;
		case 'h':
			usage(stdout);
			return UI_EXIT_OK;
		default:
			usage(stderr);
			return UI_EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		usage(stderr);
		return UI_EXIT_USAGE;
	}
	target = argv[optind];
	if (!yes && !isatty(STDIN_FILENO)) {
		ui_error("refusing to test '%s' without --yes (no terminal to confirm on); target untouched",
			 target);
		return UI_EXIT_USAGE;
	}
	if (!yes && !ui_confirm_name(target, flags & STK_CAPTEST_FULL
						 ? "the full test"
						 : "the quick test")) {
		ui_error("not confirmed; target '%s' untouched", target);
		return UI_EXIT_CANCELLED;
	}
	ctx = ui_ctx_new();
	if (!ctx) {
		ui_error("out of memory");
		return UI_EXIT_FAILED;
	}
	ui_progress_init(&prog, style);
	ui_sigint_install();
	stk_ctx_set_progress(ctx, ui_progress_fn, &prog);
	rc = stk_captest(ctx, target, flags, &r);
	ui_progress_end(&prog);
	code = ui_exit_code(rc);
	if (rc) {
		ui_error("%s; '%s' %s", stk_ctx_errmsg(ctx), target, r.state);
		goto out;
	}
	printf("%s: %s\n", target, r.state);
	if (flags & STK_CAPTEST_FULL)
		printf("wrote %" PRIu64 " bytes at %.1f MB/s, read them at %.1f MB/s\n",
		       r.bytes_written,
		       r.write_s > 0 ? (double)r.bytes_written / r.write_s / 1e6
				     : 0.0,
		       r.read_s > 0 ? (double)r.bytes_read / r.read_s / 1e6
				    : 0.0);
	else
		printf("%u tagged blocks of %u bytes written and read back in %.1f s (%" PRIu64 " bytes written)\n",
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

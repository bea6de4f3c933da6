// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * cmdline.c - what the subcommands share around their own work: the
 * options every one takes (--progress, --help, a bad option), the typed
 * confirmation of a destructive one, and the progress display and Ctrl-C
 * on a context.
 */
#include <getopt.h>
#include <libgen.h>
#include <stdlib.h>
#include <unistd.h>

#include "ui.h"

int ui_opt_common(int c, enum ui_progress_style *style, void (*usage)(FILE *f))
{
	if (c == 'p' && style) {
		if (ui_progress_parse(optarg, style) == 0)
			return UI_OPT_NEXT;
		ui_error("unknown progress style '%s'", optarg);
		return UI_EXIT_USAGE;
	}
	if (c == 'h') {
		usage(stdout);
		return UI_EXIT_OK;
	}
	usage(stderr);
	return UI_EXIT_USAGE;
}

int ui_opt_target(int c, bool *yes, unsigned *flags,
		  enum ui_progress_style *style, void (*usage)(FILE *f))
{
	switch (c) {
	case 'y':
		*yes = true;
		return UI_OPT_NEXT;
	case 'a':
		*flags |= STK_CHECK_ANY_DEVICE;
		return UI_OPT_NEXT;
	case 'u':
		*flags |= STK_CHECK_UNMOUNT;
		return UI_OPT_NEXT;
	}
	return ui_opt_common(c, style, usage);
}

bool ui_answer_is(const char *expect)
{
	char line[256];

	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	line[strcspn(line, "\r\n")] = '\0';
	return !strcmp(line, expect);
}

bool ui_confirm_name(const char *target, const char *what)
{
	char *copy = strdup(target), *name;
	bool ok;

	if (!copy)
		return false;
	name = basename(copy);
	fprintf(stderr,
		"%s writes over everything on '%s'\ntype '%s' to go on: ", what,
		target, name);
	ok = ui_answer_is(name);
	free(copy);
	return ok;
}

int ui_confirm_target(const char *verb, const char *target, const char *what,
		      bool yes)
{
	if (yes)
		return UI_OPT_NEXT;
	if (!isatty(STDIN_FILENO)) {
		ui_error(
			"refusing to %s '%s' without --yes (no terminal to confirm on); target untouched",
			verb, target);
		return UI_EXIT_USAGE;
	}
	if (!ui_confirm_name(target, what)) {
		ui_error("not confirmed; target '%s' untouched", target);
		return UI_EXIT_CANCELLED;
	}
	return UI_OPT_NEXT;
}

void ui_progress_attach(struct stk_ctx *ctx, struct ui_progress *p,
			enum ui_progress_style style)
{
	ui_progress_init(p, style);
	ui_sigint_install();
	stk_ctx_set_progress(ctx, ui_progress_fn, p);
}

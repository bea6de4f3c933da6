// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * stk-isomode.c - test driver for ISO mode: plan IMAGE onto TARGET in ISO
 * mode, print the plan (with every file it changes), then run it through
 * the writer and the verifier, as `stickler write --mode iso` does.
 *
 *   stk-isomode IMAGE TARGET [--size BYTES] [--uefi-only] [--gpt]
 *               [--label L] [--persistence BYTES|rest]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void on_log(enum stk_level level, const char *msg, void *data)
{
	if (level >= STK_LOG_WARN || getenv("STK_VERBOSE"))
		fprintf(stderr, "log: %s\n", msg);
}

int main(int argc, char **argv)
{
	struct stk_options opt;
	struct stk_image *img = NULL;
	struct stk_plan *plan = NULL;
	struct stk_ctx *ctx;
	char *text;
	int i, rc;

	if (argc < 3) {
		fprintf(stderr, "usage: %s IMAGE TARGET [--size BYTES] [--uefi-only] [--gpt] [--label L]\n", argv[0]);
		return 2;
	}
	stk_options_init(&opt);
	opt.mode = STK_MODE_ISO;
	for (i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--size") && i + 1 < argc)
			opt.target_bytes = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--uefi-only"))
			opt.mode = STK_MODE_ISO_UEFI_ONLY;
		else if (!strcmp(argv[i], "--gpt"))
			opt.scheme = STK_SCHEME_GPT;
		else if (!strcmp(argv[i], "--label") && i + 1 < argc)
			opt.label = argv[++i];
		else if (!strcmp(argv[i], "--persistence") && i + 1 < argc)
			opt.persistence_bytes =
				!strcmp(argv[i + 1], "rest")
					? STK_PERSISTENCE_REST
					: strtoull(argv[i + 1], NULL, 0),
			i++;
	}
	ctx = stk_ctx_new();
	if (!ctx)
		return 1;
	stk_ctx_set_log(ctx, on_log, NULL);

	/* the same calls as `stickler write`: plan, show it, run it */
	rc = stk_image_open(ctx, argv[1], &img);
	if (!rc)
		rc = stk_plan_new(ctx, img, argv[2], &opt, &plan);
	if (!rc) {
		text = stk_plan_describe(plan);
		fputs(text ? text : "", stdout);
		free(text);
		rc = stk_plan_run(ctx, plan);
		printf("target: %s\n", stk_plan_result(plan)->target_state);
	}
	if (rc)
		fprintf(stderr, "stk-isomode: %s\n", stk_ctx_errmsg(ctx));
	stk_plan_free(plan);
	stk_image_close(img);
	stk_ctx_free(ctx);
	return rc ? 1 : 0;
}

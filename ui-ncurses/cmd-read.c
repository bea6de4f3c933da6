// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * cmd-read.c - `stickler read SOURCE OUT`: make an image from a stick, a
 * disc or a disk, and say where it ended, what was verified and what could
 * not be read.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "ui.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: stickler read SOURCE OUT [options]\n"
		"  OUT                .iso/.img plain; .zst, .xz, .gz compressed; - standard output\n"
		"  --whole            read all of SOURCE, not to the image's end\n"
		"  --keep-going       fill unreadable sectors with zeros and list them\n"
		"  --force            replace an existing OUT\n"
		"  --sums             add OUT's SHA-256 to SHA256SUMS beside it\n"
		"  --bmap             write OUT.bmap (OUT without .zst/.xz/.gz) as bmaptool does\n"
		"  --no-verify        do not read both again to compare\n"
		"  --progress=STYLE   tty, json (one object per line), none\n");
}

static void print_result(const struct stk_read_result *r, const char *out,
			 bool json)
{
	FILE *f = json || !strcmp(out, "-") ? stderr : stdout;
	uint64_t i;

	fprintf(f,
		"read %" PRIu64
		" bytes in %.1f s (%.1f MB/s) into '%s' (%" PRIu64
		" bytes); verified: %s\n",
		r->bytes_read, r->read_s,
		r->read_s > 0 ? (double)r->bytes_read / r->read_s / 1e6 : 0.0,
		out, r->out_bytes,
		r->verify == STK_VERIFY_NOT_RUN ? "no (--no-verify)"
		: r->out_checked
			? "source read again and the output identical"
			: "source read again identical (standard output cannot be read back)");
	if (r->sha256[0])
		fprintf(f, "sha256 %s\n", r->sha256);
	if (r->bmap[0])
		fprintf(f,
			"bmap '%s': %" PRIu64 " of %" PRIu64 " bytes mapped\n",
			r->bmap, r->bmap_mapped_bytes, r->image_bytes);
	if (r->n_bad) {
		fprintf(f,
			"%" PRIu64
			" unreadable sectors of %u bytes are zeros in the image:",
			r->n_bad, r->sector_bytes);
		for (i = 0; i < r->n_bad && i < STK_READ_MAX_BAD; i++)
			fprintf(f, " %" PRIu64, r->bad_sector[i]);
		fprintf(f, "%s%s%s\n",
			r->n_bad > STK_READ_MAX_BAD ? " ..." : "",
			r->sidecar[0] ? "; listed in " : "", r->sidecar);
	}
}

/* The closing JSON object, whatever the end. */
static void json_result(int code, const struct stk_read_result *r,
			const char *error)
{
	ui_json_result(code, r->state, error,
		       ",\"bytes_read\":%" PRIu64 ",\"out_bytes\":%" PRIu64
		       ",\"bad_sectors\":%" PRIu64 ",\"verify\":\"%s\"",
		       r->bytes_read, r->out_bytes, r->n_bad,
		       stk_verify_outcome_name(r->verify));
}

int cmd_read(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"whole", no_argument, NULL, 'w'},
		{"keep-going", no_argument, NULL, 'k'},
		{"force", no_argument, NULL, 'f'},
		{"sums", no_argument, NULL, 's'},
		{"bmap", no_argument, NULL, 'b'},
		{"no-verify", no_argument, NULL, 'n'},
		UI_OPT_PROGRESS,
		UI_OPT_HELP,
		UI_OPT_END,
	};
	enum ui_progress_style style = UI_PROGRESS_AUTO;
	struct stk_read_options opt;
	const struct stk_read_result *r;
	struct stk_reader *rd = NULL;
	struct ui_progress prog;
	struct stk_ctx *ctx;
	const char *out;
	char *plan;
	int c, rc, code;

	stk_read_options_init(&opt);
	optind = 1;
	while ((c = ui_getopt(argc, argv, "h", longopts)) != -1) {
		switch (c) {
		case 'w':
			opt.whole = true;
			break;
		case 'k':
			opt.keep_going = true;
			break;
		case 'f':
			opt.replace = true;
			break;
		case 's':
			opt.sums = true;
			break;
		case 'b':
			opt.bmap = true;
			break;
		case 'n':
			opt.verify = false;
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
	out = argv[optind + 1];
	if (style == UI_PROGRESS_JSON && !strcmp(out, "-")) {
		ui_error(
			"--progress=json keeps standard output for JSON: give OUT a file name, not -");
		return UI_EXIT_USAGE;
	}
	ctx = ui_ctx_new();
	if (!ctx)
		return UI_EXIT_FAILED;
	rc = stk_reader_new(ctx, argv[optind], out, &opt, &rd);
	if (rc) {
		if (rc == -EEXIST)
			ui_error("%s (--force replaces it); nothing read",
				 stk_ctx_errmsg(ctx));
		else
			ui_error("%s; nothing read", stk_ctx_errmsg(ctx));
		code = ui_exit_code(rc);
		goto out;
	}
	/* the plan, where a person reads it: never into the image */
	plan = stk_reader_describe(rd);
	if (plan) {
		ui_safe_fputs(plan, stderr);
		free(plan);
	}
	ui_progress_attach(ctx, &prog, style);
	rc = stk_reader_run(ctx, rd);
	ui_progress_end(&prog);
	r = stk_reader_result(rd);
	code = ui_exit_code(rc);
	if (rc) {
		ui_error("%s; '%s' %s", stk_ctx_errmsg(ctx), out, r->state);
	} else {
		print_result(r, out, prog.style == UI_PROGRESS_JSON);
		if (r->n_bad) {
			ui_error("'%s' %s", out, r->state);
			code = UI_EXIT_MISMATCH;
		}
	}
	if (prog.style == UI_PROGRESS_JSON)
		json_result(code, r, rc ? stk_ctx_errmsg(ctx) : NULL);
out:
	stk_reader_free(rd);
	stk_ctx_free(ctx);
	return code;
}

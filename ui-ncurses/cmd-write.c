// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * cmd-write.c - `stickler write IMAGE TARGET`: plan, confirm, write,
 * verify, and one line that says what happened and what the target holds.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <libgen.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "many.h"
#include "ui.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: stickler write IMAGE TARGET [TARGET...] [options]\n"
		"  --mode MODE        raw, iso, iso-uefi-only or auto (default)\n"
		"  --yes              do not ask for confirmation\n"
		"  --dry-run          print the plan as the confirmation would, write nothing\n"
		"  --eject            after a verified write, power the stick off (safe to remove)\n"
		"  --no-verify        do not read the target back\n"
		"  --size SIZE        size of a file target (e.g. 4G; raw: the image's)\n"
		"  --any-device       accept any block device, not only USB sticks\n"
		"  --unmount          unmount the target's partitions first\n"
		"  --all-usb          every USB/MMC stick present is a target\n"
		"  --scheme mbr|gpt   ISO mode partition table\n"
		"  --label LABEL      ISO mode volume label\n"
		"  --persistence SIZE|rest\n"
		"                     ISO mode, live systems: an ext4 partition for changes\n"
		"  --bmap FILE        raw: write only what this bmap maps\n"
		"                     (default: IMAGE.bmap or IMAGE.EXT -> IMAGE.bmap)\n"
		"  --no-bmap          raw: write the whole image, bmap or not\n"
		"  --sparse           raw, no bmap: skip holes and all-zero MiBs\n"
		"  --progress=STYLE   tty, json (one object per line), none\n"
		"  --check            first check the image is genuine (see check); refuse if not\n"
		"  --sums FILE, --keyring FILE, --require-signature  as for check\n");
}

/*
 * Typed confirmation: the target's name, as the wizard asks for it; for
 * several targets "erase N", after the plan has named every one.
 */
static int confirm(const struct stk_plan *plan, const char *target)
{
	char *copy, *name, many[32];
	char *text = stk_plan_describe(plan);
	size_t n = stk_plan_target_count(plan);
	int ok;

	if (text) {
		ui_safe_fputs(text, stderr); /* names of the image's files */
		free(text);
	}
	snprintf(many, sizeof(many), "erase %zu", n);
	copy = strdup(n > 1 ? many : target);
	if (!copy)
		return 0;
	name = n > 1 ? copy : basename(copy);
	if (n > 1) {
		fprintf(stderr, "type '%s' to write all %zu targets: ", name,
			n);
	} else {
		fputs("type '", stderr);
		ui_safe_fputs_line(name, stderr);
		fputs("' to write: ", stderr);
	}
	ok = ui_answer_is(name);
	free(copy);
	return ok;
}

/* The plan on stdout, as confirm() prints it; the target was only read. */
static int dry_run(const struct stk_plan *plan, const char *target, bool json)
{
	char *text = stk_plan_describe(plan);

	if (!text) {
		ui_error("out of memory");
		return UI_EXIT_FAILED;
	}
	if (json) {
		FILE *f = ui_json_stream();

		fprintf(f,
			"{\"phase\":\"result\",\"outcome\":\"dry run\",\"exit_status\":0,\"state\":\"untouched\",\"error\":null,\"plan\":");
		ui_json_string(f, text);
		fprintf(f, "}\n");
		ui_json_ended();
	} else {
		fputs(text, stdout);
	}
	free(text);
	/* one line, whatever the target's name holds */
	fputs("stickler: dry run: nothing written; target '", stderr);
	ui_safe_fputs_line(target, stderr);
	fputs("' untouched\n", stderr);
	return UI_EXIT_OK;
}

/* While planning: no progress shown, but a signal cancels. */
static int plan_cancel(const struct stk_progress *pr, void *data)
{
	return ui_interrupted != 0;
}

/* "2,317": counts for people. */
static void thousands(uint64_t v, char *buf, size_t len)
{
	char raw[32];
	size_t n, i, o = 0;

	snprintf(raw, sizeof(raw), "%" PRIu64, v);
	n = strlen(raw);
	for (i = 0; i < n && o + 2 < len; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = raw[i];
	}
	buf[o] = '\0';
}

/* The closing JSON object of a single-target write, whatever its end. */
static void json_result(int code, const struct stk_result *res,
			const char *error)
{
	ui_json_result(
		code, res->target_state, error,
		",\"bytes_written\":%" PRIu64
		",\"write_s\":%.3f,\"verify\":\"%s\",\"verify_s\":%.3f,\"tree_files\":%" PRIu64
		",\"tree_bytes\":%" PRIu64 ",\"tree_changed\":%" PRIu64,
		res->bytes_written, res->write_s,
		stk_verify_outcome_name(res->verify), res->verify_s,
		res->tree_files, res->tree_bytes, res->tree_changed);
}

static void print_result(const struct stk_result *res, bool json)
{
	double mbps = res->write_s > 0
			      ? (double)res->bytes_written / res->write_s / 1e6
			      : 0;
	FILE *f = json ? stderr : stdout;
	char files[32], size[32], changed[32];
	char a[32], b[32];

	fprintf(f, "written %" PRIu64 " bytes in %.1f s (%.1f MB/s); ",
		res->bytes_written, res->write_s, mbps);
	/* what was proven, in the order it was: the tree, then the sectors */
	if (res->tree_files || res->tree_changed) {
		thousands(res->tree_files, files, sizeof(files));
		thousands(res->tree_changed, changed, sizeof(changed));
		fprintf(f,
			"%s files (%s) as in the image, %s changed as planned; ",
			files,
			stk_size_format(res->tree_bytes, size, sizeof(size)),
			changed);
	}
	fprintf(f, "sectors verified: %s\n",
		res->verify == STK_VERIFY_NOT_RUN
			? "no (--no-verify)"
			: stk_verify_outcome_name(res->verify));
	if (res->sparse) {
		stk_size_format(res->image_bytes_written, a, sizeof(a));
		stk_size_format(res->image_bytes, b, sizeof(b));
		fprintf(f,
			"wrote %s of %s: the image marks the rest as unused, and the stick keeps its old data there\n",
			a, b);
	}
}

/* --all-usb: every USB/MMC stick the device layer offers, by path. */
static int all_usb(struct stk_ctx *ctx, const char *image, const char ***out,
		   size_t *n)
{
	struct stk_devlist *dl = NULL;
	const char **t;
	size_t i, k = 0, count;
	int rc;

	*out = NULL;
	*n = 0;
	rc = stk_devlist_new(ctx, image, 0, &dl);
	if (rc) {
		ui_error("%s", stk_ctx_errmsg(ctx));
		return rc;
	}
	count = stk_devlist_count(dl);
	t = calloc(count ? count : 1, sizeof(*t));
	for (i = 0; t && i < count; i++) {
		const struct stk_device *d = stk_devlist_get(dl, i);

		if (!d->offered) {
			fprintf(stderr, "stickler: leaving out %s: %s\n",
				d->path, d->reason);
			continue;
		}
		t[k] = strdup(d->path);
		if (t[k])
			k++;
	}
	stk_devlist_free(dl);
	if (!t) {
		ui_error("out of memory");
		return -ENOMEM;
	}
	*out = t;
	*n = k;
	return 0;
}

/* Several targets: a row each while they run, a line each at the end. */
static int run_many(struct stk_ctx *ctx, struct stk_plan *plan,
		    enum ui_progress_style style, bool verify)
{
	struct ui_many m;
	int rc;

	if (ui_many_init(&m, style, plan) < 0) {
		ui_error("out of memory");
		return -ENOMEM;
	}
	m.verify = verify;
	ui_sigint_install();
	stk_ctx_set_progress(ctx, ui_many_progress_fn, &m);
	rc = stk_plan_run(ctx, plan);
	ui_many_end(&m);
	ui_many_report(&m, m.style == UI_PROGRESS_JSON);
	ui_many_free(&m);
	return rc;
}

int cmd_write(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"mode", required_argument, NULL, 'm'},
		UI_OPT_YES,
		{"no-verify", no_argument, NULL, 'n'},
		{"size", required_argument, NULL, 's'},
		UI_OPT_ANY,
		UI_OPT_UNMOUNT,
		{"all-usb", no_argument, NULL, 'A'},
		{"scheme", required_argument, NULL, 'S'},
		{"label", required_argument, NULL, 'l'},
		{"persistence", required_argument, NULL, 'P'},
		{"bmap", required_argument, NULL, 'B'},
		{"no-bmap", no_argument, NULL, 'N'},
		{"sparse", no_argument, NULL, 'Z'},
		{"check", no_argument, NULL, 'C'},
		{"sums", required_argument, NULL, 'U'},
		{"keyring", required_argument, NULL, 'K'},
		{"require-signature", no_argument, NULL, 'R'},
		{"dry-run", no_argument, NULL, 'D'},
		{"eject", no_argument, NULL, 'E'},
		UI_OPT_PROGRESS,
		UI_OPT_HELP,
		UI_OPT_END,
	};
	enum ui_progress_style style = UI_PROGRESS_AUTO;
	struct stk_options opt;
	struct ui_progress prog;
	struct stk_plan *plan = NULL;
	struct stk_image *img = NULL;
	struct stk_ctx *ctx;
	const char **targets = NULL, *target;
	size_t n_targets = 0, i;
	struct stk_check_opts copt = {0};
	bool yes = false, usb = false, check = false, require = false;
	bool eject = false;
	char keydir[PATH_MAX];
	int c, rc, code;

	stk_options_init(&opt);
	optind = 1;
	while ((c = ui_getopt(argc, argv, "yh", longopts)) != -1) {
		switch (c) {
		case 'm':
			if (stk_mode_parse(optarg, &opt.mode) < 0) {
				ui_error(
					"unknown mode '%s' (auto, raw, iso or iso-uefi-only)",
					optarg);
				return UI_EXIT_USAGE;
			}
			break;
		case 'y':
			yes = true;
			break;
		case 'n':
			opt.verify = false;
			break;
		case 's':
			if (stk_size_parse(optarg, &opt.target_bytes) < 0) {
				ui_error(
					"bad size '%s' (bytes, or a number with K, M, G or T: 4G)",
					optarg);
				return UI_EXIT_USAGE;
			}
			break;
		case 'a':
			opt.any_device = true;
			break;
		case 'u':
			opt.unmount = true;
			break;
		case 'A':
			usb = true;
			break;
		case 'S':
			if (stk_scheme_parse(optarg, &opt.scheme) < 0) {
				ui_error("unknown scheme '%s' (mbr or gpt)",
					 optarg);
				return UI_EXIT_USAGE;
			}
			break;
		case 'l':
			opt.label = optarg;
			break;
		case 'P':
			if (!strcmp(optarg, "rest")) {
				opt.persistence_bytes = STK_PERSISTENCE_REST;
			} else if (stk_size_parse(optarg,
						  &opt.persistence_bytes) < 0) {
				ui_error(
					"bad persistence size '%s' (a size like 4G, or rest)",
					optarg);
				return UI_EXIT_USAGE;
			}
			break;
		case 'B':
			opt.bmap_path = optarg;
			break;
		case 'N':
			opt.no_bmap = true;
			break;
		case 'Z':
			opt.sparse = true;
			break;
		case 'C':
			check = true;
			break;
		case 'U':
			copt.sums_path = optarg;
			break;
		case 'K':
			if (copt.n_keyrings < STK_MAX_KEYRINGS)
				copt.keyring[copt.n_keyrings++] = optarg;
			break;
		case 'R':
			require = true;
			break;
		case 'D':
			opt.dry_run = true;
			break;
		case 'E':
			eject = true;
			break;
		default:
			code = ui_opt_common(c, &style, usage);
			if (code != UI_OPT_NEXT)
				return code;
		}
	}
	if (eject && !opt.verify) {
		ui_error(
			"--eject follows a verified write: it cannot go with --no-verify");
		return UI_EXIT_USAGE;
	}
	if (argc - optind < (usb ? 1 : 2) || (usb && argc - optind != 1)) {
		if (usb)
			ui_error("--all-usb takes the image only, no target");
		usage(stderr);
		return UI_EXIT_USAGE;
	}
	target = usb ? "every USB stick" : argv[optind + 1];
	if (!yes && !opt.dry_run && !isatty(STDIN_FILENO)) {
		ui_error(
			"refusing to write '%s' without --yes (no terminal to confirm on); target untouched",
			target);
		return UI_EXIT_USAGE;
	}
	ctx = ui_ctx_new();
	if (!ctx)
		return UI_EXIT_FAILED;
	if (usb) {
		rc = all_usb(ctx, argv[optind], &targets, &n_targets);
		if (rc) {
			code = UI_EXIT_FAILED;
			goto out;
		}
		if (!n_targets) {
			ui_error("no USB or MMC stick to write");
			code = UI_EXIT_FAILED;
			goto out;
		}
	} else {
		targets = (const char **)argv + optind + 1;
		n_targets = (size_t)(argc - optind - 1);
	}

	/* 0. With --check, only a genuine image goes on. */
	if (check) {
		if (ui_keyring_dir(NULL, keydir, sizeof(keydir))) {
			code = UI_EXIT_USAGE;
			goto out;
		}
		copt.keyring_dir = keydir;
		ui_progress_init(&prog, style);
		stk_ctx_set_progress(ctx, ui_progress_fn, &prog);
		code = ui_check_image(ctx, argv[optind], &copt, require, &prog);
		stk_ctx_set_progress(ctx, NULL, NULL);
		if (code) {
			ui_error(
				"the image did not pass the check; target '%s' untouched",
				target);
			goto out;
		}
	}

	/* 1. Probe and plan: nothing is written before the run. Composing an
	 *    ISO-mode stick takes a while: Ctrl-C or SIGTERM stops it too,
	 *    and the scratch file goes with the plan. */
	ui_sigint_install();
	stk_ctx_set_progress(ctx, plan_cancel, NULL);
	/* --mode raw needs the image's head only, not an ISO's tree */
	rc = stk_image_open_for(ctx, argv[optind], opt.mode, &img);
	if (!rc)
		rc = stk_plan_new_many(ctx, img, targets, n_targets, &opt,
				       &plan);
	if (rc) {
		if (n_targets > 1)
			ui_error("%s; no target written", stk_ctx_errmsg(ctx));
		else
			ui_error("%s; target '%s' untouched",
				 stk_ctx_errmsg(ctx), target);
		code = ui_exit_code(rc);
		goto out;
	}
	for (i = 0; eject && i < n_targets; i++)
		if (!stk_plan_device_at(plan, i)) {
			ui_error(
				"--eject powers off a stick, and '%s' is a file; target untouched",
				stk_plan_target_at(plan, i));
			code = UI_EXIT_USAGE;
			goto out;
		}
	{
		char *text = stk_plan_describe(plan);

		ui_cli_logf(STK_LOG_INFO, "plan:\n%s", text ? text : "");
		free(text);
	}
	/* --dry-run: the plan as the confirmation shows it, and no more */
	if (opt.dry_run) {
		code = dry_run(plan, target, style == UI_PROGRESS_JSON);
		goto out;
	}
	/* the typed answer may be interrupted as any prompt is */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (!yes && !confirm(plan, target)) {
		if (n_targets > 1)
			ui_error("not confirmed; no target written");
		else
			ui_error("not confirmed; target '%s' untouched",
				 target);
		code = UI_EXIT_CANCELLED;
		goto out;
	}

	/* 2. Run, with progress and Ctrl-C going through the callback. */
	if (n_targets > 1) {
		code = ui_exit_code(run_many(ctx, plan, style, opt.verify));
		for (i = 0; eject && i < n_targets; i++)
			if (!stk_plan_result_at(plan, i)->rc)
				ui_eject(ctx, stk_plan_target_at(plan, i),
					 stk_plan_device_at(plan, i));
		goto out;
	}
	ui_progress_init(&prog, style);
	ui_sigint_install();
	stk_ctx_set_progress(ctx, ui_progress_fn, &prog);
	rc = stk_plan_run(ctx, plan);
	ui_progress_end(&prog);
	code = ui_exit_code(rc);
	if (rc)
		ui_error("%s; target '%s' %s", stk_ctx_errmsg(ctx), target,
			 stk_plan_result(plan)->target_state);
	else
		print_result(stk_plan_result(plan),
			     prog.style == UI_PROGRESS_JSON);
	if (!rc && check && stk_plan_mode(plan) == STK_MODE_RAW)
		code = ui_check_stick(ctx, argv[optind], target);
	/* only a stick that holds what was meant is let go: the write is
	 * not undone by a failed power-off, so the status stays */
	if (!code && eject &&
	    ui_eject(ctx, target, stk_plan_device_at(plan, 0)))
		ui_error(
			"the stick holds the verified image; remove it after 'sync', or try 'stickler eject %s'",
			target);
	ui_cli_logf(STK_LOG_INFO, "target '%s': %s", target,
		    stk_plan_result(plan)->target_state);
	if (prog.style == UI_PROGRESS_JSON)
		json_result(code, stk_plan_result(plan),
			    rc ? stk_ctx_errmsg(ctx) : NULL);
out:
	if (usb) {
		for (i = 0; i < n_targets; i++)
			free((char *)targets[i]);
		free(targets);
	}
	stk_plan_free(plan);
	stk_image_close(img);
	stk_ctx_free(ctx);
	return code;
}

/* `stickler plan IMAGE TARGET [options]`: write --dry-run by its name. */
int cmd_plan(int argc, char **argv)
{
	char **v;
	int i, code;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: stickler plan IMAGE TARGET [write's options]\n"
			       "  prints the plan 'stickler write' would follow and confirm, and\n"
			       "  writes nothing (the same as 'stickler write --dry-run')\n");
			return UI_EXIT_OK;
		}
	v = calloc((size_t)argc + 2, sizeof(*v));
	if (!v) {
		ui_error("out of memory");
		return UI_EXIT_FAILED;
	}
	v[0] = argv[0];
	v[1] = (char *)"--dry-run";
	for (i = 1; i < argc; i++)
		v[i + 1] = argv[i];
	code = cmd_write(argc + 1, v);
	free(v);
	return code;
}

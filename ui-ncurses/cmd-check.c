// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * cmd-check.c - `stickler check IMAGE`: is this the image its publisher
 * signed? The checksum list and its signature, the hash, the implanted
 * ISO checksum, and one result line with an exit status to match.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "ui.h"
#include "wizard.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: stickler check IMAGE [--sums FILE] [--keyring FILE]... [--require-signature] [--config FILE] [--progress=tty|json|none]\n");
}

static const char *base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static void print_list(const struct stk_check *chk)
{
	if (chk->typed) {
		printf("%-12s the typed %s hash\n", "checked",
		       stk_hash_name(chk->algo));
		return;
	}
	if (!chk->sums_path[0]) {
		printf("%-12s none found\n", "list");
		return;
	}
	printf("%-12s %s (%s)\n", "list", chk->sums_path,
	       chk->listed ? "lists the image" : "does not list the image");
	if (!chk->listed)
		return;
	if (chk->sig == STK_SIG_NONE) {
		printf("%-12s none: the list is not signed\n", "signature");
		return;
	}
	printf("%-12s %s%s: %s\n", "signature", base(chk->sig_path),
	       chk->clearsigned ? " (clearsigned)" : "",
	       stk_sig_state_name(chk->sig));
	if (chk->key_fpr[0])
		printf("%-12s %s%s%s\n", "key", chk->key_fpr,
		       chk->key_uid[0] ? " " : "", chk->key_uid);
	if (chk->sig_detail[0])
		printf("%-12s %s\n", "", chk->sig_detail);
}

int ui_check_status(const struct stk_check *chk, const struct stk_isomd5 *md5,
		    bool require_signature)
{
	if (md5 && md5->state == STK_ISOMD5_MISMATCH)
		return UI_EXIT_MISMATCH;
	switch (chk->outcome) {
	case STK_CHECK_GENUINE:
		return UI_EXIT_OK;
	case STK_CHECK_UNSIGNED:
	case STK_CHECK_NO_KEY:
		return require_signature ? UI_EXIT_MISMATCH : UI_EXIT_OK;
	case STK_CHECK_MISMATCH:
	case STK_CHECK_BAD_SIGNATURE:
		return UI_EXIT_MISMATCH;
	case STK_CHECK_NOTHING:
	case STK_CHECK_NOT_HASHED:
		break;
	}
	/* An implanted sum is something to check against, but unsigned. */
	if (md5 && md5->state == STK_ISOMD5_OK)
		return require_signature ? UI_EXIT_MISMATCH : UI_EXIT_OK;
	return UI_EXIT_FAILED;
}

/* The result line: what was proven, or why not. */
static void print_result(const struct stk_check *chk,
			 const struct stk_isomd5 *md5, int status)
{
	if (md5->state == STK_ISOMD5_MISMATCH)
		printf("result       NOT genuine: the implanted ISO checksum does not match (the image is damaged or altered)\n");
	else if (chk->outcome != STK_CHECK_NOTHING)
		printf("result       %s\n", chk->summary);
	else if (md5->state == STK_ISOMD5_OK)
		printf("result       the implanted ISO checksum matches, but nobody signed it: this shows the image is whole, not who made it\n");
	else
		printf("result       %s\n", chk->summary);
	if (status == UI_EXIT_MISMATCH && (chk->outcome == STK_CHECK_UNSIGNED ||
					   chk->outcome == STK_CHECK_NO_KEY ||
					   (chk->outcome == STK_CHECK_NOTHING &&
					    md5->state == STK_ISOMD5_OK)))
		printf("result       NOT genuine by --require-signature: no good signature\n");
}

int ui_check_image(struct stk_ctx *ctx, const char *path,
		   const struct stk_check_opts *opt, bool require_signature,
		   struct ui_progress *prog)
{
	struct stk_isomd5 md5;
	struct stk_check chk;
	int rc, status;

	rc = stk_check_find(ctx, path, opt, &chk);
	if (!rc)
		rc = stk_check_hash(ctx, path, &chk);
	if (!rc)
		rc = stk_isomd5_check(ctx, path, &md5);
	if (prog)
		ui_progress_end(prog);
	if (rc) {
		ui_error("check: %s", stk_ctx_errmsg(ctx));
		return ui_exit_code(rc);
	}
	status = ui_check_status(&chk, &md5, require_signature);
	{
		printf("%-12s %s\n", "image", path);
		print_list(&chk);
		if (chk.computed[0]) {
			printf("%-12s %s\n", stk_hash_name(chk.algo),
			       chk.computed);
			printf("%-12s %s\n", "expected", chk.expected);
		}
		if (md5.state == STK_ISOMD5_NONE)
			printf("%-12s none\n", "implanted");
		else
			printf("%-12s md5 %s, %s (%" PRIu64 " bytes)\n",
			       "implanted", md5.computed,
			       md5.state == STK_ISOMD5_OK ? "matches"
							  : "DOES NOT MATCH",
			       md5.bytes);
	}
	print_result(&chk, &md5, status);
	return status;
}

int ui_check_stick(struct stk_ctx *ctx, const char *image, const char *target)
{
	struct stk_isomd5 a, b;

	if (stk_isomd5_check(ctx, image, &a) || a.state == STK_ISOMD5_NONE)
		return UI_EXIT_OK;
	if (stk_isomd5_check(ctx, target, &b)) {
		ui_error("check: %s", stk_ctx_errmsg(ctx));
		return UI_EXIT_FAILED;
	}
	if (b.state != STK_ISOMD5_OK) {
		printf("stick        the implanted ISO checksum does NOT match on '%s'\n",
		       target);
		return UI_EXIT_MISMATCH;
	}
	printf("stick        the implanted ISO checksum matches on '%s' (md5 %s)\n",
	       target, b.computed);
	return UI_EXIT_OK;
}

/* keyring_dir from stickler.conf, or its default when it says nothing. */
int ui_keyring_dir(const char *config, char *buf, size_t len)
{
	struct ui_config cfg;
	int rc;

	rc = ui_config_load(&cfg, config, stderr);
	snprintf(buf, len, "%s", cfg.keyring_dir);
	return rc;
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"sums", required_argument, NULL, 's'},
		{"keyring", required_argument, NULL, 'k'},
		{"require-signature", no_argument, NULL, 'r'},
		{"config", required_argument, NULL, 'c'},
		UI_OPT_PROGRESS,
		UI_OPT_HELP,
		UI_OPT_END,
	};
	enum ui_progress_style style = UI_PROGRESS_AUTO;
	const char *config = NULL;
	struct stk_check_opts opt = {0};
	struct ui_progress prog;
	char dir[PATH_MAX];
	bool require = false;
	struct stk_ctx *ctx;
	int c, code;

	optind = 1;
	while ((c = ui_getopt(argc, argv, "h", longopts)) != -1) {
		switch (c) {
		case 's':
			opt.sums_path = optarg;
			break;
		case 'k':
			if (opt.n_keyrings >= STK_MAX_KEYRINGS) {
				ui_error("at most %d keyrings",
					 STK_MAX_KEYRINGS);
				return UI_EXIT_USAGE;
			}
			opt.keyring[opt.n_keyrings++] = optarg;
			break;
		case 'r':
			require = true;
			break;
		case 'c':
			config = optarg;
			break;
		default:
			code = ui_opt_common(c, &style, usage);
			if (code != UI_OPT_NEXT)
				return code;
		}
	}
	if (argc - optind != 1) {
		usage(stderr);
		return UI_EXIT_USAGE;
	}
	if (ui_keyring_dir(config, dir, sizeof(dir)))
		return UI_EXIT_USAGE;
	opt.keyring_dir = dir;
	ctx = ui_ctx_new();
	if (!ctx)
		return UI_EXIT_FAILED;
	ui_progress_attach(ctx, &prog, style);
	code = ui_check_image(ctx, argv[optind], &opt, require, &prog);
	stk_ctx_free(ctx);
	return code;
}

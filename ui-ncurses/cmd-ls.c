// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * cmd-ls.c - `stickler ls IMAGE [PATH]` and `stickler cat IMAGE PATH`:
 * look inside an ISO image without mounting it.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ui.h"

struct ls {
	bool longfmt;
	struct ui_json *json;
};

static const char *type_name(enum stk_entry_type t)
{
	switch (t) {
	case STK_ENTRY_DIR:
		return "dir";
	case STK_ENTRY_SYMLINK:
		return "symlink";
	default:
		return "file";
	}
}

/* "drwxr-xr-x" from st_mode bits. */
static void mode_words(uint32_t mode, enum stk_entry_type t, char out[11])
{
	static const char rwx[] = "rwxrwxrwx";
	int i;

	out[0] = t == STK_ENTRY_DIR ? 'd' : t == STK_ENTRY_SYMLINK ? 'l' : '-';
	for (i = 0; i < 9; i++)
		out[1 + i] = mode & (0400u >> i) ? rwx[i] : '-';
	if (mode & S_ISUID)
		out[3] = out[3] == 'x' ? 's' : 'S';
	if (mode & S_ISGID)
		out[6] = out[6] == 'x' ? 's' : 'S';
	out[10] = '\0';
}

static int print_entry(const struct stk_tree_entry *e, void *data)
{
	struct ls *l = data;
	char mode[11], when[32], oct[8];
	time_t t = (time_t)e->mtime;
	struct tm tm;

	if (l->json) {
		ui_json_obj_open(l->json, NULL);
		ui_json_str(l->json, "name", e->name);
		ui_json_str(l->json, "type", type_name(e->type));
		ui_json_u64(l->json, "size", e->size_bytes);
		ui_json_int(l->json, "mtime", e->mtime);
		snprintf(oct, sizeof(oct), "%04o", e->mode & 07777);
		ui_json_str(l->json, "mode", oct);
		if (e->type == STK_ENTRY_SYMLINK)
			ui_json_str(l->json, "target", e->link_target);
		ui_json_obj_close(l->json);
		return 0;
	}
	/* one entry, one line: a newline in a name is \x0a (stdout's
	 * filter escapes every other control byte) */
	if (!l->longfmt) {
		ui_safe_fputs_line(e->name, stdout);
		puts(e->type == STK_ENTRY_DIR ? "/" : "");
		return 0;
	}
	mode_words(e->mode, e->type, mode);
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	printf("%s %12" PRIu64 " %s ", mode, e->size_bytes, when);
	ui_safe_fputs_line(e->name, stdout);
	if (e->type == STK_ENTRY_SYMLINK) {
		fputs(" -> ", stdout);
		ui_safe_fputs_line(e->link_target, stdout);
	}
	putchar('\n');
	return 0;
}

static void usage_ls(FILE *f)
{
	fprintf(f, "usage: stickler ls IMAGE [PATH] [-l] [--json]\n");
}

static void usage_cat(FILE *f)
{
	fprintf(f, "usage: stickler cat IMAGE PATH\n");
}

static int open_tree(struct stk_ctx **ctx, const char *path,
		     struct stk_tree **tree)
{
	int rc;

	*ctx = ui_ctx_new();
	if (!*ctx)
		return -ENOMEM;
	rc = stk_tree_open(*ctx, path, tree);
	if (rc)
		ui_error("%s", stk_ctx_errmsg(*ctx));
	return rc;
}

int cmd_ls(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"long", no_argument, NULL, 'l'},
		{"json", no_argument, NULL, 'j'},
		UI_OPT_HELP,
		{NULL, 0, NULL, 0},
	};
	struct ls l = {0};
	struct ui_json j;
	struct stk_tree *tree = NULL;
	struct stk_ctx *ctx = NULL;
	const char *path = "/";
	bool json = false;
	int c, rc;

	optind = 1;
	while ((c = ui_getopt(argc, argv, "lh", longopts)) != -1) {
		switch (c) {
		case 'l':
			l.longfmt = true;
			break;
		case 'j':
			json = true;
			break;
		default:
			rc = ui_opt_common(c, NULL, usage_ls);
			if (rc != UI_OPT_NEXT)
				return rc;
		}
	}
	if (argc - optind < 1 || argc - optind > 2) {
		usage_ls(stderr);
		return UI_EXIT_USAGE;
	}
	if (argc - optind == 2)
		path = argv[optind + 1];
	rc = open_tree(&ctx, argv[optind], &tree);
	if (rc)
		goto out;
	if (json) {
		ui_json_init(&j, stdout);
		l.json = &j;
		ui_json_obj_open(&j, NULL);
		ui_json_str(&j, "path", path);
		ui_json_arr_open(&j, "entries");
	}
	rc = stk_tree_list(ctx, tree, path, print_entry, &l);
	if (json) {
		ui_json_arr_close(&j);
		ui_json_obj_close(&j);
	}
	if (rc)
		ui_error("%s", stk_ctx_errmsg(ctx));
out:
	stk_tree_close(tree);
	stk_ctx_free(ctx);
	return ui_exit_code(rc);
}

int cmd_cat(int argc, char **argv)
{
	static const struct option longopts[] = {
		UI_OPT_HELP,
		{NULL, 0, NULL, 0},
	};
	struct stk_tree *tree = NULL;
	struct stk_ctx *ctx = NULL;
	int c, rc;

	optind = 1;
	c = ui_getopt(argc, argv, "h", longopts);
	if (c != -1) /* cat takes no option but --help */
		return ui_opt_common(c, NULL, usage_cat);
	if (argc - optind != 2) {
		ui_error("cat: %s", argc - optind < 2
					    ? "missing IMAGE or PATH"
					    : "one IMAGE and one PATH");
		usage_cat(stderr);
		return UI_EXIT_USAGE;
	}
	argv += optind - 1;
	rc = open_tree(&ctx, argv[1], &tree);
	if (!rc) {
		rc = stk_tree_cat(ctx, tree, argv[2], STDOUT_FILENO);
		if (rc)
			ui_error("%s", stk_ctx_errmsg(ctx));
	}
	stk_tree_close(tree);
	stk_ctx_free(ctx);
	return ui_exit_code(rc);
}

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * probe-sb.c - the Secure Boot part of `stickler probe`: one line that
 * says it, the loaders in the text report, and the "secure_boot" member
 * of the JSON document.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "ui.h"

/* NULL (and nothing printed) when there is nothing to judge. */
static struct stk_secure_boot *judge(const struct stk_image *img)
{
	struct stk_secure_boot *sb = malloc(sizeof(*sb));
	struct stk_ctx *ctx = ui_ctx_new();

	if (!sb || !ctx || stk_image_secure_boot(ctx, img, sb)) {
		free(sb);
		sb = NULL;
	}
	stk_ctx_free(ctx);
	return sb;
}

/* One line of the loader list, wrapped under its indent. */
static void line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void line(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ui_print_wrapped("    ", buf);
}

void ui_probe_sb_text(const struct stk_image *img)
{
	struct stk_secure_boot *sb = judge(img);
	int i, k;

	if (!sb) {
		if (stk_image_report(img)->compression != STK_COMP_NONE)
			printf("Secure Boot          not examined in a compressed image\n");
		return;
	}
	ui_print_wrapped("", sb->line);
	for (i = 0; i < sb->n_loaders; i++) {
		const struct stk_sb_loader *l = &sb->loader[i];

		printf("  %s (%s)\n", l->path, l->arch[0] ? l->arch : "?");
		if (l->signed_)
			line("signed by %s, issuer %s", l->signer, l->issuer);
		else
			line("not signed");
		if (l->trusted)
			line("trusted by firmware (%s)", l->anchor);
		else if (l->shim_trusted)
			line("trusted by shim's vendor certificate (%s)",
			     l->anchor);
		else if (l->signed_)
			line("not trusted by firmware");
		if (l->sha256[0])
			line("sha256 %s", l->sha256);
		for (k = 0; k < l->n_sbat; k++)
			line("%s %s,%u", k ? "    " : "sbat",
			     l->sbat[k].component, l->sbat[k].generation);
		if (l->problem[0] && strcmp(l->problem, "not signed"))
			line("problem: %s", l->problem);
	}
	free(sb);
}

void ui_probe_sb_json(struct ui_json *j, const struct stk_image *img)
{
	struct stk_secure_boot *sb = judge(img);
	int i, k;

	if (!sb || sb->verdict == STK_SB_NONE) {
		ui_json_null(j, "secure_boot");
		free(sb);
		return;
	}
	ui_json_obj_open(j, "secure_boot");
	ui_json_str(j, "verdict", stk_sb_verdict_name(sb->verdict));
	ui_json_str(j, "line", sb->line);
	ui_json_arr_open(j, "reasons");
	for (i = 0; i < sb->n_reasons; i++)
		ui_json_str(j, NULL, sb->reason[i]);
	ui_json_arr_close(j);
	ui_json_arr_open(j, "loaders");
	for (i = 0; i < sb->n_loaders; i++) {
		const struct stk_sb_loader *l = &sb->loader[i];

		ui_json_obj_open(j, NULL);
		ui_json_str(j, "path", l->path);
		ui_json_str_or_null(j, "arch", l->arch);
		ui_json_bool(j, "signed", l->signed_);
		ui_json_str_or_null(j, "signer", l->signer);
		ui_json_str_or_null(j, "issuer", l->issuer);
		ui_json_bool(j, "trusted", l->trusted);
		ui_json_str_or_null(j, "trusted_by", l->anchor);
		ui_json_bool(j, "shim", l->is_shim);
		ui_json_bool(j, "revoked", l->revoked);
		ui_json_str_or_null(j, "sha256", l->sha256);
		ui_json_arr_open(j, "sbat");
		for (k = 0; k < l->n_sbat; k++) {
			ui_json_obj_open(j, NULL);
			ui_json_str(j, "component", l->sbat[k].component);
			ui_json_u64(j, "generation", l->sbat[k].generation);
			ui_json_obj_close(j);
		}
		ui_json_arr_close(j);
		ui_json_str_or_null(j, "problem", l->problem);
		ui_json_obj_close(j);
	}
	ui_json_arr_close(j);
	ui_json_obj_close(j);
	free(sb);
}

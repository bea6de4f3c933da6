// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * scr-sum.c - the image check on the report screen: the checksum list
 * published next to the image and its signature (the core's check, the
 * same as `stickler check`), or a hash the person types or pastes; the
 * image hashed with progress; a mismatch or a bad signature stops the way
 * forward until the person overrides it on purpose.
 */
#include <curses.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "wizard.h"

static const char *base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Finds the list (or takes @typed) and checks its signature. */
static void find(struct ui *ui, const char *typed)
{
	struct stk_check_opts opt = {0};
	struct stk_check *c = &ui->sum_chk;

	ui->sum_state = UI_SUM_NONE;
	ui->sum_done = 0;
	ui->sum_override = false;
	ui->sum_msg[0] = '\0';
	opt.keyring_dir = ui->cfg.keyring_dir;
	opt.typed_hash = typed;
	if (stk_check_find(ui->ctx, ui->image_path, &opt, c)) {
		ui->sum_state = UI_SUM_FAILED;
		snprintf(ui->sum_msg, sizeof(ui->sum_msg), "%s",
			 stk_ctx_errmsg(ui->ctx));
		return;
	}
	if (c->outcome == STK_CHECK_NOTHING) {
		ui->sum_state =
			c->sums_path[0] ? UI_SUM_NOT_LISTED : UI_SUM_NONE;
		snprintf(ui->sum_msg, sizeof(ui->sum_msg), "%s", c->summary);
		return;
	}
	if (c->sig == STK_SIG_BAD) {
		ui->sum_state = UI_SUM_BAD_SIG;
		snprintf(ui->sum_msg, sizeof(ui->sum_msg),
			 "NOT genuine: the signature of %s is bad (%s)",
			 base(c->sums_path), c->sig_detail);
		ui_log(ui, "check of '%s': %s", ui->image_path, ui->sum_msg);
		return;
	}
	ui->sum_state = UI_SUM_OFFER;
}

void ui_sum_find(struct ui *ui)
{
	ui->sum_typing = false;
	find(ui, NULL);
}

static int on_progress(const struct stk_progress *pr, void *data)
{
	struct ui *ui = data;
	int ch;

	ui->sum_done = pr->done;
	ui->sum_total = pr->total;
	for (ch = getch(); ch != ERR; ch = getch())
		if (ch == UI_KEY_ESC || ch == 'q')
			return 1;
	if (ui_got_sigint)
		return 1;
	if (ui_redraw_due(ui, 100) && !ui_too_small()) {
		scr_image.draw(ui);
		refresh();
	}
	return 0;
}

void ui_sum_check(struct ui *ui)
{
	struct stk_check *c = &ui->sum_chk;
	int rc;

	if (ui->sum_state != UI_SUM_OFFER)
		return;
	ui->sum_done = 0;
	snprintf(ui->sum_msg, sizeof(ui->sum_msg), "checking (Esc stops)");
	nodelay(stdscr, TRUE);
	stk_ctx_set_progress(ui->ctx, on_progress, ui);
	rc = stk_check_hash(ui->ctx, ui->image_path, c);
	stk_ctx_set_progress(ui->ctx, NULL, NULL);
	timeout(250);
	if (rc) {
		ui->sum_state = UI_SUM_FAILED;
		snprintf(ui->sum_msg, sizeof(ui->sum_msg), "%s",
			 rc == -ECANCELED ? "check stopped"
					  : stk_ctx_errmsg(ui->ctx));
	} else {
		switch (c->outcome) {
		case STK_CHECK_GENUINE:
			ui->sum_state = UI_SUM_MATCH;
			break;
		case STK_CHECK_MISMATCH:
			ui->sum_state = UI_SUM_MISMATCH;
			break;
		case STK_CHECK_BAD_SIGNATURE:
			ui->sum_state = UI_SUM_BAD_SIG;
			break;
		default:
			ui->sum_state = UI_SUM_WEAK;
			break;
		}
		snprintf(ui->sum_msg, sizeof(ui->sum_msg), "%s", c->summary);
	}
	ui_log(ui, "check of '%s': %s", ui->image_path, ui->sum_msg);
}

bool ui_sum_key(struct ui *ui, int ch)
{
	if (ui->sum_typing) {
		if (ch == UI_KEY_ESC) {
			ui->sum_typing = false;
			ui->typing = false;
		} else if (ch == '\n' || ch == KEY_ENTER) {
			ui->sum_typing = false;
			ui->typing = false;
			find(ui, ui->sum_field.buf);
			ui_sum_check(ui);
		} else {
			ui_field_key(&ui->sum_field, ch);
		}
		return true;
	}
	switch (ch) {
	case 'c':
		ui_sum_check(ui);
		return true;
	case 'h':
		ui->sum_typing = true;
		ui->typing = true;
		ui_field_set(&ui->sum_field, "");
		return true;
	case 'o':
		if (ui->sum_state != UI_SUM_MISMATCH &&
		    ui->sum_state != UI_SUM_BAD_SIG)
			return false;
		ui->sum_override = true;
		ui_status(ui, "overridden: the image that failed its check "
			      "will be written");
		ui_log(ui, "check of '%s' overridden by the user",
		       ui->image_path);
		return true;
	}
	return false;
}

bool ui_sum_may_go_on(struct ui *ui)
{
	if (ui->sum_state != UI_SUM_MISMATCH && ui->sum_state != UI_SUM_BAD_SIG)
		return true;
	if (ui->sum_override)
		return true;
	ui_status(ui, "the image is NOT genuine: press o to write it anyway");
	return false;
}

void ui_sb_find(struct ui *ui)
{
	struct stk_secure_boot *sb = malloc(sizeof(*sb));

	ui->sb_line[0] = '\0';
	ui->sb_verdict = STK_SB_NONE;
	if (!sb || !ui->img || stk_image_secure_boot(ui->ctx, ui->img, sb)) {
		free(sb);
		return;
	}
	if (sb->verdict != STK_SB_NONE)
		snprintf(ui->sb_line, sizeof(ui->sb_line), "%s", sb->line);
	ui->sb_verdict = sb->verdict;
	ui_log(ui, "image '%s': %s", ui->image_path, sb->line);
	free(sb);
}

/* Two rows from @y: what was found and what the check said. */
/* Two sentences in @rows rows from @y: the first wraps into what the
 * second leaves (it keeps a row at least). */
static void two(int y, int rows, enum ui_colour c1, const char *s1,
		enum ui_colour c2, const char *s2)
{
	int w = COLS - 8;
	int r2 = ui_wrap_rows(s2, w);
	int r1;

	if (r2 > rows - 1)
		r2 = rows - 1;
	r1 = ui_wrap(y, 4, w, rows - r2, c1, s1);
	ui_wrap(y + r1, 4, w, rows - r1, c2, s2);
}

void ui_sum_draw(const struct ui *ui, int y, int rows)
{
	const struct stk_check *c = &ui->sum_chk;
	const char *list = c->typed ? "typed hash" : base(c->sums_path);
	char a[2 * PATH_MAX + 512], b[512];
	int w = COLS - 8;

	if (ui->sum_typing) {
		ui_text(y, 4, 6, UIC_NORMAL, "Hash:");
		ui_field_draw(&ui->sum_field, y, 10, w - 6, true);
		ui_wrap(y + 1, 4, w, rows - 1, UIC_DIM,
			"Type or paste the published hash, Enter checks, Esc "
			"cancels.");
		return;
	}
	switch (ui->sum_state) {
	case UI_SUM_NONE:
		two(y, rows, UIC_DIM,
		    "No checksum file (SHA256SUMS, *.sha256, *-CHECKSUM, "
		    "MD5SUMS) next to the image.",
		    UIC_DIM, "Press h to type its hash.");
		return;
	case UI_SUM_OFFER:
		if (c->sig == STK_SIG_GOOD)
			snprintf(a, sizeof(a),
				 "Checksum file: %s (%s), signed by %s", list,
				 stk_hash_name(c->algo), c->key_uid);
		else
			snprintf(a, sizeof(a),
				 "Checksum file: %s (%s), signature: %s", list,
				 stk_hash_name(c->algo),
				 stk_sig_state_name(c->sig));
		if (!ui->sum_done) {
			two(y, rows, UIC_NORMAL, a, UIC_NORMAL,
			    "Press c to check the image against it (h: "
			    "type a hash).");
			return;
		}
		y += ui_wrap(y, 4, w, rows - 1, UIC_NORMAL, a);
		ui_bar(ui, y, 4, COLS - 24, ui->sum_done, ui->sum_total);
		ui_printf(y, COLS - 18, 16, UIC_NORMAL, "%3d%% checked",
			  ui->sum_total
				  ? (int)(ui->sum_done * 100 / ui->sum_total)
				  : 0);
		return;
	case UI_SUM_MATCH:
		snprintf(a, sizeof(a),
			 "Genuine: %s matches %s, signed "
			 "by %s (key %s)",
			 stk_hash_name(c->algo), list, c->key_uid, c->key_fpr);
		snprintf(b, sizeof(b), "%s %s", stk_hash_name(c->algo),
			 c->computed);
		two(y, rows, UIC_GOOD, a, UIC_DIM, b);
		return;
	case UI_SUM_WEAK:
		snprintf(a, sizeof(a), "Checksum OK: %s matches %s, %s",
			 stk_hash_name(c->algo), list,
			 c->typed || c->sig == STK_SIG_NONE
				 ? "but nothing is signed"
				 : "but the signature is not checked (no key)");
		snprintf(b, sizeof(b), "%s %s", stk_hash_name(c->algo),
			 c->computed);
		two(y, rows, UIC_WARN, a, UIC_DIM, b);
		return;
	case UI_SUM_MISMATCH:
	case UI_SUM_BAD_SIG:
		two(y, rows, UIC_DANGER, ui->sum_msg,
		    ui->sum_override ? UIC_WARN : UIC_DANGER,
		    ui->sum_override
			    ? "Overridden: Enter goes on with this image."
			    : "Enter is refused; press o to write it "
			      "anyway.");
		return;
	default:
		ui_wrap(y, 4, w, rows, UIC_WARN, ui->sum_msg);
		return;
	}
}

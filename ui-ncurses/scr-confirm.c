// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * scr-confirm.c - step 4: build the plan (nothing is written yet), show
 * it in words, and make the person type the target's name to go on.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wizard.h"

void ui_plan_release(struct ui *ui)
{
	stk_plan_free(ui->plan);
	ui->plan = NULL;
	free(ui->plan_text);
	ui->plan_text = NULL;
}

static void enter(struct ui *ui)
{
	struct stk_options opt;
	int rc;

	ui_field_set(&ui->confirm, "");
	ui->confirm_msg[0] = '\0';
	ui->eject_msg[0] = '\0';
	ui->ejected = false;
	ui_plan_release(ui);
	stk_options_init(&opt);
	opt.mode = ui->mode;
	opt.scheme = ui->scheme;
	opt.verify = ui->verify;
	opt.persistence_bytes = ui->persist_bytes;
	opt.unmount = ui->unmount;
	if (ui->target_kind == UI_TARGET_FILE)
		opt.target_bytes = ui->target_bytes;
	/* A chosen disk is checked as the device list saw it, not as a path
	 * (a vanished /dev node must never become a new regular file). */
	rc = 0;
	if (ui->n_marked > 1)
		rc = ui_marks_plan(ui, &opt, true);
	else if (ui->target_kind == UI_TARGET_DEVICE)
		rc = stk_device_check(
			ui->ctx, &ui->chosen, ui->image_path,
			STK_CHECK_DRY_RUN |
				(ui->unmount ? STK_CHECK_UNMOUNT : 0));
	if (!rc && ui->n_marked <= 1)
		rc = stk_plan_new(ui->ctx, ui->img, ui->target_path, &opt,
				  &ui->plan);
	ui->plan_failed = rc != 0;
	if (rc) {
		snprintf(ui->confirm_msg, sizeof(ui->confirm_msg),
			 "cannot write this: %s", stk_ctx_errmsg(ui->ctx));
		ui_log(ui, "plan for '%s': %s", ui->target_path,
		       ui->confirm_msg);
		ui->typing = false;
		return;
	}
	ui->plan_text = stk_plan_describe(ui->plan);
	ui->plan_scroll = 0;
	if (ui->plan_text)
		ui_log(ui, "plan:\n%s", ui->plan_text);
	ui->typing = true;
}

/* The warnings that reach the point of no return, in DANGER. */
static int warnings(const struct ui *ui, const char **w, int max)
{
	const struct stk_report *r = ui->report;
	enum stk_mode m = ui->plan ? stk_plan_mode(ui->plan) : ui->mode;
	int n = 0;

	if (ui->sum_override && n < max)
		w[n++] =
			"WARNING: the image is NOT genuine: it failed its checksum check, and you chose to write it anyway";
	if (ui->verdict_override && n < max)
		w[n++] =
			"WARNING: the verdict is unsupported: this stick will not boot; the image is only copied";
	else if (r && m == STK_MODE_RAW && r->kind == STK_KIND_ISO9660 &&
		 !r->hybrid && n < max)
		w[n++] =
			"WARNING: this ISO is not a disk image: a raw copy will not boot from a stick";
	return n;
}

/* The stick by make and serial, or the file's fate; "" for several. */
static void identity(const struct ui *ui, char *buf, size_t len)
{
	const struct stk_device *d = &ui->chosen;

	buf[0] = '\0';
	if (ui->n_marked > 1)
		return;
	if (ui->target_kind == UI_TARGET_FILE) {
		snprintf(buf, len, "%s",
			 access(ui->target_path, F_OK)
				 ? "CREATE: a new image file"
				 : "an existing file: overwritten");
		return;
	}
	snprintf(buf, len, "%s%s%s%s%s", d->vendor,
		 d->vendor[0] && d->model[0] ? " " : "", d->model,
		 d->serial[0] ? ", serial " : "", d->serial);
}

/* Rows draw_plan() uses above the plan text. */
static int header_rows(const struct ui *ui)
{
	const char *w[4];
	char id[3 * STK_DEV_STR_MAX + 32];

	int i, n, rows;

	identity(ui, id, sizeof(id));
	rows = 5 + (id[0] != '\0');
	n = warnings(ui, w, 4);
	for (i = 0; i < n; i++)
		rows += ui_wrap_rows(w[i], COLS - 8);
	return rows;
}

static int draw_plan(const struct ui *ui, int y, int max_y)
{
	char a[32], id[3 * STK_DEV_STR_MAX + 32];
	const char *warn[4];
	int i, n;

	if (ui->n_marked > 1)
		ui_printf(y++, 4, COLS - 8, UIC_DANGER,
			  "ERASE:  %d sticks, the smallest %s", ui->n_marked,
			  stk_size_format(ui->target_bytes, a, sizeof(a)));
	else
		ui_printf(y++, 4, COLS - 8, UIC_DANGER, "ERASE:  %s, %s",
			  ui->target_name,
			  ui->plan && stk_plan_target_bytes(ui->plan)
				  ? stk_size_format(
					    stk_plan_target_bytes(ui->plan), a,
					    sizeof(a))
			  : ui->target_bytes ? stk_size_format(ui->target_bytes,
							       a, sizeof(a))
					     : "the image's size");
	ui_printf(y++, 12, COLS - 16, UIC_NORMAL, "%s", ui->target_path);
	identity(ui, id, sizeof(id));
	if (id[0])
		ui_printf(y++, 12, COLS - 16, UIC_NORMAL, "%s", id);
	ui_printf(y++, 4, COLS - 8, UIC_NORMAL, "Write:  %s", ui->image_path);
	ui_printf(y++, 4, COLS - 8, UIC_NORMAL, "Mode:   %s%s",
		  stk_mode_name(ui->plan ? stk_plan_mode(ui->plan) : ui->mode),
		  ui->plan && ui->mode == STK_MODE_AUTO ? " (auto)" : "");
	ui_printf(y++, 4, COLS - 8, UIC_NORMAL, "Verify: %s",
		  ui->verify ? "read back and compare after writing" : "off");
	n = warnings(ui, warn, 4);
	for (i = 0; i < n; i++)
		y += ui_wrap(y, 4, COLS - 8, 3, UIC_DANGER, warn[i]);
	if (ui->plan_text) {
		/* a long plan scrolls (PgUp/PgDn): every line can be read
		 * before the name is typed */
		int w = COLS - 8, rows = max_y - y;
		int left = ui_wrap_rows(ui->plan_text, w) - ui->plan_scroll;
		const char *s = ui_wrap_skip(ui->plan_text, w, ui->plan_scroll);

		if (left > rows && rows > 1) {
			y += ui_wrap(y, 4, w, rows - 1, UIC_DIM, s);
			ui_printf(y++, 4, w, UIC_TITLE,
				  "... %d more lines: PgDn / PgUp to scroll",
				  left - (rows - 1));
		} else {
			y += ui_wrap(y, 4, w, rows, UIC_DIM, s);
		}
	}
	return y;
}

/* "Type 'sdb' to erase it and write, ...": two rows when narrow. */
static int prompt(const struct ui *ui, char *buf, size_t len)
{
	snprintf(buf, len,
		 "Type '%s' to erase it and write, or Esc to go back:",
		 ui->target_name);
	return ui_wrap_rows(buf, COLS - 8) > 1 ? 2 : 1;
}

/* The row the plan text ends above: the prompt and its field below. */
static int plan_end(const struct ui *ui)
{
	char buf[2 * PATH_MAX];

	/* the field on the row above the status line, the prompt above
	 * it, a blank row first when there is room */
	return LINES - 3 - prompt(ui, buf, sizeof(buf)) - (LINES >= 24);
}

static void draw(const struct ui *ui)
{
	char ask[2 * PATH_MAX];
	int y, rows, end = plan_end(ui);

	ui_frame(
		ui, "Confirm: this erases the target",
		ui->plan_failed
			? "Esc back  ? help  q quit"
			: "type the name, Enter  Esc back  PgDn plan  F1 help");
	if (ui->plan_failed) {
		y = draw_plan(ui, 4, 0) + 1;
		y += ui_wrap(y, 4, COLS - 8, 4, UIC_DANGER, ui->confirm_msg);
		ui_wrap(y + 1, 4, COLS - 8, 2, UIC_NORMAL,
			"Nothing was written. Esc goes back to change the target or options.");
		return;
	}
	y = draw_plan(ui, 4, end);
	y = y < end ? y + 1 : end;
	rows = prompt(ui, ask, sizeof(ask));
	ui_wrap(y, 4, COLS - 8, rows, UIC_NORMAL, ask);
	y += rows;
	/* a refusal takes the status line's place */
	if (ui->confirm_msg[0]) {
		mvhline(LINES - 2, 0, ' ', COLS);
		ui_text(LINES - 2, 1, COLS - 2, UIC_DANGER, ui->confirm_msg);
	}
	ui_field_draw(&ui->confirm, y, 4, COLS - 8 < 40 ? COLS - 8 : 40, true);
}

static int key(struct ui *ui, int ch)
{
	if (ch == UI_KEY_ESC ||
	    (ui->plan_failed && (ch == KEY_BACKSPACE || ch == 127 || ch == 8)))
		return UI_STEP_OPTIONS;
	if (ui->plan_failed)
		return UI_STAY;
	if (ch == KEY_NPAGE || ch == KEY_PPAGE) {
		/* draw_plan's rows for the text are those between its five
		 * header lines and plan_end(); while more follows, the last
		 * of them says so.  A page moves by the lines shown, so none
		 * is skipped, and the last page is a full one. */
		int rows = plan_end(ui) - 4 - header_rows(ui);
		int step = rows > 2 ? rows - 1 : 1;
		int max = ui->plan_text
				  ? ui_wrap_rows(ui->plan_text, COLS - 8) - rows
				  : 0;

		ui->plan_scroll += ch == KEY_NPAGE ? step : -step;
		if (ui->plan_scroll > max)
			ui->plan_scroll = max;
		if (ui->plan_scroll < 0)
			ui->plan_scroll = 0;
		return UI_STAY;
	}
	if (ch == '\n' || ch == KEY_ENTER) {
		if (strcmp(ui->confirm.buf, ui->target_name)) {
			snprintf(ui->confirm_msg, sizeof(ui->confirm_msg),
				 "'%s' is not '%s': nothing was written",
				 ui->confirm.buf, ui->target_name);
			ui_log(ui,
			       "confirmation refused: typed '%s', target '%s'",
			       ui->confirm.buf, ui->target_name);
			ui_field_set(&ui->confirm, "");
			return UI_STAY;
		}
		ui_log(ui, "confirmed: erase '%s'", ui->target_path);
		return UI_STEP_RUN;
	}
	ui_field_key(&ui->confirm, ch);
	return UI_STAY;
}

const struct screen scr_confirm = {
	.title = "Confirm",
	.help = "Read the plan: the target named in red is erased.\n"
		"\n"
		"To go on, type the target's name exactly as shown (for a stick its kernel name such as sdb, for an image file its file name) and press Enter. Anything else writes nothing.\n"
		"\n"
		"A plan longer than the screen scrolls with PgDn and PgUp.\n"
		"\n"
		"If the plan cannot be made (image too large, mode not possible, target mounted), the reason is shown and nothing is written.\n"
		"\n"
		"Esc goes back to the options.",
	.enter = enter,
	.draw = draw,
	.key = key,
};

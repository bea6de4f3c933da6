// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * scr-dup.c - the duplicator mode for stations: one typed confirmation,
 * then every stick inserted is written and verified, a row per stick
 * with its bar, speed and state, sticks coming and going at any time.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "dup.h"
#include "ui.h"

#define ROWS_Y 7

static void enter(struct ui *ui)
{
	if (!ui->dup)
		ui->dup = calloc(1, sizeof(*ui->dup));
	if (!ui->dup) {
		ui_status(ui, "out of memory");
		return;
	}
	memset(ui->dup, 0, sizeof(*ui->dup));
	ui_field_set(&ui->dup->phrase, "");
	ui->typing = true;
	if (!ui->watch && stk_devwatch_new(ui->ctx, &ui->watch))
		ui_log(ui, "no hotplug: %s", stk_ctx_errmsg(ui->ctx));
}

static void draw_setup(const struct ui *ui)
{
	const struct ui_dup *d = ui->dup;
	char size[32], text[1024];
	int y;

	ui_frame(ui, "Duplicator mode: write every stick that is inserted",
		 "Enter start  Tab capacity test on/off  Esc back  F1 help");
	ui_printf(3, 2, COLS - 4, UIC_NORMAL, "Image: %s (%s)", ui->image_path,
		  stk_size_format(ui->image_bytes, size, sizeof(size)));
	snprintf(
		text, sizeof(text),
		"Once started, EVERY USB stick or SD card inserted is erased and written with this image, then read back and verified, several at once. Sticks that hold files are written too, mounted or not: what they hold is lost (the log keeps each one's labels and sizes). Sticks plugged in now are left alone%s.",
		ui->n_marked ? ", except the ones marked" : "");
	/* the sentences wrap; a small terminal drops the blank rows */
	y = 5 + ui_wrap(5, 2, COLS - 4, 6, UIC_DANGER, text);
	y += LINES < 24 ? 0 : 1;
	y += ui_wrapf(
		y, 2, COLS - 4, 2, UIC_NORMAL,
		"[%s] Test each stick's real capacity first (a fake stick is not written)",
		d->test_first ? "x" : " ");
	y += ui_wrap(
		y, 2, COLS - 4, 2, UIC_DIM,
		"Esc ends the mode later; it asks first if sticks are still being written.");
	y += LINES < 24 ? 0 : 1;
	ui_printf(y, 2, COLS - 4, UIC_NORMAL, "Type %s to start:", DUP_PHRASE);
	ui_field_draw(&d->phrase, y + 1, 2, COLS - 4 < 40 ? COLS - 4 : 40,
		      true);
}

static const char *state_words(const struct dup_row *r, char *buf, size_t len)
{
	unsigned pct = r->total ? (unsigned)(r->done * 100 / r->total) : 0;

	switch (r->state) {
	case DUP_PRESENT:
		return "there before: not written";
	case DUP_REFUSED:
		snprintf(buf, len, "not written: %s", r->msg);
		return buf;
	case DUP_TESTING:
		snprintf(buf, len, "testing capacity %u%%", pct);
		return buf;
	case DUP_WRITING:
		snprintf(buf, len, "%s %u%%", r->phase[0] ? r->phase : "start",
			 pct);
		return buf;
	case DUP_DONE:
		return "done: remove it";
	case DUP_FAILED:
		snprintf(buf, len, "failed: %s", r->msg);
		return buf;
	case DUP_STOPPED:
		return "stopped: write it again";
	}
	return "";
}

static enum ui_colour state_colour(const struct dup_row *r)
{
	switch (r->state) {
	case DUP_DONE:
		return UIC_GOOD;
	case DUP_FAILED:
	case DUP_STOPPED:
		return UIC_DANGER;
	case DUP_PRESENT:
	case DUP_REFUSED:
		return UIC_DIM;
	default:
		return UIC_NORMAL;
	}
}

/* The column of a stick's state, and the width of its bar: a narrow
 * terminal has a shorter bar and no speed column. */
static int state_x(void)
{
	return COLS >= 80 ? 49 : 32;
}

static int bar_w(void)
{
	return COLS >= 80 ? 16 : 10;
}

static void draw_row(const struct ui *ui, const struct dup_row *r, int y)
{
	char size[32], words[600];

	ui_text(y, 2, 8, UIC_NORMAL, r->dev.name);
	ui_printf(y, 10, 10, UIC_NORMAL, "%9s",
		  stk_size_format(r->dev.size_bytes, size, sizeof(size)));
	if (r->state == DUP_TESTING || r->state == DUP_WRITING ||
	    r->state == DUP_DONE)
		ui_bar(ui, y, 21, bar_w(), r->state == DUP_DONE ? 1 : r->done,
		       r->state == DUP_DONE ? 1 : r->total);
	/* a narrow terminal leaves the speed out: the state is the news */
	if (r->pid > 0 && COLS >= 80)
		ui_printf(y, 38, 10, UIC_NORMAL, "%5.1f MB/s", r->bps / 1e6);
	ui_text(y, state_x(), COLS - state_x() - 1, state_colour(r),
		state_words(r, words, sizeof(words)));
}

static void draw_rows(const struct ui *ui)
{
	const struct ui_dup *d = ui->dup;
	int i, pass, shown = 0, y = ROWS_Y, last = LINES - 3 - DUP_EVENTS;

	ui_printf(3, 2, COLS - 4, UIC_NORMAL, "Image: %s", ui->image_path);
	ui_wrapf(
		4, 2, COLS - 4, 2, UIC_TITLE,
		"%u written, %u failed; %d at work   verify %s, capacity test %s",
		d->n_done, d->n_failed, dup_running(ui),
		ui->verify ? "on" : "off", d->test_first ? "on" : "off");
	ui_text(ROWS_Y - 1, 2, COLS - 4, UIC_DIM,
		COLS >= 80
			? "stick         size progress         speed      state"
			: "stick         size progress   state");
	/* the sticks that are the person's business first, those left alone
	 * from before last; what does not fit is counted */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < d->n; i++) {
			const struct dup_row *r = &d->row[i];

			if ((r->state == DUP_PRESENT) != (pass == 1))
				continue;
			if (y == last - 1 && shown < d->n - 1) {
				ui_printf(y++, 2, COLS - 4, UIC_DIM,
					  "... and %d more sticks",
					  d->n - shown);
				pass = 2;
				break;
			}
			draw_row(ui, r, y++);
			shown++;
		}
	if (!d->n)
		ui_text(y, 2, COLS - 4, UIC_DIM,
			"Insert a stick: it is written at once.");
	for (i = 0; i < DUP_EVENTS; i++)
		if (d->event[i][0])
			ui_text(LINES - 3 - DUP_EVENTS + i, 2, COLS - 4,
				i ? UIC_DIM : UIC_NORMAL, d->event[i]);
}

static void draw(const struct ui *ui)
{
	char text[256];

	if (!ui->dup) {
		ui_frame(ui, "Duplicator mode", "Esc back");
		return;
	}
	if (!ui->dup->armed) {
		draw_setup(ui);
		return;
	}
	ui_frame(ui, "Duplicator: insert sticks, each is erased and written",
		 "Esc end the mode  ? help");
	draw_rows(ui);
	if (ui->dup->ask_end) {
		snprintf(
			text, sizeof(text),
			"%d sticks are still being written.\n"
			"Stopped now, they will not boot: write them again.\n\n"
			"y = stop them and end   n = go on",
			dup_running(ui));
		ui_dialog(ui, " End the duplicator? ", text, UIC_DANGER);
	}
}

static int end_mode(struct ui *ui)
{
	struct ui_dup *d = ui->dup;

	dup_stop_all(ui);
	ui_log(ui, "duplicator mode ended: %u written, %u failed", d->n_done,
	       d->n_failed);
	d->armed = false;
	ui->typing = false;
	ui->n_marked = 0;
	timeout(250);
	return UI_STEP_DEVICE;
}

static int key_setup(struct ui *ui, int ch)
{
	struct ui_dup *d = ui->dup;

	switch (ch) {
	case UI_KEY_ESC:
		ui->typing = false;
		return UI_STEP_DEVICE;
	case '\t':
		d->test_first = !d->test_first;
		return UI_STAY;
	case '\n':
	case KEY_ENTER:
		if (strcmp(d->phrase.buf, DUP_PHRASE)) {
			ui_status(ui, "type %s exactly to start", DUP_PHRASE);
			return UI_STAY;
		}
		d->armed = true;
		ui->typing = false;
		ui_log(ui,
		       "duplicator mode started: '%s' typed; image '%s', verify %s, capacity test %s",
		       DUP_PHRASE, ui->image_path, ui->verify ? "on" : "off",
		       d->test_first ? "on" : "off");
		ui_status(ui, "%s", "");
		timeout(100);
		dup_scan(ui, true);
		return UI_STAY;
	}
	ui_field_key(&d->phrase, ch);
	return UI_STAY;
}

static int key(struct ui *ui, int ch)
{
	struct ui_dup *d = ui->dup;

	if (!d)
		return UI_STEP_DEVICE;
	if (!d->armed)
		return key_setup(ui, ch);
	if (d->ask_end) {
		d->ask_end = false;
		if (ch == 'y' || ch == 'Y')
			return end_mode(ui);
		return UI_STAY;
	}
	if (ch == UI_KEY_ESC) {
		if (!dup_running(ui))
			return end_mode(ui);
		d->ask_end = true;
	}
	return UI_STAY;
}

static int tick(struct ui *ui)
{
	bool changed;

	if (!ui->dup || !ui->dup->armed)
		return UI_STAY;
	dup_poll(ui);
	changed = ui->watch && stk_devwatch_wait(ui->watch, 0) == 1;
	dup_scan(ui, changed);
	return UI_STAY;
}

int ui_dup_getch(struct ui *ui)
{
	/* the bars move ten times a second; a stick is seen at once */
	if (!ui->dup || !ui->dup->armed)
		return getch();
	return ui_watch_getch(ui, 100);
}

void ui_dup_release(struct ui *ui)
{
	struct ui_dup *d = ui->dup;
	bool running[DUP_MAX_ROWS];
	int i;

	if (!d)
		return;
	for (i = 0; i < d->n; i++)
		running[i] = d->row[i].pid > 0;
	dup_stop_all(ui);
	/* after endwin(): the screen that showed the rows is gone */
	for (i = 0; i < d->n; i++)
		if (running[i] && d->row[i].state == DUP_STOPPED)
			ui_error(
				"duplicator: '%s' (serial '%s') stopped while being written: it will not boot, write it again",
				d->row[i].dev.path, d->row[i].dev.serial);
	free(d);
	ui->dup = NULL;
}

const struct screen scr_dup = {
	.title = "Duplicator",
	.help = "Writes the chosen image to every stick inserted, several at once.\n"
		"\n"
		"It starts when you type the words shown. From then on each USB stick or SD card plugged in is erased, written and verified without another question, files on it or not; the log keeps what each held and its serial, vendor, model, size, result and time. Sticks in before the start are left alone unless marked with space.\n"
		"\n"
		"Tab on the first page: a quick capacity test before each write; a fake stick is not written.\n"
		"\n"
		"Esc ends the mode; with writes running it asks, and y stops them (those sticks will not boot).",
	.enter = enter,
	.draw = draw,
	.key = key,
	.tick = tick,
};

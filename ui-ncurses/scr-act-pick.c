// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * scr-act-pick.c - choosing what another action works on: the sticks and
 * disks (refreshed as they come and go; the ones an erasing action may
 * not use say why), or a typed path (a disc drive, a disk, a file).
 */
#include <curses.h>
#include <errno.h>
#include <libgen.h>
#include <string.h>
#include <sys/stat.h>

#include "act.h"

#define LIST_Y 6

bool act_destroys(const struct ui_act *a)
{
	return a->kind == ACT_RESTORE || a->kind == ACT_TEST;
}

static size_t n_devs(const struct ui_act *a)
{
	return a->devs ? stk_devlist_count(a->devs) : 0;
}

void act_pick_reload(struct ui *ui)
{
	struct ui_act *a = ui->act;

	stk_devlist_free(a->devs);
	a->devs = NULL;
	if (stk_devlist_new(ui->ctx, NULL, a->show_all ? STK_DEVLIST_ALL : 0,
			    &a->devs))
		ui_status(ui, "cannot list the disks: %s",
			  stk_ctx_errmsg(ui->ctx));
	if (a->sel > (int)n_devs(a))
		a->sel = (int)n_devs(a);
}

/* "NAME" of "DIR/NAME.EXT", into @buf. */
static int picked(struct ui *ui)
{
	struct ui_act *a = ui->act;
	char copy[PATH_MAX];

	snprintf(copy, sizeof(copy), "%s", a->target);
	snprintf(a->target_name, sizeof(a->target_name), "%s",
		 a->is_dev ? a->dev.name : basename(copy));
	ui_log(ui, "%s: %s%s%s%s", act_title(a), a->target,
	       a->is_dev ? " (serial '" : "", a->is_dev ? a->dev.serial : "",
	       a->is_dev ? "')" : "");
	if (a->kind == ACT_TEST) {
		act_to_confirm(ui);
		return UI_STAY;
	}
	act_to_form(ui);
	return UI_STAY;
}

static int pick_device(struct ui *ui, const struct stk_device *d)
{
	struct ui_act *a = ui->act;

	if (act_destroys(a) && (!d->offered || d->read_only)) {
		ui_status(ui, "%s cannot be used: %s", d->name,
			  d->read_only	 ? "write-protected"
			  : d->reason[0] ? d->reason
					 : "not offered");
		return UI_STAY;
	}
	a->dev = *d;
	a->is_dev = true;
	snprintf(a->target, sizeof(a->target), "%s", d->path);
	return picked(ui);
}

static int pick_path(struct ui *ui)
{
	struct ui_act *a = ui->act;
	struct stat st;

	if (stat(a->path.buf, &st) < 0) {
		ui_status_errno(ui, "cannot use '%s'", a->path.buf);
		return UI_STAY;
	}
	if (act_destroys(a) && !S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
		ui_status(ui, "'%s' is neither a file nor a disk", a->path.buf);
		return UI_STAY;
	}
	a->is_dev = false;
	snprintf(a->target, sizeof(a->target), "%s", a->path.buf);
	a->typing_path = false;
	return picked(ui);
}

static void draw_dev(const struct ui_act *a, int y, const struct stk_device *d,
		     bool sel)
{
	char size[32], line[512];
	enum ui_colour c = sel ? UIC_SELECTED : UIC_NORMAL;
	const char *note = "";

	if (act_destroys(a) && d->read_only)
		note = "write-protected";
	else if (act_destroys(a) && !d->offered)
		note = d->reason;
	else if (act_destroys(a) && d->needs_unmount)
		note = "mounted: unmounted first";
	if (note[0] && !sel)
		c = UIC_DIM;
	if (sel) {
		attrset(ui_attr(UIC_SELECTED));
		mvhline(y, 2, ' ', COLS - 4);
	}
	snprintf(line, sizeof(line), "%-8s %10s %-5s %s %s", d->name,
		 stk_size_format(d->size_bytes, size, sizeof(size)),
		 stk_transport_name(d->transport), d->vendor, d->model);
	ui_text(y, 3, 48, c, line);
	ui_text(y, 52, COLS - 54, sel ? c : UIC_WARN, note);
	attrset(A_NORMAL);
}

void act_pick_draw(const struct ui *ui)
{
	const struct ui_act *a = ui->act;
	int i, n = (int)n_devs(a), y = LIST_Y;

	ui_frame(ui, act_title(a),
		 a->typing_path ? "Enter use this path  Esc cancel"
		 : a->kind == ACT_TEST
			 ? "Enter choose  f quick/full  a every disk  Esc back"
			 : "Enter choose  a every disk  Esc back  ? help");
	ui_text(3, 2, COLS - 4, act_destroys(a) ? UIC_DANGER : UIC_DIM,
		act_destroys(a)
			? "Everything on the chosen stick will be erased."
			: "Reading changes nothing on the source.");
	ui_text(4, 2, COLS - 4, UIC_DIM,
		a->show_all ? "Every disk." : "USB sticks and SD cards.");
	for (i = 0; i < n && y < LINES - 6; i++)
		draw_dev(a, y++, stk_devlist_get(a->devs, (size_t)i),
			 a->sel == i);
	if (a->sel == n) {
		attrset(ui_attr(UIC_SELECTED));
		mvhline(y, 2, ' ', COLS - 4);
	}
	ui_text(y, 3, COLS - 6, a->sel == n ? UIC_SELECTED : UIC_NORMAL,
		a->kind == ACT_READ
			? "Other path...  (a disc drive such as /dev/sr0, a disk or a file)"
			: "Other path...  (a file, or a disk by its path)");
	attrset(A_NORMAL);
	if (a->typing_path) {
		ui_text(LINES - 4, 2, 6, UIC_NORMAL, "Path:");
		ui_field_draw(&a->path, LINES - 4, 8, COLS - 10, true);
	}
}

int act_pick_key(struct ui *ui, int ch)
{
	struct ui_act *a = ui->act;
	int top = 0, n = (int)n_devs(a);

	if (a->typing_path) {
		if (ch == UI_KEY_ESC) {
			a->typing_path = false;
			ui->typing = false;
		} else if (ch == '\n' || ch == KEY_ENTER) {
			ui->typing = false;
			return pick_path(ui);
		} else {
			ui_field_key(&a->path, ch);
		}
		return UI_STAY;
	}
	switch (ch) {
	case UI_KEY_ESC:
	case KEY_BACKSPACE:
	case KEY_LEFT:
	case 127:
	case 8:
		return act_back(ui);
	case 'a':
		a->show_all = !a->show_all;
		act_pick_reload(ui);
		return UI_STAY;
	case 'f':
		if (a->kind == ACT_TEST)
			a->full = !a->full;
		return UI_STAY;
	case '\n':
	case KEY_ENTER:
	case KEY_RIGHT:
		if (a->sel < n)
			return pick_device(
				ui, stk_devlist_get(a->devs, (size_t)a->sel));
		a->typing_path = true;
		ui->typing = true;
		ui_field_set(&a->path, "");
		return UI_STAY;
	}
	ui_menu_move(&a->sel, &top, n + 1, n + 1, ch);
	return UI_STAY;
}

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * scr-act.c - the first screen's other actions: choose the stick, disc or
 * file they work on, the folder or file they make, the typed name for
 * those that destroy, and their result.
 */
#include <curses.h>
#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "act.h"

const char *act_title(const struct ui_act *a)
{
	switch (a->kind) {
	case ACT_LS:
		return "Look inside an image";
	case ACT_EXTRACT:
		return "Extract an image to a folder";
	case ACT_READ:
		return "Make an image from a stick or disc";
	case ACT_RESTORE:
		return "Restore a stick to a plain data stick";
	case ACT_TEST:
		return a->full ? "Test a stick: every block (full)"
			       : "Test a stick: its real capacity (quick)";
	}
	return "";
}

void act_result(struct ui_act *a, const char *fmt, ...)
{
	va_list ap;

	if (a->n_lines == ACT_RESULT_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(a->line[a->n_lines++], sizeof(a->line[0]), fmt, ap);
	va_end(ap);
}

static void stem(const char *path, char *buf, size_t len)
{
	char copy[PATH_MAX], *b, *dot;

	snprintf(copy, sizeof(copy), "%s", path);
	b = basename(copy);
	dot = strrchr(b, '.');
	if (dot && dot != b)
		*dot = '\0';
	snprintf(buf, len, "%s", b);
}

void act_to_form(struct ui *ui)
{
	struct ui_act *a = ui->act;
	char name[NAME_MAX + 1], def[2 * PATH_MAX];

	a->stage = ACT_FORM;
	ui->typing = true;
	switch (a->kind) {
	case ACT_EXTRACT:
		stem(a->image, name, sizeof(name));
		snprintf(def, sizeof(def), "%s/%s", ui->start_dir, name);
		break;
	case ACT_READ:
		stem(a->target, name, sizeof(name));
		snprintf(def, sizeof(def), "%s/%s.img", ui->start_dir, name);
		break;
	default:
		snprintf(def, sizeof(def), "USB");
		break;
	}
	ui_field_set(&a->dest, def);
}

void act_to_confirm(struct ui *ui)
{
	ui->act->stage = ACT_CONFIRM;
	ui_field_set(&ui->act->confirm, "");
	ui->typing = true;
}

/* After the pick: the form, the confirmation or the run. */
static void enter(struct ui *ui)
{
	struct ui_act *a = ui->act;

	if (!a)
		return;
	if (!a->fresh) {
		/* back from a run that could not start: the form again,
		 * and a name typed there may hold q or ? */
		ui->typing = a->stage == ACT_FORM || a->stage == ACT_CONFIRM;
		return;
	}
	a->fresh = false;
	switch (a->kind) {
	case ACT_LS:
		act_inside_open(ui);
		break;
	case ACT_EXTRACT:
		act_to_form(ui);
		break;
	default:
		a->stage = ACT_PICK;
		ui->typing = false;
		act_pick_reload(ui);
		break;
	}
}

int ui_act_start(struct ui *ui, enum act_kind kind, const char *image)
{
	struct ui_act *a;

	ui_act_release(ui);
	a = calloc(1, sizeof(*a));
	if (!a) {
		ui_status(ui, "out of memory");
		return UI_STAY;
	}
	ui->act = a;
	a->kind = kind;
	a->fresh = true;
	if (image)
		snprintf(a->image, sizeof(a->image), "%s", image);
	/* from the inside view, the screen is already up */
	if (ui->step == UI_STEP_ACT)
		enter(ui);
	return UI_STEP_ACT;
}

int ui_act_key(struct ui *ui, int ch, const char *image)
{
	switch (ch) {
	case 'l':
	case 'x':
		if (!image) {
			ui_status(
				ui,
				"move to an image file first: %c works on the image under the cursor",
				ch);
			return UI_STAY;
		}
		return ui_act_start(ui, ch == 'l' ? ACT_LS : ACT_EXTRACT,
				    image);
	case 'm':
		return ui_act_start(ui, ACT_READ, NULL);
	case 'r':
		return ui_act_start(ui, ACT_RESTORE, NULL);
	case 't':
		return ui_act_start(ui, ACT_TEST, NULL);
	}
	return UI_STAY;
}

static void draw_form(const struct ui *ui)
{
	const struct ui_act *a = ui->act;
	const char *what = a->kind == ACT_EXTRACT ? "Folder:"
			   : a->kind == ACT_READ  ? "Image file:"
						  : "Label:";

	ui_frame(ui, act_title(a),
		 a->kind == ACT_RESTORE
			 ? "Enter go on  Tab FAT32/exFAT  Esc back  F1 help"
			 : "Enter start  Esc back  F1 help");
	ui_printf(3, 2, COLS - 4, UIC_NORMAL, "%s: %s",
		  a->kind == ACT_EXTRACT ? "Image" : "From",
		  a->kind == ACT_EXTRACT ? a->image : a->target);
	switch (a->kind) {
	case ACT_EXTRACT:
		ui_wrap(5, 2, COLS - 4, 3, UIC_DIM,
			"The whole tree is copied into this folder (made if missing; it must be empty): names, symlinks as symlinks, times. Nothing is written outside it.");
		break;
	case ACT_READ:
		ui_wrap(5, 2, COLS - 4, 3, UIC_DIM,
			"The image ends where the source's image ends (the ISO volume or the last partition). A name ending in .zst, .xz or .gz is compressed while read; .bmap beside it is written as bmaptool does. Both are read again and compared.");
		break;
	default:
		ui_printf(5, 2, COLS - 4, UIC_NORMAL,
			  "File system: %s (Tab changes it)",
			  a->exfat ? "exFAT" : "FAT32");
		ui_wrap(6, 2, COLS - 4, 3, UIC_DIM,
			"One partition over the whole stick, every old signature gone, the new file system read back.");
		break;
	}
	/* why the last try did not start: an output in the way */
	if (a->n_lines)
		ui_wrap(12, 2, COLS - 4, 2, UIC_WARN, a->line[0]);
	ui_text(10, 2, 14, UIC_NORMAL, what);
	ui_field_draw(&a->dest, 10, 16, COLS - 18, true);
}

static void draw_confirm(const struct ui *ui)
{
	const struct ui_act *a = ui->act;
	char size[32], text[PATH_MAX + 1024];

	ui_frame(ui, act_title(a), "Enter go on  Esc back  F1 help");
	if (a->is_dev)
		snprintf(text, sizeof(text), "%s: %s %s, %s, serial '%s'",
			 a->dev.path, a->dev.vendor, a->dev.model,
			 stk_size_format(a->dev.size_bytes, size, sizeof(size)),
			 a->dev.serial);
	else
		snprintf(text, sizeof(text), "%s", a->target);
	ui_text(4, 2, COLS - 4, UIC_NORMAL, text);
	if (a->kind == ACT_RESTORE)
		snprintf(
			text, sizeof(text),
			"ERASE: everything on it is replaced by an empty %s file system labelled '%s'.",
			a->exfat ? "exFAT" : "FAT32", a->dest.buf);
	else if (a->full)
		snprintf(
			text, sizeof(text),
			"ERASE: every block is written with a pattern and read back; what it holds is lost. This takes as long as writing the whole stick twice.");
	else
		snprintf(
			text, sizeof(text),
			"ERASE: test blocks are written across the whole stick and read back to find its real capacity; what it holds is lost.");
	ui_wrap(6, 2, COLS - 4, 3, UIC_DANGER, text);
	if (a->is_dev && a->dev.needs_unmount)
		ui_text(9, 2, COLS - 4, UIC_WARN,
			"Its mounted partitions are unmounted first.");
	ui_printf(11, 2, COLS - 4, UIC_NORMAL,
		  "Type '%s' to go on:", a->target_name);
	ui_field_draw(&a->confirm, 12, 2, 40, true);
}

static void draw_result(const struct ui *ui)
{
	const struct ui_act *a = ui->act;
	int i, y = 4;

	ui_frame(ui, act_title(a), "Enter or Esc back to the first screen");
	ui_text(3, 2, COLS - 4, a->rc ? UIC_DANGER : UIC_GOOD,
		a->rc ? "Failed" : "Done");
	for (i = 0; i < a->n_lines && y < LINES - 4; i++)
		y += ui_wrap(y + 1, 4, COLS - 8, 3,
			     i == 0 && a->rc ? UIC_WARN : UIC_NORMAL,
			     a->line[i]);
	ui_printf(LINES - 3, 2, COLS - 4, UIC_DIM, "Log: %s", ui->log_path);
}

static void draw(const struct ui *ui)
{
	const struct ui_act *a = ui->act;

	if (!a) {
		ui_frame(ui, "Actions", "Esc back");
		return;
	}
	switch (a->stage) {
	case ACT_PICK:
		act_pick_draw(ui);
		break;
	case ACT_FORM:
		draw_form(ui);
		break;
	case ACT_CONFIRM:
		draw_confirm(ui);
		break;
	case ACT_RESULT:
		draw_result(ui);
		break;
	case ACT_INSIDE:
		act_inside_draw(ui);
		break;
	}
}

int act_back(struct ui *ui)
{
	ui->typing = false;
	ui->report_view = false; /* the first screen: the browser */
	ui_act_release(ui);
	return UI_STEP_IMAGE;
}

static int key_form(struct ui *ui, int ch)
{
	struct ui_act *a = ui->act;

	switch (ch) {
	case UI_KEY_ESC:
		ui->typing = false;
		if (a->kind == ACT_EXTRACT)
			return act_back(ui);
		a->stage = ACT_PICK;
		return UI_STAY;
	case '\t':
		if (a->kind == ACT_RESTORE)
			a->exfat = !a->exfat;
		return UI_STAY;
	case '\n':
	case KEY_ENTER:
		if (!a->dest.len) {
			ui_status(ui, "%s",
				  a->kind == ACT_RESTORE
					  ? "give the stick a label"
					  : "give a path");
			return UI_STAY;
		}
		if (a->kind == ACT_RESTORE) {
			act_to_confirm(ui);
			return UI_STAY;
		}
		ui->typing = false;
		return UI_STEP_ACT_RUN;
	}
	ui_field_key(&a->dest, ch);
	return UI_STAY;
}

static int key_confirm(struct ui *ui, int ch)
{
	struct ui_act *a = ui->act;

	switch (ch) {
	case UI_KEY_ESC:
		ui->typing = false;
		a->stage = ACT_PICK;
		return UI_STAY;
	case '\n':
	case KEY_ENTER:
		if (strcmp(a->confirm.buf, a->target_name)) {
			ui_status(ui, "type '%s' exactly to go on",
				  a->target_name);
			return UI_STAY;
		}
		ui->typing = false;
		return UI_STEP_ACT_RUN;
	}
	ui_field_key(&a->confirm, ch);
	return UI_STAY;
}

static int key(struct ui *ui, int ch)
{
	struct ui_act *a = ui->act;

	if (!a)
		return UI_STEP_IMAGE;
	switch (a->stage) {
	case ACT_PICK:
		return act_pick_key(ui, ch);
	case ACT_FORM:
		return key_form(ui, ch);
	case ACT_CONFIRM:
		return key_confirm(ui, ch);
	case ACT_INSIDE:
		return act_inside_key(ui, ch);
	case ACT_RESULT:
		if (ch == '\n' || ch == KEY_ENTER || ch == UI_KEY_ESC)
			return act_back(ui);
		break;
	}
	return UI_STAY;
}

static int tick(struct ui *ui)
{
	struct ui_act *a = ui->act;

	if (a && a->stage == ACT_PICK && !a->typing_path && ui->watch &&
	    stk_devwatch_wait(ui->watch, 0) == 1)
		act_pick_reload(ui);
	return UI_STAY;
}

const struct screen scr_act = {
	.title = "Actions",
	.help = "l looks inside the image under the cursor without mounting it (Enter opens a folder, Backspace goes up); x extracts its whole tree into a folder.\n"
		"\n"
		"m makes an image from a stick, a disc (/dev/sr0) or a disk, which it only reads: it ends where the source's image ends, .zst, .xz or .gz compress it, and a .bmap goes beside it.\n"
		"\n"
		"r restores a written stick to a plain data stick (one FAT32 or exFAT partition). t tests a stick: the quick test finds the real capacity of a fake stick, the full one (f) checks every block and its speed. Both erase the stick and ask for its name first.",
	.enter = enter,
	.draw = draw,
	.key = key,
	.tick = tick,
};

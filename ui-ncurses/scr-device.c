// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * scr-device.c - step 2: choose the target, a USB stick from the device
 * list or an image file of a chosen size.
 */
#include <curses.h>
#include <errno.h>
#include <libgen.h>
#include <string.h>
#include <sys/stat.h>

#include "wizard.h"

/* Rows of the list: the sticks (none until issue 5 lands), then the file. */
static int n_rows(const struct ui *ui)
{
	return 1;
}

static void enter(struct ui *ui)
{
	char def[PATH_MAX + 16];

	ui->file_form = false;
	ui->dev_sel = 0;
	snprintf(ui->device_msg, sizeof(ui->device_msg),
		 "The device list (issue 5) is not built yet: USB sticks "
		 "cannot be listed; an image file can be written.");
	if (!ui->file_path.len) {
		snprintf(def, sizeof(def), "%s/stickler.img", ui->start_dir);
		ui_field_set(&ui->file_path, def);
	}
	if (!ui->file_size.len)
		ui_field_set(&ui->file_size, "");
}

static void draw_form(const struct ui *ui)
{
	char size[32];

	ui_box(ui, 9, 4, 9, COLS - 8);
	ui_text(9, 6, COLS - 12, UIC_TITLE, " Image file ");
	ui_text(11, 6, 8, UIC_NORMAL, "File:");
	ui_field_draw(&ui->file_path, 11, 14, COLS - 20, false);
	ui_text(13, 6, 8, UIC_NORMAL, "Size:");
	ui_field_draw(&ui->file_size, 13, 14, 20, false);
	ui_printf(13, 36, COLS - 42, UIC_DIM, "empty = image size (%s)",
		  ui_size(ui->image_bytes, size, sizeof(size)));
	ui_text(15, 6, COLS - 12, UIC_DIM,
		"Tab switches fields, Enter accepts, Esc cancels.");
	/* The cursor goes last, into the active field. */
	if (ui->form_field == 0)
		ui_field_draw(&ui->file_path, 11, 14, COLS - 20, true);
	else
		ui_field_draw(&ui->file_size, 13, 14, 20, true);
}

static void draw(const struct ui *ui)
{
	int y = 5;

	ui_frame(ui, "Choose the target (everything on it will be erased)",
		 ui->file_form ? "Tab next field  Enter accept  Esc cancel"
			       : "Enter choose  Esc back  ? help  q quit");
	ui_wrap(3, 2, COLS - 4, 2, UIC_WARN, ui->device_msg);
	if (ui->dev_sel == 0) {
		attrset(ui_attr(UIC_SELECTED));
		mvhline(y, 2, ' ', COLS - 4);
	}
	ui_text(y, 3, COLS - 6, ui->dev_sel == 0 ? UIC_SELECTED : UIC_NORMAL,
		ui->utf8 ? "Image file\u2026  (write to a regular file)"
			 : "Image file...  (write to a regular file)");
	attrset(A_NORMAL);
	if (ui->file_form)
		draw_form(ui);
}

/* Checks the form and makes it the target; false with a status if bad. */
static bool accept_file(struct ui *ui)
{
	char a[32], b[32], tmp[PATH_MAX];
	uint64_t bytes = ui->image_bytes;
	struct stat st;

	if (!ui->file_path.len) {
		ui_status(ui, "give the file to write");
		return false;
	}
	if (ui->file_size.len && ui_parse_size(ui->file_size.buf, &bytes)) {
		ui_status(ui, "'%s' is not a size (e.g. 64M, 2G)",
			  ui->file_size.buf);
		return false;
	}
	if (bytes < ui->image_bytes) {
		ui_status(ui,
			  "too small: the image needs %s, the file would "
			  "be %s",
			  ui_size(ui->image_bytes, a, sizeof(a)),
			  ui_size(bytes, b, sizeof(b)));
		return false;
	}
	if (!stat(ui->file_path.buf, &st) && !S_ISREG(st.st_mode)) {
		ui_status(ui, "'%s' is not a regular file", ui->file_path.buf);
		return false;
	}
	snprintf(ui->target_path, sizeof(ui->target_path), "%s",
		 ui->file_path.buf);
	snprintf(tmp, sizeof(tmp), "%s", ui->file_path.buf);
	snprintf(ui->target_name, sizeof(ui->target_name), "%s", basename(tmp));
	ui->target_bytes = bytes;
	ui->target_kind = UI_TARGET_FILE;
	ui_log(ui, "target: image file '%s' of %llu bytes", ui->target_path,
	       (unsigned long long)bytes);
	return true;
}

static int key_form(struct ui *ui, int ch)
{
	struct ui_field *f = ui->form_field ? &ui->file_size : &ui->file_path;

	switch (ch) {
	case UI_KEY_ESC:
		ui->file_form = false;
		ui->typing = false;
		return UI_STAY;
	case '\t':
	case KEY_DOWN:
	case KEY_UP:
	case KEY_BTAB:
		ui->form_field = !ui->form_field;
		return UI_STAY;
	case '\n':
	case KEY_ENTER:
		if (!accept_file(ui))
			return UI_STAY;
		ui->file_form = false;
		ui->typing = false;
		return UI_STEP_OPTIONS;
	}
	ui_field_key(f, ch);
	return UI_STAY;
}

static int key(struct ui *ui, int ch)
{
	int top = 0;

	if (ui->file_form)
		return key_form(ui, ch);
	switch (ch) {
	case UI_KEY_ESC:
	case KEY_BACKSPACE:
	case KEY_LEFT:
	case 127:
	case 8:
		return UI_STEP_IMAGE;
	case '\n':
	case KEY_ENTER:
	case KEY_RIGHT:
		ui->file_form = true;
		ui->typing = true;
		ui->form_field = 0;
		return UI_STAY;
	}
	ui_menu_move(&ui->dev_sel, &top, n_rows(ui), LINES - 10, ch);
	return UI_STAY;
}

const struct screen scr_device = {
	.title = "Target",
	.help = "Choose where the image goes. Everything on the target is "
		"erased.\n"
		"\n"
		"USB sticks and SD cards are listed as they come and go; disks "
		"holding the running system are never offered.\n"
		"\n"
		"'Image file...' writes to a regular file instead (to build a "
		"stick image, or to try stickler without a stick). Give the "
		"file and its size (64M, 2G; empty means the image's size). "
		"A target smaller than the image cannot be chosen.\n"
		"\n"
		"Esc goes back to the image.",
	.enter = enter,
	.draw = draw,
	.key = key,
};

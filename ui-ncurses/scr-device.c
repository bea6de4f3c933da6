// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * scr-device.c - step 2: choose the target, a USB stick or SD card from
 * the device list (refreshed as sticks come and go), or an image file of
 * a chosen size.
 */
#include <curses.h>
#include <errno.h>
#include <libgen.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wizard.h"

#define LIST_Y 5
#define NOTE_W 28 /* columns kept for the note after each disk */

static size_t n_devs(const struct ui *ui)
{
	return ui->devs ? stk_devlist_count(ui->devs) : 0;
}

/* Rows of the list: the disks, then "Image file...". */
static int n_rows(const struct ui *ui)
{
	return (int)n_devs(ui) + 1;
}

static void reload(struct ui *ui)
{
	struct stk_devlist *list = NULL;
	int rc;

	rc = stk_devlist_new(ui->ctx, ui->image_path,
			     ui->show_all ? STK_DEVLIST_ALL : 0, &list);
	stk_devlist_free(ui->devs);
	ui->devs = list;
	ui->device_msg[0] = '\0';
	if (rc)
		snprintf(ui->device_msg, sizeof(ui->device_msg),
			 "cannot list the disks: %s", stk_ctx_errmsg(ui->ctx));
	else if (!n_devs(ui))
		snprintf(
			ui->device_msg, sizeof(ui->device_msg),
			"No USB stick or SD card found: plug one in (the list follows), or press a to see every disk.");
	if (ui->dev_sel >= n_rows(ui))
		ui->dev_sel = n_rows(ui) - 1;
}

void ui_devices_release(struct ui *ui)
{
	stk_devlist_free(ui->devs);
	ui->devs = NULL;
	stk_devwatch_free(ui->watch);
	ui->watch = NULL;
}

/*
 * Where a new image file goes by default: the folder stickler was
 * started in, as a person expects, unless that is stickler's own source
 * tree (as after `make run`), where a multi-GiB file would land among
 * the sources and in `git status`: then the home folder.
 */
static const char *default_dir(const struct ui *ui)
{
	char a[PATH_MAX + 32], b[PATH_MAX + 32];
	const char *home = getenv("HOME");

	snprintf(a, sizeof(a), "%s/core/stickler.h", ui->start_dir);
	snprintf(b, sizeof(b), "%s/ui-ncurses/wizard.h", ui->start_dir);
	if (access(a, F_OK) || access(b, F_OK))
		return ui->start_dir;
	return home && *home ? home : "/tmp";
}

static void enter(struct ui *ui)
{
	char def[PATH_MAX + 16];

	ui->file_form = false;
	ui->ask_unmount = false;
	ui->n_marked = 0;
	if (!ui->watch && stk_devwatch_new(ui->ctx, &ui->watch))
		ui_log(ui, "no hotplug: %s", stk_ctx_errmsg(ui->ctx));
	reload(ui);
	if (!ui->file_path.len) {
		snprintf(def, sizeof(def), "%s/stickler.img", default_dir(ui));
		ui_field_set(&ui->file_path, def);
	}
}

static bool watching(const struct ui *ui)
{
	return ui->watch && !ui->file_form && !ui->ask_unmount;
}

/* Sticks come and go while the screen is up. */
static int tick(struct ui *ui)
{
	if (watching(ui) && stk_devwatch_wait(ui->watch, 0) == 1) {
		reload(ui);
		ui_marks_prune(ui);
	}
	return UI_STAY;
}

int ui_watch_getch(struct ui *ui, int wait_ms)
{
	struct pollfd p[2] = {
		{.fd = STDIN_FILENO, .events = POLLIN},
		{.fd = stk_devwatch_fd(ui->watch), .events = POLLIN},
	};
	int ch;

	if (p[1].fd < 0)
		return getch();
	/* poll() sees only the kernel's buffer, not a key ncurses has
	 * read ahead already: ask ncurses first, wait only if it has none */
	timeout(0);
	ch = getch();
	if (ch == ERR) {
		poll(p, 2, wait_ms);
		ch = getch();
	}
	timeout(wait_ms);
	return ch;
}

int ui_device_getch(struct ui *ui)
{
	return watching(ui) ? ui_watch_getch(ui, UI_TICK_MS) : getch();
}

const char *ui_device_refusal(const struct ui *ui, const struct stk_device *d,
			      char *buf, size_t len)
{
	char a[32];

	if (!d->offered)
		return d->reason[0] ? d->reason : "not offered";
	if (d->read_only)
		return "write-protected";
	if (d->size_bytes < ui->image_bytes) {
		snprintf(buf, len, "too small: the image needs %s",
			 stk_size_format(ui->image_bytes, a, sizeof(a)));
		return buf;
	}
	return NULL;
}

static void draw_dev(const struct ui *ui, int y, const struct stk_device *d,
		     bool sel)
{
	char size[32], why[128], line[512];
	const char *no = ui_device_refusal(ui, d, why, sizeof(why));
	enum ui_colour c = sel ? UIC_SELECTED : no ? UIC_DIM : UIC_NORMAL;

	const char *note = NULL;
	int x = COLS - 2 - NOTE_W;

	/* a narrow terminal names the stick's maker before its bus */
	if (COLS >= 80)
		snprintf(line, sizeof(line), "%-8s %10s %-5s %s %s", d->name,
			 stk_size_format(d->size_bytes, size, sizeof(size)),
			 stk_transport_name(d->transport), d->vendor, d->model);
	else
		snprintf(line, sizeof(line), "%-8s %9s %s %s", d->name,
			 stk_size_format(d->size_bytes, size, sizeof(size)),
			 d->vendor, d->model);
	if (no)
		note = no;
	else if (d->slow_link)
		note = d->speed_mbps <= 12 ? "slow: USB 2 on USB 1.1 port"
					   : "slow: USB 3 on a USB 2 port";
	else if (d->needs_unmount)
		note = "mounted: asks to unmount";
	/* a longer note moves left into the disk's names, whole; in a
	 * narrow terminal every note ends at the right edge */
	if (note && ((int)strlen(note) > NOTE_W || COLS < 80))
		x = COLS - 2 - (int)strlen(note);
	if (x < COLS / 3)
		x = COLS / 3;
	if (sel) {
		attrset(ui_attr(UIC_SELECTED));
		mvhline(y, 2, ' ', COLS - 4);
	}
	ui_text(y, 3, x - 4, c, line);
	if (ui_marks_has(ui, d->path))
		ui_text(y, 2, 1, sel ? c : UIC_TITLE, "*");
	if (note)
		ui_text(y, x, COLS - x - 2, sel ? c : UIC_WARN, note);
	attrset(A_NORMAL);
}

/* "sdb1 on /media/a, sdb2 on /media/b" */
static const char *mounts(const struct stk_device *d, char *buf, size_t len)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	if (d->mountpoint[0])
		snprintf(buf, len, "%s on %.100s", d->name, d->mountpoint);
	for (i = 0; i < d->n_parts; i++) {
		used = strlen(buf);
		if (!d->part[i].mountpoint[0] || used + 4 >= len)
			continue;
		snprintf(buf + used, len - used, "%s%s on %.100s",
			 used ? ", " : "", d->part[i].name,
			 d->part[i].mountpoint);
	}
	return buf;
}

static void draw_form(const struct ui *ui)
{
	char size[32], hint[256];
	int w = COLS - 20;

	ui_box(ui, 9, 4, 9, COLS - 8);
	ui_text(9, 6, COLS - 12, UIC_TITLE, " Image file ");
	ui_text(11, 6, 8, UIC_NORMAL, "File:");
	ui_field_draw(&ui->file_path, 11, 14, w, false);
	ui_text(12, 6, 8, UIC_NORMAL, "Size:");
	ui_field_draw(&ui->file_size, 12, 14, 20, false);
	if (ui->report && ui->report->compression && !ui->report->image_bytes)
		snprintf(
			hint, sizeof(hint), "%s",
			"empty: as 'stickler write' sizes it, the image's unpacked size (not recorded: the file grows)");
	else
		snprintf(
			hint, sizeof(hint),
			"empty: as 'stickler write' sizes it, %s (ISO mode: plus the FAT, 64 MiB at least)",
			stk_size_format(ui->image_bytes, size, sizeof(size)));
	ui_wrap(13, 14, w, 3, UIC_DIM, hint);
	ui_text(16, 6, COLS - 12, UIC_DIM,
		"Tab switches fields, Enter accepts, Esc cancels.");
	/* The cursor goes last, into the active field. */
	if (ui->form_field == 0)
		ui_field_draw(&ui->file_path, 11, 14, w, true);
	else
		ui_field_draw(&ui->file_size, 12, 14, 20, true);
}

static void draw(const struct ui *ui)
{
	int i, n = (int)n_devs(ui), rows = LINES - LIST_Y - 4;
	int y = LIST_Y, first = 0;
	char text[STK_PATH_MAX * 2], list[STK_PATH_MAX];

	ui_frame(
		ui, "Choose the target (everything on it will be erased)",
		ui->file_form ? "Tab next field  Enter accept  Esc cancel"
		: ui->show_all
			? "Enter choose  Space mark  a hide others  d duplicator  Esc back"
			: "Enter choose  Space mark  a every disk  d duplicator  Esc back");
	if (ui->device_msg[0])
		ui_wrap(3, 2, COLS - 4, 2, UIC_WARN, ui->device_msg);
	else
		ui_text(3, 2, COLS - 4, UIC_DIM,
			ui->show_all
				? "Every disk; those that cannot be written say why."
				: "USB sticks and SD cards; the list follows plugging.");
	if (ui->dev_sel >= rows)
		first = ui->dev_sel - rows + 1;
	for (i = first; i < n && y < LIST_Y + rows - 1; i++)
		draw_dev(ui, y++, stk_devlist_get(ui->devs, (size_t)i),
			 ui->dev_sel == i);
	if (ui->dev_sel == n) {
		attrset(ui_attr(UIC_SELECTED));
		mvhline(y, 2, ' ', COLS - 4);
	}
	ui_text(y, 3, COLS - 6, ui->dev_sel == n ? UIC_SELECTED : UIC_NORMAL,
		ui->utf8 ? "Image file\u2026  (write to a regular file)"
			 : "Image file...  (write to a regular file)");
	attrset(A_NORMAL);
	ui_printf(LINES - 3, 2, COLS - 4, ui->test_first ? UIC_TITLE : UIC_DIM,
		  "t test the stick's real capacity before writing: %s",
		  ui->test_first ? "on" : "off");
	if (ui->file_form)
		draw_form(ui);
	if (ui->ask_unmount) {
		snprintf(text, sizeof(text),
			 "%s has mounted partitions:\n%.150s\n"
			 "Unmount them to write it?\n\n"
			 "y = unmount when writing   n = choose again",
			 ui->chosen.name,
			 mounts(&ui->chosen, list, sizeof(list)));
		ui_dialog(ui, " Mounted ", text, UIC_WARN);
	}
}

/* The file can be written: an existing one writable, or its folder
 * there and writable; said here, not only at Confirm. */
static bool folder_takes(struct ui *ui, const char *path)
{
	char tmp[PATH_MAX];
	const char *dir;
	struct stat st;

	if (!access(path, F_OK)) {
		if (!access(path, W_OK))
			return true;
		ui_status_errno(ui, "cannot write '%s'", path);
		return false;
	}
	snprintf(tmp, sizeof(tmp), "%s", path);
	dir = dirname(tmp);
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		ui_status(ui, "no folder '%s': the file cannot be made there",
			  dir);
		return false;
	}
	if (access(dir, W_OK)) {
		ui_status_errno(ui, "folder '%s' is not writable", dir);
		return false;
	}
	return true;
}

/* Checks the form and makes it the target; false with a status if bad. */
static bool accept_file(struct ui *ui)
{
	char a[32], b[32], tmp[PATH_MAX];
	uint64_t bytes = 0; /* as the command line: the plan sizes it */
	struct stat st;

	if (!ui->file_path.len) {
		ui_status(ui, "give the file to write");
		return false;
	}
	if (ui->file_size.len && stk_size_parse(ui->file_size.buf, &bytes)) {
		ui_status(ui, "'%s' is not a size (e.g. 64M, 2G)",
			  ui->file_size.buf);
		return false;
	}
	if (bytes && bytes < ui->image_bytes) {
		ui_status(ui,
			  "too small: the image needs %s, the file would be %s",
			  stk_size_format(ui->image_bytes, a, sizeof(a)),
			  stk_size_format(bytes, b, sizeof(b)));
		return false;
	}
	if (!stat(ui->file_path.buf, &st) && !S_ISREG(st.st_mode)) {
		ui_status(ui, "'%s' is not a regular file", ui->file_path.buf);
		return false;
	}
	if (!folder_takes(ui, ui->file_path.buf))
		return false;
	snprintf(ui->target_path, sizeof(ui->target_path), "%s",
		 ui->file_path.buf);
	snprintf(tmp, sizeof(tmp), "%s", ui->file_path.buf);
	snprintf(ui->target_name, sizeof(ui->target_name), "%s", basename(tmp));
	ui->target_bytes = bytes;
	ui->target_kind = UI_TARGET_FILE;
	ui->unmount = false;
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

static int use_device(struct ui *ui)
{
	snprintf(ui->target_path, sizeof(ui->target_path), "%s",
		 ui->chosen.path);
	snprintf(ui->target_name, sizeof(ui->target_name), "%s",
		 ui->chosen.name);
	ui->target_bytes = ui->chosen.size_bytes;
	ui->target_kind = UI_TARGET_DEVICE;
	ui_log(ui, "target: %s (%s %s, serial '%s'), unmount %s",
	       ui->chosen.path, ui->chosen.vendor, ui->chosen.model,
	       ui->chosen.serial, ui->unmount ? "yes" : "no");
	return UI_STEP_OPTIONS;
}

static int choose_device(struct ui *ui, const struct stk_device *d)
{
	char why[128];
	const char *no = ui_device_refusal(ui, d, why, sizeof(why));

	if (no) {
		ui_status(ui, "%s cannot be chosen: %s", d->name, no);
		return UI_STAY;
	}
	ui->chosen = *d;
	ui->unmount = false;
	if (d->needs_unmount) {
		ui->ask_unmount = true;
		return UI_STAY;
	}
	return use_device(ui);
}

static int key(struct ui *ui, int ch)
{
	int top = 0;

	if (ui->file_form)
		return key_form(ui, ch);
	if (ui->ask_unmount) {
		ui->ask_unmount = false;
		if (ch != 'y' && ch != 'Y')
			return UI_STAY;
		ui->unmount = true;
		return use_device(ui);
	}
	switch (ch) {
	case UI_KEY_ESC:
	case KEY_BACKSPACE:
	case KEY_LEFT:
	case 127:
	case 8:
		return UI_STEP_IMAGE;
	case 'd':
		if (ui->show_all) {
			ui_status(
				ui,
				"the duplicator writes USB sticks and SD cards only: press a first");
			return UI_STAY;
		}
		return UI_STEP_DUP;
	case 't':
		ui_test_first_toggle(ui);
		return UI_STAY;
	case 'a':
		ui->show_all = !ui->show_all;
		reload(ui);
		return UI_STAY;
	case ' ':
		if (ui->dev_sel < (int)n_devs(ui))
			ui_marks_toggle(
				ui,
				stk_devlist_get(ui->devs, (size_t)ui->dev_sel));
		return UI_STAY;
	case '\n':
	case KEY_ENTER:
	case KEY_RIGHT:
		if (ui->n_marked > 1)
			return ui_marks_use(ui);
		if (ui->n_marked == 1) {
			struct stk_device one = ui->marked[0];

			ui->n_marked = 0;
			return choose_device(ui, &one);
		}
		if (ui->dev_sel < (int)n_devs(ui))
			return choose_device(
				ui,
				stk_devlist_get(ui->devs, (size_t)ui->dev_sel));
		ui->file_form = true;
		ui->typing = true;
		ui->form_field = 0;
		return UI_STAY;
	}
	ui_menu_move(&ui->dev_sel, &top, n_rows(ui), n_rows(ui), ch);
	return UI_STAY;
}

const struct screen scr_device = {
	.title = "Target",
	.help = "Choose where the image goes. Everything on the target is erased.\n"
		"\n"
		"USB sticks and SD cards are listed as they are plugged in and out; a shows every other disk with the reason it cannot be written. A stick too small for the image is shown but cannot be chosen.\n"
		"\n"
		"Space marks several sticks: Enter then writes them all at once, each verified on its own. t tests the stick's real capacity just before the write (a fake one is then not written). d opens the duplicator mode for a station.\n"
		"\n"
		"'Image file...' writes to a regular file of the size you give (64M, 2G; empty: the image's size). Esc goes back to the image.",
	.enter = enter,
	.draw = draw,
	.key = key,
	.tick = tick,
};

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * scr-image.c - step 1: choose an image in a file browser (the library
 * directories and the working directory) or by typing its path, then show
 * the probe report and the checksum check.
 */
#include <curses.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wizard.h"

static const char *const image_exts[] = {
	".iso", ".img", ".raw", ".bin", ".gz", ".xz", ".zst", ".bz2",
};

static bool looks_like_image(const char *name)
{
	size_t n = strlen(name), m, i;

	for (i = 0; i < sizeof(image_exts) / sizeof(image_exts[0]); i++) {
		m = strlen(image_exts[i]);
		if (n > m && !strcasecmp(name + n - m, image_exts[i]))
			return true;
	}
	return false;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct ui_entry *x = a, *y = b;

	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	if (x->kind == UI_ENTRY_JUMP)
		return x->jump - y->jump;
	return strcmp(x->name, y->name);
}

static struct ui_entry *add(struct ui *ui, enum ui_entry_kind kind)
{
	struct ui_entry *e;

	if (ui->n_entries >= UI_MAX_ENTRIES)
		return NULL;
	e = &ui->entries[ui->n_entries++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->jump = -1;
	return e;
}

static void add_jump(struct ui *ui, int idx, const char *path)
{
	struct ui_entry *e;

	if (!strcmp(path, ui->dir))
		return;
	e = add(ui, UI_ENTRY_JUMP);
	if (e)
		e->jump = idx;
}

/* Fills the entry list for ui->dir: jumps, "..", folders, image files. */
static int load_dir(struct ui *ui)
{
	char path[PATH_MAX + NAME_MAX + 2];
	struct ui_entry *e;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int i;

	ui->n_entries = 0;
	ui->sel = 0;
	ui->top = 0;
	for (i = 0; i < ui->cfg.n_library; i++)
		add_jump(ui, i, ui->cfg.library[i]);
	add_jump(ui, UI_MAX_LIBS, ui->start_dir);
	if (strcmp(ui->dir, "/"))
		add(ui, UI_ENTRY_UP);
	d = opendir(ui->dir);
	if (!d) {
		ui_status_errno(ui, "cannot read '%s'", ui->dir);
		return -errno;
	}
	for (de = readdir(d); de; de = readdir(d)) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", ui->dir, de->d_name);
		if (stat(path, &st) < 0)
			continue;
		if (!S_ISDIR(st.st_mode) &&
		    !(S_ISREG(st.st_mode) && looks_like_image(de->d_name)))
			continue;
		e = add(ui, S_ISDIR(st.st_mode) ? UI_ENTRY_DIR : UI_ENTRY_FILE);
		if (!e)
			break;
		snprintf(e->name, sizeof(e->name), "%s", de->d_name);
		e->bytes = (uint64_t)st.st_size;
	}
	closedir(d);
	qsort(ui->entries, (size_t)ui->n_entries, sizeof(ui->entries[0]),
	      cmp_entry);
	return 0;
}

/* @path is absolute, or relative to the directory being browsed. */
static void change_dir(struct ui *ui, const char *path)
{
	char real[PATH_MAX], full[2 * PATH_MAX];

	if (path[0] == '/')
		snprintf(full, sizeof(full), "%s", path);
	else
		snprintf(full, sizeof(full), "%s/%s", ui->dir, path);
	if (!realpath(full, real)) {
		ui_status_errno(ui, "cannot open '%s'", path);
		return;
	}
	snprintf(ui->dir, sizeof(ui->dir), "%s", real);
	load_dir(ui);
}

void ui_image_release(struct ui *ui)
{
	ui_plan_release(ui);
	stk_image_close(ui->img);
	ui->img = NULL;
	ui->report = NULL;
}

/* Probes the chosen file, or opens it when it is a folder. */
static void choose(struct ui *ui, const char *path)
{
	char real[PATH_MAX];
	struct stat st;
	int rc;

	if (!realpath(path, real) || stat(real, &st) < 0) {
		ui_status_errno(ui, "cannot open '%s'", path);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		change_dir(ui, real);
		return;
	}
	ui_image_release(ui);
	snprintf(ui->image_path, sizeof(ui->image_path), "%s", real);
	ui->image_bytes = (uint64_t)st.st_size;
	ui->report_view = true;
	ui->report_top = 0;
	ui->probe_msg[0] = '\0';
	if (ui->verdict_override)
		ui->mode = STK_MODE_AUTO;
	ui->verdict_override = false;
	rc = stk_image_open(ui->ctx, real, &ui->img);
	if (rc) {
		snprintf(ui->probe_msg, sizeof(ui->probe_msg),
			 "cannot probe the image: %s", stk_ctx_errmsg(ui->ctx));
		ui_log(ui, "image '%s': %s", real, ui->probe_msg);
	} else {
		ui->report = stk_image_report(ui->img);
		/* What the target must hold is the unpacked image. */
		if (ui->report->image_bytes)
			ui->image_bytes = ui->report->image_bytes;
		ui_log(ui, "image '%s': %s, verdict %s", real,
		       ui->report->volume_id[0] ? ui->report->volume_id
						: "no label",
		       stk_mode_name(ui->report->verdict));
	}
	ui_sb_find(ui);
	ui_sum_find(ui);
}

static void enter(struct ui *ui)
{
	if (ui->entries)
		return;
	ui->entries = calloc(UI_MAX_ENTRIES, sizeof(*ui->entries));
	if (!getcwd(ui->start_dir, sizeof(ui->start_dir)))
		snprintf(ui->start_dir, sizeof(ui->start_dir), "/");
	/* Start in the first library directory that exists. */
	snprintf(ui->dir, sizeof(ui->dir), "%s", ui->start_dir);
	if (ui->cfg.n_library && !access(ui->cfg.library[0], R_OK | X_OK))
		snprintf(ui->dir, sizeof(ui->dir), "%s", ui->cfg.library[0]);
	if (ui->entries)
		load_dir(ui);
}

static const char also[] =
	"Also: l look inside  x extract  m make an image  r restore  t test a stick";
/* the same in two rows, for a narrow terminal: no key apart from its
 * word */
static const char also2[] = "Also: l look inside  x extract  m make an image\n"
			    "      r restore  t test a stick";

static int also_rows(void)
{
	return ui_wrap_rows(also, COLS - 4) > 1 ? 2 : 1;
}

static int list_rows(void)
{
	return LINES - 8 - also_rows();
}

static void draw_browser(const struct ui *ui)
{
	const struct ui_entry *e;
	char size[32];
	int i, y, rows = list_rows();

	ui_frame(
		ui, "Choose an image",
		ui->path_mode
			? "Enter open  Esc cancel  Ctrl-U clear"
			: "Enter open  / type a path  Backspace up  ? help  q quit");
	ui_printf(3, 2, COLS - 4, UIC_DIM, "in %s", ui->dir);
	for (i = 0; i < rows && ui->top + i < ui->n_entries; i++) {
		e = &ui->entries[ui->top + i];
		y = 5 + i;
		if (ui->top + i == ui->sel) {
			attrset(ui_attr(UIC_SELECTED));
			mvhline(y, 2, ' ', COLS - 4);
		}
		switch (e->kind) {
		case UI_ENTRY_JUMP:
			ui_printf(y, 3, COLS - 6,
				  ui->top + i == ui->sel ? UIC_SELECTED
							 : UIC_TITLE,
				  "-> %s (%s)",
				  e->jump < UI_MAX_LIBS
					  ? ui->cfg.library[e->jump]
					  : ui->start_dir,
				  e->jump < UI_MAX_LIBS ? "library"
							: "start directory");
			break;
		case UI_ENTRY_UP:
			ui_text(y, 3, COLS - 6,
				ui->top + i == ui->sel ? UIC_SELECTED
						       : UIC_NORMAL,
				"../");
			break;
		case UI_ENTRY_DIR:
			ui_printf(y, 3, COLS - 6,
				  ui->top + i == ui->sel ? UIC_SELECTED
							 : UIC_NORMAL,
				  "%s/", e->name);
			break;
		case UI_ENTRY_FILE:
			ui_text(y, 3, COLS - 20,
				ui->top + i == ui->sel ? UIC_SELECTED
						       : UIC_NORMAL,
				e->name);
			ui_printf(
				y, COLS - 14, 12,
				ui->top + i == ui->sel ? UIC_SELECTED : UIC_DIM,
				"%10s",
				stk_size_format(e->bytes, size, sizeof(size)));
			break;
		}
		attrset(A_NORMAL);
	}
	if (ui->n_entries == 0)
		ui_text(5, 3, COLS - 6, UIC_DIM, "(no images or folders here)");
	if (ui->path_mode) {
		ui_text(LINES - 3, 2, 6, UIC_NORMAL, "Path:");
		ui_field_draw(&ui->path, LINES - 3, 8, COLS - 10, true);
	} else {
		ui_wrap(LINES - 3 - also_rows(), 2, COLS - 4, 2, UIC_NORMAL,
			also_rows() > 1 ? also2 : also);
		ui_text(LINES - 3, 2, COLS - 4, UIC_DIM,
			"Images: .iso .img .raw .bin .gz .xz .zst .bz2");
	}
}

/* The report's reasons wrap to the screen, at most 70 columns. */
static int report_width(void)
{
	return COLS - 8 > 70 ? 70 : COLS - 8;
}

/* Rows of the Secure Boot line (it wraps in a narrow terminal). */
static int sb_rows(const struct ui *ui)
{
	int n;

	if (!ui->sb_line[0])
		return 0;
	n = ui_wrap_rows(ui->sb_line, COLS - 8);
	return n > 2 ? 2 : n;
}

/* The report's first row: a small terminal drops the blank row. */
static int report_y(void)
{
	return LINES < 24 ? 4 : 5;
}

/* Rows of the report shown between the path and the Secure Boot line. */
static int report_rows(const struct ui *ui)
{
	return LINES - 7 - report_y() - (sb_rows(ui) > 1 ? sb_rows(ui) - 1 : 0);
}

static void draw_report(const struct ui *ui)
{
	char lines[UI_REPORT_MAX][UI_REPORT_WIDTH];
	char size[32];
	int n, i, rows = report_rows(ui);

	ui_frame(
		ui, "Image report",
		"Enter next  c check  h type hash  Up/Down  Esc back  ? help  q quit");
	ui_wrapf(3, 2, COLS - 4, 1, UIC_NORMAL, "%s  (%s)", ui->image_path,
		 stk_size_format(ui->image_bytes, size, sizeof(size)));
	if (!ui->report) {
		ui_wrap(5, 4, COLS - 8, 3, UIC_WARN, ui->probe_msg);
	} else {
		n = ui_report_lines(ui->report, lines, UI_REPORT_MAX,
				    report_width());
		for (i = 0; i < rows && ui->report_top + i < n; i++)
			ui_text(report_y() + i, 4, COLS - 8, UIC_NORMAL,
				lines[ui->report_top + i]);
		/* a small terminal shows part of it: say where the rest is */
		if (ui->report_top + rows < n || ui->report_top)
			ui_text(2, COLS - 20, 18, UIC_DIM,
				ui->report_top + rows < n ? "Down: more below"
							  : "Up: more above");
	}
	if (ui->sb_line[0])
		ui_wrap(LINES - 6 - sb_rows(ui), 4, COLS - 8, 2,
			ui->sb_verdict == STK_SB_OK ? UIC_NORMAL : UIC_WARN,
			ui->sb_line);
	ui_hline(ui, LINES - 6, 2, COLS - 4);
	ui_sum_draw(ui, LINES - 5, 3);
}

static void draw(const struct ui *ui)
{
	if (ui->report_view)
		draw_report(ui);
	else
		draw_browser(ui);
}

static int key_path(struct ui *ui, int ch)
{
	char path[2 * PATH_MAX];

	if (ch == UI_KEY_ESC) {
		ui->path_mode = false;
		ui->typing = false;
	} else if (ch == '\n' || ch == KEY_ENTER) {
		ui->path_mode = false;
		ui->typing = false;
		if (ui->path.buf[0] == '~' && getenv("HOME"))
			snprintf(path, sizeof(path), "%s%s", getenv("HOME"),
				 ui->path.buf + 1);
		else if (ui->path.buf[0] == '/')
			snprintf(path, sizeof(path), "%s", ui->path.buf);
		else
			snprintf(path, sizeof(path), "%s/%s", ui->dir,
				 ui->path.buf);
		choose(ui, path);
	} else {
		ui_field_key(&ui->path, ch);
	}
	return UI_STAY;
}

static int key_browser(struct ui *ui, int ch)
{
	char path[PATH_MAX + NAME_MAX + 2];
	const struct ui_entry *e;

	switch (ch) {
	case '/':
	case 'p':
		ui->path_mode = true;
		ui->typing = true;
		ui_field_set(&ui->path, "");
		return UI_STAY;
	case KEY_BACKSPACE:
	case KEY_LEFT:
	case 127:
	case 8:
		change_dir(ui, "..");
		return UI_STAY;
	case '\n':
	case KEY_ENTER:
	case KEY_RIGHT:
		break;
	case 'l':
	case 'x':
	case 'm':
	case 'r':
	case 't':
		e = ui->sel < ui->n_entries ? &ui->entries[ui->sel] : NULL;
		if (e && e->kind == UI_ENTRY_FILE)
			snprintf(path, sizeof(path), "%s/%s", ui->dir, e->name);
		return ui_act_key(ui, ch,
				  e && e->kind == UI_ENTRY_FILE ? path : NULL);
	default:
		ui_menu_move(&ui->sel, &ui->top, ui->n_entries, list_rows(),
			     ch);
		return UI_STAY;
	}
	if (ui->sel >= ui->n_entries)
		return UI_STAY;
	e = &ui->entries[ui->sel];
	ui->status[0] = '\0';
	if (e->kind == UI_ENTRY_JUMP) {
		change_dir(ui, e->jump < UI_MAX_LIBS ? ui->cfg.library[e->jump]
						     : ui->start_dir);
		return UI_STAY;
	}
	if (e->kind == UI_ENTRY_UP) {
		change_dir(ui, "..");
		return UI_STAY;
	}
	snprintf(path, sizeof(path), "%s/%s", ui->dir, e->name);
	if (e->kind == UI_ENTRY_DIR)
		change_dir(ui, path);
	else
		choose(ui, path);
	return UI_STAY;
}

static int key_report(struct ui *ui, int ch)
{
	static char lines[UI_REPORT_MAX][UI_REPORT_WIDTH];

	if (ui_sum_key(ui, ch))
		return UI_STAY;
	switch (ch) {
	case 'l':
	case 'x':
	case 'm':
	case 'r':
	case 't':
		return ui_act_key(ui, ch, ui->image_path);
	case UI_KEY_ESC:
	case KEY_BACKSPACE:
	case KEY_LEFT:
	case 127:
	case 8:
		ui->report_view = false;
		return UI_STAY;
	case KEY_UP:
		if (ui->report_top > 0)
			ui->report_top--;
		return UI_STAY;
	case KEY_DOWN:
		if (ui->report &&
		    ui->report_top + report_rows(ui) <
			    ui_report_lines(ui->report, lines, UI_REPORT_MAX,
					    report_width()))
			ui->report_top++;
		return UI_STAY;
	case '\n':
	case KEY_ENTER:
	case KEY_RIGHT:
		if (!ui->img) {
			ui_status(
				ui,
				"this file cannot be written: choose another");
			return UI_STAY;
		}
		if (!ui_sum_may_go_on(ui))
			return UI_STAY;
		if (ui->report && ui->report->verdict == STK_MODE_UNSUPPORTED &&
		    !ui->verdict_override) {
			ui_status(
				ui,
				"UNSUPPORTED: it will not boot from a stick; press o to copy it raw anyway");
			return UI_STAY;
		}
		return UI_STEP_DEVICE;
	case 'o':
		if (!ui->report || ui->report->verdict != STK_MODE_UNSUPPORTED)
			return UI_STAY;
		ui->verdict_override = true;
		ui->mode = STK_MODE_RAW;
		ui_status(
			ui,
			"overridden: the image is copied byte for byte, and will not boot from a stick");
		ui_log(ui,
		       "verdict 'unsupported' of '%s' overridden by the user",
		       ui->image_path);
		return UI_STAY;
	}
	return UI_STAY;
}

static int key(struct ui *ui, int ch)
{
	if (ui->path_mode)
		return key_path(ui, ch);
	if (ui->report_view)
		return key_report(ui, ch);
	return key_browser(ui, ch);
}

const struct screen scr_image = {
	.title = "Image",
	.help = "Choose the image to write.\n"
		"\n"
		"The list shows folders and files that look like images (.iso .img .raw .bin and compressed .gz .xz .zst .bz2). The first rows jump to the library folders of stickler.conf and to the folder stickler was started in.\n"
		"\n"
		"Up/Down/PgUp/PgDn move, Enter opens a folder or chooses an image, Backspace goes to the parent folder, / types a path.\n"
		"\n"
		"After choosing, the report says how the image boots and whether it boots with Secure Boot on. If a checksum list sits next to the image (SHA256SUMS and the like, signed or not), c checks the image against it and names who signed it; h takes a hash you type or paste. A mismatch or a bad signature stops the way on until you press o to write the image anyway; so does an unsupported verdict (o then copies it byte for byte, and it will not boot). Enter goes on to the target.",
	.enter = enter,
	.draw = draw,
	.key = key,
};

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * scr-inside.c - looking inside an image from the wizard: its folders and
 * files as the image names them (Rock Ridge, Joliet or ISO 9660), with
 * size, date, mode and link target, read without mounting it.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "act.h"

static int add_entry(const struct stk_tree_entry *e, void *data)
{
	struct ui_act *a = data;
	struct act_entry *x;

	if (a->n_entries == ACT_INSIDE_MAX)
		return 1;
	x = &a->entries[a->n_entries++];
	snprintf(x->name, sizeof(x->name), "%s", e->name);
	x->type = e->type;
	x->size_bytes = e->size_bytes;
	x->mode = e->mode;
	x->mtime = e->mtime;
	snprintf(x->link, sizeof(x->link), "%s", e->link_target);
	return 0;
}

/* Lists a->cwd; false (and the status says why) when it cannot. */
static bool list(struct ui *ui)
{
	struct ui_act *a = ui->act;
	int rc;

	a->n_entries = 0;
	a->top = 0;
	a->isel = 0;
	rc = stk_tree_list(ui->ctx, a->tree, a->cwd, add_entry, a);
	if (rc < 0) {
		ui_status(ui, "%s", stk_ctx_errmsg(ui->ctx));
		return false;
	}
	if (rc > 0)
		ui_status(ui, "only the first %d entries are shown",
			  ACT_INSIDE_MAX);
	return true;
}

int act_inside_open(struct ui *ui)
{
	struct ui_act *a = ui->act;
	int rc;

	a->entries = calloc(ACT_INSIDE_MAX, sizeof(*a->entries));
	if (!a->entries) {
		ui_status(ui, "out of memory");
		return -1;
	}
	rc = stk_tree_open(ui->ctx, a->image, &a->tree);
	if (rc) {
		a->stage = ACT_RESULT;
		a->rc = rc;
		act_result(a, "cannot look inside '%s': %s", a->image,
			   stk_ctx_errmsg(ui->ctx));
		return rc;
	}
	a->stage = ACT_INSIDE;
	snprintf(a->cwd, sizeof(a->cwd), "/");
	list(ui);
	ui_log(ui, "looking inside '%s'", a->image);
	return 0;
}

void act_inside_close(struct ui_act *a)
{
	stk_tree_close(a->tree);
	a->tree = NULL;
	free(a->entries);
	a->entries = NULL;
	a->n_entries = 0;
}

/* "drwxr-xr-x" */
static void mode_words(const struct act_entry *e, char buf[11])
{
	static const char rwx[] = "rwxrwxrwx";
	int i;

	buf[0] = e->type == STK_ENTRY_DIR	? 'd'
		 : e->type == STK_ENTRY_SYMLINK ? 'l'
						: '-';
	for (i = 0; i < 9; i++)
		buf[i + 1] = (e->mode & (1u << (8 - i))) ? rwx[i] : '-';
	buf[10] = '\0';
}

static int rows(void)
{
	return LINES - 8;
}

void act_inside_draw(const struct ui *ui)
{
	const struct ui_act *a = ui->act;
	char mode[11], size[32], when[32], line[512];
	int i, y;

	ui_frame(ui, "Look inside an image",
		 "Enter open folder  Backspace up  x extract all  Esc back");
	ui_printf(3, 2, COLS - 4, UIC_NORMAL, "%s", a->image);
	ui_printf(4, 2, COLS - 4, UIC_TITLE, "in %s  (%d entries)", a->cwd,
		  a->n_entries);
	for (i = 0; i < rows() && a->top + i < a->n_entries; i++) {
		const struct act_entry *e = &a->entries[a->top + i];
		time_t t = (time_t)e->mtime;
		struct tm tm;
		bool sel = a->top + i == a->isel;

		y = 6 + i;
		mode_words(e, mode);
		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		snprintf(line, sizeof(line), "%s %10s %s %s%s%s%s", mode,
			 e->type == STK_ENTRY_FILE
				 ? stk_size_format(e->size_bytes, size,
						   sizeof(size))
				 : "",
			 when, e->name, e->type == STK_ENTRY_DIR ? "/" : "",
			 e->type == STK_ENTRY_SYMLINK ? " -> " : "",
			 e->type == STK_ENTRY_SYMLINK ? e->link : "");
		if (sel) {
			attrset(ui_attr(UIC_SELECTED));
			mvhline(y, 2, ' ', COLS - 4);
		}
		ui_text(y, 3, COLS - 6, sel ? UIC_SELECTED : UIC_NORMAL, line);
		attrset(A_NORMAL);
	}
	if (!a->n_entries)
		ui_text(6, 3, COLS - 6, UIC_DIM, "(empty folder)");
}

static void up(struct ui *ui)
{
	struct ui_act *a = ui->act;
	char *slash = strrchr(a->cwd, '/');

	if (!strcmp(a->cwd, "/"))
		return;
	if (slash == a->cwd)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	list(ui);
}

int act_inside_key(struct ui *ui, int ch)
{
	struct ui_act *a = ui->act;
	const struct act_entry *e;
	char path[PATH_MAX + 512];
	size_t n;

	switch (ch) {
	case UI_KEY_ESC:
		ui_act_release(ui); /* back to the report it came from */
		return UI_STEP_IMAGE;
	case KEY_BACKSPACE:
	case KEY_LEFT:
	case 127:
	case 8:
		up(ui);
		return UI_STAY;
	case 'x':
		memcpy(path, a->image, sizeof(a->image));
		return ui_act_start(ui, ACT_EXTRACT, path);
	case '\n':
	case KEY_ENTER:
	case KEY_RIGHT:
		if (a->isel >= a->n_entries)
			return UI_STAY;
		e = &a->entries[a->isel];
		if (e->type != STK_ENTRY_DIR) {
			ui_status(ui, "%s is a %s", e->name,
				  e->type == STK_ENTRY_SYMLINK ? "symlink"
							       : "file");
			return UI_STAY;
		}
		n = strlen(a->cwd);
		if (n + strlen(e->name) + 2 >= sizeof(a->cwd))
			return UI_STAY;
		snprintf(path, sizeof(path), "%s%s%s", a->cwd,
			 a->cwd[n - 1] == '/' ? "" : "/", e->name);
		/* it fits: the length was checked above */
		memcpy(a->cwd, path, strlen(path) + 1);
		list(ui);
		return UI_STAY;
	}
	ui_menu_move(&a->isel, &a->top, a->n_entries, rows(), ch);
	return UI_STAY;
}

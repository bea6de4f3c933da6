// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * widgets.c - the wizard's drawing pieces: colours with a monochrome
 * fallback, frames, wrapped text, progress bar, sparkline, text field,
 * dialogs, and ASCII stand-ins when the locale is not UTF-8.
 */
#include <ctype.h>
#include <curses.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wizard.h"

static int attrs[UIC_COUNT];

void ui_init_colours(struct ui *ui)
{
	static const struct {
		int mono, fg, bg;
	} table[] = {
#define C(name, m, f, b) [UIC_##name] = {m, f, b},
		UI_COLOURS
#undef C
	};
	const char *nc = getenv("NO_COLOR");
	int i;

	ui->colour = has_colors() && !(nc && *nc);
	if (ui->colour) {
		start_color();
		use_default_colors();
	}
	for (i = 0; i < UIC_COUNT; i++) {
		attrs[i] = table[i].mono;
		if (!ui->colour || i == UIC_NORMAL)
			continue;
		init_pair((short)i, (short)table[i].fg, (short)table[i].bg);
		/* Keep bold and reverse where they carry meaning in colour too.
		 */
		attrs[i] = COLOR_PAIR(i) |
			   (table[i].mono & (A_BOLD | A_UNDERLINE));
	}
}

int ui_attr(enum ui_colour c)
{
	return attrs[c];
}

double ui_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool ui_redraw_due(struct ui *ui, int ms)
{
	double now = ui_now();

	if (now - ui->last_draw < ms / 1000.0)
		return false;
	ui->last_draw = now;
	return true;
}

bool ui_too_small(void)
{
	return COLS < UI_MIN_COLS || LINES < UI_MIN_ROWS;
}

void ui_draw_too_small(void)
{
	erase();
	mvprintw(LINES / 2, 0, "terminal too small (%dx%d, needs %dx%d)", COLS,
		 LINES, UI_MIN_COLS, UI_MIN_ROWS);
	refresh();
}

void ui_text(int y, int x, int w, enum ui_colour c, const char *s)
{
	if (w <= 0 || y < 0 || y >= LINES)
		return;
	attrset(attrs[c]);
	mvaddnstr(y, x, s, w);
	attrset(A_NORMAL);
}

void ui_printf(int y, int x, int w, enum ui_colour c, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ui_text(y, x, w, c, buf);
}

/* One row of wrapped text: how many bytes to show, and moves *s past them. */
static size_t wrap_row(const char **s, int w)
{
	const char *p = *s;
	size_t n = strcspn(p, "\n");
	size_t cut = n;

	if (cut > (size_t)w) {
		cut = (size_t)w;
		while (cut > 0 && p[cut] != ' ')
			cut--;
		if (cut == 0)
			cut = (size_t)w;
	}
	p += cut;
	while (*p == ' ')
		p++;
	if (*p == '\n' && cut == n)
		p++;
	*s = p;
	return cut;
}

int ui_wrap(int y, int x, int w, int max_rows, enum ui_colour c, const char *s)
{
	int rows = 0;

	while (*s && rows < max_rows) {
		const char *row = s;
		size_t cut = wrap_row(&s, w);

		attrset(attrs[c]);
		mvaddnstr(y + rows, x, row, (int)cut);
		attrset(A_NORMAL);
		rows++;
	}
	return rows;
}

const char *ui_wrap_skip(const char *s, int w, int rows)
{
	while (*s && rows-- > 0)
		wrap_row(&s, w);
	return s;
}

int ui_wrap_rows(const char *s, int w)
{
	int rows = 0;

	while (*s) {
		wrap_row(&s, w);
		rows++;
	}
	return rows;
}

void ui_hline(const struct ui *ui, int y, int x, int w)
{
	attrset(attrs[UIC_DIM]);
	mvhline(y, x, ui->utf8 ? ACS_HLINE : '-', w);
	attrset(A_NORMAL);
}

void ui_box(const struct ui *ui, int y, int x, int h, int w)
{
	int i;

	for (i = 0; i < h; i++)
		mvhline(y + i, x, ' ', w);
	if (ui->utf8) {
		mvhline(y, x + 1, ACS_HLINE, w - 2);
		mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
		mvvline(y + 1, x, ACS_VLINE, h - 2);
		mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
		mvaddch(y, x, ACS_ULCORNER);
		mvaddch(y, x + w - 1, ACS_URCORNER);
		mvaddch(y + h - 1, x, ACS_LLCORNER);
		mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
		return;
	}
	mvhline(y, x, '-', w);
	mvhline(y + h - 1, x, '-', w);
	mvvline(y + 1, x, '|', h - 2);
	mvvline(y + 1, x + w - 1, '|', h - 2);
	mvaddch(y, x, '+');
	mvaddch(y, x + w - 1, '+');
	mvaddch(y + h - 1, x, '+');
	mvaddch(y + h - 1, x + w - 1, '+');
}

void ui_frame(const struct ui *ui, const char *title, const char *keys)
{
	static const char *const steps[] = {
		"Image", "Target", "Options", "Confirm", "Write", "Result",
	};
	char line[256];
	int i, x;

	erase();
	attrset(attrs[UIC_HEADER]);
	mvhline(0, 0, ' ', COLS);
	mvaddstr(0, 1, "stickler");
	x = 12;
	for (i = 0; i < (int)(sizeof(steps) / sizeof(steps[0])); i++) {
		snprintf(line, sizeof(line),
			 i == ui->step ? "[%d %s]" : " %d %s ", i + 1,
			 steps[i]);
		if (x + (int)strlen(line) < COLS)
			mvaddstr(0, x, line);
		x += (int)strlen(line);
	}
	attrset(A_NORMAL);
	ui_text(2, 2, COLS - 4, UIC_TITLE, title);
	if (ui->status[0])
		ui_text(LINES - 2, 1, COLS - 2, UIC_WARN, ui->status);
	attrset(attrs[UIC_HEADER]);
	mvhline(LINES - 1, 0, ' ', COLS);
	mvaddnstr(LINES - 1, 1, keys, COLS - 2);
	if (ui->station && (int)strlen(keys) + 14 < COLS)
		mvaddstr(LINES - 1, COLS - 11, "F10 power");
	attrset(A_NORMAL);
}

void ui_bar(const struct ui *ui, int y, int x, int w, uint64_t done,
	    uint64_t total)
{
	int fill = 0;
	int i;

	if (total)
		fill = (int)((double)(done > total ? total : done) / total *
			     (w - 2));
	mvaddch(y, x, '[');
	for (i = 0; i < w - 2; i++) {
		if (i < fill) {
			attrset(attrs[UIC_BAR]);
			addch(ui->colour ? ' ' : '#');
		} else {
			attrset(A_NORMAL);
			addch(ui->colour ? ' ' : '.');
		}
	}
	attrset(A_NORMAL);
	addch(']');
}

void ui_sparkline(const struct ui *ui, int y, int x, int w, const double *v,
		  int n)
{
	static const char *const blocks[] = {
		"\u2581", "\u2582", "\u2583", "\u2584",
		"\u2585", "\u2586", "\u2587", "\u2588",
	};
	static const char ascii[] = "_.-:=+*#";
	double max = 0;
	int i, first, lvl;

	first = n > w ? n - w : 0;
	for (i = first; i < n; i++)
		if (v[i] > max)
			max = v[i];
	attrset(attrs[UIC_GOOD]);
	move(y, x);
	for (i = first; i < n; i++) {
		lvl = max > 0 ? (int)(v[i] / max * 7.0 + 0.5) : 0;
		if (lvl > 7)
			lvl = 7;
		if (ui->utf8)
			addstr(blocks[lvl]);
		else
			addch((chtype)(unsigned char)ascii[lvl]);
	}
	attrset(A_NORMAL);
}

void ui_field_set(struct ui_field *f, const char *s)
{
	snprintf(f->buf, sizeof(f->buf), "%s", s);
	f->len = strlen(f->buf);
}

void ui_field_draw(const struct ui_field *f, int y, int x, int w, bool active)
{
	const char *s = f->buf;

	/* Show the tail of a long value: the cursor lives at the end. */
	if ((int)f->len > w - 1)
		s += f->len - (size_t)(w - 1);
	attrset(attrs[UIC_FIELD]);
	mvhline(y, x, ' ', w);
	mvaddnstr(y, x, s, w);
	attrset(A_NORMAL);
	if (active) {
		move(y, x + (int)strlen(s));
		curs_set(1);
	}
}

bool ui_field_key(struct ui_field *f, int ch)
{
	if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (f->len)
			f->buf[--f->len] = '\0';
		return true;
	}
	if (ch == UI_KEY_CTRL_U) {
		f->len = 0;
		f->buf[0] = '\0';
		return true;
	}
	if (ch >= 32 && ch < 256 && ch != 127 && f->len + 1 < sizeof(f->buf)) {
		f->buf[f->len++] = (char)ch;
		f->buf[f->len] = '\0';
		return true;
	}
	return false;
}

void ui_dialog(const struct ui *ui, const char *title, const char *text,
	       enum ui_colour c)
{
	int w = 60, h, y, x, n = 1;
	const char *p;

	for (p = text; *p; p++)
		n += *p == '\n';
	h = n + 4;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	attrset(attrs[c]);
	ui_box(ui, y, x, h, w);
	mvaddnstr(y, x + 2, title, w - 4);
	attrset(A_NORMAL);
	ui_wrap(y + 2, x + 2, w - 4, n, UIC_NORMAL, text);
}

void ui_menu_move(int *sel, int *top, int n, int rows, int ch)
{
	switch (ch) {
	case KEY_UP:
	case 'k':
		(*sel)--;
		break;
	case KEY_DOWN:
	case 'j':
		(*sel)++;
		break;
	case KEY_PPAGE:
		*sel -= rows;
		break;
	case KEY_NPAGE:
		*sel += rows;
		break;
	case KEY_HOME:
		*sel = 0;
		break;
	case KEY_END:
		*sel = n - 1;
		break;
	}
	if (*sel >= n)
		*sel = n - 1;
	if (*sel < 0)
		*sel = 0;
	if (*top > *sel)
		*top = *sel;
	if (*sel >= *top + rows)
		*top = *sel - rows + 1;
	if (*top < 0)
		*top = 0;
}

void ui_status(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->status, sizeof(ui->status), fmt, ap);
	va_end(ap);
}

void ui_status_errno(struct ui *ui, const char *fmt, ...)
{
	int err = errno;
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(ui->status, sizeof(ui->status), fmt, ap);
	va_end(ap);
	n = strlen(ui->status);
	snprintf(ui->status + n, sizeof(ui->status) - n, ": %s", strerror(err));
}

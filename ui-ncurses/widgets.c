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

#define UI_STEPS (UI_STEP_RESULT + 1) /* the steps in the title bar */

static int attrs[UIC_COUNT];
static bool utf8; /* the locale's: an ellipsis, else ~ */

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

	utf8 = ui->utf8;
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

/* Bytes of @s that fill at most @w columns (UTF-8 sequences count as
 * one column each, whole). */
static size_t fit_bytes(const char *s, int w)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	int cols = 0;

	while (p[n] && cols < w) {
		n++;
		while ((p[n] & 0xc0) == 0x80)
			n++;
		cols++;
	}
	return n;
}

static int text_cols(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int cols = 0;

	for (; *p; p++)
		cols += (*p & 0xc0) != 0x80;
	return cols;
}

/* @n bytes of @s in @w columns; when they do not fit, or @more says
 * that text follows, they end at a word (when one ends in the row's
 * second half) and an ellipsis says so: never half a word unmarked. */
static void draw_row(int y, int x, int w, const char *s, size_t n, bool more)
{
	char row[1024];
	size_t cut, sp;

	if (n == 0)
		return; /* a blank row says nothing, cut or not */
	if (n >= sizeof(row))
		n = sizeof(row) - 1;
	memcpy(row, s, n);
	row[n] = '\0';
	/* a control byte in a name (a newline) would move the cursor */
	for (cut = 0; cut < n; cut++)
		if ((unsigned char)row[cut] < 0x20 || row[cut] == 0x7f)
			row[cut] = '?';
	if (text_cols(row) <= w && !more) {
		mvaddstr(y, x, row);
		return;
	}
	cut = text_cols(row) < w ? n : fit_bytes(row, w - 1);
	if (cut < n && row[cut] != ' ') {
		for (sp = cut; sp > 0 && row[sp - 1] != ' '; sp--)
			;
		if (sp > 0 && (int)sp >= w / 2)
			cut = sp - 1;
	}
	while (cut > 0 && row[cut - 1] == ' ')
		cut--;
	mvaddnstr(y, x, row, (int)cut);
	addstr(utf8 ? "\u2026" : "~");
}

void ui_text(int y, int x, int w, enum ui_colour c, const char *s)
{
	if (w <= 0 || y < 0 || y >= LINES)
		return;
	attrset(attrs[c]);
	draw_row(y, x, w, s, strlen(s), false);
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
		/* the last row allowed, and more to say: it ends in an
		 * ellipsis */
		draw_row(y + rows, x, w, row, cut, *s && rows + 1 == max_rows);
		attrset(A_NORMAL);
		rows++;
	}
	return rows;
}

int ui_wrapf(int y, int x, int w, int max_rows, enum ui_colour c,
	     const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return ui_wrap(y, x, w, max_rows, c, buf);
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

/* One step in the title bar: "[2 Target]" for the current one, else
 * " 1 Image " or, in a narrow terminal, " 1 ". */
static int step_label(char *buf, size_t len, const struct ui *ui, int i,
		      bool narrow)
{
	static const char *const steps[] = {
		"Image", "Target", "Options", "Confirm", "Write", "Result",
	};

	if (i == ui->step)
		return snprintf(buf, len, "[%d %s]", i + 1, steps[i]);
	if (narrow)
		return snprintf(buf, len, " %d ", i + 1);
	return snprintf(buf, len, " %d %s ", i + 1, steps[i]);
}

/* All steps named when they fit, else the current one named. */
static void draw_steps(const struct ui *ui)
{
	char line[64];
	bool narrow = false;
	int i, x = 12;

	for (i = 0; i < UI_STEPS; i++)
		x += step_label(line, sizeof(line), ui, i, false);
	narrow = x >= COLS;
	x = 12;
	for (i = 0; i < UI_STEPS; i++) {
		int n = step_label(line, sizeof(line), ui, i, narrow);

		if (x + n < COLS)
			mvaddstr(0, x, line);
		x += n;
	}
}

/*
 * The key hints ("Enter next  c check  ? help"): when they do not fit,
 * the last ones go first, but Enter's and "? help" stay, since the help
 * names every key. Hints are separated by two spaces; none is cut.
 */
#define UI_MAX_HINTS 16

static void draw_keys(const char *keys, int w)
{
	const char *at[UI_MAX_HINTS];
	int len[UI_MAX_HINTS];
	bool keep[UI_MAX_HINTS];
	const char *p = keys, *end;
	int n = 0, i, total = -2, x = 1;

	while (*p && n < UI_MAX_HINTS) {
		end = strstr(p, "  ");
		at[n] = p;
		len[n] = end ? (int)(end - p) : (int)strlen(p);
		keep[n] = true;
		total += len[n++] + 2;
		if (!end)
			break;
		for (p = end; *p == ' '; p++)
			;
	}
	for (i = n - 1; i >= 0 && total > w; i--) {
		if (!strncmp(at[i], "Enter", 5) || !strncmp(at[i], "? help", 6))
			continue;
		keep[i] = false;
		total -= len[i] + 2;
	}
	for (i = 0; i < n; i++) {
		if (!keep[i] || x - 1 + len[i] > w)
			continue;
		mvaddnstr(LINES - 1, x, at[i], len[i]);
		x += len[i] + 2;
	}
}

void ui_frame(const struct ui *ui, const char *title, const char *keys)
{
	erase();
	attrset(attrs[UIC_HEADER]);
	mvhline(0, 0, ' ', COLS);
	mvaddstr(0, 1, "stickler");
	draw_steps(ui);
	attrset(A_NORMAL);
	ui_text(2, 2, COLS - 4, UIC_TITLE, title);
	if (ui->status[0])
		ui_text(LINES - 2, 1, COLS - 2, UIC_WARN, ui->status);
	attrset(attrs[UIC_HEADER]);
	mvhline(LINES - 1, 0, ' ', COLS);
	draw_keys(keys, COLS - 2);
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
	int w = COLS - 4 < 60 ? COLS - 4 : 60, h, y, x, n;

	/* its lines wrap in a narrow terminal: the box grows to hold them */
	n = ui_wrap_rows(text, w - 4);
	if (n > LINES - 6)
		n = LINES - 6;
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

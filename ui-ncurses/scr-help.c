// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * scr-help.c - the ? overlay: the current screen's help and the keys that
 * work everywhere, drawn over the screen beneath.
 */
#include <curses.h>
#include <stdbool.h>

#include "wizard.h"

static const char common[] =
	"Everywhere: ? or F1 help, Esc or Backspace back, q quit (asks during a write). Any key closes this help.";

/* Rows of the "Everywhere" lines at the box's foot. */
static int common_rows(void)
{
	int n = ui_wrap_rows(common, COLS - 12);

	return n > 3 ? 3 : n;
}

/* Rows left for the screen's own help: the box less its borders, the
 * blank rows, the rule and the common lines. */
static int text_rows(void)
{
	return LINES - 4 - 5 - common_rows();
}

void ui_help_draw(const struct ui *ui, const struct screen *scr)
{
	int h = LINES - 4, w = COLS - 8, y = 2, x = 4, used;

	attrset(ui_attr(UIC_TITLE));
	ui_box(ui, y, x, h, w);
	mvprintw(y, x + 2, " Help: %s ", scr->title);
	attrset(A_NORMAL);
	/* a help longer than the box scrolls: Up/Down/PgUp/PgDn */
	used = ui_wrap(y + 2, x + 2, w - 4, text_rows(), UIC_NORMAL,
		       ui_wrap_skip(scr->help, w - 4, ui->help_top));
	ui_hline(ui, y + 3 + used, x + 2, w - 4);
	ui_wrap(y + 4 + used, x + 2, w - 4, common_rows(), UIC_DIM, common);
	if (ui->help_top || ui_help_rows(scr) > text_rows())
		ui_text(y + h - 1, x + 2, w - 4, UIC_TITLE,
			ui->help_top + text_rows() < ui_help_rows(scr)
				? " Down: more "
				: " Up: back to the top ");
}

int ui_help_rows(const struct screen *scr)
{
	return ui_wrap_rows(scr->help, COLS - 12);
}

bool ui_help_key(struct ui *ui, const struct screen *scr, int ch)
{
	int rows = text_rows(), max = ui_help_rows(scr) - rows;

	switch (ch) {
	case KEY_DOWN:
	case 'j':
		ui->help_top++;
		break;
	case KEY_NPAGE:
	case ' ':
		ui->help_top += rows - 1;
		break;
	case KEY_UP:
	case 'k':
		ui->help_top--;
		break;
	case KEY_PPAGE:
		ui->help_top -= rows - 1;
		break;
	default:
		return false;
	}
	if (ui->help_top > max)
		ui->help_top = max;
	if (ui->help_top < 0)
		ui->help_top = 0;
	return true;
}

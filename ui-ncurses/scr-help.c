// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * scr-help.c - the ? overlay: the current screen's help and the keys that
 * work everywhere, drawn over the screen beneath.
 */
#include <curses.h>

#include "wizard.h"

static const char common[] =
	"Everywhere: ? or F1 help, Esc or Backspace back, q quit (asks during a write). Any key closes this help.";

void ui_help_draw(const struct ui *ui, const struct screen *scr)
{
	int h = LINES - 4, w = COLS - 8, y = 2, x = 4, used;

	attrset(ui_attr(UIC_TITLE));
	ui_box(ui, y, x, h, w);
	mvprintw(y, x + 2, " Help: %s ", scr->title);
	attrset(A_NORMAL);
	used = ui_wrap(y + 2, x + 2, w - 4, h - 6, UIC_NORMAL, scr->help);
	ui_hline(ui, y + 3 + used, x + 2, w - 4);
	ui_wrap(y + 4 + used, x + 2, w - 4, 2, UIC_DIM, common);
}

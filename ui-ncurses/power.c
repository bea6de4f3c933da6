// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * power.c - the station's power question: on a station (--station) F10
 * or P asks whether to power off or reboot, and a second key confirms.
 * The wizard then ends with an exit status that the station's init turns
 * into the power-off or the reboot; the wizard itself never does either.
 */
#include <curses.h>

#include "ui.h"
#include "wizard.h"

bool ui_power_wanted(const struct ui *ui, int ch)
{
	return ui->station && !ui->typing && ui->step != UI_STEP_RUN &&
	       (ch == KEY_F(10) || ch == 'P');
}

void ui_power_draw(const struct ui *ui)
{
	if (ui->power_ask == 'o')
		ui_dialog(ui, " Power off ",
			  "Power off the station now?\n\n"
			  "y = power off   n = back",
			  UIC_DANGER);
	else if (ui->power_ask == 'r')
		ui_dialog(ui, " Reboot ",
			  "Reboot the station now?\n\n"
			  "y = reboot   n = back",
			  UIC_DANGER);
	else
		ui_dialog(ui, " Power ",
			  "o = power off the station\n"
			  "r = reboot the station\n\n"
			  "Esc = back to the wizard",
			  UIC_TITLE);
}

/* A key while the question is up; true when the wizard is to end now. */
bool ui_power_key(struct ui *ui, int ch)
{
	if (ch == UI_KEY_ESC || ch == 'n' || ch == 'N') {
		ui->power_ask = 0;
		ui->power_menu = false;
		return false;
	}
	if (!ui->power_ask) {
		if (ch == 'o' || ch == 'r')
			ui->power_ask = ch;
		return false;
	}
	if (ch != 'y' && ch != 'Y')
		return false;
	ui->power_exit =
		ui->power_ask == 'o' ? UI_EXIT_POWEROFF : UI_EXIT_REBOOT;
	return true;
}

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * scr-confirm.c - step 4: the plan in words, and a field where the person
 * types the target's name before anything is erased.
 */
#include <curses.h>
#include <string.h>

#include "wizard.h"

static void enter(struct ui *ui)
{
	ui_field_set(&ui->confirm, "");
	ui->confirm_msg[0] = '\0';
	ui->typing = true;
}

/*
 * The plan in words. TODO(#3): show stk_plan_describe() once the plan API
 * is on main; until then the wizard says what it knows itself.
 */
static int draw_plan(const struct ui *ui, int y)
{
	char a[32], b[32];

	ui_printf(y++, 4, COLS - 8, UIC_DANGER, "ERASE:  %s, %s",
		  ui->target_name, ui_size(ui->target_bytes, a, sizeof(a)));
	ui_printf(y++, 12, COLS - 16, UIC_NORMAL, "%s", ui->target_path);
	ui_printf(y++, 4, COLS - 8, UIC_NORMAL, "Write:  %s", ui->image_path);
	ui_printf(y++, 12, COLS - 16, UIC_NORMAL, "%s",
		  ui_size(ui->image_bytes, b, sizeof(b)));
	ui_printf(y++, 4, COLS - 8, UIC_NORMAL, "Mode:   %s%s",
		  ui_mode_name(ui->mode),
		  ui->mode == STK_MODE_ISO || ui->mode == STK_MODE_ISO_UEFI_ONLY
			  ? (ui->gpt ? ", GPT" : ", MBR")
			  : "");
	ui_printf(y++, 4, COLS - 8, UIC_NORMAL, "Verify: %s",
		  ui->verify ? "read back and compare after writing" : "off");
	y++;
	y += ui_wrap(y, 4, COLS - 8, 3, UIC_WARN,
		     "The detailed plan (which files change and why) comes "
		     "from the write engine (issue 3), which is not built "
		     "yet.");
	return y;
}

static void draw(const struct ui *ui)
{
	int y;

	ui_frame(ui, "Confirm: this erases the target",
		 "type the name, then Enter  Esc back  Ctrl-U clear");
	y = draw_plan(ui, 4);
	y++;
	ui_printf(y, 4, COLS - 8, UIC_NORMAL,
		  "Type '%s' to erase it and write, or Esc to go back:",
		  ui->target_name);
	if (ui->confirm_msg[0])
		ui_text(y + 3, 4, COLS - 8, UIC_DANGER, ui->confirm_msg);
	ui_field_draw(&ui->confirm, y + 1, 4, 40, true);
}

static int key(struct ui *ui, int ch)
{
	switch (ch) {
	case UI_KEY_ESC:
		return UI_STEP_OPTIONS;
	case '\n':
	case KEY_ENTER:
		if (strcmp(ui->confirm.buf, ui->target_name)) {
			snprintf(ui->confirm_msg, sizeof(ui->confirm_msg),
				 "'%s' is not '%s': nothing was written",
				 ui->confirm.buf, ui->target_name);
			ui_log(ui,
			       "confirmation refused: typed '%s', "
			       "target '%s'",
			       ui->confirm.buf, ui->target_name);
			ui_field_set(&ui->confirm, "");
			return UI_STAY;
		}
		ui_log(ui, "confirmed: erase '%s'", ui->target_path);
		return UI_STEP_RUN;
	}
	ui_field_key(&ui->confirm, ch);
	return UI_STAY;
}

const struct screen scr_confirm = {
	.title = "Confirm",
	.help = "Read the plan: the target named in red is erased.\n"
		"\n"
		"To go on, type the target's name exactly as shown (for a "
		"stick its kernel name such as sdb, for an image file its "
		"file name) and press Enter. Anything else writes nothing.\n"
		"\n"
		"Esc goes back to the options.",
	.enter = enter,
	.draw = draw,
	.key = key,
};

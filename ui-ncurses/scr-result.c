// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * scr-result.c - step 6: what happened, precisely: success with the
 * verification and timings, or the failure and the state of the target;
 * where the log is and its last lines; write another target.
 */
#include <curses.h>
#include <errno.h>
#include <string.h>

#include "wizard.h"

static const char *headline(const struct ui *ui, enum ui_colour *c)
{
	*c = UIC_DANGER;
	switch (ui->rc) {
	case 0:
		*c = UIC_GOOD;
		return ui->verify ? "Done: written and verified"
				  : "Done: written (not verified)";
	case -ECANCELED:
		*c = UIC_WARN;
		return "Cancelled";
	case -EBADMSG:
		return "Verification FAILED: the target differs";
	case -ENODEV:
		return "Failed: the target vanished";
	case -EIO:
		return "Failed: read or write error";
	case -ENOSYS:
		return "Not written";
	default:
		return "Failed";
	}
}

/* What the target holds now, in one sentence. */
static const char *target_state(const struct ui *ui)
{
	switch (ui->rc) {
	case 0:
		return "The target holds the image.";
	case -ENOSYS:
		return "The target was not touched.";
	case -EBADMSG:
		return "The target holds wrong data: write it again, or "
		       "suspect the stick (a fake-capacity or failing "
		       "stick reads back what was not written).";
	default:
		return ui->written_bytes ? "The target is incomplete and will "
					   "not boot: write it "
					   "again."
					 : "Nothing reached the target.";
	}
}

static void draw(const struct ui *ui)
{
	const char *lines[UI_LOG_KEEP];
	char a[32], b[32];
	enum ui_colour c;
	const char *msg;
	size_t n, i;
	int y = 4;

	ui_frame(ui, "Result",
		 "Enter write another target  i other image  q quit  ? help");
	msg = headline(ui, &c);
	ui_text(y++, 4, COLS - 8, c, msg);
	y++;
	ui_printf(y++, 4, COLS - 8, UIC_NORMAL, "Image:  %s", ui->image_path);
	ui_printf(y++, 4, COLS - 8, UIC_NORMAL, "Target: %s", ui->target_path);
	if (ui->rc == 0 || ui->written_bytes)
		ui_printf(y++, 4, COLS - 8, UIC_NORMAL, "%s in %.1f s (%s/s)",
			  ui_size(ui->written_bytes, a, sizeof(a)),
			  ui->run_seconds,
			  ui_size(ui->run_seconds > 0
					  ? (uint64_t)(ui->written_bytes /
						       ui->run_seconds)
					  : 0,
				  b, sizeof(b)));
	msg = ui->result_msg[0] ? ui->result_msg : stk_ctx_errmsg(ui->ctx);
	if (ui->rc && msg[0])
		y += ui_wrap(y, 4, COLS - 8, 3, c, msg);
	y += ui_wrap(y, 4, COLS - 8, 3, UIC_NORMAL, target_state(ui));
	y++;
	ui_printf(y++, 4, COLS - 8, UIC_DIM, "Log: %s",
		  ui->logf ? ui->log_path : "(none: cannot open the log file)");
	n = stk_ctx_log_lines(ui->ctx, lines, UI_LOG_KEEP);
	if (n > (size_t)(LINES - 3 - y))
		n = (size_t)(LINES - 3 - y);
	for (i = 0; i < n; i++)
		ui_text(y++, 6, COLS - 10, UIC_DIM, lines[i]);
}

static int key(struct ui *ui, int ch)
{
	switch (ch) {
	case '\n':
	case KEY_ENTER:
	case 'n':
		return UI_STEP_DEVICE;
	case 'i':
	case UI_KEY_ESC:
		ui->report_view = false;
		return UI_STEP_IMAGE;
	}
	return UI_STAY;
}

const struct screen scr_result = {
	.title = "Result",
	.help = "The outcome of the write and of the verification.\n"
		"\n"
		"On a failure the message names the cause (first bad sector, "
		"read error, vanished device, cancelled) and says what the "
		"target holds now. The log file keeps every message.\n"
		"\n"
		"Enter writes the same image to another target (insert the "
		"next stick first), i chooses another image, q quits.",
	.draw = draw,
	.key = key,
};

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
	default:
		return "Failed";
	}
}

/* A stick written and verified may be powered off (e). */
static bool may_eject(const struct ui *ui)
{
	return !ui->rc && !ui->ejected &&
	       ui->res.verify == STK_VERIFY_IDENTICAL &&
	       ui->target_kind == UI_TARGET_DEVICE && ui->n_marked <= 1;
}

static void eject(struct ui *ui)
{
	char how[128];
	int rc;

	/* the stick chosen, not one plugged in under its name since */
	rc = stk_device_power_off_same(ui->ctx, &ui->chosen, how, sizeof(how));
	ui->ejected = rc == 0;
	if (rc)
		snprintf(ui->eject_msg, sizeof(ui->eject_msg),
			 "Not powered off: %s", stk_ctx_errmsg(ui->ctx));
	else
		snprintf(ui->eject_msg, sizeof(ui->eject_msg),
			 "%s is powered off: safe to remove (%s).",
			 ui->target_name, how);
	ui_log(ui, "%s", ui->eject_msg);
}

static void draw(const struct ui *ui)
{
	const struct stk_result *r = &ui->res;
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
	/* sentences wrap in a narrow terminal; paths end in an ellipsis */
	if (r->bytes_written)
		y += ui_wrapf(
			y, 4, COLS - 8, 2, UIC_NORMAL,
			"Written %s in %.1f s (%s/s)%s",
			stk_size_format(r->bytes_written, a, sizeof(a)),
			r->write_s,
			stk_size_format(r->write_s > 0
						? (uint64_t)(r->bytes_written /
							     r->write_s)
						: 0,
					b, sizeof(b)),
			r->direct ? ", page cache bypassed" : "");
	/* ISO mode: what the tree check proved before the target was
	 * touched, as the command line's result line says it */
	if (r->tree_files || r->tree_changed)
		y += ui_wrapf(
			y, 4, COLS - 8, 2, UIC_NORMAL,
			"%llu files (%s) as in the image, %llu changed as planned",
			(unsigned long long)r->tree_files,
			stk_size_format(r->tree_bytes, a, sizeof(a)),
			(unsigned long long)r->tree_changed);
	if (r->verify != STK_VERIFY_NOT_RUN)
		y += ui_wrapf(y, 4, COLS - 8, 2,
			      r->verify == STK_VERIFY_IDENTICAL ? UIC_GOOD
								: UIC_DANGER,
			      "Verified %s in %.1f s: %s",
			      stk_size_format(r->bytes_verified, a, sizeof(a)),
			      r->verify_s, stk_verify_outcome_name(r->verify));
	else
		ui_text(y++, 4, COLS - 8, UIC_NORMAL, "Verified: no");
	if (r->verify == STK_VERIFY_MISMATCH)
		y += ui_wrapf(
			y, 4, COLS - 8, 2, UIC_DANGER,
			"First bad sector %llu, %llu bad sectors of %u bytes",
			(unsigned long long)r->first_bad_sector,
			(unsigned long long)r->bad_sectors, r->sector_bytes);
	if (ui->rc && ui->result_msg[0])
		y += ui_wrap(y, 4, COLS - 8, 3, c, ui->result_msg);
	if (r->target_state[0]) {
		char state[sizeof(r->target_state) + 32];

		snprintf(state, sizeof(state), "The target is %s.",
			 r->target_state);
		y += ui_wrap(y, 4, COLS - 8, 3, UIC_NORMAL, state);
	}
	if (ui->eject_msg[0])
		y += ui_wrap(y, 4, COLS - 8, 2,
			     ui->ejected ? UIC_GOOD : UIC_DANGER,
			     ui->eject_msg);
	else if (may_eject(ui))
		y += ui_wrap(y, 4, COLS - 8, 2, UIC_TITLE,
			     "Press e to power the stick off: safe to remove.");
	y += LINES < 24 ? 0 : 1;
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
	case 'e':
		if (may_eject(ui))
			eject(ui);
		return UI_STAY;
	}
	return UI_STAY;
}

const struct screen scr_result = {
	.title = "Result",
	.help = "The outcome of the write and of the verification.\n"
		"\n"
		"On a failure the message names the cause (first bad sector, read error, vanished device, cancelled) and says what the target holds now. The log file keeps every message.\n"
		"\n"
		"After a verified write to a stick, e powers it off so it is safe to remove.\n"
		"\n"
		"Enter writes the same image to another target (insert the next stick first), i chooses another image, q quits.",
	.draw = draw,
	.key = key,
};

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * scr-act-run.c - running one of the first screen's other actions over
 * the core (extract, read, restore, test): a bar, the speed, the item,
 * a cancel that asks first, and the result in words.
 */
#include <curses.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"

void ui_act_release(struct ui *ui)
{
	struct ui_act *a = ui->act;

	if (!a)
		return;
	act_inside_close(a);
	stk_devlist_free(a->devs);
	free(a);
	ui->act = NULL;
}

static void enter(struct ui *ui)
{
	struct ui_act *a = ui->act;

	a->phase = STK_PHASE_COPY;
	a->done = a->total = 0;
	a->bps = 0;
	a->item[0] = '\0';
	a->ask_cancel = false;
	a->want_cancel = false;
	a->n_lines = 0;
	a->rc = 0;
}

static void draw(const struct ui *ui)
{
	const struct ui_act *a = ui->act;
	char x[32], y[32];

	ui_frame(ui, act_title(a), "c cancel  F1 help");
	ui_printf(4, 4, COLS - 8, UIC_NORMAL, "%s",
		  a->kind == ACT_EXTRACT ? a->image : a->target);
	ui_printf(6, 4, COLS - 8, UIC_TITLE, "Phase: %s",
		  stk_phase_name(a->phase));
	ui_bar(ui, 8, 4, COLS - 16, a->done, a->total);
	if (a->total)
		ui_printf(8, COLS - 11, 8, UIC_NORMAL, "%3d%%",
			  (int)(a->done * 100 / a->total));
	ui_printf(10, 4, COLS - 8, UIC_NORMAL, "%s of %s, %.1f MB/s",
		  stk_size_format(a->done, x, sizeof(x)),
		  a->total ? stk_size_format(a->total, y, sizeof(y)) : "?",
		  a->bps / 1e6);
	if (a->item[0])
		ui_printf(12, 4, COLS - 8, UIC_DIM, "%s", a->item);
	if (a->ask_cancel)
		ui_dialog(ui, " Cancel? ",
			  "Stop now?\n"
			  "The result screen says what is left.\n\n"
			  "y = stop   n = go on",
			  UIC_DANGER);
}

static int on_progress(const struct stk_progress *pr, void *data)
{
	struct ui *ui = data;
	struct ui_act *a = ui->act;
	int ch;

	a->phase = pr->phase;
	a->done = pr->done;
	a->total = pr->total;
	a->bps = pr->elapsed_s > 0 ? (double)pr->done / pr->elapsed_s : 0;
	snprintf(a->item, sizeof(a->item), "%s", pr->item ? pr->item : "");
	for (ch = getch(); ch != ERR; ch = getch()) {
		if (a->ask_cancel) {
			if (ch == 'y' || ch == 'Y')
				a->want_cancel = true;
			else if (ch == 'n' || ch == 'N' || ch == UI_KEY_ESC)
				a->ask_cancel = false;
		} else if (ch == 'c' || ch == 'q' || ch == UI_KEY_ESC) {
			a->ask_cancel = true;
		}
	}
	if (ui_redraw_due(ui, 100) && !ui_too_small()) {
		draw(ui);
		refresh();
	}
	return a->want_cancel || ui_got_sigint;
}

static int run_extract(struct ui *ui)
{
	struct ui_act *a = ui->act;
	struct stk_extract_result r;
	struct stk_tree *tree = NULL;
	char b[32], t[32];
	int rc;

	memset(&r, 0, sizeof(r));
	rc = stk_tree_open(ui->ctx, a->image, &tree);
	if (rc) {
		act_result(a, "%s", stk_ctx_errmsg(ui->ctx));
		return rc;
	}
	rc = stk_tree_extract(ui->ctx, tree, a->dest.buf, 0, &r);
	stk_tree_close(tree);
	if (rc)
		act_result(a, "%s", stk_ctx_errmsg(ui->ctx));
	act_result(a,
		   "%" PRIu64 " files, %" PRIu64 " folders, %" PRIu64
		   " symlinks; %s of %s of file data into '%s'",
		   r.files, r.dirs, r.symlinks,
		   stk_size_format(r.bytes, b, sizeof(b)),
		   stk_size_format(r.total_bytes, t, sizeof(t)), a->dest.buf);
	if (r.state[0])
		act_result(a, "'%s' %s", a->dest.buf, r.state);
	return rc;
}

static int run_read(struct ui *ui)
{
	struct ui_act *a = ui->act;
	struct stk_read_options o;
	const struct stk_read_result *r;
	struct stk_reader *rd = NULL;
	char x[32];
	int rc;

	stk_read_options_init(&o);
	o.bmap = true;
	rc = stk_reader_new(ui->ctx, a->target, a->dest.buf, &o, &rd);
	if (rc) {
		act_result(a, "%s; nothing read", stk_ctx_errmsg(ui->ctx));
		return rc;
	}
	r = stk_reader_result(rd);
	act_result(a, "%s", r->rule);
	rc = stk_reader_run(ui->ctx, rd);
	if (rc) {
		act_result(a, "%s", stk_ctx_errmsg(ui->ctx));
	} else {
		act_result(
			a,
			"read %s in %.1f s (%.1f MB/s) into '%s'; verified: %s",
			stk_size_format(r->bytes_read, x, sizeof(x)), r->read_s,
			r->read_s > 0 ? (double)r->bytes_read / r->read_s / 1e6
				      : 0.0,
			a->dest.buf,
			r->verify == STK_VERIFY_IDENTICAL
				? "the source read again and the image are identical"
				: stk_verify_outcome_name(r->verify));
		if (r->bmap[0])
			act_result(a, "block map: '%s'", r->bmap);
		if (r->n_bad)
			act_result(
				a,
				"%" PRIu64
				" unreadable sectors are zeros in the image; listed in '%s'",
				r->n_bad, r->sidecar);
	}
	if (r->state[0])
		act_result(a, "'%s' %s", a->dest.buf, r->state);
	stk_reader_free(rd);
	return rc;
}

/* The disk is still the one chosen, and passes the rules now. */
static int check_again(struct ui *ui, unsigned *flags, unsigned unmount)
{
	struct ui_act *a = ui->act;
	int rc;

	if (!a->is_dev)
		return 0;
	rc = stk_device_check(
		ui->ctx, &a->dev, NULL,
		STK_CHECK_NO_OPEN |
			(a->dev.needs_unmount
				 ? STK_CHECK_UNMOUNT | STK_CHECK_DRY_RUN
				 : 0));
	if (rc) {
		act_result(a, "%s; the stick is untouched",
			   stk_ctx_errmsg(ui->ctx));
		return rc;
	}
	if (a->dev.needs_unmount)
		*flags |= unmount;
	return 0;
}

static int run_restore(struct ui *ui)
{
	struct ui_act *a = ui->act;
	struct stk_restore_result r;
	unsigned flags = 0;
	int rc;

	memset(&r, 0, sizeof(r));
	rc = check_again(ui, &flags, STK_CHECK_UNMOUNT);
	if (rc)
		return rc;
	rc = stk_restore(ui->ctx, a->target,
			 a->exfat ? STK_RESTORE_EXFAT : STK_RESTORE_FAT32,
			 a->dest.buf, flags, &r);
	if (rc)
		act_result(a, "%s", stk_ctx_errmsg(ui->ctx));
	else
		act_result(a,
			   "%" PRIu64 " bytes written in %.1f s, read back: %s",
			   r.bytes_written, r.write_s,
			   stk_verify_outcome_name(r.verify));
	if (r.state[0])
		act_result(a, "'%s' %s", a->target, r.state);
	return rc;
}

static int run_test(struct ui *ui)
{
	struct ui_act *a = ui->act;
	struct stk_captest_result r;
	unsigned flags = a->full ? STK_CAPTEST_FULL : 0;
	int rc;

	memset(&r, 0, sizeof(r));
	rc = check_again(ui, &flags, STK_CHECK_UNMOUNT);
	if (rc)
		return rc;
	rc = stk_captest(ui->ctx, a->target, flags, &r);
	if (rc) {
		act_result(a, "%s", stk_ctx_errmsg(ui->ctx));
		if (r.state[0])
			act_result(a, "'%s' %s", a->target, r.state);
		return rc;
	}
	act_result(a, "%s: %s", a->target, r.state);
	if (a->full)
		act_result(a, "wrote at %.1f MB/s, read at %.1f MB/s",
			   r.write_s > 0
				   ? (double)r.bytes_written / r.write_s / 1e6
				   : 0.0,
			   r.read_s > 0 ? (double)r.bytes_read / r.read_s / 1e6
					: 0.0);
	else
		act_result(a,
			   "%u tagged blocks written and read back in %.1f s",
			   r.n_probes, r.write_s + r.read_s);
	act_result(
		a,
		"the test replaced what the stick held: r (restore) on the first screen makes it a data stick again");
	/* a finding, not a failure of the run, but the screen says it red */
	return r.fake || r.bad_blocks ? -EBADMSG : 0;
}

static int work(struct ui *ui)
{
	struct ui_act *a = ui->act;
	int rc = -EINVAL;

	stk_ctx_set_progress(ui->ctx, on_progress, ui);
	nodelay(stdscr, TRUE);
	switch (a->kind) {
	case ACT_EXTRACT:
		rc = run_extract(ui);
		break;
	case ACT_READ:
		rc = run_read(ui);
		break;
	case ACT_RESTORE:
		rc = run_restore(ui);
		break;
	case ACT_TEST:
		rc = run_test(ui);
		break;
	case ACT_LS:
		break;
	}
	timeout(250);
	stk_ctx_set_progress(ui->ctx, NULL, NULL);
	a->rc = rc;
	/* an output that is in the way: nothing was done, choose another */
	if ((a->kind == ACT_READ && rc == -EEXIST) ||
	    (a->kind == ACT_EXTRACT && (rc == -ENOTEMPTY || rc == -ENOTDIR))) {
		a->stage = ACT_FORM;
		ui->typing = true;
		return UI_STEP_ACT;
	}
	a->stage = ACT_RESULT;
	ui_log(ui, "%s: %s", act_title(a),
	       a->n_lines ? a->line[a->n_lines - 1] : "done");
	return UI_STEP_ACT;
}

static int key(struct ui *ui, int ch)
{
	return UI_STAY;
}

const struct screen scr_act_run = {
	.title = "Action",
	.help = "The action runs. c, q or Esc asks whether to stop; y stops, n goes on. The result screen says what is left.",
	.enter = enter,
	.draw = draw,
	.key = key,
	.work = work,
};

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * scr-run.c - step 5: run the plan. The engine runs on this thread and
 * calls back with progress; the callback redraws at most ten times a
 * second and reads keys without blocking, so the screen stays responsive
 * and a cancel (with a question) reaches the engine.
 */
#include <curses.h>
#include <errno.h>
#include <string.h>

#include "wizard.h"

static void enter(struct ui *ui)
{
	ui->phase = STK_PHASE_WRITE;
	ui->done = 0;
	ui->total = 0;
	ui->item[0] = '\0';
	ui->n_spark = 0;
	ui->speed = 0;
	ui->ask_cancel = false;
	ui->want_cancel = false;
	ui->ran = false;
	ui->run_start = ui_now();
	ui->last_sample = ui->run_start;
	ui->last_sample_bytes = 0;
	ui->last_draw = 0;
	memset(ui->mark_row, 0, sizeof(ui->mark_row));
}

static void fmt_time(double s, char *buf, size_t len)
{
	unsigned t = s > 0 ? (unsigned)(s + 0.5) : 0;

	if (t >= 3600)
		snprintf(buf, len, "%u:%02u:%02u", t / 3600, t / 60 % 60,
			 t % 60);
	else
		snprintf(buf, len, "%u:%02u", t / 60, t % 60);
}

static void draw(const struct ui *ui)
{
	char a[32], b[32], c[32], d[32], e[32];
	double avg = ui->phase_elapsed > 0 ? ui->done / ui->phase_elapsed : 0;
	int pct = ui->total ? (int)(ui->done * 100 / ui->total) : -1;

	ui_frame(ui, ui->ran ? "Finished" : "Writing: do not remove the target",
		 "c cancel  ? help");
	ui_printf(4, 4, COLS - 8, UIC_NORMAL, "%s -> %s", ui->image_path,
		  ui->target_path);
	if (ui->n_marked > 1) {
		ui_marks_draw_rows(ui, 6);
		return;
	}
	ui_printf(6, 4, COLS - 8, UIC_TITLE, "Phase: %s",
		  stk_phase_name(ui->phase));
	ui_bar(ui, 8, 4, COLS - 16, ui->done, ui->total);
	if (pct >= 0)
		ui_printf(8, COLS - 11, 8, UIC_NORMAL, "%3d%%", pct);
	else
		ui_text(8, COLS - 11, 8, UIC_NORMAL, "  ?%");
	ui_printf(10, 4, COLS - 8, UIC_NORMAL, "%s of %s",
		  stk_size_format(ui->done, a, sizeof(a)),
		  ui->total ? stk_size_format(ui->total, b, sizeof(b)) : "?");
	fmt_time(ui->total && avg > 0 ? (ui->total - ui->done) / avg : 0, d,
		 sizeof(d));
	fmt_time(ui_now() - ui->run_start, e, sizeof(e));
	ui_wrapf(11, 4, COLS - 8, 2, UIC_NORMAL,
		 "speed %s/s now, %s/s average   elapsed %s   left %s",
		 stk_size_format((uint64_t)ui->speed, a, sizeof(a)),
		 stk_size_format((uint64_t)avg, c, sizeof(c)), e,
		 ui->total && avg > 0 ? d : "?");
	if (ui->item[0])
		ui_printf(13, 4, COLS - 8, UIC_DIM, "file: %s", ui->item);
	ui_text(15, 4, 12, UIC_NORMAL, "speed graph:");
	ui_sparkline(ui, 15, 17, COLS - 22, ui->spark, ui->n_spark);
	if (ui->ask_cancel)
		ui_dialog(
			ui, " Cancel? ",
			"Stop writing now?\n"
			"The target will be left incomplete and will not boot.\n\n"
			"y = stop   n = go on",
			UIC_DANGER);
}

/* Below the wizard's size: what is happening, on one line. */
static void draw_small(const struct ui *ui)
{
	char a[32], b[32], c[32], pct[8] = "?";

	if (ui->total)
		snprintf(pct, sizeof(pct), "%d%%",
			 (int)(ui->done * 100 / ui->total));
	erase();
	mvprintw(0, 0, "%.*s", COLS,
		 ui->ran ? "Finished" : "Writing: do not remove the target");
	mvprintw(LINES / 2, 0, "%.*s", COLS, "");
	printw("%s %s %s of %s, %s/s", stk_phase_name(ui->phase), pct,
	       stk_size_format(ui->done, a, sizeof(a)),
	       ui->total ? stk_size_format(ui->total, b, sizeof(b)) : "?",
	       stk_size_format((uint64_t)ui->speed, c, sizeof(c)));
	if (ui->ask_cancel)
		mvprintw(LINES - 1, 0, "%.*s", COLS, "Stop writing now? y/n");
	else
		mvprintw(LINES - 1, 0, "%.*s", COLS, "c cancel");
}

/* One speed sample a second feeds the graph and the "now" figure. */
static void sample(struct ui *ui)
{
	double now = ui_now(), dt = now - ui->last_sample;

	if (dt < 1.0)
		return;
	if (ui->done < ui->last_sample_bytes)
		ui->last_sample_bytes = 0; /* a new phase began */
	ui->speed = (ui->done - ui->last_sample_bytes) / dt;
	ui->last_sample = now;
	ui->last_sample_bytes = ui->done;
	if (ui->n_spark == UI_SPARK_MAX) {
		memmove(ui->spark, ui->spark + 1,
			(UI_SPARK_MAX - 1) * sizeof(ui->spark[0]));
		ui->n_spark--;
	}
	ui->spark[ui->n_spark++] = ui->speed;
}

static void keys(struct ui *ui)
{
	int ch;

	for (ch = getch(); ch != ERR; ch = getch()) {
		if (ch == KEY_RESIZE) {
			ui->last_draw = 0;
			continue;
		}
		if (ui->help) {
			ui->help = false;
			ui->last_draw = 0;
			continue;
		}
		if (ch == '?' || ch == KEY_F(1)) {
			ui->help = true;
			ui->last_draw = 0;
			continue;
		}
		if (ui->ask_cancel) {
			if (ch == 'y' || ch == 'Y')
				ui->want_cancel = true;
			if (ch == 'n' || ch == 'N' || ch == UI_KEY_ESC)
				ui->ask_cancel = false;
			ui->last_draw = 0;
			continue;
		}
		if (ch == 'c' || ch == 'q' || ch == UI_KEY_ESC) {
			ui->ask_cancel = true;
			ui->last_draw = 0;
		}
	}
}

static int on_progress(const struct stk_progress *pr, void *data)
{
	struct ui *ui = data;

	if (ui->n_marked > 1 && pr->target >= 0 && pr->target < ui->n_marked) {
		ui->mark_row[pr->target].phase = pr->phase;
		ui->mark_row[pr->target].done = pr->done;
		ui->mark_row[pr->target].total = pr->total;
	}
	if (pr->phase != ui->phase) {
		/* a new phase starts its speed from its own first bytes:
		 * no spike, no figure carried over from the last phase */
		ui->last_sample = ui_now();
		ui->last_sample_bytes = pr->done;
		ui->speed = 0;
	}
	ui->phase = pr->phase;
	ui->done = pr->done;
	ui->total = pr->total;
	ui->phase_elapsed = pr->elapsed_s;
	snprintf(ui->item, sizeof(ui->item), "%s", pr->item ? pr->item : "");
	sample(ui);
	keys(ui);
	if (ui_redraw_due(ui, 100)) {
		if (ui_too_small())
			draw_small(ui);
		else
			draw(ui);
		if (ui->help)
			ui_help_draw(ui, &scr_run);
		refresh();
	}
	return ui->want_cancel || ui_got_sigint;
}

static int run_plan(struct ui *ui)
{
	int rc;

	ui->result_msg[0] = '\0';
	memset(&ui->res, 0, sizeof(ui->res));
	/* The stick chosen minutes ago must still be the one plugged in. */
	if (ui->n_marked > 1) {
		rc = ui_marks_plan(ui, NULL, false);
		if (rc) {
			snprintf(ui->result_msg, sizeof(ui->result_msg), "%s",
				 stk_ctx_errmsg(ui->ctx));
			snprintf(ui->res.target_state,
				 sizeof(ui->res.target_state),
				 "untouched, every one");
			return rc;
		}
	} else if (ui->target_kind == UI_TARGET_DEVICE) {
		rc = stk_device_check(ui->ctx, &ui->chosen, ui->image_path,
				      ui->unmount ? STK_CHECK_UNMOUNT : 0);
		if (rc) {
			snprintf(ui->result_msg, sizeof(ui->result_msg), "%s",
				 stk_ctx_errmsg(ui->ctx));
			snprintf(ui->res.target_state,
				 sizeof(ui->res.target_state), "untouched");
			return rc;
		}
	}
	stk_ctx_log_forget(ui->ctx); /* the result shows this run's lines */
	/* "test this stick first", asked for on the target screen */
	rc = ui_test_first(ui);
	if (rc)
		return rc;
	rc = stk_plan_run(ui->ctx, ui->plan);
	ui->res = *stk_plan_result(ui->plan);
	if (rc)
		snprintf(ui->result_msg, sizeof(ui->result_msg), "%s",
			 stk_ctx_errmsg(ui->ctx));
	if (ui->n_marked > 1)
		ui_marks_finish(ui);
	return rc;
}

/* Runs the plan once the screen is up; keys are read by on_progress(). */
static int work(struct ui *ui)
{
	int rc;

	if (ui->ran)
		return UI_STEP_RESULT;
	stk_ctx_set_progress(ui->ctx, on_progress, ui);
	nodelay(stdscr, TRUE);
	rc = run_plan(ui);
	timeout(250);
	stk_ctx_set_progress(ui->ctx, NULL, NULL);
	ui->ran = true;
	ui->rc = rc;
	ui->run_seconds = ui_now() - ui->run_start;
	ui->written_bytes = ui->res.bytes_written;
	ui_log(ui, "run ended: %s (%d)", rc ? ui->result_msg : "ok", rc);
	return UI_STEP_RESULT;
}

static int key(struct ui *ui, int ch)
{
	return ui->ran ? UI_STEP_RESULT : UI_STAY;
}

const struct screen scr_run = {
	.title = "Write",
	.help = "The image is being written. Do not remove the target.\n"
		"\n"
		"The bar shows the current phase (write, then verify). The graph shows the speed over time, one mark a second.\n"
		"\n"
		"c, q or Esc asks whether to stop; y stops, n goes on. A stopped target is incomplete and will not boot: write it again.",
	.enter = enter,
	.draw = draw,
	.key = key,
	.work = work,
};

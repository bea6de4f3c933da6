// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * marks.c - the wizard writing several sticks at once: the sticks marked
 * with space on the target screen, checked again and planned together,
 * a row each while they run, a log line each (serial, vendor, model,
 * size, result, time) and one summary line.
 */
#include <curses.h>
#include <errno.h>
#include <string.h>

#include "many.h"
#include "wizard.h"

bool ui_marks_has(const struct ui *ui, const char *path)
{
	int i;

	for (i = 0; i < ui->n_marked; i++)
		if (!strcmp(ui->marked[i].path, path))
			return true;
	return false;
}

bool ui_marks_toggle(struct ui *ui, const struct stk_device *d)
{
	int i;

	for (i = 0; i < ui->n_marked; i++) {
		if (strcmp(ui->marked[i].path, d->path))
			continue;
		ui->marked[i] = ui->marked[--ui->n_marked];
		ui_status(ui, "%d sticks marked", ui->n_marked);
		return true;
	}
	if (!d->offered || d->read_only || d->size_bytes < ui->image_bytes) {
		ui_status(ui, "%s cannot be marked: %s", d->name,
			  d->reason[0] ? d->reason : "not writable");
		return false;
	}
	if (d->needs_unmount) {
		ui_status(
			ui,
			"%s has mounted partitions: choose it alone with Enter",
			d->name);
		return false;
	}
	if (ui->n_marked == UI_MAX_MARKS) {
		ui_status(ui, "at most %d sticks at once", UI_MAX_MARKS);
		return false;
	}
	ui->marked[ui->n_marked++] = *d;
	ui_status(ui, "%d sticks marked: Enter writes them all at once",
		  ui->n_marked);
	return true;
}

void ui_marks_prune(struct ui *ui)
{
	size_t j, n = stk_devlist_count(ui->devs);
	int i;

	for (i = 0; i < ui->n_marked;) {
		for (j = 0; j < n; j++)
			if (!strcmp(stk_devlist_get(ui->devs, j)->path,
				    ui->marked[i].path))
				break;
		if (j < n) {
			i++;
			continue;
		}
		ui_log(ui, "marked stick %s left", ui->marked[i].path);
		ui->marked[i] = ui->marked[--ui->n_marked];
	}
}

int ui_marks_use(struct ui *ui)
{
	size_t used = 0;
	int i;

	ui->target_kind = UI_TARGET_DEVICE;
	ui->unmount = false;
	ui->chosen = ui->marked[0];
	ui->target_bytes = ui->marked[0].size_bytes;
	ui->target_path[0] = '\0';
	for (i = 0; i < ui->n_marked; i++) {
		const struct stk_device *d = &ui->marked[i];

		if (d->size_bytes < ui->target_bytes)
			ui->target_bytes = d->size_bytes;
		if (used < sizeof(ui->target_path))
			used += (size_t)snprintf(ui->target_path + used,
						 sizeof(ui->target_path) - used,
						 "%s%s", i ? " " : "", d->path);
		ui_log(ui,
		       "target %d of %d: %s (%s %s, serial '%s', %llu bytes)",
		       i + 1, ui->n_marked, d->path, d->vendor, d->model,
		       d->serial, (unsigned long long)d->size_bytes);
	}
	snprintf(ui->target_name, sizeof(ui->target_name), "erase %d",
		 ui->n_marked);
	return UI_STEP_OPTIONS;
}

int ui_marks_plan(struct ui *ui, const struct stk_options *opt, bool dry)
{
	const char *paths[UI_MAX_MARKS];
	int i, rc = 0;

	/* each stick as the list saw it, not just a path */
	for (i = 0; i < ui->n_marked && !rc; i++) {
		rc = stk_device_check(ui->ctx, &ui->marked[i], ui->image_path,
				      dry ? STK_CHECK_DRY_RUN : 0);
		paths[i] = ui->marked[i].path;
	}
	if (!rc && dry)
		rc = stk_plan_new_many(ui->ctx, ui->img, paths,
				       (size_t)ui->n_marked, opt, &ui->plan);
	return rc;
}

void ui_marks_draw_rows(const struct ui *ui, int y)
{
	char a[32], b[32];
	int i;

	for (i = 0; i < ui->n_marked && y < LINES - 3; i++, y++) {
		const struct ui_mark_row *r = &ui->mark_row[i];

		ui_printf(y, 4, 10, UIC_NORMAL, "%s", ui->marked[i].name);
		ui_printf(y, 14, 7, UIC_TITLE, "%s", stk_phase_name(r->phase));
		ui_bar(ui, y, 22, COLS - 56, r->done, r->total);
		ui_printf(y, COLS - 32, 28, UIC_NORMAL, "%s / %s",
			  stk_size_format(r->done, a, sizeof(a)),
			  r->total ? stk_size_format(r->total, b, sizeof(b))
				   : "?");
	}
}

void ui_marks_finish(struct ui *ui)
{
	char what[STK_MESSAGE_MAX], tail[1024] = "";
	size_t i, n = stk_plan_target_count(ui->plan), good = 0, used = 0;

	for (i = 0; i < n; i++) {
		const struct stk_result *res = stk_plan_result_at(ui->plan, i);
		const struct stk_device *d = &ui->marked[i];

		ui_many_outcome(res, what, sizeof(what));
		ui_log(ui,
		       "stick %s: serial '%s', vendor '%s', model '%s', %llu bytes: %s in %.1f s; %s",
		       d->path, d->serial, d->vendor, d->model,
		       (unsigned long long)d->size_bytes, what,
		       res->write_s + res->verify_s, res->target_state);
		if (!res->rc)
			good++;
		else if (used < sizeof(tail))
			used += (size_t)snprintf(
				tail + used, sizeof(tail) - used, "; %s %s%s",
				d->name,
				res->rc == -ECANCELED ? "stopped" : "failed: ",
				res->rc == -ECANCELED ? "" : what);
	}
	snprintf(ui->result_msg, sizeof(ui->result_msg),
		 "%zu of %zu sticks written%s%s", good, n,
		 ui->verify ? " and verified" : "", tail);
	ui_log(ui, "%s", ui->result_msg);
}

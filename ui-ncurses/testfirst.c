// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * testfirst.c - "test this stick first": the quick capacity test on the
 * chosen stick just before the write, so a counterfeit stick stops the
 * write with its real capacity instead of taking an image it will lose.
 */
#include <errno.h>
#include <sys/stat.h>

#include "wizard.h"

bool ui_test_first_toggle(struct ui *ui)
{
	if (ui->n_marked > 1) {
		ui_status(
			ui,
			"the test runs before a write to one stick; the duplicator (d) tests each stick");
		return false;
	}
	ui->test_first = !ui->test_first;
	ui_status(
		ui, "%s",
		ui->test_first
			? "the stick's real capacity is tested before it is written"
			: "no capacity test before the write");
	return true;
}

int ui_test_first(struct ui *ui)
{
	struct stk_captest_result r;
	struct stat st;
	unsigned flags = ui->unmount ? STK_CHECK_UNMOUNT : 0;
	char a[32];
	int rc;

	if (!ui->test_first || ui->n_marked > 1)
		return 0;
	/* a file about to be made cannot lie about its size */
	if (ui->target_kind == UI_TARGET_FILE && stat(ui->target_path, &st)) {
		ui_log(ui, "capacity test skipped: '%s' is a new file",
		       ui->target_path);
		return 0;
	}
	ui_log(ui, "capacity test of '%s' before the write", ui->target_path);
	rc = stk_captest(ui->ctx, ui->target_path, flags, &r);
	if (rc) {
		snprintf(
			ui->result_msg, sizeof(ui->result_msg),
			"the capacity test failed, the image was not written: %s",
			stk_ctx_errmsg(ui->ctx));
		snprintf(ui->res.target_state, sizeof(ui->res.target_state),
			 "%s", r.state[0] ? r.state : "not written");
		return rc;
	}
	ui_log(ui, "capacity test of '%s': %s", ui->target_path, r.state);
	if (!r.fake)
		return 0;
	snprintf(
		ui->result_msg, sizeof(ui->result_msg),
		"%s: a counterfeit stick; the image was not written (it needs %s)",
		r.state, stk_size_format(ui->image_bytes, a, sizeof(a)));
	snprintf(ui->res.target_state, sizeof(ui->res.target_state),
		 "holds the test's blocks, not the image");
	return -EMEDIUMTYPE;
}

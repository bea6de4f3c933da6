/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * many.h - the command line's view of a write to several targets
 * (many.c): a progress row per target, the results and the summary.
 */
#ifndef STK_UI_MANY_H
#define STK_UI_MANY_H

#include "ui.h"

struct ui_many_row {
	bool		seen;		/* a report came */
	enum stk_phase	phase;
	uint64_t	done;
	uint64_t	total;
	double		elapsed;
};

struct ui_many {
	enum ui_progress_style style;
	const struct stk_plan *plan;
	size_t		n;
	bool		verify;		/* the plan reads back */
	struct ui_many_row *row;
	size_t		drawn;		/* rows on the terminal to redraw */
	double		last_draw;
};

/* -1 when out of memory. */
int ui_many_init(struct ui_many *m, enum ui_progress_style style,
		 const struct stk_plan *plan);
void ui_many_free(struct ui_many *m);
/* The stk_progress_fn; @data is a struct ui_many. */
int ui_many_progress_fn(const struct stk_progress *pr, void *data);
/* The rows a last time. */
void ui_many_end(struct ui_many *m);
/* What happened to one target in a few words ("write error at sector 6"). */
void ui_many_outcome(const struct stk_result *res, char *buf, size_t len);
/*
 * A line per target (stdout, or stderr with @json, when a JSON result
 * object per target and a summary object go to stdout), then the summary
 * "3 of 4 sticks written and verified; /dev/sdd failed: ..." last.
 */
void ui_many_report(const struct ui_many *m, bool json);

#endif /* STK_UI_MANY_H */

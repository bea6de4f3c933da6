// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * many.c - `stickler write IMAGE TARGET TARGET...` on the command line:
 * a progress line per target (redrawn in place on a terminal, or JSON
 * objects with a "target" key), a result per target and the summary line.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "ui.h"
#include "many.h"

int ui_many_init(struct ui_many *m, enum ui_progress_style style,
		 const struct stk_plan *plan)
{
	memset(m, 0, sizeof(*m));
	m->plan = plan;
	m->n = stk_plan_target_count(plan);
	m->row = calloc(m->n, sizeof(*m->row));
	if (!m->row)
		return -1;
	m->style = style;
	if (style == UI_PROGRESS_AUTO)
		m->style = isatty(STDERR_FILENO) ? UI_PROGRESS_TTY
						 : UI_PROGRESS_NONE;
	return 0;
}

void ui_many_free(struct ui_many *m)
{
	free(m->row);
	m->row = NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* All rows again, the cursor moved back up over the previous drawing. */
static void draw(struct ui_many *m)
{
	char done[32], total[32];
	size_t i;

	if (m->drawn)
		fprintf(stderr, "\033[%zuA", m->drawn);
	for (i = 0; i < m->n; i++) {
		const struct ui_many_row *r = &m->row[i];

		stk_size_format(r->done, done, sizeof(done));
		stk_size_format(r->total, total, sizeof(total));
		fprintf(stderr,
			"\r\033[K%-16.16s %-6s %10s / %-10s %3u%% %6.1f MB/s\n",
			stk_plan_target_at(m->plan, i),
			r->seen ? stk_phase_name(r->phase) : "wait", done,
			r->total ? total : "?",
			r->total ? (unsigned)(r->done * 100 / r->total) : 0,
			r->elapsed > 0 ? (double)r->done / r->elapsed / 1e6
				       : 0.0);
	}
	m->drawn = m->n;
	fflush(stderr);
}

int ui_many_progress_fn(const struct stk_progress *pr, void *data)
{
	struct ui_many *m = data;
	struct ui_many_row *r;
	double now;

	if (pr->target < 0 || (size_t)pr->target >= m->n)
		return ui_interrupted ? 1 : 0;
	r = &m->row[pr->target];
	r->seen = true;
	r->phase = pr->phase;
	r->done = pr->done;
	r->total = pr->total;
	r->elapsed = pr->elapsed_s;
	switch (m->style) {
	case UI_PROGRESS_JSON:
		fprintf(ui_json_stream(), "{\"target\":");
		ui_json_string(ui_json_stream(),
			       stk_plan_target_at(m->plan, pr->target));
		fprintf(ui_json_stream(),
			",\"phase\":\"%s\",\"done\":%" PRIu64
			",\"total\":%" PRIu64 ",\"bytes_per_s\":%.0f}\n",
			stk_phase_name(pr->phase), pr->done, pr->total,
			pr->elapsed_s > 0 ? (double)pr->done / pr->elapsed_s
					  : 0.0);
		fflush(ui_json_stream());
		break;
	case UI_PROGRESS_TTY:
		now = now_s();
		if (now - m->last_draw >= 0.2) {
			m->last_draw = now;
			draw(m);
		}
		break;
	default:
		break;
	}
	return ui_interrupted ? 1 : 0;
}

void ui_many_end(struct ui_many *m)
{
	if (m->style == UI_PROGRESS_TTY && m->drawn)
		draw(m);
}

/* "write error at sector 6152": what went wrong, in a few words. */
void ui_many_outcome(const struct stk_result *res, char *buf, size_t len)
{
	uint32_t ss = res->sector_bytes ? res->sector_bytes : 512;
	uint64_t sector = res->error_offset / ss;

	switch (res->verify) {
	case STK_VERIFY_IDENTICAL:
		snprintf(buf, len, "written and verified");
		return;
	case STK_VERIFY_MISMATCH:
		snprintf(buf, len,
			 "differs: %" PRIu64
			 " bad sectors from sector %" PRIu64,
			 res->bad_sectors, res->first_bad_sector);
		return;
	case STK_VERIFY_READ_ERROR:
		snprintf(buf, len, "read error at sector %" PRIu64, sector);
		return;
	case STK_VERIFY_VANISHED:
		snprintf(buf, len, "vanished while being read back");
		return;
	case STK_VERIFY_STOPPED:
	case STK_VERIFY_NOT_RUN:
		break;
	}
	switch (res->rc) {
	case 0:
		snprintf(buf, len, "written, not verified");
		return;
	case -ECANCELED:
		snprintf(buf, len, "stopped");
		return;
	case -EIO:
		snprintf(buf, len, "write error at sector %" PRIu64, sector);
		return;
	case -ENOSPC:
		if (res->bytes_written) {
			snprintf(buf, len, "no space left at sector %" PRIu64,
				 sector);
			return;
		}
		break;
	case -ENODEV:
		if (res->bytes_written) {
			snprintf(buf, len, "vanished at sector %" PRIu64,
				 sector);
			return;
		}
		break;
	default:
		break;
	}
	snprintf(buf, len, "%s",
		 res->message[0] ? res->message : stk_strerror(res->rc));
}

/* A JSON string member: ,"key":"value" (null for NULL or ""). */
static void member(const char *key, const char *val)
{
	fprintf(ui_json_stream(), ",\"%s\":", key);
	if (val && *val)
		ui_json_string(ui_json_stream(), val);
	else
		fprintf(ui_json_stream(), "null");
}

/* One line: the target's result object. */
static void json_result(size_t i, const struct stk_plan *plan,
			const char *outcome)
{
	const struct stk_result *res = stk_plan_result_at(plan, i);
	const struct stk_device *dev = stk_plan_device_at(plan, i);

	fprintf(ui_json_stream(), "{\"phase\":\"result\"");
	member("target", stk_plan_target_at(plan, i));
	member("serial", dev ? dev->serial : NULL);
	member("vendor", dev ? dev->vendor : NULL);
	member("model", dev ? dev->model : NULL);
	if (dev)
		fprintf(ui_json_stream(), ",\"size_bytes\":%" PRIu64,
			dev->size_bytes);
	else
		fprintf(ui_json_stream(), ",\"size_bytes\":null");
	fprintf(ui_json_stream(), ",\"ok\":%s,\"bytes_written\":%" PRIu64,
		res->rc ? "false" : "true", res->bytes_written);
	member("verify", stk_verify_outcome_name(res->verify));
	fprintf(ui_json_stream(), ",\"write_s\":%.3f,\"verify_s\":%.3f",
		res->write_s, res->verify_s);
	member("outcome", outcome);
	member("state", res->target_state);
	member("error", res->message);
	fprintf(ui_json_stream(), "}\n");
}

/* "Kingston DataTraveler, serial 'X', 14.4 GiB": the parts it has. */
static const char *dev_words(const struct stk_device *dev, char *buf,
			     size_t len)
{
	char size[32];
	size_t n = 0;

	buf[0] = '\0';
	if (dev->vendor[0])
		n += (size_t)snprintf(buf + n, len - n, "%s ", dev->vendor);
	if (dev->model[0] && n < len)
		n += (size_t)snprintf(buf + n, len - n, "%s ", dev->model);
	if (n && n < len)
		buf[--n] = '\0';
	if (dev->serial[0] && n < len)
		n += (size_t)snprintf(buf + n, len - n, "%sserial '%s'",
				      n ? ", " : "", dev->serial);
	if (n < len)
		snprintf(buf + n, len - n, "%s%s", n ? ", " : "",
			 stk_size_format(dev->size_bytes, size, sizeof(size)));
	return buf;
}

void ui_many_report(const struct ui_many *m, bool json)
{
	const struct stk_plan *plan = m->plan;
	FILE *f = json ? stderr : stdout;
	size_t i, good = 0, n = m->n, n_dev = 0;
	char what[STK_MESSAGE_MAX], size[3 * STK_DEV_STR_MAX], tail[1024] = "";
	size_t tlen = 0;

	/* 1. A line per target: what it is, what it holds, how long. */
	for (i = 0; i < n; i++) {
		const struct stk_result *res = stk_plan_result_at(plan, i);
		const struct stk_device *dev = stk_plan_device_at(plan, i);
		const char *path = stk_plan_target_at(plan, i);

		ui_many_outcome(res, what, sizeof(what));
		n_dev += dev != NULL;
		if (dev)
			fprintf(f, "%s (%s): ", path,
				dev_words(dev, size, sizeof(size)));
		else
			fprintf(f, "%s: ", path);
		fprintf(f, "%s in %.1f s; %s\n", what,
			res->write_s + res->verify_s, res->target_state);
		if (json)
			json_result(i, plan, what);
		if (!res->rc)
			good++;
		else if (tlen < sizeof(tail) - 1)
			tlen += (size_t)snprintf(
				tail + tlen, sizeof(tail) - tlen, "; %s %s%s",
				path,
				res->rc == -ECANCELED ? "stopped" : "failed: ",
				res->rc == -ECANCELED ? "" : what);
		if (tlen >= sizeof(tail))
			tlen = sizeof(tail) - 1;
	}

	/* 2. The summary, last. */
	if (json) {
		fprintf(ui_json_stream(),
			"{\"phase\":\"summary\",\"targets\":%zu,\"ok\":%zu,\"failed\":%zu}\n",
			n, good, n - good);
		ui_json_ended();
	}
	fprintf(f, "%zu of %zu %s%s written%s%s\n", good, n,
		n_dev == n ? "stick" : "target", n == 1 ? "" : "s",
		m->verify ? " and verified" : "", tail);
	fflush(f);
}

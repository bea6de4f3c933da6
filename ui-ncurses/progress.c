// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * progress.c - progress of a write or verify on the command line: one
 * updating line on a terminal, or one JSON object per line for scripts;
 * and Ctrl-C turned into a cancel the core sees within a second.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ui.h"

volatile sig_atomic_t ui_interrupted;

/* While --progress=json: the real standard output, for JSON only; the
 * program's own stdout then goes to stderr, so no human line can mix
 * into what a script parses. */
static FILE *json_out;
static bool json_ended;

FILE *ui_json_stream(void)
{
	return json_out ? json_out : stdout;
}

static void json_begin(void)
{
	int fd;

	if (json_out)
		return;
	fflush(stdout);
	fd = dup(STDOUT_FILENO);
	if (fd < 0)
		return;
	json_out = fdopen(fd, "w");
	if (!json_out) {
		close(fd);
		return;
	}
	dup2(STDERR_FILENO, STDOUT_FILENO);
}

static const char *outcome_name(int code)
{
	switch (code) {
	case UI_EXIT_OK:
		return "ok";
	case UI_EXIT_USAGE:
		return "usage";
	case UI_EXIT_MISMATCH:
		return "differs";
	case UI_EXIT_CANCELLED:
		return "cancelled";
	default:
		return "failed";
	}
}

void ui_json_result(int code, const char *state, const char *error,
		    const char *fmt, ...)
{
	FILE *f = ui_json_stream();
	va_list ap;

	fprintf(f,
		"{\"phase\":\"result\",\"outcome\":\"%s\",\"exit_status\":%d,\"state\":",
		outcome_name(code), code);
	if (state)
		ui_json_string(f, state);
	else
		fputs("null", f);
	fprintf(f, ",\"error\":");
	if (error)
		ui_json_string(f, error);
	else
		fputs("null", f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fprintf(f, "}\n");
	fflush(f);
	json_ended = true;
}

void ui_json_ended(void)
{
	json_ended = true;
}

void ui_json_finish(int code)
{
	if (!json_out)
		return;
	if (!json_ended)
		ui_json_result(code, NULL, code ? ui_last_error() : NULL, "%s",
			       "");
	fflush(json_out);
}

static void on_sigint(int sig)
{
	ui_interrupted = 1;
}

void ui_sigint_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

void ui_progress_init(struct ui_progress *p, enum ui_progress_style style)
{
	memset(p, 0, sizeof(*p));
	p->style = style;
	if (style == UI_PROGRESS_AUTO)
		p->style = isatty(STDERR_FILENO) ? UI_PROGRESS_TTY
						 : UI_PROGRESS_NONE;
	p->phase = -1;
}

int ui_progress_parse(const char *s, enum ui_progress_style *style)
{
	if (!strcmp(s, "json")) {
		*style = UI_PROGRESS_JSON;
		json_begin();
	} else if (!strcmp(s, "tty"))
		*style = UI_PROGRESS_TTY;
	else if (!strcmp(s, "none"))
		*style = UI_PROGRESS_NONE;
	else if (!strcmp(s, "auto"))
		*style = UI_PROGRESS_AUTO;
	else
		return -1;
	return 0;
}

static void eta_words(char *buf, size_t len, double s)
{
	unsigned t = (unsigned)(s + 0.5);

	if (s < 0)
		snprintf(buf, len, "--:--");
	else if (t >= 3600)
		snprintf(buf, len, "%u:%02u:%02u", t / 3600, t / 60 % 60,
			 t % 60);
	else
		snprintf(buf, len, "%u:%02u", t / 60, t % 60);
}

void ui_progress_end(struct ui_progress *p)
{
	if (p->style == UI_PROGRESS_TTY && p->line_open) {
		fputc('\n', stderr);
		p->line_open = false;
	}
}

int ui_progress_fn(const struct stk_progress *pr, void *data)
{
	struct ui_progress *p = data;
	double avg, eta = -1;
	char done[32], total[32], t[16];

	if ((int)pr->phase != p->phase) {
		ui_progress_end(p);
		p->phase = (int)pr->phase;
		p->last_t = 0;
		p->last_done = 0;
		p->cur_bps = 0;
	}
	/* the current speed: over the last half second or more */
	if (pr->elapsed_s - p->last_t >= 0.5) {
		if (p->last_t > 0 || p->last_done)
			p->cur_bps = (double)(pr->done - p->last_done) /
				     (pr->elapsed_s - p->last_t);
		p->last_t = pr->elapsed_s;
		p->last_done = pr->done;
	}
	avg = pr->elapsed_s > 0 ? (double)pr->done / pr->elapsed_s : 0;
	if (!p->cur_bps)
		p->cur_bps = avg;
	if (pr->total && avg > 0)
		eta = (double)(pr->total -
			       (pr->done < pr->total ? pr->done : pr->total)) /
		      avg;

	switch (p->style) {
	case UI_PROGRESS_JSON:
		fprintf(ui_json_stream(),
			"{\"phase\":\"%s\",\"done\":%llu,\"total\":%llu,\"bytes_per_s\":%.0f,\"eta_s\":",
			stk_phase_name(pr->phase), (unsigned long long)pr->done,
			(unsigned long long)pr->total, avg);
		if (eta >= 0)
			fprintf(ui_json_stream(), "%.1f}\n", eta);
		else
			fprintf(ui_json_stream(), "null}\n");
		fflush(ui_json_stream());
		break;
	case UI_PROGRESS_TTY:
		stk_size_format(pr->done, done, sizeof(done));
		eta_words(t, sizeof(t), eta);
		if (pr->total) {
			stk_size_format(pr->total, total, sizeof(total));
			fprintf(stderr,
				"\r%-6s %10s / %-10s %3u%%  %6.1f MB/s (avg %6.1f)  ETA %s  ",
				stk_phase_name(pr->phase), done, total,
				(unsigned)(pr->done * 100 / pr->total),
				p->cur_bps / 1e6, avg / 1e6, t);
		} else {
			fprintf(stderr, "\r%-6s %10s  %6.1f MB/s (avg %6.1f)  ",
				stk_phase_name(pr->phase), done,
				p->cur_bps / 1e6, avg / 1e6);
		}
		fflush(stderr);
		p->line_open = true;
		break;
	default:
		break;
	}
	return ui_interrupted ? 1 : 0;
}

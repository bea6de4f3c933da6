// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * clilog.c - the command line's log sink: with `--log FILE` every line
 * of the core goes to FILE, stamped; without it, STICKLER_DEBUG's debug
 * lines go to standard error. Every subcommand gets its context here.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui.h"

static FILE *log_file;

int ui_cli_log_open(const char *path)
{
	if (log_file)
		fclose(log_file);
	log_file = fopen(path, "a");
	if (!log_file) {
		ui_error_errno("cannot open the log '%s'", path);
		return -errno;
	}
	setvbuf(log_file, NULL, _IOLBF, 0);
	return 0;
}

static void on_log(enum stk_level level, const char *msg, void *data)
{
	static const char *const names[] = {
		[STK_LOG_DEBUG] = "debug",
		[STK_LOG_INFO] = "info",
		[STK_LOG_WARN] = "warning",
		[STK_LOG_ERR] = "error",
	};
	const char *name = (unsigned)level < 4 ? names[level] : "log";
	char stamp[32];
	time_t now;

	if (log_file) {
		now = time(NULL);
		strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S",
			 localtime(&now));
		/* a file name's newline must not start a line that looks
		 * like another entry: \x0a, as in the error messages */
		fprintf(log_file, "%s %s: ", stamp, name);
		ui_safe_fputs_line(msg, log_file);
		fputc('\n', log_file);
	} else if (level == STK_LOG_DEBUG) {
		fputs("stickler: debug: ", stderr);
		ui_safe_fputs_line(msg,
				   stderr); /* it names the image's files */
		fputc('\n', stderr);
	}
}

void ui_cli_log(enum stk_level level, const char *msg)
{
	on_log(level, msg, NULL);
}

void ui_cli_logf(enum stk_level level, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	if (!log_file)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	on_log(level, line, NULL);
}

struct stk_ctx *ui_ctx_new(void)
{
	struct stk_ctx *ctx = stk_ctx_new();

	if (ctx)
		stk_ctx_set_log(ctx, on_log, NULL);
	else
		ui_error("out of memory");
	return ctx;
}

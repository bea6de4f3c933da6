// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * log.c - log lines to the UI's sink and into a ring the result screen
 * can show; the debug mask parser.
 */
#include <stdio.h>

#include "internal.h"

void stk_log(struct stk_ctx *ctx, enum stk_level level, const char *fmt, ...)
{
	char *line;
	va_list ap;

	if (!ctx)
		return;
	if (level == STK_LOG_DEBUG && !ctx->debug_mask)
		return;
	line = ctx->ring[ctx->ring_next];
	va_start(ap, fmt);
	vsnprintf(line, STK_LOG_LINE, fmt, ap);
	va_end(ap);
	ctx->ring_next = (ctx->ring_next + 1) % STK_LOG_RING;
	if (ctx->ring_count < STK_LOG_RING)
		ctx->ring_count++;
	if (ctx->log_fn)
		ctx->log_fn(level, line, ctx->log_data);
}

void stk_ctx_log_forget(struct stk_ctx *ctx)
{
	if (ctx)
		ctx->ring_count = 0;
}

size_t stk_ctx_log_lines(const struct stk_ctx *ctx, const char **lines,
			 size_t max)
{
	size_t n = ctx->ring_count < max ? ctx->ring_count : max;
	size_t i;
	unsigned first =
		(ctx->ring_next + STK_LOG_RING - (unsigned)n) % STK_LOG_RING;

	for (i = 0; i < n; i++)
		lines[i] = ctx->ring[(first + i) % STK_LOG_RING];
	return n;
}

unsigned stk_debug_parse(const char *spec)
{
	static const struct {
		const char *name;
		unsigned bit;
	} subsys[] = {
		{"probe", STK_DBG_PROBE},   {"part", STK_DBG_PART},
		{"write", STK_DBG_WRITE},   {"boot", STK_DBG_BOOT},
		{"device", STK_DBG_DEVICE}, {"fat", STK_DBG_FAT},
		{"verify", STK_DBG_VERIFY}, {"all", STK_DBG_ALL},
	};
	unsigned mask = 0;
	size_t i;

	while (spec && *spec) {
		size_t len = strcspn(spec, ",");

		for (i = 0; i < sizeof(subsys) / sizeof(subsys[0]); i++)
			if (strlen(subsys[i].name) == len &&
			    !strncmp(spec, subsys[i].name, len))
				mask |= subsys[i].bit;
		spec += len;
		if (*spec == ',')
			spec++;
	}
	return mask;
}

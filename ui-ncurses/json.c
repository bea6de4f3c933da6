// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * json.c - small helpers that print one JSON document with stable key
 * order and two-space indentation, for the --json output of subcommands.
 */
#include <stdio.h>

#include "ui.h"

void ui_json_init(struct ui_json *j, FILE *f)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
}

/* Level counters beyond UI_JSON_DEPTH share the last slot. */
static int *counter(struct ui_json *j, int level)
{
	return &j->count[level < UI_JSON_DEPTH ? level : UI_JSON_DEPTH - 1];
}

static void indent(struct ui_json *j)
{
	int i;

	for (i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

/*
 * Strings from the image may hold any bytes. JSON must be valid UTF-8,
 * so a byte that does not start a valid UTF-8 sequence (ui_utf8_len())
 * becomes U+FFFD, the replacement character, one per byte: a reader sees
 * that something was there and was not text, which \u00XX (a Latin-1
 * letter that was never in the name) would hide. Controls, C1 included,
 * are escaped as \u00XX, so the document is also safe on a terminal.
 */
void ui_json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	fputc('"', f);
	while (*p) {
		int len = ui_utf8_len(p, n);

		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else if (len == 2 && p[0] == 0xc2 && p[1] <= 0x9f)
			fprintf(f, "\\u%04x", p[1]);
		else if (len > 1)
			fwrite(p, 1, (size_t)len, f);
		else if (len == 1)
			fputc(*p, f);
		else
			fputs("\\ufffd", f);
		if (len < 1)
			len = 1;
		p += len;
		n -= (size_t)len;
	}
	fputc('"', f);
}

/* Comma, newline and indentation before a member; then "key": if any. */
static void member(struct ui_json *j, const char *key)
{
	if (j->depth > 0) {
		if ((*counter(j, j->depth - 1))++)
			fputc(',', j->f);
		fputc('\n', j->f);
		indent(j);
	}
	if (key) {
		ui_json_string(j->f, key);
		fputs(": ", j->f);
	}
}

static void open_(struct ui_json *j, const char *key, char c)
{
	member(j, key);
	fputc(c, j->f);
	*counter(j, j->depth) = 0;
	j->depth++;
}

static void close_(struct ui_json *j, char c)
{
	int had = *counter(j, j->depth - 1);

	j->depth--;
	if (had) {
		fputc('\n', j->f);
		indent(j);
	}
	fputc(c, j->f);
	if (j->depth == 0)
		fputc('\n', j->f);
}

void ui_json_obj_open(struct ui_json *j, const char *key)
{
	open_(j, key, '{');
}

void ui_json_obj_close(struct ui_json *j)
{
	close_(j, '}');
}

void ui_json_arr_open(struct ui_json *j, const char *key)
{
	open_(j, key, '[');
}

void ui_json_arr_close(struct ui_json *j)
{
	close_(j, ']');
}

void ui_json_str(struct ui_json *j, const char *key, const char *val)
{
	member(j, key);
	if (val)
		ui_json_string(j->f, val);
	else
		fputs("null", j->f);
}

void ui_json_str_or_null(struct ui_json *j, const char *key, const char *val)
{
	ui_json_str(j, key, val && *val ? val : NULL);
}

void ui_json_u64(struct ui_json *j, const char *key, uint64_t val)
{
	member(j, key);
	fprintf(j->f, "%llu", (unsigned long long)val);
}

void ui_json_int(struct ui_json *j, const char *key, long long val)
{
	member(j, key);
	fprintf(j->f, "%lld", val);
}

void ui_json_bool(struct ui_json *j, const char *key, bool val)
{
	member(j, key);
	fputs(val ? "true" : "false", j->f);
}

void ui_json_null(struct ui_json *j, const char *key)
{
	member(j, key);
	fputs("null", j->f);
}

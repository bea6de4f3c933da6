// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * termsafe.c - text that comes from the image (file names, volume ids,
 * config lines in messages) never reaches the terminal as control bytes.
 * An ISO can name a file "\033]0;...\007" or "\033[2J": printed as it is,
 * that retitles or clears the terminal, or hides the line before it.
 *
 * The rule, one for every command's output: C0 controls other than
 * newline and tab, DEL, the C1 controls (U+0080..U+009F, which some
 * terminals obey as CSI and OSC) and bytes that are not UTF-8 are written
 * as \xNN, one per byte; valid UTF-8 text passes unchanged. A literal
 * backslash passes unchanged too, so "\x1b" in the output is either the
 * escape or those four characters in a name: the output never lies about
 * a byte being harmless, it may be ambiguous about which it was.
 *
 * Subcommands that print data (cat, read to stdout) keep a raw stdout;
 * every other command's stdout goes through the filter, and stderr's
 * messages through ui_safe_fputs() (its progress lines are the program's
 * own control sequences).
 */
#define _GNU_SOURCE /* fopencookie */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ui.h"

int ui_utf8_len(const unsigned char *p, size_t n)
{
	return stk_utf8_len(p, n, NULL);
}

/* Is the valid sequence @p of @len bytes a C1 control? */
static bool c1(const unsigned char *p, int len)
{
	return len == 2 && p[0] == 0xc2 && p[1] <= 0x9f;
}

/*
 * Write @n bytes of @s to @f made safe; returns how many were consumed
 * (fewer than @n only when @more and a UTF-8 sequence is cut at the end).
 */
static size_t put_safe_as(FILE *f, const unsigned char *s, size_t n, bool more,
			  bool one_line)
{
	size_t i = 0;

	while (i < n) {
		int len = stk_utf8_len(s + i, n - i, NULL);

		if (len < 0 && more)
			break; /* the rest comes with the next write */
		if (len == 1 &&
		    (s[i] >= 0x20 || (s[i] == '\n' && !one_line) ||
		     s[i] == '\t') &&
		    s[i] != 0x7f) {
			fputc(s[i], f);
		} else if (len > 1 && !c1(s + i, len)) {
			fwrite(s + i, 1, (size_t)len, f);
		} else {
			int k, m = len > 1 ? len : 1;

			for (k = 0; k < m; k++)
				fprintf(f, "\\x%02x", s[i + k]);
			i += (size_t)m;
			continue;
		}
		i += (size_t)len;
	}
	return i;
}

static size_t put_safe(FILE *f, const unsigned char *s, size_t n, bool more)
{
	return put_safe_as(f, s, n, more, false);
}

void ui_safe_fputs(const char *s, FILE *f)
{
	put_safe(f, (const unsigned char *)s, strlen(s), false);
}

void ui_safe_fputs_line(const char *s, FILE *f)
{
	put_safe_as(f, (const unsigned char *)s, strlen(s), false, true);
}

/* ---- the stdout filter --------------------------------------------------- */

struct filter {
	FILE *out;		/* the real stdout */
	unsigned char carry[4]; /* a UTF-8 sequence cut by a write */
	size_t n_carry;
};

static ssize_t filter_write(void *cookie, const char *buf, size_t size)
{
	struct filter *fl = cookie;
	unsigned char tmp[4 + 4096];
	size_t done = 0;

	while (done < size) {
		size_t n = size - done, used;

		if (n > sizeof(tmp) - fl->n_carry)
			n = sizeof(tmp) - fl->n_carry;
		memcpy(tmp, fl->carry, fl->n_carry);
		memcpy(tmp + fl->n_carry, buf + done, n);
		used = put_safe(fl->out, tmp, fl->n_carry + n, true);
		done += n;
		fl->n_carry = fl->n_carry + n - used;
		memcpy(fl->carry, tmp + used, fl->n_carry);
	}
	/* on to fd 1 now: the JSON output moves fd 1 away (progress.c),
	 * and what was printed before must not move with it */
	fflush(fl->out);
	return (ssize_t)size;
}

static int filter_close(void *cookie)
{
	struct filter *fl = cookie;

	put_safe(fl->out, fl->carry, fl->n_carry, false);
	fl->n_carry = 0;
	return fflush(fl->out);
}

void ui_stdout_filter_install(void)
{
	static struct filter fl;
	static const cookie_io_functions_t io = {
		.write = filter_write,
		.close = filter_close,
	};
	FILE *f;

	fflush(stdout);
	fl.out = stdout;
	f = fopencookie(&fl, "w", io);
	if (!f)
		return; /* out of memory: the output stays as it was */
	/* line buffered like a terminal's stdout, so the order of stdout
	 * and stderr lines is kept */
	setvbuf(f, NULL, _IOLBF, 0);
	stdout = f;
}

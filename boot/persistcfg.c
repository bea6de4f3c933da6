// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * persistcfg.c - the boot parameter that turns a live system's persistence
 * on ("persistence" for live-boot, "persistent" for casper), added to each
 * boot entry of the stick's syslinux and GRUB configs that starts it.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "internal.h"
#include "persistcfg.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool word_end(char c)
{
	return blank(c) || c == '\n' || c == '\r' || c == '"' || c == '\'';
}

/* Offset of @w as a word of its own in @p[0..len), or -1. */
static long find_word(const char *p, size_t len, const char *w)
{
	size_t k = strlen(w);
	size_t i;

	for (i = 0; i + k <= len; i++) {
		if (i && !word_end(p[i - 1]))
			continue;
		if (strncmp(p + i, w, k))
			continue;
		if (i + k < len && !word_end(p[i + k]))
			continue;
		return (long)i;
	}
	return -1;
}

/* Does the line's first word say it loads a kernel with arguments? */
static bool kernel_line(const char *p, size_t len)
{
	static const char *const keys[] = {"append", "kernel", "linux",
					   "linuxefi", "linux16"};
	size_t i = 0, k, j;

	while (i < len && blank(p[i]))
		i++;
	for (j = 0; j < sizeof(keys) / sizeof(keys[0]); j++) {
		k = strlen(keys[j]);
		if (i + k < len && !strncasecmp(p + i, keys[j], k) &&
		    blank(p[i + k]))
			return true;
	}
	return false;
}

int persist_rewrite(const char *text, size_t len, const char *boot_word,
		    const char *param, char **out, size_t *out_len,
		    int *n_added, int *n_entries)
{
	const char *p = text, *end = text + len;
	char *buf = NULL;
	size_t size = 0;
	FILE *f;

	*out = NULL;
	*out_len = 0;
	*n_added = 0;
	*n_entries = 0;
	f = open_memstream(&buf, &size);
	if (!f)
		return -ENOMEM;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		size_t body = l, at;
		long dash;

		if (body && p[body - 1] == '\r')
			body--;
		if (!kernel_line(p, body) ||
		    find_word(p, body, boot_word) < 0) {
			fwrite(p, 1, nl ? l + 1 : l, f);
			p += nl ? l + 1 : l;
			continue;
		}
		(*n_entries)++;
		if (find_word(p, body, param) >= 0) {
			fwrite(p, 1, nl ? l + 1 : l, f);
			p += nl ? l + 1 : l;
			continue;
		}
		dash = find_word(p, body, "---");
		if (dash >= 0) {
			at = (size_t)dash;
			fwrite(p, 1, at, f);
			fprintf(f, "%s ", param);
		} else {
			at = body;
			while (at && blank(p[at - 1]))
				at--;
			fwrite(p, 1, at, f);
			fprintf(f, " %s", param);
		}
		fwrite(p + at, 1, (nl ? l + 1 : l) - at, f);
		p += nl ? l + 1 : l;
		(*n_added)++;
	}
	if (fclose(f)) {
		free(buf);
		return -ENOMEM;
	}
	if (!*n_added) {
		free(buf);
		return 0;
	}
	*out = buf;
	*out_len = size;
	return 0;
}

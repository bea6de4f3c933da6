// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * label.c - the FAT volume label made from the ISO volume id, and the two
 * text rewriters ISO mode applies to the image's files: label references
 * in boot configs, and lines of checksum lists (md5sum.txt, SHA256SUMS).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "fat.h"
#include "label.h"

/*
 * The FAT rules live in fat_label_make(); here only the fallback for an
 * image with no usable volume id. The label the configs are rewritten to
 * must be the one the FAT gets, so nothing else may be done to it.
 */
void label_from_volid(const char *volid, char out[LABEL_FAT_MAX + 1])
{
	fat_label_make(volid ? volid : "", out);
	if (!out[0])
		strcpy(out, "STICKLER");
}

/* A growing output string. */
struct sbuf {
	char *s;
	size_t len;
	size_t size;
	bool oom;
};

static void sb_add(struct sbuf *b, const char *p, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->size) {
		size_t size = (b->len + n + 1) * 2;
		char *s = realloc(b->s, size);

		if (!s) {
			b->oom = true;
			return;
		}
		b->s = s;
		b->size = size;
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Hand the text over when @n lines changed; otherwise free it. */
static int sb_finish(struct sbuf *b, int n, char **out, size_t *out_len)
{
	if (b->oom || !n) {
		free(b->s);
		return b->oom ? -ENOMEM : 0;
	}
	*out = b->s;
	*out_len = b->len;
	return 0;
}

/* Blanks escaped as the kernel command line wants them in labels. */
static void escape_blanks(const char *in, char *out, size_t size)
{
	size_t n = 0;

	for (; *in && n + 5 < size; in++) {
		if (*in == ' ') {
			memcpy(out + n, "\\x20", 4);
			n += 4;
		} else {
			out[n++] = *in;
		}
	}
	out[n] = '\0';
}

static bool ci_contains(const char *p, size_t len, const char *needle)
{
	size_t k = strlen(needle);
	size_t i;

	for (i = 0; i + k <= len; i++)
		if (!strncasecmp(p + i, needle, k))
			return true;
	return false;
}

/* Does this line refer to a volume label at all? */
static bool label_context(const char *p, size_t len)
{
	static const char *const keys[] = {
		"label=", /* LABEL=, CDLABEL=, live:LABEL=, hd:LABEL= */
		"archisolabel=", "isolabel", "--label",	   "--set=root",
		"search",	 "options",  "root=live:",
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (ci_contains(p, len, keys[i]))
			return true;
	return false;
}

static bool label_end(char c)
{
	return !(isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.');
}

static bool label_start(char c)
{
	return c == '=' || c == ' ' || c == '\t' || c == '\'' || c == '"' ||
	       c == ':';
}

/* Rewrites one line into @b; returns how many labels it replaced. */
static int rewrite_line(struct sbuf *b, const char *p, size_t len,
			const char *from, const char *to, const char *from_esc,
			const char *to_esc)
{
	size_t i = 0;
	size_t start = 0;
	int n = 0;

	if (!label_context(p, len)) {
		sb_add(b, p, len);
		return 0;
	}
	while (i < len) {
		const char *pat = NULL;
		const char *rep = NULL;
		size_t k;

		if (i && !label_start(p[i - 1])) {
			i++;
			continue;
		}
		if (*from_esc && !strncmp(p + i, from_esc, strlen(from_esc)) &&
		    strcmp(from_esc, from)) {
			pat = from_esc;
			rep = to_esc;
		} else if (!strncmp(p + i, from, strlen(from))) {
			/* quoted or blank-free: the label as it is */
			pat = from;
			rep = to;
		}
		k = pat ? strlen(pat) : 0;
		if (!pat || i + k > len ||
		    (i + k < len && !label_end(p[i + k]))) {
			i++;
			continue;
		}
		sb_add(b, p + start, i - start);
		sb_add(b, rep, strlen(rep));
		i += k;
		start = i;
		n++;
	}
	sb_add(b, p + start, len - start);
	return n;
}

int label_rewrite(const char *text, size_t len, const char *from,
		  const char *to, char **out, size_t *out_len, int *n_changed)
{
	struct sbuf b = {0};
	char from_esc[4 * 64 + 1], to_esc[4 * 64 + 1];
	const char *p = text;
	const char *end = text + len;
	int n = 0, rc;

	*out = NULL;
	*out_len = 0;
	*n_changed = 0;
	if (!from || !*from || !strcmp(from, to))
		return 0;
	escape_blanks(from, from_esc, sizeof(from_esc));
	escape_blanks(to, to_esc, sizeof(to_esc));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);

		n += rewrite_line(&b, p, l, from, to, from_esc, to_esc);
		p += l;
	}
	rc = sb_finish(&b, n, out, out_len);
	if (!rc && *out)
		*n_changed = n;
	return rc;
}

/* The path part of a checksum line, "./" and "*" (binary mode) dropped. */
static const char *sums_path(const char *p, const char *end, size_t *hex_len)
{
	const char *q = p;

	while (q < end && isxdigit((unsigned char)*q))
		q++;
	*hex_len = (size_t)(q - p);
	if (*hex_len < 32 || q == end || (*q != ' ' && *q != '\t'))
		return NULL;
	while (q < end && (*q == ' ' || *q == '\t'))
		q++;
	if (q < end && *q == '*')
		q++;
	if (end - q >= 2 && q[0] == '.' && q[1] == '/')
		q += 2;
	return q;
}

int sums_refresh(const char *text, size_t len, const char *path,
		 const char *hex, char **out, size_t *out_len)
{
	struct sbuf b = {0};
	const char *p = text;
	const char *end = text + len;
	size_t plen;
	int n = 0;

	*out = NULL;
	*out_len = 0;
	if (path[0] == '.' && path[1] == '/')
		path += 2;
	while (*path == '/')
		path++;
	plen = strlen(path);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		const char *le = e > p && e[-1] == '\r' ? e - 1 : e;
		size_t hex_len;
		const char *name = sums_path(p, le, &hex_len);

		if (name && (size_t)(le - name) == plen &&
		    !memcmp(name, path, plen) && hex_len == strlen(hex)) {
			sb_add(&b, hex, hex_len);
			sb_add(&b, p + hex_len, (size_t)(e - p) - hex_len);
			n++;
		} else {
			sb_add(&b, p, (size_t)(e - p));
		}
		if (nl)
			sb_add(&b, "\n", 1);
		p = nl ? nl + 1 : end;
	}
	return sb_finish(&b, n, out, out_len);
}

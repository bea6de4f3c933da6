// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * label.c - the FAT volume label made from the ISO volume id, the boot
 * configs that name the label rewritten to it, and the checksum lists
 * (md5sum.txt, SHA256SUMS) refreshed for the files that changed.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "compose.h"

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

/* Does this line refer to a volume label at all (issue 4's list)? */
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

/* ---- ISO mode: the composed tree's configs and checksum lists ---------- */

static bool is_config_name(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && (!strcasecmp(dot, ".cfg") || !strcasecmp(dot, ".conf"));
}

int compose_labels(struct stk_ctx *ctx, struct compose *c)
{
	const char *from = c->report->volume_id;
	size_t i, n = c->n;
	int rc;

	if (!strcmp(from, c->label))
		return 0;
	for (i = 0; i < n; i++) {
		struct cnode *nd = &c->node[i];
		uint8_t *text = NULL;
		char *out = NULL;
		size_t len = 0, out_len = 0;
		int changed = 0;
		char why[160];

		if (nd->skip || nd->is_dir || !is_config_name(nd->name) ||
		    nd->size_bytes > CFG_MAX_BYTES)
			continue;
		rc = compose_read(ctx, c, (int)i, &text, &len);
		if (rc)
			return rc;
		rc = label_rewrite((const char *)text, len, from, c->label,
				   &out, &out_len, &changed);
		free(text);
		if (rc)
			return stk_seterr(ctx, rc, "out of memory");
		if (!changed)
			continue;
		snprintf(
			why, sizeof(why),
			"%d reference%s to the label '%s' rewritten to the stick's '%s'",
			changed, changed == 1 ? "" : "s", from, c->label);
		rc = compose_put_file(ctx, c, c->node[i].path, (uint8_t *)out,
				      out_len, why);
		if (rc)
			return rc;
	}
	return 0;
}

static bool is_sums_name(const char *name)
{
	return !strcasecmp(name, "md5sum.txt") ||
	       !strcasecmp(name, "md5sums") ||
	       !strcasecmp(name, "sha256sum.txt") ||
	       !strcasecmp(name, "SHA256SUMS");
}

/* Digest of a changed file, in the kind the list @name holds. */
static void digest_hex(const struct cnode *n, const char *list, char *hex)
{
	uint8_t d[SHA256_BYTES];

	if (strcasestr(list, "md5")) {
		struct md5 m;

		md5_init(&m);
		md5_update(&m, n->data, n->size_bytes);
		md5_final(&m, d);
		hash_hex(d, MD5_BYTES, hex);
	} else {
		struct sha256 s;

		sha256_init(&s);
		sha256_update(&s, n->data, n->size_bytes);
		sha256_final(&s, d);
		hash_hex(d, SHA256_BYTES, hex);
	}
}

/* Keep the distribution's own media check passing for changed files. */
int compose_sums(struct stk_ctx *ctx, struct compose *c)
{
	size_t i, j, n = c->n;
	int rc;

	for (i = 0; i < n; i++) {
		const char *list = c->node[i].path;
		size_t dir_len = (size_t)(c->node[i].name - list);
		uint8_t *text = NULL;
		size_t len = 0;
		int refreshed = 0;

		if (c->node[i].skip || c->node[i].is_dir ||
		    !is_sums_name(c->node[i].name) ||
		    c->node[i].size_bytes > 64 * CFG_MAX_BYTES)
			continue;
		rc = compose_read(ctx, c, (int)i, &text, &len);
		if (rc)
			return rc;
		for (j = 0; j < c->n; j++) {
			const struct cnode *f = &c->node[j];
			char hex[2 * SHA256_BYTES + 1];
			char *out = NULL;
			size_t out_len = 0;

			if (!f->changed || !f->data || j == i ||
			    strncasecmp(f->path, list, dir_len))
				continue;
			digest_hex(f, c->node[i].name, hex);
			rc = sums_refresh((const char *)text, len,
					  f->path + dir_len, hex, &out,
					  &out_len);
			if (rc) {
				free(text);
				return stk_seterr(ctx, rc, "out of memory");
			}
			if (!out)
				continue;
			free(text);
			text = (uint8_t *)out;
			len = out_len;
			refreshed++;
		}
		if (!refreshed) {
			free(text);
			continue;
		}
		rc = compose_put_file(ctx, c, list, text, len, NULL);
		if (rc)
			return rc;
		compose_note(
			c,
			"changes '%s': %d line%s refreshed for the files changed here",
			list, refreshed, refreshed == 1 ? "" : "s");
	}
	return 0;
}

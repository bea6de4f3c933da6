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

/*
 * Label references, and how a label is written into each kind.
 *
 * A reference is only ever one of these, never the label's text found
 * elsewhere (a volume id "live" must leave boot=live, root=live: and
 * syslinux's "LABEL live" entry alone):
 *
 * 1. A kernel argument whose key ends in "label=" (CDLABEL=, LABEL=,
 *    root=live:CDLABEL=, hd:LABEL=, archisolabel=, misolabel=), and a
 *    /dev/disk/by-label/ path. The initramfs finds the stick through
 *    /dev/disk/by-label/, whose names udev (blkid's encoding) writes with
 *    every byte other than letters, digits and "#+-.:=@_" as \xNN;
 *    dracut turns a raw blank into \x20 itself, archiso and live-boot use
 *    the name as it is. So the label goes in with those bytes as \xNN: a
 *    blank becomes \x20 and can never split the command line. That holds
 *    for syslinux's APPEND and loader entries' options, which reach the
 *    kernel as written (booted: t412). It cannot hold on a GRUB linux
 *    line: GRUB's lexer eats a backslash outside quotes, and what is left
 *    GRUB hands to the kernel with every backslash doubled and an argument
 *    with a blank in double quotes (its loader command line builder), so
 *    "\x20" arrives as "\\x20" (seen booting t412's fixture on OVMF) and
 *    no initramfs finds the stick. There a label that needs an escape is
 *    refused (-ENOTSUP): the caller says why, or picks a plainer label.
 * 2. GRUB's search --label / -l NAME (and search.fs_label NAME): GRUB
 *    compares NAME with the file system's label itself, no escapes, so
 *    the label goes in as one quoted word ('MY STICK'; "..." with \$
 *    when it holds a quote, which FAT allows).
 * Every FAT label can be written in both kinds, so none is refused here.
 */

#define BY_LABEL "/dev/disk/by-label/"

static bool udev_plain(unsigned char c)
{
	return isalnum(c) || strchr("#+-.:=@_", c) != NULL || c >= 0x80;
}

static bool key_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * The kernel-argument value p[0..len) decoded (\xNN and \\xNN) into
 * @out; @bs gets the backslashes its escapes used (0 if it has none).
 * False when it does not fit or is not a plain label.
 */
static bool decode_value(const char *p, size_t len, char *out, size_t size,
			 int *bs)
{
	size_t i = 0, o = 0;

	*bs = 0;
	while (i < len) {
		size_t k = 0;

		while (i + k < len && p[i + k] == '\\' && k < 2)
			k++;
		if (k && i + k + 3 <= len && p[i + k] == 'x' &&
		    hexval(p[i + k + 1]) >= 0 && hexval(p[i + k + 2]) >= 0) {
			if (o + 1 >= size)
				return false;
			out[o++] = (char)(hexval(p[i + k + 1]) * 16 +
					  hexval(p[i + k + 2]));
			*bs = (int)k;
			i += k + 3;
			continue;
		}
		if (o + 1 >= size)
			return false;
		out[o++] = p[i++];
	}
	out[o] = '\0';
	return true;
}

/* @to as a kernel argument: udev's \xNN, each with @bs backslashes. */
static void add_karg(struct sbuf *b, const char *to, int bs)
{
	const unsigned char *s = (const unsigned char *)to;
	char esc[8];

	for (; *s; s++) {
		if (udev_plain(*s)) {
			sb_add(b, (const char *)s, 1);
			continue;
		}
		snprintf(esc, sizeof(esc), "%s\\x%02x", bs == 2 ? "\\" : "",
			 *s);
		sb_add(b, esc, strlen(esc));
	}
}

/* @to as one GRUB word; @quote is the quote the image used, or 0. */
static void add_grub_word(struct sbuf *b, const char *to, char quote)
{
	const char *s;
	bool plain = true;

	for (s = to; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_.-", *s))
			plain = false;
	if (plain && !quote) {
		sb_add(b, to, strlen(to));
		return;
	}
	if (!strchr(to, '\'')) {
		sb_add(b, "'", 1);
		sb_add(b, to, strlen(to));
		sb_add(b, "'", 1);
		return;
	}
	sb_add(b, "\"", 1);
	for (s = to; *s; s++) {
		if (*s == '$' || *s == '"' || *s == '\\' || *s == '`')
			sb_add(b, "\\", 1);
		sb_add(b, s, 1);
	}
	sb_add(b, "\"", 1);
}

/* The first word of a line, lower case, in @w. */
static void first_word(const char *p, size_t len, char *w, size_t size)
{
	size_t i = 0, o = 0;

	while (i < len && (p[i] == ' ' || p[i] == '\t'))
		i++;
	while (i < len && o + 1 < size && !isspace((unsigned char)p[i]))
		w[o++] = (char)tolower((unsigned char)p[i++]);
	w[o] = '\0';
}

/* Is p[i] inside double quotes (unescaped ones before it)? */
static bool in_dquotes(const char *p, size_t i)
{
	bool in = false, sq = false;
	size_t k;

	for (k = 0; k < i; k++) {
		if (p[k] == '\\' && !sq) {
			k++;
			continue;
		}
		if (p[k] == '\'' && !in)
			sq = !sq;
		else if (p[k] == '"' && !sq)
			in = !in;
	}
	return in;
}

/*
 * Kind 1 at p[i]: a key ending in "label=" or a by-label path; the
 * value's start in *@v.
 */
static bool karg_at(const char *p, size_t len, size_t i, size_t *v)
{
	size_t ks = i;

	if (i + strlen(BY_LABEL) <= len &&
	    !strncasecmp(p + i, BY_LABEL, strlen(BY_LABEL))) {
		*v = i + strlen(BY_LABEL);
		return true;
	}
	if (i + 6 > len || strncasecmp(p + i, "label=", 6))
		return false;
	while (ks > 0 && key_char(p[ks - 1]))
		ks--;
	if (ks > 0 && !strchr(" \t=:'\"", p[ks - 1]))
		return false;
	*v = i + 6;
	return true;
}

/* Can @to go into a kernel argument without a \xNN escape? */
static bool karg_plain(const char *to)
{
	for (; *to; to++)
		if (!udev_plain((unsigned char)*to))
			return false;
	return true;
}

/*
 * Kernel arguments of one line; @grub: a GRUB linux line, where a label
 * that needs an escape cannot go (-ENOTSUP, see above).
 */
static int rewrite_kargs(struct sbuf *b, const char *p, size_t len,
			 const char *from, const char *to, bool grub)
{
	char val[4 * 64 + 1];
	size_t i = 0, start = 0, v, e;
	int n = 0, bs;

	while (i < len) {
		bool dq;

		if (!karg_at(p, len, i, &v)) {
			i++;
			continue;
		}
		dq = in_dquotes(p, i);
		for (e = v; e < len; e++)
			if (p[e] == '"' || p[e] == '\'' || p[e] == '\n' ||
			    p[e] == '\r' || p[e] == ':' || p[e] == ';' ||
			    (!dq && (p[e] == ' ' || p[e] == '\t')))
				break;
		if (!decode_value(p + v, e - v, val, sizeof(val), &bs) ||
		    strcmp(val, from)) {
			i = v;
			continue;
		}
		if (grub && !karg_plain(to))
			return -ENOTSUP;
		if (!bs)
			bs = 1;
		sb_add(b, p + start, v - start);
		add_karg(b, to, bs);
		i = start = e;
		n++;
	}
	sb_add(b, p + start, len - start);
	return n;
}

/* One GRUB word from p[*i]: its text unquoted in @out, its quote. */
static void grub_word(const char *p, size_t len, size_t *i, char *out,
		      size_t size, char *quote)
{
	size_t o = 0;
	char q = 0;

	*quote = 0;
	while (*i < len) {
		char c = p[*i];

		if (!q && (isspace((unsigned char)c) || c == ';'))
			break;
		(*i)++;
		if (!q && (c == '\'' || c == '"')) {
			q = c;
			*quote = c;
			continue;
		}
		if (q && c == q) {
			q = 0;
			continue;
		}
		if (c == '\\' && q != '\'' && *i < len)
			c = p[(*i)++];
		if (o + 1 < size)
			out[o++] = c;
	}
	out[o] = '\0';
}

/* Kind 2: GRUB's search --label / -l NAME, search.fs_label NAME. */
static int rewrite_search(struct sbuf *b, const char *p, size_t len,
			  const char *from, const char *to, bool fs_label)
{
	char w[4 * 64 + 1], q;
	size_t i = 0, name = 0, name_end = 0;
	bool by_label = fs_label, first = true;
	char name_q = 0;

	while (i < len) {
		size_t at;

		while (i < len && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if (i >= len || p[i] == '\n' || p[i] == '\r' || p[i] == ';')
			break;
		at = i;
		grub_word(p, len, &i, w, sizeof(w), &q);
		if (i == at)
			i++;
		if (first) { /* the command itself */
			first = false;
			continue;
		}
		if (!strcmp(w, "--label") || !strcmp(w, "-l"))
			by_label = true;
		else if (w[0] != '-' && !name_end) {
			name = at;
			name_end = i;
			name_q = q;
			if (strcmp(w, from))
				name_end = name;
		}
	}
	if (!by_label || name_end <= name) {
		sb_add(b, p, len);
		return 0;
	}
	sb_add(b, p, name);
	add_grub_word(b, to, name_q);
	sb_add(b, p + name_end, len - name_end);
	return 1;
}

/* Rewrites one line into @b; returns how many references it replaced. */
static int rewrite_line(struct sbuf *b, const char *p, size_t len,
			const char *from, const char *to)
{
	char w[32];

	first_word(p, len, w, sizeof(w));
	if (!strcmp(w, "search") || !strcmp(w, "search.fs_label"))
		return rewrite_search(b, p, len, from, to,
				      !strcmp(w, "search.fs_label"));
	return rewrite_kargs(b, p, len, from, to,
			     !strcmp(w, "linux") || !strcmp(w, "linuxefi") ||
				     !strcmp(w, "linux16"));
}

int label_rewrite(const char *text, size_t len, const char *from,
		  const char *to, char **out, size_t *out_len, int *n_changed)
{
	struct sbuf b = {0};
	const char *p = text;
	const char *end = text + len;
	int n = 0, rc;

	*out = NULL;
	*out_len = 0;
	*n_changed = 0;
	if (!from || !*from || !strcmp(from, to))
		return 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);

		rc = rewrite_line(&b, p, l, from, to);
		if (rc < 0) {
			free(b.s);
			return rc;
		}
		n += rc;
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

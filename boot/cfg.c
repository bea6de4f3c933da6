// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * cfg.c - syslinux configuration text: what an isolinux.cfg refers to
 * (modules, included files) and the root syslinux.cfg that chains to it.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "cfg.h"

/* Copies the next blank-separated word of [p, end) to @w; returns past it. */
static const char *word(const char *p, const char *end, char *w, size_t size)
{
	size_t n = 0;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (p < end && *p != ' ' && *p != '\t') {
		if (n + 1 < size)
			w[n++] = *p;
		p++;
	}
	w[n] = '\0';
	return p;
}

static void add(char list[][CFG_NAME_MAX], int *n, const char *name)
{
	int i;

	if (!*name || *n >= CFG_MAX_REFS)
		return;
	for (i = 0; i < *n; i++)
		if (!strcmp(list[i], name))
			return;
	stk_strlcpy(list[(*n)++], name, CFG_NAME_MAX);
}

static bool is_module(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && !strcasecmp(name + n - 4, ".c32");
}

/*
 * One line: the keywords (case-insensitive, syslinux doc/syslinux.txt)
 * whose first argument may be a module or another config file.
 */
static void scan_line(const char *p, const char *end, struct cfg_refs *refs)
{
	char kw[32], arg[CFG_NAME_MAX];
	const char *rest;

	rest = word(p, end, kw, sizeof(kw));
	if (!*kw || kw[0] == '#')
		return;
	if (!strcasecmp(kw, "menu")) {
		rest = word(rest, end, kw, sizeof(kw));
		if (strcasecmp(kw, "include"))
			return;
		word(rest, end, arg, sizeof(arg));
		add(refs->include, &refs->n_includes, arg);
		return;
	}
	if (!strcasecmp(kw, "include") || !strcasecmp(kw, "config")) {
		word(rest, end, arg, sizeof(arg));
		add(refs->include, &refs->n_includes, arg);
		return;
	}
	if (!strcasecmp(kw, "path")) {
		/* PATH dir1:dir2 (colons or blanks) */
		while (rest < end) {
			char *c;
			char *s;

			rest = word(rest, end, arg, sizeof(arg));
			for (s = arg; (c = strchr(s, ':')); s = c + 1) {
				*c = '\0';
				add(refs->path, &refs->n_paths, s);
			}
			add(refs->path, &refs->n_paths, s);
		}
		return;
	}
	if (!strcasecmp(kw, "ui") || !strcasecmp(kw, "com32") ||
	    !strcasecmp(kw, "kernel") || !strcasecmp(kw, "linux") ||
	    !strcasecmp(kw, "default") || !strcasecmp(kw, "label")) {
		word(rest, end, arg, sizeof(arg));
		if (is_module(arg))
			add(refs->module, &refs->n_modules, arg);
		return;
	}
}

void cfg_scan(const char *text, size_t len, struct cfg_refs *refs)
{
	const char *p = text;
	const char *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;

		if (e > p && e[-1] == '\r')
			scan_line(p, e - 1, refs);
		else
			scan_line(p, e, refs);
		p = nl ? nl + 1 : end;
	}
}

char *cfg_chain_text(const char *cfg_path)
{
	const char *slash = strrchr(cfg_path, '/');
	int dir_len = slash && slash != cfg_path ? (int)(slash - cfg_path) : 0;
	char *text;

	/*
	 * Since 5.00, CONFIG is a kind of kernel, so it lives in a LABEL
	 * (ldlinux's readconfig.c has no top-level CONFIG): booting it
	 * reloads FILE with DIR as the current directory, so the image's
	 * config and every name it gives relatively keep working without
	 * being moved or renamed. With no PROMPT it boots at once.
	 */
	if (asprintf(
		    &text,
		    "# Written by stickler: boot this stick through the image's own ISOLINUX\n"
		    "# configuration, read from where it was on the CD.\n"
		    "DEFAULT stickler-chain\n"
		    "LABEL stickler-chain\n"
		    "  CONFIG %s %.*s/\n",
		    cfg_path, dir_len, cfg_path) < 0)
		return NULL;
	return text;
}

void cfg_scan_merge(struct cfg_refs *all, const struct cfg_refs *one)
{
	int i;

	for (i = 0; i < one->n_modules; i++)
		add(all->module, &all->n_modules, one->module[i]);
	for (i = 0; i < one->n_includes; i++)
		add(all->include, &all->n_includes, one->include[i]);
	for (i = 0; i < one->n_paths; i++)
		add(all->path, &all->n_paths, one->path[i]);
}

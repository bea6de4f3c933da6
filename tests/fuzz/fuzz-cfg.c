// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * fuzz-cfg.c - libFuzzer target: the boot config rewriters ISO mode runs
 * on the image's files (label references, persistence parameters, the
 * syslinux reference scan) on arbitrary text. The input's first line is
 * "FROM<tab>TO" (the volume id and the stick's label), the rest the
 * config. A rewrite says how many references it changed exactly when it
 * hands back a text; one pass rewrites every reference (a second finds
 * none); asking for the same label changes nothing; a second persistence
 * pass adds nothing. tests/tools/stk-fuzzrun-cfg.c replays the
 * corpus without libFuzzer (t166).
 *
 * corpus-fuzz-cfg/: small configs written by hand after the shapes real
 * images use (syslinux APPEND lines, GRUB search and linux lines, a
 * systemd-boot entry, escaped and quoted labels, volume id "live").
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "label.h"
#include "persistcfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void split(const uint8_t *data, size_t size, char *from, char *to,
		  size_t room, const char **text, size_t *len)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t head = nl ? (size_t)(nl - data) : 0;
	const uint8_t *tab = memchr(data, '\t', head);
	size_t a = tab ? (size_t)(tab - data) : head;
	size_t b = tab ? head - a - 1 : 0;

	if (a >= room)
		a = room - 1;
	if (b >= room)
		b = room - 1;
	memcpy(from, data, a);
	from[a] = '\0';
	if (tab)
		memcpy(to, tab + 1, b);
	to[b] = '\0';
	*text = (const char *)data + (nl ? head + 1 : 0);
	*len = size - (nl ? head + 1 : 0);
}

/* A label as FAT has them: letters, digits, blanks inside. */
static bool label_like(const char *s)
{
	size_t i, n = strlen(s);

	if (!n || s[0] == ' ' || s[n - 1] == ' ')
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != ' ')
			return false;
	return true;
}

static void check_label(const char *text, size_t len, const char *from,
			const char *to)
{
	char *out = NULL;
	size_t out_len = 0;
	int n = -1;

	if (label_rewrite(text, len, from, to, &out, &out_len, &n))
		return; /* ENOMEM only */
	if ((out != NULL) != (n > 0) || n < 0)
		abort();
	if (out && label_like(to) && !strstr(to, from)) {
		char *again = NULL;
		size_t again_len = 0;
		int n2 = -1;

		/* every reference is rewritten in one pass */
		if (!label_rewrite(out, out_len, from, to, &again, &again_len,
				   &n2) &&
		    (again || n2))
			abort();
		free(again);
	}
	free(out);
	if (label_rewrite(text, len, from, from, &out, &out_len, &n))
		return;
	if (out || n)
		abort(); /* the same label: nothing to change */
}

static void check_persist(const char *text, size_t len)
{
	char *out = NULL, *again = NULL;
	size_t out_len = 0, again_len = 0;
	int added = -1, entries = -1;

	if (persist_rewrite(text, len, "boot=live", "persistence", &out,
			    &out_len, &added, &entries))
		return;
	if ((out != NULL) != (added > 0) || added < 0 || entries < 0)
		abort();
	if (out) {
		/* every entry has it now: a second pass adds nothing */
		if (persist_rewrite(out, out_len, "boot=live", "persistence",
				    &again, &again_len, &added, &entries))
			goto out;
		if (again || added)
			abort();
	}
out:
	free(out);
	free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char from[128], to[128];
	struct cfg_refs *refs;
	const char *text;
	size_t len;

	split(data, size, from, to, sizeof(from), &text, &len);
	check_label(text, len, from, to);
	check_persist(text, len);
	refs = calloc(1, sizeof(*refs));
	if (refs) {
		cfg_scan(text, len, refs);
		if (refs->n_modules > CFG_MAX_REFS ||
		    refs->n_includes > CFG_MAX_REFS ||
		    refs->n_paths > CFG_MAX_REFS)
			abort();
		free(refs);
	}
	return 0;
}

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * pathres.c - where a symlink points, as a path of the same tree, with
 * no fixed-size buffer (a link under a long path must not be resolved
 * against a cut-off one).
 */
#include <stdlib.h>
#include <string.h>

#include "pathres.h"

char *path_resolve(const char *from, const char *target)
{
	const char *slash = strrchr(from, '/');
	size_t dir = target[0] == '/' ? 0 : (size_t)(slash ? slash - from : 0);
	size_t tlen = strlen(target), len = 0;
	char *buf, *out, *tok, *save;

	buf = malloc(dir + tlen + 2);
	out = malloc(dir + tlen + 2);
	if (!buf || !out) {
		free(buf);
		free(out);
		return NULL;
	}
	memcpy(buf, from, dir);
	buf[dir] = '/';
	memcpy(buf + dir + 1, target, tlen + 1);
	out[0] = '\0';
	for (tok = strtok_r(buf, "/", &save); tok;
	     tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, "."))
			continue;
		if (!strcmp(tok, "..")) {
			while (len && out[len - 1] != '/')
				len--;
			if (len)
				len--;
			out[len] = '\0';
			continue;
		}
		out[len++] = '/';
		strcpy(out + len, tok);
		len += strlen(tok);
	}
	if (!len)
		strcpy(out, "/");
	free(buf);
	return out;
}

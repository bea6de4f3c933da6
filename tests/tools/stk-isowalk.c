// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * stk-isowalk.c - print the ISO tree as iso_walk() sees it, one entry a
 * line, or one file's contents (iso_read_file) or entry (iso_lookup):
 *
 *   stk-isowalk IMAGE                 T LBA BYTES EXTENTS 'PATH' [-> 'LINK']
 *   stk-isowalk IMAGE --cat PATH      the file's bytes on stdout
 *   stk-isowalk IMAGE --stat PATH     one line as above
 */
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "iso.h"

static void print_entry(const struct iso_entry *e)
{
	printf("%c %u %llu %d '%s'", e->is_dir ? 'd' : e->is_symlink ? 'l' : 'f',
	       e->lba, (unsigned long long)e->size_bytes, e->n_extents,
	       e->path);
	if (e->is_symlink)
		printf(" -> '%s'", e->link_target);
	putchar('\n');
}

static int on_entry(const struct iso_entry *e, void *data)
{
	print_entry(e);
	return 0;
}

int main(int argc, char **argv)
{
	struct stk_ctx *ctx = stk_ctx_new();
	struct iso_entry e;
	struct iso *iso;
	int rc;

	if (argc != 2 && argc != 4) {
		fprintf(stderr, "usage: stk-isowalk IMAGE [--cat|--stat PATH]\n");
		return 2;
	}
	rc = iso_open(ctx, argv[1], &iso);
	if (rc) {
		fprintf(stderr, "stk-isowalk: %s\n", stk_ctx_errmsg(ctx));
		return 1;
	}
	if (argc == 2) {
		rc = iso_walk(ctx, iso, on_entry, NULL);
	} else if (!strcmp(argv[2], "--cat")) {
		uint8_t *data;
		size_t len;

		rc = iso_read_file(ctx, iso, argv[3], 1 << 26, &data, &len);
		if (!rc) {
			fwrite(data, 1, len, stdout);
			free(data);
		}
	} else {
		rc = iso_lookup(ctx, iso, argv[3], &e);
		if (!rc)
			print_entry(&e);
	}
	if (rc)
		fprintf(stderr, "stk-isowalk: %s\n",
			rc == -ENOENT ? "no such path" : stk_ctx_errmsg(ctx));
	iso_close(iso);
	stk_ctx_free(ctx);
	return rc ? 1 : 0;
}

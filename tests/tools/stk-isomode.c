// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * stk-isomode.c - test driver for ISO mode's compose: probe IMAGE, compose
 * the stick, print the plan lines and the map, and write the map to a
 * regular file TARGET, so tests can read the result back with mtools.
 *
 *   stk-isomode IMAGE TARGET [--size BYTES] [--uefi-only] [--gpt]
 *               [--label L] [--map]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static void on_log(enum stk_level level, const char *msg, void *data)
{
	if (level >= STK_LOG_WARN || getenv("STK_VERBOSE"))
		fprintf(stderr, "log: %s\n", msg);
}

/* A plain extent-by-extent copy: the test's stand-in for write_map(). */
static int copy_map(struct stk_ctx *ctx, struct map *map, int out)
{
	size_t chunk = 4u << 20;
	uint8_t *buf = malloc(chunk);
	size_t i;
	int rc = 0;

	if (!buf)
		return -ENOMEM;
	for (i = 0; i < map->n && !rc; i++) {
		const struct map_extent *e = &map->ext[i];
		uint64_t done = 0;

		while (done < e->len && !rc) {
			size_t n = e->len - done < chunk ? e->len - done : chunk;

			if (e->src == MAP_SRC_ZERO)
				memset(buf, 0, n);
			else
				rc = io_pread_full(e->src == MAP_SRC_FILE ?
							   map->file_fd :
							   map->shadow_fd,
						   buf, n, e->src_off + done);
			if (!rc)
				rc = io_pwrite_full(out, buf, n, e->off + done);
			done += n;
		}
	}
	free(buf);
	if (rc)
		stk_seterr(ctx, rc, "copy failed");
	return rc;
}

int main(int argc, char **argv)
{
	static const char *const src_name[] = { "stream", "file", "shadow",
						"zero" };
	struct compose_opts o = { .mode = STK_MODE_ISO };
	struct stk_image *img = NULL;
	struct compose *c = NULL;
	struct stk_ctx *ctx;
	bool show_map = false;
	char *text;
	int i, fd, rc;

	if (argc < 3) {
		fprintf(stderr, "usage: %s IMAGE TARGET [--size BYTES] "
			"[--uefi-only] [--gpt] [--label L] [--map]\n", argv[0]);
		return 2;
	}
	for (i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--size") && i + 1 < argc)
			o.target_bytes = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--uefi-only"))
			o.mode = STK_MODE_ISO_UEFI_ONLY;
		else if (!strcmp(argv[i], "--gpt"))
			o.scheme = STK_SCHEME_GPT;
		else if (!strcmp(argv[i], "--label") && i + 1 < argc)
			o.label = argv[++i];
		else if (!strcmp(argv[i], "--map"))
			show_map = true;
	}
	o.target_path = argv[2];
	ctx = stk_ctx_new();
	if (!ctx)
		return 1;
	stk_ctx_set_log(ctx, on_log, NULL);
	rc = stk_image_open(ctx, argv[1], &img);
	if (!rc)
		rc = compose_iso(ctx, img, &o, &c);
	if (rc) {
		fprintf(stderr, "stk-isomode: %s\n", stk_ctx_errmsg(ctx));
		goto out;
	}
	text = compose_describe(c);
	fputs(text ? text : "", stdout);
	free(text);
	if (show_map)
		for (size_t k = 0; k < compose_map(c)->n; k++) {
			const struct map_extent *e = &compose_map(c)->ext[k];

			printf("extent %llu +%llu %s %llu\n",
			       (unsigned long long)e->off,
			       (unsigned long long)e->len, src_name[e->src],
			       (unsigned long long)e->src_off);
		}
	fd = open(argv[2], O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 || ftruncate(fd, (off_t)compose_target_bytes(c))) {
		perror(argv[2]);
		rc = -EIO;
		goto out;
	}
	rc = copy_map(ctx, compose_map(c), fd);
	if (close(fd) && !rc)
		rc = -EIO;
	if (rc)
		fprintf(stderr, "stk-isomode: %s\n", stk_ctx_errmsg(ctx));
out:
	compose_free(c);
	stk_image_close(img);
	stk_ctx_free(ctx);
	return rc ? 1 : 0;
}

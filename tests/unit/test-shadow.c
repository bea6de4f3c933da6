// SPDX-License-Identifier: GPL-3.0-or-later
/* test-shadow.c - the sparse scratch file and its data ranges. */
#include <stdlib.h>
#include <unistd.h>

#include "t.h"
#include "internal.h"
#include "shadow.h"

static void data_ranges_follow_the_writes(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	struct shadow *sh = NULL;
	struct shadow_ranges r;
	uint8_t buf[4096];
	char *path;

	memset(buf, 0xa5, sizeof(buf));
	T_EQ_INT(shadow_create(ctx, NULL, 64ull * STK_MIB, &sh), 0);
	if (!sh)
		return;
	T_OK(access(sh->path, F_OK) == 0);
	T_EQ_INT(shadow_data_ranges(ctx, sh, &r), 0);
	T_EQ_INT(r.n, 0);
	shadow_ranges_free(&r);

	T_EQ_INT(shadow_write(ctx, sh, buf, sizeof(buf), 0), 0);
	T_EQ_INT(shadow_write(ctx, sh, buf, sizeof(buf), 8 * STK_MIB), 0);
	T_EQ_INT(shadow_write(ctx, sh, buf, sizeof(buf), 8 * STK_MIB + 4096),
		 0);
	T_EQ_INT(shadow_data_ranges(ctx, sh, &r), 0);
	T_EQ_INT(r.n, 2);
	if (r.n == 2) {
		T_EQ_U64(r.range[0].off, 0);
		T_EQ_U64(r.range[0].len, 4096);
		T_EQ_U64(r.range[1].off, 8 * STK_MIB);
		T_EQ_U64(r.range[1].len, 8192);
	}
	shadow_ranges_free(&r);

	T_EQ_INT(shadow_write(ctx, sh, buf, 1, 64ull * STK_MIB), -ERANGE);
	path = strdup(sh->path);
	/* without its name the data stays reachable through the fd */
	shadow_unlink(sh);
	T_OK(access(path, F_OK) != 0);
	T_EQ_INT(shadow_data_ranges(ctx, sh, &r), 0);
	T_EQ_INT(r.n, 2);
	shadow_ranges_free(&r);
	shadow_free(sh);
	T_OK(access(path, F_OK) != 0);
	free(path);
	stk_ctx_free(ctx);
}

static void goes_next_to_a_file_target(void)
{
	struct stk_ctx *ctx = stk_ctx_new();
	char dir[] = "/tmp/stk-shadow-XXXXXX";
	char target[64];
	struct shadow *sh = NULL;
	FILE *f;

	T_OK(mkdtemp(dir) != NULL);
	snprintf(target, sizeof(target), "%s/stick.img", dir);
	f = fopen(target, "w");
	T_OK(f != NULL);
	if (f)
		fclose(f);
	T_EQ_INT(shadow_create(ctx, target, STK_MIB, &sh), 0);
	T_OK(sh && !strncmp(sh->path, dir, strlen(dir)));
	shadow_free(sh);
	unlink(target);
	rmdir(dir);
	stk_ctx_free(ctx);
}

T_MAIN(
	T_CASE(data_ranges_follow_the_writes),
	T_CASE(goes_next_to_a_file_target),
)

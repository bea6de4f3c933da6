// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * iso.c - the only file that includes libcdio: reading the ISO 9660 tree.
 */
#include <cdio/cdio.h>
#include <cdio/logging.h>

#include "internal.h"

/*
 * libcdio's log handler has no data pointer, and its default handler
 * exits the process on errors; libcdio is used from one thread, so the
 * context is kept here for the life of the context.
 */
static struct stk_ctx *cdio_ctx;

static void cdio_to_stk(cdio_log_level_t level, const char message[])
{
	if (!cdio_ctx)
		return;
	stk_log(cdio_ctx, level >= CDIO_LOG_WARN ? STK_LOG_WARN : STK_LOG_DEBUG,
		"libcdio: %s", message);
}

void iso_init_logging(struct stk_ctx *ctx)
{
	cdio_ctx = ctx;
	cdio_log_set_handler(cdio_to_stk);
}

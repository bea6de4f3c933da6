// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * part.c - the only file that includes libparted: partition tables on the
 * shadow.
 */
#include <parted/parted.h>

#include "internal.h"

/*
 * libparted's exception handler has no data pointer and by default prints
 * and may prompt; it is used from one thread, so the context is kept here.
 */
static struct stk_ctx *ped_ctx;

static PedExceptionOption ped_to_stk(PedException *ex)
{
	if (ped_ctx)
		stk_log(ped_ctx,
			ex->type >= PED_EXCEPTION_ERROR ? STK_LOG_ERR :
							  STK_LOG_WARN,
			"libparted: %s", ex->message);
	/* Never prompt: cancel errors, ignore warnings we checked ourselves. */
	if (ex->type >= PED_EXCEPTION_ERROR)
		return (ex->options & PED_EXCEPTION_CANCEL) ?
			       PED_EXCEPTION_CANCEL :
			       PED_EXCEPTION_UNHANDLED;
	if (ex->options & PED_EXCEPTION_IGNORE)
		return PED_EXCEPTION_IGNORE;
	return PED_EXCEPTION_UNHANDLED;
}

void part_init_logging(struct stk_ctx *ctx)
{
	ped_ctx = ctx;
	ped_exception_set_handler(ctx ? ped_to_stk : NULL);
}

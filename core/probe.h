/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * probe.h - the opened image and the probe that fills its report:
 * image.c, probe.c, verdict.c.
 */
#ifndef STK_PROBE_H
#define STK_PROBE_H

#include "internal.h"

struct iso;

/* An opened image (image.c). The report is filled by probe_image(). */
struct stk_image {
	char		*path;		/* as given to stk_image_open() */
	int		fd;		/* read-only, O_CLOEXEC */
	uint64_t	file_bytes;	/* size of the file (or device) */
	struct iso	*iso;		/* tree reader, NULL unless ISO 9660 */
	bool		head_only;	/* raw: the tree is not walked */
	struct stk_report report;
};

/* Fills img->report (and img->iso) from img->fd; reads metadata only. */
int probe_image(struct stk_ctx *ctx, struct stk_image *img);
/* Applies the verdict rules to a filled report (verdict.c, pure). */
void verdict_decide(struct stk_report *r);
/* Appends a reason sentence to the report (bounded, silently drops extras). */
void verdict_add_reason(struct stk_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* STK_PROBE_H */

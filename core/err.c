// SPDX-License-Identifier: GPL-3.0-or-later
/* err.c - the one error message a failing action leaves in the context. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* The message from @fmt, then ": cause" when @cause is set. */
static int vseterr(struct stk_ctx *ctx, int rc, bool cause, const char *fmt,
		   va_list ap)
{
	size_t n;

	vsnprintf(ctx->errmsg, sizeof(ctx->errmsg), fmt, ap);
	if (cause) {
		n = strlen(ctx->errmsg);
		snprintf(ctx->errmsg + n, sizeof(ctx->errmsg) - n, ": %s",
			 strerror(rc < 0 ? -rc : rc));
	}
	ctx->errcode = rc;
	stk_log(ctx, STK_LOG_ERR, "%s", ctx->errmsg);
	return rc;
}

int stk_seterr(struct stk_ctx *ctx, int rc, const char *fmt, ...)
{
	va_list ap;

	if (!ctx)
		return rc;
	va_start(ap, fmt);
	rc = vseterr(ctx, rc, false, fmt, ap);
	va_end(ap);
	return rc;
}

int stk_seterr_errno(struct stk_ctx *ctx, int rc, const char *fmt, ...)
{
	va_list ap;

	if (!ctx)
		return rc;
	va_start(ap, fmt);
	rc = vseterr(ctx, rc, true, fmt, ap);
	va_end(ap);
	return rc;
}

const char *stk_ctx_errmsg(const struct stk_ctx *ctx)
{
	return ctx ? ctx->errmsg : "";
}

const char *stk_strerror(int rc)
{
	switch (rc) {
	case 0:
		return "success";
	case -ECANCELED:
		return "stopped by the user";
	case -EBUSY:
		return "target is mounted or in use";
	case -ENOSPC:
		return "image is larger than the target";
	case -EROFS:
		return "target is write-protected";
	case -EBADMSG:
		return "verification found a difference";
	case -ENOTSUP:
		return "image cannot be made bootable in this mode";
	case -ENODEV:
		return "device vanished";
	default:
		return strerror(-rc);
	}
}

size_t stk_strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size) {
		size_t c = n < size - 1 ? n : size - 1;

		memcpy(dst, src, c);
		dst[c] = '\0';
		return c;
	}
	return 0;
}

const char *text_oneline(const char *s, char *buf, size_t len)
{
	size_t o = 0;

	if (!strpbrk(s, "\n\r"))
		return s;
	for (; *s && o + 5 <= len; s++) {
		if (*s == '\n' || *s == '\r') {
			snprintf(buf + o, len - o, "\\x%02x",
				 (unsigned)(unsigned char)*s);
			o += 4;
		} else {
			buf[o++] = *s;
		}
	}
	if (len)
		buf[o < len ? o : len - 1] = '\0';
	return buf;
}

void stk_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

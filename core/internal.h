/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * internal.h - the base every core/ and boot/ file stands on: the context,
 * errors, logging, progress, byte order and full-length I/O. Each module
 * has a header of its own (probe.h, map.h, write.h, ...); a file includes
 * this one and the modules it uses. Nothing here names a libcdio or
 * libusb type.
 */
#ifndef STK_INTERNAL_H
#define STK_INTERNAL_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "stickler.h"

#define STK_ERRMSG_MAX	512
#define STK_LOG_RING	64
#define STK_LOG_LINE	256

#define ISO_BLOCK_BYTES	2048u
#define MBR_CODE_BYTES	440	/* boot code before the disk signature */
#define STK_MIB		(1024u * 1024u)

/* Debug subsystems, selected with STICKLER_DEBUG=probe,write or =all. */
#define STK_DBG_PROBE	(1u << 0)
#define STK_DBG_PART	(1u << 1)
#define STK_DBG_WRITE	(1u << 2)
#define STK_DBG_BOOT	(1u << 3)
#define STK_DBG_DEVICE	(1u << 4)
#define STK_DBG_FAT	(1u << 5)
#define STK_DBG_VERIFY	(1u << 6)
#define STK_DBG_ALL	(~0u)

/*
 * Where the kernel's tables are read: /sys, /proc/self/mountinfo and
 * /proc/swaps, or the fixture files STICKLER_SYSFS, STICKLER_MOUNTINFO
 * and STICKLER_SWAPS name instead. Read once, when the context is made.
 */
struct stk_roots {
	char	*sysfs;		/* "/sys" */
	char	*mountinfo;	/* "/proc/self/mountinfo" */
	char	*swaps;		/* "/proc/swaps" */
	bool	fixture;	/* sysfs is a test tree, not this machine's */
};

struct stk_ctx {
	char		errmsg[STK_ERRMSG_MAX];
	int		errcode;
	unsigned	debug_mask;
	stk_log_fn	log_fn;
	void		*log_data;
	stk_progress_fn	progress_fn;
	void		*progress_data;
	/* ring of recent log lines, kept whether or not a sink is set */
	char		ring[STK_LOG_RING][STK_LOG_LINE];
	unsigned	ring_next;	/* index of the slot written next */
	unsigned	ring_count;
	struct stk_roots roots;
};

/*
 * ctx_worker_new - a context for a thread working for @parent: messages
 * and callbacks of its own, @parent's debug mask and roots (borrowed:
 * @parent outlives it). NULL when out of memory. Free with free(), never
 * stk_ctx_free().
 */
struct stk_ctx *ctx_worker_new(const struct stk_ctx *parent);

/*
 * stk_seterr - record the one message for a failure and return @rc, so it
 * can be the return expression. Lower case, no final full stop, subject in
 * single quotes: stk_seterr(ctx, -errno, "cannot open '%s'", path).
 */
int stk_seterr(struct stk_ctx *ctx, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * stk_seterr_errno - stk_seterr() with the cause appended once, as git's
 * error_errno() does: stk_seterr_errno(ctx, -errno, "cannot open '%s'",
 * path) records "cannot open 'x': No such file or directory".
 */
int stk_seterr_errno(struct stk_ctx *ctx, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void stk_log(struct stk_ctx *ctx, enum stk_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Calls the progress callback; -ECANCELED (with a message) if it says stop. */
int stk_report(struct stk_ctx *ctx, enum stk_phase phase, uint64_t done,
	       uint64_t total, double elapsed_s, const char *item);

/*
 * A phase's progress, passed on at most every 100 ms (and whenever
 * forced): the one throttle of the writer, the verifier and the readers.
 */
struct stk_throttle {
	enum stk_phase	phase;
	uint64_t	total;
	double		t0;		/* when the phase started */
	double		last;		/* when it was last reported */
};

void stk_throttle_init(struct stk_throttle *t, enum stk_phase phase,
		       uint64_t total);
/* stk_report() of @done unless the last one was under 100 ms ago. */
int stk_throttle(struct stk_ctx *ctx, struct stk_throttle *t, uint64_t done,
		 bool force);

/* The format must be a string literal: it is glued to the subsystem name. */
#define DBG(ctx, mask, ...)						\
	do {								\
		if ((ctx)->debug_mask & STK_DBG_##mask)			\
			stk_log(ctx, STK_LOG_DEBUG, #mask ": " __VA_ARGS__); \
	} while (0)

unsigned stk_debug_parse(const char *spec);

/* libcdio's handler (iso.c): set while a ctx lives. */
void iso_init_logging(struct stk_ctx *ctx);

/* Monotonic seconds. */
double stk_now(void);

/* ---- byte order ---------------------------------------------------------- */

static inline uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

static inline uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void put_le64(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

/* Declares a field covering spec bytes FIRST..LAST (1-based, inclusive). */
#define SPAN(first, last) [(last) - (first) + 1]

/* Bounded copy that always terminates; returns strlen of the result. */
size_t stk_strlcpy(char *dst, const char *src, size_t size);
/*
 * text_oneline - @s for a line of text a person reads (a plan): each
 * newline and carriage return as \x0a and \x0d, so a name it quotes
 * cannot start a line of its own. Returns @s itself when it has none,
 * else @buf (@len bytes; 4 * strlen(@s) + 1 always suffice).
 */
const char *text_oneline(const char *s, char *buf, size_t len);
#define TEXT_ONELINE_MAX(n) (4 * (n) + 1)
/* snprintf() for messages that may be cut at the buffer's end. */
void stk_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- full-length I/O (io.c) ---------------------------------------------- */

/* Full-length pread/pwrite; retry on EINTR and short transfers.
 * Return 0 or -errno; a read past the end gives -ENODATA. */
int io_pread_full(int fd, void *buf, size_t len, uint64_t off);
int io_pwrite_full(int fd, const void *buf, size_t len, uint64_t off);

/* Buffer aligned for O_DIRECT (4096); free with free(). NULL on ENOMEM. */
void *io_alloc_aligned(size_t len);

/* FNV-1a, for fingerprints (sysfs.c). */
uint64_t stk_fnv1a(uint64_t h, const void *data, size_t len);

#endif /* STK_INTERNAL_H */

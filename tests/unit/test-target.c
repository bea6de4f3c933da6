// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * test-target.c - the one bisector of failed writes and read-backs: which
 * sector it names, and which tries it makes to find it.
 */
#include "t.h"
#include "internal.h"
#include "target.h"

/* A fake disk: a try fails when it covers a bad byte (or, with @flaky,
 * when it is longer than one sector and covers @flaky's byte). */
struct fake {
	uint64_t bad;	/* UINT64_MAX: none */
	uint64_t flaky; /* fails only in pieces longer than a sector */
	int tries;
	uint64_t last_off;
	size_t last_len;
	size_t last_at;
};

static struct fake fk;

static bool covers(uint64_t byte, uint64_t off, size_t len)
{
	return byte != UINT64_MAX && byte >= off && byte < off + len;
}

static int try_fake(struct target *tg, void *buf, size_t at, uint64_t off,
		    size_t len)
{
	fk.tries++;
	fk.last_off = off;
	fk.last_len = len;
	fk.last_at = at;
	if (covers(fk.bad, off, len))
		return -EIO;
	if (len > tg->sector_bytes && covers(fk.flaky, off, len))
		return -EIO;
	return 0;
}

static void reset(uint64_t bad, uint64_t flaky)
{
	memset(&fk, 0, sizeof(fk));
	fk.bad = bad;
	fk.flaky = flaky;
}

static void everything_goes_through_this_time(void)
{
	struct target tg = {.sector_bytes = 512};

	reset(UINT64_MAX, UINT64_MAX);
	T_EQ_U64(target_first_bad(&tg, try_fake, NULL, 4096, STK_MIB,
				  64 * 1024),
		 UINT64_MAX);
	T_EQ_INT(fk.tries, 16); /* one try per 64 KiB piece */
}

static void names_the_first_bad_sector(void)
{
	struct target tg = {.sector_bytes = 512};
	uint64_t off = 8 * STK_MIB;

	/* byte 300 of sector 200 of the chunk, in its second piece */
	reset(off + 200 * 512 + 300, UINT64_MAX);
	T_EQ_U64(target_first_bad(&tg, try_fake, NULL, off, STK_MIB,
				  64 * 1024),
		 off + 200 * 512);
	/* pieces 0 and 1, then sectors 128..200 of the second */
	T_EQ_INT(fk.tries, 2 + 73);
	T_EQ_U64(fk.last_off, off + 200 * 512);
	T_EQ_INT(fk.last_len, 512);
	T_EQ_INT(fk.last_at, 200 * 512); /* into the caller's buffer */
}

static void a_piece_whose_sectors_pass_is_named(void)
{
	struct target tg = {.sector_bytes = 4096};

	reset(UINT64_MAX, 3 * 65536 + 10);
	T_EQ_U64(target_first_bad(&tg, try_fake, NULL, 0, 8 * 65536, 65536),
		 3 * 65536);
	T_EQ_INT(fk.tries, 4 + 16);
}

static void sector_steps_try_each_sector_once(void)
{
	struct target tg = {.sector_bytes = 512};

	reset(4096 + 5 * 512, UINT64_MAX);
	T_EQ_U64(target_first_bad(&tg, try_fake, NULL, 4096, 16 * 512, 512),
		 4096 + 5 * 512);
	T_EQ_INT(fk.tries, 6);
}

/* A tail piece shorter than a sector is tried as it is. */
static void a_short_tail_piece(void)
{
	struct target tg = {.sector_bytes = 512};

	reset(1100, UINT64_MAX);
	T_EQ_U64(target_first_bad(&tg, try_fake, NULL, 0, 1024 + 100, 1024),
		 1024);
	T_EQ_INT(fk.tries, 2 + 1);
	T_EQ_INT(fk.last_len, 100);
}

T_MAIN(T_CASE(everything_goes_through_this_time),
       T_CASE(names_the_first_bad_sector),
       T_CASE(a_piece_whose_sectors_pass_is_named),
       T_CASE(sector_steps_try_each_sector_once),
       T_CASE(a_short_tail_piece))

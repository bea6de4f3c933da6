// SPDX-License-Identifier: GPL-3.0-or-later
/* test-size.c - the one size formatter and the one size parser. */
#include <errno.h>

#include "t.h"
#include "stickler.h"

static void format_units(void)
{
	char b[32];

	T_EQ_STR(stk_size_format(0, b, sizeof(b)), "0 B");
	T_EQ_STR(stk_size_format(1023, b, sizeof(b)), "1023 B");
	T_EQ_STR(stk_size_format(1024, b, sizeof(b)), "1.0 KiB");
	T_EQ_STR(stk_size_format(544768, b, sizeof(b)), "532.0 KiB");
	T_EQ_STR(stk_size_format(64ull << 20, b, sizeof(b)), "64.0 MiB");
	/* a "8 GB" stick: the same words on every screen and plan line */
	T_EQ_STR(stk_size_format(8000000000ull, b, sizeof(b)), "7.5 GiB");
	T_EQ_STR(stk_size_format(3ull << 40, b, sizeof(b)), "3.0 TiB");
	T_EQ_STR(stk_size_format(5ull << 50, b, sizeof(b)), "5120.0 TiB");
}

static void parse_good(void)
{
	uint64_t v = 0;

	T_EQ_INT(stk_size_parse("100000", &v), 0);
	T_EQ_U64(v, 100000);
	T_EQ_INT(stk_size_parse("4G", &v), 0);
	T_EQ_U64(v, 4ull << 30);
	T_EQ_INT(stk_size_parse("4GiB", &v), 0);
	T_EQ_U64(v, 4ull << 30);
	T_EQ_INT(stk_size_parse("512mb", &v), 0);
	T_EQ_U64(v, 512ull << 20);
	T_EQ_INT(stk_size_parse("2t", &v), 0);
	T_EQ_U64(v, 2ull << 40);
	T_EQ_INT(stk_size_parse("8k", &v), 0);
	T_EQ_U64(v, 8192);
}

static void parse_bad(void)
{
	uint64_t v = 7;

	T_EQ_INT(stk_size_parse("", &v), -EINVAL);
	T_EQ_INT(stk_size_parse("0", &v), -EINVAL);
	T_EQ_INT(stk_size_parse("-5", &v), -EINVAL);
	T_EQ_INT(stk_size_parse(" 5", &v), -EINVAL);
	T_EQ_INT(stk_size_parse("4X", &v), -EINVAL);
	T_EQ_INT(stk_size_parse("4GiBs", &v), -EINVAL);
	T_EQ_INT(stk_size_parse("100B", &v), -EINVAL);
	T_EQ_INT(stk_size_parse("99999999999999999999", &v), -EINVAL);
	T_EQ_INT(stk_size_parse("20000000T", &v), -EINVAL);
	T_EQ_U64(v, 7);
}

T_MAIN(
	T_CASE(format_units),
	T_CASE(parse_good),
	T_CASE(parse_bad),
)

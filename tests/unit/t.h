/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * t.h - a tiny unit-test harness printing TAP lines. Each case is a
 * function in a T_MAIN table; a failed check prints a diagnostic and marks
 * the case "not ok" but lets it run on.
 */
#ifndef STK_T_H
#define STK_T_H

#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_case_failed;

#define T_FAIL_AT(fmt, ...)						\
	do {								\
		printf("#   %s:%d: " fmt "\n", __FILE__, __LINE__,	\
		       __VA_ARGS__);					\
		t_case_failed = 1;					\
	} while (0)

#define T_OK(cond)							\
	do {								\
		if (!(cond))						\
			T_FAIL_AT("%s is false", #cond);		\
	} while (0)

#define T_EQ_INT(a, b)							\
	do {								\
		long long t_a_ = (long long)(a), t_b_ = (long long)(b);	\
		if (t_a_ != t_b_)					\
			T_FAIL_AT("%s == %lld, expected %lld", #a, t_a_, \
				  t_b_);				\
	} while (0)

#define T_EQ_U64(a, b)							\
	do {								\
		uint64_t t_a_ = (uint64_t)(a), t_b_ = (uint64_t)(b);	\
		if (t_a_ != t_b_)					\
			T_FAIL_AT("%s == %" PRIu64 ", expected %" PRIu64, \
				  #a, t_a_, t_b_);			\
	} while (0)

#define T_EQ_STR(a, b)							\
	do {								\
		const char *t_a_ = (a), *t_b_ = (b);			\
		if (!t_a_ || !t_b_ || strcmp(t_a_, t_b_))		\
			T_FAIL_AT("%s == \"%s\", expected \"%s\"", #a,	\
				  t_a_ ? t_a_ : "(null)",		\
				  t_b_ ? t_b_ : "(null)");		\
	} while (0)

/*
 * Replay a fuzz corpus: each file of DIR (from the top of the tree, where
 * make check runs), up to MAX bytes of it, goes to FN in a buffer of its
 * exact size, so a read past the input is caught by ASan. Returns how many
 * files were replayed.
 */
static inline int t_corpus(const char *dir, size_t max,
			   void (*fn)(const uint8_t *buf, size_t len))
{
	uint8_t *tmp = malloc(max ? max : 1);
	DIR *ds = opendir(dir);
	struct dirent *d;
	char path[512];
	int n = 0;

	T_OK(ds != NULL);
	T_OK(tmp != NULL);
	for (d = ds && tmp ? readdir(ds) : NULL; d; d = readdir(ds)) {
		uint8_t *copy;
		size_t len;
		FILE *f;

		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		f = fopen(path, "rb");
		if (!f)
			continue;
		len = fread(tmp, 1, max, f);
		fclose(f);
		copy = malloc(len ? len : 1);
		T_OK(copy != NULL);
		if (!copy)
			break;
		memcpy(copy, tmp, len);
		fn(copy, len);
		free(copy);
		n++;
	}
	if (ds)
		closedir(ds);
	free(tmp);
	return n;
}

struct t_case {
	const char *name;
	void (*fn)(void);
};

#define T_CASE(f) { #f, f }

#define T_MAIN(...)							\
	int main(void)							\
	{								\
		static const struct t_case cases[] = { __VA_ARGS__ };	\
		size_t n = sizeof(cases) / sizeof(cases[0]), i;		\
		int failed = 0;						\
									\
		printf("1..%zu\n", n);					\
		for (i = 0; i < n; i++) {				\
			t_case_failed = 0;				\
			cases[i].fn();					\
			printf("%sok %zu - %s\n",			\
			       t_case_failed ? "not " : "", i + 1,	\
			       cases[i].name);				\
			failed |= t_case_failed;			\
		}							\
		return failed;						\
	}

#endif /* STK_T_H */

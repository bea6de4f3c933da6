/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzzrun-main.h - main() of the corpus replayers (tests/tools/stk-fuzzrun*.c):
 * each file named on the command line goes through the fuzz target once,
 * so `make check` runs every input the fuzzer ever kept. Include it after
 * the target's source.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *buf;
		long n;

		if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
		    fseek(f, 0, SEEK_SET)) {
			fprintf(stderr, "stk-fuzzrun: cannot read '%s'\n",
				argv[i]);
			return 2;
		}
		buf = malloc((size_t)n + 1);
		if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
			fprintf(stderr, "stk-fuzzrun: cannot read '%s'\n",
				argv[i]);
			return 2;
		}
		fclose(f);
		LLVMFuzzerTestOneInput(buf, (size_t)n);
		free(buf);
		printf("ok %s\n", argv[i]);
	}
	return 0;
}

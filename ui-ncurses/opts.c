// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * opts.c - getopt_long for every subcommand, with one wording for the two
 * usage errors: an unknown option and an option that lacks its value.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "ui.h"

int ui_getopt(int argc, char **argv, const char *shortopts,
	      const struct option *longopts)
{
	const char *cmd = strcmp(argv[0], "stickler") ? argv[0] : NULL;
	const char *arg;
	char spec[64], name[64];
	int c;

	/* A leading ':' makes getopt tell a missing value from a bad option. */
	snprintf(spec, sizeof(spec), ":%s", shortopts);
	opterr = 0;
	c = getopt_long(argc, argv, spec, longopts, NULL);
	if (c != '?' && c != ':')
		return c;
	arg = argv[optind - 1];
	if (!strncmp(arg, "--", 2))
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(arg, "="),
			 arg);
	else
		snprintf(name, sizeof(name), "-%c", optopt);
	ui_error("%s%s%s '%s'", cmd ? cmd : "", cmd ? ": " : "",
		 c == ':' ? "missing the value of option" : "unknown option",
		 name);
	return '?';
}

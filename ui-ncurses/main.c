// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * main.c - the stickler program: the wizard with no arguments, else one
 * subcommand of the scripted command line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ui.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} cmds[] = {
	{"probe", cmd_probe, "probe IMAGE [--json]      how an image boots"},
	{"write", cmd_write, "write IMAGE TARGET [...]  write and verify"},
	{"verify", cmd_verify, "verify IMAGE TARGET       compare a target"},
	{"list", cmd_list, "list [--all] [--json]     USB sticks and disks"},
	{"check", cmd_check, "check IMAGE [...]         is it genuine"},
	{"ls", cmd_ls, "ls IMAGE [PATH] [-l]      list a directory of an ISO"},
	{"cat", cmd_cat, "cat IMAGE PATH            a file of an ISO to stdout"},
	{"extract", cmd_extract, "extract IMAGE DIR         an ISO's tree into DIR"},
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: stickler                 the wizard\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "       stickler %s\n", cmds[i].summary);
	fprintf(f,
		"exit status: 0 ok, 1 failed, 2 usage, 3 verify mismatch or not genuine, 4 cancelled\n");
}

void ui_error(const char *fmt, ...)
{
	va_list ap;

	fputs("stickler: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int ui_exit_code(int rc)
{
	switch (rc) {
	case 0:
		return UI_EXIT_OK;
	case -EBADMSG:
		return UI_EXIT_MISMATCH;
	case -ECANCELED:
		return UI_EXIT_CANCELLED;
	default:
		return UI_EXIT_FAILED;
	}
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2 || argv[1][0] == '-') {
		if (argc >= 2 &&
		    (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
			usage(stdout);
			return UI_EXIT_OK;
		}
		return wizard_main(argc, argv);
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].run(argc - 1, argv + 1);
	ui_error("unknown command '%s'", argv[1]);
	usage(stderr);
	return UI_EXIT_USAGE;
}

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * main.c - the stickler program: the wizard with no arguments, else one
 * subcommand of the scripted command line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#ifndef STK_VERSION
#define STK_VERSION "unknown"
#endif

/* One row a subcommand: its name, its arguments, what it is for. */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *args;
	const char *summary;
} cmds[] = {
	{"probe", cmd_probe, "IMAGE [--json]", "how an image boots, and why"},
	{"write", cmd_write, "IMAGE TARGET [...]", "write and verify a stick"},
	{"plan", cmd_plan, "IMAGE TARGET",
	 "the plan of a write; writes nothing"},
	{"verify", cmd_verify, "IMAGE TARGET", "compare a stick with an image"},
	{"list", cmd_list, "[--all] [--json]", "USB sticks and other disks"},
	{"check", cmd_check, "IMAGE [...]", "is the image genuine"},
	{"ls", cmd_ls, "IMAGE [PATH] [-l]", "list a directory of an ISO"},
	{"cat", cmd_cat, "IMAGE PATH", "copy a file of an ISO to stdout"},
	{"extract", cmd_extract, "IMAGE DIR", "copy an ISO's tree into DIR"},
	{"read", cmd_read, "SOURCE OUT [...]",
	 "make an image from a stick or disc"},
	{"test", cmd_test, "TARGET [--quick|--full]",
	 "is the stick as large as it claims"},
	{"restore", cmd_restore, "TARGET [--fs FS]",
	 "make it a plain data stick again"},
	{"eject", cmd_eject, "TARGET", "power a stick off: safe to remove"},
	{"station-grow", cmd_station_grow, "DISK",
	 "grow a station's images partition"},
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: stickler [OPTIONS]              the wizard\n");
	fprintf(f,
		"       stickler COMMAND [ARGS] [-h]    one job, for scripts\n\n");
	fprintf(f, "commands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-8s %-22s %s\n", cmds[i].name, cmds[i].args,
			cmds[i].summary);
	fprintf(f, "\nwizard options:\n");
	fprintf(f, "  --config FILE     read this configuration file\n");
	fprintf(f, "  --log FILE        append the log to FILE\n");
	fprintf(f,
		"  --library DIR     offer the images in DIR (repeatable)\n");
	fprintf(f, "  --mode MODE       auto, raw, iso or iso-uefi-only\n");
	fprintf(f,
		"  --verify, --no-verify  read the stick back after writing (default: yes)\n");
	fprintf(f,
		"  -h, --help        this text; 'stickler COMMAND -h' for a command\n");
	fprintf(f, "  -V, --version     the version\n\n");
	fprintf(f,
		"every command also takes --log FILE (the core's log, appended to FILE);\n"
		"STICKLER_DEBUG=probe,write,... (or all) adds debug lines (to stderr without --log)\n\n");
	fprintf(f,
		"exit status: 0 ok, 1 failed, 2 usage, 3 differs or not genuine, 4 cancelled\n");
	fprintf(f, "More in 'man stickler'.\n");
}

static char last_error[1024];

/* Prints and logs last_error, the message. */
static void say_error(void)
{
	/* messages name the image's files: never its control bytes */
	fputs("stickler: ", stderr);
	ui_safe_fputs_line(last_error, stderr);
	fputc('\n', stderr);
	ui_cli_log(STK_LOG_ERR, last_error);
}

void ui_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	say_error();
}

void ui_error_errno(const char *fmt, ...)
{
	int err = errno;
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	n = strlen(last_error);
	snprintf(last_error + n, sizeof(last_error) - n, ": %s", strerror(err));
	say_error();
}

const char *ui_last_error(void)
{
	return last_error[0] ? last_error : NULL;
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

/*
 * `--log FILE` (or --log=FILE) works for every subcommand: it is taken
 * off the arguments here, before the first "--", and the core's log goes
 * to FILE. Returns 0, or the exit status of a bad one.
 */
static int take_log_option(int *argc, char **argv)
{
	const char *path;
	int i = 2, k, n;

	while (i < *argc && strcmp(argv[i], "--")) {
		if (!strcmp(argv[i], "--log")) {
			if (i + 1 >= *argc) {
				ui_error("%s: option '--log' needs a file",
					 argv[1]);
				return UI_EXIT_USAGE;
			}
			path = argv[i + 1];
			n = 2;
		} else if (!strncmp(argv[i], "--log=", 6)) {
			path = argv[i] + 6;
			n = 1;
		} else {
			i++;
			continue;
		}
		if (ui_cli_log_open(path))
			return UI_EXIT_FAILED;
		for (k = i; k + n <= *argc; k++)
			argv[k] = argv[k + n];
		*argc -= n;
	}
	return 0;
}

/* The command line, for the log file. */
static void log_command(int argc, char **argv)
{
	char line[1024];
	size_t n = 0;
	int i;

	line[0] = '\0';
	for (i = 0; i < argc && n < sizeof(line) - 1; i++)
		n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%s",
				      i ? " " : "", i ? argv[i] : "stickler");
	ui_cli_logf(STK_LOG_INFO, "%s", line);
}

int main(int argc, char **argv)
{
	size_t i;

	/*
	 * Without TZ, glibc stats /etc/localtime on every mktime(): once per
	 * ISO file and walk (6000 calls for 2000 files). Naming the same
	 * zone file lets it read it once.
	 */
	if (!getenv("TZ"))
		setenv("TZ", ":/etc/localtime", 0);

	if (argc >= 2 &&
	    (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return UI_EXIT_OK;
	}
	if (argc >= 2 &&
	    (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))) {
		printf("stickler %s\n", STK_VERSION);
		return UI_EXIT_OK;
	}
	if (argc < 2 || argv[1][0] == '-') {
		argv[0] = (char *)"stickler"; /* getopt's messages name it */
		return wizard_main(argc, argv);
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name)) {
			int code = take_log_option(&argc, argv);

			if (code)
				return code;
			log_command(argc, argv);
			/* cat and read print data, every other command text */
			if (strcmp(argv[1], "cat") && strcmp(argv[1], "read"))
				ui_stdout_filter_install();
			code = cmds[i].run(argc - 1, argv + 1);
			ui_cli_logf(STK_LOG_INFO, "exit status %d", code);

			ui_json_finish(code);
			return code;
		}
	ui_error("unknown command '%s'; 'stickler --help' lists the commands",
		 argv[1]);
	return UI_EXIT_USAGE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui.h - shared declarations of the stickler program: the subcommands of
 * the command line and the wizard. Includes core/stickler.h only.
 */
#ifndef STK_UI_H
#define STK_UI_H

#include "stickler.h"

/* Exit codes of the program (documented in README and stickler(1)). */
enum ui_exit {
	UI_EXIT_OK = 0,
	UI_EXIT_FAILED = 1,
	UI_EXIT_USAGE = 2,
	UI_EXIT_MISMATCH = 3,
	UI_EXIT_CANCELLED = 4,
};

/* Each subcommand gets argv with argv[0] being its own name. */
int cmd_probe(int argc, char **argv);
int cmd_write(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_list(int argc, char **argv);
int wizard_main(int argc, char **argv);

/* Prints "stickler: MSG" on stderr (one line). */
void ui_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Maps a core return code to an exit code. */
int ui_exit_code(int rc);

#endif /* STK_UI_H */

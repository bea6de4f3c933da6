// SPDX-License-Identifier: GPL-3.0-or-later
/* cmd-verify.c - `stickler verify`: placeholder until its issue lands. */
#include "ui.h"

int cmd_verify(int argc, char **argv)
{
	ui_error("'verify' is not built yet");
	return UI_EXIT_FAILED;
}

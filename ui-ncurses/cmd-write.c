// SPDX-License-Identifier: GPL-3.0-or-later
/* cmd-write.c - `stickler write`: placeholder until its issue lands. */
#include "ui.h"

int cmd_write(int argc, char **argv)
{
	ui_error("'write' is not built yet");
	return UI_EXIT_FAILED;
}

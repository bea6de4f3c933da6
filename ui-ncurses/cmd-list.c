// SPDX-License-Identifier: GPL-3.0-or-later
/* cmd-list.c - `stickler list`: placeholder until its issue lands. */
#include "ui.h"

int cmd_list(int argc, char **argv)
{
	ui_error("'list' is not built yet");
	return UI_EXIT_FAILED;
}

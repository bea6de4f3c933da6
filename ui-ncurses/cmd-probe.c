// SPDX-License-Identifier: GPL-3.0-or-later
/* cmd-probe.c - `stickler probe`: placeholder until its issue lands. */
#include "ui.h"

int cmd_probe(int argc, char **argv)
{
	ui_error("'probe' is not built yet");
	return UI_EXIT_FAILED;
}

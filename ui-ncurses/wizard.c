// SPDX-License-Identifier: GPL-3.0-or-later
/* wizard.c - the terminal wizard: placeholder (usage) until issue 6 lands. */
#include <stdio.h>

#include "ui.h"

int wizard_main(int argc, char **argv)
{
	fputs("stickler: the wizard is not built yet; the command line is:\n"
	      "  stickler probe IMAGE [--json]\n"
	      "  stickler write IMAGE TARGET [--mode raw] [--yes]\n"
	      "  stickler verify IMAGE TARGET\n"
	      "  stickler list [--all] [--json]\n",
	      stdout);
	return argc > 1 ? UI_EXIT_USAGE : UI_EXIT_OK;
}

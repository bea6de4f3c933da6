// SPDX-License-Identifier: GPL-3.0-or-later
/* test-cfg.c - isolinux config references and the chaining syslinux.cfg. */
#include <stdlib.h>

#include "t.h"
#include "internal.h"
#include "cfg.h"

static const char debian_like[] =
	"# D-I config version 2.0\n"
	"path \n"
	"include menu.cfg\n"
	"default vesamenu.c32\n"
	"prompt 0\n"
	"timeout 0\n";

static const char menu_cfg[] =
	"menu hshift 4\r\n"
	"\tmenu include stdmenu.cfg\r\n"
	"  UI menu.c32\r\n"
	"LABEL hdt\r\n"
	"  COM32 hdt.c32\r\n"
	"label chain\n"
	"  kernel chain.c32\n"
	"  append hd0\n"
	"label linux\n"
	"  kernel /install/vmlinuz\n"
	"# UI fake.c32 is a comment\n"
	"CONFIG /boot/other.cfg\n"
	"PATH /boot/modules:/extra\n";

static void finds_modules_and_includes(void)
{
	struct cfg_refs r;

	memset(&r, 0, sizeof(r));
	cfg_scan(debian_like, strlen(debian_like), &r);
	cfg_scan(menu_cfg, strlen(menu_cfg), &r);
	T_EQ_INT(r.n_modules, 4);
	T_EQ_STR(r.module[0], "vesamenu.c32");
	T_EQ_STR(r.module[1], "menu.c32");
	T_EQ_STR(r.module[2], "hdt.c32");
	T_EQ_STR(r.module[3], "chain.c32");
	T_EQ_INT(r.n_includes, 3);
	T_EQ_STR(r.include[0], "menu.cfg");
	T_EQ_STR(r.include[1], "stdmenu.cfg");
	T_EQ_STR(r.include[2], "/boot/other.cfg");
	T_EQ_INT(r.n_paths, 2);
	T_EQ_STR(r.path[0], "/boot/modules");
	T_EQ_STR(r.path[1], "/extra");
}

static void duplicates_are_listed_once(void)
{
	struct cfg_refs r;

	memset(&r, 0, sizeof(r));
	cfg_scan(menu_cfg, strlen(menu_cfg), &r);
	cfg_scan(menu_cfg, strlen(menu_cfg), &r);
	T_EQ_INT(r.n_modules, 3);
}

static void chain_keeps_the_directory(void)
{
	char *t = cfg_chain_text("/isolinux/isolinux.cfg");

	T_OK(t && strstr(t, "\nDEFAULT stickler-chain\n"
			    "LABEL stickler-chain\n"
			    "  CONFIG /isolinux/isolinux.cfg /isolinux/\n"));
	free(t);
	t = cfg_chain_text("/boot/x86/isolinux.cfg");
	T_OK(t && strstr(t, "  CONFIG /boot/x86/isolinux.cfg /boot/x86/\n"));
	free(t);
	t = cfg_chain_text("/isolinux.cfg");
	T_OK(t && strstr(t, "  CONFIG /isolinux.cfg /\n"));
	free(t);
}

T_MAIN(
	T_CASE(finds_modules_and_includes),
	T_CASE(duplicates_are_listed_once),
	T_CASE(chain_keeps_the_directory),
)

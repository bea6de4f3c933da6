// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * test-persistcfg.c - the persistence parameter added to boot entries,
 * and live systems told apart by their boot parameter, on hand-made
 * config text.
 */
#include <stdlib.h>

#include "t.h"
#include "live.h"
#include "persistcfg.h"

/* Runs the rewrite; returns the new text ("" when unchanged). */
static char *run(const char *in, const char *boot, const char *param,
		 int *added, int *entries)
{
	char *out = NULL;
	size_t len = 0;

	T_EQ_INT(persist_rewrite(in, strlen(in), boot, param, &out, &len, added,
				 entries),
		 0);
	if (!out)
		return strdup("");
	T_EQ_U64(len, strlen(out));
	return out;
}

static void syslinux_entries(void)
{
	const char *in = "label live\n"
			 "  kernel /live/vmlinuz\n"
			 "  append initrd=/live/initrd.img boot=live quiet\n"
			 "label safe\n"
			 "\tAPPEND boot=live noapic --- quiet\r\n"
			 "label hdt\n"
			 "  com32 hdt.c32\n"
			 "  append boot=livex\n";
	int added, entries;
	char *out = run(in, "boot=live", "persistence", &added, &entries);

	T_EQ_STR(out, "label live\n"
		      "  kernel /live/vmlinuz\n"
		      "  append initrd=/live/initrd.img boot=live quiet "
		      "persistence\n"
		      "label safe\n"
		      "\tAPPEND boot=live noapic persistence --- quiet\r\n"
		      "label hdt\n"
		      "  com32 hdt.c32\n"
		      "  append boot=livex\n");
	T_EQ_INT(added, 2);
	T_EQ_INT(entries, 2);
	free(out);
}

static void grub_entries(void)
{
	const char *in =
		"menuentry 'x' {\n"
		"\tlinux\t/casper/vmlinuz boot=casper quiet splash ---\n"
		"\tlinuxefi /casper/vmlinuz boot=casper persistent  \n"
		"\tlinux16 /memtest\n"
		"\techo boot=casper\n"
		"}";
	int added, entries;
	char *out = run(in, "boot=casper", "persistent", &added, &entries);

	T_EQ_STR(out, "menuentry 'x' {\n"
		      "\tlinux\t/casper/vmlinuz boot=casper quiet splash "
		      "persistent ---\n"
		      "\tlinuxefi /casper/vmlinuz boot=casper persistent  \n"
		      "\tlinux16 /memtest\n"
		      "\techo boot=casper\n"
		      "}");
	T_EQ_INT(added, 1);
	T_EQ_INT(entries, 2);
	free(out);
}

static void last_line_without_newline(void)
{
	int added, entries;
	char *out = run("linux /live/vmlinuz boot=live", "boot=live",
			"persistence", &added, &entries);

	T_EQ_STR(out, "linux /live/vmlinuz boot=live persistence");
	T_EQ_INT(added, 1);
	free(out);
}

static void nothing_to_do(void)
{
	int added = 7, entries = 7;
	char *out = run("default vesamenu.c32\nappend quiet\n", "boot=live",
			"persistence", &added, &entries);

	T_EQ_STR(out, "");
	T_EQ_INT(added, 0);
	T_EQ_INT(entries, 0);
	free(out);
	out = run("", "boot=live", "persistence", &added, &entries);
	T_EQ_STR(out, "");
	free(out);
}

static void families_by_parameter(void)
{
	const char *both = "append boot=live\nlinux x boot=casper\n";

	T_EQ_INT(live_cfg_families("append boot=live quiet", 22),
		 1u << STK_LIVE_BOOT);
	T_EQ_INT(live_cfg_families("linux /v boot=casper", 20),
		 1u << STK_LIVE_CASPER);
	T_EQ_INT(live_cfg_families(both, strlen(both)),
		 (1u << STK_LIVE_BOOT) | (1u << STK_LIVE_CASPER));
	/* a word of its own only */
	T_EQ_INT(live_cfg_families("append reboot=live boot=lively", 30), 0);
	/* the length is honoured: "boot=live" cut to "boot=li" */
	T_EQ_INT(live_cfg_families("boot=live", 7), 0);
	T_EQ_STR(stk_live_label(STK_LIVE_CASPER), "casper-rw");
	T_EQ_STR(stk_live_param(STK_LIVE_BOOT), "persistence");
	T_OK(stk_live_label(STK_LIVE_NONE) == NULL);
}

/* Lines as Ubuntu's filesystem.manifest has them: "NAME<tab>VERSION". */
static void casper_version_from_manifest(void)
{
	const char *m = "base-files\t11ubuntu5\n"
			"casper-md5check\t9\n"
			"casper\t1.445.3\n"
			"zsys\t0.4.6\n";
	const char *arch = "libc6:amd64 2.35-0ubuntu3\ncasper:amd64  1.470.2\n";
	char v[16];

	T_OK(live_manifest_version(m, strlen(m), "casper", v, sizeof(v)));
	T_EQ_STR(v, "1.445.3");
	T_OK(live_manifest_version(arch, strlen(arch), "casper", v, sizeof(v)));
	T_EQ_STR(v, "1.470.2");
	/* a longer name is another package; the length is honoured */
	T_OK(!live_manifest_version(m, 30, "casper", v, sizeof(v)));
	T_OK(!live_manifest_version("casperx\t1\n", 10, "casper", v,
				    sizeof(v)));
	/* a version that does not fit is no version */
	T_OK(!live_manifest_version(m, strlen(m), "casper", v, 4));
}

/* casper 1.439 (Ubuntu 20.04) was the first to look for "writable". */
static void casper_writable_since_1_439(void)
{
	T_EQ_INT(live_casper_writable("1.394"), 0); /* 18.04 */
	T_EQ_INT(live_casper_writable("1.438build1"), 0);
	T_EQ_INT(live_casper_writable("1.439"), 1);
	T_EQ_INT(live_casper_writable("1.445.3"), 1); /* 20.04 */
	T_EQ_INT(live_casper_writable("1.470.2"), 1); /* 22.04 */
	T_EQ_INT(live_casper_writable("24.04.4"), 1); /* date-numbered */
	T_EQ_INT(live_casper_writable("1.4"), 0);
	T_EQ_INT(live_casper_writable("1"), 0);
	T_EQ_INT(live_casper_writable("0.900"), 0);
	T_EQ_INT(live_casper_writable("2"), 1);
	T_EQ_INT(live_casper_writable("v1.445"), -1);
	T_EQ_INT(live_casper_writable(""), -1);
}

T_MAIN(T_CASE(syslinux_entries), T_CASE(grub_entries),
       T_CASE(last_line_without_newline), T_CASE(nothing_to_do),
       T_CASE(families_by_parameter), T_CASE(casper_version_from_manifest),
       T_CASE(casper_writable_since_1_439), )

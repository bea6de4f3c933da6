// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * scr-options.c - step 3: the write mode (with the probe's reason for
 * "auto"), the partition scheme for ISO mode, verification, and
 * persistence for live systems (or why it is not offered).
 */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "wizard.h"

enum { OPT_MODE, OPT_SCHEME, OPT_VERIFY, OPT_PERSIST, OPT_COUNT };

static const enum stk_mode choices[] = {
	STK_MODE_AUTO,
	STK_MODE_RAW,
	STK_MODE_ISO,
	STK_MODE_ISO_UEFI_ONLY,
};
#define N_CHOICES (int)(sizeof(choices) / sizeof(choices[0]))

/* Whether the probe allows @mode; everything is open without a report. */
static bool allowed(const struct ui *ui, enum stk_mode mode)
{
	if (mode == STK_MODE_AUTO || !ui->report)
		return mode != STK_MODE_AUTO || !ui->verdict_override;
	/* an unsupported image copied on purpose: raw, and only raw */
	if (ui->verdict_override)
		return mode == STK_MODE_RAW;
	return ui->report->possible[mode];
}

/* A raw copy of this image will not boot: an ISO that is no disk
 * image, or an image stickler cannot make bootable at all. */
static bool raw_will_not_boot(const struct ui *ui)
{
	if (!ui->report)
		return false;
	return ui->verdict_override ||
	       (ui->report->kind == STK_KIND_ISO9660 && !ui->report->hybrid);
}

static bool iso_mode(const struct ui *ui)
{
	enum stk_mode m = ui->mode;

	if (m == STK_MODE_AUTO && ui->report)
		m = ui->report->verdict;
	return m == STK_MODE_ISO || m == STK_MODE_ISO_UEFI_ONLY;
}

/* Persistence sizes offered, in the order Left/Right walks them. */
static const uint64_t persist_sizes[] = {
	0, 1ull << 30, 2ull << 30, 4ull << 30, 8ull << 30, STK_PERSISTENCE_REST,
};
#define N_PERSIST (int)(sizeof(persist_sizes) / sizeof(persist_sizes[0]))

/* NULL when persistence can be had, else why not, for the screen. */
static const char *no_persist(const struct ui *ui)
{
	if (!ui->report)
		return "the image could not be probed";
	if (ui->report->live == STK_LIVE_NONE)
		return ui->report->live_why[0] ? ui->report->live_why
					       : "the image is no live system";
	if (!ui->report->possible[STK_MODE_ISO] &&
	    !ui->report->possible[STK_MODE_ISO_UEFI_ONLY])
		return "it is made in ISO mode, which this image cannot use";
	if (ui->mode == STK_MODE_RAW)
		return "raw mode keeps the boot menu inside the ISO 9660 file system, where no boot parameter can be added";
	return NULL;
}

static void persist_words(uint64_t b, char *buf, size_t len)
{
	if (!b)
		snprintf(buf, len, "off");
	else if (b == STK_PERSISTENCE_REST)
		snprintf(buf, len, "rest of the stick");
	else
		snprintf(buf, len, "%llu GiB", (unsigned long long)(b >> 30));
}

static void enter(struct ui *ui)
{
	static bool once;

	/* The configured defaults apply the first time only. */
	if (!once) {
		once = true;
		if (stk_mode_parse(ui->cfg.mode, &ui->mode))
			ui->mode = STK_MODE_AUTO;
		ui->verify = ui->cfg.verify;
	}
	if (!allowed(ui, ui->mode))
		ui->mode = ui->verdict_override ? STK_MODE_RAW : STK_MODE_AUTO;
	if (no_persist(ui))
		ui->persist_bytes = 0;
}

static const char *scheme_label(enum stk_scheme s)
{
	return s == STK_SCHEME_GPT   ? "GPT"
	       : s == STK_SCHEME_MBR ? "MBR"
				     : "auto";
}

static void row(const struct ui *ui, int y, int idx, const char *label,
		const char *value)
{
	enum ui_colour c = ui->opt_sel == idx ? UIC_SELECTED : UIC_NORMAL;

	ui_text(y, 4, 20, UIC_NORMAL, label);
	ui_printf(y, 24, COLS - 28, c, "< %s >", value);
}

static void draw(const struct ui *ui)
{
	char why[UI_REPORT_WIDTH], pw[32], modes[64];
	int i, y, gap = LINES < 24 ? 0 : 1;

	ui_frame(
		ui, "Options",
		"Up/Down choose  Left/Right/Space change  Enter next  Esc back  ? help");
	row(ui, 5, OPT_MODE, "Write mode", stk_mode_name(ui->mode));
	if (ui->mode == STK_MODE_AUTO && ui->report)
		snprintf(why, sizeof(why),
			 "auto follows the verdict: %s (%.100s)",
			 stk_mode_name(ui->report->verdict),
			 ui->report->n_reasons ? ui->report->reason[0] : "");
	else if (ui->mode == STK_MODE_AUTO)
		snprintf(
			why, sizeof(why),
			"auto follows the probe's verdict (the image could not be probed)");
	else if (ui->mode == STK_MODE_RAW && raw_will_not_boot(ui))
		snprintf(
			why, sizeof(why),
			"WARNING: byte for byte, and this image will not boot from a stick (%s)",
			ui->verdict_override
				? "its verdict is unsupported"
				: "an ISO that is not a disk image");
	else if (ui->mode == STK_MODE_RAW)
		snprintf(why, sizeof(why),
			 "the image is written byte for byte");
	else
		snprintf(
			why, sizeof(why),
			"ISO mode: rebuild the stick from the ISO's files, for ISOs that are not disk images (FAT32, syslinux, EFI/BOOT)");
	/* Each option and its sentence flow down; a small terminal drops
	 * the blank rows between them. */
	y = 6 + ui_wrap(6, 6, COLS - 10, LINES < 24 ? 3 : 2, UIC_DIM, why);
	y += gap;
	row(ui, y++, OPT_SCHEME, "Partition scheme", scheme_label(ui->scheme));
	y += ui_wrap(
		y, 6, COLS - 10, 2, UIC_DIM,
		iso_mode(ui)
			? "ISO mode: MBR or GPT; either boots BIOS and UEFI as the plan says"
			: "only used in ISO mode");
	y += gap;
	row(ui, y++, OPT_VERIFY, "Verify", ui->verify ? "on" : "off");
	y += ui_wrap(y, 6, COLS - 10, 2, UIC_DIM,
		     "read the target back, bypassing the cache, and compare");
	y += gap;
	if (no_persist(ui)) {
		row(ui, y++, OPT_PERSIST, "Persistence", "not offered");
		snprintf(why, sizeof(why), "not offered: %.140s",
			 no_persist(ui));
	} else {
		persist_words(ui->persist_bytes, pw, sizeof(pw));
		row(ui, y++, OPT_PERSIST, "Persistence", pw);
		snprintf(
			why, sizeof(why),
			"%s live system: an ext4 partition labelled '%s' keeps changes across boots",
			ui->report->live == STK_LIVE_CASPER
				? "Ubuntu casper"
				: "Debian live-boot",
			ui->report->live_label);
	}
	y += ui_wrap(y, 6, COLS - 10, 2, UIC_DIM, why);
	if (y + gap + N_CHOICES <= LINES - 2)
		y += gap;
	if (!ui->report)
		return;
	if (y + N_CHOICES <= LINES - 2) {
		ui_text(y, 4, COLS - 8, UIC_NORMAL, "Modes this image allows:");
		for (i = 1; i < N_CHOICES; i++)
			ui_printf(y + i, 6, COLS - 10,
				  allowed(ui, choices[i]) ? UIC_GOOD : UIC_DIM,
				  "%s %s",
				  allowed(ui, choices[i]) ? "yes" : "no ",
				  stk_mode_name(choices[i]));
		return;
	}
	/* no room for the list: one line, the allowed modes named */
	modes[0] = '\0';
	for (i = 1; i < N_CHOICES; i++)
		if (allowed(ui, choices[i]))
			snprintf(modes + strlen(modes),
				 sizeof(modes) - strlen(modes), "%s%s",
				 modes[0] ? ", " : "",
				 stk_mode_name(choices[i]));
	if (y < LINES - 2)
		ui_printf(y, 4, COLS - 8, UIC_NORMAL,
			  "Modes this image allows: %s",
			  modes[0] ? modes : "none");
}

static void change(struct ui *ui, int dir)
{
	int i, cur = 0;

	switch (ui->opt_sel) {
	case OPT_MODE:
		for (i = 0; i < N_CHOICES; i++)
			if (choices[i] == ui->mode)
				cur = i;
		for (i = 0; i < N_CHOICES; i++) {
			cur = (cur + dir + N_CHOICES) % N_CHOICES;
			if (allowed(ui, choices[cur]))
				break;
		}
		ui->mode = choices[cur];
		break;
	case OPT_SCHEME:
		ui->scheme = (enum stk_scheme)((ui->scheme + 3 + dir) % 3);
		break;
	case OPT_VERIFY:
		ui->verify = !ui->verify;
		break;
	case OPT_PERSIST:
		if (no_persist(ui))
			break;
		for (i = 0; i < N_PERSIST; i++)
			if (persist_sizes[i] == ui->persist_bytes)
				cur = i;
		cur = (cur + dir + N_PERSIST) % N_PERSIST;
		ui->persist_bytes = persist_sizes[cur];
		break;
	}
	if (no_persist(ui))
		ui->persist_bytes = 0;
}

static int key(struct ui *ui, int ch)
{
	int top = 0;

	switch (ch) {
	case UI_KEY_ESC:
	case KEY_BACKSPACE:
	case 127:
	case 8:
		return UI_STEP_DEVICE;
	case KEY_LEFT:
		change(ui, -1);
		return UI_STAY;
	case KEY_RIGHT:
	case ' ':
		change(ui, 1);
		return UI_STAY;
	case '\n':
	case KEY_ENTER:
		ui_log(ui,
		       "options: mode %s, scheme %s, verify %s, persistence %llu",
		       stk_mode_name(ui->mode), stk_scheme_name(ui->scheme),
		       ui->verify ? "on" : "off",
		       (unsigned long long)ui->persist_bytes);
		return UI_STEP_CONFIRM;
	}
	ui_menu_move(&ui->opt_sel, &top, OPT_COUNT, OPT_COUNT, ch);
	return UI_STAY;
}

const struct screen scr_options = {
	.title = "Options",
	.help = "Write mode:\n"
		"  auto - what the probe recommends (its reason is shown)\n"
		"  raw  - byte for byte (isohybrid ISOs, disk images)\n"
		"  iso  - rebuild the stick from the ISO's files, for ISOs\n"
		"         that are not disk images (FAT32, syslinux, EFI/BOOT)\n"
		"  iso-uefi-only - as iso, UEFI boot only\n"
		"Modes the image cannot use are skipped.\n"
		"\n"
		"Partition scheme (ISO mode): MBR or GPT; both get syslinux\n"
		"  for BIOS and EFI/BOOT for UEFI, as the plan says.\n"
		"Verify: read everything back and compare (recommended).\n"
		"Persistence (live systems, ISO mode): an ext4 partition\n"
		"  after the FAT32 one keeps changes across boots.",
	.enter = enter,
	.draw = draw,
	.key = key,
};

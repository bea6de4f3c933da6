// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * scr-sum.c - the checksum file published next to an image (SHA256SUMS,
 * *.sha256, *.sha256sum, MD5SUMS): find it, hash the image with progress,
 * and say whether they agree.
 */
#include <ctype.h>
#include <curses.h>
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <string.h>

#include "wizard.h"

/* Splits @path into its directory and base name. */
static void split(const char *path, char *dir, char *base)
{
	char a[PATH_MAX], b[PATH_MAX];

	snprintf(a, sizeof(a), "%s", path);
	snprintf(b, sizeof(b), "%s", path);
	snprintf(dir, PATH_MAX, "%s", dirname(a));
	snprintf(base, NAME_MAX + 1, "%s", basename(b));
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static bool is_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/*
 * Looks for @base in checksum file @path: "HEX  name", "HEX *name", BSD
 * "SHA256 (name) = HEX", or a lone HEX when @single (a file made for this
 * image alone). Copies the hash in lower case to @hex; returns true when
 * found.
 */
static bool find_sum(const char *path, const char *base, size_t hex_len,
		     bool single, char *hex)
{
	char line[PATH_MAX + 256], *p, *name, *e;
	bool found = false;
	size_t i;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		p = line;
		while (isspace((unsigned char)*p))
			p++;
		e = strstr(p, ") = ");
		if (strchr(p, '(') && e && strlen(e + 4) == hex_len) {
			*e = '\0';
			name = strchr(p, '(') + 1;
			if (!strcmp(name, base) && is_hex(e + 4, hex_len)) {
				memcpy(hex, e + 4, hex_len);
				found = true;
			}
			continue;
		}
		if (strlen(p) < hex_len || !is_hex(p, hex_len))
			continue;
		name = p + hex_len;
		if (*name && !isspace((unsigned char)*name))
			continue;
		while (isspace((unsigned char)*name))
			name++;
		if (*name == '*')
			name++;
		if (!strncmp(name, "./", 2))
			name += 2;
		if (!strcmp(name, base) || (single && !*name)) {
			memcpy(hex, p, hex_len);
			found = true;
		}
	}
	fclose(f);
	for (i = 0; found && i < hex_len; i++)
		hex[i] = (char)tolower((unsigned char)hex[i]);
	hex[hex_len] = '\0';
	return found;
}

static bool try_file(struct ui *ui, const char *dir, const char *name,
		     const char *base, const char *algo, bool single)
{
	char path[PATH_MAX], hex[65];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!find_sum(path, base, !strcmp(algo, "md5") ? 32 : 64, single, hex))
		return false;
	snprintf(ui->sum_file, sizeof(ui->sum_file), "%s", path);
	snprintf(ui->sum_algo, sizeof(ui->sum_algo), "%s", algo);
	return true;
}

void ui_sum_find(struct ui *ui)
{
	char dir[PATH_MAX], base[NAME_MAX + 1], name[NAME_MAX + 16];
	struct dirent *de;
	bool found = false;
	DIR *d;

	ui->sum_state = UI_SUM_NONE;
	ui->sum_done = 0;
	ui->sum_file[0] = '\0';
	ui->sum_msg[0] = '\0';
	split(ui->image_path, dir, base);

	/* The image's own file first, then the lists of a release. */
	snprintf(name, sizeof(name), "%s.sha256", base);
	found = try_file(ui, dir, name, base, "sha256", true);
	snprintf(name, sizeof(name), "%s.sha256sum", base);
	found = found || try_file(ui, dir, name, base, "sha256", true);
	found = found || try_file(ui, dir, "SHA256SUMS", base, "sha256", false);
	d = found ? NULL : opendir(dir);
	while (d && !found) {
		de = readdir(d);
		if (!de)
			break;
		if (ends_with(de->d_name, ".sha256") ||
		    ends_with(de->d_name, ".sha256sum"))
			found = try_file(ui, dir, de->d_name, base, "sha256",
					 false);
	}
	if (d)
		closedir(d);
	found = found || try_file(ui, dir, "MD5SUMS", base, "md5", false);
	if (found)
		ui->sum_state = UI_SUM_OFFER;
}

static int on_hash(uint64_t done, uint64_t total, void *data)
{
	struct ui *ui = data;
	int ch;

	ui->sum_done = done;
	ui->sum_total = total;
	for (ch = getch(); ch != ERR; ch = getch())
		if (ch == UI_KEY_ESC || ch == 'q')
			return 1;
	if (ui_got_sigint)
		return 1;
	if (ui_redraw_due(ui, 100) && !ui_too_small()) {
		scr_image.draw(ui);
		refresh();
	}
	return 0;
}

void ui_sum_check(struct ui *ui)
{
	char dir[PATH_MAX], base[NAME_MAX + 1], want[65], got[65];
	char sdir[PATH_MAX], sum_base[NAME_MAX + 1];
	size_t len = !strcmp(ui->sum_algo, "md5") ? 32 : 64;
	int rc;

	split(ui->image_path, dir, base);
	split(ui->sum_file, sdir, sum_base);
	if (!find_sum(ui->sum_file, base, len, true, want)) {
		ui->sum_state = UI_SUM_NOT_LISTED;
		snprintf(ui->sum_msg, sizeof(ui->sum_msg),
			 "'%s' does not list '%s'", ui->sum_file, base);
		return;
	}
	ui->sum_done = 0;
	ui->sum_state = UI_SUM_OFFER;
	snprintf(ui->sum_msg, sizeof(ui->sum_msg), "checking (Esc stops)");
	nodelay(stdscr, TRUE);
	rc = ui_digest_file(ui->image_path, ui->sum_algo, got, sizeof(got),
			    on_hash, ui);
	timeout(250);
	if (rc) {
		ui->sum_state = UI_SUM_FAILED;
		snprintf(ui->sum_msg, sizeof(ui->sum_msg), "%s",
			 rc == -ECANCELED ? "check stopped"
					  : "cannot read the image");
		ui_log(ui, "checksum of '%s': %s", ui->image_path, ui->sum_msg);
		return;
	}
	if (!strcmp(got, want)) {
		ui->sum_state = UI_SUM_MATCH;
		snprintf(ui->sum_msg, sizeof(ui->sum_msg), "%s matches %s",
			 ui->sum_algo, sum_base);
	} else {
		ui->sum_state = UI_SUM_MISMATCH;
		snprintf(
			ui->sum_msg, sizeof(ui->sum_msg),
			"%s MISMATCH: the image is not the one %s lists (got %.16s..., expected %.16s...)",
			ui->sum_algo, sum_base, got, want);
	}
	ui_log(ui, "checksum of '%s': %s", ui->image_path, ui->sum_msg);
}

static const char *sum_name(const struct ui *ui)
{
	const char *slash = strrchr(ui->sum_file, '/');

	return slash ? slash + 1 : ui->sum_file;
}

/* Two rows from @y: what was found and what the check said. */
void ui_sum_draw(const struct ui *ui, int y)
{
	switch (ui->sum_state) {
	case UI_SUM_NONE:
		ui_text(y, 4, COLS - 8, UIC_DIM,
			"No checksum file (SHA256SUMS, *.sha256, MD5SUMS) next to the image.");
		return;
	case UI_SUM_OFFER:
		ui_printf(y, 4, COLS - 8, UIC_NORMAL, "Checksum file: %s (%s)",
			  sum_name(ui), ui->sum_algo);
		if (ui->sum_done) {
			ui_bar(ui, y + 1, 4, COLS - 24, ui->sum_done,
			       ui->sum_total);
			ui_printf(y + 1, COLS - 18, 16, UIC_NORMAL,
				  "%3d%% checked",
				  ui->sum_total ? (int)(ui->sum_done * 100 /
							ui->sum_total)
						: 0);
		} else {
			ui_text(y + 1, 4, COLS - 8, UIC_NORMAL,
				"Press c to check the image against it.");
		}
		return;
	case UI_SUM_MATCH:
		ui_printf(y, 4, COLS - 8, UIC_GOOD, "Checksum OK: %s",
			  ui->sum_msg);
		return;
	case UI_SUM_MISMATCH:
		ui_wrap(y, 4, COLS - 8, 2, UIC_DANGER, ui->sum_msg);
		return;
	default:
		ui_printf(y, 4, COLS - 8, UIC_WARN, "Checksum: %s",
			  ui->sum_msg);
		return;
	}
}

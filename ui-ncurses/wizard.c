// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * wizard.c - the terminal wizard: options, log file, curses set-up, and the
 * one loop that decides which screen is shown (image, target, options,
 * confirm, write, result).
 */
#include <curses.h>
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ui.h"
#include "wizard.h"

volatile sig_atomic_t ui_got_sigint;

/* clang-format off */
static const struct screen *const screens[] = {
	[UI_STEP_IMAGE] = &scr_image,
	[UI_STEP_DEVICE] = &scr_device,
	[UI_STEP_OPTIONS] = &scr_options,
	[UI_STEP_CONFIRM] = &scr_confirm,
	[UI_STEP_RUN] = &scr_run,
	[UI_STEP_RESULT] = &scr_result,
	[UI_STEP_DUP] = &scr_dup,
	[UI_STEP_ACT] = &scr_act,
	[UI_STEP_ACT_RUN] = &scr_act_run,
};
/* clang-format on */

static void usage(FILE *f)
{
	fputs("usage: stickler [--log FILE] [--config FILE] [--library DIR]...\n"
	      "                [--mode auto|raw|iso|iso-uefi-only] [--verify|--no-verify]\n"
	      "                [--station]\n"
	      "With no subcommand stickler opens the wizard; 'stickler --help' lists the subcommands.\n",
	      f);
}

static void on_sigint(int sig)
{
	ui_got_sigint = 1;
}

static const char *level_tag(enum stk_level level)
{
	switch (level) {
	case STK_LOG_DEBUG:
		return "debug";
	case STK_LOG_INFO:
		return "info";
	case STK_LOG_WARN:
		return "warning";
	default:
		return "error";
	}
}

/* Core messages go to the log file, never over the screen. */
static void on_log(enum stk_level level, const char *msg, void *data)
{
	struct ui *ui = data;
	char when[32];
	time_t t = time(NULL);
	struct tm tm;

	if (ui->logf) {
		localtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
		/* one entry, one line: a newline in a name is \x0a */
		fprintf(ui->logf, "%s %s: ", when, level_tag(level));
		ui_safe_fputs_line(msg, ui->logf);
		fputc('\n', ui->logf);
		fflush(ui->logf);
	}
	if (level >= STK_LOG_WARN)
		ui_status(ui, "%s", msg);
}

void ui_log(struct ui *ui, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	on_log(STK_LOG_INFO, msg, ui);
}

/* mkdir -p for the log's directory; failures show up at fopen(). */
static void make_parents(const char *path)
{
	char dir[PATH_MAX];
	char *p;

	snprintf(dir, sizeof(dir), "%s", path);
	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(dir, 0755);
		*p = '/';
	}
}

static void open_log(struct ui *ui)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	if (ui->cfg.log_path[0])
		snprintf(ui->log_path, sizeof(ui->log_path), "%s",
			 ui->cfg.log_path);
	else if (state && *state)
		snprintf(ui->log_path, sizeof(ui->log_path),
			 "%s/stickler/stickler.log", state);
	else if (home && *home)
		snprintf(ui->log_path, sizeof(ui->log_path),
			 "%s/.local/state/stickler/stickler.log", home);
	else
		snprintf(ui->log_path, sizeof(ui->log_path),
			 "/tmp/stickler-%u.log", (unsigned)getuid());
	make_parents(ui->log_path);
	ui->logf = fopen(ui->log_path, "a");
	if (ui->logf) {
		/* at once: a station's log must not wait in a buffer */
		fprintf(ui->logf, "---- stickler wizard started\n");
		fflush(ui->logf);
	}
}

static int parse_args(struct ui *ui, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'},
		{"log", required_argument, NULL, 'L'},
		{"library", required_argument, NULL, 'l'},
		{"mode", required_argument, NULL, 'm'},
		{"verify", no_argument, NULL, 'v'},
		{"no-verify", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{"station", no_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	const char *config = NULL;
	int c, nlib = 0;

	/* The config file is named on the command line; read it first. */
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1)
		if (c == 'c')
			config = optarg;
	if (ui_config_load(&ui->cfg, config, stderr))
		return -EINVAL;

	optind = 1;
	while ((c = ui_getopt(argc, argv, "h", longopts)) != -1) {
		switch (c) {
		case 'c':
			break;
		case 's':
			ui->station = true;
			break;
		case 'v':
		case 'n':
			ui->cfg.verify = c == 'v';
			break;
		case 'L':
			ui_config_set(&ui->cfg, "log", optarg);
			break;
		case 'l':
			/* Command-line libraries replace the configured ones.
			 */
			if (!nlib++)
				ui->cfg.n_library = 0;
			ui_config_set(&ui->cfg, "library", optarg);
			break;
		case 'm':
			if (ui_config_set(&ui->cfg, "mode", optarg)) {
				ui_error(
					"unknown mode '%s' (auto, raw, iso or iso-uefi-only)",
					optarg);
				return -EINVAL;
			}
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			usage(stderr);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		ui_error(
			"unknown command '%s'; 'stickler --help' lists the commands",
			argv[optind]);
		return -EINVAL;
	}
	return 0;
}

static void draw(struct ui *ui)
{
	const struct screen *scr = screens[ui->step];

	curs_set(0);
	if (ui_too_small()) {
		ui_draw_too_small();
		return;
	}
	scr->draw(ui);
	if (ui->help)
		ui_help_draw(ui, scr);
	if (ui->power_menu)
		ui_power_draw(ui);
	refresh();
}

static void go(struct ui *ui, int next)
{
	if (next == UI_STAY || next == ui->step)
		return;
	ui->step = next;
	ui->typing = false;
	ui->status[0] = '\0';
	if (next != UI_STEP_QUIT && screens[next]->enter)
		screens[next]->enter(ui);
}

static void loop(struct ui *ui)
{
	const struct screen *scr;
	int ch, next;

	ui->step = UI_STEP_IMAGE;
	scr_image.enter(ui);
	while (ui->step != UI_STEP_QUIT && !ui_got_sigint) {
		scr = screens[ui->step];
		draw(ui);
		/* a write goes on in a small terminal: its screen has a
		 * one-line form */
		if (scr->work && (!ui_too_small() || scr == &scr_run)) {
			go(ui, scr->work(ui));
			continue;
		}
		if (ui->step == UI_STEP_DEVICE)
			ch = ui_device_getch(ui);
		else if (ui->step == UI_STEP_DUP)
			ch = ui_dup_getch(ui);
		else
			ch = getch();
		if (ch == KEY_RESIZE)
			continue;
		if (ch == ERR) {
			go(ui, scr->tick ? scr->tick(ui) : UI_STAY);
			continue;
		}
		if (ui_too_small()) {
			if (ch == 'q')
				break;
			continue;
		}
		if (ui->help) {
			if (!ui_help_key(ui, scr, ch))
				ui->help = false;
			continue;
		}
		if (ui->power_menu) {
			if (ui_power_key(ui, ch))
				go(ui, UI_STEP_QUIT);
			continue;
		}
		if (ui_power_wanted(ui, ch)) {
			ui->power_menu = true;
			ui->power_ask = 0;
			continue;
		}
		/* F1 cannot be typed, so it is help even while typing */
		if (ch == KEY_F(1) || (!ui->typing && ch == '?')) {
			ui->help = true;
			ui->help_top = 0;
			continue;
		}
		if (!ui->typing && ch == 'q' && ui->step != UI_STEP_RUN &&
		    ui->step != UI_STEP_DUP && ui->step != UI_STEP_ACT_RUN) {
			go(ui, UI_STEP_QUIT);
			continue;
		}
		next = scr->key(ui, ch);
		go(ui, next);
	}
}

int wizard_main(int argc, char **argv)
{
	struct sigaction sa = {.sa_handler = on_sigint};
	struct ui *ui;
	int rc;

	ui = calloc(1, sizeof(*ui));
	if (!ui) {
		ui_error("out of memory");
		return UI_EXIT_FAILED;
	}
	rc = parse_args(ui, argc, argv);
	if (rc) {
		free(ui);
		return rc > 0 ? UI_EXIT_OK : UI_EXIT_USAGE;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		ui_error(
			"the wizard needs a terminal; see 'stickler --help' for the command line");
		free(ui);
		return UI_EXIT_USAGE;
	}
	ui->ctx = stk_ctx_new();
	if (!ui->ctx) {
		ui_error("out of memory");
		free(ui);
		return UI_EXIT_FAILED;
	}
	open_log(ui);
	stk_ctx_set_log(ui->ctx, on_log, ui);
	ui->verify = ui->cfg.verify;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	setlocale(LC_ALL, "");
	ui->utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(50);
	timeout(UI_TICK_MS);
	ui_init_colours(ui);

	loop(ui);

	endwin();
	/* duplicator writes still running are stopped, logged and said */
	ui_dup_release(ui);
	/* stopped by a signal: the screen that said what the target holds is
	 * gone, so say it on the terminal, as the command line does */
	if (ui_got_sigint && ui->ran && ui->res.target_state[0])
		ui_error("%s; target '%s' %s",
			 ui->rc ? ui->result_msg : "the write had ended",
			 ui->target_path, ui->res.target_state);
	rc = ui_got_sigint ? UI_EXIT_CANCELLED : UI_EXIT_OK;
	if (ui->step == UI_STEP_QUIT && ui->ran)
		rc = ui_exit_code(ui->rc);
	if (ui->power_exit)
		rc = ui->power_exit;
	if (ui->logf) {
		fprintf(ui->logf, "---- stickler wizard ended\n");
		fclose(ui->logf);
		ui->logf = NULL;
	}
	ui_act_release(ui);
	ui_image_release(ui);
	ui_devices_release(ui);
	stk_ctx_free(ui->ctx);
	free(ui->entries);
	free(ui);
	return rc;
}

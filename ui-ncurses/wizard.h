/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wizard.h - the terminal wizard's private declarations: its one state
 * struct, the screen interface, the widgets and the configuration.
 */
#ifndef STK_WIZARD_H
#define STK_WIZARD_H

#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "stickler.h"

#define UI_KEY_ESC     27
#define UI_KEY_CTRL_U  21
#define UI_MIN_COLS    60
#define UI_MIN_ROWS    20
#define UI_MAX_LIBS    8
#define UI_MAX_ENTRIES 2048
#define UI_SPARK_MAX   64
#define UI_LOG_KEEP    8
#define UI_TICK_MS     250	/* getch() waits this long for a key */
#define UI_MAX_MARKS   16	/* sticks written at once */

/* ---- configuration (config.c) ------------------------------------------ */

struct ui_config {
	int n_library; /* image library directories */
	char library[UI_MAX_LIBS][PATH_MAX];
	char mode[16];		 /* "auto", "raw", "iso", ... */
	bool verify;		 /* verify after writing */
	char log_path[PATH_MAX]; /* "" = default location */
	char keyring_dir[PATH_MAX]; /* OpenPGP keyrings for check */
};

/* Defaults, then /etc/stickler.conf, then the user's file (or @path alone
 * when not NULL). Writes one line per problem in a file to @err; a @path
 * that cannot be read is a ui_error_errno(). Returns 0 or -errno. */
int ui_config_load(struct ui_config *cfg, const char *path, FILE *err);
/* Applies one "key = value" pair; returns 0, or -EINVAL for a bad key. */
int ui_config_set(struct ui_config *cfg, const char *key, const char *value);

/* ---- colours (widgets.c) ------------------------------------------------ */

/* clang-format off */
/*        role        mono attrs    fg            bg          */
#define UI_COLOURS							\
	C(NORMAL,    A_NORMAL,     -1,           -1)			\
	C(TITLE,     A_BOLD,       COLOR_CYAN,   -1)			\
	C(HEADER,    A_REVERSE,    COLOR_BLACK,  COLOR_CYAN)		\
	C(SELECTED,  A_REVERSE,    COLOR_BLACK,  COLOR_WHITE)		\
	C(DIM,       A_DIM,        COLOR_BLUE,   -1)			\
	C(GOOD,      A_BOLD,       COLOR_GREEN,  -1)			\
	C(WARN,      A_BOLD,       COLOR_YELLOW, -1)			\
	C(DANGER,    A_BOLD,       COLOR_RED,    -1)			\
	C(BAR,       A_REVERSE,    COLOR_BLACK,  COLOR_GREEN)		\
	C(FIELD,     A_UNDERLINE,  COLOR_WHITE,  COLOR_BLUE)

enum ui_colour {
#define C(name, mono, fg, bg) UIC_##name,
	UI_COLOURS
#undef C
	UIC_COUNT
};
/* clang-format on */

/* ---- the flow ------------------------------------------------------------ */

enum ui_step {
	UI_STEP_IMAGE,
	UI_STEP_DEVICE,
	UI_STEP_OPTIONS,
	UI_STEP_CONFIRM,
	UI_STEP_RUN,
	UI_STEP_RESULT,
	UI_STEP_DUP, /* the duplicator mode, from the target screen */
	UI_STEP_ACT, /* the first screen's other actions (act.h) */
	UI_STEP_ACT_RUN,
	UI_STEP_QUIT,
	UI_STAY = -1,
};

/* A one-line text field with a cursor at the end. */
struct ui_field {
	char buf[PATH_MAX];
	size_t len;
};

enum ui_entry_kind {
	UI_ENTRY_JUMP, /* a library directory or the start directory */
	UI_ENTRY_UP,   /* .. */
	UI_ENTRY_DIR,
	UI_ENTRY_FILE,
};

struct ui_entry {
	enum ui_entry_kind kind;
	int jump; /* library index, or UI_MAX_LIBS: start dir */
	char name[NAME_MAX + 1];
	uint64_t bytes;
};

enum ui_sum_state {
	UI_SUM_NONE,  /* no checksum list next to the image */
	UI_SUM_OFFER, /* found one (or a hash was typed); not checked yet */
	UI_SUM_MATCH, /* genuine: a good signature and the hash matches */
	UI_SUM_WEAK,  /* matches, but unsigned or the key is unknown */
	UI_SUM_MISMATCH,
	UI_SUM_BAD_SIG,	   /* the list's signature is bad */
	UI_SUM_NOT_LISTED, /* the list does not name the image */
	UI_SUM_FAILED,	   /* could not read, or stopped */
};

enum ui_target_kind { UI_TARGET_NONE, UI_TARGET_DEVICE, UI_TARGET_FILE };

/* The wizard's whole state; screens redraw from it completely. */
struct ui {
	struct stk_ctx *ctx;
	struct ui_config cfg;
	FILE *logf;
	char log_path[PATH_MAX];
	bool utf8;
	bool colour;
	bool station;	  /* runs on a station: power off and reboot */
	bool power_menu;  /* the power question is up */
	int power_ask;	  /* 0 choosing, 'o' power off, 'r' reboot */
	int power_exit;	  /* exit status once confirmed, else 0 */
	int step;
	bool help;	  /* the help overlay is up */
	int help_top;	  /* its rows scrolled off the top */
	bool typing;	  /* a text field takes every key */
	char status[256]; /* bottom line: last warning */

	/* image: browser, probe report, checksum */
	char start_dir[PATH_MAX]; /* the working directory */
	char dir[PATH_MAX];	  /* directory being browsed */
	int n_entries;
	struct ui_entry *entries;
	int sel;
	int top;
	bool path_mode; /* typing a path */
	struct ui_field path;
	bool report_view; /* showing the probe report */
	int report_top;	  /* first report line shown */
	char image_path[PATH_MAX];
	uint64_t image_bytes;
	struct stk_image *img;
	const struct stk_report *report; /* NULL until probed */
	char probe_msg[512];		 /* why there is no report */
	struct stk_check sum_chk; /* the core's check of the image */
	struct ui_field sum_field; /* a typed or pasted hash */
	bool sum_typing;
	bool sum_override; /* go on although the check failed */
	bool verdict_override; /* go on, raw, although it will not boot */
	char sb_line[2 * STK_REASON_MAX]; /* "Secure Boot: ..." or "" */
	enum stk_sb_verdict sb_verdict;
	enum ui_sum_state sum_state;
	char sum_msg[2 * PATH_MAX];
	uint64_t sum_done;
	uint64_t sum_total; /* bytes of the file being hashed */

	/* target */
	struct stk_devlist *devs;
	struct stk_devwatch *watch;
	bool show_all;		  /* list every disk, with reasons */
	bool ask_unmount;	  /* the unmount question is up */
	struct stk_device chosen; /* snapshot of the chosen disk */
	enum ui_target_kind target_kind;
	int dev_sel;
	bool file_form; /* editing the image-file target */
	int form_field; /* 0 path, 1 size */
	struct ui_field file_path;
	struct ui_field file_size;
	char target_path[PATH_MAX];
	char target_name[NAME_MAX + 1];
	uint64_t target_bytes;
	char device_msg[256];
	struct stk_device marked[UI_MAX_MARKS]; /* space: several sticks */
	int n_marked;
	struct ui_mark_row {
		enum stk_phase phase;
		uint64_t done;
		uint64_t total;
	} mark_row[UI_MAX_MARKS]; /* run: each marked stick's progress */
	struct ui_dup *dup;	  /* the duplicator mode (dup.h), or NULL */
	bool test_first;	  /* the quick capacity test before a write */
	struct ui_act *act;	  /* another action (act.h), or NULL */

	/* options */
	enum stk_mode mode;
	enum stk_scheme scheme; /* ISO mode partition table */
	bool unmount;		/* the person agreed to unmount the target */
	bool verify;
	uint64_t persist_bytes; /* 0, a size or STK_PERSISTENCE_REST */
	int opt_sel;

	/* confirm */
	struct stk_plan *plan;
	char *plan_text; /* stk_plan_describe(), free() */
	int plan_scroll; /* rows of plan_text scrolled off the top */
	bool plan_failed;
	struct ui_field confirm;
	char confirm_msg[2 * PATH_MAX];

	/* run */
	enum stk_phase phase;
	uint64_t done;
	uint64_t total;
	double phase_elapsed;
	char item[STK_PATH_MAX];
	double run_start;
	double last_draw;
	double last_sample;
	uint64_t last_sample_bytes;
	double speed; /* bytes/s over the last sample */
	int n_spark;
	double spark[UI_SPARK_MAX];
	bool ask_cancel;
	bool want_cancel;
	bool ran;

	/* result */
	struct stk_result res;
	int rc;
	char result_msg[2 * PATH_MAX];
	double run_seconds;
	uint64_t written_bytes;
	int n_log;
	char log_tail[UI_LOG_KEEP][256];
	char eject_msg[2 * STK_MESSAGE_MAX]; /* after e: powered off, or why */
	bool ejected;
};

struct screen {
	const char *title;
	const char *help;	      /* text for the ? overlay */
	void (*enter)(struct ui *ui); /* may be NULL */
	void (*draw)(const struct ui *ui);
	int (*key)(struct ui *ui, int ch); /* next step or UI_STAY */
	int (*tick)(struct ui *ui);	   /* on a key timeout; may be NULL */
	/* Long work started as soon as the screen is drawn; may be NULL. */
	int (*work)(struct ui *ui);
};

extern const struct screen scr_image;
extern const struct screen scr_device;
extern const struct screen scr_options;
extern const struct screen scr_confirm;
extern const struct screen scr_run;
extern const struct screen scr_result;
extern const struct screen scr_dup;
extern const struct screen scr_act;
extern const struct screen scr_act_run;

extern volatile sig_atomic_t ui_got_sigint;

/* power.c: the station's power-off and reboot question */
bool ui_power_wanted(const struct ui *ui, int ch);
void ui_power_draw(const struct ui *ui);
bool ui_power_key(struct ui *ui, int ch);

/* scr-help.c */
void ui_help_draw(const struct ui *ui, const struct screen *scr);
/* Rows of @scr's help in the overlay. */
int ui_help_rows(const struct screen *scr);
/* A key while the help is up: true when it scrolled the help (any other
 * key closes it). */
bool ui_help_key(struct ui *ui, const struct screen *scr, int ch);

/* scr-image.c: closes the image and frees what the probe left */
void ui_image_release(struct ui *ui);

/* scr-report.c: the probe report as lines of text, its reasons wrapped
 * to @w columns (at most 70); returns the count */
#define UI_REPORT_MAX	96
#define UI_REPORT_WIDTH 160
int ui_report_lines(const struct stk_report *r, char (*l)[UI_REPORT_WIDTH],
		    int max, int w);

/* scr-device.c: frees the device list and the hotplug watch */
void ui_devices_release(struct ui *ui);
/* scr-device.c: the next key, or ERR after UI_TICK_MS; sooner when the
 * kernel announces a device, so the screen's tick sees a new stick at
 * once */
int ui_device_getch(struct ui *ui);
/* scr-device.c: the same with the watch on and @wait_ms for a key */
int ui_watch_getch(struct ui *ui, int wait_ms);
/* scr-dup.c: the next key, or ERR; sooner when a device is announced */
int ui_dup_getch(struct ui *ui);
/* scr-device.c: why @d cannot take the image, or NULL when it can (a size
 * refusal is written into @buf) */
const char *ui_device_refusal(const struct ui *ui, const struct stk_device *d,
			      char *buf, size_t len);

/*
 * marks.c - several sticks marked on the target screen (space) and
 * written at once: marking, the checks and the plan, a row per stick
 * while they run, and a line per stick in the log and the result.
 */
/* Space on the device @d: mark or unmark it; false with a status. */
bool ui_marks_toggle(struct ui *ui, const struct stk_device *d);
bool ui_marks_has(const struct ui *ui, const char *path);
/* Hotplug: forget marked sticks that left. */
void ui_marks_prune(struct ui *ui);
/* Enter with marks: they become the target; the next step. */
int ui_marks_use(struct ui *ui);
/* Confirm: each stick checked again, one plan for all (0 or -errno). */
int ui_marks_plan(struct ui *ui, const struct stk_options *opt, bool dry);
/* Run: the rows, from @y. */
void ui_marks_draw_rows(const struct ui *ui, int y);
/* After the run: a log line per stick and the summary in result_msg. */
void ui_marks_finish(struct ui *ui);

/* testfirst.c: "test this stick first" (t on the target screen) */
bool ui_test_first_toggle(struct ui *ui);
/* Before the write: the quick test when asked; 0 to go on, else the
 * reason is in result_msg and the stick's state in res. */
int ui_test_first(struct ui *ui);

/* scr-dup.c: stops the duplicator's writes and frees its state */
void ui_dup_release(struct ui *ui);
/* scr-act-run.c: frees what another action holds */
void ui_act_release(struct ui *ui);
/* scr-act.c: the first screen's keys for the other actions (l x m r t);
 * @image is the image under the cursor or chosen, or NULL. */
int ui_act_key(struct ui *ui, int ch, const char *image);

/* scr-confirm.c: frees the plan and its text */
void ui_plan_release(struct ui *ui);

/* scr-sum.c: the image check (checksum list, signature, typed hash) */
void ui_sum_find(struct ui *ui);
void ui_sum_check(struct ui *ui);
/* The check's lines in @rows rows from @y. */
void ui_sum_draw(const struct ui *ui, int y, int rows);
/* Keys of the check on the report screen; true when the key was used. */
bool ui_sum_key(struct ui *ui, int ch);
/* The Secure Boot verdict of the chosen image, into ui->sb_line. */
void ui_sb_find(struct ui *ui);
/* May the wizard go on past the image? Says why not in the status line. */
bool ui_sum_may_go_on(struct ui *ui);

/* ---- widgets (widgets.c) ------------------------------------------------ */

void ui_init_colours(struct ui *ui);
int ui_attr(enum ui_colour c);
double ui_now(void);
/* True when at least @ms passed since the last true answer. */
bool ui_redraw_due(struct ui *ui, int ms);
bool ui_too_small(void);
void ui_draw_too_small(void);
/* Title bar with the step and the key hints at the bottom. */
void ui_frame(const struct ui *ui, const char *title, const char *keys);
void ui_box(const struct ui *ui, int y, int x, int h, int w);
void ui_hline(const struct ui *ui, int y, int x, int w);
/* Prints @s at y,x in @w columns, in colour @c; a longer @s ends at a
 * word with an ellipsis (~ outside UTF-8). */
void ui_text(int y, int x, int w, enum ui_colour c, const char *s);
void ui_printf(int y, int x, int w, enum ui_colour c, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Word-wraps @s into @w columns from row @y; returns the rows used. Text
 * that does not fit in @max_rows ends in an ellipsis, as ui_text()'s. */
int ui_wrap(int y, int x, int w, int max_rows, enum ui_colour c, const char *s);
int ui_wrapf(int y, int x, int w, int max_rows, enum ui_colour c,
	     const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Rows ui_wrap() needs for @s at width @w; @s after its first @rows rows. */
int ui_wrap_rows(const char *s, int w);
const char *ui_wrap_skip(const char *s, int w, int rows);
void ui_bar(const struct ui *ui, int y, int x, int w, uint64_t done,
	    uint64_t total);
void ui_sparkline(const struct ui *ui, int y, int x, int w, const double *v,
		  int n);
void ui_field_draw(const struct ui_field *f, int y, int x, int w, bool active);
/* Edits @f with @ch; returns true when the key was used. */
bool ui_field_key(struct ui_field *f, int ch);
void ui_field_set(struct ui_field *f, const char *s);
/* A centred box with lines of text (split on '\n') over the screen. */
void ui_dialog(const struct ui *ui, const char *title, const char *text,
	       enum ui_colour c);
/* Keeps *sel in [0, n) and *top so that *sel is visible in @rows. */
void ui_menu_move(int *sel, int *top, int n, int rows, int ch);
void ui_status(struct ui *ui, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* ui_status() with errno's cause appended once, as ui_error_errno(). */
void ui_status_errno(struct ui *ui, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* wizard.c: one line of the wizard's own to the log file. */
void ui_log(struct ui *ui, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* STK_WIZARD_H */

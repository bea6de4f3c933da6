/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui.h - shared declarations of the stickler program: the subcommands of
 * the command line and the wizard. Includes core/stickler.h only.
 */
#ifndef STK_UI_H
#define STK_UI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "stickler.h"

/* Exit codes of the program (documented in README and stickler(1)). */
enum ui_exit {
	UI_EXIT_OK = 0,
	UI_EXIT_FAILED = 1,
	UI_EXIT_USAGE = 2,
	UI_EXIT_MISMATCH = 3,
	UI_EXIT_CANCELLED = 4,
	/* the wizard on a station: the person asked to power off, reboot */
	UI_EXIT_POWEROFF = 5,
	UI_EXIT_REBOOT = 6,
};

/* Each subcommand gets argv with argv[0] being its own name. */
int cmd_probe(int argc, char **argv);
int cmd_write(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_ls(int argc, char **argv);
int cmd_cat(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_read(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_eject(int argc, char **argv);
/* cmd-eject.c: power @target off and say so (0 or -errno, said); with
 * @written (or NULL), only while @target is still that disk. */
int ui_eject(struct stk_ctx *ctx, const char *target,
	     const struct stk_device *written);
int cmd_station_grow(int argc, char **argv);
int wizard_main(int argc, char **argv);

/*
 * opts.c - getopt_long() that reports a bad option or a missing value
 * itself, as "stickler: CMD: unknown option '--x'", and returns '?'.
 * argv[0] is the subcommand's name (the wizard's is "stickler").
 */
struct option;
int ui_getopt(int argc, char **argv, const char *shortopts,
	      const struct option *longopts);

/* Prints "stickler: MSG" on stderr (one line). */
void ui_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* ui_error() with errno's cause appended once: "MSG: No such file...". */
void ui_error_errno(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/*
 * termsafe.c - text from the image made safe for a terminal: controls
 * (but newline and tab), DEL, C1 and bytes that are not UTF-8 as \xNN.
 * ui_stdout_filter_install() puts stdout through that rule (main() does
 * it for every subcommand that does not print data); stderr's messages go
 * through ui_safe_fputs().
 */
void ui_safe_fputs(const char *s, FILE *f);
/* The same for a one-line message: a newline in it (a file name's) is
 * \x0a too, so it cannot start a line that looks like another message. */
void ui_safe_fputs_line(const char *s, FILE *f);
void ui_stdout_filter_install(void);
/* The valid UTF-8 sequence at @p (@n bytes): its length, 0 if not one,
 * -1 if cut off at @n. */
int ui_utf8_len(const unsigned char *p, size_t n);
/* The last message ui_error() printed, or NULL. */
const char *ui_last_error(void);
/*
 * clilog.c - a context for a subcommand, its log going to the file of
 * `--log FILE` (main() takes that option off any subcommand's
 * arguments), else only STICKLER_DEBUG's debug lines, to stderr; NULL
 * after saying "out of memory".
 */
struct stk_ctx *ui_ctx_new(void);
int ui_cli_log_open(const char *path);
/* The same sink, for a command that watches the log itself. */
void ui_cli_log(enum stk_level level, const char *msg);
/* A line of the program's own, to the --log file only. */
void ui_cli_logf(enum stk_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Maps a core return code to an exit code. */
int ui_exit_code(int rc);

/*
 * json.c - print one JSON document: open/close objects and arrays and add
 * members; @key is NULL inside arrays. Keys come out in call order, two
 * spaces per level, a newline after the closing brace of the document.
 *
 *	struct ui_json j;
 *	ui_json_init(&j, stdout);
 *	ui_json_obj_open(&j, NULL);
 *	ui_json_str(&j, "mode", "raw");
 *	ui_json_obj_close(&j);
 */
#define UI_JSON_DEPTH	16

struct ui_json {
	FILE	*f;
	int	depth;
	int	count[UI_JSON_DEPTH];	/* members so far, per open level */
};

void ui_json_init(struct ui_json *j, FILE *f);
void ui_json_obj_open(struct ui_json *j, const char *key);
void ui_json_obj_close(struct ui_json *j);
void ui_json_arr_open(struct ui_json *j, const char *key);
void ui_json_arr_close(struct ui_json *j);
/* A string member; NULL prints null. */
void ui_json_str(struct ui_json *j, const char *key, const char *val);
/* Like ui_json_str(), but "" prints null too. */
void ui_json_str_or_null(struct ui_json *j, const char *key, const char *val);
void ui_json_u64(struct ui_json *j, const char *key, uint64_t val);
void ui_json_int(struct ui_json *j, const char *key, long long val);
void ui_json_bool(struct ui_json *j, const char *key, bool val);
void ui_json_null(struct ui_json *j, const char *key);
/* Prints @s as a quoted, escaped JSON string. */
void ui_json_string(FILE *f, const char *s);

/* progress.c: the command line's progress display and Ctrl-C. */
#include <signal.h>

enum ui_progress_style {
	UI_PROGRESS_AUTO,	/* a line on a terminal, else nothing */
	UI_PROGRESS_TTY,
	UI_PROGRESS_JSON,	/* one object per line on stdout */
	UI_PROGRESS_NONE,
};

struct ui_progress {
	enum ui_progress_style style;
	int		phase;		/* last phase shown, -1 none */
	double		last_t;		/* for the current speed */
	uint64_t	last_done;
	double		cur_bps;
	bool		line_open;	/* a TTY line waits for its newline */
};

/* Set by SIGINT/SIGTERM; the progress callback then asks to stop. */
extern volatile sig_atomic_t ui_interrupted;
void ui_sigint_install(void);
void ui_progress_init(struct ui_progress *p, enum ui_progress_style style);
/* "json", "tty", "none", "auto"; -1 for anything else. */
int ui_progress_parse(const char *s, enum ui_progress_style *style);
/* The stk_progress_fn; @data is a struct ui_progress. */
int ui_progress_fn(const struct stk_progress *pr, void *data);
/* Ends an open progress line. */
void ui_progress_end(struct ui_progress *p);

/*
 * cmdline.c - what the subcommands share. Their option tables end with
 * the entries below; their getopt loops hand every option they do not
 * handle themselves to ui_opt_common().
 */
#define UI_OPT_PROGRESS	{ "progress", required_argument, NULL, 'p' }
#define UI_OPT_HELP	{ "help", no_argument, NULL, 'h' }
#define UI_OPT_END	{ NULL, 0, NULL, 0 }
/* the choices of a destructive subcommand on its target */
#define UI_OPT_YES	{ "yes", no_argument, NULL, 'y' }
#define UI_OPT_ANY	{ "any-device", no_argument, NULL, 'a' }
#define UI_OPT_UNMOUNT	{ "unmount", no_argument, NULL, 'u' }

/* "Go on": not an exit code. */
#define UI_OPT_NEXT	(-1)
/*
 * --progress (when @style is not NULL) into *@style, --help prints the
 * usage on stdout, anything else is a usage error. Returns UI_OPT_NEXT
 * to go on with the next option, else the exit code.
 */
int ui_opt_common(int c, enum ui_progress_style *style, void (*usage)(FILE *f));
/*
 * ui_opt_common() for a destructive subcommand: --yes into *@yes,
 * --any-device and --unmount as STK_CHECK_* bits into *@flags.
 */
int ui_opt_target(int c, bool *yes, unsigned *flags,
		  enum ui_progress_style *style, void (*usage)(FILE *f));
/*
 * The typed confirmation of a write: @what ("the test") destroys the
 * target; true when the user typed its name.
 */
bool ui_confirm_name(const char *target, const char *what);
/* After a prompt on stderr: true when the line typed is @expect. */
bool ui_answer_is(const char *expect);
/*
 * Without @yes, asks for ui_confirm_name() on a terminal and refuses
 * without one ("refusing to @verb 'T' without --yes"). Returns
 * UI_OPT_NEXT to go on, else the exit code (the message printed).
 */
int ui_confirm_target(const char *verb, const char *target, const char *what,
		      bool yes);
/* The progress display in @style on @ctx, and Ctrl-C stops the run. */
void ui_progress_attach(struct stk_ctx *ctx, struct ui_progress *p,
			enum ui_progress_style style);
/*
 * --progress=json keeps standard output for JSON alone: choosing it
 * sends the program's stdout to stderr, and JSON goes to this stream
 * (stdout itself otherwise).
 */
FILE *ui_json_stream(void);
/* The closing result object: outcome and exit status from @code, the
 * target's @state and @error (NULL: null), then @fmt's members, each
 * starting with a comma. */
void ui_json_result(int code, const char *state, const char *error,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A command printed its own closing object (several targets). */
void ui_json_ended(void);
/* main(): a result object if the command printed none (a failure). */
void ui_json_finish(int code);

/* cmd-check.c: the image check, shared by check and write --check. */
struct ui_progress;
/*
 * Runs the whole check of @path and prints the report; returns the exit
 * status: 0 genuine (or unsigned/no key unless @require_signature), 3 not
 * genuine, 1 nothing to check against or an error, 4 cancelled.
 */
int ui_check_image(struct stk_ctx *ctx, const char *path,
		   const struct stk_check_opts *opt, bool require_signature,
		   struct ui_progress *prog);
/* The exit status for a finished check (@md5 may be NULL). */
int ui_check_status(const struct stk_check *chk, const struct stk_isomd5 *md5,
		    bool require_signature);
/* After a raw write: the implanted ISO checksum, read off the stick. */
int ui_check_stick(struct stk_ctx *ctx, const char *image, const char *target);
/* keyring_dir of stickler.conf (@config, or the usual files). */
int ui_keyring_dir(const char *config, char *buf, size_t len);

/* cmd-probe.c: @text after @first, wrapped at word breaks to 80 columns. */
void ui_print_wrapped(const char *first, const char *text);
/* probe-sb.c: the Secure Boot verdict in probe's text and JSON. */
void ui_probe_sb_text(const struct stk_image *img);
void ui_probe_sb_json(struct ui_json *j, const struct stk_image *img);

#endif /* STK_UI_H */

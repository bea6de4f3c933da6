/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * act.h - the wizard's other actions, from its first screen: look inside
 * an image, extract it, make an image from a stick or disc, restore a
 * stick to a data stick, test a stick (scr-act.c, scr-act-run.c,
 * scr-inside.c).
 */
#ifndef STK_UI_ACT_H
#define STK_UI_ACT_H

#include "wizard.h"

enum act_kind {
	ACT_LS,	     /* look inside an image */
	ACT_EXTRACT, /* its tree into a folder */
	ACT_READ,    /* an image from a stick, a disc or a disk */
	ACT_RESTORE, /* a plain data stick again */
	ACT_TEST,    /* real capacity (quick) or every block (full) */
};

enum act_stage {
	ACT_PICK,    /* the stick or disk, or a typed path */
	ACT_FORM,    /* the folder, the output, the label */
	ACT_CONFIRM, /* the typed name, for what destroys */
	ACT_RESULT,
	ACT_INSIDE, /* browsing the image's tree */
};

#define ACT_RESULT_LINES 8
#define ACT_INSIDE_MAX	 4096

struct act_entry {
	char name[256];
	enum stk_entry_type type;
	uint64_t size_bytes;
	uint32_t mode;
	int64_t mtime;
	char link[128];
};

struct ui_act {
	enum act_kind kind;
	enum act_stage stage;
	bool fresh;	      /* set up anew when the screen opens */
	char image[PATH_MAX]; /* ls and extract: the image */

	/* pick: the disks, then "Other path..." */
	struct stk_devlist *devs;
	bool show_all;
	int sel;
	bool typing_path;
	struct ui_field path;
	struct stk_device dev; /* the chosen disk */
	bool is_dev;
	char target[PATH_MAX];		/* what is read or written */
	char target_name[NAME_MAX + 1]; /* what is typed to go */
	bool full;			/* test: every block */
	bool exfat;			/* restore: exFAT, not FAT32 */

	/* form and confirm */
	struct ui_field dest; /* extract DIR, read OUT, label */
	struct ui_field confirm;

	/* run */
	enum stk_phase phase;
	uint64_t done;
	uint64_t total;
	double bps;
	char item[256];
	bool ask_cancel;
	bool want_cancel;

	/* result */
	int rc;
	int n_lines;
	char line[ACT_RESULT_LINES][512];

	/* inside */
	struct stk_tree *tree;
	char cwd[PATH_MAX];
	int n_entries;
	struct act_entry *entries;
	int top;
	int isel;
};

/* scr-act.c: opens the screen for @kind (the image for ls and extract
 * is ui->image_path or the file under the cursor, in @image). */
int ui_act_start(struct ui *ui, enum act_kind kind, const char *image);
/* A line of the result screen. */
void act_result(struct ui_act *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The action's name for titles: "Restore a stick". */
const char *act_title(const struct ui_act *a);

/* scr-act.c: the steps after the pick */
void act_to_form(struct ui *ui);
void act_to_confirm(struct ui *ui);
/* Back to the first screen's browser, the action freed. */
int act_back(struct ui *ui);

/* scr-act-pick.c */
bool act_destroys(const struct ui_act *a);
void act_pick_reload(struct ui *ui);
void act_pick_draw(const struct ui *ui);
int act_pick_key(struct ui *ui, int ch);

/* scr-inside.c */
int act_inside_open(struct ui *ui);
void act_inside_draw(const struct ui *ui);
int act_inside_key(struct ui *ui, int ch);
void act_inside_close(struct ui_act *a);

#endif /* STK_UI_ACT_H */

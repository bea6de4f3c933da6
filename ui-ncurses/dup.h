/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dup.h - the wizard's duplicator mode (dup.c, scr-dup.c): every stick
 * inserted while it is on is written and verified by a `stickler write`
 * of its own, a row per stick.
 */
#ifndef STK_UI_DUP_H
#define STK_UI_DUP_H

#include <sys/types.h>

#include "wizard.h"

#define DUP_MAX_ROWS	32
#define DUP_EVENTS	3
#define DUP_PHRASE	"ERASE EVERY STICK I INSERT"
/* a row goes only when its stick was missing from this many looks at
 * the list in a row, over at least this long: a look that misses a stick
 * for a moment (a read racing the kernel, a reset) does not make it new */
#define DUP_GONE_LOOKS	2
#define DUP_GONE_S	2.0

enum dup_state {
	DUP_PRESENT,	/* there when the mode began, not marked: left alone */
	DUP_REFUSED,	/* the rules or its size say no: never opened */
	DUP_TESTING,	/* the quick capacity test runs */
	DUP_WRITING,
	DUP_DONE,
	DUP_FAILED,
	DUP_STOPPED,	/* the mode ended while it was written */
};

struct dup_row {
	struct stk_device dev;	/* as the list showed it when it came */
	enum dup_state	state;
	bool		here;	/* in the last look at the device list */
	unsigned	missed;	/* looks in a row that did not see it */
	double		gone_at; /* when the first of those was */
	pid_t		pid;	/* the child writing or testing it, or 0 */
	int		fd;	/* its output, or -1 */
	char		line[1024]; /* a line being read */
	size_t		line_len;
	char		phase[16];
	uint64_t	done;
	uint64_t	total;
	double		bps;
	char		msg[512];   /* its error, else its first words */
	bool		msg_is_error;
	double		start;	/* when it came */
	double		secs;	/* how long it took */
};

struct ui_dup {
	bool		armed;		/* the words were typed: sticks go */
	bool		test_first;	/* the quick capacity test first */
	bool		ask_end;	/* the end question is up */
	struct ui_field	phrase;
	int		n;
	struct dup_row	row[DUP_MAX_ROWS];
	unsigned	n_done;
	unsigned	n_failed;
	char		event[DUP_EVENTS][256]; /* newest first */
	double		last_scan;
	double		first_look;	/* when the first scan read the disks */
	bool		listed;		/* a scan has read the disks: the
					 * sticks in before the start known */
};

/* dup.c */
/* Reads the device list: new sticks get a row (and a write once armed),
 * rows of sticks that left and have ended go. */
void dup_scan(struct ui *ui, bool changed);
/* Reads what the children said and collects those that ended. */
void dup_poll(struct ui *ui);
/* Rows with a child still running. */
int dup_running(const struct ui *ui);
/* Asks each running child to stop and waits for it. */
void dup_stop_all(struct ui *ui);

#endif /* STK_UI_DUP_H */

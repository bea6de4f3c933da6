// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * dup.c - the duplicator's engine: which sticks came and went, and a
 * `stickler write STICK --progress=json` child per stick (after a
 * `stickler test --quick` when asked), read without blocking. Each stick
 * is a process of its own so that one pulled out, failing or slow never
 * holds the others or the screen; the command line applies every rule to
 * it again before it opens it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dup.h"
#include "ui.h"

static void event(struct ui *ui, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void event(struct ui *ui, const char *fmt, ...)
{
	struct ui_dup *d = ui->dup;
	va_list ap;

	memmove(d->event[1], d->event[0],
		(DUP_EVENTS - 1) * sizeof(d->event[0]));
	va_start(ap, fmt);
	vsnprintf(d->event[0], sizeof(d->event[0]), fmt, ap);
	va_end(ap);
}

int dup_running(const struct ui *ui)
{
	int i, n = 0;

	for (i = 0; ui->dup && i < ui->dup->n; i++)
		n += ui->dup->row[i].pid > 0;
	return n;
}

/* "sdb1 28.6 GiB vfat 'MY STICK', sdb2 ...": what the stick held. */
static void held(struct ui *ui, const struct stk_device *dev, char *buf,
		 size_t len)
{
	char path[STK_PATH_MAX + 8], size[32];
	struct stk_fsinfo fi;
	size_t used = 0;
	int i, n = dev->n_parts ? dev->n_parts : 1;

	buf[0] = '\0';
	for (i = 0; i < n && used < len; i++) {
		const char *name = dev->n_parts ? dev->part[i].name : dev->name;
		uint64_t bytes = dev->n_parts ? dev->part[i].size_bytes
					      : dev->size_bytes;
		int rc;

		snprintf(path, sizeof(path), "/dev/%s", name);
		rc = stk_fs_probe(ui->ctx, path, &fi);
		stk_size_format(bytes, size, sizeof(size));
		if (rc)
			used += (size_t)snprintf(buf + used, len - used,
						 "%s%s %s (not read: %s)",
						 i ? ", " : "", name, size,
						 stk_ctx_errmsg(ui->ctx));
		else if (fi.type[0])
			used += (size_t)snprintf(
				buf + used, len - used, "%s%s %s %s label '%s'",
				i ? ", " : "", name, size, fi.type, fi.label);
		else
			used += (size_t)snprintf(buf + used, len - used,
						 "%s%s %s no known file system",
						 i ? ", " : "", name, size);
	}
}

/* Starts `stickler test` or `stickler write` on the row's stick. */
/* The first @len - 1 bytes of @src: messages are cut, never overflow. */
static void copy(char *dst, size_t len, const char *src)
{
	size_t n = strlen(src);

	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int spawn(struct ui *ui, struct dup_row *r, bool test)
{
	const char *argv[16];
	char mode[32];
	int p[2], n = 0, devnull;
	pid_t pid;

	argv[n++] = "stickler";
	if (test) {
		argv[n++] = "test";
		argv[n++] = r->dev.path;
		argv[n++] = "--quick";
	} else {
		argv[n++] = "write";
		argv[n++] = ui->image_path;
		argv[n++] = r->dev.path;
		if (ui->cfg.mode[0] && strcmp(ui->cfg.mode, "auto")) {
			snprintf(mode, sizeof(mode), "--mode=%s", ui->cfg.mode);
			argv[n++] = mode;
		}
		if (!ui->verify)
			argv[n++] = "--no-verify";
	}
	/* the words typed for the mode are the confirmation; a stick a
	 * desktop mounted as it came is unmounted, as the words say */
	argv[n++] = "--yes";
	argv[n++] = "--unmount";
	argv[n++] = "--progress=json";
	argv[n] = NULL;
	if (pipe(p) < 0)
		return -errno;
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	if (ui->logf)
		fflush(ui->logf);
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -errno;
	}
	if (pid == 0) {
		devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, STDIN_FILENO);
		dup2(p[1], STDOUT_FILENO);
		dup2(p[1], STDERR_FILENO);
		execv("/proc/self/exe", (char *const *)argv);
		_exit(127);
	}
	close(p[1]);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	r->pid = pid;
	r->fd = p[0];
	r->line_len = 0;
	r->phase[0] = '\0';
	r->done = r->total = 0;
	r->bps = 0;
	r->msg[0] = '\0';
	r->msg_is_error = false;
	r->state = test ? DUP_TESTING : DUP_WRITING;
	return 0;
}

static void start(struct ui *ui, struct dup_row *r)
{
	char what[1024];
	int rc;

	held(ui, &r->dev, what, sizeof(what));
	ui->status[0] = '\0'; /* a partition not read is the log's business */
	ui_log(ui,
	       "duplicator: %s came: serial '%s', vendor '%s', model '%s', %llu bytes; it held: %s",
	       r->dev.path, r->dev.serial, r->dev.vendor, r->dev.model,
	       (unsigned long long)r->dev.size_bytes, what);
	rc = spawn(ui, r, ui->dup->test_first);
	if (rc) {
		r->state = DUP_FAILED;
		snprintf(r->msg, sizeof(r->msg), "cannot start: %s",
			 strerror(-rc));
	}
}

/* a stick pulled out and another put in may get the same name and number
 * before the first one's row is gone: the kernel's disk sequence number,
 * the serial (when both have one) and the size tell them apart */
static bool same(const struct stk_device *o, const struct stk_device *dev)
{
	return !strcmp(o->path, dev->path) && o->major == dev->major &&
	       o->minor == dev->minor && o->size_bytes == dev->size_bytes &&
	       (!o->diskseq || !dev->diskseq || o->diskseq == dev->diskseq) &&
	       (!o->serial[0] || !dev->serial[0] ||
		!strcmp(o->serial, dev->serial));
}

static struct dup_row *find(struct ui_dup *d, const struct stk_device *dev)
{
	int i;

	for (i = 0; i < d->n; i++)
		if (same(&d->row[i].dev, dev))
			return &d->row[i];
	return NULL;
}

/* @dev was on the target screen's list when the mode opened. */
static bool listed_before(const struct ui *ui, const struct stk_device *dev)
{
	size_t j, n = ui->devs ? stk_devlist_count(ui->devs) : 0;

	for (j = 0; j < n; j++)
		if (same(stk_devlist_get(ui->devs, j), dev))
			return true;
	return false;
}

/*
 * A stick there before, missing from the last looks but not yet gone, that
 * shows up again with its size and serial (or its name, number and size
 * when it has no serial) is that stick: a reset makes the kernel number it
 * again (another diskseq, maybe another name), and taking it for a new
 * one would write a stick nobody offered.
 */
static struct dup_row *find_returned(struct ui_dup *d,
				     const struct stk_device *dev)
{
	int i;

	for (i = 0; i < d->n; i++) {
		const struct stk_device *o = &d->row[i].dev;

		if (d->row[i].state != DUP_PRESENT || !d->row[i].missed ||
		    o->size_bytes != dev->size_bytes)
			continue;
		if (o->serial[0] && dev->serial[0]) {
			if (!strcmp(o->serial, dev->serial))
				return &d->row[i];
			continue;
		}
		if (!strcmp(o->path, dev->path) && o->major == dev->major &&
		    o->minor == dev->minor)
			return &d->row[i];
	}
	return NULL;
}

/* @dev is a stick marked before the start: the one marked, not another
 * that took its name since (the marks keep the disk as it was seen). */
static bool marked(const struct ui *ui, const struct stk_device *dev)
{
	int i;

	for (i = 0; i < ui->n_marked; i++) {
		const struct stk_device *m = &ui->marked[i];

		if (!strcmp(m->path, dev->path) && m->major == dev->major &&
		    m->minor == dev->minor &&
		    m->size_bytes == dev->size_bytes &&
		    !strcmp(m->serial, dev->serial) &&
		    (!m->diskseq || !dev->diskseq ||
		     m->diskseq == dev->diskseq))
			return true;
	}
	return false;
}

static void add(struct ui *ui, const struct stk_device *dev, bool first)
{
	struct ui_dup *d = ui->dup;
	struct dup_row *r;
	char why[128];
	const char *no;

	if (d->n == DUP_MAX_ROWS) {
		event(ui, "%s came, but %d sticks are shown: remove some",
		      dev->name, DUP_MAX_ROWS);
		return;
	}
	r = &d->row[d->n++];
	memset(r, 0, sizeof(*r));
	r->dev = *dev;
	r->here = true;
	r->fd = -1;
	r->start = ui_now();
	if (first && !marked(ui, dev)) {
		r->state = DUP_PRESENT;
		return;
	}
	no = ui_device_refusal(ui, dev, why, sizeof(why));
	if (no) {
		r->state = DUP_REFUSED;
		snprintf(r->msg, sizeof(r->msg), "%s", no);
		ui_log(ui, "duplicator: %s came, not written: %s", dev->path,
		       no);
		return;
	}
	start(ui, r);
}

void dup_scan(struct ui *ui, bool changed)
{
	struct ui_dup *d = ui->dup;
	struct stk_devlist *list = NULL;
	/* the sticks in before the start are the first list that was read,
	 * not the first asked for: a failed read does not make them new */
	bool first = !d->listed;
	double now = ui_now();
	bool early;
	size_t j, n;
	int i;

	/* a missed hotplug event costs a second at most */
	if (!changed && now - d->last_scan < 1.0)
		return;
	d->last_scan = now;
	if (stk_devlist_new(ui->ctx, ui->image_path, 0, &list)) {
		ui_status(ui, "cannot list the disks: %s",
			  stk_ctx_errmsg(ui->ctx));
		return;
	}
	if (first)
		d->first_look = now;
	d->listed = true;
	/* a stick the first look missed for a moment, that the target
	 * screen listed, is there before too */
	early = now - d->first_look < DUP_GONE_S;
	n = stk_devlist_count(list);
	for (i = 0; i < d->n; i++)
		d->row[i].here = false;
	for (j = 0; j < n; j++) {
		const struct stk_device *dev = stk_devlist_get(list, j);
		struct dup_row *r = find(d, dev);

		if (!r) {
			r = find_returned(d, dev);
			if (r)
				r->dev = *dev;
		}
		if (!r) {
			add(ui, dev,
			    first || (early && listed_before(ui, dev)));
			continue;
		}
		if (r->missed)
			ui_log(ui, "duplicator: %s seen again: the same stick",
			       dev->path);
		r->here = true;
		r->missed = 0;
	}
	stk_devlist_free(list);

	/* sticks that left: their row goes once nothing runs on them and
	 * they stayed away long enough to be really gone */
	for (i = 0; i < d->n;) {
		struct dup_row *r = &d->row[i];

		if (!r->here && !r->missed++) {
			r->gone_at = now;
			ui_log(ui,
			       "duplicator: %s not seen: its row goes when it stays away %.0f s",
			       r->dev.path, DUP_GONE_S);
		}
		if (r->here || r->pid > 0 || r->missed < DUP_GONE_LOOKS ||
		    now - r->gone_at < DUP_GONE_S) {
			i++;
			continue;
		}
		if (r->state == DUP_DONE)
			event(ui, "%s removed: written and verified",
			      r->dev.name);
		else if (r->state == DUP_FAILED)
			event(ui, "%s removed: it failed: %s", r->dev.name,
			      r->msg);
		*r = d->row[--d->n];
	}
}

/* `"key":123` in a JSON line; 0 when absent. */
static double number(const char *line, const char *key)
{
	char pat[40];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(line, pat);
	return p ? strtod(p + strlen(pat), NULL) : 0;
}

static void take_line(struct dup_row *r, const char *line)
{
	const char *p;
	size_t n;

	if (line[0] == '{') {
		p = strstr(line, "\"phase\":\"");
		if (!p)
			return;
		p += 9;
		n = strcspn(p, "\"");
		if (n >= sizeof(r->phase))
			n = sizeof(r->phase) - 1;
		if (!strncmp(p, "result", 6) || !strncmp(p, "summary", 7))
			return;
		memcpy(r->phase, p, n);
		r->phase[n] = '\0';
		r->done = (uint64_t)number(line, "done");
		r->total = (uint64_t)number(line, "total");
		r->bps = number(line, "bytes_per_s");
		return;
	}
	/* an error line wins over any other; else the first words said */
	if (!strncmp(line, "stickler: ", 10)) {
		if (!r->msg_is_error)
			copy(r->msg, sizeof(r->msg), line + 10);
		r->msg_is_error = true;
	} else if (!r->msg[0]) {
		copy(r->msg, sizeof(r->msg), line);
	}
}

static void drain(struct dup_row *r)
{
	char buf[4096];
	ssize_t got, i;

	for (;;) {
		got = read(r->fd, buf, sizeof(buf));
		if (got <= 0)
			return;
		for (i = 0; i < got; i++) {
			if (buf[i] != '\n') {
				if (r->line_len + 1 < sizeof(r->line))
					r->line[r->line_len++] = buf[i];
				continue;
			}
			r->line[r->line_len] = '\0';
			take_line(r, r->line);
			r->line_len = 0;
		}
	}
}

/* The log's line for a stick: who it is, what became of it, how long. */
static void log_result(struct ui *ui, const struct dup_row *r,
		       const char *result)
{
	ui_log(ui,
	       "duplicator: stick %s: serial '%s', vendor '%s', model '%s', %llu bytes: %s in %.1f s",
	       r->dev.path, r->dev.serial, r->dev.vendor, r->dev.model,
	       (unsigned long long)r->dev.size_bytes, result, r->secs);
}

static void ended(struct ui *ui, struct dup_row *r, int status)
{
	struct ui_dup *d = ui->dup;
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : UI_EXIT_FAILED;
	bool was_test = r->state == DUP_TESTING;
	char words[600];

	r->pid = 0;
	r->secs = ui_now() - r->start;
	if (was_test && code == UI_EXIT_OK) {
		ui_log(ui, "duplicator: %s: quick test: %s", r->dev.path,
		       r->msg);
		if (!spawn(ui, r, false))
			return;
		code = UI_EXIT_FAILED;
		snprintf(r->msg, sizeof(r->msg), "cannot start the write");
	}
	if (code == UI_EXIT_OK) {
		r->state = DUP_DONE;
		d->n_done++;
		log_result(ui, r,
			   ui->verify ? "written and verified"
				      : "written, not verified");
		event(ui, "%s done: remove it", r->dev.name);
		return;
	}
	if (code == UI_EXIT_CANCELLED) {
		r->state = DUP_STOPPED;
		log_result(ui, r, "stopped: it will not boot");
		return;
	}
	r->state = DUP_FAILED;
	d->n_failed++;
	if (was_test && code == UI_EXIT_MISMATCH)
		snprintf(words, sizeof(words), "counterfeit, not written: %s",
			 r->msg);
	else if (code == UI_EXIT_MISMATCH)
		snprintf(words, sizeof(words), "differs: %s", r->msg);
	else
		snprintf(words, sizeof(words), "%s",
			 r->msg[0] ? r->msg : "failed");
	copy(r->msg, sizeof(r->msg), words);
	log_result(ui, r, words);
	event(ui, "%s failed: %s", r->dev.name, r->msg);
}

void dup_poll(struct ui *ui)
{
	struct ui_dup *d = ui->dup;
	int i, status;
	pid_t pid;

	for (i = 0; i < d->n; i++) {
		struct dup_row *r = &d->row[i];

		if (r->pid <= 0)
			continue;
		drain(r);
		pid = waitpid(r->pid, &status, WNOHANG);
		if (pid != r->pid)
			continue;
		drain(r);
		close(r->fd);
		r->fd = -1;
		ended(ui, r, status);
	}
}

void dup_stop_all(struct ui *ui)
{
	struct ui_dup *d = ui->dup;
	int i, status;

	if (!d)
		return;
	for (i = 0; i < d->n; i++)
		if (d->row[i].pid > 0)
			kill(d->row[i].pid, SIGINT);
	for (i = 0; i < d->n; i++) {
		struct dup_row *r = &d->row[i];

		if (r->pid <= 0)
			continue;
		/* the command line stops at its next chunk and says how the
		 * stick is left; its words are kept */
		while (waitpid(r->pid, &status, 0) < 0 && errno == EINTR)
			;
		fcntl(r->fd, F_SETFL, 0);
		drain(r);
		close(r->fd);
		r->fd = -1;
		ended(ui, r, status);
	}
}

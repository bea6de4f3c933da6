// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * spawn.c - run a helper tool (syslinux) with fork/exec, log what it says
 * line by line under its name, and turn its exit status into an error.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "spawn.h"

#define SPAWN_LINE 512

/* One output stream of the child: a pipe and the line being assembled. */
struct spawn_stream {
	int fd;
	bool is_stderr; /* its last line explains a failure */
	char line[SPAWN_LINE];
	size_t len;
};

/* What the tool printed, both streams in the order they arrived. */
struct spawn_capture {
	bool want;
	char *s;
	size_t len;
	size_t size;
};

static const char *tool_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static void flush_line(struct stk_ctx *ctx, const char *name,
		       struct spawn_stream *s, char *last, size_t last_size)
{
	if (!s->len)
		return;
	s->line[s->len] = '\0';
	/*
	 * A tool's chatter (banners, its own warnings) is for the log only:
	 * at INFO it never reaches a screen. A failure is reported once, by
	 * the caller, with the last line of stderr. Tools that name
	 * themselves ("syslinux: warning") are not named twice.
	 */
	if (!strncmp(s->line, name, strlen(name)) &&
	    s->line[strlen(name)] == ':')
		stk_log(ctx, STK_LOG_INFO, "%s", s->line);
	else
		stk_log(ctx, STK_LOG_INFO, "%s: %s", name, s->line);
	if (s->is_stderr)
		stk_strlcpy(last, s->line, last_size);
	s->len = 0;
}

static int keep_bytes(struct spawn_capture *c, const char *buf, size_t n)
{
	char *p;

	if (!c->want)
		return 0;
	if (c->len + n + 1 > c->size) {
		size_t size = (c->len + n + 1) * 2;

		p = realloc(c->s, size);
		if (!p)
			return -ENOMEM;
		c->s = p;
		c->size = size;
	}
	memcpy(c->s + c->len, buf, n);
	c->len += n;
	c->s[c->len] = '\0';
	return 0;
}

/* Read what is there; returns 1 at end of stream, 0 to go on, or -errno. */
static int drain(struct stk_ctx *ctx, const char *name, struct spawn_stream *s,
		 struct spawn_capture *cap, char *last, size_t last_size)
{
	char buf[4096];
	ssize_t n;
	ssize_t i;

	n = read(s->fd, buf, sizeof(buf));
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -errno;
	if (n == 0) {
		flush_line(ctx, name, s, last, last_size);
		return 1;
	}
	if (keep_bytes(cap, buf, (size_t)n))
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		if (buf[i] == '\n' || buf[i] == '\r') {
			flush_line(ctx, name, s, last, last_size);
			continue;
		}
		if (s->len == sizeof(s->line) - 1)
			flush_line(ctx, name, s, last, last_size);
		s->line[s->len++] = buf[i];
	}
	return 0;
}

/*
 * The child: wire the pipes to stdout and stderr, stdin from /dev/null,
 * add the environment, exec. An exec failure is reported through @errfd
 * (close-on-exec, so a successful exec closes it with nothing written).
 */
static void __attribute__((noreturn))
child(const char *const *argv, const char *const *env, int out, int err,
      int errfd)
{
	int null = open("/dev/null", O_RDONLY);
	int e;

	if (null >= 0 && null != 0) {
		dup2(null, 0);
		close(null);
	}
	dup2(out, 1);
	dup2(err, 2);
	for (; env && *env; env++)
		putenv((char *)*env);
	signal(SIGPIPE, SIG_DFL);
	execvp(argv[0], (char *const *)argv);
	e = errno;
	if (write(errfd, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

int spawn_run(struct stk_ctx *ctx, const char *const *argv,
	      const char *const *env, char **out)
{
	struct spawn_stream s[2] = {
		{.fd = -1, .is_stderr = false},
		{.fd = -1, .is_stderr = true},
	};
	struct spawn_capture cap = {.want = out != NULL};
	const char *name = tool_name(argv[0]);
	char last[SPAWN_LINE] = "";
	int po[2] = {-1, -1}, pe[2] = {-1, -1}, px[2] = {-1, -1};
	int open_streams = 2;
	int child_errno = 0;
	int status = 0;
	bool ran = false;
	pid_t pid;
	int rc = 0;

	if (out)
		*out = NULL;
	if (pipe2(po, O_CLOEXEC) || pipe2(pe, O_CLOEXEC) ||
	    pipe2(px, O_CLOEXEC)) {
		rc = stk_seterr_errno(ctx, -errno,
				      "cannot make a pipe for '%s'", name);
		goto out_close;
	}
	DBG(ctx, BOOT, "running %s", argv[0]);
	pid = fork();
	if (pid < 0) {
		rc = stk_seterr_errno(ctx, -errno, "cannot start '%s'", name);
		goto out_close;
	}
	if (pid == 0)
		child(argv, env, po[1], pe[1], px[1]);
	close(po[1]);
	close(pe[1]);
	close(px[1]);
	po[1] = pe[1] = px[1] = -1;
	s[0].fd = po[0];
	s[1].fd = pe[0];

	/* Both pipes are read together so neither can fill up and block. */
	while (open_streams) {
		struct pollfd pfd[2];
		int n = 0, i, r;

		for (i = 0; i < 2; i++) {
			if (s[i].fd < 0)
				continue;
			pfd[n].fd = s[i].fd;
			pfd[n].events = POLLIN;
			n++;
		}
		if (poll(pfd, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < 2; i++) {
			int j;

			if (s[i].fd < 0)
				continue;
			for (j = 0; j < n; j++)
				if (pfd[j].fd == s[i].fd)
					break;
			if (j == n ||
			    !(pfd[j].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			r = drain(ctx, name, &s[i], &cap, last, sizeof(last));
			if (r < 0 && !rc)
				rc = stk_seterr(ctx, r,
						"cannot read what '%s' says",
						name);
			if (r) {
				close(s[i].fd);
				s[i].fd = -1;
				open_streams--;
			}
		}
	}
	po[0] = s[0].fd;
	pe[0] = s[1].fd;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			if (!rc)
				rc = stk_seterr_errno(ctx, -errno,
						      "cannot wait for '%s'",
						      name);
			goto out_close;
		}
	if (read(px[0], &child_errno, sizeof(child_errno)) ==
	    (ssize_t)sizeof(child_errno)) {
		rc = stk_seterr_errno(ctx, -child_errno, "cannot run '%s'",
				      name);
		goto out_close;
	}
	if (rc)
		goto out_close;
	ran = true;
	if (WIFSIGNALED(status))
		rc = stk_seterr(ctx, -EIO, "'%s' was killed by signal %d%s%s",
				name, WTERMSIG(status), *last ? ": " : "",
				last);
	else if (WEXITSTATUS(status))
		rc = stk_seterr(ctx, -EIO,
				"'%s' failed with exit status %d%s%s", name,
				WEXITSTATUS(status), *last ? ": " : "", last);
out_close:
	if ((!rc || ran) && out) {
		*out = cap.s ? cap.s : strdup("");
		cap.s = NULL;
		if (!*out)
			rc = stk_seterr(ctx, -ENOMEM, "out of memory");
	}
	free(cap.s);
	for (int i = 0; i < 2; i++) {
		if (po[i] >= 0)
			close(po[i]);
		if (pe[i] >= 0)
			close(pe[i]);
		if (px[i] >= 0)
			close(px[i]);
	}
	return rc;
}

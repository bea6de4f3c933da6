/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * spawn.h - running helper tools, their output logged (spawn.c).
 */
#ifndef STK_SPAWN_H
#define STK_SPAWN_H

#include "internal.h"

/*
 * spawn_run - run @argv (argv[0] searched in PATH) with stdin from
 * /dev/null and @env (NULL or "NAME=value" strings, NULL-terminated) added
 * to the environment. Every line the tool prints is logged as "NAME: line"
 * (stdout at INFO, stderr at WARN). With @out, what it printed (both
 * streams, in the order read) is also returned in a new string the caller
 * frees, also when the tool ran and failed (a verdict in its exit status).
 * Return: 0 when the tool exits 0; -ENOENT (or another -errno) when it
 * cannot run; -EIO when it fails, the message naming its exit status and
 * the last line it printed on stderr.
 */
int spawn_run(struct stk_ctx *ctx, const char *const *argv,
	      const char *const *env, char **out);

#endif /* STK_SPAWN_H */

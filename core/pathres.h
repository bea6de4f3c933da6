/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pathres.h - resolving a symlink's target to a clean absolute path. */
#ifndef STK_PATHRES_H
#define STK_PATHRES_H

/*
 * path_resolve - @target (absolute, or relative to the directory of the
 * link @from) as a clean absolute path: no ".", "..", or doubled '/';
 * ".." at the root stays at the root. Any length. Returns a string to
 * free(), or NULL when out of memory.
 */
char *path_resolve(const char *from, const char *target);

#endif /* STK_PATHRES_H */

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * config.c - stickler.conf: image library directories, default mode,
 * verify default and log file, read from /etc then the user's directory.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui.h"
#include "wizard.h"

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on") ||
	    !strcmp(v, "1")) {
		*out = true;
		return 0;
	}
	if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "off") ||
	    !strcmp(v, "0")) {
		*out = false;
		return 0;
	}
	return -EINVAL;
}

int ui_config_set(struct ui_config *cfg, const char *key, const char *value)
{
	enum stk_mode mode;

	if (!strcmp(key, "library")) {
		/* Each "library" line adds one directory. */
		if (cfg->n_library >= UI_MAX_LIBS)
			return -E2BIG;
		snprintf(cfg->library[cfg->n_library++], PATH_MAX, "%s", value);
		return 0;
	}
	if (!strcmp(key, "mode")) {
		if (stk_mode_parse(value, &mode) ||
		    mode == STK_MODE_UNSUPPORTED)
			return -EINVAL;
		snprintf(cfg->mode, sizeof(cfg->mode), "%s", value);
		return 0;
	}
	if (!strcmp(key, "verify"))
		return parse_bool(value, &cfg->verify);
	if (!strcmp(key, "keyring_dir")) {
		snprintf(cfg->keyring_dir, sizeof(cfg->keyring_dir), "%s",
			 value);
		return 0;
	}
	if (!strcmp(key, "log")) {
		snprintf(cfg->log_path, sizeof(cfg->log_path), "%s", value);
		return 0;
	}
	return -ENOENT;
}

/* Reads one file; a missing file is not an error. */
static int load_file(struct ui_config *cfg, const char *path, FILE *err)
{
	char line[PATH_MAX + 64];
	char *k, *v, *eq;
	int n = 0, rc = 0, r;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		return errno == ENOENT ? 0 : -errno;
	while (fgets(line, sizeof(line), f)) {
		n++;
		k = trim(line);
		if (!*k || *k == '#')
			continue;
		eq = strchr(k, '=');
		if (!eq) {
			fprintf(err, "%s:%d: expected 'key = value'\n", path,
				n);
			rc = -EINVAL;
			continue;
		}
		*eq = '\0';
		k = trim(k);
		v = trim(eq + 1);
		r = ui_config_set(cfg, k, v);
		if (r == -ENOENT)
			fprintf(err, "%s:%d: unknown key '%s'\n", path, n, k);
		else if (r)
			fprintf(err, "%s:%d: bad value '%s' for '%s'\n", path,
				n, v, k);
		if (r)
			rc = -EINVAL;
	}
	fclose(f);
	return rc;
}

int ui_config_load(struct ui_config *cfg, const char *path, FILE *err)
{
	char user[PATH_MAX];
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	struct ui_config sys;
	int rc;

	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->mode, sizeof(cfg->mode), "auto");
	cfg->verify = true;
	snprintf(cfg->keyring_dir, sizeof(cfg->keyring_dir),
		 "/etc/stickler/keys.d");
	/* A file named on purpose must be there; the default ones may not. */
	if (path && access(path, R_OK)) {
		rc = -errno;
		ui_error_errno("cannot read the configuration '%s'", path);
		return rc;
	}
	if (path)
		return load_file(cfg, path, err);

	rc = load_file(cfg, "/etc/stickler.conf", err);
	if (xdg && *xdg)
		snprintf(user, sizeof(user), "%s/stickler/stickler.conf", xdg);
	else if (home && *home)
		snprintf(user, sizeof(user),
			 "%s/.config/stickler/stickler.conf", home);
	else
		return rc;
	/* The user's library lines replace the system's, not add to them. */
	sys = *cfg;
	cfg->n_library = 0;
	if (load_file(cfg, user, err))
		rc = -EINVAL;
	if (!cfg->n_library) {
		cfg->n_library = sys.n_library;
		memcpy(cfg->library, sys.library, sizeof(cfg->library));
	}
	return rc;
}

// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * iso.c - the only file that includes libcdio: reading the ISO 9660 tree
 * (names, sizes, extents) and small files through libiso9660.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cdio/cdio.h>
#include <cdio/iso9660.h>
#include <cdio/logging.h>
#include <cdio/rock.h>

#include "internal.h"
#include "iso.h"

#define ISO_PATH_BYTES	4096
#define ISO_MAX_DEPTH	64
#define ISO_MAX_ENTRIES 2000000u /* bounds the walk of a hostile tree */
#define ISO_DIR_MAX	(32u * 1024u * 1024u) /* no real directory is larger */

struct iso {
	iso9660_t *p;
	bool rock_ridge;
	uint8_t joliet;
	uint64_t image_bytes; /* size of the file */
	uint32_t root_lba;
	uint64_t root_bytes;
	/* the result of the last iso_lookup() */
	char lk_path[ISO_PATH_BYTES];
	char lk_link[ISO_PATH_BYTES];
};

/*
 * libcdio's log handler has no data pointer, and its default handler
 * exits the process on errors; libcdio is used from one thread, so the
 * context is kept here for the life of the context.
 */
static struct stk_ctx *cdio_ctx;

static void cdio_to_stk(cdio_log_level_t level, const char message[])
{
	if (!cdio_ctx)
		return;
	stk_log(cdio_ctx, level >= CDIO_LOG_WARN ? STK_LOG_WARN : STK_LOG_DEBUG,
		"libcdio: %s", message);
}

void iso_init_logging(struct stk_ctx *ctx)
{
	cdio_ctx = ctx;
	cdio_log_set_handler(cdio_to_stk);
}

/*
 * libiso9660 allocates a directory's recorded size before reading it: a
 * damaged record must not make it ask for gigabytes or read past the end.
 */
static bool dir_ok(const struct iso *iso, uint32_t lba, uint64_t bytes)
{
	return bytes <= ISO_DIR_MAX &&
	       (uint64_t)lba * ISO_BLOCK_BYTES + bytes <= iso->image_bytes;
}

/* The root directory's extent, from the primary volume descriptor. */
static bool read_root(struct iso *iso)
{
	iso9660_pvd_t pvd;

	if (!iso9660_ifs_read_pvd(iso->p, &pvd))
		return false;
	/* both-endian fields: the little-endian half comes first */
	iso->root_lba =
		get_le32((const uint8_t *)&pvd.root_directory_record.extent);
	iso->root_bytes =
		get_le32((const uint8_t *)&pvd.root_directory_record.size);
	return dir_ok(iso, iso->root_lba, iso->root_bytes);
}

/* The root of the first Joliet supplementary descriptor (ECMA-119 8.5). */
static bool joliet_root(iso9660_t *p, uint32_t *lba, uint64_t *bytes)
{
	uint8_t vd[ISO_BLOCK_BYTES];
	uint32_t i;

	for (i = 17; i < 17 + 32; i++) {
		if (iso9660_iso_seek_read(p, vd, i, 1) != ISO_BLOCK_BYTES)
			return false;
		if (memcmp(vd + 1, "CD001", 5) || vd[0] == 255)
			return false;
		if (vd[0] != 2 || vd[88] != '%' || vd[89] != '/')
			continue;
		*lba = get_le32(vd + 156 + 2);
		*bytes = get_le32(vd + 156 + 10);
		return true;
	}
	return false;
}

/*
 * Rock Ridge entries carry their POSIX attributes; looking at the root's
 * own entries is enough (and iso9660_have_rr() of libcdio 2.1 leaks).
 */
static bool root_has_rock_ridge(iso9660_t *p)
{
	CdioISO9660FileList_t *list;
	CdioListNode_t *node;
	bool rr = false;

	list = iso9660_ifs_readdir(p, "/");
	if (!list)
		return false;
	_CDIO_LIST_FOREACH (node, list) {
		iso9660_stat_t *st = _cdio_list_node_data(node);

		if (st->rr.b3_rock == yep) {
			rr = true;
			break;
		}
	}
	iso9660_filelist_free(list);
	return rr;
}

int iso_open(struct stk_ctx *ctx, const char *path, struct iso **out)
{
	struct iso *iso;
	iso9660_t *p;
	off_t end;
	int fd;

	*out = NULL;
	/* the end of a block device is where lseek() finds it, not st_size */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return stk_seterr_errno(ctx, -errno, "cannot open '%s'", path);
	end = lseek(fd, 0, SEEK_END);
	close(fd);
	if (end < 0)
		return stk_seterr_errno(ctx, -errno, "cannot size '%s'", path);
	iso = calloc(1, sizeof(*iso));
	if (!iso)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	iso->image_bytes = (uint64_t)end;

	/*
	 * Rock Ridge lives in the primary tree and Joliet in its own: open
	 * the primary one first and keep it when it carries Rock Ridge
	 * names (Joliet names are cut at 64 characters).
	 */
	p = iso9660_open_ext(path, ISO_EXTENSION_ALL & ~ISO_EXTENSION_JOLIET);
	iso->p = p;
	if (!p || !read_root(iso)) {
		iso_close(iso);
		return stk_seterr(ctx, -EINVAL,
				  "'%s' holds no readable ISO 9660 volume",
				  path);
	}
	if (root_has_rock_ridge(p)) {
		iso->rock_ridge = true;
	} else {
		iso9660_t *pj = iso9660_open_ext(path, ISO_EXTENSION_ALL);
		uint32_t lba;
		uint64_t bytes;

		/* the Joliet tree has its own root: take it only if sound */
		if (pj && iso9660_ifs_get_joliet_level(pj) &&
		    joliet_root(pj, &lba, &bytes) && dir_ok(iso, lba, bytes)) {
			iso9660_close(p);
			iso->p = pj;
			iso->joliet = iso9660_ifs_get_joliet_level(pj);
			iso->root_lba = lba;
			iso->root_bytes = bytes;
		} else if (pj) {
			iso9660_close(pj);
		}
	}
	*out = iso;
	return 0;
}

void iso_close(struct iso *iso)
{
	if (!iso)
		return;
	if (iso->p)
		iso9660_close(iso->p);
	free(iso);
}

bool iso_has_rock_ridge(const struct iso *iso)
{
	return iso && iso->rock_ridge;
}

uint8_t iso_joliet_level(const struct iso *iso)
{
	return iso ? iso->joliet : 0;
}

int iso_read_blocks(struct stk_ctx *ctx, struct iso *iso, uint32_t lba,
		    void *buf, uint32_t n)
{
	long got;

	got = iso9660_iso_seek_read(iso->p, buf, lba, n);
	if (got != (long)n * ISO_BLOCK_BYTES)
		return stk_seterr(ctx, -EIO,
				  "cannot read %u blocks at ISO block %u", n,
				  lba);
	return 0;
}

/* The name a person sees: Rock Ridge or Joliet as is, ISO 9660 cleaned. */
static void best_name(const struct iso *iso, const char *raw, char *out,
		      size_t size)
{
	size_t n;
	char *semi;

	stk_strlcpy(out, raw, size);
	if (iso->rock_ridge)
		return;
	semi = strrchr(out, ';');
	if (semi)
		*semi = '\0';
	n = strlen(out);
	if (n > 1 && out[n - 1] == '.')
		out[n - 1] = '\0';
}

static bool is_dot(const char *raw)
{
	return !strcmp(raw, ".") || !strcmp(raw, "..") || !raw[0];
}

static void fill_entry(const struct iso *iso, const iso9660_stat_t *st,
		       struct iso_entry *e)
{
	struct tm tm = st->tm;

	e->is_dir = st->type == _STAT_DIR;
	e->is_symlink =
		st->rr.b3_rock == yep && (st->rr.st_mode & S_IFMT) == S_IFLNK;
	e->size_bytes = st->size;
	e->lba = (uint32_t)st->lsn;
	e->n_extents = 1;
	e->extent[0].lba = (uint32_t)st->lsn;
	e->extent[0].bytes = st->size;
	e->multi_extent = false;
	tm.tm_isdst = -1;
	e->mtime = mktime(&tm);
	if (st->rr.b3_rock != yep)
		return;
	e->mode = (uint32_t)st->rr.st_mode;
	/* Rock Ridge's TF time is the file's own; the record's is a copy */
	if (st->rr.modify.b_used && !st->rr.modify.b_longdate &&
	    iso9660_get_dtime(&st->rr.modify.t.dtime, false, &tm))
		e->mtime = timegm(&tm);
}

/* Adds the next part of a multi-extent file (same name, consecutive). */
static void add_extent(struct iso_entry *e, const iso9660_stat_t *st)
{
	e->multi_extent = true;
	e->size_bytes += st->size;
	if (e->n_extents < ISO_MAX_EXTENTS) {
		e->extent[e->n_extents].lba = (uint32_t)st->lsn;
		e->extent[e->n_extents].bytes = st->size;
		e->n_extents++;
	}
}

struct walk {
	struct stk_ctx *ctx;
	struct iso *iso;
	iso_walk_fn fn;
	void *data;
	unsigned entries;
	uint32_t *seen; /* directory extents already walked */
	size_t n_seen;
	size_t max_seen;
	char *raw;  /* path in libcdio's names, grown as needed */
	char *path; /* path in best names */
	size_t raw_cap;
	size_t path_cap;
};

/* Remembers a directory extent; 1 if it was walked already (a loop). */
static int first_visit(struct walk *w, uint32_t lba)
{
	size_t i;
	uint32_t *n;

	for (i = 0; i < w->n_seen; i++)
		if (w->seen[i] == lba)
			return 1;
	if (w->n_seen == w->max_seen) {
		w->max_seen = w->max_seen ? w->max_seen * 2 : 64;
		n = realloc(w->seen, w->max_seen * sizeof(*n));
		if (!n)
			return stk_seterr(w->ctx, -ENOMEM, "out of memory");
		w->seen = n;
	}
	w->seen[w->n_seen++] = lba;
	return 0;
}

/* Appends "/@name" to the string *@buf of capacity *@cap. */
static int append(struct stk_ctx *ctx, char **buf, size_t *cap,
		  const char *name)
{
	size_t len = strlen(*buf), need = len + strlen(name) + 2;
	char *p;

	if (need > *cap) {
		p = realloc(*buf, need * 2);
		if (!p)
			return stk_seterr(ctx, -ENOMEM, "out of memory");
		*buf = p;
		*cap = need * 2;
	}
	snprintf(*buf + len, *cap - len, "%s%s", len > 1 ? "/" : "", name);
	return 0;
}

static int walk_list(struct walk *w, CdioISO9660FileList_t *list, int depth);

/*
 * Reports one entry (merged extents in @e) and descends into directories.
 * What cannot be followed is reported in e->unread, never left out in
 * silence: a reader that copies the tree must be able to refuse it.
 */
static int visit(struct walk *w, struct iso_entry *e, const char *raw_name,
		 int depth)
{
	size_t raw_len = strlen(w->raw), path_len = strlen(w->path);
	CdioISO9660FileList_t *list = NULL;
	char *name;
	int rc;

	name = strdup(raw_name);
	if (!name)
		return stk_seterr(w->ctx, -ENOMEM, "out of memory");
	best_name(w->iso, raw_name, name, strlen(name) + 1);
	rc = append(w->ctx, &w->raw, &w->raw_cap, raw_name);
	if (!rc)
		rc = append(w->ctx, &w->path, &w->path_cap, name);
	free(name);
	if (rc)
		return rc;
	e->path = w->path;
	e->name = w->path + path_len + (path_len > 1);
	e->depth = depth;
	if (!e->unread && e->is_dir) {
		if (depth + 1 >= ISO_MAX_DEPTH)
			e->unread = "it is nested deeper than 64 directories";
		else if (!dir_ok(w->iso, e->lba, e->size_bytes))
			e->unread =
				"its directory extent lies past the end of the image";
	}
	if (!e->unread && e->is_dir) {
		rc = first_visit(w, e->lba);
		if (rc < 0)
			return rc;
		if (rc)
			e->unread =
				"it is a loop: its directory was walked already";
	}
	if (!e->unread && e->is_dir) {
		list = iso9660_ifs_readdir(w->iso->p, w->raw);
		if (!list)
			e->unread =
				"the directory cannot be read (a damaged record or a name that does not convert)";
	}

	rc = w->fn(e, w->data);
	if (rc == 0 && list)
		rc = walk_list(w, list, depth + 1);
	if (list)
		iso9660_filelist_free(list);
	if (rc == ISO_WALK_SKIP)
		rc = 0;
	w->raw[raw_len] = '\0';
	w->path[path_len] = '\0';
	return rc;
}

static int walk_list(struct walk *w, CdioISO9660FileList_t *list, int depth)
{
	CdioListNode_t *node;
	struct iso_entry e;
	char *pending_raw = NULL, *link = NULL;
	bool have = false;
	int dots = 0, rc = 0;

	_CDIO_LIST_FOREACH (node, list) {
		iso9660_stat_t *st = _cdio_list_node_data(node);

		/* the first two records are the directory and its parent;
		 * any other with such a name is a name FAT cannot hold */
		if (is_dot(st->filename) && dots < 2) {
			dots++;
			continue;
		}
		if (++w->entries > ISO_MAX_ENTRIES) {
			rc = stk_seterr(w->ctx, -E2BIG,
					"the ISO tree has too many entries");
			break;
		}
		/* Parts of a multi-extent file share their name. */
		if (have && !e.is_dir && st->type != _STAT_DIR &&
		    !strcmp(pending_raw, st->filename)) {
			add_extent(&e, st);
			continue;
		}
		if (have) {
			rc = visit(w, &e, pending_raw, depth);
			if (rc)
				break;
		}
		memset(&e, 0, sizeof(e));
		fill_entry(w->iso, st, &e);
		free(link);
		free(pending_raw);
		link = strdup(e.is_symlink && st->rr.psz_symlink
				      ? st->rr.psz_symlink
				      : "");
		pending_raw = strdup(st->filename);
		if (!link || !pending_raw) {
			rc = stk_seterr(w->ctx, -ENOMEM, "out of memory");
			have = false;
			break;
		}
		if (is_dot(st->filename))
			e.unread =
				"its name is empty, '.' or '..', which FAT cannot hold";
		else if (strchr(st->filename, '/'))
			e.unread =
				"its name contains '/', which FAT cannot hold";
		have = true;
		e.link_target = link;
	}
	if (!rc && have)
		rc = visit(w, &e, pending_raw, depth);
	free(link);
	free(pending_raw);
	return rc;
}

int iso_walk(struct stk_ctx *ctx, struct iso *iso, iso_walk_fn fn, void *data)
{
	CdioISO9660FileList_t *list;
	struct walk *w;
	int rc;

	if (!iso || !fn)
		return stk_seterr(ctx, -EINVAL,
				  "iso_walk: no tree or callback");
	w = calloc(1, sizeof(*w));
	if (!w)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	w->ctx = ctx;
	w->iso = iso;
	w->fn = fn;
	w->data = data;
	w->raw = strdup("/");
	w->path = strdup("/");
	w->raw_cap = w->path_cap = 2;
	if (!w->raw || !w->path) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out_free;
	}
	list = iso9660_ifs_readdir(iso->p, "/");
	if (!list) {
		rc = stk_seterr(ctx, -EINVAL,
				"the root directory of the ISO cannot be read");
		goto out_free;
	}
	rc = walk_list(w, list, 0);
	iso9660_filelist_free(list);
out_free:
	free(w->raw);
	free(w->path);
	free(w->seen);
	free(w);
	return rc;
}

/* Finds @want in the directory @raw_dir; fills @e and @raw_name. */
static int find_in_dir(struct iso *iso, const char *raw_dir, uint32_t lba,
		       uint64_t bytes, const char *want, struct iso_entry *e,
		       char *raw_name, size_t size)
{
	CdioISO9660FileList_t *list;
	CdioListNode_t *node;
	char name[ISO_PATH_BYTES];
	int pass, rc = -ENOENT;

	if (!dir_ok(iso, lba, bytes))
		return -ENOENT;
	list = iso9660_ifs_readdir(iso->p, raw_dir);
	if (!list)
		return -ENOENT;
	for (pass = 0; pass < 2 && rc; pass++) {
		bool found = false;

		_CDIO_LIST_FOREACH (node, list) {
			iso9660_stat_t *st = _cdio_list_node_data(node);

			if (is_dot(st->filename))
				continue;
			if (found) {
				if (st->type != _STAT_DIR &&
				    !strcmp(raw_name, st->filename))
					add_extent(e, st);
				else
					break;
				continue;
			}
			best_name(iso, st->filename, name, sizeof(name));
			if (pass == 0 ? strcmp(name, want)
				      : strcasecmp(name, want))
				continue;
			memset(e, 0, sizeof(*e));
			fill_entry(iso, st, e);
			iso->lk_link[0] = '\0';
			if (e->is_symlink && st->rr.psz_symlink)
				stk_strlcpy(iso->lk_link, st->rr.psz_symlink,
					    sizeof(iso->lk_link));
			stk_strlcpy(raw_name, st->filename, size);
			found = true;
			rc = 0;
		}
	}
	iso9660_filelist_free(list);
	return rc;
}

int iso_lookup(struct stk_ctx *ctx, struct iso *iso, const char *path,
	       struct iso_entry *out)
{
	char raw[ISO_PATH_BYTES] = "/", raw_name[ISO_PATH_BYTES];
	char comp[ISO_PATH_BYTES];
	const char *p = path;
	int depth = -1;

	if (!iso || !path || !out)
		return stk_seterr(ctx, -EINVAL, "iso_lookup: bad arguments");
	memset(out, 0, sizeof(*out));
	iso->lk_path[0] = '\0';
	for (;;) {
		size_t n, used;
		int rc;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		n = strcspn(p, "/");
		if (n >= sizeof(comp))
			return -ENOENT;
		memcpy(comp, p, n);
		comp[n] = '\0';
		p += n;
		if (depth >= 0 && !out->is_dir)
			return -ENOENT;
		if (depth < 0)
			rc = find_in_dir(iso, raw, iso->root_lba,
					 iso->root_bytes, comp, out, raw_name,
					 sizeof(raw_name));
		else
			rc = find_in_dir(iso, raw, out->lba, out->size_bytes,
					 comp, out, raw_name, sizeof(raw_name));
		if (rc)
			return rc;
		used = strlen(raw);
		if (used + strlen(raw_name) + 2 > sizeof(raw))
			return -ENOENT;
		snprintf(raw + used, sizeof(raw) - used, "%s%s",
			 used > 1 ? "/" : "", raw_name);
		used = strlen(iso->lk_path);
		best_name(iso, raw_name, comp, sizeof(comp));
		snprintf(iso->lk_path + used, sizeof(iso->lk_path) - used,
			 "/%s", comp);
		depth++;
	}
	if (depth < 0) {
		/* the root itself */
		strcpy(iso->lk_path, "/");
		out->is_dir = true;
		out->name = iso->lk_path;
	} else {
		out->name = strrchr(iso->lk_path, '/') + 1;
	}
	out->path = iso->lk_path;
	out->link_target = iso->lk_link;
	out->depth = depth < 0 ? 0 : depth;
	return 0;
}

int iso_read_file(struct stk_ctx *ctx, struct iso *iso, const char *path,
		  size_t max_bytes, uint8_t **data, size_t *len_bytes)
{
	struct iso_entry e;
	uint8_t *buf;
	size_t done = 0;
	int i, rc;

	*data = NULL;
	*len_bytes = 0;
	rc = iso_lookup(ctx, iso, path, &e);
	if (rc == -ENOENT)
		return stk_seterr(ctx, rc, "'%s' is not in the image", path);
	if (rc)
		return rc;
	if (e.is_dir || e.is_symlink)
		return stk_seterr(ctx, -EISDIR, "'%s' is not a plain file",
				  path);
	if (e.size_bytes > max_bytes)
		return stk_seterr(ctx, -EFBIG, "'%s' is larger than %zu bytes",
				  path, max_bytes);
	/* room for whole blocks of every extent, and the NUL after the data */
	buf = malloc((size_t)e.size_bytes +
		     (size_t)e.n_extents * ISO_BLOCK_BYTES + 1);
	if (!buf)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	for (i = 0; i < e.n_extents; i++) {
		uint64_t bytes = e.extent[i].bytes;
		uint32_t n = (uint32_t)((bytes + ISO_BLOCK_BYTES - 1) /
					ISO_BLOCK_BYTES);

		if (n) {
			rc = iso_read_blocks(ctx, iso, e.extent[i].lba,
					     buf + done, n);
			if (rc) {
				free(buf);
				return rc;
			}
		}
		done += (size_t)bytes;
	}
	buf[done] = '\0';
	*data = buf;
	*len_bytes = done;
	return 0;
}

// SPDX-License-Identifier: GPL-3.0-or-later
/* fatread.c - read FAT12/16/32 file systems held in a file at an offset. */
#include <stdlib.h>
#include <time.h>

#include "internal.h"
#include "fat.h"
#include "fatint.h"
#include "fatname.h"
#include "fatread.h"

#define FAT_MAX_FAT_BYTES	(256u * STK_MIB)	/* refuse larger FATs */

struct fat_reader {
	int		fd;
	fat_read_fn	read;		/* instead of @fd, when set */
	void		*read_data;
	uint64_t	offset_bytes;
	unsigned	type;		/* 12, 16, 32 */
	unsigned	sector_bytes;
	unsigned	cluster_bytes;
	uint32_t	n_clusters;
	uint32_t	root_cluster;	/* FAT32 */
	uint64_t	root_offset;	/* FAT12/16: fixed root, in the fs */
	uint32_t	root_bytes;
	uint64_t	data_offset;	/* cluster 2, in the fs */
	uint8_t		*fat;
	size_t		fat_bytes;
	char		label[FAT_LABEL_CHARS + 1];
};

/* A directory entry as the reader assembles it, with its UTF-16 name. */
struct rd_entry {
	struct fat_dirent	d;
	uint16_t		u16[FAT_NAME_UNITS + 1];
	size_t			n_units;
};

typedef int (*rd_fn)(const struct rd_entry *e, void *data);

/* Returns NULL when the boot sector describes a FAT we can read. */
static const char *check_bpb(const uint8_t *b)
{
	unsigned bps = get_le16(b + 11), spc = b[13];

	if (b[510] != 0x55 || b[511] != 0xaa)
		return "no 55 aa signature in the boot sector";
	if (bps < 512 || bps > 4096 || (bps & (bps - 1)))
		return "bytes per sector is not 512..4096";
	if (!spc || (spc & (spc - 1)))
		return "sectors per cluster is not a power of two";
	if (!get_le16(b + 14))
		return "no reserved sectors";
	if (!b[16])
		return "no FAT";
	if (!get_le16(b + 22) && !get_le32(b + 36))
		return "FAT size is zero";
	if (!get_le16(b + 19) && !get_le32(b + 32))
		return "total sector count is zero";
	return NULL;
}

static void trim_label(const uint8_t *src, char out[FAT_LABEL_CHARS + 1])
{
	size_t n = FAT_LABEL_CHARS;

	memcpy(out, src, n);
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	if (!strcmp(out, "NO NAME"))
		out[0] = '\0';
}

static int read_at(struct stk_ctx *ctx, struct fat_reader *fr, void *buf,
		   size_t len, uint64_t off)
{
	int rc = fr->read ? fr->read(ctx, fr->read_data, buf, len,
				     fr->offset_bytes + off)
			  : io_pread_full(fr->fd, buf, len, fr->offset_bytes + off);

	if (rc)
		return stk_seterr(ctx, rc == -ENODATA ? -EINVAL : rc,
				  "cannot read the FAT file system at byte %llu",
				  (unsigned long long)(fr->offset_bytes + off));
	return 0;
}

static uint32_t next_cluster(const struct fat_reader *fr, uint32_t c)
{
	size_t i;
	uint32_t v;

	switch (fr->type) {
	case 12:
		i = c + c / 2;
		if (i + 1 >= fr->fat_bytes)
			return 0;
		v = get_le16(fr->fat + i);
		return c & 1 ? v >> 4 : v & 0xfff;
	case 16:
		if ((size_t)c * 2 + 1 >= fr->fat_bytes)
			return 0;
		return get_le16(fr->fat + c * 2);
	default:
		if ((size_t)c * 4 + 3 >= fr->fat_bytes)
			return 0;
		return get_le32(fr->fat + (size_t)c * 4) & 0x0fffffff;
	}
}

static bool is_eoc(const struct fat_reader *fr, uint32_t v)
{
	switch (fr->type) {
	case 12: return v >= 0xff8;
	case 16: return v >= 0xfff8;
	default: return v >= 0x0ffffff8;
	}
}

/* Read the chain from @first: @max_bytes of a file, or (0) a whole
 * directory, which FAT limits to 65536 entries. */
static int read_chain(struct stk_ctx *ctx, struct fat_reader *fr,
		      uint32_t first, uint64_t max_bytes, uint8_t **out,
		      size_t *len)
{
	uint64_t want = max_bytes, got = 0;
	uint32_t c = first;
	uint8_t *buf = NULL, *nb, *seen;
	size_t cap = 0, n;
	int rc;

	*out = NULL;
	*len = 0;
	/* one bit a cluster: a chain that comes back to itself is damaged,
	 * however short the loop (counting steps lets a small loop repeat
	 * its clusters as file data) */
	seen = calloc(fr->n_clusters / 8 + 2, 1);
	if (!seen)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	while (!max_bytes || got < want) {
		if (c < 2 || c > fr->n_clusters + 1) {
			rc = stk_seterr(ctx, -EINVAL,
					"FAT chain from cluster %u reaches bad cluster %u",
					first, c);
			goto out_free;
		}
		if (seen[(c - 2) / 8] & (1u << ((c - 2) % 8))) {
			rc = stk_seterr(ctx, -EINVAL,
					"FAT chain from cluster %u loops back to cluster %u",
					first, c);
			goto out_free;
		}
		seen[(c - 2) / 8] |= (uint8_t)(1u << ((c - 2) % 8));
		if (!max_bytes &&
		    got >= (uint64_t)FAT_MAX_DIR_ENTRIES * FAT_DIRENT_BYTES) {
			rc = stk_seterr(ctx, -EINVAL,
					"directory at cluster %u is larger than FAT allows",
					first);
			goto out_free;
		}
		if (got + fr->cluster_bytes > cap) {
			cap = cap ? cap * 2 : fr->cluster_bytes * 4u;
			nb = realloc(buf, cap);
			if (!nb) {
				rc = stk_seterr(ctx, -ENOMEM, "out of memory");
				goto out_free;
			}
			buf = nb;
		}
		n = fr->cluster_bytes;
		if (max_bytes && want - got < n)
			n = (size_t)(want - got);
		rc = read_at(ctx, fr, buf + got, n,
			     fr->data_offset +
			     (uint64_t)(c - 2) * fr->cluster_bytes);
		if (rc)
			goto out_free;
		got += n;
		c = next_cluster(fr, c);
		if (is_eoc(fr, c))
			break;
	}
	if (max_bytes && got < want) {
		rc = stk_seterr(ctx, -EINVAL,
				"FAT chain from cluster %u is shorter than the file",
				first);
		goto out_free;
	}
	free(seen);
	*out = buf;
	*len = (size_t)got;
	return 0;
out_free:
	free(seen);
	free(buf);
	return rc;
}

static int64_t unpack_time(uint16_t date, uint16_t tm)
{
	struct tm t = {
		.tm_year = 80 + (date >> 9),
		.tm_mon = ((date >> 5) & 15) - 1,
		.tm_mday = date & 31,
		.tm_hour = tm >> 11,
		.tm_min = (tm >> 5) & 63,
		.tm_sec = (tm & 31) * 2,
	};

	return (int64_t)timegm(&t);
}

/* Walk the 32-byte entries of a directory buffer. */
static int parse_dir(const struct fat_reader *fr, const uint8_t *buf,
		     size_t len, rd_fn fn, void *data)
{
	struct rd_entry e;
	uint16_t lfn[FAT_NAME_UNITS + 13];
	int lfn_next = 0, lfn_count = 0, ord, k, rc;
	uint8_t lfn_sum = 0;
	const uint8_t *d;
	size_t off, n;

	for (off = 0; off + FAT_DIRENT_BYTES <= len; off += FAT_DIRENT_BYTES) {
		d = buf + off;
		if (d[0] == 0x00)
			break;
		if (d[0] == 0xe5) {
			lfn_next = 0;
			continue;
		}
		if ((d[11] & 0x3f) == FAT_ATTR_LFN) {
			ord = d[0] & 0x3f;
			if (d[0] & 0x40) {
				lfn_count = ord;
				lfn_sum = d[13];
				lfn_next = ord;
				/* 20 parts hold 255 units; lfn[] no more */
				if (ord > 20) {
					lfn_count = 0;
					lfn_next = 0;
				}
			}
			if (!lfn_next || ord != lfn_next || d[13] != lfn_sum) {
				lfn_next = 0;
				continue;
			}
			for (k = 0; k < 13; k++) {
				static const uint8_t pos[13] = {
					1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24,
					28, 30
				};
				lfn[(ord - 1) * 13 + k] = get_le16(d + pos[k]);
			}
			lfn_next = ord - 1;
			continue;
		}
		if (d[11] & FAT_ATTR_VOLUME) {
			lfn_next = 0;
			continue;
		}
		memset(&e, 0, sizeof(e));
		fatname_short_text(d, d[12], e.d.short_name);
		if (lfn_count && lfn_next == 0 && lfn_sum ==
		    fatname_checksum(d)) {
			for (n = 0; n < (size_t)lfn_count * 13 && lfn[n]; n++)
				;
			if (n > FAT_NAME_UNITS)
				n = FAT_NAME_UNITS;
			memcpy(e.u16, lfn, n * sizeof(*lfn));
			e.n_units = n;
		} else {
			e.n_units = fatname_short_u16(d, d[12], e.u16);
		}
		lfn_count = 0;
		lfn_next = 0;
		if (d[0] == '.' && (d[1] == ' ' || d[1] == '.'))
			continue;
		fatname_to_utf8(e.u16, e.n_units, e.d.name, sizeof(e.d.name));
		e.d.is_dir = d[11] & FAT_ATTR_DIR;
		e.d.size_bytes = e.d.is_dir ? 0 : get_le32(d + 28);
		e.d.first_cluster = (uint32_t)get_le16(d + 20) << 16 |
				    get_le16(d + 26);
		if (fr->type != 32)
			e.d.first_cluster &= 0xffff;
		e.d.mtime = unpack_time(get_le16(d + 24), get_le16(d + 22));
		rc = fn(&e, data);
		if (rc)
			return rc;
	}
	return 0;
}

/* Read a directory; cluster 0 means the root. */
static int read_dir(struct stk_ctx *ctx, struct fat_reader *fr,
		    uint32_t cluster, uint8_t **buf, size_t *len)
{
	if (cluster == 0 && fr->type != 32) {
		*buf = malloc(fr->root_bytes ? fr->root_bytes : 1);
		*len = fr->root_bytes;
		if (!*buf)
			return stk_seterr(ctx, -ENOMEM, "out of memory");
		return read_at(ctx, fr, *buf, fr->root_bytes, fr->root_offset);
	}
	return read_chain(ctx, fr, cluster ? cluster : fr->root_cluster, 0,
			  buf, len);
}

/* The volume label entry of the root, if any, wins over the BPB's. */
static int root_label(struct stk_ctx *ctx, struct fat_reader *fr)
{
	const uint8_t *d;
	uint8_t *buf;
	size_t len, off;
	int rc;

	rc = read_dir(ctx, fr, 0, &buf, &len);
	if (rc)
		return rc;
	for (off = 0; off + FAT_DIRENT_BYTES <= len; off += FAT_DIRENT_BYTES) {
		d = buf + off;
		if (d[0] == 0)
			break;
		if (d[0] != 0xe5 && (d[11] & 0x3f) != FAT_ATTR_LFN &&
		    (d[11] & FAT_ATTR_VOLUME)) {
			trim_label(d, fr->label);
			break;
		}
	}
	free(buf);
	return 0;
}

static int open_any(struct stk_ctx *ctx, int fd, fat_read_fn fn, void *data,
		    uint64_t offset_bytes, uint64_t size_bytes,
		    struct fat_reader **out)
{
	uint8_t b[512];
	struct fat_reader *fr;
	uint64_t tot, fat_sz, rsvd, root_sectors, data_sectors, clusters;
	const char *why;
	int rc;

	*out = NULL;
	fr = calloc(1, sizeof(*fr));
	if (!fr)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	fr->fd = fd;
	fr->read = fn;
	fr->read_data = data;
	fr->offset_bytes = offset_bytes;
	rc = read_at(ctx, fr, b, sizeof(b), 0);
	if (rc)
		goto out_free;
	why = check_bpb(b);
	if (why) {
		rc = stk_seterr(ctx, -EINVAL, "not a FAT file system: %s", why);
		goto out_free;
	}
	fr->sector_bytes = get_le16(b + 11);
	fr->cluster_bytes = fr->sector_bytes * b[13];
	tot = get_le16(b + 19) ? get_le16(b + 19) : get_le32(b + 32);
	fat_sz = get_le16(b + 22) ? get_le16(b + 22) : get_le32(b + 36);
	rsvd = get_le16(b + 14);
	root_sectors = ((uint64_t)get_le16(b + 17) * FAT_DIRENT_BYTES +
			fr->sector_bytes - 1) / fr->sector_bytes;
	if (rsvd + b[16] * fat_sz + root_sectors >= tot) {
		rc = stk_seterr(ctx, -EINVAL,
				"not a FAT file system: no room for data");
		goto out_free;
	}
	data_sectors = tot - rsvd - b[16] * fat_sz - root_sectors;
	clusters = data_sectors / b[13];
	fr->type = clusters < 4085 ? 12 : clusters < 65525 ? 16 : 32;
	if (size_bytes && tot * fr->sector_bytes > size_bytes) {
		rc = stk_seterr(ctx, -EINVAL,
				"the FAT file system claims %llu bytes, %llu are there",
				(unsigned long long)(tot * fr->sector_bytes),
				(unsigned long long)size_bytes);
		goto out_free;
	}
	fr->n_clusters = (uint32_t)clusters;
	fr->root_offset = (rsvd + b[16] * fat_sz) * fr->sector_bytes;
	fr->root_bytes = (uint32_t)(root_sectors * fr->sector_bytes);
	fr->data_offset = fr->root_offset + fr->root_bytes;
	fr->root_cluster = fr->type == 32 ? get_le32(b + 44) : 0;
	trim_label(b + (fr->type == 32 ? 71 : 43), fr->label);
	if (fat_sz * fr->sector_bytes > FAT_MAX_FAT_BYTES) {
		rc = stk_seterr(ctx, -EINVAL, "the FAT is too large to read");
		goto out_free;
	}
	fr->fat_bytes = (size_t)(fat_sz * fr->sector_bytes);
	fr->fat = malloc(fr->fat_bytes);
	if (!fr->fat) {
		rc = stk_seterr(ctx, -ENOMEM, "out of memory");
		goto out_free;
	}
	rc = read_at(ctx, fr, fr->fat, fr->fat_bytes, rsvd * fr->sector_bytes);
	if (!rc)
		rc = root_label(ctx, fr);
	if (rc)
		goto out_free;
	*out = fr;
	return 0;
out_free:
	fat_close(fr);
	return rc;
}

int fat_open(struct stk_ctx *ctx, int fd, uint64_t offset_bytes,
	     uint64_t size_bytes, struct fat_reader **out)
{
	return open_any(ctx, fd, NULL, NULL, offset_bytes, size_bytes, out);
}

int fat_open_fn(struct stk_ctx *ctx, fat_read_fn fn, void *data,
		uint64_t offset_bytes, uint64_t size_bytes,
		struct fat_reader **out)
{
	return open_any(ctx, -1, fn, data, offset_bytes, size_bytes, out);
}

void fat_close(struct fat_reader *fr)
{
	if (!fr)
		return;
	free(fr->fat);
	free(fr);
}

unsigned fat_reader_type(const struct fat_reader *fr)
{
	return fr->type;
}

const char *fat_reader_label(const struct fat_reader *fr)
{
	return fr->label;
}

struct find {
	const uint16_t	*u16;
	size_t		n;
	struct rd_entry	hit;
};

static bool names_equal(const uint16_t *a, size_t na, const uint16_t *b,
			size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (fatname_upper(a[i]) != fatname_upper(b[i]))
			return false;
	return true;
}

static int match(const struct rd_entry *e, void *data)
{
	struct find *f = data;
	uint16_t s[13];
	size_t i;

	for (i = 0; e->d.short_name[i]; i++)
		s[i] = (uint8_t)e->d.short_name[i];
	if (names_equal(e->u16, e->n_units, f->u16, f->n) ||
	    names_equal(s, i, f->u16, f->n)) {
		f->hit = *e;
		return 1;
	}
	return 0;
}

int fat_stat(struct stk_ctx *ctx, struct fat_reader *fr, const char *path,
	     struct fat_dirent *out)
{
	uint16_t u[FAT_NAME_UNITS];
	char part[FAT_NAME_UNITS * 3 + 1];
	struct find *f;
	const char *p = path, *slash;
	uint32_t cluster = 0;
	uint8_t *buf;
	size_t len, n;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->is_dir = true;	/* the root */
	f = calloc(1, sizeof(*f));
	if (!f)
		return stk_seterr(ctx, -ENOMEM, "out of memory");
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		slash = strchr(p, '/');
		n = slash ? (size_t)(slash - p) : strlen(p);
		if (!out->is_dir || n >= sizeof(part)) {
			rc = stk_seterr(ctx, -ENOENT, "'%s' is not on the FAT",
					path);
			break;
		}
		memcpy(part, p, n);
		part[n] = '\0';
		if (fatname_from_utf8(part, u, &f->n)) {
			rc = stk_seterr(ctx, -ENOENT, "'%s' is not on the FAT",
					path);
			break;
		}
		f->u16 = u;
		rc = read_dir(ctx, fr, cluster, &buf, &len);
		if (rc)
			break;
		rc = parse_dir(fr, buf, len, match, f);
		free(buf);
		if (rc != 1) {
			rc = stk_seterr(ctx, -ENOENT, "'%s' is not on the FAT",
					path);
			break;
		}
		rc = 0;
		*out = f->hit.d;
		cluster = out->first_cluster;
		p += n;
	}
	free(f);
	return rc;
}

struct list {
	fat_dirent_fn	fn;
	void		*data;
};

static int list_one(const struct rd_entry *e, void *data)
{
	struct list *l = data;

	return l->fn(&e->d, l->data);
}

int fat_list(struct stk_ctx *ctx, struct fat_reader *fr, const char *path,
	     fat_dirent_fn fn, void *data)
{
	struct list l = { .fn = fn, .data = data };
	struct fat_dirent d;
	uint8_t *buf;
	size_t len;
	int rc;

	rc = fat_stat(ctx, fr, path, &d);
	if (rc)
		return rc;
	if (!d.is_dir)
		return stk_seterr(ctx, -ENOTDIR, "'%s' is not a directory",
				  path);
	rc = read_dir(ctx, fr, d.first_cluster, &buf, &len);
	if (rc)
		return rc;
	rc = parse_dir(fr, buf, len, list_one, &l);
	free(buf);
	return rc;
}

int fat_read_file(struct stk_ctx *ctx, struct fat_reader *fr,
		  const char *path, uint8_t **data, size_t *len)
{
	struct fat_dirent d;
	int rc;

	*data = NULL;
	*len = 0;
	rc = fat_stat(ctx, fr, path, &d);
	if (rc)
		return rc;
	if (d.is_dir)
		return stk_seterr(ctx, -EISDIR, "'%s' is a directory", path);
	if (!d.size_bytes) {
		*data = malloc(1);
		return *data ? 0 : stk_seterr(ctx, -ENOMEM, "out of memory");
	}
	return read_chain(ctx, fr, d.first_cluster, d.size_bytes, data, len);
}

int fat_list_cluster(struct stk_ctx *ctx, struct fat_reader *fr,
		     uint32_t cluster, fat_dirent_fn fn, void *data)
{
	struct list l = { .fn = fn, .data = data };
	uint8_t *buf;
	size_t len;
	int rc;

	if (cluster == 1 || (cluster && cluster > fr->n_clusters + 1))
		return stk_seterr(ctx, -EINVAL,
				  "a directory starts at bad cluster %u",
				  cluster);
	rc = read_dir(ctx, fr, cluster, &buf, &len);
	if (rc)
		return rc;
	rc = parse_dir(fr, buf, len, list_one, &l);
	free(buf);
	return rc;
}

uint32_t fat_reader_root(const struct fat_reader *fr)
{
	return fr->type == 32 ? fr->root_cluster : 0;
}

int fat_chain_runs(struct stk_ctx *ctx, struct fat_reader *fr,
		   uint32_t first, uint64_t size_bytes, uint8_t *used,
		   fat_run_fn fn, void *data)
{
	uint64_t need = (size_bytes + fr->cluster_bytes - 1) /
			fr->cluster_bytes, k;
	uint64_t run_off = 0, run_len = 0, left = size_bytes;
	uint32_t c = first;
	int rc;

	if (!size_bytes) {
		if (first)
			return stk_seterr(ctx, -EINVAL,
					  "an empty file owns cluster %u",
					  first);
		return 0;
	}
	for (k = 0; k < need; k++) {
		uint64_t off, n;

		if (c < 2 || c > fr->n_clusters + 1)
			return stk_seterr(ctx, -EINVAL,
					  "FAT chain from cluster %u reaches bad cluster %u after %llu of %llu clusters",
					  first, c, (unsigned long long)k,
					  (unsigned long long)need);
		if (used[(c - 2) / 8] & (1u << ((c - 2) % 8)))
			return stk_seterr(ctx, -EINVAL,
					  "FAT chain from cluster %u comes to cluster %u a second time (a loop, or a cluster two files share)",
					  first, c);
		used[(c - 2) / 8] |= (uint8_t)(1u << ((c - 2) % 8));
		off = fr->offset_bytes + fr->data_offset +
		      (uint64_t)(c - 2) * fr->cluster_bytes;
		n = left < fr->cluster_bytes ? left : fr->cluster_bytes;
		left -= n;
		if (run_len && run_off + run_len == off) {
			run_len += n;
		} else {
			if (run_len) {
				rc = fn(run_off, run_len, data);
				if (rc)
					return rc;
			}
			run_off = off;
			run_len = n;
		}
		c = next_cluster(fr, c);
	}
	if (!is_eoc(fr, c))
		return stk_seterr(ctx, -EINVAL,
				  "FAT chain from cluster %u goes on past the %llu clusters of its file",
				  first, (unsigned long long)need);
	return run_len ? fn(run_off, run_len, data) : 0;
}

size_t fat_reader_map_bytes(const struct fat_reader *fr)
{
	return fr->n_clusters / 8 + 2;
}

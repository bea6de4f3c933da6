// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * mkfat.c - test driver for the FAT32 builder and the FAT reader.
 *
 *   mkfat build [OPTIONS] IMAGE OFFSET SIZE DIR
 *	build a FAT32 file system of DIR at OFFSET of IMAGE (grown to
 *	OFFSET+SIZE), then copy each file's bytes to the extent the builder
 *	gave it. -l LABEL, -s SERIAL, -S SECTOR_BYTES, -c CLUSTER_BYTES,
 *	-m (files up to 4 KiB go to the builder in memory), -v (print the
 *	layout: geometry, regions, files).
 *   mkfat ls IMAGE OFFSET [PATH]	list PATH (default /) recursively
 *   mkfat cat IMAGE OFFSET PATH	write a file's bytes to stdout
 *   mkfat extract IMAGE OFFSET DEST	copy the whole tree under DEST
 *   mkfat sync-backup IMAGE OFFSET	copy boot sector 0 to its backup
 *   mkfat overlay FROM TO		copy the "OFFSET LENGTH" byte ranges
 *					read from stdin from FROM into TO
 *
 * Sizes take K, M, G suffixes (powers of 1024).
 */
#include <dirent.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "fat.h"
#include "fatint.h"
#include "fatread.h"

struct opts {
	const char	*label;
	uint32_t	serial;
	unsigned	sector_bytes;
	unsigned	cluster_bytes;
	bool		in_memory;
	bool		verbose;
};

static uint64_t parse_size(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 0);

	switch (*end) {
	case 'K': case 'k': return v << 10;
	case 'M': case 'm': return v << 20;
	case 'G': case 'g': return v << 30;
	default: return v;
	}
}

static int fail(struct stk_ctx *ctx, int rc)
{
	if (!rc)
		return 0;
	fprintf(stderr, "mkfat: %s\n", stk_ctx_errmsg(ctx));
	return 1;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int add_host_dir(struct stk_ctx *ctx, struct fat_tree *t,
			struct fat_node *parent, const char *path,
			const struct opts *o, uint64_t *order)
{
	struct dirent **ents;
	struct fat_file_spec spec;
	struct fat_node *sub;
	char child[4096];
	uint8_t *data;
	struct stat st;
	int n, i, rc = 0, fd;

	n = scandir(path, &ents, NULL, by_name);
	if (n < 0)
		return stk_seterr(ctx, -errno, "cannot read '%s'", path);
	for (i = 0; i < n; i++) {
		const char *nm = ents[i]->d_name;

		if (rc || !strcmp(nm, ".") || !strcmp(nm, ".."))
			continue;
		snprintf(child, sizeof(child), "%s/%s", path, nm);
		if (lstat(child, &st) < 0) {
			rc = stk_seterr(ctx, -errno, "cannot stat '%s'", child);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			rc = fat_tree_add_dir(ctx, t, parent, nm, st.st_mtime,
					      &sub);
			if (!rc)
				rc = add_host_dir(ctx, t, sub, child, o, order);
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		memset(&spec, 0, sizeof(spec));
		spec.name = nm;
		spec.size_bytes = (uint64_t)st.st_size;
		spec.mtime = st.st_mtime;
		spec.order = (*order)++;
		data = NULL;
		if (o->in_memory && st.st_size <= 4096 && st.st_size > 0) {
			data = malloc((size_t)st.st_size);
			fd = open(child, O_RDONLY);
			if (!data || fd < 0 ||
			    io_pread_full(fd, data, (size_t)st.st_size, 0)) {
				rc = stk_seterr(ctx, -EIO, "cannot read '%s'",
						child);
			}
			if (fd >= 0)
				close(fd);
			spec.data = data;
		} else if (st.st_size > 0) {
			/* freed after the copy: every non-empty streamed
			 * file comes back in layout->files */
			spec.opaque = strdup(child);
		}
		if (!rc)
			rc = fat_tree_add_file(ctx, t, parent, &spec, NULL);
		if (rc)
			free(spec.opaque);
		free(data);
	}
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	return rc;
}

static int copy_file(struct stk_ctx *ctx, int dst,
		     const struct fat_file_extent *x)
{
	static uint8_t buf[1 << 20];
	uint64_t done = 0;
	size_t len;
	int fd, rc = 0;

	fd = open(x->opaque, O_RDONLY);
	if (fd < 0)
		return stk_seterr(ctx, -errno, "cannot open '%s'",
				  (char *)x->opaque);
	while (!rc && done < x->length_bytes) {
		len = x->length_bytes - done < sizeof(buf) ?
		      (size_t)(x->length_bytes - done) : sizeof(buf);
		rc = io_pread_full(fd, buf, len, done);
		if (!rc)
			rc = io_pwrite_full(dst, buf, len,
					    x->offset_bytes + done);
		done += len;
	}
	close(fd);
	if (rc)
		return stk_seterr(ctx, rc, "cannot copy '%s'",
				  (char *)x->opaque);
	return 0;
}

static void print_layout(const struct fat_layout *l)
{
	static const char *kinds[] = { "reserved", "fat", "dir", "data" };
	size_t i;

	printf("sector %u cluster %u reserved %u fat %u clusters %u free %u next %u data %llu used %llu\n",
	       l->sector_bytes, l->cluster_bytes, l->reserved_sectors,
	       l->fat_sectors, l->n_clusters, l->free_clusters,
	       l->next_free_cluster,
	       (unsigned long long)l->data_offset_bytes,
	       (unsigned long long)l->used_bytes);
	for (i = 0; i < l->n_regions; i++)
		printf("region %s %llu %llu\n", kinds[l->regions[i].kind],
		       (unsigned long long)l->regions[i].offset_bytes,
		       (unsigned long long)l->regions[i].length_bytes);
	for (i = 0; i < l->n_files; i++)
		printf("file %llu %llu %s\n",
		       (unsigned long long)l->files[i].offset_bytes,
		       (unsigned long long)l->files[i].length_bytes,
		       (char *)l->files[i].opaque);
}

static int cmd_build(struct stk_ctx *ctx, int argc, char **argv)
{
	struct opts o = { .serial = 0x1234abcd };
	struct fat_params p = { 0 };
	struct fat_layout *l = NULL;
	struct fat_tree *t = NULL;
	uint64_t order = 0;
	struct stat st;
	size_t i;
	int c, fd, rc;

	while ((c = getopt(argc, argv, "l:s:S:c:mv")) != -1) {
		switch (c) {
		case 'l': o.label = optarg; break;
		case 's': o.serial = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'S': o.sector_bytes = (unsigned)parse_size(optarg); break;
		case 'c': o.cluster_bytes = (unsigned)parse_size(optarg); break;
		case 'm': o.in_memory = true; break;
		case 'v': o.verbose = true; break;
		default: return 2;
		}
	}
	if (argc - optind != 4) {
		fprintf(stderr, "usage: mkfat build [-l LABEL] [-s SERIAL] [-S SECTOR] [-c CLUSTER] [-m] [-v]\n"
			"\t\t   IMAGE OFFSET SIZE DIR\n");
		return 2;
	}
	p.part_offset_bytes = parse_size(argv[optind + 1]);
	p.part_size_bytes = parse_size(argv[optind + 2]);
	p.sector_bytes = o.sector_bytes;
	p.cluster_bytes = o.cluster_bytes;
	p.label = o.label;
	p.serial = o.serial;
	p.mtime = stat(argv[optind + 3], &st) ? 0 : st.st_mtime;
	fd = open(argv[optind], O_RDWR | O_CREAT, 0644);
	if (fd < 0) {
		perror(argv[optind]);
		return 1;
	}
	if (fstat(fd, &st) == 0 &&
	    (uint64_t)st.st_size < p.part_offset_bytes + p.part_size_bytes &&
	    ftruncate(fd, (off_t)(p.part_offset_bytes + p.part_size_bytes))) {
		perror(argv[optind]);
		return 1;
	}
	rc = fat_tree_new(ctx, &t);
	if (!rc)
		rc = add_host_dir(ctx, t, fat_tree_root(t), argv[optind + 3],
				  &o, &order);
	if (!rc)
		rc = fat_build(ctx, t, &p, fd, &l);
	for (i = 0; !rc && i < l->n_files; i++)
		rc = copy_file(ctx, fd, &l->files[i]);
	if (!rc && o.verbose)
		print_layout(l);
	if (l)
		for (i = 0; i < l->n_files; i++)
			free(l->files[i].opaque);
	fat_layout_free(l);
	fat_tree_free(t);
	close(fd);
	return fail(ctx, rc);
}

struct walk {
	struct stk_ctx		*ctx;
	struct fat_reader	*fr;
	const char		*dest;	/* extract, or NULL for ls */
	char			path[4096];
};

static int walk_dir(struct walk *w);

static int on_entry(const struct fat_dirent *e, void *data)
{
	struct walk *w = data;
	size_t len = strlen(w->path);
	char out[8192];
	uint8_t *buf;
	size_t n;
	FILE *f;
	int rc;

	snprintf(w->path + len, sizeof(w->path) - len, "%s%s",
		 len > 1 ? "/" : (len == 1 ? "" : "/"), e->name);
	if (!w->dest) {
		time_t t = (time_t)e->mtime;
		struct tm tm;
		char when[32] = "?";

		if (gmtime_r(&t, &tm))
			strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
		printf("%c %10u %s %-12s %s\n", e->is_dir ? 'd' : 'f',
		       e->size_bytes, when, e->short_name, w->path);
	}
	snprintf(out, sizeof(out), "%s%s", w->dest ? w->dest : "", w->path);
	if (e->is_dir) {
		if (w->dest && mkdir(out, 0755) && errno != EEXIST)
			rc = stk_seterr(w->ctx, -errno, "cannot make '%s'",
					out);
		else
			rc = walk_dir(w);
	} else if (w->dest) {
		rc = fat_read_file(w->ctx, w->fr, w->path, &buf, &n);
		if (!rc) {
			f = fopen(out, "wb");
			if (!f || fwrite(buf, 1, n, f) != n)
				rc = stk_seterr(w->ctx, -EIO,
						"cannot write '%s'", out);
			if (f)
				fclose(f);
			free(buf);
		}
	} else {
		rc = 0;
	}
	w->path[len] = '\0';
	return rc;
}

static int walk_dir(struct walk *w)
{
	return fat_list(w->ctx, w->fr, w->path[0] ? w->path : "/", on_entry,
			w);
}

static int cmd_read(struct stk_ctx *ctx, const char *cmd, int argc,
		    char **argv)
{
	struct walk w = { .ctx = ctx };
	struct fat_reader *fr = NULL;
	uint8_t *buf;
	size_t n;
	int fd, rc;

	if (argc < 3 || (strcmp(cmd, "ls") && argc < 4)) {
		fprintf(stderr, "usage: mkfat %s IMAGE OFFSET %s\n", cmd,
			strcmp(cmd, "ls") ? "PATH" : "[PATH]");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	rc = fat_open(ctx, fd, parse_size(argv[2]), 0, &fr);
	if (rc)
		goto out;
	w.fr = fr;
	if (!strcmp(cmd, "cat")) {
		rc = fat_read_file(ctx, fr, argv[3], &buf, &n);
		if (!rc) {
			if (fwrite(buf, 1, n, stdout) != n)
				rc = -EIO;
			free(buf);
		}
	} else if (!strcmp(cmd, "extract")) {
		w.dest = argv[3];
		rc = walk_dir(&w);
	} else {
		printf("FAT%u label '%s'\n", fat_reader_type(fr),
		       fat_reader_label(fr));
		if (argc > 3)
			stk_strlcpy(w.path, argv[3], sizeof(w.path));
		rc = walk_dir(&w);
	}
out:
	fat_close(fr);
	close(fd);
	return fail(ctx, rc);
}

/* What the writer does with a map: copy listed ranges, nothing else. */
static int cmd_overlay(const char *from, const char *to)
{
	static uint8_t buf[1 << 20];
	unsigned long long off, len;
	int in, out, rc = 0;
	size_t n;

	in = open(from, O_RDONLY);
	out = open(to, O_WRONLY);
	if (in < 0 || out < 0) {
		perror(in < 0 ? from : to);
		return 1;
	}
	while (!rc && scanf("%llu %llu", &off, &len) == 2) {
		for (; !rc && len; len -= n, off += n) {
			n = len < sizeof(buf) ? (size_t)len : sizeof(buf);
			rc = io_pread_full(in, buf, n, off);
			if (!rc)
				rc = io_pwrite_full(out, buf, n, off);
		}
	}
	close(in);
	close(out);
	if (rc)
		fprintf(stderr, "mkfat: overlay: %s\n", strerror(-rc));
	return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct stk_ctx *ctx = stk_ctx_new();
	int rc;

	if (!ctx || argc < 2) {
		fprintf(stderr, "usage: mkfat build|ls|cat|extract ...\n");
		return 2;
	}
	if (!strcmp(argv[1], "build")) {
		rc = cmd_build(ctx, argc - 1, argv + 1);
	} else if (!strcmp(argv[1], "sync-backup") && argc == 4) {
		int fd = open(argv[2], O_RDWR);

		rc = fd < 0 ? 1 : fail(ctx, fat_sync_backup(ctx, fd,
						parse_size(argv[3])));
		if (fd >= 0)
			close(fd);
	} else if (!strcmp(argv[1], "overlay") && argc == 4) {
		rc = cmd_overlay(argv[2], argv[3]);
	} else if (!strcmp(argv[1], "ls") || !strcmp(argv[1], "cat") ||
		   !strcmp(argv[1], "extract")) {
		rc = cmd_read(ctx, argv[1], argc - 1, argv + 1);
	} else {
		rc = 2;
	}
	stk_ctx_free(ctx);
	return rc;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * compose.h - ISO mode's compose. The first half is what plan.c and run.c
 * call; the second is the working state shared by the core/compose*.c
 * files. boot/ is below this layer: compose calls its transformers, and
 * nothing in boot/ sees struct compose.
 */
#ifndef STK_COMPOSE_H
#define STK_COMPOSE_H

#include "internal.h"
#include "label.h"
#include "iso.h"
#include "part.h"
#include "treecheck.h"

struct map;
struct shadow;
struct stk_image;
struct stk_plan;
struct stk_result;
struct target;

/*
 * compose.c, compose-map.c: ISO mode's compose. From the probed image and
 * the options, everything is decided and built before the target is
 * touched: refusals with reasons (-ENOTSUP, -ENOSPC), then the shadow
 * (partition table, FAT32 metadata, small built files, syslinux) and the
 * image map that write_map() and verify_manifest() take.
 */
struct compose;

struct compose_opts {
	enum stk_mode	mode;		/* STK_MODE_ISO or _ISO_UEFI_ONLY */
	enum stk_scheme	scheme;		/* AUTO means MBR */
	const char	*label;		/* FAT label wanted, or NULL */
	uint64_t	target_bytes;	/* 0: compose_default_bytes() */
	const char	*target_path;	/* the shadow goes next to a file */
	uint64_t	persist_bytes;	/* 0, a size or STK_PERSISTENCE_REST */
	bool		persist_exact;	/* verify: persist_bytes is the
					 * stick's partition, taken as it is */
};

/* A stick size that holds an image of @image_bytes, in whole MiB. */
uint64_t compose_default_bytes(uint64_t image_bytes);
/* Free with compose_free(); the map and the shadow live until then. */
int compose_iso(struct stk_ctx *ctx, const struct stk_image *img,
		const struct compose_opts *o, struct compose **out);
/* The finished map (file_fd: the image, shadow_fd: the shadow). */
struct map *compose_map(struct compose *c);
uint64_t compose_target_bytes(const struct compose *c);
/*
 * compose_plan - ISO mode for stk_plan_new(): compose for @plan's image,
 * target and options, keep it in plan->compose and set the target size.
 */
int compose_plan(struct stk_ctx *ctx, struct stk_plan *plan);
/*
 * compose_verify - `stickler verify` of @tg when it is laid out as ISO
 * mode writes a stick (compose-verify.c): compose again for what the
 * stick shows (mode, scheme, label, persistence), nothing written, and
 * run the tree check against the stick's FAT read from @tg. @res gets the
 * tree counts and the outcome.
 * Return: 1 when @tg is not such a stick (verify it raw), 0 identical,
 * -EBADMSG naming the first differing file and its sector (or where the
 * target ends), -EIO, -ENOMEM, -ECANCELED, or an error of composing.
 */
int compose_verify(struct stk_ctx *ctx, const struct stk_image *img,
		   struct target *tg, struct stk_result *res);
/* The plan's ISO-mode lines: layout, and every file changed and why. */
char *compose_describe(const struct compose *c);	/* free() */
void compose_free(struct compose *c);			/* NULL is fine */

/* compose_find() gives this for "/", -1 for a missing path. */
#define COMPOSE_ROOT	(-2)

/* One file or directory as it will be on the stick. */
struct cnode {
	char		*path;		/* "/isolinux/isolinux.cfg" */
	const char	*name;		/* last component, inside @path */
	int		parent;		/* index, or COMPOSE_ROOT */
	bool		is_dir;
	bool		skip;		/* left out (dir links, replaced) */
	bool		changed;	/* content differs from the ISO's */
	bool		added;		/* not on the ISO at all */
	bool		is_symlink;	/* until resolved */
	char		*link_target;
	const char	*src_path;	/* ISO file the data comes from, if
					 * not @path (symlink copies) */
	uint64_t	size_bytes;
	int64_t		mtime;
	int		n_extents;	/* ISO extents of the data, or 0 */
	struct iso_extent extent[ISO_MAX_EXTENTS];
	uint8_t		*data;		/* in-memory content, or NULL */
	uint8_t		fat_attr;	/* read-only, hidden, system bits */
	int		hnext;		/* next in its bucket of c->index */
};

struct syslinux_host;

struct compose {
	const struct stk_image	*img;
	const struct stk_report	*report;
	const char		*opt_label;
	bool		bios;		/* ISO mode; false for UEFI only */
	bool		uefi_possible;
	bool		uefi_from_image; /* EFI files unpacked */
	enum stk_scheme	scheme;
	uint64_t	target_bytes;
	int64_t		mtime;		/* for directories stickler adds */
	char		label[LABEL_FAT_MAX + 1];
	char		syslinux_dir[STK_PATH_MAX];	/* "" when none */
	struct syslinux_host *syslinux;	/* its images, while composing */
	enum stk_live_family live;	/* the image's, from the probe */
	uint64_t	persist_bytes;	/* asked for: 0, a size, or
					 * STK_PERSISTENCE_REST */
	int		persist_entries; /* boot entries given the param */

	struct cnode	*node;
	size_t		n;
	size_t		cap;
	int		*index;		/* buckets of node indices by path,
					 * case-folded: a tree of thousands
					 * of files is not searched in turn */
	size_t		n_index;	/* buckets, a power of two */

	char		**notes;	/* what the plan tells a person */
	size_t		n_notes;

	/* compose-map.c */
	struct shadow	*shadow;
	struct part_layout part;
	struct map	*map;
	uint64_t	iso_bytes;	/* file data mapped from the ISO */
	uint64_t	shadow_bytes;	/* shadow data mapped */
	unsigned	cluster_bytes;
	struct tree_proof proof;	/* what the tree check compared */
};

void compose_note(struct compose *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int compose_find(const struct compose *c, const char *path);
/* The node of @path even when left out: a kept one first, else the last
 * left-out one; NULL when there is none. */
const struct cnode *compose_find_any(const struct compose *c,
				     const char *path);
/*
 * Puts @data (taken over, freed on failure too) as the content of @path,
 * adding the file and its directories when missing; @why (or NULL) goes
 * into the plan.
 */
int compose_put_file(struct stk_ctx *ctx, struct compose *c, const char *path,
		     uint8_t *data, size_t len, const char *why);
/* The current content of node @i (NUL-terminated; free()). */
int compose_read(struct stk_ctx *ctx, struct compose *c, int i,
		 uint8_t **data, size_t *len);
/* Walk, refuse, rewrite labels, chain syslinux, unpack EFI. */
int compose_prepare(struct stk_ctx *ctx, struct compose *c);

/* What the tree check proved, into a run's result. */
void compose_proof(const struct compose *c, struct stk_result *res);

/* Config texts larger than this are not boot configs. */
#define CFG_MAX_BYTES	(1024 * 1024)

/*
 * The boot steps (compose-boot.c, compose-syslinux.c), built on boot/'s
 * transformers, which never see struct compose.
 */
/* Configs naming the ISO label rewritten to the stick's. */
int compose_labels(struct stk_ctx *ctx, struct compose *c);
/* md5sum.txt / SHA256SUMS lines of changed files refreshed. */
int compose_sums(struct stk_ctx *ctx, struct compose *c);
/* Chained syslinux.cfg, the host's modules, ldlinux.sys and .c32. */
int compose_syslinux(struct stk_ctx *ctx, struct compose *c);
struct fat_tree;
struct fat_layout;
/*
 * After fat_build(): ldlinux.sys patched with the sectors it got and
 * written over its copy in the shadow, syslinux's boot code merged into
 * the FAT boot sector and its backup.
 */
int compose_syslinux_install(struct stk_ctx *ctx, struct compose *c,
			     struct fat_tree *tree,
			     const struct fat_layout *layout);
/* The live system's boot entries told to use persistence. */
int compose_persist(struct stk_ctx *ctx, struct compose *c);
/* The El Torito EFI image's files onto the stick. */
int compose_efi(struct stk_ctx *ctx, struct compose *c);
/* mbr.bin (msdos) or gptmbr.bin (gpt) into sector 0 of the shadow. */
int compose_mbr(struct stk_ctx *ctx, struct shadow *sh, enum stk_scheme scheme);

#endif /* STK_COMPOSE_H */

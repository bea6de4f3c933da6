// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * part.c - the only file that includes libparted: partition tables on the
 * shadow.
 */
#include <parted/parted.h>
#include <string.h>

#include "internal.h"
#include "part.h"

/*
 * libparted's exception handler has no data pointer and by default prints
 * and may prompt; it is used from one thread, so the context is kept here.
 */
static struct stk_ctx *ped_ctx;

static PedExceptionOption ped_to_stk(PedException *ex)
{
	if (ped_ctx)
		stk_log(ped_ctx,
			ex->type >= PED_EXCEPTION_ERROR ? STK_LOG_ERR
							: STK_LOG_WARN,
			"libparted: %s", ex->message);
	/* Never prompt: cancel errors, ignore warnings we checked ourselves. */
	if (ex->type >= PED_EXCEPTION_ERROR)
		return (ex->options & PED_EXCEPTION_CANCEL)
			       ? PED_EXCEPTION_CANCEL
			       : PED_EXCEPTION_UNHANDLED;
	if (ex->options & PED_EXCEPTION_IGNORE)
		return PED_EXCEPTION_IGNORE;
	return PED_EXCEPTION_UNHANDLED;
}

void part_init_logging(struct stk_ctx *ctx)
{
	ped_ctx = ctx;
	ped_exception_set_handler(ctx ? ped_to_stk : NULL);
}

/* Partition type names stickler passes to libparted, by scheme. */
static const char *const scheme_label[] = {
	[STK_SCHEME_AUTO] = "msdos",
	[STK_SCHEME_MBR] = "msdos",
	[STK_SCHEME_GPT] = "gpt",
};

const char *stk_scheme_name(enum stk_scheme scheme)
{
	if (scheme == STK_SCHEME_AUTO)
		return "auto";
	return (unsigned)scheme <= STK_SCHEME_GPT ? scheme_label[scheme]
						  : "unknown";
}

int stk_scheme_parse(const char *name, enum stk_scheme *scheme)
{
	if (!strcmp(name, "auto"))
		*scheme = STK_SCHEME_AUTO;
	else if (!strcmp(name, "msdos") || !strcmp(name, "mbr"))
		*scheme = STK_SCHEME_MBR;
	else if (!strcmp(name, "gpt"))
		*scheme = STK_SCHEME_GPT;
	else
		return -EINVAL;
	return 0;
}

/*
 * One partition from 1 MiB (flash erase blocks are commonly 1..4 MiB and
 * every tool since 2010 aligns there) to the end of the disk, or to the
 * last usable sector in front of the backup GPT.
 */
int part_plan(uint64_t disk_bytes, enum stk_scheme scheme,
	      struct part_layout *out)
{
	uint64_t sectors = disk_bytes / PART_SECTOR_BYTES;
	uint64_t first = STK_MIB / PART_SECTOR_BYTES;
	uint64_t last = sectors - 1;

	memset(out, 0, sizeof(*out));
	if (scheme == STK_SCHEME_AUTO)
		scheme = STK_SCHEME_MBR;
	if (scheme == STK_SCHEME_GPT)
		last = sectors - 34; /* UEFI 2.9 5.3.1: 32 entry sectors */
	if (sectors < first + PART_MIN_SECTORS || last < first)
		return -ENOSPC;
	if (scheme == STK_SCHEME_MBR && last > UINT32_MAX)
		last = UINT32_MAX; /* MBR sector fields are 32 bits */
	out->scheme = scheme;
	out->start_bytes = first * PART_SECTOR_BYTES;
	out->size_bytes = (last - first + 1) * PART_SECTOR_BYTES;
	return 0;
}

int part_write(struct stk_ctx *ctx, const char *path, uint64_t disk_bytes,
	       enum stk_scheme scheme, struct part_layout *out)
{
	PedDevice *dev = NULL;
	PedDisk *disk = NULL;
	PedPartition *part;
	PedConstraint *exact = NULL;
	PedFileSystemType *fat32;
	const PedDiskType *type;
	PedSector first, last;
	int rc;

	rc = part_plan(disk_bytes, scheme, out);
	if (rc)
		return stk_seterr(
			ctx, rc,
			"a %llu-byte target is too small for a partition",
			(unsigned long long)disk_bytes);
	scheme = out->scheme;
	first = (PedSector)(out->start_bytes / PART_SECTOR_BYTES);
	last = first + (PedSector)(out->size_bytes / PART_SECTOR_BYTES) - 1;

	dev = ped_device_get(path);
	if (!dev)
		return stk_seterr(ctx, -EIO, "libparted cannot open '%s'",
				  path);
	if (dev->sector_size != PART_SECTOR_BYTES) {
		rc = stk_seterr(ctx, -EINVAL, "'%s' has %lld-byte sectors",
				path, dev->sector_size);
		goto out;
	}
	type = ped_disk_type_get(scheme_label[scheme]);
	disk = type ? ped_disk_new_fresh(dev, type) : NULL;
	fat32 = ped_file_system_type_get("fat32");
	if (!disk || !fat32) {
		rc = stk_seterr(ctx, -EIO, "libparted cannot make a %s table",
				scheme_label[scheme]);
		goto out;
	}
	part = ped_partition_new(disk, PED_PARTITION_NORMAL, fat32, first,
				 last);
	if (!part) {
		rc = stk_seterr(ctx, -EIO, "libparted cannot make a partition");
		goto out;
	}
	/* MBR: type 0x0c (FAT32, LBA) and active; GPT: EFI System. */
	if (scheme == STK_SCHEME_MBR) {
		ped_partition_set_flag(part, PED_PARTITION_LBA, 1);
		ped_partition_set_flag(part, PED_PARTITION_BOOT, 1);
	} else {
		ped_partition_set_flag(part, PED_PARTITION_ESP, 1);
		/* gptmbr.bin boots the partition with this attribute. */
		ped_partition_set_flag(part, PED_PARTITION_LEGACY_BOOT, 1);
	}
	exact = ped_constraint_exact(&part->geom);
	if (!exact || !ped_disk_add_partition(disk, part, exact)) {
		ped_partition_destroy(part);
		rc = stk_seterr(
			ctx, -EIO,
			"libparted refused the partition at sector %lld",
			(long long)first);
		goto out;
	}
	if (!ped_disk_commit_to_dev(disk)) {
		rc = stk_seterr(ctx, -EIO,
				"libparted cannot write the table to '%s'",
				path);
		goto out;
	}
	DBG(ctx, PART, "%s table, partition at %llu, %llu bytes",
	    scheme_label[scheme], (unsigned long long)out->start_bytes,
	    (unsigned long long)out->size_bytes);
	rc = 0;
out:
	if (exact)
		ped_constraint_destroy(exact);
	if (disk)
		ped_disk_destroy(disk);
	if (dev)
		ped_device_destroy(dev);
	return rc;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * stickler.h - public interface of the writer core (libstickler.a).
 *
 * The flow of the whole program:
 *
 *   stk_ctx_new()                      errors, log sink, progress callback
 *   stk_image_open()                   open and probe an image (read only)
 *     stk_image_report()               what it is, how it boots, the verdict
 *   stk_plan_new(img, target, opts)    decide what to write; no writes yet
 *     stk_plan_describe()              the plan in words, for confirmation
 *   stk_plan_run()                     compose, write, verify: the only call
 *                                      that writes to the target
 *     stk_plan_result()                bytes, timings, verify outcome
 *
 * All functions returning int give 0 on success or a negative errno; the
 * context then holds one message for humans (stk_ctx_errmsg()). Fixed
 * meanings: -ECANCELED stopped by the user, -EBUSY target mounted or held,
 * -ENOSPC image larger than target, -EROFS target write-protected,
 * -EBADMSG verify found a difference, -ENOTSUP image cannot be made bootable
 * in the chosen mode, -EINVAL bad argument or malformed data, -EIO device
 * error, -ENODEV device vanished.
 *
 * The core never prints, never exits and never reads the keyboard. It is
 * used from one thread (libcdio keeps global state).
 */
#ifndef STK_H
#define STK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct stk_ctx;
struct stk_image;
struct stk_plan;

/* ---- context: errors, log, progress -------------------------------------- */

enum stk_phase {
	STK_PHASE_PROBE,
	STK_PHASE_PARTITION,
	STK_PHASE_FORMAT,
	STK_PHASE_COPY,
	STK_PHASE_BOOTLOADER,
	STK_PHASE_WRITE,
	STK_PHASE_VERIFY,
	STK_PHASE_SYNC,
	STK_PHASE_CHECKSUM,
};

/* Short lower-case name of a phase ("write", "verify"); never NULL. */
const char *stk_phase_name(enum stk_phase phase);

struct stk_progress {
	enum stk_phase	phase;
	uint64_t	done;		/* bytes done in this phase */
	uint64_t	total;		/* 0 when not known */
	double		elapsed_s;	/* seconds since the phase began */
	const char	*item;		/* or NULL; valid during the call */
	int		target;		/* which target of the plan
					 * (stk_plan_target_at()); 0 with one */
};

/*
 * Called on the caller's thread, at most every ~100 ms and at the end of a
 * phase. Return 0 to go on; non-zero makes the running call fail with
 * -ECANCELED.
 */
typedef int (*stk_progress_fn)(const struct stk_progress *pr, void *data);

enum stk_level { STK_LOG_DEBUG, STK_LOG_INFO, STK_LOG_WARN, STK_LOG_ERR };

/* @msg is valid only during the call. */
typedef void (*stk_log_fn)(enum stk_level level, const char *msg, void *data);

/*
 * stk_ctx_new - create a context. Reads the debug mask from STICKLER_DEBUG
 * ("probe,write" or "all") and the fixture roots STICKLER_SYSFS,
 * STICKLER_MOUNTINFO and STICKLER_SWAPS (see the devices section), and
 * replaces libcdio's default handler (which exits the process) with one
 * that logs here.
 * Returns NULL only when out of memory. Free with stk_ctx_free().
 */
struct stk_ctx *stk_ctx_new(void);
void stk_ctx_free(struct stk_ctx *ctx);		/* NULL is fine */
void stk_ctx_set_progress(struct stk_ctx *ctx, stk_progress_fn fn, void *data);

/*
 * stk_ctx_set_log - send log lines to @fn. With no sink, lines are kept in
 * a small ring (stk_ctx_log_lines()).
 */
void stk_ctx_set_log(struct stk_ctx *ctx, stk_log_fn fn, void *data);

/* The last error message, or "" when none; owned by @ctx. */
const char *stk_ctx_errmsg(const struct stk_ctx *ctx);

/*
 * stk_ctx_log_lines - copy up to @max of the most recent log lines into
 * @lines (oldest first). Returns the count. The strings stay owned by @ctx
 * and are valid until the next log line.
 */
size_t stk_ctx_log_lines(const struct stk_ctx *ctx, const char **lines,
			 size_t max);
/* Empties that ring, so that it then holds only the lines of what follows. */
void stk_ctx_log_forget(struct stk_ctx *ctx);

/* Static text for a negative errno, for when no context is at hand. */
const char *stk_strerror(int rc);

/*
 * stk_utf8_len - the length of the valid UTF-8 sequence at @p (of @n
 * bytes), its code point in @cp (may be NULL); 0 when it is not one (an
 * overlong form, a surrogate, past U+10FFFF, a stray byte, @n of 0), -1
 * when it may be one but is cut off at @n.
 */
int stk_utf8_len(const unsigned char *p, size_t n, uint32_t *cp);

/* ---- sizes for people ---------------------------------------------------- */

/*
 * One unit system everywhere, IEC: powers of 1024, named KiB, MiB, GiB,
 * TiB. stk_size_format() writes "512 B" below 1 KiB, else the largest
 * unit with one decimal ("7.5 GiB", "64.0 MiB") into @buf; returns @buf.
 */
char *stk_size_format(uint64_t bytes, char *buf, size_t len);
/*
 * stk_size_parse - "4G", "4GiB", "4gb", "512M", "100000": a positive
 * number of bytes, K M G T in powers of 1024 (an "i" and a "B" may
 * follow). Returns -EINVAL for anything else, zero or an overflow.
 */
int stk_size_parse(const char *s, uint64_t *bytes);

/* ---- modes and options --------------------------------------------------- */

enum stk_mode {
	STK_MODE_AUTO,		/* follow the verdict; never a verdict itself */
	STK_MODE_RAW,
	STK_MODE_ISO,
	STK_MODE_ISO_UEFI_ONLY,
	STK_MODE_UNSUPPORTED,
};

/* "raw", "iso", "iso-uefi-only", "unsupported", "auto"; never NULL. */
const char *stk_mode_name(enum stk_mode mode);
/* Parses the names above; returns -EINVAL for anything else. */
int stk_mode_parse(const char *name, enum stk_mode *mode);

/* The live system families ISO mode can add persistence for. */
enum stk_live_family {
	STK_LIVE_NONE,
	STK_LIVE_BOOT,		/* Debian live-boot: /live, boot=live */
	STK_LIVE_CASPER,	/* Ubuntu casper: /casper, boot=casper */
};

/*
 * ISO mode's partition table: MBR gives one FAT32 (0x0c) partition,
 * active, with syslinux's mbr.bin; GPT one EFI System partition with
 * gptmbr.bin. AUTO is MBR unless the image needs GPT.
 */
enum stk_scheme {
	STK_SCHEME_AUTO,	/* ISO mode: MBR unless the image needs GPT */
	STK_SCHEME_MBR,
	STK_SCHEME_GPT,
};


/* "auto", "msdos" or "gpt"; never NULL. */
const char *stk_scheme_name(enum stk_scheme scheme);
/* Parses "auto", "msdos" (or "mbr") and "gpt"; -EINVAL otherwise. */
int stk_scheme_parse(const char *name, enum stk_scheme *scheme);

/* The choices a UI makes; fill with stk_options_init() first. */
struct stk_options {
	enum stk_mode	mode;		/* STK_MODE_AUTO follows the verdict */
	enum stk_scheme	scheme;		/* ISO mode partition table */
	bool		verify;		/* read back after writing (default) */
	uint64_t	target_bytes;	/* file targets: size; 0 = raw image
					 * size (ISO mode needs it) */
	bool		any_device;	/* accept any block device, not only
					 * removable ones */
	bool		unmount;	/* unmount the target's partitions */
	const char	*label;		/* ISO mode volume label, or NULL;
					 * copied by stk_plan_new() */
	uint64_t	persistence_bytes; /* ISO mode: 0 none, a size, or
					 * STK_PERSISTENCE_REST */
	const char	*bmap_path;	/* raw: the image's bmap, or NULL to
					 * look beside the image; copied */
	bool		no_bmap;	/* raw: write the whole image even
					 * if a bmap lies beside it */
	bool		sparse;		/* raw, no bmap: skip holes and
					 * all-zero MiBs of the image */
	bool		dry_run;	/* the plan is only shown: a file
					 * target is opened read only too */
};

/* stk_options.persistence_bytes: the rest of the target after the FAT. */
#define STK_PERSISTENCE_REST	UINT64_MAX

/* Defaults: mode AUTO, scheme AUTO, verify on, everything else off. */
void stk_options_init(struct stk_options *opt);

/* ---- images and the probe report ----------------------------------------- */

#define STK_MAX_BOOT_ENTRIES	16
#define STK_MAX_PARTS		16
#define STK_MAX_PATHS		16
#define STK_PATH_MAX		256
#define STK_MAX_REASONS		8
#define STK_REASON_MAX		200
#define STK_MESSAGE_MAX		512

enum stk_kind {
	STK_KIND_UNKNOWN,
	STK_KIND_ISO9660,
	STK_KIND_DISK,		/* raw disk image with an MBR or GPT */
};

enum stk_compression {
	STK_COMP_NONE,
	STK_COMP_GZIP,
	STK_COMP_XZ,
	STK_COMP_ZSTD,
	STK_COMP_BZIP2,
};

enum stk_platform {
	STK_PLATFORM_BIOS,	/* El Torito platform id 0x00 */
	STK_PLATFORM_UEFI,	/* 0xEF */
	STK_PLATFORM_OTHER,
};

enum stk_emulation {
	STK_EMU_NONE,
	STK_EMU_FLOPPY_1200,
	STK_EMU_FLOPPY_1440,
	STK_EMU_FLOPPY_2880,
	STK_EMU_HARD_DISK,
	STK_EMU_UNKNOWN,
};

struct stk_boot_entry {
	enum stk_platform	platform;
	uint8_t			platform_id;	/* raw El Torito value */
	bool			bootable;
	enum stk_emulation	emulation;
	uint32_t		load_lba;	/* ISO blocks (2048 bytes) */
	uint16_t		sector_count;	/* 512-byte virtual sectors */
	uint64_t		file_bytes;	/* size of @file, 0 if none */
	char			file[STK_PATH_MAX]; /* "" when no file */
	char			problem[STK_REASON_MAX]; /* "" when sound */
};

struct stk_mbr_part {
	uint8_t		type;
	bool		bootable;
	uint32_t	start_lba;	/* 512-byte sectors */
	uint32_t	sectors;
};

struct stk_gpt_part {
	char		type_guid[37];
	char		type_name[32];	/* "EFI System", "Basic Data", ... */
	char		name[72];	/* UTF-8 */
	uint64_t	first_lba;	/* in the header's sector size */
	uint64_t	last_lba;
};

struct stk_report {
	enum stk_kind		kind;
	enum stk_compression	compression;
	uint64_t		file_bytes;	/* on disk (compressed size) */
	uint64_t		image_bytes;	/* decompressed, 0 if unknown */

	/* ISO 9660 */
	bool		joliet;
	bool		rock_ridge;
	bool		udf;
	char		volume_id[33];
	char		publisher[129];
	char		application[129];
	uint64_t	volume_bytes;	/* volume space size x block size */
	bool		truncated;	/* file shorter than volume_bytes */
	bool		longer;		/* file longer than volume_bytes */

	/* El Torito */
	bool		el_torito;
	uint32_t	catalog_lba;
	char		catalog_problem[STK_REASON_MAX]; /* "" when sound */
	int		n_boot_entries;
	struct stk_boot_entry boot[STK_MAX_BOOT_ENTRIES];

	/* hybrid layout */
	bool		mbr_signature;	/* 55 aa at 510 */
	bool		mbr_boot_code;	/* non-zero code in bytes 0..439 */
	bool		protective_mbr;
	int		n_mbr_parts;
	struct stk_mbr_part mbr[4];
	bool		gpt;
	uint32_t	gpt_sector_bytes;	/* 512 or 2048 */
	char		gpt_problem[STK_REASON_MAX];
	int		n_gpt_parts;
	struct stk_gpt_part gpt_part[STK_MAX_PARTS];
	bool		apple_map;
	bool		hybrid;		/* ISO 9660 with MBR partitions or GPT */

	/* loaders in the tree */
	char		isolinux_bin[STK_PATH_MAX];
	char		isolinux_version[64];	/* "ISOLINUX 6.04" or "" */
	char		isolinux_cfg[STK_PATH_MAX];
	bool		ldlinux_c32;
	int		n_syslinux_cfgs;
	char		syslinux_cfg[STK_MAX_PATHS][STK_PATH_MAX];
	bool		grub_bios;		/* boot/grub/i386-pc */
	int		n_grub_cfgs;
	char		grub_cfg[STK_MAX_PATHS][STK_PATH_MAX];
	int		n_efi_loaders;
	char		efi_loader[STK_MAX_PATHS][STK_PATH_MAX];
	char		efi_image[STK_PATH_MAX];	/* efi.img, efiboot.img */
	bool		windows;
	int		n_checksum_files;
	char		checksum_file[STK_MAX_PATHS][STK_PATH_MAX];

	/* FAT32 fitness */
	int		n_large_files;		/* 4 GiB or more */
	char		large_file[STK_MAX_PATHS][STK_PATH_MAX];
	int		n_symlinks;
	char		symlink[STK_MAX_PATHS][STK_PATH_MAX];
	int		n_bad_names;
	char		bad_name[STK_MAX_PATHS][STK_PATH_MAX];

	/*
	 * verdict: the mode to write with (never STK_MODE_AUTO); possible[m]
	 * is true for every mode that would give a working stick (for an
	 * unknown image, raw as a plain copy); reasons are sentences for
	 * people, the deciding one first.
	 */
	enum stk_mode	verdict;
	bool		possible[STK_MODE_UNSUPPORTED + 1]; /* by enum stk_mode */
	int		n_reasons;
	char		reason[STK_MAX_REASONS][STK_REASON_MAX];

	/* live system (see the live systems section) */
	enum stk_live_family live;
	char		live_squashfs[STK_PATH_MAX];	/* "" when none */
	char		live_why[STK_REASON_MAX];	/* why none, for people */
	/* the label the persistence file system gets ("" when none) and how
	 * it was chosen, for people (casper: from the image's manifest) */
	char		live_label[16];
	char		live_label_why[STK_REASON_MAX];
};

/*
 * stk_image_open - open @path read-only and probe it. A file that is not
 * an image at all still opens (kind STK_KIND_UNKNOWN); a path that cannot
 * be read fails with the reason. Free with stk_image_close().
 */
int stk_image_open(struct stk_ctx *ctx, const char *path,
		   struct stk_image **img);
/*
 * stk_image_open_for - as stk_image_open(), for a write in @mode: with
 * STK_MODE_RAW only the image's head is read (an ISO's tree is not
 * walked, so the report has no loaders); any other mode probes it all.
 */
int stk_image_open_for(struct stk_ctx *ctx, const char *path,
		       enum stk_mode mode, struct stk_image **img);
void stk_image_close(struct stk_image *img);	/* NULL is fine */

/* The report; owned by @img, valid until stk_image_close(). */
const struct stk_report *stk_image_report(const struct stk_image *img);
/* The path as given to stk_image_open(); owned by @img. */
const char *stk_image_path(const struct stk_image *img);

/*
 * Lists in the report (syslinux_cfg, grub_cfg, efi_loader, checksum_file,
 * large_file, symlink, bad_name) keep at most STK_MAX_PATHS items; the
 * n_* counts never exceed that.
 */

/* "x64", "ia32", "aa64", "arm", "riscv64" or "" from a BOOT*.EFI path. */
const char *stk_efi_arch(const char *loader_path);
/* "bios", "uefi", "other"; never NULL. */
const char *stk_platform_name(enum stk_platform platform);
/* "none", "floppy-1.2M", "floppy-1.44M", "floppy-2.88M", "hard-disk". */
const char *stk_emulation_name(enum stk_emulation emu);
/* "unknown", "iso9660", "disk". */
const char *stk_kind_name(enum stk_kind kind);
/* "none", "gzip", "xz", "zstd", "bzip2". */
const char *stk_compression_name(enum stk_compression comp);

/* ---- live systems and persistence ------------------------------------- */

/*
 * The probe recognises a live system from the tree and the boot configs:
 * Debian live-boot (a squashfs in /live, a boot entry with boot=live) and
 * Ubuntu casper (/casper, boot=casper). For those, ISO mode can add an
 * ext4 partition after the FAT32 one (stk_options.persistence_bytes),
 * labelled and configured as the family expects, and the family's boot
 * parameter on every boot entry that starts the live system:
 *   live-boot: label "persistence", /persistence.conf "/ union", and
 *              "persistence" on the command line;
 *   casper:    "persistent" on the command line and the label the
 *              image's casper looks for (stk_report.live_label): casper
 *              1.439 (Ubuntu 20.04) and later look for "writable" first
 *              and fall back to "casper-rw", older casper knows only
 *              "casper-rw". The version comes from the casper line of a
 *              /casper/ *.manifest; without one, "casper-rw" (which every
 *              casper finds).
 */

/* "live-boot", "casper" or "none"; never NULL. */
const char *stk_live_name(enum stk_live_family family);
/* The family's ext4 label when nothing in the image says more
 * ("persistence", "casper-rw"), or NULL for STK_LIVE_NONE. */
const char *stk_live_label(enum stk_live_family family);
/* The boot parameter ("persistence", "persistent"), or NULL. */
const char *stk_live_param(enum stk_live_family family);

/* ---- targets: devices ---------------------------------------------------- */

/*
 * Discovery reads sysfs (size, ro, removable, the device's path through the
 * USB tree, vendor, model, serial) and enriches USB disks through libusb
 * when it is usable. STICKLER_SYSFS, STICKLER_MOUNTINFO and STICKLER_SWAPS
 * replace /sys, /proc/self/mountinfo and /proc/swaps (test fixtures),
 * read once by stk_ctx_new(); with
 * STICKLER_SYSFS set libusb is not used and no real device is ever opened.
 *
 * The rules, applied to the list and again by stk_device_check() right
 * before the exclusive open:
 *   never, with no override: a disk holding a mounted filesystem of the
 *   running system, active swap, a disk with holders (dm, md, LVM), the
 *   disk that holds the source image;
 *   a removable (or loop) disk with other mounted partitions: refused with
 *   the mount points named, unless STK_CHECK_UNMOUNT unmounts them;
 *   not USB or MMC (loop, SATA, NVMe): only with STK_CHECK_ANY_DEVICE.
 */

#define STK_DEV_NAME_MAX	32
#define STK_DEV_STR_MAX		128

struct stk_device;
struct stk_devlist;
struct stk_devwatch;

enum stk_transport {
	STK_TRANSPORT_OTHER,	/* SATA, NVMe, loop, dm, virtio, ... */
	STK_TRANSPORT_USB,
	STK_TRANSPORT_MMC,	/* SD and MMC cards on an MMC host */
};

/* "usb", "mmc", "other"; never NULL. */
const char *stk_transport_name(enum stk_transport transport);

/* Why a disk is not offered; the rules below, in the order applied. */
enum stk_refusal {
	STK_REFUSE_NONE,	/* offered (maybe after unmounting) */
	STK_REFUSE_STATION,	/* the station runs from it */
	STK_REFUSE_SYSTEM_MOUNT,	/* holds a filesystem the system uses */
	STK_REFUSE_SWAP,	/* active swap */
	STK_REFUSE_HOLDERS,	/* used by dm, md or LVM */
	STK_REFUSE_SOURCE,	/* holds the source image */
	STK_REFUSE_NOT_USB,	/* not USB or MMC: only with --any-device */
	STK_REFUSE_READ_ONLY,	/* write-protected */
};

/*
 * A stable key for scripts ("station", "system-mount", "swap", "holders",
 * "source-image", "not-usb", "read-only"; "" for NONE), never NULL.
 */
const char *stk_refusal_key(enum stk_refusal refusal);

struct stk_devpart {
	char		name[STK_DEV_NAME_MAX];	/* "sdb1" */
	uint64_t	size_bytes;
	char		mountpoint[STK_PATH_MAX]; /* first one, "" if none */
	bool		swap;			/* active swap */
};

/*
 * One whole disk as discovered. The fields are a snapshot taken when the
 * list was read; stk_device_check() reads the disk again and compares.
 */
struct stk_device {
	char		path[STK_PATH_MAX];	/* "/dev/sdb" */
	char		name[STK_DEV_NAME_MAX];	/* "sdb" */
	unsigned	major;			/* dev_t, the identity */
	unsigned	minor;
	uint64_t	size_bytes;
	uint32_t	sector_bytes;		/* logical sector size */
	char		vendor[STK_DEV_STR_MAX];
	char		model[STK_DEV_STR_MAX];
	char		serial[STK_DEV_STR_MAX]; /* "" when unknown */
	enum stk_transport transport;
	unsigned	speed_mbps;		/* USB link speed, 0 unknown */
	unsigned	max_speed_mbps;		/* best the device can do */
	bool		slow_link;		/* USB 3 device on a USB 2 link */
	bool		removable;
	bool		read_only;
	char		mountpoint[STK_PATH_MAX]; /* a filesystem on the disk */
	bool		swap;			/* the disk itself is swap */
	int		n_parts;
	struct stk_devpart part[STK_MAX_PARTS];
	bool		offered;	/* may be chosen (maybe after unmount) */
	bool		needs_unmount;	/* offered, but has mounted partitions */
	enum stk_refusal refusal;	/* why not offered, as a code */
	char		reason[STK_REASON_MAX];	/* the same for people, "" if
						 * offered */
	uint64_t	diskseq;	/* the kernel's number for this disk
					 * since it appeared (never reused
					 * until reboot), 0 unknown */
};

/* stk_devlist_new() flags */
#define STK_DEVLIST_ALL		(1u << 0)	/* every disk, not only USB/MMC */

/*
 * stk_devlist_new - read the whole disks of this machine. Without
 * STK_DEVLIST_ALL only USB and MMC disks are listed (offered or not); with
 * it every other disk too, each with the reason it is not offered.
 * @image_path (or NULL) is the source image: the disk holding it is marked.
 * Empty devices (size 0) are left out. Free with stk_devlist_free().
 */
int stk_devlist_new(struct stk_ctx *ctx, const char *image_path,
		    unsigned flags, struct stk_devlist **list);
void stk_devlist_free(struct stk_devlist *list);	/* NULL is fine */
size_t stk_devlist_count(const struct stk_devlist *list);
/* The @i-th device (sorted by name); owned by @list, NULL past the end. */
const struct stk_device *stk_devlist_get(const struct stk_devlist *list,
					 size_t i);

/*
 * stk_device_power_off - after a write: flush the disk named by @spec
 * (a path or usb:SERIAL) and power it off, so it is safe to remove:
 * its USB device's sysfs "remove", else its SCSI device's "delete".
 * @how (or NULL) gets which, in words. -EBUSY when a file system of it
 * is mounted, -ENOTSUP when sysfs offers no way to let it go.
 */
int stk_device_power_off(struct stk_ctx *ctx, const char *spec, char *how,
			 size_t len);
/*
 * stk_device_power_off_same - the same for the disk @written (as it was
 * looked up before the write), only while the disk at its path is still
 * that one: the same device number, size and serial. -ESTALE when
 * another disk took the name (pulled out, another plugged in).
 */
int stk_device_power_off_same(struct stk_ctx *ctx,
			      const struct stk_device *written, char *how,
			      size_t len);

/* stk_device_check() and stk_device_lookup() flags */
#define STK_CHECK_ANY_DEVICE	(1u << 0)	/* allow loop, SATA, NVMe */
#define STK_CHECK_UNMOUNT	(1u << 1)	/* unmount mounted partitions */
#define STK_CHECK_NO_OPEN	(1u << 2)	/* caller only asks, never opens */
#define STK_CHECK_DRY_RUN	(1u << 3)	/* change nothing: with UNMOUNT,
						 * mounts pass, none unmounted */

/*
 * stk_device_lookup - the disk named by @spec: a block device path
 * ("/dev/sdb"), or "usb:SERIAL" for the USB disk with that serial. The
 * snapshot is what stk_device_check() later compares with.
 * Return: 0 with *@dev set (free with stk_device_free()); -ENOTBLK when
 * @spec is not a block device (a regular file target); -ENODEV when no
 * such disk exists; -EINVAL when it is a partition or the serial matches
 * several disks.
 */
int stk_device_lookup(struct stk_ctx *ctx, const char *spec,
		      struct stk_device **dev);
void stk_device_free(struct stk_device *dev);		/* NULL is fine */

/*
 * stk_device_check - the last word before the exclusive open of @chosen.
 * Reads the disk again and refuses if its dev_t, size or serial changed
 * (-ESTALE) or it is gone (-ENODEV); then applies every rule above with
 * @image_path (or NULL) as the source: -EBUSY mounted, swap, held or
 * holding the source; -EPERM not USB/MMC without STK_CHECK_ANY_DEVICE;
 * -EROFS write-protected. With STK_CHECK_UNMOUNT the mounted partitions of
 * an allowed disk are unmounted first (-EBUSY naming the one that is
 * busy); add STK_CHECK_DRY_RUN to accept them without unmounting yet (a
 * plan made before the user confirmed). Under STICKLER_SYSFS it refuses
 * (-EPERM) unless STK_CHECK_NO_OPEN says the caller will not open the
 * device.
 */
int stk_device_check(struct stk_ctx *ctx, const struct stk_device *chosen,
		     const char *image_path, unsigned flags);

/*
 * stk_device_check_path - stk_device_lookup() and stk_device_check() in
 * one call, for a target named on the command line. Returns -ENOTBLK
 * (without a message) when @spec is not a block device, so the caller
 * treats it as a file. On success, if @path is not NULL, the device path
 * (resolved from "usb:SERIAL") is copied there (@path_len bytes).
 */
int stk_device_check_path(struct stk_ctx *ctx, const char *spec,
			  const char *image_path, unsigned flags, char *path,
			  size_t path_len);

/*
 * stk_devwatch_new - watch for disks coming and going (and mounts and
 * swap changing): the kernel's uevents where they can be heard, sysfs
 * polled about once a second in any case. Free with stk_devwatch_free().
 */
int stk_devwatch_new(struct stk_ctx *ctx, struct stk_devwatch **watch);
void stk_devwatch_free(struct stk_devwatch *watch);	/* NULL is fine */

/*
 * stk_devwatch_wait - wait up to @timeout_ms (0: just look) for a change.
 * Return: 1 when the disks changed since the last call (read the list
 * again), 0 when not, a negative errno on failure.
 */
int stk_devwatch_wait(struct stk_devwatch *watch, int timeout_ms);

/*
 * stk_devwatch_fd - a descriptor that turns readable when the kernel
 * announces a device, for a caller that polls it beside its own input
 * and then calls stk_devwatch_wait(); -1 when the watch polls sysfs only.
 */
int stk_devwatch_fd(const struct stk_devwatch *watch);

/* What a disk or partition held: its file system and label. */
struct stk_fsinfo {
	char	type[16];	/* "vfat", "exfat", "ntfs", "ext4", "btrfs",
				 * "iso9660", "swap", "crypto_LUKS"; "" when
				 * none known */
	char	label[64];	/* "" when it has none (or it is not read) */
};

/*
 * stk_fs_probe - read the first bytes of @path (a disk, a partition node or
 * a file; opened read-only) and say which file system starts there and its
 * label. Return: 0 with @out filled (type "" when none is recognised),
 * -EPERM for a device of the test sysfs, or the open/read error.
 */
int stk_fs_probe(struct stk_ctx *ctx, const char *path, struct stk_fsinfo *out);

/* ---- the plan, its run, and verification --------------------------------- */

enum stk_verify_outcome {
	STK_VERIFY_NOT_RUN,	/* --no-verify, or the write failed */
	STK_VERIFY_IDENTICAL,
	STK_VERIFY_MISMATCH,	/* data differs: first_bad_sector, bad_sectors */
	STK_VERIFY_READ_ERROR,	/* the target failed a read at error_offset */
	STK_VERIFY_VANISHED,	/* the device went away at error_offset */
	STK_VERIFY_STOPPED,	/* cancelled while it read the target back */
};

/* "not run", "identical", "mismatch", "read error", "device vanished",
 * "stopped" */
const char *stk_verify_outcome_name(enum stk_verify_outcome v);

/* What a run (or a standalone verify) did; filled whatever the outcome. */
struct stk_result {
	uint64_t	bytes_written;	/* to the target, zeros included */
	uint64_t	image_bytes;	/* of the (decompressed) image */
	double		write_s;
	double		verify_s;
	bool		direct;		/* page cache bypassed (O_DIRECT) */
	enum stk_verify_outcome verify;
	uint64_t	bytes_verified;
	uint64_t	first_bad_sector; /* target logical sectors */
	uint64_t	bad_sectors;
	uint64_t	error_offset;	/* byte offset of a failed read/write */
	uint32_t	sector_bytes;	/* the target's logical sector size */
	/* ISO mode: what the tree check proved before writing (the FAT read
	 * back, against the ISO's tree); tree_files == 0 in raw mode */
	uint64_t	tree_files;	/* files (and links to files) as in
					 * the image */
	uint64_t	tree_bytes;	/* their bytes */
	uint64_t	tree_changed;	/* changed or added as planned */
	bool		sparse;		/* only part of the image was written */
	uint64_t	image_bytes_written; /* of the image, when sparse */
	char		target_state[STK_REASON_MAX]; /* in words, e.g.
					 * "untouched", "complete" */
	int		rc;		/* this target's outcome: 0, -EIO, ...
					 * as stk_plan_run() returns them */
	char		message[STK_MESSAGE_MAX]; /* why it failed, "" if not */
};

/*
 * stk_plan_new - decide what to write from @img to @target_path (a
 * regular file, created if missing, or a whole-disk block device). Checks
 * everything that can be checked without writing: the mode is possible,
 * the image fits (when its size is known), the target is writable and not
 * mounted. Nothing is written. Free with stk_plan_free().
 * Return: 0, -ENOSPC, -EROFS, -EBUSY, -ENOTSUP (mode not possible or not
 * built yet), -EINVAL, or the error of opening the target.
 */
int stk_plan_new(struct stk_ctx *ctx, const struct stk_image *img,
		 const char *target_path, const struct stk_options *opt,
		 struct stk_plan **plan);

/*
 * stk_plan_describe - the plan in words, one step per line, for the
 * confirmation screen. A newly allocated string (free()), NULL on ENOMEM.
 */
char *stk_plan_describe(const struct stk_plan *plan);

/*
 * stk_plan_run - write the plan to the target, then verify it unless the
 * options said not to. The only call that writes. Progress (phases WRITE,
 * SYNC, VERIFY) goes to the context's callback on the caller's thread; a
 * non-zero return from it stops the run within about a second.
 * Return: 0 (written and, if asked, identical), -EBADMSG (verify found a
 * difference), -ECANCELED, -ENOSPC, -EIO, -ENODEV, ... The result is
 * filled in every case, target_state included.
 * With several targets, all are written at once, each reported with its
 * .target; the return is -ECANCELED if stopped, else the first failure
 * other than a difference, else -EBADMSG if any differs, else 0; the
 * context's message is that target's, every target's is in its result.
 */
int stk_plan_run(struct stk_ctx *ctx, struct stk_plan *plan);

/* The result of the last stk_plan_run(); owned by @plan. */
const struct stk_result *stk_plan_result(const struct stk_plan *plan);

/* The target path, as given to stk_plan_new(); owned by @plan. */
const char *stk_plan_target(const struct stk_plan *plan);
/* The mode the plan settled on (never AUTO). */
enum stk_mode stk_plan_mode(const struct stk_plan *plan);
/* The size the target has or a file target will get, as planned (for a
 * file without a size: the image's, or in ISO mode the image and room
 * for the FAT); 0 when a file takes a stream of unknown length. */
uint64_t stk_plan_target_bytes(const struct stk_plan *plan);

void stk_plan_free(struct stk_plan *plan);	/* NULL is fine */

/*
 * stk_image_verify - compare @target_path with @img written raw (the
 * decompressed image from byte 0), reading the target back bypassing the
 * page cache. A target laid out as ISO mode writes a stick (an ISO 9660
 * image, a FAT32 first partition) is proven file by file instead: the
 * plan composed again for it, nothing written, and the tree check of the
 * ISO against the stick's FAT (@res->tree_* then say what it compared).
 * @res is filled in every case (@res->verify says the outcome). Return: 0 identical, -EBADMSG, -EIO, -ENODEV, -ECANCELED, or
 * an error opening either side.
 */
int stk_image_verify(struct stk_ctx *ctx, const struct stk_image *img,
		     const char *target_path, struct stk_result *res);

/* ---- one image, many targets ------------------------------------------ */

/*
 * A plan may have several targets. One reader (decompression and ISO-mode
 * composition done once) feeds a writer per target through one bounded
 * ring of chunks: each target writes at its own pace but may run at most
 * the ring's depth (a few chunks of 4 MiB) ahead of the slowest, so the
 * source is read once and memory does not grow with the number of
 * targets. Each target has its own manifest, verify and result; one that
 * fails is dropped and the others go on. With one target it is the same
 * code.
 */

/*
 * stk_plan_new_many - stk_plan_new() for @n targets: each is checked by
 * the same rules (and must be large enough) before the plan exists, no
 * target may be named twice or be the image. ISO mode composes once, for
 * the smallest target; the others get the same layout, their own last
 * MiB cleared. Return: as stk_plan_new(), the message naming the target.
 */
int stk_plan_new_many(struct stk_ctx *ctx, const struct stk_image *img,
		      const char *const *targets, size_t n,
		      const struct stk_options *opt, struct stk_plan **plan);

/* How many targets @plan has (1 from stk_plan_new()). */
size_t stk_plan_target_count(const struct stk_plan *plan);
/* Target @i's path, its result after stk_plan_run(), and its disk as
 * planned (NULL for a file); owned by @plan, NULL past the end. */
const char *stk_plan_target_at(const struct stk_plan *plan, size_t i);
const struct stk_result *stk_plan_result_at(const struct stk_plan *plan,
					    size_t i);
const struct stk_device *stk_plan_device_at(const struct stk_plan *plan,
					    size_t i);

/* ---- trust: checksum lists, signatures, Secure Boot --------------------- */

/*
 * Is this the image its publisher signed? stk_check_find() finds the
 * checksum list next to the image as distributions publish it (or the one
 * named), verifies its OpenPGP signature with gpgv against the keyrings
 * given, and looks the image up; stk_check_hash() hashes the image (phase
 * CHECKSUM) and settles the outcome. Nothing is downloaded, nothing is
 * written.
 */

enum stk_hash_algo {
	STK_HASH_MD5,
	STK_HASH_SHA1,
	STK_HASH_SHA256,
	STK_HASH_SHA512,
};

#define STK_HASH_HEX_MAX	129	/* SHA-512 in hex and a NUL */

/* "md5", "sha1", "sha256", "sha512"; never NULL. */
const char *stk_hash_name(enum stk_hash_algo algo);
/* Hex digits of a digest: 32, 40, 64 or 128. */
size_t stk_hash_hex_len(enum stk_hash_algo algo);
/* Parses the names above (any case); -EINVAL otherwise. */
int stk_hash_parse(const char *name, enum stk_hash_algo *algo);

/*
 * stk_hash_file - hash the first @limit bytes of @path (0: all of it) into
 * @hex, reporting progress as phase CHECKSUM. Return: 0, -ECANCELED, or
 * the error of reading.
 */
int stk_hash_file(struct stk_ctx *ctx, const char *path,
		  enum stk_hash_algo algo, uint64_t limit,
		  char hex[STK_HASH_HEX_MAX]);

enum stk_sig_state {
	STK_SIG_NONE,		/* the list carries no signature */
	STK_SIG_GOOD,		/* good signature by a key we hold */
	STK_SIG_BAD,		/* the signature does not match the list */
	STK_SIG_NO_KEY,		/* signed, but by a key we do not hold */
	STK_SIG_ERROR,		/* gpgv missing or the signature unreadable */
};

/* "unsigned", "good", "bad", "no key", "error"; never NULL. */
const char *stk_sig_state_name(enum stk_sig_state s);

enum stk_check_outcome {
	STK_CHECK_NOTHING,	/* no list, or the list does not name it */
	STK_CHECK_GENUINE,	/* good signature and the hash matches */
	STK_CHECK_UNSIGNED,	/* the hash matches a list nobody signed */
	STK_CHECK_NO_KEY,	/* matches, but the signer's key is unknown */
	STK_CHECK_MISMATCH,	/* the hash differs from the list's */
	STK_CHECK_BAD_SIGNATURE, /* the list's signature is bad */
	STK_CHECK_NOT_HASHED,	/* stk_check_hash() has not run yet */
};

/* "nothing to check", "genuine", ...; never NULL. */
const char *stk_check_outcome_name(enum stk_check_outcome o);

#define STK_MAX_KEYRINGS	16

struct stk_check_opts {
	const char	*sums_path;	/* the list to use, or NULL: look */
	const char	*keyring[STK_MAX_KEYRINGS]; /* files, or NULL */
	int		n_keyrings;
	const char	*keyring_dir;	/* every *.gpg *.kbx *.asc in it */
	const char	*typed_hash;	/* a hash the person typed or
					 * pasted, or NULL; when given, it is
					 * used instead of any list */
};

struct stk_check {
	char		image_name[STK_PATH_MAX]; /* the base name looked up */
	char		sums_path[STK_PATH_MAX];  /* "" when none found */
	char		sig_path[STK_PATH_MAX];   /* detached signature, or
						   * the list if clearsigned */
	bool		clearsigned;
	bool		listed;		/* the list names the image */
	bool		typed;		/* expected came from typed_hash */
	enum stk_hash_algo algo;
	char		expected[STK_HASH_HEX_MAX];
	char		computed[STK_HASH_HEX_MAX]; /* "" until hashed */
	enum stk_sig_state sig;
	char		key_fpr[64];	/* fingerprint in hex, "" unknown */
	char		key_uid[STK_REASON_MAX];
	char		sig_detail[STK_REASON_MAX]; /* why not good, in words */
	enum stk_check_outcome outcome;
	char		summary[2 * STK_REASON_MAX]; /* one line for people */
};

/*
 * stk_check_find - find and read the checksum list for @image_path and
 * verify its signature. Lists looked for next to the image, in order:
 * IMAGE.sha512, IMAGE.sha256, IMAGE.sha256sum, SHA512SUMS, SHA256SUMS,
 * sha256sums.txt, *-CHECKSUM, SHA1SUMS, MD5SUMS; signatures as LIST.sign,
 * LIST.gpg, LIST.asc, or the list clearsigned. Fills @chk (outcome
 * NOTHING when there is nothing to check against, else NOT_HASHED).
 * Return: 0, or -EINVAL for a --sums file that cannot be read.
 */
int stk_check_find(struct stk_ctx *ctx, const char *image_path,
		   const struct stk_check_opts *opt, struct stk_check *chk);

/*
 * stk_check_hash - hash the image with the list's algorithm (progress as
 * phase CHECKSUM) and settle chk->outcome and chk->summary. Return: 0
 * whatever the outcome, -ECANCELED, or the error of reading.
 */
int stk_check_hash(struct stk_ctx *ctx, const char *image_path,
		   struct stk_check *chk);

/*
 * The MD5 that isomd5sum's implantisomd5 puts in the primary volume
 * descriptor's application area (Fedora, RHEL and their relatives).
 */
enum stk_isomd5_state {
	STK_ISOMD5_NONE,	/* no implanted checksum */
	STK_ISOMD5_OK,
	STK_ISOMD5_MISMATCH,
};

struct stk_isomd5 {
	enum stk_isomd5_state state;
	char		expected[33];
	char		computed[33];
	uint64_t	bytes;		/* bytes the sum covers */
};

/*
 * stk_isomd5_check - read the implanted sum of the ISO 9660 image at
 * @path (an image or a stick it was written to raw) and check it, with
 * progress as phase CHECKSUM. Return: 0 (see @out->state), -ECANCELED, or
 * the error of reading.
 */
int stk_isomd5_check(struct stk_ctx *ctx, const char *path,
		     struct stk_isomd5 *out);

/*
 * Will the stick boot with Secure Boot on? stk_image_secure_boot() reads
 * every EFI loader the stick would boot (EFI/BOOT/BOOT*.EFI in the tree,
 * in the El Torito EFI image, in the ESP of a hybrid image), parses its
 * Authenticode signature and .sbat section, and judges the default x64
 * path (and, behind shim, grubx64.efi) against the certificates PC
 * firmware trusts by default, shim's own vendor certificate, shim's
 * .sbatlevel and the revocation list.
 */

enum stk_sb_verdict {
	STK_SB_NONE,		/* no EFI loader at all */
	STK_SB_OK,		/* boots with Secure Boot on */
	STK_SB_UNSIGNED,
	STK_SB_UNTRUSTED,	/* signed, but not by a key firmware trusts */
	STK_SB_REVOKED,
};

/* "none", "ok", "unsigned", "untrusted", "revoked"; never NULL. */
const char *stk_sb_verdict_name(enum stk_sb_verdict v);

#define STK_SB_MAX_LOADERS	16
#define STK_SB_MAX_SBAT		8

struct stk_sb_sbat {
	char		component[48];
	unsigned	generation;
};

struct stk_sb_loader {
	char		path[STK_PATH_MAX]; /* "/EFI/BOOT/BOOTX64.EFI", or
					     * "efi.img:/EFI/..." */
	char		arch[8];	/* from the PE machine field */
	bool		signed_;	/* an intact Authenticode signature */
	char		signer[STK_REASON_MAX];	/* subject CN of the signer */
	char		issuer[STK_REASON_MAX];
	bool		trusted;	/* chains to a firmware (db) CA */
	char		anchor[STK_REASON_MAX];	/* the CA it chains to */
	bool		shim_trusted;	/* chains to shim's vendor cert */
	bool		is_shim;	/* carries .sbatlevel or .vendor_cert */
	bool		revoked;
	char		sha256[65];	/* the Authenticode hash */
	int		n_sbat;
	struct stk_sb_sbat sbat[STK_SB_MAX_SBAT];
	char		problem[STK_REASON_MAX]; /* "" when sound */
};

struct stk_secure_boot {
	enum stk_sb_verdict verdict;
	int		n_reasons;
	char		reason[STK_MAX_REASONS][STK_REASON_MAX];
	char		line[2 * STK_REASON_MAX]; /* "Secure Boot: ..." */
	int		n_loaders;
	struct stk_sb_loader loader[STK_SB_MAX_LOADERS];
};

/*
 * stk_image_secure_boot - judge @img as above. STICKLER_SB_REVOKED names
 * the revocation list (default: revoked.list in the data directory) and
 * STICKLER_EFIVARS the efivarfs whose SbatLevelRT and dbx count too
 * (default /sys/firmware/efi/efivars, when the host booted with UEFI).
 * A compressed image is not examined (-ENOTSUP). Return: 0 with @out
 * filled (verdict NONE when there is no EFI loader), or -errno.
 */
int stk_image_secure_boot(struct stk_ctx *ctx, const struct stk_image *img,
			  struct stk_secure_boot *out);


/* ---- looking inside an ISO and extracting it ----------------------------- */

/*
 * stk_tree_open() opens the ISO 9660 tree of an image (a file or a block
 * device) without mounting it; names are Rock Ridge's, else Joliet's, else
 * ISO 9660's (";1" and a trailing dot removed). Paths start with "/".
 */
struct stk_tree;

enum stk_entry_type {
	STK_ENTRY_FILE,
	STK_ENTRY_DIR,
	STK_ENTRY_SYMLINK,
};

struct stk_tree_entry {
	const char	*path;		/* "/docs/README.txt" */
	const char	*name;		/* "README.txt"; "/" for the root */
	enum stk_entry_type type;
	const char	*link_target;	/* "" unless a symlink */
	uint64_t	size_bytes;
	int64_t		mtime;		/* Unix seconds */
	uint32_t	mode;		/* st_mode bits: Rock Ridge's, else
					 * 0555 directories, 0444 files */
	int		depth;		/* 0 for the entries of the root */
};

/* Called for each entry; the strings are valid only during the call.
 * Return 0 to go on, non-zero to stop with that value. */
typedef int (*stk_tree_fn)(const struct stk_tree_entry *e, void *data);

/*
 * stk_tree_open - open the ISO tree of @path. A compressed image is
 * refused (-ENOTSUP, "decompress it first"); a file that holds no ISO 9660
 * volume gives -EINVAL. Free with stk_tree_close().
 */
int stk_tree_open(struct stk_ctx *ctx, const char *path,
		  struct stk_tree **tree);
void stk_tree_close(struct stk_tree *tree);	/* NULL is fine */

/*
 * stk_tree_list - call @fn for each entry of the directory @path (sorted
 * as the image stores them), or once for @path itself when it is not a
 * directory. -ENOENT (with a message) when there is no such path.
 */
int stk_tree_list(struct stk_ctx *ctx, struct stk_tree *tree,
		  const char *path, stk_tree_fn fn, void *data);

/*
 * stk_tree_cat - write the contents of the file @path to @fd. -EISDIR for
 * a directory, -EINVAL for a symlink (not followed), -ENOENT when absent.
 */
int stk_tree_cat(struct stk_ctx *ctx, struct stk_tree *tree,
		 const char *path, int fd);

#define STK_EXTRACT_FORCE	(1u << 0)	/* DIR may be non-empty */

struct stk_extract_result {
	uint64_t	files;		/* regular files written whole */
	uint64_t	dirs;
	uint64_t	symlinks;
	uint64_t	bytes;		/* file data written */
	uint64_t	total_bytes;	/* file data in the image */
	char		state[STK_REASON_MAX]; /* what DIR holds, in words */
};

/*
 * stk_tree_extract - copy the whole tree into the directory @dir (made if
 * missing; refused when it is a file, or not empty without
 * STK_EXTRACT_FORCE): the same names, contents, directories, symlinks as
 * symlinks (never followed), modification times, permissions without
 * set-uid, set-gid and sticky bits and always readable and writable by the
 * user. Nothing is ever written outside @dir: every file is created
 * relative to its directory's descriptor, a name with '/' or a "." or ".."
 * name is refused, and so is anything in the way that is not a directory
 * (a symlink above all), each naming the path. Progress: phase COPY, in
 * bytes of file data, item the path. @res is filled in every case; on
 * failure or cancel a file being written is removed, so DIR holds whole
 * files only (res->state says how many).
 */
int stk_tree_extract(struct stk_ctx *ctx, struct stk_tree *tree,
		     const char *dir, unsigned flags,
		     struct stk_extract_result *res);


/* ---- making an image from a stick, a disc or a disk -------------------- */

/*
 * stk_reader_new() looks at a source (a block device such as a stick or
 * /dev/sr0, or any file), decides where its image ends and checks the
 * output; stk_reader_run() reads it, writes OUT (compressed as its name
 * says: .gz, .xz, .zst; "-" is standard output) and reads both again to
 * compare. The source is only ever opened read-only.
 */
struct stk_reader;

struct stk_read_options {
	bool	whole;		/* read everything, not to the image's end */
	bool	keep_going;	/* zero-fill unreadable sectors, list them */
	bool	replace;	/* an existing OUT may be replaced */
	bool	sums;		/* append OUT's SHA-256 to SHA256SUMS beside it */
	bool	verify;		/* read both again and compare (default) */
	bool	bmap;		/* a bmap beside OUT, as bmaptool writes */
};

/* Defaults: verify on, everything else off. */
void stk_read_options_init(struct stk_read_options *o);

#define STK_READ_RETRIES	3	/* reads of a failing sector */
#define STK_READ_MAX_BAD	64	/* unreadable sectors kept in the result */

struct stk_read_result {
	uint64_t	source_bytes;	/* size of the whole source */
	uint64_t	image_bytes;	/* what is read: where the image ends */
	uint32_t	sector_bytes;	/* the source's logical sector */
	char		rule[STK_REASON_MAX]; /* why it ends there, in words */
	uint64_t	bytes_read;
	uint64_t	out_bytes;	/* bytes in OUT (compressed size) */
	double		read_s;
	double		verify_s;
	bool		direct;		/* the source was read with O_DIRECT */
	uint64_t	n_bad;		/* sectors zero-filled (keep_going) */
	uint64_t	bad_sector[STK_READ_MAX_BAD]; /* the first of them */
	char		sidecar[STK_PATH_MAX];	/* their list, "" if none */
	enum stk_verify_outcome verify;
	bool		out_checked;	/* OUT itself was read back (not "-") */
	char		sha256[65];	/* of OUT's bytes, with sums; else "" */
	char		state[STK_REASON_MAX];	/* what OUT holds, in words */
	char		bmap[STK_PATH_MAX];	/* the bmap written, "" if none */
	uint64_t	bmap_mapped_bytes;	/* what it marks as data */
};

/*
 * stk_reader_new - open @source read-only and decide where its image ends
 * (stk_read_result.rule says which rule applied); check that @out can be
 * made: an existing OUT is refused (-EEXIST) unless @o->replace, and OUT
 * may not be the source. With @o->bmap the bmap goes to OUT without its
 * compression suffix plus ".bmap" (where `bmaptool copy OUT` looks for
 * it; blocks of 4 KiB holding only zeros are left unmapped); it is
 * refused for standard output, and an existing one as OUT is. Nothing is
 * written. Free with stk_reader_free().
 */
int stk_reader_new(struct stk_ctx *ctx, const char *source, const char *out,
		   const struct stk_read_options *o, struct stk_reader **rd);

/* The plan in words, one line per step; free(). NULL on ENOMEM. */
char *stk_reader_describe(const struct stk_reader *rd);

/*
 * stk_reader_run - read the image into OUT and verify it. Unreadable
 * sectors are retried STK_READ_RETRIES times; then the run stops naming
 * the sector (-EIO), or with keep_going they are zero-filled, listed in
 * the result and in OUT.badsectors, and the run goes on (0, n_bad > 0).
 * Progress: phase COPY, then VERIFY. Return: 0, -EIO, -EBADMSG (a second
 * read differs), -ECANCELED, -ENOSPC, ... A failed run removes OUT.
 */
int stk_reader_run(struct stk_ctx *ctx, struct stk_reader *rd);

/* Filled by stk_reader_new() (the plan part) and stk_reader_run(). */
const struct stk_read_result *stk_reader_result(const struct stk_reader *rd);
void stk_reader_free(struct stk_reader *rd);	/* NULL is fine */

/* ---- testing a stick: real capacity and surface ------------------------- */

/* stk_captest() flags: STK_CHECK_ANY_DEVICE, STK_CHECK_UNMOUNT and */
#define STK_CAPTEST_FULL	(1u << 8)	/* the whole surface, not --quick */

#define STK_CAPTEST_BLOCK_BYTES	4096u

struct stk_captest_result {
	uint64_t	claimed_bytes;	/* the size the stick announces */
	uint64_t	real_bytes;	/* what it holds (= claimed if sound) */
	bool		fake;		/* it holds less than it claims */
	bool		wraps;		/* offsets past the real end wrap */
	unsigned	n_probes;	/* tagged blocks written (quick) */
	uint64_t	bytes_written;
	uint64_t	bytes_read;
	double		write_s;
	double		read_s;
	uint64_t	bad_blocks;	/* of STK_CAPTEST_BLOCK_BYTES (full) */
	uint64_t	first_bad_offset;
	char		state[STK_REASON_MAX];	/* the finding, in words */
};

/*
 * stk_captest - destructive test of the stick (or file) at @target, under
 * the rules of a write (stk_device_check(), exclusive open). The quick
 * test finds the real capacity of a stick that lies about it, as f3probe
 * does: blocks tagged with their own offset and a per-run salt are written
 * at offsets spread over the claimed size (powers of two, the last MiBs,
 * random ones; 1 MiB runs, more than a stick's cache), highest first, then
 * read back past the page cache; a block holding another offset's tag
 * shows the offsets wrap around, one holding no tag that writes there are
 * lost, and a bisection finds where. STK_CAPTEST_FULL writes and reads
 * the whole surface instead, counting bad blocks and timing both passes.
 * Return: 0 with @res filled (res->fake says the verdict), -ECANCELED,
 * -EIO, or the target's error. Everything on the target is destroyed.
 */
int stk_captest(struct stk_ctx *ctx, const char *target, unsigned flags,
		struct stk_captest_result *res);

/* ---- restoring a stick to a plain data stick ------------------------------ */

enum stk_restore_fs {
	STK_RESTORE_FAT32,	/* stickler's own FAT32 builder */
	STK_RESTORE_EXFAT,	/* mkfs.exfat from exfatprogs */
};

struct stk_restore_result {
	uint64_t	size_bytes;	/* of the stick */
	uint64_t	part_start_bytes;
	uint64_t	part_bytes;
	uint64_t	bytes_written;
	double		write_s;
	double		verify_s;
	enum stk_verify_outcome verify;
	char		state[STK_REASON_MAX];	/* what it holds, in words */
};

/*
 * stk_restore - make the stick (or file) at @target a plain data stick,
 * under the rules of a write: the first and last MiB cleared (old tables,
 * the backup GPT and file system signatures go), one MBR partition from
 * 1 MiB to the end, a file system labelled @label (NULL: "USB") on it,
 * everything written read back past the page cache and the new file
 * system read back and checked. @flags: STK_CHECK_ANY_DEVICE and
 * STK_CHECK_UNMOUNT, as for a write. -EINVAL for a label FAT cannot hold,
 * -ENOENT when exFAT is asked for and mkfs.exfat is missing.
 */
int stk_restore(struct stk_ctx *ctx, const char *target,
		enum stk_restore_fs fs, const char *label, unsigned flags,
		struct stk_restore_result *res);

/* ---- the station: its images partition grown to fill the disk --------- */

struct stk_grow_result {
	uint64_t	old_bytes;	/* the partition before */
	uint64_t	new_bytes;	/* and after (the same: not grown) */
	uint64_t	moved_bytes;	/* data moved up behind larger FATs */
	bool		syslinux;	/* ldlinux.sys was installed again */
};

/*
 * stk_station_grow - grow the last MBR partition of @disk, a FAT32
 * labelled STICKLER (the station's images partition), to the last MiB of
 * the disk, keeping every file: the FATs grow, the data moves up behind
 * them, the cluster size stays (so the size is capped where FAT32 runs
 * out of cluster numbers), syslinux is installed again where it was. The
 * write rules of a target apply (not mounted, USB or MMC unless
 * STK_CHECK_ANY_DEVICE in @flags). An interruption while the data moves leaves the
 * file system broken: write the station image again then.
 * Return: 0 grown, 1 when the partition already fills the disk (within a
 * MiB), -EINVAL when the disk holds no such partition, else -errno.
 */
int stk_station_grow(struct stk_ctx *ctx, const char *disk, unsigned flags,
		     struct stk_grow_result *res);

#endif /* STK_H */

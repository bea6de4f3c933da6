#!/bin/sh
# t280-read-loop.sh - `stickler read` from loop devices with 512- and
# 2048-byte sectors (losetup -b): an ISO followed by junk, a hybrid ISO
# with an appended partition, a GPT disk image; each OUT compared with cmp,
# a .zst one through zstd -dc.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-workbench.sh"
t_desc "read from 512- and 2048-byte-sector loop devices"
t_need_root
t_need xorriso zstd mkfs.fat

# from_loop IMAGE SECTOR NAME RULE: IMAGE plus junk on a loop device with
# SECTOR-byte sectors reads back as IMAGE; the plan says RULE.
from_loop()
{
	back=$(wb_with_junk "$1" "$3.back" 2048) &&
	dev=$(t_loop_attach "$back" -b "$2") &&
	test "$(blockdev --getss "$dev")" = "$2" &&
	"$STICKLER" read "$dev" "$T_TMP/$3.img" >"$T_TMP/out" 2>"$T_TMP/err" &&
	cat "$T_TMP/err" &&
	grep -q "^source: .$(echo "$dev" | sed "s,/,.,g"). (block device, .*, $2-byte sectors), opened read-only" "$T_TMP/err" &&
	grep -q "^reads $(stat -c %s "$1") bytes: $4" "$T_TMP/err" &&
	cmp "$T_TMP/$3.img" "$1" &&
	"$STICKLER" read "$dev" "$T_TMP/$3.img.zst" >/dev/null 2>&1 &&
	zstd -dc "$T_TMP/$3.img.zst" | cmp - "$1" &&
	losetup -d "$dev"
}

for ss in 512 2048; do
	t_expect "$ss-byte sectors: an ISO followed by junk" "
		from_loop \"\$(t_fixture isolinux.iso)\" $ss iso$ss \
			'to the end of the ISO 9660 volume'
	"
	t_expect "$ss-byte sectors: a hybrid ISO with an appended partition" "
		from_loop \"\$(wb_appended_iso)\" $ss app$ss \
			'past the ISO 9660 volume (.*) to the end of partition 2'
	"
	t_expect "$ss-byte sectors: a GPT disk image" "
		from_loop \"\$(t_fixture gpt-disk.img)\" $ss gpt$ss \
			'to the end of the last partition (2) and the backup GPT'
	"
done

t_done

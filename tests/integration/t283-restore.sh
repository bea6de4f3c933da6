#!/bin/sh
# t283-restore.sh - `stickler restore` on a loop device that held a GPT
# disk (both headers) and an ISO: afterwards one MBR partition from 1 MiB,
# no old signature (wipefs, sfdisk), FAT32 clean for fsck.fat -n and
# labelled as asked, or exFAT clean for fsck.exfat -n.
. "$(dirname "$0")/../lib.sh"
t_desc "restore: old GPT gone, one partition, fsck-clean FAT32 and exFAT"
t_need_root
t_need sfdisk wipefs fsck.fat mdir xorriso

MiB=1048576

# old_stick: 128 MiB holding a GPT (backup at the end) and an ISO 9660
# volume in its first partition.
old_stick()
{
	rm -f "$T_TMP/stick.img" && truncate -s 128M "$T_TMP/stick.img" &&
	printf 'start=2048, size=65536, type=L\nstart=67584, type=U\n' |
		sfdisk -q --label gpt "$T_TMP/stick.img" &&
	mkdir -p "$T_TMP/t" && printf 'old\n' >"$T_TMP/t/f" &&
	xorriso -report_about SORRY -as mkisofs -R -o "$T_TMP/old.iso" "$T_TMP/t" 2>/dev/null &&
	dd if="$T_TMP/old.iso" of="$T_TMP/stick.img" bs=1M seek=1 conv=notrunc status=none &&
	wipefs "$T_TMP/stick.img" | grep -q gpt
}

# one_partition DEV TYPE: sfdisk sees an MBR with one partition of TYPE
# from sector 2048 to the end, and wipefs nothing but that table.
one_partition()
{
	sfdisk -d "$1" >"$T_TMP/dump" && cat "$T_TMP/dump" &&
	grep -q "^label: dos$" "$T_TMP/dump" &&
	test "$(grep -c "^$1" "$T_TMP/dump")" = 1 &&
	grep -q "^${1}p\?1 : start= *2048, size= *$((128 * 2048 - 2048)), type=$2$" "$T_TMP/dump" &&
	wipefs "$1" >"$T_TMP/wipefs" && cat "$T_TMP/wipefs" &&
	test "$(tail -n +2 "$T_TMP/wipefs" | wc -l)" = 1 &&
	grep -q " dos " "$T_TMP/wipefs" &&
	! grep -qi "gpt\|iso9660" "$T_TMP/wipefs" &&
	! sfdisk -d "$1" 2>&1 | grep -qi gpt
}

t_expect "FAT32, label DATA: one partition, GPT and ISO gone, fsck clean" '
	old_stick && dev=$(t_loop_attach "$T_TMP/stick.img") &&
	"$STICKLER" restore "$dev" --label DATA --any-device --yes >"$T_TMP/out" &&
	cat "$T_TMP/out" &&
	grep -q "a data stick: one FAT32 partition .DATA. from 1 MiB to the end, verified" "$T_TMP/out" &&
	one_partition "$dev" c &&
	dd if="$dev" of="$T_TMP/part" bs=1M skip=1 status=none &&
	fsck.fat -n "$T_TMP/part" >"$T_TMP/fsck" 2>&1 && cat "$T_TMP/fsck" &&
	! grep -qi "differences\|dirty\|wrong\|invalid" "$T_TMP/fsck" &&
	mdir -i "$T_TMP/part" :: | grep -q "Volume in drive : is DATA" &&
	test "$(tail -c $MiB "$T_TMP/stick.img" | tr -d "\0" | wc -c)" = 0 &&
	losetup -d "$dev"
'

t_expect "the default label is USB" '
	old_stick && dev=$(t_loop_attach "$T_TMP/stick.img") &&
	"$STICKLER" restore "$dev" --any-device --yes >/dev/null &&
	dd if="$dev" of="$T_TMP/part" bs=1M skip=1 status=none &&
	mdir -i "$T_TMP/part" :: | grep -q "Volume in drive : is USB" &&
	losetup -d "$dev"
'

if command -v mkfs.exfat >/dev/null && command -v fsck.exfat >/dev/null; then
	t_expect "exFAT: one partition of type 7, fsck.exfat clean" '
		old_stick && dev=$(t_loop_attach "$T_TMP/stick.img") &&
		"$STICKLER" restore "$dev" --fs exfat --label BIG --any-device --yes >"$T_TMP/out" &&
		one_partition "$dev" 7 &&
		dd if="$dev" of="$T_TMP/part" bs=1M skip=1 status=none &&
		fsck.exfat -n "$T_TMP/part" | grep -q "clean" &&
		test "$(blkid -o value -s LABEL "$T_TMP/part")" = BIG &&
		losetup -d "$dev"
	'
else
	t_skip "exFAT" "needs exfatprogs"
fi

t_expect "the rules of a write: a loop needs --any-device; untouched" '
	old_stick && dev=$(t_loop_attach "$T_TMP/stick.img") &&
	sha=$(sha256sum <"$T_TMP/stick.img") &&
	! "$STICKLER" restore "$dev" --yes 2>"$T_TMP/err" &&
	cat "$T_TMP/err" && grep -q "any-device" "$T_TMP/err" &&
	test "$sha" = "$(sha256sum <"$T_TMP/stick.img")" &&
	! "$STICKLER" restore "$dev" --any-device </dev/null 2>"$T_TMP/err" &&
	grep -q "without --yes" "$T_TMP/err" &&
	! "$STICKLER" restore "$dev" --label "bad*label" --any-device --yes 2>"$T_TMP/err" &&
	grep -q "bad label" "$T_TMP/err" &&
	test "$sha" = "$(sha256sum <"$T_TMP/stick.img")"
'

t_done

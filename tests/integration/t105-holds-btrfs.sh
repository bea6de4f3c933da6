#!/bin/sh
# t105-holds-btrfs.sh - the plan's "it holds now" names a btrfs file
# system and its label, built by mkfs.btrfs: in a GPT partition and on a
# whole target without a partition table.
. "$(dirname "$0")/../lib.sh"
t_desc "plan: 'it holds now' names btrfs (mkfs.btrfs) in a GPT and whole"
t_need sfdisk mkfs.btrfs

disk=$(t_fixture disk.img)
old=$T_TMP/old.img
fs=$T_TMP/fs.img
MiB=1048576

t_expect "make an old stick: a GPT, one partition holding a btrfs" '
	truncate -s 200M "$old" &&
	printf "label: gpt\nstart=2048, size=$((160 * 2048)), name=data\n" |
		sfdisk -q "$old" &&
	truncate -s 160M "$fs" &&
	mkfs.btrfs -q -f -L mypool "$fs" >/dev/null &&
	dd if="$fs" of="$old" bs=1M seek=1 conv=notrunc,sparse status=none
'

t_expect "the plan names the GPT partition as btrfs with its label" '
	"$STICKLER" plan "$disk" "$old" >"$T_TMP/plan" 2>/dev/null &&
	grep "it holds now:" "$T_TMP/plan" >"$T_TMP/holds" &&
	grep -q "it holds now: a GPT with 1 partition: 1: .* btrfs .mypool., 160.0 MiB$" "$T_TMP/holds" || {
		cat "$T_TMP/plan"; false; }
'

t_expect "a whole target that is one btrfs is named too" '
	"$STICKLER" plan "$disk" "$fs" >"$T_TMP/plan" 2>/dev/null &&
	grep -q "it holds now: btrfs .mypool.$" "$T_TMP/plan" || {
		cat "$T_TMP/plan"; false; }
'

t_done

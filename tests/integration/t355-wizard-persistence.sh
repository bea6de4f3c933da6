#!/bin/sh
# t355-wizard-persistence.sh - the options screen offers persistence with
# a size for a live system, says why not for other images, and the stick
# it writes has the ext4 partition the plan promised.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
. "$T_TOP/tests/lib-live.sh"
t_desc "wizard: persistence offered for live-boot, refused with a reason"
t_need tmux xorriso sfdisk jq e2fsck dumpe2fs

live=$(t_fakelive fake-live.iso)
plain=$(t_fixture isolinux.iso)
target=$T_TMP/live-stick.img

t_expect "a non-live image: not offered, and why" '
	w_start &&
	w_to_report "$plain" &&
	w_keys Enter && w_wait "Choose the target" &&
	w_keys End Enter && w_wait "File:" &&
	w_keys C-u && w_type "$T_TMP/x.img" && w_keys Tab C-u &&
	w_type 64M && w_keys Enter && w_wait "Write mode" &&
	w_wait "Persistence" && w_wait "not offered" &&
	w_wait "no squashfs in /live or /casper" &&
	w_keys Down Down Down Right &&
	w_wait "not offered" &&
	w_tmux kill-server
'

t_expect "a live-boot image: offered, sizes walk with Right" '
	w_start &&
	w_to_report "$live" &&
	w_keys Enter && w_wait "Choose the target" &&
	w_keys End Enter && w_wait "File:" &&
	w_keys C-u && w_type "$target" && w_keys Tab C-u &&
	w_type 1200M && w_keys Enter && w_wait "Write mode" &&
	w_wait "Debian live-boot live system: an ext4 partition" &&
	w_wait "< off >" &&
	w_keys Down Down Down Right && w_wait "< 1 GiB >" &&
	w_keys Right && w_wait "< 2 GiB >" &&
	w_keys Left && w_wait "< 1 GiB >"
'

t_expect "the plan says what it adds, and the stick has it" '
	w_keys Enter && w_wait "Type '"'"'" &&
	for i in 1 2 3 4; do w_screen; w_keys NPage; sleep 0.5; done \
		>"$T_TMP/pages" &&
	grep -q "adds a 1.0 GiB ext4 partition labelled .persistence. for Debian" "$T_TMP/pages" &&
	w_type live-stick.img && w_keys Enter &&
	w_wait "Done: written and verified" &&
	sfdisk -J "$target" | jq -e ".partitiontable.partitions[1].type == \"83\"" &&
	e="$target?offset=$(t_part_offset "$target" 2)" &&
	e2fsck -fn "$e" >/dev/null 2>&1 &&
	dumpe2fs -h "$e" 2>/dev/null |
		grep -q "^Filesystem volume name: *persistence$" &&
	test "$(t_part_size "$target" 2)" -ge $((1 << 30)) &&
	test "$(t_part_size "$target" 2)" -lt $(((1 << 30) + (2 << 20)))
'

t_done

#!/bin/sh
# t156-persist-write.sh - ISO mode with persistence for live-boot, MBR and
# GPT: the table as sfdisk reads it, the ext4 as e2fsck, dumpe2fs and
# debugfs read it, the boot entries and checksum lists as mtools, md5sum
# and sha256sum read them.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-isomode.sh"
. "$T_TOP/tests/lib-live.sh"
t_desc "persistence for live-boot: partition, ext4, boot entries, sums"
t_need xorriso mcopy fsck.fat sfdisk syslinux jq e2fsck dumpe2fs debugfs \
	md5sum sha256sum

iso=$(t_fakelive fake-live.iso)
stick=$T_TMP/stick.img

# ext4_check STICK: partition 2 is a clean ext4 labelled persistence
# holding /persistence.conf "/ union"
ext4_check()
{
	e="$1?offset=$(t_part_offset "$1" 2)" &&
	e2fsck -fn "$e" >"$T_TMP/fsck" 2>&1 || {
		cat "$T_TMP/fsck"
		return 1
	}
	dumpe2fs -h "$e" 2>/dev/null >"$T_TMP/dump" &&
	grep -q "^Filesystem volume name: *persistence$" "$T_TMP/dump" &&
	blocks=$(sed -n "s/^Block count: *//p" "$T_TMP/dump") &&
	bs=$(sed -n "s/^Block size: *//p" "$T_TMP/dump") &&
	test $((blocks * bs)) -le "$(t_part_size "$1" 2)" &&
	test $((blocks * bs)) -gt $(($(t_part_size "$1" 2) - 4096)) &&
	debugfs -R "cat /persistence.conf" "$e" 2>/dev/null >"$T_TMP/conf" &&
	test "$(cat "$T_TMP/conf")" = "/ union"
}

t_expect "write with 100 MiB of persistence (MBR)" '
	iso_write "$iso" "$stick" --persistence $((100 << 20))
'

t_expect "the plan says it in words" '
	grep -q "^  adds a 100.0 MiB ext4 partition labelled .persistence. for Debian live-boot; adds .persistence. to 3 boot entries$" \
		"$T_TMP/plan" &&
	grep -q "^  changes ./isolinux/live.cfg.: .persistence. added to 2 boot entries" \
		"$T_TMP/plan" &&
	grep -q "^  changes ./boot/grub/grub.cfg.: .persistence. added to 1 boot entry" \
		"$T_TMP/plan"
'

t_expect "sfdisk: FAT32 active at 1 MiB, then a Linux partition" '
	sfdisk -J "$stick" >"$T_TMP/table" &&
	jq -e ".partitiontable.label == \"dos\"" "$T_TMP/table" &&
	jq -e ".partitiontable.partitions | length == 2" "$T_TMP/table" &&
	jq -e ".partitiontable.partitions[0] | .start == 2048 and .type == \"c\" and .bootable" \
		"$T_TMP/table" &&
	jq -e ".partitiontable.partitions[1].type == \"83\"" "$T_TMP/table" &&
	test "$(t_part_size "$stick" 2)" -ge $((100 << 20)) &&
	test $(($(t_part_offset "$stick" 2) % 1048576)) = 0 &&
	test $(($(t_part_offset "$stick" 2) + $(t_part_size "$stick" 2))) -le \
		"$(stat -c %s "$stick")"
'

t_expect "the ext4: e2fsck clean, label, size, persistence.conf" '
	ext4_check "$stick"
'

t_expect "every live entry has persistence once, the others none" '
	off=$(iso_part_offset "$stick") &&
	mtype -i "$stick@@$off" ::/isolinux/live.cfg >"$T_TMP/live.cfg" &&
	mtype -i "$stick@@$off" ::/boot/grub/grub.cfg >"$T_TMP/grub.cfg" &&
	test "$(grep -ci "^ *append.*boot=live" "$T_TMP/live.cfg")" = 2 &&
	test "$(grep -ci "^ *append.*boot=live.* persistence" "$T_TMP/live.cfg")" = 2 &&
	grep -q "boot=live noapic persistence --- quiet" "$T_TMP/live.cfg" &&
	test "$(grep -c "^ *linux.*boot=live" "$T_TMP/grub.cfg")" = 2 &&
	test "$(grep -c "persistence" "$T_TMP/grub.cfg")" = 3 &&
	! grep -q "persistence.*persistence" "$T_TMP/grub.cfg" &&
	! grep -q "memtest.*persistence" "$T_TMP/grub.cfg"
'

t_expect "md5sum -c and sha256sum -c pass on the stick" '
	rm -rf "$T_TMP/fat" && mkdir "$T_TMP/fat" &&
	mcopy -s -n -i "$stick@@$(iso_part_offset "$stick")" "::/*" \
		"$T_TMP/fat/" &&
	(cd "$T_TMP/fat" && md5sum -c --quiet md5sum.txt &&
		sha256sum -c --quiet sha256sum.txt)
'

t_expect "the FAT is sound and holds the image's files" '
	iso_fsck "$stick" && iso_readback "$iso" "$stick"
'

t_expect "GPT: a Linux file system partition named persistence" '
	rm -f "$stick" &&
	iso_write "$iso" "$stick" --gpt --persistence $((64 << 20)) &&
	sfdisk -J "$stick" >"$T_TMP/table" &&
	jq -e ".partitiontable.label == \"gpt\"" "$T_TMP/table" &&
	jq -e ".partitiontable.partitions[1] | .type == \"0FC63DAF-8483-4772-8E79-3D69D8477DE4\" and .name == \"persistence\"" \
		"$T_TMP/table" &&
	test "$(t_part_size "$stick" 2)" -ge $((64 << 20)) &&
	ext4_check "$stick" && iso_fsck "$stick"
'

t_expect "rest: a 256 MiB target, the ext4 takes what the FAT leaves" '
	rm -f "$stick" &&
	iso_write "$iso" "$stick" --size $((256 << 20)) --persistence rest &&
	test "$(stat -c %s "$stick")" = $((256 << 20)) &&
	test "$(t_part_size "$stick" 2)" -gt $((150 << 20)) &&
	ext4_check "$stick"
'

t_done

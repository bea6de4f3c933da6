#!/bin/sh
# t157-persist-casper.sh - persistence for casper: the label casper reads
# (casper-rw), no live-boot config file, "persistent" on the entries.
# Only the stick's layout is proven here; no Ubuntu image boots in the
# suite.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-isomode.sh"
. "$T_TOP/tests/lib-live.sh"
t_desc "persistence for casper: casper-rw, and persistent on each entry"
t_need xorriso mcopy fsck.fat sfdisk syslinux jq e2fsck dumpe2fs debugfs

iso=$(t_fakelive fake-casper.iso)
stick=$T_TMP/stick.img

t_expect "write with 64 MiB of persistence" '
	iso_write "$iso" "$stick" --persistence $((64 << 20)) &&
	grep -q "^  adds a 64.0 MiB ext4 partition labelled .casper-rw. for Ubuntu casper; adds .persistent. to 3 boot entries$" \
		"$T_TMP/plan"
'

t_expect "an ext4 labelled casper-rw with nothing but lost+found" '
	e="$stick?offset=$(t_part_offset "$stick" 2)" &&
	e2fsck -fn "$e" >/dev/null 2>&1 &&
	dumpe2fs -h "$e" 2>/dev/null |
		grep -q "^Filesystem volume name: *casper-rw$" &&
	debugfs -R "ls -p /" "$e" 2>/dev/null | cut -d/ -f6 | grep . |
		sort | tr "\n" " " >"$T_TMP/ls" &&
	test "$(cat "$T_TMP/ls")" = ". .. lost+found "
'

t_expect "persistent on the casper entries, before the --- tail" '
	off=$(iso_part_offset "$stick") &&
	mtype -i "$stick@@$off" ::/isolinux/live.cfg >"$T_TMP/live.cfg" &&
	mtype -i "$stick@@$off" ::/boot/grub/grub.cfg >"$T_TMP/grub.cfg" &&
	grep -q "append boot=casper components quiet splash persistent$" \
		"$T_TMP/live.cfg" &&
	grep -q "boot=casper noapic persistent --- quiet" "$T_TMP/live.cfg" &&
	grep -q "linux /casper/vmlinuz boot=casper components quiet splash persistent$" \
		"$T_TMP/grub.cfg" &&
	! grep -q "persistence" "$T_TMP/live.cfg" &&
	iso_fsck "$stick"
'

t_done

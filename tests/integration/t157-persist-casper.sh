#!/bin/sh
# t157-persist-casper.sh - persistence for casper: the label the image's
# casper reads, no live-boot config file, "persistent" on the entries.
# casper 1.439 and later (Ubuntu 20.04 on) look for "writable" first and
# fall back to "casper-rw"; older casper knows only "casper-rw" (casper's
# own scripts/casper-helpers and changelog say so). The version comes
# from the casper line of the image's /casper/filesystem.manifest; an
# image without one gets "casper-rw". Only the stick's layout is proven
# here; no Ubuntu image boots in the suite.
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

# label_of ISO: the label of the persistence partition written from ISO,
# as dumpe2fs reads it
label_of()
{
	iso_write "$1" "$T_TMP/l.img" --persistence $((32 << 20)) &&
	dumpe2fs -h "$T_TMP/l.img?offset=$(t_part_offset "$T_TMP/l.img" 2)" \
		2>/dev/null | sed -n "s/^Filesystem volume name: *//p"
}

t_expect "casper 1.445.3 in the manifest: writable, and the plan says why" '
	test "$(label_of "$(t_fakelive fake-casper-focal.iso)")" = writable &&
	grep -q "^  the label: casper 1.445.3 (/casper/filesystem.manifest) looks for .writable. first$" \
		"$T_TMP/plan" &&
	"$STICKLER" probe --json "$(t_fakelive fake-casper-focal.iso)" |
		jq -e ".live.label == \"writable\""
'

t_expect "casper 1.394 in the manifest: casper-rw" '
	test "$(label_of "$(t_fakelive fake-casper-bionic.iso)")" = casper-rw &&
	grep -q "^  the label: casper 1.394 (/casper/filesystem.manifest) knows only .casper-rw.$" \
		"$T_TMP/plan"
'

t_done

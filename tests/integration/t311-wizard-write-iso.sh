#!/bin/sh
# t311-wizard-write-iso.sh - the whole flow in ISO mode: ipxe.iso becomes a
# partitioned FAT32 stick image; `stickler verify` must say it differs from
# the raw image while the wizard's own verification says identical.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
t_desc "wizard: ipxe.iso in ISO mode to a 64 MiB file target"
t_need tmux mdir

iso=$T_TMP/ipxe.iso
cp /usr/lib/ipxe/ipxe.iso "$iso"
target=$T_TMP/iso-stick.img
w_start

t_expect "ISO mode is chosen on the options screen" '
	w_to_report "$iso" &&
	w_to_confirm "$target" 64M "Right Right" &&
	w_wait "Mode:   iso"
'

t_expect "a plan longer than the screen scrolls to its last line" '
	w_wait "more lines: PgDn" &&
	! w_screen | grep -q "is written last" &&
	w_keys NPage && w_keys NPage &&
	w_wait "is written last" &&
	w_gone "more lines: PgDn" &&
	w_keys PPage && w_keys PPage &&
	w_wait "more lines: PgDn"
'

t_expect "the stick is written and verified in ISO mode" '
	w_type iso-stick.img && w_keys Enter &&
	w_wait "Done: written and verified" &&
	w_wait ": identical"
'

t_expect "the file holds an MBR with a FAT partition that mtools reads" '
	test "$(stat -c %s "$target")" = $((64 * 1024 * 1024)) &&
	off=$(sfdisk -d "$target" | sed -n "s/.*start= *\([0-9]*\).*/\1/p" |
	      head -1) &&
	mdir -i "$target@@$((off * 512))" ::/ >"$T_TMP/dir" &&
	grep -qi syslinux "$T_TMP/dir"
'

t_expect "stickler verify (raw comparison) sees it is not the raw image" '
	! "$STICKLER" verify "$iso" "$target" >"$T_TMP/out" 2>&1
'

t_done

#!/bin/sh
# t311-wizard-write-iso.sh - the whole flow in ISO mode: ipxe.iso becomes a
# partitioned FAT32 stick image; the result screen says what the tree
# check proved, and `stickler verify` proves the stick file by file.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
t_desc "wizard: ipxe.iso in ISO mode to a 64 MiB file target"
t_need tmux mdir xorriso

iso=$T_TMP/ipxe.iso
cp /usr/lib/ipxe/ipxe.iso "$iso"
target=$T_TMP/iso-stick.img
n=$(xorriso -indev "$iso" -find / -type f 2>/dev/null | wc -l)
w_start

t_expect "ISO mode is chosen on the options screen" '
	w_to_report "$iso" &&
	w_to_confirm "$target" 64M "Right Right" &&
	w_wait "Mode:   iso"
'

t_expect "a plan longer than the screen scrolls to its last line" '
	w_wait "more lines: PgDn" &&
	! w_screen | grep -q "is written last" &&
	w_keys NPage NPage NPage NPage &&
	w_wait "is written last" &&
	w_gone "more lines: PgDn" &&
	w_keys PPage PPage PPage PPage &&
	w_wait "more lines: PgDn"
'

t_expect "the stick is written and verified in ISO mode" '
	w_type iso-stick.img && w_keys Enter &&
	w_wait "Done: written and verified" &&
	w_wait ": identical"
'

t_expect "the result screen says what the tree check proved" '
	test "$n" -gt 0 &&
	w_wait "$n files (" && w_wait "as in the image," &&
	w_wait "changed as planned"
'

t_expect "the file holds an MBR with a FAT partition that mtools reads" '
	test "$(stat -c %s "$target")" = $((64 * 1024 * 1024)) &&
	off=$(sfdisk -d "$target" | sed -n "s/.*start= *\([0-9]*\).*/\1/p" |
	      head -1) &&
	mdir -i "$target@@$((off * 512))" ::/ >"$T_TMP/dir" &&
	grep -qi syslinux "$T_TMP/dir"
'

t_expect "stickler verify proves the ISO-mode stick file by file" '
	"$STICKLER" verify "$iso" "$target" >"$T_TMP/verify" 2>&1 &&
	cat "$T_TMP/verify" &&
	grep -q "^ISO-mode stick: $n files (.* as in the image, [0-9]* changed as planned; .*: identical$" "$T_TMP/verify"
'

t_done

#!/bin/sh
# t344-wizard-file-target.sh - the image-file target sizes itself as the
# command line does (ISO mode: the image plus room for the FAT, 64 MiB at
# least; a gzip image of unrecorded size: the file grows), its folder is
# checked in the dialog, and the default file is not in the source tree.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
t_desc "wizard: the image-file target's size rule, folder and default path"
t_need tmux xorriso gzip

iso=$(t_fixture isolinux.iso)
hyb=$(t_fixture isohybrid-uefi.iso)
gzip -c "$hyb" >"$T_TMP/h.iso.gz"
# the wizard starts in $T_TMP: make it look like stickler's source tree
mkdir -p "$T_TMP/core" "$T_TMP/ui-ncurses" "$T_TMP/home"
: >"$T_TMP/core/stickler.h"
: >"$T_TMP/ui-ncurses/wizard.h"
W_ENV="HOME=$T_TMP/home"
w_start

t_expect "in the source tree the default file is in the home folder" '
	w_to_report "$iso" && w_keys Enter && w_wait "Choose the target" &&
	w_keys End Enter && w_wait "File:" &&
	w_screen | grep -q "File: *$T_TMP/home/stickler.img"
'

t_expect "a folder that does not exist is said in the dialog" '
	w_keys C-u && w_type "/nonexistent/dir/s.img" && w_keys Enter &&
	w_wait "no folder '"'"'/nonexistent/dir'"'"'" &&
	w_screen | grep -q "File:"
'

t_expect "a non-hybrid ISO, no size: ISO mode, 64 MiB, as write does" '
	w_keys C-u && w_type "$T_TMP/s.img" && w_keys Enter &&
	w_wait "Write mode" && w_keys Enter && w_wait "Type '"'"'s.img'"'"'" &&
	w_screen >"$T_TMP/s" &&
	grep -q "ERASE:  s.img, 64.0 MiB" "$T_TMP/s" &&
	grep -q "Mode:   iso" "$T_TMP/s" &&
	! grep -q "cannot write this" "$T_TMP/s" &&
	"$STICKLER" write --dry-run "$iso" "$T_TMP/s2.img" 2>/dev/null |
		grep -q "new file, 64.0 MiB"
'

t_expect "a gzip image of unrecorded size, no size: planned, not refused" '
	w_keys Escape && w_wait "Write mode" && w_keys Escape &&
	w_wait "Choose the target" && w_keys Escape && w_wait "Image report" &&
	w_keys Escape && w_wait "Choose an image" &&
	w_to_report "$T_TMP/h.iso.gz" && w_keys Enter &&
	w_wait "Choose the target" && w_keys End Enter && w_wait "File:" &&
	w_wait "not recorded: the file grows" &&
	w_keys C-u && w_type "$T_TMP/g.img" && w_keys Tab C-u Enter &&
	w_wait "Write mode" && w_keys Enter && w_wait "Type '"'"'g.img'"'"'" &&
	! w_screen | grep -q "cannot write this" &&
	w_type g.img && w_keys Enter && w_wait "Done: written and verified" &&
	gzip -dc "$T_TMP/h.iso.gz" | cmp - "$T_TMP/g.img"
'

t_done

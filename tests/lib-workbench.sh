# SPDX-License-Identifier: GPL-3.0-or-later
# lib-workbench.sh - helpers of the tests of ls, cat, extract, read,
# restore and test: xorriso as the oracle for ISO trees, listings of
# extracted trees, hostile ISOs. Source after lib.sh.

export LC_ALL=C.UTF-8

# wb_deep_iso: an ISO (Rock Ridge + Joliet) of the boot tests' deep tree:
# deeper than 8 levels, names past 64 characters, Latin, Greek and CJK.
wb_deep_iso()
{
	out=$T_TMP/deep-tree.iso
	test -f "$out" && { echo "$out"; return 0; }
	tree=$(t_bootfix tree) || return 1
	xorriso -report_about SORRY -as mkisofs -R -J -joliet-long \
		-disable-deep-relocation -V DEEP -o "$out" "$tree" \
		2>/dev/null || return 1
	echo "$out"
}

# wb_xorriso IMAGE DIR: the oracle's extraction of the whole tree.
wb_xorriso()
{
	t_rm_tree "$2" &&
	xorriso -report_about SORRY -osirrox on -indev "$1" -extract / "$2" \
		2>"$T_TMP/xorriso.err" || {
		cat "$T_TMP/xorriso.err"
		return 1
	}
}

# wb_listing DIR: one line per entry: type, path, link target, size, and
# the mtime for files and directories (xorriso gives symlinks the time of
# extraction; DIR itself is left out).
wb_listing()
{
	(cd "$1" && find . -mindepth 1 \( -type l -printf '%y %p -> %l\n' \) \
		-o \( -type d -printf '%y %p %T@\n' \) \
		-o -printf '%y %p %s %T@\n') | LC_ALL=C sort
}

# wb_modes DIR: the permission bits stickler promises: what the image has,
# plus u+rw (files) or u+rwx (directories), never set-id or sticky.
wb_modes()
{
	(cd "$1" && find . -mindepth 1 ! -type l -printf '%y %p %m\n') |
		LC_ALL=C sort
}

# wb_patch FILE OLD NEW: replace every occurrence of the string OLD (same
# length as NEW) in FILE, byte for byte; fails if there is none.
wb_patch()
{
	offs=$(grep -obUaF "$2" "$1" | cut -d: -f1)
	test -n "$offs" || return 1
	for o in $offs; do
		printf '%s' "$3" |
			dd of="$1" bs=1 seek="$o" conv=notrunc status=none ||
			return 1
	done
}

# wb_appended_iso: a hybrid ISO with a FAT partition appended after the
# volume (xorriso -append_partition), no padding after it.
wb_appended_iso()
{
	out=$T_TMP/appended.iso
	test -f "$out" && { echo "$out"; return 0; }
	mkdir -p "$T_TMP/ap" && printf 'on the CD\n' >"$T_TMP/ap/file" &&
	mkfs.fat -C "$T_TMP/ap.fat" 2048 >/dev/null &&
	xorriso -report_about SORRY -as mkisofs -R -no-pad -o "$out" \
		-append_partition 2 0xef "$T_TMP/ap.fat" "$T_TMP/ap" \
		2>/dev/null || return 1
	echo "$out"
}

# wb_with_junk IMAGE NAME [ALIGN]: IMAGE followed by 3 MiB of random bytes
# (and as many more as make it a multiple of ALIGN bytes).
wb_with_junk()
{
	out=$T_TMP/$2
	cp "$1" "$out" && t_random "lib-workbench:$2" 3145728 >>"$out" || return 1
	if test -n "${3:-}"; then
		s=$(stat -c %s "$out")
		r=$((s % $3))
		test "$r" = 0 || t_random "lib-workbench:$2:pad" $(($3 - r)) >>"$out"
	fi
	echo "$out"
}

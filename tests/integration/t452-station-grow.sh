#!/bin/sh
# t452-station-grow.sh - a station-like stick (ISO mode, images partition
# FAT32 labelled STICKLER) put on a larger disk grows with station-grow:
# the partition ends on the disk's last MiB, fsck.fat finds it clean, the
# files read back equal, a second run finds nothing to do, a disk without
# such a partition is refused untouched, and the grown stick still boots
# on SeaBIOS (syslinux installed again after the data moved).
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-boot.sh"
t_desc "station-grow: the images partition fills a larger disk"
t_need_boot
t_need sfdisk fsck.fat mcopy mdir

iso=$(t_bootfix bios-isolinux.iso) || t_skip_all "cannot build the boot fixture"
stick=$T_TMP/stick.img
off=1048576
export MTOOLS_SKIP_CHECK=1

# sha256 of every file, as mtools reads the FAT at $off of $1.
sums()
{
	mdir -/ -b -i "$1@@$off" ::/ | sed 's|^::/||' | sort | while read -r f; do
		mtype -i "$1@@$off" "::/$f" 2>/dev/null | sha256sum |
			sed "s|-\$|$f|"
	done
}

t_expect "an ISO-mode stick of 64 MiB labelled STICKLER with a file added" '
	"$STICKLER" write "$iso" "$stick" --mode iso --label STICKLER \
		--size 64M --yes --progress=none &&
	head -c 3000000 /dev/urandom >"$T_TMP/extra.bin" &&
	mcopy -i "$stick@@$off" "$T_TMP/extra.bin" ::/extra.bin &&
	sums "$stick" >"$T_TMP/before" && test "$(wc -l <"$T_TMP/before")" -gt 5 &&
	cp "$stick" "$T_TMP/small.img"
'

t_expect "on a 300 MiB disk it grows to the last MiB" '
	truncate -s 300M "$stick" &&
	"$STICKLER" station-grow "$stick" >"$T_TMP/out" && cat "$T_TMP/out" &&
	grep -q "grew from 63.0 MiB to 299.0 MiB, syslinux installed again" "$T_TMP/out" &&
	sfdisk -d "$stick" | grep -q "start= *2048, size= *612352, type=c"
'

t_expect "fsck.fat finds it clean, with the larger size" '
	dd if="$stick" of="$T_TMP/part" bs=1M skip=1 status=none &&
	fsck.fat -n -v "$T_TMP/part" >"$T_TMP/fsck" 2>&1 &&
	! grep -qiE "differences|dirty|lost|mismatch|will be|free cluster summary wrong" "$T_TMP/fsck" &&
	grep -q "612352 sectors total" "$T_TMP/fsck" &&
	minfo -i "$stick@@$off" | grep -q "big size: 612352 sectors"
'

t_expect "every file reads back as before (ldlinux.sys aside, installed anew)" '
	sums "$stick" >"$T_TMP/after" &&
	diff "$T_TMP/before" "$T_TMP/after" >"$T_TMP/diff"; cat "$T_TMP/diff";
	! grep "^[<>]" "$T_TMP/diff" | grep -v " ldlinux.sys\$" | grep -q .
'

t_expect "a second run finds nothing to do and changes nothing" '
	cp "$stick" "$T_TMP/grown.img" &&
	"$STICKLER" station-grow "$stick" | grep -q "already fills the disk" &&
	cmp "$stick" "$T_TMP/grown.img"
'

t_expect "a disk whose last partition is not STICKLER is refused untouched" '
	"$STICKLER" write "$iso" "$T_TMP/other.img" --mode iso --label OTHER \
		--size 64M --yes --progress=none &&
	truncate -s 200M "$T_TMP/other.img" && cp "$T_TMP/other.img" "$T_TMP/other.orig" &&
	! "$STICKLER" station-grow "$T_TMP/other.img" 2>"$T_TMP/err" &&
	grep -q "is not a FAT32 labelled .STICKLER." "$T_TMP/err" &&
	cmp "$T_TMP/other.img" "$T_TMP/other.orig"
'

t_expect "the grown stick boots on SeaBIOS through syslinux" '
	t_boot "$stick" bios "STK-BOOT-OK variant=plain via=isolinux"
'
t_done

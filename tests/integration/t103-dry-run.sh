#!/bin/sh
# t103-dry-run.sh - write --dry-run prints the plan the confirmation shows,
# names what the target holds now, and never opens the target for writing.
. "$(dirname "$0")/../lib.sh"
t_desc "write --dry-run: the plan, what the target holds, nothing written"
t_need xorriso sfdisk mkfs.fat mkfs.ext4 strace script

disk=$(t_fixture disk.img)
iso=$(t_fixture isolinux.iso)
old=$T_TMP/old.img

# an old stick: an MBR (sfdisk), a FAT32 and an ext4 file system on it
t_expect "make an old stick with two labelled file systems" '
	truncate -s 64M "$old" &&
	printf "label: dos\n1MiB,30MiB,c\n,,83\n" | sfdisk -q "$old" &&
	mkfs.fat -F 32 -n OLDSTICK --offset 2048 "$old" 30720 >/dev/null &&
	mkfs.ext4 -q -F -L mydata -E offset=$((31 << 20)) "$old" 33M &&
	sha256sum "$old" >"$T_TMP/sum" && stat -c %Y "$old" >"$T_TMP/mtime"
'

t_expect "the plan names the old table, file systems and labels; exit 0" '
	touch -d @1000000000 "$old" &&
	"$STICKLER" write --dry-run "$disk" "$old" >"$T_TMP/plan" \
		2>"$T_TMP/err" &&
	grep -q "^target: .*old.img. (file, " "$T_TMP/plan" &&
	grep -q "it holds now: an MBR with 2 partitions: 1: FAT32 .OLDSTICK., 30.0 MiB; 2: ext4 .mydata., 33.0 MiB$" "$T_TMP/plan" &&
	grep -q "^everything on .*old.img. is destroyed" "$T_TMP/plan" &&
	grep -q "dry run: nothing written; target .*old.img. untouched" "$T_TMP/err"
'

t_expect "the target is unchanged, its mtime too" '
	sha256sum -c --quiet "$T_TMP/sum" &&
	test "$(stat -c %Y "$old")" = 1000000000
'

t_expect "the target is never opened for writing (strace)" '
	strace -f -qq -e trace=open,openat,creat,truncate -o "$T_TMP/trace" \
		"$STICKLER" write --dry-run "$disk" "$old" >/dev/null 2>&1 &&
	grep "old\.img" "$T_TMP/trace" >"$T_TMP/opens" &&
	test -s "$T_TMP/opens" &&
	! grep -E "O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|creat\(|truncate\(" \
		"$T_TMP/opens"
'

t_expect "the dry run prints what the confirmation shows, line for line" '
	printf "no\n" | script -qec "\"$STICKLER\" write \"$disk\" \"$old\"" \
		/dev/null | tr -d "\r" >"$T_TMP/tty";
	sed -n "/^image: /,/^everything on/p" "$T_TMP/tty" >"$T_TMP/confirm" &&
	test -s "$T_TMP/confirm" &&
	diff "$T_TMP/plan" "$T_TMP/confirm" &&
	sha256sum -c --quiet "$T_TMP/sum"
'

t_expect "stickler plan prints the same plan" '
	"$STICKLER" write --dry-run "$disk" "$old" >"$T_TMP/p1" 2>/dev/null &&
	"$STICKLER" plan "$disk" "$old" >"$T_TMP/p2" 2>/dev/null &&
	diff "$T_TMP/p1" "$T_TMP/p2" && sha256sum -c --quiet "$T_TMP/sum"
'

t_expect "a new file is CREATE and is not created" '
	"$STICKLER" write --dry-run "$iso" "$T_TMP/new.img" --size 100M \
		>"$T_TMP/plan" 2>/dev/null &&
	grep -q "^  CREATE: .*new.img. does not exist yet" "$T_TMP/plan" &&
	grep -q "the label changes: the ISO.s .ISOLINUX_TEST. is .ISOLINUX_TE. on the stick" "$T_TMP/plan" &&
	test ! -e "$T_TMP/new.img"
'

t_expect "an existing 256 MiB file: the plan says what the write makes of it" '
	big=$T_TMP/big.img && truncate -s 256M "$big" &&
	mib=$(($(stat -c %s "$disk") >> 20)) &&
	test "$(stat -c %s "$disk")" = $((mib << 20)) &&
	"$STICKLER" plan "$disk" "$big" >"$T_TMP/plan" 2>/dev/null &&
	grep -q "^target: .*big.img. (file, 256.0 MiB, 512-byte sectors)$" \
		"$T_TMP/plan" &&
	grep -q "^  the file is overwritten and cut to $mib.0 MiB$" \
		"$T_TMP/plan" &&
	"$STICKLER" write "$disk" "$big" --yes >/dev/null 2>&1 &&
	test "$(stat -c %s "$big")" = "$(stat -c %s "$disk")" &&
	cmp "$disk" "$big"
'

t_expect "raw mode of a non-hybrid ISO says it will not boot from a stick" '
	"$STICKLER" write --dry-run --mode raw "$iso" "$old" \
		>"$T_TMP/plan" 2>/dev/null &&
	grep -q "^WARNING: this ISO is not a disk image (not hybrid): written byte for byte it will not boot from a stick" "$T_TMP/plan"
'

t_expect "--progress=json: one JSON object, the plan in it" '
	"$STICKLER" write --dry-run --progress=json "$disk" "$old" \
		>"$T_TMP/json" 2>/dev/null &&
	test "$(wc -l <"$T_TMP/json")" = 1 &&
	jq -e ".phase == \"result\" and .exit_status == 0 and .state == \"untouched\"" "$T_TMP/json" >/dev/null &&
	jq -r .plan "$T_TMP/json" | grep -q "it holds now: an MBR"
'

t_done

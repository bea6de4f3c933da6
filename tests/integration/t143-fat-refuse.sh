#!/bin/sh
# t143-fat-refuse.sh - what FAT cannot hold is refused with the name and
# the reason, never mangled: illegal characters, trailing dots and
# spaces, names equal to FAT but for case, 4 GiB files, a partition too
# small for FAT32, files larger than the partition, a bad label.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-fat.sh"
t_desc "FAT builder refusals name the cause"

# refused NAME PATTERN: a tree holding only NAME is refused, the message
# names it and matches PATTERN, and mkfat leaves no file system.
refused()
{
	d=$(mktemp -d "$T_TMP/tree.XXXXXX") &&
	echo x >"$d/$1" &&
	! "$MKFAT" build "$d.img" 0 64M "$d" 2>"$d.err" &&
	cat "$d.err" &&
	grep -qF "cannot put '$1' on FAT" "$d.err" &&
	grep -q "$2" "$d.err" &&
	! fsck.fat -n "$d.img" >/dev/null 2>&1
}

for n in 'a:b' 'star*' 'what?' 'say"hi"' '<tag>' 'pi|pe' 'back\slash'; do
	t_expect "'$n' is refused" "refused '$n' 'cannot hold'"
done

t_expect "a control character is refused" '
	refused "$(printf "bell\\007")" "control character"
'

t_expect "a trailing dot or space is refused, not dropped" '
	refused "name." "ends in a dot or a space" &&
	refused "name " "ends in a dot or a space"
'

# A name over 255 UTF-16 units cannot exist on the host (255 bytes at
# most); test-fatname covers it.

t_expect "names equal but for case in one directory are refused" '
	d=$T_TMP/case && mkdir "$d" && echo 1 >"$d/Readme" &&
	echo 2 >"$d/README" &&
	! "$MKFAT" build "$T_TMP/case.img" 0 64M "$d" 2>"$T_TMP/err" &&
	grep -E "cannot put .(Readme|README). on FAT: .(README|Readme). is the same name to FAT" "$T_TMP/err"
'

t_expect "a file of 4 GiB is refused as FAT32 cannot hold it" '
	d=$T_TMP/huge && mkdir "$d" && truncate -s 4G "$d/huge.iso" &&
	! "$MKFAT" build "$T_TMP/huge.img" 0 64M "$d" 2>"$T_TMP/err" &&
	grep -q "huge.iso. is 4 GiB or larger" "$T_TMP/err"
'

t_expect "a partition too small for FAT32 is refused" '
	d=$T_TMP/tiny && mkdir "$d" &&
	! "$MKFAT" build "$T_TMP/tiny.img" 0 32M "$d" 2>"$T_TMP/err" &&
	grep -q "partition of 32 MiB is too small for FAT32 with 512-byte clusters (it needs 33 MiB)" "$T_TMP/err"
'

t_expect "files larger than the partition: -ENOSPC with both sizes" '
	d=$T_TMP/full && mkdir "$d" && truncate -s 70M "$d/big.bin" &&
	! "$MKFAT" build "$T_TMP/full.img" 0 64M "$d" 2>"$T_TMP/err" &&
	grep -q "the files need 70 MiB but the FAT32 file system holds 6[0-9] MiB" "$T_TMP/err"
'

t_expect "a label that is not FAT-legal is refused" '
	d=$T_TMP/lab && mkdir "$d" &&
	! "$MKFAT" build -l "lower" "$T_TMP/lab.img" 0 64M "$d" 2>"$T_TMP/err" &&
	grep -q "bad label .lower.: a FAT label is upper case" "$T_TMP/err" &&
	! "$MKFAT" build -l "TWELVE CHARS" "$T_TMP/lab.img" 0 64M "$d" 2>"$T_TMP/err" &&
	grep -q "at most 11 characters" "$T_TMP/err"
'

t_done

# SPDX-License-Identifier: GPL-3.0-or-later
# lib-live.sh - live system fixtures and read-back helpers for the
# persistence tests. Source it after lib.sh.
#
#   iso=$(t_fakelive fake-live.iso)     tests/data/mkfakelive.sh, no root
#   iso=$(t_liveiso)                    tests/data/mklive.sh: a real Debian
#                                       live system (root, ~10 minutes once)
#   t_part_offset IMAGE N               byte offset of partition N (sfdisk)
#   t_part_size IMAGE N                 its size in bytes

PATH=$PATH:/usr/sbin:/sbin

t_fakelive()
{
	"$T_TOP/tests/data/mkfakelive.sh" "$T_FIXTURES/fakelive" "$1" >&2 ||
		t_fail "cannot build fixture '$1'"
	echo "$T_FIXTURES/fakelive/$1"
}

t_liveiso()
{
	"$T_TOP/tests/data/mklive.sh" "$T_FIXTURES/live" live.iso >&2 ||
		t_fail "cannot build the live system fixture"
	echo "$T_FIXTURES/live/live.iso"
}

# sfdisk's own reading of the table, not stickler's.
t_part_field()
{
	sfdisk -J "$1" | jq -r ".partitiontable.partitions[$(($2 - 1))].$3"
}

t_part_offset()
{
	echo $(($(t_part_field "$1" "$2" start) * 512))
}

t_part_size()
{
	echo $(($(t_part_field "$1" "$2" size) * 512))
}

# SPDX-License-Identifier: GPL-3.0-or-later
# lib-devices.sh - helpers for the device tests: a fixture sysfs per test.

# t_sysfs_fixture: build the fixture machine under $T_TMP/fx and point
# stickler at it (STICKLER_SYSFS, STICKLER_MOUNTINFO, STICKLER_SWAPS).
t_sysfs_fixture()
{
	"$T_TOP/tests/data/mksysfs.sh" "$T_TMP/fx" || return 1
	STICKLER_SYSFS=$T_TMP/fx/sys
	STICKLER_MOUNTINFO=$T_TMP/fx/mountinfo
	STICKLER_SWAPS=$T_TMP/fx/swaps
	export STICKLER_SYSFS STICKLER_MOUNTINFO STICKLER_SWAPS
}

# t_max_width FILE: fails when a line of FILE is wider than 80 columns.
t_max_width()
{
	awk 'length($0) > 80 { print "line " NR " is " length($0) \
		" columns: " $0; bad = 1 } END { exit bad }' "$1"
}

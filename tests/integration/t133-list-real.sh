#!/bin/sh
# t133-list-real.sh - `stickler list --all --json` on this machine's own
# sysfs: it parses, and the disk holding / is listed but never offered.
# Only sysfs and /proc are read; no disk is opened.
. "$(dirname "$0")/../lib.sh"
t_desc "list this machine's disks from the real sysfs"
t_need jq
unset STICKLER_SYSFS STICKLER_MOUNTINFO STICKLER_SWAPS

t_expect "the list is valid JSON and every reason has its flag" '
	"$STICKLER" list --all --json >"$T_TMP/list.json" &&
	jq -e "[.devices[] | (.offered == (.reason == null))] | all" \
		"$T_TMP/list.json"
'

# the disk under /, as the kernel numbers it (none in some containers)
rootdev=$(awk '$5 == "/" { print $3; exit }' /proc/self/mountinfo)
disk=
if test -e "/sys/dev/block/$rootdev"; then
	disk=$(basename "$(readlink -f "/sys/dev/block/$rootdev")")
	test -e "/sys/dev/block/$rootdev/partition" &&
		disk=$(basename "$(dirname "$(readlink -f \
			"/sys/dev/block/$rootdev")")")
fi

if test -n "$disk"; then
	t_expect "the disk holding / ($disk) is not offered" '
		jq -e --arg n "$disk" ".devices[] | select(.name == \$n) |
			.offered == false and
			(.reason | startswith(\"holds \") or startswith(\"used by \"))" \
			"$T_TMP/list.json"
	'
else
	echo "# / is not on a block device here: no system disk to look for"
fi

t_expect "the text list fits 80 columns" '
	"$STICKLER" list --all >"$T_TMP/list.txt" &&
	! awk "length(\$0) > 80" "$T_TMP/list.txt" | grep -q .
'

t_done

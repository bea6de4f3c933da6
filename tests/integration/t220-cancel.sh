#!/bin/sh
# t220-cancel.sh - Ctrl-C during a write to a slow (USB 2-like) device:
# exit 4, the first MiB never written, the state said; progress lines.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "SIGINT mid-write on a throttled device"
t_need_root
t_need nbdkit nbdfuse fusermount3 jq

plugin=$T_TOP/tests/data/faulty-disk.sh
img=$(w_random img 24M)
export FD_DISK="$T_TMP/slow.back"
tr '\0' '\377' </dev/zero | head -c 32M >"$FD_DISK"
# 64 Mbit/s = 8 MB/s: the write takes about three seconds
dev=$(w_nbd_device slow --filter=rate sh "$plugin" rate=64M) ||
	t_skip_all "cannot build the throttled device"

# wait_for FILE JQ-FILTER: until a line of FILE matches (bounded)
wait_for()
{
	i=0
	until jq -e "$2" "$1" 2>/dev/null | grep -q true; do
		i=$((i + 1))
		test $i -lt 600 || return 1
		sleep 0.05
	done
}

t_expect "SIGINT once some data is written: exit 4, first MiB untouched" '
	"$STICKLER" write "$img" "$dev" --mode raw --any-device --yes \
		--progress=json >"$T_TMP/lines" 2>"$T_TMP/err" &
	pid=$! &&
	wait_for "$T_TMP/lines" "select(.phase == \"write\") | .done >= 4194304" &&
	kill -INT $pid && { wait $pid; test $? = 4; } &&
	grep -q "stopped by the user; target .* partially written .*first MiB was not written, so it will not boot" "$T_TMP/err" &&
	test "$(wc -l <"$T_TMP/err")" = 1 &&
	w_head_wiped "$FD_DISK"
'

# the total: the 24 MiB image and the cleared last MiB of the device
t_expect "progress lines while it ran: write phase, growing, with a total" '
	jq -se "map(select(.phase == \"write\")) | length >= 2 and
		all(.total == 26214400) and
		(map(.done) == (map(.done) | sort))" "$T_TMP/lines" >/dev/null
'

t_done

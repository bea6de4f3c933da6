#!/bin/sh
# t272-many-cancel.sh - Ctrl-C while three throttled sticks are written:
# every one stops, exit 4, each one's state said, no first MiB written.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "SIGINT with several targets: all stop, each states what it holds"
t_need_root
t_need nbdkit nbdfuse fusermount3 jq

plugin=$T_TOP/tests/data/faulty-disk.sh
img=$(w_random img 24M)
for i in 1 2 3; do
	export FD_DISK="$T_TMP/slow$i.back"
	tr '\0' '\377' </dev/zero | head -c 32M >"$FD_DISK"
	# 64 Mbit/s = 8 MB/s: the write takes about three seconds
	w_nbd_device "slow$i" --filter=rate sh "$plugin" rate=64M \
		>"$T_TMP/dev$i" || t_skip_all "cannot build throttled devices"
done
d1=$(cat "$T_TMP/dev1") d2=$(cat "$T_TMP/dev2") d3=$(cat "$T_TMP/dev3")

t_expect "SIGINT once each has written some: exit 4, all three stopped" '
	"$STICKLER" write "$img" "$d1" "$d2" "$d3" --mode raw --any-device \
		--yes --progress=json >"$T_TMP/lines" 2>"$T_TMP/err" &
	pid=$! && i=0 &&
	until test "$(jq -r "select(.phase == \"write\" and .done >= 4194304) | .target" "$T_TMP/lines" 2>/dev/null | sort -u | wc -l)" = 3; do
		i=$((i + 1)) && test $i -lt 600 && sleep 0.05 || return 1
	done &&
	kill -INT $pid && { wait $pid; test $? = 4; } &&
	for d in "$d1" "$d2" "$d3"; do
		grep -q "^$d (.*): stopped in .* partially written .*first MiB was not written" "$T_TMP/err" || return 1
	done &&
	test "$(tail -1 "$T_TMP/err")" = "0 of 3 sticks written and verified; $d1 stopped; $d2 stopped; $d3 stopped" &&
	test "$(jq -r "select(.phase == \"result\") | .error" "$T_TMP/lines" | sort -u)" = "stopped by the user" &&
	for i in 1 2 3; do w_head_wiped "$T_TMP/slow$i.back" || return 1; done
'

t_done

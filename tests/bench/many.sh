#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# many.sh - one image to several sticks at once (part of `make bench`):
#   4 sticks throttled like USB 2, and a mixed set (2 like USB 3, 2 like
#   USB 2): the total time against dd on the slowest single stick, and
#   when the fast sticks finish (the ring lets each run at most a few
#   chunks ahead of the slowest);
#   the source bytes read, from the stat of the loop device the image is
#   on (a "master stick"), against the image's size;
#   peak RSS for N = 1, 4, 8, 16 targets (zeros to devices that discard).
# Usage: many.sh [MB] [ROUNDS]; needs root and cgroup v1 blkio.
# Environment: RSS_MB (256), SKIP_SETS (only the RSS part).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
B=${B:-build}
case $B in /*) ;; *) B=$top/$B ;; esac
STICKLER=${STICKLER:-$B/stickler}
MB=${1:-96}
ROUNDS=${2:-3}
RSS_MB=${RSS_MB:-256}
dir=${MANY_DIR:-/dev/shm/stk-many.$$}	# not under run.sh's, which its
					# cleanup removes
cg=/sys/fs/cgroup/blkio/stk-many
MiB=1048576
loops=()

die() { echo "bench many: $*" >&2; exit 1; }
test "$(id -u)" = 0 || die "needs root"
test -x "$STICKLER" || die "build first: no $STICKLER"
for c in losetup dd jq bc /usr/bin/time; do
	command -v "$c" >/dev/null || die "needs $c"
done

. "$top/tests/bench/lib.sh"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$dir" || die "cannot create $dir"
test -f /sys/fs/cgroup/blkio/blkio.throttle.write_bps_device ||
	die "no cgroup v1 blkio throttling: nothing to measure"
mkdir -p "$cg" || die "cannot create $cg"



# timed CMD...: run CMD in the throttled cgroup, print its wall time
timed()
{
	local t0 t1
	t0=$(date +%s.%N)
	(echo $BASHPID >"$cg/cgroup.procs"; exec "$@") >"$dir/last.out" \
		2>"$dir/last.err" ||
		{ cat "$dir/last.err" >&2; die "failed: $*"; }
	t1=$(date +%s.%N)
	echo "$t1 - $t0" | bc
}

median() { sort -g | awk '{ v[NR] = $1 } END {
	if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }


# The image on a loop device of its own, unthrottled: a master stick
head -c $((MB * MiB)) /dev/urandom >"$dir/img.back"
src=$(losetup --show -f -r "$dir/img.back") && loops+=("$src") || die losetup

# bench_set NAME "W:R W:R ...": N sticks with those write:read MiB/s
bench_set()
{
	local name=$1 spec=$2 devs=() rates=() d i=0 r slow=0 slowdev
	local t_dd t_ddr t_w t_wv before after
	for r in $spec; do
		d=$(attach "$name$i" "$MB") && loops+=("$d") || die losetup
		limit "$d" "${r%%:*}" "${r##*:}"
		devs+=("$d")
		rates+=("${r%%:*}")
		if test "$slow" = 0 || test "${r%%:*}" -lt "$slow"; then
			slow=${r%%:*}
			slowdev=$d
		fi
		i=$((i + 1))
	done
	: >"$dir/dd" ; : >"$dir/ddr"; : >"$dir/w"; : >"$dir/wv"; : >"$dir/rd"
	# no warm-up round: the throttle sets the pace from the first one
	for r in $(seq 1 "$ROUNDS"); do
		drop
		t_dd=$(timed dd if="$src" of="$slowdev" bs=4M oflag=direct \
			conv=fsync status=none) || exit 1
		t_ddr=$(timed dd if="$slowdev" of=/dev/null bs=4M \
			iflag=direct count=$((MB / 4)) status=none) || exit 1
		drop
		before=$(sectors_read "$src")
		t_w=$(timed "$STICKLER" write "$src" "${devs[@]}" --mode raw \
			--any-device --yes --no-verify) || exit 1
		after=$(sectors_read "$src")
		drop
		t_wv=$(timed "$STICKLER" write "$src" "${devs[@]}" --mode raw \
			--any-device --yes --progress=json) || exit 1
		cp "$dir/last.out" "$dir/$name.json"
		echo "$t_dd" >>"$dir/dd"
		echo "$t_ddr" >>"$dir/ddr"
		echo "$t_w" >>"$dir/w"
		echo "$t_wv" >>"$dir/wv"
		echo $(((after - before) * 512)) >>"$dir/rd"
	done
	t_dd=$(median <"$dir/dd") t_ddr=$(median <"$dir/ddr")
	t_w=$(median <"$dir/w") t_wv=$(median <"$dir/wv")
	printf "%-10s %-30s %8.2f s %8.2f s %7s  %s\n" "$name" \
		"write, ${#devs[@]} sticks ($MB MiB)" "$t_w" "$t_dd" \
		"$(echo "scale=3; $t_w / $t_dd" | bc)" \
		"target <= 1.05 x dd on the slowest ($slow MiB/s)"
	printf "%-10s %-30s %8.2f s %8.2f s %7s  %s\n" "$name" \
		"write + verify" "$t_wv" "$(echo "$t_dd + $t_ddr" | bc)" \
		"$(echo "scale=3; $t_wv / ($t_dd + $t_ddr)" | bc)" \
		"dd write + dd direct read of the slowest"
	printf "%-10s %-30s %8.3f x the image (%s bytes read for %s)  target <= 1.02\n" \
		"$name" "source read" \
		"$(echo "scale=3; $(median <"$dir/rd") / ($MB * $MiB)" | bc)" \
		"$(median <"$dir/rd")" "$((MB * MiB))"
	# when each stick finished writing (last round), by its speed
	for i in "${!devs[@]}"; do
		printf "%-10s   %-28s %s\n" "" "${devs[$i]} (${rates[$i]} MiB/s)" \
			"$(jq -r "select(.phase == \"result\" and .target == \"${devs[$i]}\") |
				\"write done at \(.write_s) s, verify \(.verify_s) s, \(.verify)\"" \
				"$dir/$name.json")"
	done
	for d in "${devs[@]}"; do
		limit "$d" 0 0
		losetup -d "$d"
	done
	rm -f "$dir/$name"*.back
}

echo "# one image, many sticks: $MB MiB, rounds $ROUNDS, median; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# policy: one ring of 6 x 4 MiB chunks shared by all; a stick may run 24 MiB ahead of the slowest"
printf "%-10s %-30s %10s %10s %7s  %s\n" set case stickler dd ratio goal
if test -z "${SKIP_SETS:-}"; then
	bench_set usb2x4 "12:35 12:35 12:35 12:35"
	bench_set mixed "40:100 40:100 12:35 12:35"
fi

# Peak RSS for N targets: zeros to loop devices over one nbdkit null disk
# (writes are discarded, reads give zeros: verify passes, no RAM used)
if command -v nbdkit >/dev/null && command -v nbdfuse >/dev/null; then
	fuse_dir=$dir/fuse
	mkdir -p "$fuse_dir"
	nbdkit -U "$dir/null.sock" -P "$dir/null.pid" null "$((RSS_MB + 2))M"
	# the pid file may appear a moment after nbdkit returns; without
	# it the cleanup cannot stop nbdkit
	for i in $(seq 100); do test -s "$dir/null.pid" && break; sleep 0.1; done
	nbd_pid=$(cat "$dir/null.pid")
	nbdfuse "$fuse_dir/disk" --unix "$dir/null.sock" &
	for i in $(seq 100); do test -e "$fuse_dir/disk" && break; sleep 0.1; done
	head -c "$((RSS_MB * MiB))" /dev/zero >"$dir/zeros"
	nulls=()
	for i in $(seq 16); do
		d=$(losetup --show -f --direct-io=on "$fuse_dir/disk") &&
			loops+=("$d") && nulls+=("$d")
	done
	for n in 1 4 8 16; do
		/usr/bin/time -f "%M %e" -o "$dir/rss" "$STICKLER" write \
			"$dir/zeros" "${nulls[@]:0:$n}" --mode raw --any-device \
			--yes >/dev/null 2>&1 || die "the RSS run with $n failed"
		read -r kib secs <"$dir/rss"
		printf "%-10s %-30s %8.1f MiB (%s s, write + verify of %s MiB)  target <= 64 MiB\n" \
			null "peak RSS, $n targets" "$(echo "scale=1; $kib / 1024" | bc)" \
			"$secs" "$RSS_MB"
	done
fi

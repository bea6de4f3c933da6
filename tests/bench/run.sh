#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# run.sh - `make bench`: stickler against dd on the same targets in the
# same run (interleaved, the median of ROUNDS, a warm-up round first on
# the RAM target), a table of ratios and the spread of every timing.
# Needs root (loop devices, cgroup v1 blkio throttling).
#
# Targets (all loop devices with --direct-io=on over files in /dev/shm):
#   usb3   throttled to 40 MiB/s write, 100 MiB/s read
#   usb2   throttled to 12 MiB/s write, 35 MiB/s read
#   ram    not throttled: stickler's own CPU overhead
# The throttle is cgroup v1 blkio.throttle.{write,read}_bps_device on the
# loop's major:minor; where that does not exist nbdkit's rate filter would
# be the fallback (not needed on this machine, so not built here).
#
# Environment: ROUNDS (3), RAM_ROUNDS (3), USB3_MB (256), USB2_MB (96),
# RAM_MB (1024), BLOCK_MB (32: the sizes are multiples of it), RSS_GB (4),
# STICKLER (build/stickler), BENCH_DIR (/dev/shm/stk-bench), ISO_MIB (1024),
# ISO_USB3_MIB (192), ISO_ROUNDS (3), ISO_RAM_ROUNDS (3), SPARSE_ROUNDS (3);
# MANY_MB (96), MANY_ROUNDS (3); SKIP_ISOMODE, SKIP_SPARSE, SKIP_USB2,
# SKIP_MANY leave those parts out; COMPRESSED ("zst xz gz") the compressed
# cases ("" for none).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
B=${B:-build}
case $B in /*) ;; *) B=$top/$B ;; esac
STICKLER=${STICKLER:-$B/stickler}
ROUNDS=${ROUNDS:-3}
# the RAM target's timings spread by 10-80% on a busy host: its spread
# line says so; more rounds there did not narrow it and cost minutes
RAM_ROUNDS=${RAM_ROUNDS:-3}
USB3_MB=${USB3_MB:-256}
USB2_MB=${USB2_MB:-96}
RAM_MB=${RAM_MB:-1024}
RSS_GB=${RSS_GB:-4}
BLOCK_MB=${BLOCK_MB:-32}
dir=${BENCH_DIR:-/dev/shm/stk-bench}
cg=/sys/fs/cgroup/blkio/stk-bench
MiB=1048576
loops=()

die() { echo "bench: $*" >&2; exit 1; }
test "$(id -u)" = 0 || die "needs root (loop devices, cgroups)"
test -x "$STICKLER" || die "build first: no $STICKLER"
for c in losetup dd cmp zstd xz gzip /usr/bin/time; do
	command -v "$c" >/dev/null || die "needs $c"
done

. "$top/tests/bench/lib.sh"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$dir" || die "cannot create $dir"

# ---- helpers -----------------------------------------------------------


throttle_ok=no
if test -f /sys/fs/cgroup/blkio/blkio.throttle.write_bps_device; then
	mkdir -p "$cg" && throttle_ok=yes
fi


# timed NAME CMD...: run CMD in the bench cgroup, append its wall time to
# $dir/NAME.times; a failing command aborts the bench
timed()
{
	local name=$1 t0 t1
	shift
	t0=$(date +%s.%N)
	(test "$throttle_ok" = yes && echo $BASHPID >"$cg/cgroup.procs"
	 exec "$@") >"$dir/last.out" 2>&1 ||
		{ cat "$dir/last.out" >&2; die "failed: $*"; }
	t1=$(date +%s.%N)
	echo "$t1 - $t0" | bc >>"$dir/$name.times"
}

median()
{
	sort -g "$dir/$1.times" | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2];
		else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}



# ---- one target --------------------------------------------------------

# bench_target NAME DEV IMG MB ROUNDS WARM: dd and stickler, interleaved,
# ROUNDS times, after a warm-up round that does not count when WARM is 1
# (the RAM target, where the CPU and caches set the pace; on a throttled
# target the throttle does, and the first round is like the others)
bench_target()
{
	local name=$1 dev=$2 img=$3 mb=$4 rounds=$5 warm=$6
	local count r z dec before after f
	count=$((mb / 4))
	rm -f "$dir/$name".*.times
	for r in $(seq $((1 - warm)) "$rounds"); do
		drop
		before=$(sectors_written "$dev")
		timed "$name.ddw" dd if="$img" of="$dev" bs=4M oflag=direct \
			conv=fsync
		after=$(sectors_written "$dev")
		echo $(((after - before) * 512)) >"$dir/$name.ddw_bytes"
		timed "$name.ddr" dd if="$dev" of=/dev/null bs=4M \
			iflag=direct count="$count"
		test "$name" = ram &&
			timed "$name.ddcmp" sh -c "dd if=$dev bs=4M \
				iflag=direct count=$count status=none |
				cmp - $img"
		before=$(sectors_written "$dev")
		timed "$name.stkw" "$STICKLER" write "$img" "$dev" --mode raw \
			--any-device --yes --no-verify
		after=$(sectors_written "$dev")
		echo $(((after - before) * 512)) >"$dir/$name.stkw_bytes"
		before=$(sectors_read "$dev")
		timed "$name.stkwv" "$STICKLER" write "$img" "$dev" --mode raw \
			--any-device --yes
		after=$(sectors_read "$dev")
		echo $(((after - before) * 512 / MiB)) >"$dir/$name.verify_mib"
		for z in zst xz gz; do
			test -f "$img.$z" || continue
			timed "$name.stk$z" "$STICKLER" write "$img.$z" "$dev" \
				--mode raw --any-device --yes --no-verify
			test "$name" = ram || continue
			case $z in
			zst) dec="zstd -dc" ;; xz) dec="xz -dc" ;; gz) dec="gzip -dc" ;;
			esac
			timed "$name.dd$z" sh -c "$dec $img.$z | dd of=$dev bs=4M \
				iflag=fullblock oflag=direct conv=fsync status=none"
		done
		# the warm-up round does not count
		if test "$r" = 0; then
			for f in "$dir/$name".*.times; do : >"$f"; done
		fi
	done
}

ratio() { echo "scale=3; $1 / $2" | bc; }

# spreads NAME ROUNDS: every timing of target NAME as (max - min) /
# median, in %, to judge whether ROUNDS is enough
spreads()
{
	local f c out=
	for f in "$dir/$1".*.times; do
		test -s "$f" || continue
		c=${f##*/$1.}
		out="$out ${c%.times} $(sort -g "$f" | awk -v m="$(median "$1.${c%.times}")" '
			NR == 1 { lo = $1 } { hi = $1 }
			END { printf "%.1f%%", (m > 0) ? (hi - lo) * 100 / m : 0 }')"
	done
	echo "         spread (max - min) / median over $2 rounds:$out"
}

row()
{
	printf "%-8s %-34s %8.2f s %8.2f s %7s  %s\n" "$1" "$2" "$3" "$4" \
		"$(ratio "$3" "$4")" "$5"
}

# nominal NAME WHAT RATE: the bytes WHAT (ddw, stkw) sent to the device in
# the last round, and its median time against those bytes at RATE MiB/s
nominal()
{
	local b t
	b=$(cat "$dir/$1.$2_bytes") t=$(median "$1.$2")
	printf "%s %.2f MiB in %.3f s = %s x nominal" "$2" \
		"$(echo "scale=2; $b / $MiB" | bc)" "$t" \
		"$(echo "scale=4; $t * $3 * $MiB / $b" | bc)"
}

report_target()
{
	local n=$1 mb=$2 rounds=$3 lim_w=$4 lim_v=$5 rate=${6:-}
	local ddw ddr ddc sw swv per z sz
	ddw=$(median "$n.ddw") ddr=$(median "$n.ddr")
	test "$n" = ram && ddc=$(median "$n.ddcmp")
	sw=$(median "$n.stkw") swv=$(median "$n.stkwv")
	row "$n" "write ($mb MiB)" "$sw" "$ddw" "target <= $lim_w x dd"
	# the throttle's own rate: what each way would take at exactly it
	test -n "$rate" &&
		echo "         at $rate MiB/s: $(nominal "$n" ddw "$rate"), $(nominal "$n" stkw "$rate")"
	if test "$n" = ram; then
		per=$(echo "scale=3; $swv * 1024 / $mb" | bc)
		row "$n" "write + verify" "$swv" "$(echo "$ddw + $ddc" | bc)" \
			"target <= 0.6 s/GiB: $per s/GiB (dd + cmp: $(echo "scale=3; ($ddw + $ddc) * 1024 / $mb" | bc) s/GiB)"
	else
		row "$n" "write + verify" "$swv" "$(echo "$ddw + $ddr" | bc)" \
			"target <= $lim_v x (dd write + dd direct read)"
	fi
	echo "         verify read $(cat "$dir/$n.verify_mib") MiB from the device (loop stat)"
	for z in zst xz gz; do
		test -s "$dir/$n.stk$z.times" || continue
		sz=$(median "$n.stk$z")
		if test "$n" = ram; then
			row "$n" "write .$z" "$sz" "$(median "$n.dd$z")" \
				"target <= 1.00 x ${z}-dc | dd"
		else
			row "$n" "write .$z" "$sz" "$sw" \
				"target <= 1.00 x uncompressed write"
		fi
	done
	spreads "$n" "$rounds"
}

# ---- the run -----------------------------------------------------------

echo "# stickler bench: $(date -u +%FT%TZ), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# throttle: $( test "$throttle_ok" = yes && echo "cgroup v1 blkio" || echo "none (no cgroup v1 blkio: usb rows are unthrottled)")"
echo "# rounds: $ROUNDS, on the RAM target $RAM_ROUNDS (+1 warm-up), median; images: a block of $BLOCK_MB MiB of random bytes repeated, in /dev/shm"

# The images repeat one block of random bytes, and the compressed ones
# are that block's stream repeated (gzip members, xz streams and zstd
# frames may follow one another; every decompressor here reads them all).
# Each stream starts afresh, so a byte costs what it would in one long
# stream; compressing a GiB of random bytes three ways took minutes.
blk=$((BLOCK_MB * MiB))
head -c "$blk" /dev/urandom >"$dir/block"
COMPRESSED=${COMPRESSED-zst xz gz}
for z in $COMPRESSED; do
	case $z in
	zst) zstd -q -1 -T0 -c "$dir/block" >"$dir/block.zst" ;;
	xz) xz -0 -T0 -c "$dir/block" >"$dir/block.xz" ;;
	gz) gzip -1 -c "$dir/block" >"$dir/block.gz" ;;
	esac
done
# repeat FILE MB: FILE repeated for MB MiB of image (whole blocks)
repeat()
{
	local i
	for i in $(seq 1 $(($2 / BLOCK_MB))); do cat "$1"; done
}
for t in usb3:$USB3_MB usb2:$USB2_MB ram:$RAM_MB; do
	test $((${t#*:} % BLOCK_MB)) = 0 ||
		die "${t%:*}: ${t#*:} MiB is not a multiple of BLOCK_MB ($BLOCK_MB)"
	repeat "$dir/block" "${t#*:}" >"$dir/${t%:*}.img"
	for z in $COMPRESSED; do
		repeat "$dir/block.$z" "${t#*:}" >"$dir/${t%:*}.img.$z"
	done
done
rm -f "$dir"/block*

printf "%-8s %-34s %10s %10s %7s  %s\n" target case stickler baseline ratio goal
usb3=$(attach usb3 "$USB3_MB") && loops+=("$usb3") || die "losetup"
test "$throttle_ok" = yes && limit "$usb3" 40 100
bench_target usb3 "$usb3" "$dir/usb3.img" "$USB3_MB" "$ROUNDS" 0
report_target usb3 "$USB3_MB" "$ROUNDS" 1.005 1.01 \
	"$(test "$throttle_ok" = yes && echo 40)"
test "$throttle_ok" = yes && limit "$usb3" 0 0	# 0 removes the rule
losetup -d "$usb3"; rm -f "$dir/usb3.back" "$dir"/usb3.img*

if test -z "${SKIP_USB2:-}"; then
usb2=$(attach usb2 "$USB2_MB") && loops+=("$usb2") || die "losetup"
test "$throttle_ok" = yes && limit "$usb2" 12 35
bench_target usb2 "$usb2" "$dir/usb2.img" "$USB2_MB" "$ROUNDS" 0
report_target usb2 "$USB2_MB" "$ROUNDS" 1.01 1.01 \
	"$(test "$throttle_ok" = yes && echo 12)"
test "$throttle_ok" = yes && limit "$usb2" 0 0
losetup -d "$usb2"; rm -f "$dir/usb2.back" "$dir"/usb2.img*
fi

ram=$(attach ram "$RAM_MB") && loops+=("$ram") || die "losetup"
bench_target ram "$ram" "$dir/ram.img" "$RAM_MB" "$RAM_ROUNDS" 1
report_target ram "$RAM_MB" "$RAM_ROUNDS" 1.05 -
losetup -d "$ram"; rm -f "$dir/ram.back" "$dir"/ram.img*

# Peak RSS during a big write: zeros through a device that discards them
# (nbdkit's null plugin through nbdfuse), so no RAM is spent on a target.
if command -v nbdkit >/dev/null && command -v nbdfuse >/dev/null; then
	fuse_dir=$dir/fuse
	mkdir -p "$fuse_dir"
	nbdkit -U "$dir/null.sock" -P "$dir/null.pid" null "${RSS_GB}G"
	# the pid file may appear a moment after nbdkit returns; without
	# it the cleanup cannot stop nbdkit
	for i in $(seq 100); do test -s "$dir/null.pid" && break; sleep 0.1; done
	nbd_pid=$(cat "$dir/null.pid")
	nbdfuse "$fuse_dir/disk" --unix "$dir/null.sock" &
	for i in $(seq 100); do test -e "$fuse_dir/disk" && break; sleep 0.1; done
	null=$(losetup --show -f --direct-io=on "$fuse_dir/disk") &&
		loops+=("$null")
	head -c "${RSS_GB}G" /dev/zero | zstd -q -1 -T0 >"$dir/zeros.zst"
	/usr/bin/time -f "%M %e" -o "$dir/rss" "$STICKLER" write \
		"$dir/zeros.zst" "$null" --mode raw --any-device --yes \
		>/dev/null 2>&1 || die "the RSS run failed"
	read -r kib secs <"$dir/rss"
	printf "%-8s %-34s %8.1f MiB (%s s, write + verify of %s GiB .zst)  target <= 64 MiB\n" \
		null "peak RSS" "$(echo "scale=1; $kib / 1024" | bc)" "$secs" "$RSS_GB"
fi
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# ISO mode against raw mode and the classic unprivileged way, on the RAM
# target and on the USB-3-like one
if test -z "${SKIP_ISOMODE:-}"; then
	echo
	B="$B" "$top/tests/bench/isomode.sh" "${ISO_MIB:-1024}" \
		"${ISO_RAM_ROUNDS:-3}"
	if test "$throttle_ok" = yes; then
		echo
		THROTTLE="40 100" ISO_GOAL=1.01 B="$B" \
			"$top/tests/bench/isomode.sh" "${ISO_USB3_MIB:-192}" \
			"${ISO_ROUNDS:-3}"
	fi
fi

# One image to several sticks at once
if test -z "${SKIP_MANY:-}"; then
	echo
	B="$B" "$top/tests/bench/many.sh" "${MANY_MB:-96}" "${MANY_ROUNDS:-3}"
fi

# Sparse images: a bmap write against bmaptool copy
if test -z "${SKIP_SPARSE:-}"; then
	echo
	B="$B" "$top/tests/bench/sparse.sh" "${SPARSE_ROUNDS:-3}"
fi

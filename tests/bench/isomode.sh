#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# isomode.sh - ISO mode against raw mode and against the classic way of
# making the same stick without mounting (parted, mkfs.fat --offset,
# xorriso extract, mcopy -s, syslinux --offset), on the same loop device
# in the same run, with the bytes each way wrote to the device.
#
#   sudo B=build tests/bench/isomode.sh [ISO_MIB] [ROUNDS]
#
# With THROTTLE="WRITE READ" (MiB/s) the loop device is throttled like a
# USB stick (cgroup v1 blkio) and every way runs in that cgroup.
#
# The source ISO (not hybrid, ISOLINUX) and the target's backing file are
# in /dev/shm; the loop device uses direct I/O, so the page cache does not
# flatter anyone. Prints one table; needs root for the loop device.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
B=${B:-build}
case $B in /*) ;; *) B=$top/$B ;; esac
stickler=$B/stickler
mib=${1:-1024}
rounds=${2:-3}
test "$(id -u)" = 0 || { echo "isomode.sh: needs root (loop devices)" >&2; exit 1; }
work=$(mktemp -d /dev/shm/stk-bench-iso.XXXXXX)
loop=
throttle=${THROTTLE:-}
cg=/sys/fs/cgroup/blkio/stk-bench-iso
cleanup()
{
	test -n "$loop" && losetup -d "$loop" 2>/dev/null
	test -d "$cg" && rmdir "$cg" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

# 1. A non-hybrid ISOLINUX ISO of about $mib MiB: a few large files and
# a few thousand small ones, as installer images have.
tree=$work/tree
mkdir -p "$tree/isolinux" "$tree/pool" "$tree/docs"
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 \
	"$tree/isolinux/"
printf 'default live\nlabel live\n  kernel /pool/big0\n' \
	>"$tree/isolinux/isolinux.cfg"
small=2000
big=$(((mib - small * 16 / 1024) / 4))
for i in 0 1 2 3; do
	head -c $((big << 20)) /dev/urandom >"$tree/pool/big$i"
done
for i in $(seq 1 $small); do
	head -c 16384 /dev/urandom >"$tree/docs/f$i.txt"
done
iso=$work/bench.iso
xorriso -report_about SORRY -as mkisofs -R -J -V BENCH \
	-b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot \
	-boot-load-size 4 -boot-info-table -o "$iso" "$tree" 2>/dev/null
rm -rf "$tree"
iso_bytes=$(stat -c %s "$iso")
size=$(((iso_bytes * 5 / 4 + (64 << 20)) / 1048576 * 1048576))

truncate -s "$size" "$work/target.img"
loop=$(losetup --show -f --direct-io=on "$work/target.img")
dev=$(basename "$loop")
if test -n "$throttle"; then
	test -f /sys/fs/cgroup/blkio/blkio.throttle.write_bps_device || {
		echo "isomode.sh: no cgroup v1 blkio to throttle with" >&2
		exit 1
	}
	mkdir -p "$cg"
	mm=$(lsblk -dno MAJ:MIN "$loop" | tr -d ' ')
	echo "$mm $((${throttle% *} << 20))" >"$cg/blkio.throttle.write_bps_device"
	echo "$mm $((${throttle#* } << 20))" >"$cg/blkio.throttle.read_bps_device"
fi

written() { awk '{ printf "%.0f\n", $7 * 512 }' "/sys/block/$dev/stat"; }
now() { date +%s.%N; }

# run NAME COMMAND...: time it, record the bytes the device took.
declare -A secs bytes
run()
{
	name=$1
	shift
	b0=$(written)
	t0=$(now)
	(test -n "$throttle" && echo $BASHPID >"$cg/cgroup.procs"
	 "$@") >"$work/$name.log" 2>&1 || {
		echo "isomode.sh: '$name' failed:" >&2
		tail -5 "$work/$name.log" >&2
		exit 1
	}
	sync
	t=$(echo "$(now) - $t0" | bc)
	secs[$name]="${secs[$name]:-} $t"
	bytes[$name]=$(($(written) - b0))
}

classic()
{
	ex=$work/extract
	rm -rf "$ex" && mkdir "$ex" &&
	parted -s "$loop" mklabel msdos mkpart primary fat32 1MiB 100% \
		set 1 boot on &&
	mkfs.fat -I -F 32 --offset 2048 "$loop" $(((size >> 10) - 1024)) &&
	xorriso -osirrox on -indev "stdio:$iso" -extract / "$ex" &&
	mcopy -s -i "$loop@@1M" "$ex"/* ::/ &&
	syslinux --install --offset 1048576 --directory / "$loop" &&
	dd if=/usr/lib/syslinux/mbr/mbr.bin of="$loop" bs=440 count=1 \
		conv=notrunc &&
	rm -rf "$ex"
}

for r in $(seq 1 "$rounds"); do
	run raw "$stickler" write "$iso" "$loop" --mode raw --any-device \
		--yes --no-verify
	run iso "$stickler" write "$iso" "$loop" --mode iso --any-device \
		--yes --no-verify
	run iso+verify "$stickler" write "$iso" "$loop" --mode iso \
		--any-device --yes
	run classic classic
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 }
	END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
printf 'ISO %d MiB, target %d MiB (loop, direct I/O, /dev/shm%s), %d rounds\n' \
	$((iso_bytes >> 20)) $((size >> 20)) \
	"${throttle:+, throttled to ${throttle% *}/${throttle#* } MiB/s write/read}" \
	"$rounds"
printf '%-12s %9s %8s %14s  %s\n' way seconds "x raw" "MiB to device" goal
raw=$(echo "${secs[raw]}" | median)
for n in raw iso iso+verify classic; do
	m=$(echo "${secs[$n]}" | median)
	case $n in
	iso) goal="target <= ${ISO_GOAL:-1.10} x raw" ;;
	iso+verify)
		goal=$(printf "%.2f s/GiB" \
			"$(echo "$m * 1073741824 / $iso_bytes" | bc -l)")
		test -n "$throttle" || goal="$goal (target <= 0.6 s/GiB)" ;;
	*) goal= ;;
	esac
	printf '%-12s %9.2f %8.3f %14d  %s\n' "$n" "$m" \
		"$(echo "$m / $raw" | bc -l)" $((bytes[$n] >> 20)) "$goal"
done

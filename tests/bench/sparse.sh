#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# sparse.sh - the sparse case of `make bench`: a 2 GiB ext4 image holding
# about 200 MiB of files, with bmaptool's bmap, written to a RAM-backed
# loop device by stickler (write + verify) and by bmaptool copy (no
# read-back), interleaved, and the bytes each sent to the device.
#
#   sudo B=build tests/bench/sparse.sh [ROUNDS]
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
B=${B:-build}
case $B in /*) ;; *) B=$top/$B ;; esac
stickler=$B/stickler
rounds=${1:-3}
img_mib=${SPARSE_IMG_MIB:-2048}
data_mib=${SPARSE_DATA_MIB:-200}
test "$(id -u)" = 0 || { echo "sparse.sh: needs root (loop devices)" >&2; exit 1; }
command -v bmaptool >/dev/null || { echo "sparse.sh: needs bmaptool" >&2; exit 1; }
work=$(mktemp -d /dev/shm/stk-bench-sparse.XXXXXX)
loop=
cleanup()
{
	test -n "$loop" && losetup -d "$loop" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

# 1. The image: files of 1 MiB of random bytes, mkfs.ext4 -d, bmaptool.
mkdir -p "$work/tree/data"
for i in $(seq 1 "$data_mib"); do
	head -c 1048576 /dev/urandom >"$work/tree/data/f$i"
done
img=$work/disk.img
truncate -s $((img_mib << 20)) "$img"
mkfs.ext4 -q -F -E nodiscard -d "$work/tree" "$img" >/dev/null
rm -rf "$work/tree"
bmaptool -q create "$img" -o "$img.bmap"
mapped=$(($(sed -n 's/.*<MappedBlocksCount> *\([0-9]*\).*/\1/p' \
	"$img.bmap") * 4096))

truncate -s $(((img_mib + 2) << 20)) "$work/target"
loop=$(losetup --show -f --direct-io=on "$work/target")
dev=$(basename "$loop")
written() { awk '{ printf "%.0f\n", $7 * 512 }' "/sys/block/$dev/stat"; }
now() { date +%s.%N; }

declare -A secs bytes
run()
{
	name=$1
	shift
	b0=$(written)
	t0=$(now)
	"$@" >"$work/$name.log" 2>&1 || {
		echo "sparse.sh: '$name' failed:" >&2
		tail -5 "$work/$name.log" >&2
		exit 1
	}
	t=$(echo "$(now) - $t0" | bc)
	secs[$name]="${secs[$name]:-} $t"
	bytes[$name]=$(($(written) - b0))
}

# round 0 warms up and does not count
for r in $(seq 0 "$rounds"); do
	run stk "$stickler" write "$img" "$loop" --mode raw --any-device --yes
	run stk-noverify "$stickler" write "$img" "$loop" --mode raw \
		--any-device --yes --no-verify
	run bmaptool bmaptool -q copy "$img" "$loop"
	if test "$r" = 0; then
		unset secs
		declare -A secs
	fi
done
run stk-whole "$stickler" write "$img" "$loop" --mode raw --any-device \
	--yes --no-bmap --no-verify

median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 }
	END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
s=$(echo "${secs[stk]}" | median)
snv=$(echo "${secs[stk-noverify]}" | median)
bt=$(echo "${secs[bmaptool]}" | median)
whole=$(echo "${secs[stk-whole]}" | median)
printf 'sparse: ext4 image of %d MiB, %d MiB mapped (bmaptool 3.x bmap), RAM loop, %d rounds\n' \
	"$img_mib" $((mapped >> 20)) "$rounds"
printf '%-8s %-34s %8.2f s %8.2f s %7.3f  %s\n' ram \
	"sparse write + verify vs bmaptool" "$s" "$bt" \
	"$(echo "scale=3; $s / $bt" | bc)" \
	"target <= 1.00 x bmaptool copy (no read-back)"
printf '%-8s %-34s %8.2f s %8.2f s %7.3f  %s\n' ram \
	"sparse write, no verify" "$snv" "$bt" \
	"$(echo "scale=3; $snv / $bt" | bc)" "(for reference)"
printf '%-8s %-34s %8d MiB %6d MiB %7.3f  %s\n' ram \
	"bytes sent to the device (loop stat)" $((bytes[stk] >> 20)) \
	$((mapped >> 20)) "$(echo "scale=3; ${bytes[stk]} / $mapped" | bc)" \
	"target <= 1.10 x mapped bytes"
printf '%-8s %-34s %8.2f s (whole image, --no-bmap, no verify; bmaptool sent %d MiB)\n' \
	ram "for scale" "$whole" $((bytes[bmaptool] >> 20))

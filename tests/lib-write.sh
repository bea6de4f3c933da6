# SPDX-License-Identifier: GPL-3.0-or-later
# lib-write.sh - helpers of the write engine's tests (t12x, t2xx): images
# of random bytes, byte flips, exit status capture, nbdkit-backed faulty
# block devices. Source after lib.sh.

# w_random NAME SIZE: a file of SIZE random bytes under $T_TMP (SIZE as for
# head -c, e.g. 7340544 or 20M).
w_random()
{
	f=$T_TMP/$1
	t_random "lib-write:$1" "$2" >"$f" || return 1
	echo "$f"
}

# w_flip FILE OFFSET: invert one byte of FILE in place.
w_flip()
{
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "\\$(printf %03o $((255 - b)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# w_status CMD...: run CMD, keep stdout in $T_TMP/out, stderr in
# $T_TMP/err, and print its exit status (never fails itself).
w_status()
{
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	echo $?
}

# w_zero_at FILE OFFSET LEN: are LEN bytes of FILE at OFFSET all zero?
w_zero_at()
{
	test "$(dd if="$1" bs=4096 skip=$(($2 / 4096)) count=$(($3 / 4096)) \
		status=none | tr -d '\0' | wc -c)" = 0
}

# w_nbd_device NAME NBDKIT-ARGS...: serve a disk with nbdkit (e.g.
# `sh "$T_TOP/tests/data/faulty-disk.sh"`, or `--filter=rate memory 64M
# rate=160M`), expose it as a file through nbdfuse, attach that with a loop
# device using direct I/O, and print the loop device. Torn down at exit:
# the loop first, then the FUSE mount, then nbdkit.
w_nbd_device()
{
	name=$1
	shift
	mnt=$T_TMP/fuse-$name
	sock=$T_TMP/$name.sock
	mkdir -p "$mnt" || return 1
	nbdkit -U "$sock" -P "$T_TMP/$name.pid" "$@" \
		>"$T_TMP/$name.nbdkit.log" 2>&1 || return 1
	t_on_exit "kill \$(cat '$T_TMP/$name.pid')"
	nbdfuse "$mnt/disk" --unix "$sock" >"$T_TMP/$name.fuse.log" 2>&1 &
	t_on_exit "fusermount3 -u '$mnt' || umount -l '$mnt'"
	i=0
	while ! test -e "$mnt/disk"; do
		i=$((i + 1))
		test $i -lt 100 || return 1
		sleep 0.1
	done
	dev=$(losetup --show -f --direct-io=on "$mnt/disk") || return 1
	t_on_exit "losetup -d '$dev'"
	echo "$dev"
}

# w_head_wiped FILE: a target that was all 0xff before an interrupted
# write holds zeros in its first 8 KiB (the old boot sector and primary
# GPT header, wiped before the body) and nothing new in the rest of its
# first MiB (written last).
w_head_wiped()
{
	test "$(head -c 8192 "$1" | tr -d '\0' | wc -c)" = 0 &&
	test "$(head -c 1048576 "$1" | tail -c +8193 | tr -d '\377' | wc -c)" = 0
}

#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# faulty-disk.sh - an nbdkit sh plugin: a disk backed by a file, with the
# faults the write engine's tests need, set through the environment:
#   FD_DISK=FILE           backing store; its size is the real capacity
#   FD_SIZE=BYTES          size announced (larger than FILE: offsets wrap
#                          around, the way counterfeit sticks behave)
#   FD_DROP=1              with FD_SIZE: writes past the real size are
#                          accepted and lost, reads there give zeros (the
#                          other way counterfeit sticks behave)
#   FD_BAD_WRITE=OFF:LEN   writes touching these bytes fail with EIO
#   FD_BAD_READ=OFF:LEN    reads touching these bytes fail with EIO
#   FD_VANISH_AFTER=BYTES  once this many bytes were written, every request
#                          fails (the stick was pulled out)
# Used as: nbdkit sh tests/data/faulty-disk.sh

disk=${FD_DISK:?}
real=$(stat -c %s "$disk")
size=${FD_SIZE:-$real}
count=${3:-0}
off=${4:-0}

# overlaps OFF:LEN: does this request touch that byte range?
overlaps()
{
	test -n "$1" || return 1
	b=${1%%:*} l=${1##*:}
	test "$off" -lt $((b + l)) && test $((off + count)) -gt "$b"
}

gone()
{
	test -n "${FD_VANISH_AFTER:-}" && test -f "$disk.written" &&
		test "$(cat "$disk.written")" -ge "$FD_VANISH_AFTER"
}

# io OP OFFSET COUNT: dd on the backing file at OFFSET modulo its size.
io()
{
	if test -n "${FD_DROP:-}" && test $(($2 + $3)) -gt "$real"; then
		drop "$@"
		return
	fi
	o=$(($2 % real)) n=$3
	while test "$n" -gt 0; do
		c=$n
		test $((o + c)) -le "$real" || c=$((real - o))
		if test "$1" = r; then
			dd if="$disk" bs=64K skip="$o" count="$c" \
				iflag=skip_bytes,count_bytes status=none ||
				return 1
		else
			dd of="$disk" bs=64K seek="$o" count="$c" \
				iflag=count_bytes,fullblock \
				oflag=seek_bytes conv=notrunc status=none ||
				return 1
		fi
		n=$((n - c))
		o=0
	done
}

# drop OP OFFSET COUNT: the part below the real size as io(), the rest
# lost (writes) or zeros (reads).
drop()
{
	below=0
	test "$2" -lt "$real" && below=$((real - $2))
	if test "$1" = r; then
		test "$below" = 0 || FD_DROP= io r "$2" "$below" || return 1
		head -c $(($3 - below)) /dev/zero
	else
		if test "$below" != 0; then
			head -c "$below" | FD_DROP= io w "$2" "$below" || return 1
		fi
		cat >/dev/null
	fi
}

case $1 in
get_size)
	echo "$size"
	;;
can_write | can_flush)
	exit 0
	;;
flush)
	gone && { echo "EIO gone" >&2; exit 1; }
	exit 0
	;;
pread)
	gone && { echo "EIO gone" >&2; exit 1; }
	overlaps "${FD_BAD_READ:-}" && { echo "EIO bad read" >&2; exit 1; }
	io r "$off" "$count" || exit 1
	;;
pwrite)
	gone && { cat >/dev/null; echo "EIO gone" >&2; exit 1; }
	if overlaps "${FD_BAD_WRITE:-}"; then
		cat >/dev/null
		echo "EIO bad write" >&2
		exit 1
	fi
	io w "$off" "$count" || exit 1
	w=$(cat "$disk.written" 2>/dev/null || echo 0)
	echo $((w + count)) >"$disk.written"
	;;
*)
	exit 2
	;;
esac

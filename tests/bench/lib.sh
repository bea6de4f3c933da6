# SPDX-License-Identifier: GPL-3.0-or-later
# lib.sh - what the bench scripts share: loop devices over files in $dir,
# cgroup v1 blkio throttling in $cg, the cleanup of both. Set dir, cg,
# MiB and loops=() before sourcing; die() is defined by the caller.

bench_cleanup()
{
	for d in "${loops[@]}"; do losetup -d "$d" 2>/dev/null; done
	test -d "$cg" && rmdir "$cg" 2>/dev/null
	test -n "${nbd_pid:-}" && kill "$nbd_pid" 2>/dev/null
	test -n "${fuse_dir:-}" && { fusermount3 -u "$fuse_dir" 2>/dev/null ||
		umount -l "$fuse_dir" 2>/dev/null; }
	rm -rf "$dir"
}

# attach NAME MB: a loop device over a /dev/shm file of MB MiB (+ 2 MiB)
attach()
{
	truncate -s $((($2 + 2) * MiB)) "$dir/$1.back" &&
		losetup --show -f --direct-io=on "$dir/$1.back"
}

# limit DEV WRITE_MIBS READ_MIBS: throttle DEV in the bench cgroup
limit()
{
	local mm
	mm=$(lsblk -dno MAJ:MIN "$1" | tr -d ' ')
	echo "$mm $(($2 * MiB))" >"$cg/blkio.throttle.write_bps_device" &&
		echo "$mm $(($3 * MiB))" >"$cg/blkio.throttle.read_bps_device"
}

# sectors_read DEV: 512-byte sectors read from DEV so far (its stat)
sectors_read()
{
	awk '{ print $3 }' "/sys/block/$(basename "$1")/stat"
}

# sectors_written DEV: 512-byte sectors written to DEV so far
sectors_written()
{
	awk '{ print $7 }' "/sys/block/$(basename "$1")/stat"
}

drop() { sync; echo 3 >/proc/sys/vm/drop_caches; }

#!/bin/sh
# t271-many-faults.sh - several targets at once, one of them failing: a
# file on a tiny tmpfs that fills up, an nbdkit disk whose writes fail
# with EIO, one that vanishes mid-write. The failing one is dropped and
# named; the others are written and verified. A counterfeit one among
# good ones makes the exit status 3.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "one failing target among several: tmpfs full, EIO, vanished"
t_need_root
t_need nbdkit nbdfuse fusermount3 jq

plugin=$T_TOP/tests/data/faulty-disk.sh
img=$(w_random img 12M)
MiB=1048576

good_loops()
{
	for i in 1 2 3; do
		back=$(t_tmpfile "good-$1-$i" 16M)
		t_loop_attach "$back" --direct-io=on
	done
}

t_expect "a file on an 8 MiB tmpfs fills up; the three others go on" '
	mkdir "$T_TMP/tiny" && mount -t tmpfs -o size=8M tmpfs "$T_TMP/tiny" &&
	t_on_exit "umount $T_TMP/tiny" &&
	set -- $(good_loops fill) &&
	test "$(w_status "$STICKLER" write "$img" "$1" "$T_TMP/tiny/t" "$2" \
		"$3" --mode raw --any-device --yes)" = 1 &&
	for d in "$1" "$2" "$3"; do cmp -n 12582912 "$img" "$d" || return 1; done &&
	grep -q "^$T_TMP/tiny/t: no space left at sector [0-9]* in .* partially written" "$T_TMP/out" &&
	tail -1 "$T_TMP/out" | grep -q "^3 of 4 targets written and verified; $T_TMP/tiny/t failed: no space left at sector [0-9]*$"
'

bad=$((6 * MiB + 3072))
t_expect "an nbdkit disk failing a write with EIO: named with its sector" '
	export FD_DISK="$T_TMP/eio.back" FD_BAD_WRITE="$bad:512" &&
	tr "\0" "\377" </dev/zero | head -c 16M >"$FD_DISK" &&
	e=$(w_nbd_device eio sh "$plugin") && unset FD_BAD_WRITE &&
	set -- $(good_loops eio) &&
	test "$(w_status "$STICKLER" write "$img" "$1" "$2" "$e" "$3" \
		--mode raw --any-device --yes --progress=json)" = 1 &&
	for d in "$1" "$2" "$3"; do cmp -n 12582912 "$img" "$d" || return 1; done &&
	test "$(tail -1 "$T_TMP/err")" = "3 of 4 sticks written and verified; $e failed: write error at sector $((bad / 512))" &&
	test "$(jq -r "select(.phase == \"result\" and .target == \"$e\") | .verify + \",\" + (.ok | tostring)" "$T_TMP/out")" = "not run,false" &&
	test "$(jq -r "select(.phase == \"result\" and .ok) | .verify" "$T_TMP/out" | sort -u)" = identical &&
	tail -1 "$T_TMP/out" | jq -e ".phase == \"summary\" and .ok == 3 and .failed == 1" >/dev/null &&
	w_head_wiped "$FD_DISK"
'

t_expect "a disk that vanishes after 4 MiB: dropped, the others verified" '
	export FD_DISK="$T_TMP/gone.back" FD_VANISH_AFTER=$((4 * MiB)) &&
	tr "\0" "\377" </dev/zero | head -c 16M >"$FD_DISK" &&
	v=$(w_nbd_device gone sh "$plugin") && unset FD_VANISH_AFTER &&
	set -- $(good_loops gone) &&
	test "$(w_status "$STICKLER" write "$img" "$v" "$1" "$2" "$3" \
		--mode raw --any-device --yes)" = 1 &&
	for d in "$1" "$2" "$3"; do cmp -n 12582912 "$img" "$d" || return 1; done &&
	grep -q "^$v (.*): .* first MiB was not written" "$T_TMP/out" &&
	tail -1 "$T_TMP/out" | grep -Eq "^3 of 4 sticks written and verified; $v failed: (vanished|write error) at sector [0-9]+$"
'

t_expect "a fake-capacity disk among two good ones: it differs, exit 3" '
	export FD_DISK="$T_TMP/fake.back" FD_SIZE=$((16 * MiB)) &&
	tr "\0" "\377" </dev/zero | head -c 4M >"$FD_DISK" &&
	f=$(w_nbd_device fake sh "$plugin") && unset FD_SIZE &&
	set -- $(good_loops fake) &&
	test "$(w_status "$STICKLER" write "$img" "$1" "$f" "$2" \
		--mode raw --any-device --yes)" = 3 &&
	cmp -n 12582912 "$img" "$1" && cmp -n 12582912 "$img" "$2" &&
	tail -1 "$T_TMP/out" | grep -Eq "^2 of 3 sticks written and verified; $f failed: differs: [0-9]+ bad sectors from sector 2048$"
'

t_done

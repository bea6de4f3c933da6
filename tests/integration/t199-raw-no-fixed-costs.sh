#!/bin/sh
# t199-raw-no-fixed-costs.sh - a raw write runs no other program, reads an
# ISO's head only (not its tree), and syncs no more than it must.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-isomode.sh"
t_desc "the raw path: no child process, no tree walk, two syncs, with verify too"
t_need strace xorriso syslinux

iso=$(iso_fixture isomode-rich.iso)

t_expect "no program is started (libparted's dmidecode fork is gone)" '
	strace -f -qq -e trace=execve,vfork,fork -o "$T_TMP/trace" \
		"$STICKLER" write "$iso" "$T_TMP/a.img" --mode raw --yes \
		>/dev/null 2>&1 &&
	test "$(grep -c execve "$T_TMP/trace")" = 1 &&
	! grep -q "fork(" "$T_TMP/trace" &&
	cmp "$iso" "$T_TMP/a.img"
'

t_expect "--mode raw does not walk the tree: far fewer reads than auto" '
	strace -f -qq -e trace=pread64,read -o "$T_TMP/raw" \
		"$STICKLER" write "$iso" "$T_TMP/b.img" --mode raw --yes \
		--no-verify >/dev/null 2>&1 &&
	strace -f -qq -e trace=pread64,read -o "$T_TMP/probe" \
		"$STICKLER" probe "$iso" >/dev/null 2>&1 &&
	r=$(wc -l <"$T_TMP/raw") && p=$(wc -l <"$T_TMP/probe") &&
	test "$r" -lt "$p" &&
	test "$r" -lt 40
'

t_expect "a raw write to a new file syncs twice (body, then the first MiB)" '
	strace -f -qq -e trace=fdatasync,fsync,sync,syncfs -o "$T_TMP/sync" \
		"$STICKLER" write "$iso" "$T_TMP/c.img" --mode raw --yes \
		--no-verify >/dev/null 2>&1 &&
	test "$(grep -c "sync" "$T_TMP/sync")" = 2
'

t_expect "with verify still twice: the read-back only drops the cache" '
	strace -f -qq -e trace=fdatasync,fsync,sync,syncfs,fadvise64 \
		-o "$T_TMP/vsync" "$STICKLER" write "$iso" "$T_TMP/d.img" \
		--mode raw --yes >/dev/null 2>&1 &&
	cmp "$iso" "$T_TMP/d.img" &&
	test "$(grep -c "sync(" "$T_TMP/vsync")" = 2 &&
	grep -q "POSIX_FADV_DONTNEED" "$T_TMP/vsync"
'

t_expect "stickler verify alone syncs first: another program may have left the file dirty" '
	strace -f -qq -e trace=fdatasync,fsync -o "$T_TMP/v2" \
		"$STICKLER" verify "$iso" "$T_TMP/d.img" >/dev/null 2>&1 &&
	test "$(grep -c "sync(" "$T_TMP/v2")" = 1
'

t_done

# SPDX-License-Identifier: GPL-3.0-or-later
# lib.sh - helpers every integration test sources: TAP output, needs and
# skips, temp files, fixtures, loop devices and a cleanup trap.
#
#   . "$(dirname "$0")/../lib.sh"
#   t_desc "what this script checks"
#   t_need xorriso
#   t_expect "name" 'a && chain'
#   t_done

T_TOP=$(cd "$(dirname "$0")/../.." && pwd)
# sfdisk, mkfs.fat, mkfs.ext4 and the like live in /usr/sbin, outside a
# normal user's PATH on Debian; on files they need no root
case :$PATH: in *:/usr/sbin:*) ;; *) PATH=$PATH:/usr/sbin:/sbin ;; esac
export PATH
B=${B:-build}
case $B in /*) ;; *) B=$T_TOP/$B ;; esac
STICKLER=$B/stickler
. "$T_TOP/tests/lib-random.sh"
echo "# data seed T_SEED=$T_SEED"
T_FIXTURES=${T_FIXTURES:-$B/fixtures}
T_NAME=$(basename "$0" .sh)
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/stk-$T_NAME.XXXXXX")
T_N=0
T_FAILED=0
export B STICKLER T_TOP T_TMP T_FIXTURES

t_desc()
{
	echo "# $T_NAME: $*"
}

# Run registered cleanups (last first), detach loops, remove temp files.
t_cleanup()
{
	if test -f "$T_TMP/cleanups"; then
		tac "$T_TMP/cleanups" | while read -r c; do
			eval "$c" >/dev/null 2>&1
		done
	fi
	if test -f "$T_TMP/loops"; then
		tac "$T_TMP/loops" | while read -r d; do
			losetup -d "$d" 2>/dev/null
		done
	fi
	t_rm_tree "$T_TMP"
}
trap t_cleanup EXIT

# t_rm_tree DIR: remove DIR, also when it holds folders extracted read-only
# from an ISO (root removes those anyway, a normal user must chmod first).
t_rm_tree()
{
	test ! -e "$1" || chmod -R u+w "$1" 2>/dev/null
	rm -rf "$1"
}
trap 'exit 130' INT TERM

# t_on_exit 'command': run at exit, even on failure (umount, swapoff...).
t_on_exit()
{
	echo "$1" >>"$T_TMP/cleanups"
}

t_skip_all()
{
	echo "1..0 # SKIP $*"
	exit 0
}

t_need()
{
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
			t_skip_all "needs '$c' (make deps installs it)"
	done
}

t_need_root()
{
	test "$(id -u)" = 0 && test -e /dev/loop-control ||
		t_skip_all "needs root and loop devices"
}

# t_expect NAME SCRIPT: SCRIPT is an && chain run in a subshell; its output
# is shown (as TAP comments) only when it fails.
t_expect()
{
	T_N=$((T_N + 1))
	if (eval "$2") >"$T_TMP/out.$T_N" 2>&1; then
		echo "ok $T_N - $1"
	else
		echo "not ok $T_N - $1"
		sed 's/^/#   /' "$T_TMP/out.$T_N" | tail -n 40
		T_FAILED=$((T_FAILED + 1))
	fi
}

# t_skip NAME REASON: one case that cannot run here.
t_skip()
{
	T_N=$((T_N + 1))
	echo "ok $T_N - $1 # SKIP $2"
}

t_done()
{
	echo "1..$T_N"
	test "$T_FAILED" = 0
	exit $?
}

t_fail()
{
	echo "# $*" >&2
	return 1
}

# t_tmpfile NAME [SIZE]: a file under the test's temp dir (sparse if SIZE).
t_tmpfile()
{
	f=$T_TMP/$1
	if test -n "${2:-}"; then
		rm -f "$f" && truncate -s "$2" "$f"
	else
		: >"$f"
	fi
	echo "$f"
}

# t_fixture NAME: path of a fixture built (and cached) by mkfixtures.sh.
t_fixture()
{
	"$T_TOP/tests/data/mkfixtures.sh" "$T_FIXTURES" "$1" >&2 ||
		t_fail "cannot build fixture '$1'"
	echo "$T_FIXTURES/$1"
}

# t_loop_attach FILE [OFFSET [SIZE]] [-- extra losetup options]: attach and
# print the device. It is recorded in a file, not a variable, because
# callers use $(...), which runs in a subshell; the EXIT trap detaches it.
t_loop_attach()
{
	f=$1
	shift
	dev=$(losetup --show -f "$@" "$f") || {
		t_fail "cannot attach '$f'"
		return 1
	}
	echo "$dev" >>"$T_TMP/loops"
	echo "$dev"
}

# t_cmp_expected SUBTEST FILE: compare FILE with tests/expected/NAME-SUBTEST
# (UPDATE_EXPECTED=1 rewrites the expected file).
t_cmp_expected()
{
	exp=$T_TOP/tests/expected/$T_NAME-$1
	if test -n "${UPDATE_EXPECTED:-}"; then
		cp "$2" "$exp"
	fi
	diff -u "$exp" "$2"
}

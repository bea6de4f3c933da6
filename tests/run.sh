#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# run.sh - run every test tier and close with one line
# "N passed, N failed, N skipped". Fails on any failure, on a script whose
# TAP plan is missing or does not match the cases it ran, when no test
# ran, and (with CI=true) on any skip: CI must run every tier.
#
#   tests/run.sh [--tier=unit,file,root,ui,boot,lab] [name-pattern]
#
# Tiers: unit (build/tests/unit/test-*), file (t1NN), root (t2NN: loop
# devices; run through sudo for a normal user), ui (t3NN: tmux), boot
# (t4NN: QEMU), lab (tests/lab/lNNN: the station in QEMU with USB sticks).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-build}
case $B in /*) ;; *) B=$top/$B ;; esac
export B
tiers=unit,file,root,ui,boot,lab
pattern=
for a in "$@"; do
	case $a in
	--tier=*) tiers=${a#--tier=} ;;
	-*) echo "usage: $0 [--tier=LIST] [PATTERN]" >&2; exit 2 ;;
	*) pattern=$a ;;
	esac
done
logs=$B/test-logs
mkdir -p "$logs"
passed=0 failed=0 skipped=0 scripts_failed=
sudo=
# the root tier runs through sudo for a normal user; without a sudo that
# asks no password its tests run as the user and skip, saying why
if test "$(id -u)" != 0; then
	case ,$tiers, in
	*,root,*)
		if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
			sudo="sudo -E"
		else
			echo "# root tier: not root and no sudo without a password: its tests skip"
		fi
		;;
	esac
fi

# run_one NAME COMMAND...: run a test program, count its TAP lines.
run_one()
{
	name=$1
	shift
	log=$logs/$name.log
	start=$(date +%s)
	timeout 1200 "$@" >"$log" 2>&1
	rc=$?
	p=$(grep -cE '^ok [0-9]+' "$log" | head -1)
	s=$(grep -cE '^ok [0-9]+.*# SKIP|^1\.\.0 # SKIP' "$log")
	f=$(grep -cE '^not ok [0-9]+' "$log")
	p=$((p - $(grep -cE '^ok [0-9]+.*# SKIP' "$log")))
	if test "$rc" != 0 && test "$f" = 0; then
		f=1	# died without saying which case
	fi
	# The plan is checked, not assumed: a script that stops early (a
	# bare exit, a crash between cases) prints no plan or a short one.
	plan=$(grep -E '^1\.\.[0-9]+' "$log" | tail -n 1 | sed -E 's/^1\.\.([0-9]+).*/\1/')
	ran=$(grep -cE '^(not )?ok [0-9]+' "$log")
	why=
	if test -z "$plan"; then
		why="no TAP plan (1..N)"
	elif test "$plan" != "$ran"; then
		why="the plan says $plan cases, $ran ran"
	fi
	if test -n "$why" && test "$f" = 0; then
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	t=$(($(date +%s) - start))
	if test "$f" != 0; then
		echo "FAIL $name ($p passed, $f failed, ${t}s; log: $log)"
		test -n "$why" && echo "    $why"
		grep -E '^not ok|^#   ' "$log" | head -n 30 | sed 's/^/    /'
		test "$rc" != 0 && tail -n 5 "$log" | sed 's/^/    | /'
		scripts_failed="$scripts_failed $name"
	elif test "$s" != 0; then
		echo "skip $name ($p passed, $s skipped, ${t}s): $(grep -m1 -o 'SKIP.*' "$log")"
	else
		echo "ok   $name ($p passed, ${t}s)"
	fi
}

for tier in ${tiers//,/ }; do
	case $tier in
	unit)
		for t in "$B"/tests/unit/test-*; do
			test -x "$t" || continue
			n=$(basename "$t")
			case $n in *"$pattern"*) ;; *) continue ;; esac
			run_one "$n" "$t"
		done
		;;
	file|root|ui|boot)
		case $tier in
		file) d=1 ;; root) d=2 ;; ui) d=3 ;; boot) d=4 ;;
		esac
		for t in "$top"/tests/integration/t"$d"[0-9][0-9]-*.sh; do
			test -f "$t" || continue
			n=$(basename "$t" .sh)
			case $n in *"$pattern"*) ;; *) continue ;; esac
			if test "$tier" = root && test -n "$sudo"; then
				run_one "$n" $sudo B="$B" bash "$t"
			else
				run_one "$n" bash "$t"
			fi
		done
		;;
	lab)
		for t in "$top"/tests/lab/l[0-9][0-9][0-9]-*.sh; do
			test -f "$t" || continue
			n=$(basename "$t" .sh)
			case $n in *"$pattern"*) ;; *) continue ;; esac
			run_one "$n" bash "$t"
		done
		;;
	*)
		echo "unknown tier '$tier'" >&2
		exit 2
		;;
	esac
done

echo "$passed passed, $failed failed, $skipped skipped"
test "$failed" = 0 || exit 1
if test $((passed + failed)) = 0; then
	echo "no test ran" >&2
	exit 1
fi
if test "${CI:-}" = true && test "$skipped" != 0; then
	echo "CI: $skipped skipped; every tier must run under CI" >&2
	exit 1
fi
exit 0

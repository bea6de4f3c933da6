#!/bin/sh
# t251-loop-swap.sh - a loop device holding active swap is never written.
. "$(dirname "$0")/../lib.sh"
t_desc "loop device with active swap: refused"
t_need_root
t_need mkswap swapon swapoff losetup jq

img=$(t_tmpfile swap.img 16M)
loop=$(t_loop_attach "$img") || t_skip_all "cannot attach a loop device"
mkswap "$loop" >/dev/null 2>&1 || t_skip_all "mkswap failed"
swapon "$loop" 2>"$T_TMP/swapon.err" ||
	t_skip_all "swapon refused here: $(cat "$T_TMP/swapon.err")"
t_on_exit "swapoff '$loop'"

t_expect "refused even with --any-device --unmount" '
	! "$STICKLER" list --check "$loop" --any-device --unmount \
		2>"$T_TMP/e" &&
	grep -qF "'\''$loop'\'' is in use as swap" "$T_TMP/e"
'

t_expect "the list gives the reason" '
	"$STICKLER" list --all --json |
		jq -e --arg d "$loop" ".devices[] | select(.path == \$d) |
			.swap and .reason == \"swap\" and .offered == false"
'

t_done

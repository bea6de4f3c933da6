# SPDX-License-Identifier: GPL-3.0-or-later
# lib-wizard.sh - drive the wizard in a private tmux server (80x24, or
# W_COLS x W_ROWS) for the t3NN tests: start it, send keys, wait for text
# on the screen.
#
#   . "$(dirname "$0")/../lib-wizard.sh"    (after lib.sh)
#   w_start --library "$dir"
#   w_wait "Choose an image" && w_keys Down Enter
#
# Screens are matched by their text, never by position. Each test has its
# own tmux socket, killed by the EXIT trap; no other tmux server is touched.

W_SOCK=stk-$T_NAME-$$
W_EXIT=$T_TMP/wizard.exit
W_TIMEOUT=${W_TIMEOUT:-20}

w_tmux()
{
	tmux -L "$W_SOCK" "$@"
}

# w_start [ARGS...]: run the wizard with a fresh config and state directory.
# LANG defaults to C.UTF-8; set W_LANG=C for the ASCII fallback.
w_start()
{
	mkdir -p "$T_TMP/config" "$T_TMP/state"
	rm -f "$W_EXIT"
	{
		echo "cd '$T_TMP' || exit 1"
		echo "export LANG=${W_LANG:-C.UTF-8} LC_ALL="
		echo "export XDG_CONFIG_HOME='$T_TMP/config'"
		echo "export XDG_STATE_HOME='$T_TMP/state'"
		test -z "${W_ENV:-}" || echo "export $W_ENV"
		printf '%q ' "$STICKLER" "$@"
		echo
		echo "echo \$? >'$W_EXIT'"
		echo "exec sleep 600"
	} >"$T_TMP/wizard.sh"
	t_on_exit "tmux -L $W_SOCK kill-server"
	w_tmux -f /dev/null new-session -d -x "${W_COLS:-80}" -y "${W_ROWS:-24}" \
		"bash '$T_TMP/wizard.sh'"
}

w_keys()
{
	w_tmux send-keys "$@"
}

# w_type TEXT: literal text, no key names.
w_type()
{
	w_tmux send-keys -l "$1"
}

w_screen()
{
	w_tmux capture-pane -p
}

# w_text: the screen as one line, a box's sides left out and runs of
# blanks and line ends as one space, so that a sentence wrapped over rows
# is found whole.
w_text()
{
	w_screen | sed 's/│/ /g' | tr -s " \n" "  "
}

# w_until WHAT CMD...: until CMD succeeds, polled every 0.1 s; the limit
# is only there so a broken wizard cannot hang the suite. On time-out it
# says "# WHAT" and shows the screen.
w_until()
{
	_w_what=$1
	shift
	i=0
	while test $i -lt $((W_TIMEOUT * 10)); do
		if "$@"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "# $_w_what"
	w_screen
	return 1
}

w_shows() { w_screen | grep -qF -- "$1"; }
w_shows_text() { w_text | grep -qF -- "$1"; }
w_shows_re() { w_screen | grep -q -- "$1"; }
w_shows_not() { ! w_shows "$1"; }

# w_wait TEXT: until the screen shows TEXT (a fixed string).
w_wait()
{
	w_until "screen never showed '$1'; it shows:" w_shows "$1"
}

# w_wait_text TEXT: until w_text holds TEXT (a sentence wrapped over
# rows); w_wait_re RE: until a row matches the regular expression RE.
w_wait_text()
{
	w_until "screen never showed '$1' (rows joined); it shows:" \
		w_shows_text "$1"
}

w_wait_re()
{
	w_until "no row matched '$1'; the screen shows:" w_shows_re "$1"
}

# w_gone TEXT: until the screen no longer shows TEXT.
w_gone()
{
	w_until "screen still shows '$1':" w_shows_not "$1"
}

# w_exited CODE: the wizard ended with exit status CODE.
w_exited()
{
	i=0
	while test $i -lt $((W_TIMEOUT * 10)) && ! test -s "$W_EXIT"; do
		sleep 0.1
		i=$((i + 1))
	done
	test "$(cat "$W_EXIT" 2>/dev/null)" = "$1" || {
		echo "# exit status '$(cat "$W_EXIT" 2>/dev/null)', wanted $1"
		return 1
	}
}

# w_to_report IMAGE: type IMAGE's path in the browser and open its report.
w_to_report()
{
	w_wait "Choose an image" &&
	w_keys / && w_wait "Path:" &&
	w_type "$1" && w_keys Enter &&
	w_wait "Image report"
}

# w_to_confirm FILE [SIZE] [MODE-KEYS]: from the report, choose an image
# file target, keep the options (or press MODE-KEYS there) and reach the
# confirmation.
w_to_confirm()
{
	w_keys Enter && w_wait "Choose the target" &&
	w_keys End Enter && w_wait "File:" &&
	w_keys C-u && w_type "$1" && w_keys Tab C-u &&
	w_type "${2:-}" && w_keys Enter && w_wait "Write mode" &&
	{ test -z "${3:-}" || w_keys $3; } &&
	w_keys Enter && w_wait "Type '"
}

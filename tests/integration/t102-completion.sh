#!/bin/bash
# t102-completion.sh - the bash, zsh and fish completions offer the
# program's own subcommands and options (read from its --help) and the
# --mode values.
. "$(dirname "$0")/../lib.sh"
t_desc "bash, zsh and fish completion"
t_need zsh fish

# complete_words WORD... : what the completion offers for the last word
complete_words()
{
	PATH=$B:$PATH bash -c '
		. "$1/completions/stickler.bash"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_stickler; printf "%s\n" "${COMPREPLY[@]}"' _ "$T_TOP" "$@"
}

t_expect "subcommands come from stickler --help" '
	complete_words stickler "" >"$T_TMP/out" &&
	"$STICKLER" --help | sed -n "/^commands:/,/^\$/s/^  \([a-z]*\) .*/\1/p" >"$T_TMP/want" &&
	test -s "$T_TMP/want" && diff "$T_TMP/want" "$T_TMP/out"
'

t_expect "a prefix narrows them" '
	test "$(complete_words stickler wr)" = write
'

t_expect "options of a subcommand come from its -h" '
	complete_words stickler write --no >"$T_TMP/out" &&
	grep -qx -- --no-verify "$T_TMP/out" && ! grep -qv -- "^--no" "$T_TMP/out"
'

t_expect "--mode offers the modes" '
	complete_words stickler write x.iso /dev/sdx --mode "" | sort >"$T_TMP/out" &&
	printf "%s\n" auto iso iso-uefi-only raw | diff - "$T_TMP/out"
'

# zsh_words WORD...: what the zsh completion adds for the last word, with
# compadd and _files stubbed (zsh filters by prefix itself)
zsh_words()
{
	PATH=$B:$PATH zsh -f -c '
		compadd() { [[ $1 == -- ]] && shift; print -rl -- "$@"; }
		_files() { print -r -- FILES; }
		f=$1; shift; words=("$@"); CURRENT=$#
		source "$f"' _ "$T_TOP/completions/_stickler" "$@"
}

t_expect "zsh: subcommands, a command's options, --mode values" '

	zsh_words stickler "" >"$T_TMP/out" &&
	"$STICKLER" --help | sed -n "/^commands:/,/^\$/s/^  \([a-z]*\) .*/\1/p" |
		diff - "$T_TMP/out" &&
	zsh_words stickler write --no >"$T_TMP/out" &&
	grep -qx -- --no-verify "$T_TMP/out" && grep -qx -- --dry-run "$T_TMP/out" &&
	test "$(zsh_words stickler write x.iso --mode "" | sort | tr "\n" " ")" = "auto iso iso-uefi-only raw "
'

t_expect "fish: subcommands by prefix, a command's options, --mode values" '

	fish_words() { PATH=$B:$PATH fish -c "source $T_TOP/completions/stickler.fish; complete -C \"$1\"" | cut -f1; } &&
	test "$(fish_words "stickler wr")" = write &&
	fish_words "stickler write --no" | grep -qx -- --no-verify &&
	test "$(fish_words "stickler write x.iso --mode " | sort | tr "\n" " ")" = "auto iso iso-uefi-only raw "
'

t_done

#!/bin/bash
# t102-completion.sh - the bash completion offers the program's own
# subcommands and options (read from its --help) and the --mode values.
. "$(dirname "$0")/../lib.sh"
t_desc "bash completion"

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

t_done

# SPDX-License-Identifier: GPL-3.0-or-later
# bash completion for stickler. Subcommands and options are read from the
# program's own --help, so this file never falls behind the program.

_stickler_targets()
{
	local dev serial
	for dev in /dev/sd? /dev/mmcblk? /dev/nvme?n?; do
		test -b "$dev" && echo "$dev"
	done
	# usb:SERIAL for every USB stick the program offers
	stickler list --json 2>/dev/null |
		sed -n 's/^ *"serial": "\([^"]*\)".*/usb:\1/p'
}

_stickler()
{
	local cur prev cmd i words_
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done

	case $prev in
	--mode)
		COMPREPLY=($(compgen -W "auto raw iso iso-uefi-only" -- "$cur"))
		return ;;
	--scheme)
		COMPREPLY=($(compgen -W "mbr gpt" -- "$cur"))
		return ;;
	--progress)
		COMPREPLY=($(compgen -W "tty json none auto" -- "$cur"))
		return ;;
	--fs)
		COMPREPLY=($(compgen -W "fat32 exfat" -- "$cur"))
		return ;;
	--config | --log | --image | --bmap | --sums | --keyring)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--library)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	--check | --size | --label | --timeout | --persistence)
		return ;;
	esac

	if test -z "$cmd"; then
		if [[ $cur == -* ]]; then
			words_=$(stickler --help 2>/dev/null |
				grep -oE -- '--?[a-zA-Z][a-z-]*' | sort -u)
		else
			words_=$(stickler --help 2>/dev/null |
				sed -n '/^commands:/,/^$/s/^  \([a-z]*\) .*/\1/p')
		fi
		COMPREPLY=($(compgen -W "$words_" -- "$cur"))
		return
	fi
	if [[ $cur == -* ]]; then
		words_=$(stickler "$cmd" --help 2>/dev/null |
			grep -oE -- '--[a-z][a-z-]*' | sort -u)
		COMPREPLY=($(compgen -W "$words_" -- "$cur"))
		return
	fi
	# the first argument is an image (or a source); later ones targets
	local nargs=0
	for ((i = i + 1; i < COMP_CWORD; i++)); do
		[[ ${COMP_WORDS[i]} == -* ]] || nargs=$((nargs + 1))
	done
	case $cmd in
	write | verify | plan)
		if test "$nargs" -ge 1; then
			COMPREPLY=($(compgen -W "$(_stickler_targets)" -- "$cur")
				$(compgen -f -- "$cur"))
			return
		fi ;;
	list | restore | test)
		COMPREPLY=($(compgen -W "$(_stickler_targets)" -- "$cur"))
		return ;;
	esac
	COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _stickler stickler

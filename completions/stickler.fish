# SPDX-License-Identifier: GPL-3.0-or-later
# fish completion for stickler. As the bash one, it reads subcommands and
# options from the program's own --help, so it never falls behind.

function __stickler_commands
    stickler --help 2>/dev/null | sed -n '/^commands:/,/^$/s/^  \([a-z]*\) .*/\1/p'
end

# The options of the subcommand on the line, from its -h.
function __stickler_options
    set -l cmd (commandline -opc)[2]
    stickler $cmd --help 2>/dev/null | grep -oE -- '--[a-z][a-z-]*' | sort -u
end

function __stickler_targets
    for dev in /dev/sd? /dev/mmcblk? /dev/nvme?n?
        test -b $dev; and echo $dev
    end
    stickler list --json 2>/dev/null | sed -n 's/^ *"serial": "\([^"]*\)".*/usb:\1/p'
end

complete -c stickler -f -n __fish_use_subcommand -a '(__stickler_commands)'
complete -c stickler -n 'not __fish_use_subcommand; and string match -q -- "-*" (commandline -ct)' -f -a '(__stickler_options)'
complete -c stickler -n '__fish_seen_subcommand_from write plan verify list restore test eject; and not string match -q -- "-*" (commandline -ct)' -a '(__stickler_targets)'
complete -c stickler -l mode -x -a 'auto raw iso iso-uefi-only'
complete -c stickler -l scheme -x -a 'mbr gpt'
complete -c stickler -l progress -x -a 'tty json none auto'
complete -c stickler -l fs -x -a 'fat32 exfat'
complete -c stickler -l log -r -F
complete -c stickler -l config -r -F
complete -c stickler -l library -x -a '(__fish_complete_directories)'

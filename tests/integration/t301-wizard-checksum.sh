#!/bin/sh
# t301-wizard-checksum.sh - the checksum file next to an image: found,
# checked with the core's hashing, mismatches named.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
t_desc "wizard: SHA256SUMS, *.sha256 and MD5SUMS checks"
t_need tmux sha256sum md5sum

d=$T_TMP/imgs
mkdir -p "$d/sha" "$d/single" "$d/md5" "$d/bad" "$d/none"
iso=/usr/lib/ipxe/ipxe.iso
# An odd size, so the hash's padding across blocks is exercised too.
t_random t301-wizard-checksum:odd.img 1000003 >"$d/sha/odd.img"
(cd "$d/sha" && sha256sum odd.img >SHA256SUMS)
cp "$iso" "$d/single/a.iso"
(cd "$d/single" && sha256sum a.iso | cut -d" " -f1 >a.iso.sha256)
cp "$iso" "$d/md5/b.iso"
(cd "$d/md5" && md5sum b.iso >MD5SUMS)
cp "$iso" "$d/bad/c.iso"
(cd "$d/bad" && sha256sum c.iso >SHA256SUMS)
printf '\001' | dd of="$d/bad/c.iso" bs=1 seek=70000 conv=notrunc 2>/dev/null
cp "$iso" "$d/none/e.iso"

# check DIR FILE TEXT: open FILE, press c, wait for TEXT.
check()
{
	w_to_report "$d/$1/$2" &&
	w_wait "Press c to check" &&
	w_keys c && w_wait "$3" &&
	w_keys Escape && w_wait "Choose an image"
}

w_start

t_expect "SHA256SUMS of a file of odd size matches" '
	check sha odd.img "Checksum OK: sha256 matches SHA256SUMS, but nothing is signed"
'

t_expect "a lone hash in IMAGE.sha256 matches" '
	check single a.iso "Checksum OK: sha256 matches a.iso.sha256"
'

t_expect "MD5SUMS matches" '
	check md5 b.iso "Checksum OK: md5 matches MD5SUMS"
'

t_expect "one changed byte is a mismatch" '
	check bad c.iso "NOT genuine: the sha256 of c.iso differs"
'

t_expect "no checksum file is said as such" '
	w_to_report "$d/none/e.iso" &&
	w_wait "No checksum file"
'

t_done

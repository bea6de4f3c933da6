#!/bin/sh
# t350-wizard-trust.sh - the wizard's image check is the core's: a list
# signed with a key from keyring_dir names its signer and the hash; a bad
# signature and a mismatch stop Enter until o overrides them; a pasted
# hash is checked; the report says the Secure Boot verdict in one line.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-wizard.sh"
t_desc "wizard: signer and hash, bad signature and mismatch stop, typed hash, Secure Boot line"
t_need tmux gpg gpgv sha256sum

export GNUPGHOME=$T_TMP/gnupg
mkdir -m 700 "$GNUPGHOME"
d=$T_TMP/imgs
mkdir -p "$d/good" "$d/badsig" "$d/typed" "$T_TMP/keys.d" "$T_TMP/config/stickler"
iso=/usr/lib/ipxe/ipxe.iso
gpg -q --batch --pinentry-mode loopback --passphrase "" \
	--quick-gen-key "Wizard Test <w@example.org>" ed25519 sign never 2>/dev/null
gpg -q --batch --export >"$T_TMP/keys.d/test.gpg"
echo "keyring_dir = $T_TMP/keys.d" >"$T_TMP/config/stickler/stickler.conf"
cp "$iso" "$d/good/a.iso"
(cd "$d/good" && sha256sum a.iso >SHA256SUMS)
gpg -q --batch --detach-sign -o "$d/good/SHA256SUMS.sign" "$d/good/SHA256SUMS"
cp -r "$d/good/." "$d/badsig/"
echo "# changed" >>"$d/badsig/SHA256SUMS"
cp "$iso" "$d/typed/t.iso"
sum=$(sha256sum <"$iso" | cut -d" " -f1)

w_start

t_expect "a signed list: the signer before the check, genuine and the hash after" '
	w_to_report "$d/good/a.iso" &&
	w_wait "(sha256), signed by Wizard Test" &&
	w_keys c && w_wait "Genuine: sha256 matches SHA256SUMS, signed by Wizard Test" &&
	w_wait "sha256 ${sum%????????????????????????????????}"
'

t_expect "the report says the Secure Boot verdict in one line" '
	w_wait "Secure Boot: must be turned off: bootx64.efi is not signed"
'

t_expect "a bad signature: NOT genuine, Enter refused until o" '
	w_keys Escape && w_wait "Choose an image" &&
	w_to_report "$d/badsig/a.iso" &&
	w_wait "NOT genuine: the signature of SHA256SUMS is bad" &&
	w_keys Enter && w_wait "press o to write it anyway" &&
	! w_screen | grep -q "Choose the target" &&
	w_keys o && w_wait "Overridden" &&
	w_keys Enter && w_wait "arget"
'

t_expect "a pasted hash: checked; a wrong one is a mismatch that stops" '
	w_keys Escape && w_wait "Image report" &&
	w_keys Escape && w_wait "Choose an image" &&
	w_to_report "$d/typed/t.iso" &&
	w_wait "Press h to type its hash" &&
	w_keys h && w_wait "Hash:" && w_type "$sum" && w_keys Enter &&
	w_wait "Checksum OK: sha256 matches typed hash, but nothing is signed" &&
	w_keys h && w_wait "Hash:" &&
	w_type "0000000000000000000000000000000000000000000000000000000000000000" &&
	w_keys Enter && w_wait "NOT genuine: the sha256 of t.iso differs" &&
	w_keys Enter && w_wait "press o to write it anyway"
'

t_done

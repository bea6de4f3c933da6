#!/bin/sh
# t190-check-signed-lists.sh - stickler check against checksum lists laid
# out as distributions publish them, signed with a key made here by gpg;
# gpgv is the judge of every signature, sha*sum of every hash.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-write.sh"
t_desc "check: genuine, unsigned, no key, mismatch, bad signature, nothing"
t_need gpg gpgv sha256sum sha512sum sha1sum md5sum

export GNUPGHOME=$T_TMP/gnupg
mkdir -m 700 "$GNUPGHOME"
rel=$T_TMP/rel
mkdir "$rel"
img=$rel/debian-12.iso
t_random t190-check-signed-lists:img 5000000 >"$img"
sum=$(sha256sum <"$img" | cut -d" " -f1)

t_expect "make a signing key (the publisher's) and export it" '
	gpg -q --batch --pinentry-mode loopback --passphrase "" \
		--quick-gen-key "Stickler Test CD <cd@example.org>" ed25519 \
		sign never 2>/dev/null &&
	gpg -q --batch --export >"$T_TMP/pub.gpg" &&
	fpr=$(gpg --with-colons --list-keys | sed -n "s/^fpr:*\([0-9A-F]*\):.*/\1/p" | head -n1) &&
	test ${#fpr} = 40 && echo "$fpr" >"$T_TMP/fpr"
'
fpr=$(cat "$T_TMP/fpr")

t_expect "Debian layout, SHA256SUMS + .sign: genuine, key named, exit 0" '
	(cd "$rel" && sha256sum debian-12.iso other.iso 2>/dev/null; true) >/dev/null &&
	printf "%s  other.iso\n%s  debian-12.iso\n" \
		0000000000000000000000000000000000000000000000000000000000000000 \
		"$sum" >"$rel/SHA256SUMS" &&
	gpg -q --batch --detach-sign -o "$rel/SHA256SUMS.sign" "$rel/SHA256SUMS" &&
	gpgv --keyring "$T_TMP/pub.gpg" "$rel/SHA256SUMS.sign" "$rel/SHA256SUMS" 2>/dev/null &&
	test "$(w_status "$STICKLER" check "$img" --keyring "$T_TMP/pub.gpg")" = 0 &&
	grep -q "^list .*/SHA256SUMS (lists the image)" "$T_TMP/out" &&
	grep -q "^key  *$fpr Stickler Test CD <cd@example.org>" "$T_TMP/out" &&
	grep -q "^sha256  *$sum$" "$T_TMP/out" &&
	grep -q "^result  *genuine: sha256 matches SHA256SUMS, signed by Stickler Test CD" "$T_TMP/out"
'

t_expect "the key from keyring_dir of a config file counts the same" '
	mkdir "$T_TMP/keys.d" && cp "$T_TMP/pub.gpg" "$T_TMP/keys.d/cd.gpg" &&
	echo "keyring_dir = $T_TMP/keys.d" >"$T_TMP/stickler.conf" &&
	test "$(w_status "$STICKLER" check "$img" --config "$T_TMP/stickler.conf")" = 0 &&
	grep -q "^result  *genuine:" "$T_TMP/out"
'

t_expect "no key for the signature: exit 0 with the warning, 3 with --require-signature" '
	echo "keyring_dir = $T_TMP/none" >"$T_TMP/empty.conf" &&
	test "$(w_status "$STICKLER" check "$img" --config "$T_TMP/empty.conf")" = 0 &&
	grep -q "^signature  *SHA256SUMS.sign: no key" "$T_TMP/out" &&
	grep -q "^result  *sha256 matches SHA256SUMS, but its signature is not checked" "$T_TMP/out" &&
	test "$(w_status "$STICKLER" check "$img" --config "$T_TMP/empty.conf" --require-signature)" = 3
'

t_expect "a list changed after signing: gpgv says bad, NOT genuine, exit 3" '
	cp "$rel/SHA256SUMS" "$T_TMP/SHA256SUMS.orig" &&
	echo "# added later" >>"$rel/SHA256SUMS" &&
	! gpgv --keyring "$T_TMP/pub.gpg" "$rel/SHA256SUMS.sign" "$rel/SHA256SUMS" 2>/dev/null &&
	test "$(w_status "$STICKLER" check "$img" --keyring "$T_TMP/pub.gpg")" = 3 &&
	grep -q "^result  *NOT genuine: the signature of SHA256SUMS is bad" "$T_TMP/out" &&
	cp "$T_TMP/SHA256SUMS.orig" "$rel/SHA256SUMS"
'

t_expect "one changed byte in the image: NOT genuine, exit 3, both hashes shown" '
	cp "$img" "$T_TMP/keep.iso" && w_flip "$img" 4000000 &&
	bad=$(sha256sum <"$img" | cut -d" " -f1) &&
	test "$(w_status "$STICKLER" check "$img" --keyring "$T_TMP/pub.gpg")" = 3 &&
	grep -q "^sha256  *$bad$" "$T_TMP/out" &&
	grep -q "^expected  *$sum$" "$T_TMP/out" &&
	grep -q "^result  *NOT genuine: the sha256 of debian-12.iso differs from the one SHA256SUMS lists" "$T_TMP/out" &&
	cp "$T_TMP/keep.iso" "$img"
'

t_expect "an unsigned list: exit 0 with the warning, 3 with --require-signature" '
	rm "$rel/SHA256SUMS.sign" &&
	test "$(w_status "$STICKLER" check "$img")" = 0 &&
	grep -q "^signature  *none: the list is not signed" "$T_TMP/out" &&
	grep -q "but nobody signed it" "$T_TMP/out" &&
	test "$(w_status "$STICKLER" check "$img" --require-signature)" = 3
'

t_expect "a list that does not list the image: says so, exit 1" '
	printf "%s  other.iso\n" "$sum" >"$rel/SHA256SUMS" &&
	test "$(w_status "$STICKLER" check "$img")" = 1 &&
	grep -q "^result  *nothing to check against: SHA256SUMS does not list debian-12.iso$" "$T_TMP/out"
'

t_expect "nothing next to the image: exit 1" '
	rm "$rel/SHA256SUMS" &&
	test "$(w_status "$STICKLER" check "$img")" = 1 &&
	grep -q "^result  *nothing to check against: no checksum list" "$T_TMP/out"
'

t_expect "Fedora layout: clearsigned *-CHECKSUM with SHA-512 in BSD form" '
	(cd "$rel" && sha512sum --tag debian-12.iso) |
		gpg -q --batch --clearsign >"$rel/Fedora-Workstation-40-x86_64-CHECKSUM" &&
	gpgv --keyring "$T_TMP/pub.gpg" "$rel/Fedora-Workstation-40-x86_64-CHECKSUM" 2>/dev/null &&
	test "$(w_status "$STICKLER" check "$img" --keyring "$T_TMP/pub.gpg")" = 0 &&
	grep -q "(clearsigned): good" "$T_TMP/out" &&
	grep -q "^sha512  *$(sha512sum <"$img" | cut -d" " -f1)$" "$T_TMP/out"
'

t_expect "text outside the clearsigned part counts for nothing" '
	f=$rel/Fedora-Workstation-40-x86_64-CHECKSUM &&
	{ (cd "$rel" && sha512sum --tag other.iso) | gpg -q --batch --clearsign &&
	  (cd "$rel" && sha512sum --tag debian-12.iso); } >"$f" &&
	test "$(w_status "$STICKLER" check "$img" --keyring "$T_TMP/pub.gpg")" = 1 &&
	grep -q "does not list debian-12.iso" "$T_TMP/out" && rm "$f"
'

t_expect "Arch sha256sums.txt, IMAGE.sha256 (a lone hash), SHA1SUMS, MD5SUMS" '
	(cd "$rel" && sha256sum debian-12.iso) >"$rel/sha256sums.txt" &&
	test "$(w_status "$STICKLER" check "$img")" = 0 &&
	grep -q "^list .*/sha256sums.txt (lists the image)" "$T_TMP/out" &&
	rm "$rel/sha256sums.txt" &&
	echo "$sum" >"$img.sha256" &&
	test "$(w_status "$STICKLER" check "$img")" = 0 &&
	grep -q "^list .*debian-12.iso.sha256 (lists" "$T_TMP/out" && rm "$img.sha256" &&
	(cd "$rel" && sha1sum debian-12.iso) >"$rel/SHA1SUMS" &&
	test "$(w_status "$STICKLER" check "$img")" = 0 &&
	grep -q "^sha1  *$(sha1sum <"$img" | cut -d" " -f1)$" "$T_TMP/out" && rm "$rel/SHA1SUMS" &&
	(cd "$rel" && md5sum -b debian-12.iso) >"$rel/MD5SUMS" &&
	test "$(w_status "$STICKLER" check "$img")" = 0 &&
	grep -q "^md5  *$(md5sum <"$img" | cut -d" " -f1)$" "$T_TMP/out"
'

t_expect "--sums names a list elsewhere; a missing one is an error, exit 1" '
	(cd "$rel" && sha256sum debian-12.iso) >"$T_TMP/mine.txt" &&
	test "$(w_status "$STICKLER" check "$img" --sums "$T_TMP/mine.txt")" = 0 &&
	grep -q "^list  *$T_TMP/mine.txt (lists the image)" "$T_TMP/out" &&
	test "$(w_status "$STICKLER" check "$img" --sums "$T_TMP/nope")" = 1 &&
	grep -q "cannot read the checksum list" "$T_TMP/err"
'

t_expect "write --check refuses a changed image and leaves the target untouched" '
	rm -f "$rel/MD5SUMS" &&
	(cd "$rel" && sha256sum debian-12.iso) >"$rel/SHA256SUMS" &&
	gpg -q --batch --detach-sign -o "$rel/SHA256SUMS.sign" "$rel/SHA256SUMS" &&
	w_flip "$img" 10 &&
	test "$(w_status "$STICKLER" write "$img" "$T_TMP/stick.img" --mode raw --yes --check --keyring "$T_TMP/pub.gpg")" = 3 &&
	! test -e "$T_TMP/stick.img" &&
	grep -q "did not pass the check; target .* untouched" "$T_TMP/err" &&
	w_flip "$img" 10 &&
	test "$(w_status "$STICKLER" write "$img" "$T_TMP/stick.img" --mode raw --yes --check --keyring "$T_TMP/pub.gpg")" = 0 &&
	cmp "$img" "$T_TMP/stick.img"
'

t_done

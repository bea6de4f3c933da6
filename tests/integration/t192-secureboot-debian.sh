#!/bin/sh
# t192-secureboot-debian.sh - the Secure Boot verdict of probe on Debian's
# signed shim and GRUB, an unsigned GRUB, a cut and a changed signature
# and an SBAT generation below shim's: sbverify (sbsigntool) and openssl's
# command line are the oracles for the signatures, objcopy for sections.
. "$(dirname "$0")/../lib.sh"
. "$T_TOP/tests/lib-sb.sh"
t_desc "Secure Boot verdict: Debian's signed chain, unsigned, cut, changed, old SBAT"
t_need xorriso mkfs.fat mcopy grub-mkimage sbverify openssl objcopy jq \
	apt-get dpkg-deb python3

shim=$(sb_fix shim.efi)
grub=$(sb_fix grub.efi)
ca=$(sb_fix debian-ca.pem)
db=$T_TOP/configs/secureboot-db.pem

t_expect "the shipped db certificates are those of OVMF's db and shim's signature" '
	python3 "$T_TOP/scripts/secureboot-db.py" \
		/usr/share/OVMF/OVMF_VARS_4M.ms.fd "$shim" >"$T_TMP/db.pem" &&
	grep -v "^# [a-z]" "$db" | grep -v "^# secureboot-db\|^# Secure Boot\|^# ovmf" >"$T_TMP/shipped" &&
	diff "$T_TMP/db.pem" "$T_TMP/shipped"
'

t_expect "the shipped SBAT levels are the previous policy of Debian's shim" '
	objcopy -O binary --only-section=.sbatlevel "$shim" "$T_TMP/lvl" &&
	off=$(od -An -tu4 -j4 -N4 "$T_TMP/lvl" | tr -d " ") &&
	tail -c +$((off + 5)) "$T_TMP/lvl" | tr "\0" "\n" | sed "/^$/q" | sed "/^$/d" >"$T_TMP/prev" &&
	grep -v "^#" "$T_TOP/configs/sbat-level.csv" | diff "$T_TMP/prev" -
'

t_expect "Debian's shim + signed GRUB: ok, shim chains to Microsoft UEFI CA 2011" '
	iso=$(sb_fix signed.iso) &&
	test "$(sb_json "$iso" .verdict)" = ok &&
	test "$(sb_json "$iso" .line)" = "Secure Boot: boots with Secure Boot on (shim signed by Microsoft Corporation UEFI CA 2011)" &&
	test "$(sb_json "$iso" ".loaders[0] | [.path, .arch, .signed, .trusted, .shim] | @tsv")" = "$(printf "/EFI/BOOT/BOOTX64.EFI\tx64\ttrue\ttrue\ttrue")" &&
	test "$(sb_json "$iso" ".loaders[0].signer")" = "Microsoft Windows UEFI Driver Publisher" &&
	test "$(sb_json "$iso" ".loaders[] | select(.path == \"efi.img:/EFI/BOOT/BOOTX64.EFI\") | .trusted")" = true &&
	test "$(sb_json "$iso" ".loaders[] | select(.path == \"/EFI/BOOT/grubx64.efi\") | [.signed, .trusted, .trusted_by] | @tsv")" = "$(printf "true\tfalse\tDebian Secure Boot CA")" &&
	"$STICKLER" probe "$iso" | grep -q "^Secure Boot: boots with Secure Boot on (shim signed by Microsoft"
'

t_expect "the oracles agree: sbverify on GRUB with Debian's CA, openssl on shim's chain" '
	sbverify --cert "$ca" "$grub" >/dev/null 2>&1 &&
	! sbverify --cert "$T_TMP/db.pem" "$grub" >/dev/null 2>&1 &&
	sbverify --no-verify "$shim" >/dev/null 2>&1 &&
	python3 - "$shim" "$T_TMP/sig" <<-PY &&
	import struct, sys
	d = open(sys.argv[1], "rb").read()
	pe = struct.unpack_from("<I", d, 0x3c)[0]
	off, size = struct.unpack_from("<II", d, pe + 24 + 112 + 32)
	n = struct.unpack_from("<I", d, off)[0]
	open(sys.argv[2], "wb").write(d[off + 8:off + n])
	PY
	openssl pkcs7 -inform der -in "$T_TMP/sig" -print_certs >"$T_TMP/chain.pem" &&
	openssl pkcs7 -inform der -in "$T_TMP/sig" -print_certs |
		awk "/subject=.*Driver Publisher/,/END CERT/" | sed 1d >"$T_TMP/leaf.pem" &&
	openssl verify -partial_chain -no_check_time -purpose any \
		-CAfile "$T_TMP/db.pem" -untrusted "$T_TMP/chain.pem" "$T_TMP/leaf.pem" >/dev/null
'

t_expect "the Authenticode hash: what sbverify checks the signature against" '
	iso=$(sb_fix signed.iso) &&
	h=$(sb_json "$iso" ".loaders[0].sha256") && test ${#h} = 64 &&
	openssl asn1parse -inform der -in "$T_TMP/sig" 2>/dev/null |
		grep -i "$h" >/dev/null
'

t_expect "an unsigned GRUB as BOOTX64.EFI: unsigned, sbverify finds no signature" '
	g=$(sb_fix grub-unsigned.efi) &&
	! sbverify --no-verify "$g" >/dev/null 2>&1 &&
	iso=$(sb_fix unsigned.iso) &&
	test "$(sb_json "$iso" .verdict)" = unsigned &&
	test "$(sb_json "$iso" .line)" = "Secure Boot: must be turned off: BOOTX64.EFI is not signed" &&
	test "$(sb_json "$iso" ".loaders[0].sbat | map(.component + \",\" + (.generation|tostring)) | join(\" \")")" = "sbat,1 grub,5"
'

t_expect "a signature cut short: not signed, with the reason; sbverify fails too" '
	s=$(sb_fix shim-truncated.efi) &&
	! sbverify --no-verify "$s" >/dev/null 2>&1 &&
	sb_iso "$T_TMP/cut.iso" "$s" "$grub" &&
	test "$(sb_json "$T_TMP/cut.iso" .verdict)" = unsigned &&
	sb_json "$T_TMP/cut.iso" ".loaders[0].problem" | grep -q "past the end of the file"
'

t_expect "one byte changed after signing: the signature is for other bytes" '
	s=$(sb_fix shim-changed.efi) &&
	! sbverify --no-verify "$s" >/dev/null 2>&1 &&
	sb_iso "$T_TMP/changed.iso" "$s" "$grub" &&
	test "$(sb_json "$T_TMP/changed.iso" .verdict)" = unsigned &&
	sb_json "$T_TMP/changed.iso" ".loaders[0].problem" | grep -q "changed after signing"
'

t_expect "a GRUB with .sbat grub,3 behind Debian's shim (level 5): revoked" '
	objcopy -O binary --only-section=.sbat "$(sb_fix grub-oldsbat.efi)" "$T_TMP/sbat" &&
	grep -q "^grub,3," "$T_TMP/sbat" &&
	iso=$(sb_fix oldsbat.iso) &&
	test "$(sb_json "$iso" .verdict)" = revoked &&
	test "$(sb_json "$iso" .line)" = "Secure Boot: must be turned off: grubx64.efi is revoked: SBAT: grub generation 3 is below the revocation level 5 (Debian'"'"'s shim)"
'

t_expect "a hash on the revocation list: revoked" '
	iso=$(sb_fix signed.iso) &&
	h=$(sb_json "$iso" ".loaders[0].sha256") &&
	echo "$h  a revoked shim, for this test" >"$T_TMP/revoked.list" &&
	test "$(STICKLER_SB_REVOKED=$T_TMP/revoked.list sb_json "$iso" .verdict)" = revoked &&
	STICKLER_SB_REVOKED=$T_TMP/revoked.list sb_json "$iso" .line | grep -q "BOOTX64.EFI is revoked: its hash is on the revocation list"
'

t_expect "a dbx update as dbxtool ships it (sbsiglist, sbvarsign) naming the loader: revoked" '
	iso=$(sb_fix signed.iso) &&
	h=$(sb_json "$iso" ".loaders[0].sha256") &&
	printf "%s" "$h" | sed "s/../\\\\x&/g" | xargs -0 printf >"$T_TMP/h.bin" &&
	test "$(wc -c <"$T_TMP/h.bin")" = 32 &&
	sbsiglist --owner 77fa9abd-0359-4d32-bd60-28f4e78f784b --type sha256 \
		--output "$T_TMP/dbx.esl" "$T_TMP/h.bin" &&
	openssl req -new -x509 -newkey rsa:2048 -nodes -subj /CN=kek-for-a-test \
		-days 1 -keyout "$T_TMP/kek.key" -out "$T_TMP/kek.pem" 2>/dev/null &&
	mkdir "$T_TMP/dbxdir" &&
	sbvarsign --key "$T_TMP/kek.key" --cert "$T_TMP/kek.pem" \
		--output "$T_TMP/dbxdir/DBXUpdate-20991231.x64.bin" \
		dbx "$T_TMP/dbx.esl" >/dev/null &&
	test "$(STICKLER_DBX_DIR=$T_TMP/dbxdir sb_json "$iso" .verdict)" = revoked &&
	STICKLER_DBX_DIR=$T_TMP/dbxdir sb_json "$iso" .line | grep -q "BOOTX64.EFI is revoked: its hash is on the revocation list" &&
	STICKLER_SB_REVOKED=$T_TMP/dbxdir/DBXUpdate-20991231.x64.bin sb_json "$iso" .verdict | grep -qx revoked &&
	STICKLER_SB_REVOKED=$T_TMP/dbx.esl sb_json "$iso" .verdict | grep -qx revoked &&
	test "$(STICKLER_DBX_DIR= sb_json "$iso" .verdict)" = ok
'

t_expect "the host's SbatLevelRT and dbx count when the host booted with UEFI" '
	iso=$(sb_fix signed.iso) && mkdir "$T_TMP/efivars" &&
	printf "\007\0\0\0sbat,1,2099010100\nshim,9\n" >"$T_TMP/efivars/SbatLevelRT-605dab50-e046-4300-abb6-3dd810dd8b23" &&
	test "$(STICKLER_EFIVARS=$T_TMP/efivars sb_json "$iso" .verdict)" = revoked &&
	STICKLER_EFIVARS=$T_TMP/efivars sb_json "$iso" .line | grep -q "shim generation 4 is below the revocation level 9 (this machine)"
'

t_expect "a hybrid ISO: the loader is read from the ESP of its GPT" '
	iso=$(sb_fix hybrid.iso) &&
	test "$(sb_json "$iso" ".loaders[0].path")" = "ESP:/EFI/BOOT/BOOTX64.EFI" &&
	test "$(sb_json "$iso" .verdict)" = ok
'

t_expect "no EFI loader: secure_boot is null" '
	mkdir -p "$T_TMP/plain" && echo x >"$T_TMP/plain/f" &&
	xorriso -as mkisofs -quiet -o "$T_TMP/plain.iso" "$T_TMP/plain" 2>/dev/null &&
	test "$("$STICKLER" probe --json "$T_TMP/plain.iso" | jq -c .secure_boot)" = null
'

t_done

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# mkcorpus-pe.py DIR [SIGNED.EFI] - seeds of the fuzz-pe corpus: small
# PE32+ images made here (sections with long names through the COFF string
# table, .sbat, .sbatlevel, .vendor_cert, a certificate table), the
# PKCS#7 signature of a signed loader if one is given (Debian's GRUB,
# a public signature of ~2 KiB), and texts for the other parsers.
import os
import struct
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def pe(sections, cert=b"", nrva=16, strtab=b""):
    nsec = len(sections)
    opt_size = 112 + 8 * nrva
    hdr_end = 0x80 + 24 + opt_size + 40 * nsec
    headers = (hdr_end + 0x1ff) & ~0x1ff
    raw = headers
    table = b""
    body = b""
    for name, data in sections:
        size = (len(data) + 0x1ff) & ~0x1ff
        table += name.ljust(8, b"\0")[:8] + struct.pack(
            "<IIIIIIHHI", len(data), raw, size, raw, 0, 0, 0, 0, 0x40000040)
        body += data.ljust(size, b"\0")
        raw += size
    symoff = raw + len(cert) if strtab else 0
    dos = b"MZ" + b"\0" * 0x3a + struct.pack("<I", 0x80)
    dos = dos.ljust(0x80, b"\0")
    coff = b"PE\0\0" + struct.pack("<HHIIIHH", 0x8664, nsec, 0, symoff, 0,
                                   opt_size, 0x22)
    opt = struct.pack("<HBBIIIIIQIIHHHHHHIIIIHHQQQQII", 0x20b, 0, 0, 0, 0, 0,
                      0x1000, 0, 0, 0x1000, 0x200, 0, 0, 0, 0, 0, 0, 0,
                      raw, headers, 0, 10, 0, 0, 0, 0, 0, 0, nrva)
    dirs = b""
    for i in range(nrva):
        if i == 4 and cert:
            dirs += struct.pack("<II", raw, len(cert))
        else:
            dirs += struct.pack("<II", 0, 0)
    head = (dos + coff + opt + dirs + table).ljust(headers, b"\0")
    img = head + body + cert
    if strtab:
        img += struct.pack("<I", 4 + len(strtab)) + strtab
    return img


def wincert(p7):
    n = 8 + len(p7)
    return (struct.pack("<IHH", n, 0x200, 2) + p7).ljust((n + 7) & ~7, b"\0")


sbat = b"sbat,1,SBAT Version,sbat,1,https://example.org\n" \
       b"grub,3,Free Software Foundation,grub,2.06,https://example.org\n"
lvl_text = b"sbat,1,2025021800\nshim,4\ngrub,5\n\0"
lvl = struct.pack("<III", 0, 8, 8) + lvl_text
vendor = struct.pack("<IIII", 4, 0, 16, 0) + b"\x30\x02\x05\x00"
spc = bytes.fromhex("3022300a06082b0601040182370201" "301406096086480165030402010407") \
    + b"\x11" * 7
samples = {
    "plain.efi": pe([(b".text", b"\xc3" * 64)]),
    "sbat.efi": pe([(b".text", b"\xc3" * 64), (b".sbat", sbat)]),
    "shimlike.efi": pe([(b".text", b"\xc3" * 16), (b"/4", lvl), (b"/15", vendor),
                        (b".sbat", sbat)],
                       cert=wincert(b"\x30\x03\x02\x01\x01"),
                       strtab=b".sbatlevel\0.vendor_cert\0"),
    "fewdirs.efi": pe([(b".text", b"\x90" * 8)], nrva=4),
    "spc.der": spc,
    "sbat.csv": sbat,
    "sums.txt": b"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n"
                b"- " + b"ab" * 32 + b"  debian.iso\n"
                b"SHA256 (debian.iso) = " + b"cd" * 32 + b"\n"
                b"-----BEGIN PGP SIGNATURE-----\n",
    "status.txt": b"[GNUPG:] GOODSIG 0123456789ABCDEF Someone <a@b>\n"
                  b"[GNUPG:] VALIDSIG " + b"AB" * 20 + b" 2026-01-01\n",
    "isomd5.txt": b"ISO MD5SUM = " + b"0f" * 16 + b";SKIPSECTORS = 15;",
    "siglist.bin": bytes.fromhex("2616c4c14c509240aca941f936934328")
                   + struct.pack("<III", 28 + 48, 0, 48) + b"\0" * 16 + b"\x42" * 32,
}
if len(sys.argv) > 2:
    d = open(sys.argv[2], "rb").read()
    p = struct.unpack_from("<I", d, 0x3c)[0]
    off, size = struct.unpack_from("<II", d, p + 24 + 112 + 32)
    n = struct.unpack_from("<I", d, off)[0]
    samples["signed.p7"] = d[off + 8:off + n]
    samples["signed-pe.efi"] = pe([(b".text", b"\xc3" * 32)],
                                  cert=wincert(d[off + 8:off + n]))
for name, data in samples.items():
    open(os.path.join(out, name), "wb").write(data)

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# secureboot-db.py - make configs/secureboot-db.pem, the certificates PC
# firmware trusts by default for Secure Boot, from Debian's packages:
#
#   the db of OVMF_VARS_4M.ms.fd (package ovmf): "Microsoft Windows
#   Production PCA 2011" and "Microsoft Corporation UEFI CA 2011", read
#   from its EFI_SIGNATURE_LISTs of X.509 entries (UEFI 2.10 32.4.1);
#   the signatures of shimx64.efi.signed (package shim-signed): "Microsoft
#   UEFI CA 2023", the certificate its second signature carries.
#
#   scripts/secureboot-db.py OVMF_VARS_4M.ms.fd shimx64.efi.signed >PEM
#
# tests/integration/t192 runs it again and compares with the shipped file.
import base64
import struct
import subprocess
import sys

X509_GUID = bytes.fromhex("a159c0a5e494a74a87b5ab155c2bf072")
# the variable name "db" in UTF-16, right before its data in the store
WANT = ("Microsoft Windows Production PCA 2011",
        "Microsoft Corporation UEFI CA 2011", "Microsoft UEFI CA 2023")


def subject_cn(der):
    out = subprocess.run(["openssl", "x509", "-inform", "der", "-noout",
                          "-subject", "-nameopt", "multiline"],
                         input=der, capture_output=True, check=True).stdout
    for line in out.decode().splitlines():
        line = line.strip()
        if line.startswith("commonName"):
            return line.split("=", 1)[1].strip()
    return ""


def ovmf_certs(data):
    i = 0
    while True:
        i = data.find(X509_GUID, i)
        if i < 0:
            return
        size, hdr, sig = struct.unpack_from("<III", data, i + 16)
        if sig > 16 and size > 28 + hdr:
            off = i + 28 + hdr
            for k in range((size - 28 - hdr) // sig):
                yield data[off + k * sig + 16:off + (k + 1) * sig]
        i += 16


def pe_certs(data):
    pe = struct.unpack_from("<I", data, 0x3c)[0]
    magic = struct.unpack_from("<H", data, pe + 24)[0]
    dirs = pe + 24 + (112 if magic == 0x20b else 96)
    off, size = struct.unpack_from("<II", data, dirs + 4 * 8)
    end = off + size
    while off + 8 <= end:
        length = struct.unpack_from("<I", data, off)[0]
        p7 = data[off + 8:off + length]
        pem = subprocess.run(["openssl", "pkcs7", "-inform", "der",
                              "-print_certs"], input=p7,
                             capture_output=True, check=True).stdout
        for block in pem.decode().split("-----END CERTIFICATE-----")[:-1]:
            b64 = block.split("-----BEGIN CERTIFICATE-----")[1]
            yield base64.b64decode("".join(b64.split()))
        off += (length + 7) & ~7


def main():
    found = {}
    for der in list(ovmf_certs(open(sys.argv[1], "rb").read())) + \
            list(pe_certs(open(sys.argv[2], "rb").read())):
        cn = subject_cn(der)
        if cn in WANT and cn not in found:
            found[cn] = der
    for cn in WANT:
        if cn not in found:
            sys.exit("secureboot-db: '%s' not found" % cn)
        b64 = base64.b64encode(found[cn]).decode()
        print("# %s" % cn)
        print("-----BEGIN CERTIFICATE-----")
        for j in range(0, len(b64), 64):
            print(b64[j:j + 64])
        print("-----END CERTIFICATE-----")


main()

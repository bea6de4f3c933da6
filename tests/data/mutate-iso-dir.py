#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# mutate-iso-dir.py IN OUT PREFIX LBA - copy an ISO with the extent of
# every root directory record whose identifier starts with PREFIX (primary
# and Joliet trees) set to LBA, both-endian (ECMA-119 9.1: the record's
# extent at bytes 2-9, its identifier length at 32, identifier from 33).
import struct
import sys

src, dst, prefix, lba = sys.argv[1], sys.argv[2], sys.argv[3], \
    int(sys.argv[4], 0)
d = bytearray(open(src, 'rb').read())
names = (prefix.upper().encode(), prefix.lower().encode(),
         prefix.encode('utf-16-be'))
hits = 0
for vd in range(16, 32):
    v = vd * 2048
    if d[v] == 255 or d[v + 1:v + 6] != b'CD001':
        break
    if d[v] not in (1, 2):
        continue
    root = v + 156
    ext, size = struct.unpack_from('<I', d, root + 2)[0], \
        struct.unpack_from('<I', d, root + 10)[0]
    off, end = ext * 2048, ext * 2048 + size
    while off < end:
        n = d[off]
        if n == 0:
            off = (off // 2048 + 1) * 2048
            continue
        ident = bytes(d[off + 33:off + 33 + d[off + 32]])
        if any(ident.startswith(p) for p in names):
            struct.pack_into('<I', d, off + 2, lba)
            struct.pack_into('>I', d, off + 6, lba)
            hits += 1
        off += n
if not hits:
    sys.exit('no record starts with ' + prefix)
open(dst, 'wb').write(d)

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""fleet-md.py OUT HEAD TAIL SECTORS TAILSTART [NAME]
fleet-md.py --relabel IMAGE NAME UUID

Write a member image for the fleet lab: a sparse file of SECTORS 512-byte
sectors holding a real mdadm member extract (tests/data/md/*.head at 0,
*.tail at sector TAILSTART). With NAME, the md 1.1/1.2 superblock in the
head gets that array name ("host:name") and a recomputed checksum (md's
calc_sb_1_csum), so decoy arrays can belong to other homehosts.

--relabel rewrites, in place, the superblock of a whole member IMAGE (a
copy of a real mdadm member) with array name NAME and array UUID UUID (32
hex digits, any ':' or '-' ignored): the boot storm gives every machine
its own array made from copies of one fixture mirror."""
import struct
import sys

MAGIC = 0xA92B4EFC


def superblock_offset(head):
    for off in (4096, 0):  # 1.2 at sector 8, 1.1 at sector 0
        if len(head) >= off + 256 and struct.unpack_from('<I', head, off)[0] == MAGIC:
            break
    else:
        sys.exit('fleet-md.py: no md 1.1/1.2 superblock in the head')
    return off


def rename(head, name, uuid=None):
    off = superblock_offset(head)
    if uuid is not None:
        head[off + 16:off + 32] = uuid
    raw = name.encode()
    if len(raw) > 32:
        sys.exit('fleet-md.py: name longer than 32 bytes')
    head[off + 32:off + 64] = raw.ljust(32, b'\0')
    max_dev = struct.unpack_from('<I', head, off + 220)[0]
    size = 256 + 2 * max_dev
    struct.pack_into('<I', head, off + 216, 0)
    csum = 0
    for i in range(0, size - 3, 4):
        csum += struct.unpack_from('<I', head, off + i)[0]
    if size % 4 == 2:
        csum += struct.unpack_from('<H', head, off + size - 2)[0]
    csum = (csum & 0xffffffff) + (csum >> 32)
    struct.pack_into('<I', head, off + 216, csum & 0xffffffff)


def relabel(image, name, uuid_text):
    uuid = bytes.fromhex(uuid_text.replace(':', '').replace('-', ''))
    if len(uuid) != 16:
        sys.exit('fleet-md.py: UUID must be 32 hex digits')
    with open(image, 'r+b') as f:
        head = bytearray(f.read(8192))
        rename(head, name, uuid)
        f.seek(0)
        f.write(head)


def main():
    if len(sys.argv) == 5 and sys.argv[1] == '--relabel':
        relabel(*sys.argv[2:5])
        return
    if len(sys.argv) not in (6, 7):
        sys.exit(__doc__)
    out, head_f, tail_f = sys.argv[1:4]
    sectors, tail_start = int(sys.argv[4]), int(sys.argv[5])
    head = bytearray(open(head_f, 'rb').read())
    tail = open(tail_f, 'rb').read()
    if len(sys.argv) == 7:
        rename(head, sys.argv[6])
    with open(out, 'wb') as f:
        f.truncate(sectors * 512)
        f.seek(0)
        f.write(head)
        f.seek(tail_start * 512)
        f.write(tail)


if __name__ == '__main__':
    main()

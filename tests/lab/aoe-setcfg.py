#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Test-only AoE initiator: set a target's config string over the wire.

vblade has no option for its config string; an initiator sets it with a
Query Config request whose subcommand is "set" (3: only when the target's
string is empty) or "force set" (4: always). vblade keeps it in memory and
from then on answers every Query Config with it, so the fault-matrix test
t-fault-config.sh can serve a hostile string to aoe-scan, /init and GRUB.

usage: aoe-setcfg.py IFACE SHELF SLOT FILE [--set]
  FILE   the raw bytes of the string (at most 1024; '-' = stdin)
  --set  subcommand 3 (set) instead of 4 (force set)
Exit 0 when the target acknowledged (a response with our tag and no error
flag) and a read-back Query Config returns exactly the bytes sent; 1 when it
answered with an error or a different string; 2 on usage or socket errors,
3 when nothing answered. Run it as root in the lab bridge namespace
(`ip netns exec $LAB_NS_BR aoe-setcfg.py br0 0 1 cfg.bin`).

Wire layout (AoE r11; common/aoe.h, docs/aoe-wire.md): Ethernet
dst[6] src[6] type 0x88A2; ver<<4|flags, error, shelf be16, slot, command
(1 = Query Config), tag be32; then buffer count be16, firmware be16,
sectors per frame, ver<<4|subcommand, string length be16, the string.
Tags have bit 31 set, which the Linux aoe driver leaves to userland.
"""
import os
import select
import socket
import struct
import sys
import time

ETH_P_AOE = 0x88A2
AOE_VER = 1
CMD_CONFIG = 1
CFG_READ, CFG_SET, CFG_FORCE_SET = 0, 3, 4
FL_RESPONSE, FL_ERROR = 0x08, 0x04
CFG_STR_MAX = 1024
HDR = struct.Struct(">6s6sHBBHBBI")      # 24 bytes: Ethernet + AoE header
CFG = struct.Struct(">HHBBH")            # 8 bytes: Query Config arg


def frame(src, shelf, slot, tag, ccmd, data):
    h = HDR.pack(b"\xff" * 6, src, ETH_P_AOE, AOE_VER << 4, 0,
                 shelf, slot, CMD_CONFIG, tag)
    f = h + CFG.pack(0, 0, 0, AOE_VER << 4 | ccmd, len(data)) + data
    return f + b"\0" * max(0, 60 - len(f))


def exchange(sock, src, shelf, slot, ccmd, data, tries=10):
    """Send until a response with our tag arrives; return (error, string)."""
    for attempt in range(tries):
        tag = 0x80000000 | (os.getpid() & 0xffff) << 8 | attempt
        sock.send(frame(src, shelf, slot, tag, ccmd, data))
        end = time.monotonic() + 0.5
        while time.monotonic() < end:
            r, _, _ = select.select([sock], [], [], end - time.monotonic())
            if not r:
                break
            pkt = sock.recv(2048)
            if len(pkt) < HDR.size + CFG.size:
                continue
            (_, _, typ, vf, err, sh, sl, cmd, rtag) = HDR.unpack_from(pkt)
            if (typ != ETH_P_AOE or not vf & FL_RESPONSE or cmd != CMD_CONFIG
                    or rtag != tag or sh != shelf or sl != slot):
                continue
            if vf & FL_ERROR:
                return err, b""
            n = CFG.unpack_from(pkt, HDR.size)[4]
            body = pkt[HDR.size + CFG.size:]
            if n > len(body):
                return -1, b""          # claims more than it carries
            return 0, body[:n]
    return None, b""


def main(argv):
    args = [a for a in argv[1:] if a != "--set"]
    if len(args) != 4:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    iface, shelf, slot, path = args[0], int(args[1]), int(args[2]), args[3]
    data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    if len(data) > CFG_STR_MAX:
        print("aoe-setcfg: string of %d bytes exceeds %d" % (len(data), CFG_STR_MAX),
              file=sys.stderr)
        return 2
    try:
        sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_AOE))
        sock.bind((iface, ETH_P_AOE))
    except OSError as e:
        print("aoe-setcfg: %s: %s" % (iface, e), file=sys.stderr)
        return 2
    src = sock.getsockname()[4][:6]
    ccmd = CFG_SET if "--set" in argv else CFG_FORCE_SET
    err, _ = exchange(sock, src, shelf, slot, ccmd, data)
    if err is None:
        print("aoe-setcfg: e%d.%d did not answer" % (shelf, slot), file=sys.stderr)
        return 3
    if err:
        print("aoe-setcfg: e%d.%d refused the config string (error %d)" % (shelf, slot, err),
              file=sys.stderr)
        return 1
    err, got = exchange(sock, src, shelf, slot, CFG_READ, b"")
    if err is None:
        print("aoe-setcfg: e%d.%d did not answer the read-back" % (shelf, slot), file=sys.stderr)
        return 3
    if err or got != data:
        print("aoe-setcfg: e%d.%d read back %d bytes (error %s), sent %d" %
              (shelf, slot, len(got), err, len(data)), file=sys.stderr)
        return 1
    print("aoe-setcfg: e%d.%d config string set (%d bytes)" % (shelf, slot, len(data)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""vlan-relay.py [--flood FROM:TO] TRUNK VID:PORT [VID:PORT...] - a user-space
802.1Q switch for the lab (tests/lab/vlan-lib.sh).

The lab host's kernel has no 8021q, no bridge vlan_filtering and no tc
vlan action, so VLANs are made here: TRUNK is a veth whose peer is a port of
the lab bridge br0 (where the guest's tap is); each PORT is a veth whose peer
is a port of that VLAN's own bridge (brVID, where that VLAN's servers are).

  TRUNK -> PORT: only frames tagged VID go to VID's PORT, tag removed;
                 untagged frames and frames of other VLANs go nowhere.
  PORT -> TRUNK: every untagged frame leaves tagged VID (priority 0).

--flood FROM:TO (hostile): frames from the trunk tagged FROM also go to
TO's port, so TO's servers hear the guest's queries and answer them, tagged
TO. A guest on VLAN FROM must ignore those answers.

The kernel may hand the tag out of band: a received 802.1Q frame usually
arrives with the tag already stripped into the packet's metadata, which a
packet socket only sees through PACKET_AUXDATA (tp_vlan_tci with
TP_STATUS_VLAN_VALID). Both forms are handled. Frames this relay sent are
seen again as PACKET_OUTGOING and skipped.

On SIGTERM/SIGINT it prints its counters (frames per direction and VLAN,
dropped untagged/foreign) to stdout and exits; "READY" when it listens.
"""
import os
import select
import signal
import socket
import struct
import sys

ETH_P_ALL = 0x0003
SOL_PACKET = 263
PACKET_AUXDATA = 8
PACKET_OUTGOING = 4
TP_STATUS_VLAN_VALID = 1 << 4
TPID = 0x8100
AUX = struct.Struct('IIIHHHH')  # status len snaplen mac net vlan_tci vlan_tpid


def open_port(name):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    s.bind((name, 0))
    s.setblocking(False)
    return s


def frame_vlan(data, anc):
    """(vid or None, untagged frame bytes) of a received frame."""
    for level, typ, cdata in anc:
        if level == SOL_PACKET and typ == PACKET_AUXDATA and len(cdata) >= AUX.size:
            status, _, _, _, _, tci, _ = AUX.unpack_from(cdata)
            if status & TP_STATUS_VLAN_VALID:
                return tci & 0x0FFF, data
    if len(data) >= 18 and struct.unpack_from('>H', data, 12)[0] == TPID:
        tci = struct.unpack_from('>H', data, 14)[0]
        return tci & 0x0FFF, data[:12] + data[16:]
    return None, data


def main(argv):
    flood = {}
    while len(argv) > 2 and argv[1] == '--flood':
        a, b = argv[2].split(':')
        flood[int(a)] = int(b)
        argv = argv[:1] + argv[3:]
    if len(argv) < 3:
        print(__doc__.split('\n')[0], file=sys.stderr)
        return 2
    trunk = open_port(argv[1])
    ports = {}     # vid -> socket
    by_fd = {}     # fd -> vid
    for spec in argv[2:]:
        vid, name = spec.split(':', 1)
        vid = int(vid)
        s = open_port(name)
        ports[vid] = s
        by_fd[s.fileno()] = vid
    stats = {'untagged_dropped': 0, 'foreign_dropped': 0, 'port_tagged_dropped': 0}
    for vid in ports:
        stats['to_vlan%d' % vid] = 0
        stats['from_vlan%d' % vid] = 0

    def stop(signum, frame):
        print(' '.join('%s=%d' % kv for kv in sorted(stats.items())), flush=True)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    poller = select.poll()
    poller.register(trunk.fileno(), select.POLLIN)
    for s in ports.values():
        poller.register(s.fileno(), select.POLLIN)
    print('READY', flush=True)
    while True:
        for fd, _ in poller.poll():
            src = trunk if fd == trunk.fileno() else ports[by_fd[fd]]
            while True:
                try:
                    data, anc, _, addr = src.recvmsg(65536, socket.CMSG_SPACE(AUX.size))
                except BlockingIOError:
                    break
                if addr[2] == PACKET_OUTGOING:
                    continue
                vid, plain = frame_vlan(data, anc)
                if src is trunk:
                    if vid is None or vid == 0:
                        stats['untagged_dropped'] += 1
                    elif vid not in ports:
                        stats['foreign_dropped'] += 1
                    else:
                        ports[vid].send(plain)
                        stats['to_vlan%d' % vid] += 1
                        if flood.get(vid) in ports:
                            ports[flood[vid]].send(plain)
                            stats['flooded_to_vlan%d' % flood[vid]] = \
                                stats.get('flooded_to_vlan%d' % flood[vid], 0) + 1
                else:
                    pvid = by_fd[fd]
                    if vid is not None:
                        stats['port_tagged_dropped'] += 1
                        continue
                    trunk.send(plain[:12] + struct.pack('>HH', TPID, pvid) + plain[12:])
                    stats['from_vlan%d' % pvid] += 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))

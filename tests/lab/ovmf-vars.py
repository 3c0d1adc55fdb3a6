#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""ovmf-vars.py: read and edit an OVMF variable store file (OVMF_VARS*.fd).

    ovmf-vars.py list VARS
        one line per live variable: GUID, name, attributes, data size
    ovmf-vars.py certs VARS [NAME] [--extract DIR]
        the signature lists of NAME (PK, KEK, db or dbx; default db): type, owner, size and SHA-256 of each entry; --extract writes
        each X.509 entry as DIR/NAME-N.der
    ovmf-vars.py add-x509 IN OUT CERT [--var NAME] [--owner GUID]
        OUT = IN with one more EFI_SIGNATURE_LIST (EFI_CERT_X509_GUID)
        holding CERT (PEM or DER) appended to NAME (default db)

The file is a firmware volume (EFI_FIRMWARE_VOLUME_HEADER, file system
GUID gEfiSystemNvDataFvGuid) whose data starts with an authenticated
variable store (VARIABLE_STORE_HEADER, signature gEfiAuthenticatedVariable
Guid): a run of AUTHENTICATED_VARIABLE_HEADERs, each followed by its UCS-2
name and its data, the next header 4-byte aligned, the free space 0xFF.
After the store come the fault-tolerant-write working block and spare
area, which are left as they are.

The edit rewrites the store: every live variable (state VAR_ADDED, or
VAR_ADDED in deleted transition when no added copy exists) is written
again in its order with state VAR_ADDED, the edited one with its new
data; deleted entries are dropped and the rest is 0xFF. Headers keep
their attributes, monotonic count, time stamp and public-key index: the
firmware reads db as data when it verifies an image, and authenticates
only later writes. Layout and constants: docs/efi-publish.md, "The
Secure Boot lab"."""
import base64
import hashlib
import os
import struct
import sys
import uuid

FV_FILESYSTEM_NVDATA = uuid.UUID('fff12b8d-7696-4c8b-a985-2747075b4f50')
STORE_AUTHENTICATED = uuid.UUID('aaf32c78-947b-439a-a180-2e144ec37792')
IMAGE_SECURITY_DB = uuid.UUID('d719b2cb-3d3a-4596-a3bc-dad00e67656f')
GLOBAL_VARIABLE = uuid.UUID('8be4df61-93ca-11d2-aa0d-00e098032b8c')
# The Secure Boot key variables and their vendor GUIDs.
KEY_VARS = {'PK': GLOBAL_VARIABLE, 'KEK': GLOBAL_VARIABLE,
            'db': IMAGE_SECURITY_DB, 'dbx': IMAGE_SECURITY_DB}
CERT_X509 = uuid.UUID('a5c059a1-94e4-4aa7-87b5-ab155c2bf072')
CERT_SHA256 = uuid.UUID('c1c41626-504c-4092-aca9-41f936934328')
# Owner of the entries this tool adds (an arbitrary, fixed aoeroot GUID).
AOEROOT_OWNER = uuid.UUID('5ad0e1b0-a0e0-4a0e-8b00-a0e0a0e1b0b0')

FV_SIGNATURE = b'_FVH'
FV_HEADER_MIN = 56            # through the first block-map entry
STORE_HEADER = 28             # GUID, Size u32, Format u8, State u8, 6 reserved
STORE_FORMATTED = 0x5A
STORE_HEALTHY = 0xFE
VAR_START_ID = 0x55AA
VAR_HEADER = 60               # AUTHENTICATED_VARIABLE_HEADER
VAR_ADDED = 0x3F
VAR_IN_DELETED_TRANSITION = 0xFE
VAR_ALIGN = 4
SIGLIST_HEADER = 28           # type GUID, list size, header size, entry size

ATTR_NAMES = ((0x01, 'NV'), (0x02, 'BS'), (0x04, 'RT'), (0x08, 'HW_ERR'),
              (0x10, 'AUTH'), (0x20, 'TIME_AUTH'), (0x40, 'APPEND'))


def die(msg):
    sys.exit('ovmf-vars.py: ' + msg)


def guid_at(buf, off):
    return uuid.UUID(bytes_le=bytes(buf[off:off + 16]))


def fv_store_offset(img):
    """Offset of the variable store: after the firmware volume header."""
    if len(img) < FV_HEADER_MIN or img[40:44] != FV_SIGNATURE:
        die('not a firmware volume (no _FVH signature)')
    if guid_at(img, 16) != FV_FILESYSTEM_NVDATA:
        die('firmware volume is not an NV data volume: %s' % guid_at(img, 16))
    fv_len, = struct.unpack_from('<Q', img, 32)
    hdr_len, = struct.unpack_from('<H', img, 48)
    if fv_len > len(img) or hdr_len < FV_HEADER_MIN or hdr_len >= fv_len:
        die('firmware volume lengths do not fit the file')
    if sum(struct.unpack_from('<%dH' % (hdr_len // 2), img, 0)) & 0xFFFF:
        die('firmware volume header checksum is wrong')
    return hdr_len


def store_bounds(img):
    """(start of the first variable, end of the store)."""
    off = fv_store_offset(img)
    if guid_at(img, off) != STORE_AUTHENTICATED:
        die('not an authenticated variable store: %s' % guid_at(img, off))
    size, fmt, state = struct.unpack_from('<IBB', img, off + 16)
    if fmt != STORE_FORMATTED or state != STORE_HEALTHY:
        die('variable store not formatted/healthy (%#x/%#x)' % (fmt, state))
    if off + size > len(img):
        die('variable store larger than the file')
    return off + STORE_HEADER, off + size


def align(n):
    return (n + VAR_ALIGN - 1) & ~(VAR_ALIGN - 1)


def parse_vars(img):
    """Every variable header in the store, valid or not, as dicts."""
    pos, end = store_bounds(img)
    out = []
    while pos + VAR_HEADER <= end:
        start, state, attrs = struct.unpack_from('<HBxI', img, pos)
        if start != VAR_START_ID:
            break
        name_len, data_len = struct.unpack_from('<II', img, pos + 36)
        name_off = pos + VAR_HEADER
        data_off = name_off + name_len
        if data_off + data_len > end:
            die('variable at %#x runs past the store' % pos)
        out.append({
            'offset': pos, 'state': state, 'attrs': attrs,
            'auth': bytes(img[pos + 8:pos + 36]),  # count, time, key index
            'guid': guid_at(img, pos + 44),
            'name': bytes(img[name_off:data_off]).decode('utf-16-le').rstrip('\0'),
            'data': bytes(img[data_off:data_off + data_len]),
        })
        pos = align(data_off + data_len)
    return out


def live_vars(img):
    """The variables the firmware would use, in store order."""
    all_vars = parse_vars(img)
    added = {(v['guid'], v['name']) for v in all_vars if v['state'] == VAR_ADDED}
    live = []
    for v in all_vars:
        if v['state'] == VAR_ADDED:
            live.append(v)
        elif (v['state'] == VAR_ADDED & VAR_IN_DELETED_TRANSITION
              and (v['guid'], v['name']) not in added):
            live.append(v)
    return live


def pack_var(v):
    name = (v['name'] + '\0').encode('utf-16-le')
    hdr = struct.pack('<HBxI', VAR_START_ID, VAR_ADDED, v['attrs']) + v['auth']
    hdr += struct.pack('<II', len(name), len(v['data'])) + v['guid'].bytes_le
    assert len(hdr) == VAR_HEADER
    raw = hdr + name + v['data']
    return raw + b'\xff' * (align(len(raw)) - len(raw))


def write_store(img, variables):
    """Lay VARIABLES out again from the start of the store, 0xFF after."""
    first, end = store_bounds(img)
    raw = b''.join(pack_var(v) for v in variables)
    if first + len(raw) > end:
        die('the variables no longer fit the store (%d > %d bytes)' % (len(raw), end - first))
    img[first:end] = raw + b'\xff' * (end - first - len(raw))


def attr_text(attrs):
    return '|'.join(n for bit, n in ATTR_NAMES if attrs & bit) or '0'


def parse_siglists(data):
    """[(type, [(owner, bytes)])] from an EFI_SIGNATURE_LIST sequence."""
    out, pos = [], 0
    while pos < len(data):
        if pos + SIGLIST_HEADER > len(data):
            die('truncated signature list at %d' % pos)
        typ = guid_at(data, pos)
        list_len, hdr_len, entry_len = struct.unpack_from('<III', data, pos + 16)
        if list_len < SIGLIST_HEADER + hdr_len or pos + list_len > len(data) or entry_len <= 16:
            die('bad signature list sizes at %d' % pos)
        entries = []
        e = pos + SIGLIST_HEADER + hdr_len
        while e + entry_len <= pos + list_len:
            entries.append((guid_at(data, e), data[e + 16:e + entry_len]))
            e += entry_len
        out.append((typ, entries))
        pos += list_len
    return out


def x509_siglist(der, owner):
    entry = owner.bytes_le + der
    return CERT_X509.bytes_le + struct.pack('<III', SIGLIST_HEADER + len(entry), 0, len(entry)) + entry


def read_cert(path):
    raw = open(path, 'rb').read()
    if b'-----BEGIN CERTIFICATE-----' not in raw:
        return raw
    body = raw.split(b'-----BEGIN CERTIFICATE-----')[1].split(b'-----END CERTIFICATE-----')[0]
    return base64.b64decode(b''.join(body.split()))


def find_var(variables, name):
    if name not in KEY_VARS:
        die('%s is not one of %s' % (name, ' '.join(KEY_VARS)))
    guid = KEY_VARS[name]
    for v in variables:
        if v['name'] == name and v['guid'] == guid:
            return v
    die('no variable %s in %s' % (name, guid))


def cmd_list(path):
    for v in live_vars(bytearray(open(path, 'rb').read())):
        print('%s %-24s %-28s %6d' % (v['guid'], v['name'], attr_text(v['attrs']), len(v['data'])))


def cmd_certs(path, name='db', extract=None):
    v = find_var(live_vars(bytearray(open(path, 'rb').read())), name)
    n = 0
    for typ, entries in parse_siglists(v['data']):
        kind = {CERT_X509: 'x509', CERT_SHA256: 'sha256'}.get(typ, str(typ))
        for owner, blob in entries:
            print('%s %s owner=%s size=%d sha256=%s' % (name, kind, owner, len(blob),
                                                      hashlib.sha256(blob).hexdigest()))
            if extract and typ == CERT_X509:
                with open(os.path.join(extract, '%s-%d.der' % (name, n)), 'wb') as f:
                    f.write(blob)
            n += 1


def cmd_add_x509(src, dst, cert, name='db', owner=AOEROOT_OWNER):
    img = bytearray(open(src, 'rb').read())
    variables = live_vars(img)
    v = find_var(variables, name)
    der = read_cert(cert)
    if der[:1] != b'\x30':
        die('%s is not a DER or PEM certificate' % cert)
    for _, entries in parse_siglists(v['data']):
        if any(blob == der for _, blob in entries):
            die('%s already holds this certificate' % name)
    v['data'] += x509_siglist(der, owner)
    write_store(img, variables)
    # Read back what the firmware will read.
    again = find_var(live_vars(img), name)
    assert any(blob == der for _, e in parse_siglists(again['data']) for _, blob in e)
    with open(dst, 'wb') as f:
        f.write(img)


def main(argv):
    opts, args, i = {}, [], 0
    while i < len(argv):
        if argv[i] in ('--extract', '--var', '--owner') and i + 1 < len(argv):
            opts[argv[i][2:]] = argv[i + 1]
            i += 2
        else:
            args.append(argv[i])
            i += 1
    if args[:1] == ['list'] and len(args) == 2:
        cmd_list(args[1])
    elif args[:1] == ['certs'] and len(args) in (2, 3):
        cmd_certs(args[1], *(args[2:] or ['db']), extract=opts.get('extract'))
    elif args[:1] == ['add-x509'] and len(args) == 4:
        cmd_add_x509(args[1], args[2], args[3], opts.get('var', 'db'),
                     uuid.UUID(opts.get('owner', str(AOEROOT_OWNER))))
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv[1:])

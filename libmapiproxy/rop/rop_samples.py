#!/usr/bin/env python3
# Build populated sample wire buffers for every ROP of rops.desc, for the
# round-trip tests: parse, serialize, compare bytes.
#
# usage: rop_samples.py rops.desc OUT.h
#
# The bytes are written here, in Python, straight from the layouts, not by
# the C encoder under test.  Two variants per ROP: every scalar 1 (counts 2,
# every optional part present, flagged rows) and every scalar 0 (counts 0).
# Responses are the success form, plus each special ReturnValue that a
# layout tests for.
#
# Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
import re
import struct
import sys

sys.path.insert(0, __import__('os').path.dirname(__file__))
import rop_gen  # noqa: E402

TAGS = [0x00010003, 0x0002001F, 0x00030102, 0x00041003, 0x0005101F,
        0x00060014, 0x0007000B, 0x00081102, 0x0009001E, 0x000A0040,
        0x000B0048, 0x000C0002, 0x000D1014, 0x000E0005, 0x000F00FB]
STATE_COLS = [0x00010003, 0x0002001F]


def value_bytes(t, v):
    base = t & 0x0FFF
    if t & 0x1000:
        items = b''.join(value_bytes(base, v + i) for i in range(2))
        return struct.pack('<I', 2) + items
    if base == 0x0003:
        return struct.pack('<I', v)
    if base in (0x0014, 0x0040, 0x0005):
        return struct.pack('<Q', v)
    if base == 0x000B:
        return bytes([v & 1])
    if base == 0x0002:
        return struct.pack('<H', v)
    if base == 0x001F:
        return 'ab'.encode('utf-16-le') + b'\0\0'
    if base == 0x001E:
        return b'ab\0'
    if base in (0x0102, 0x00FB):
        return struct.pack('<H', 2) + bytes([v, v + 1])
    if base == 0x0048:
        return bytes(range(16))
    raise ValueError(hex(t))


def tpv(i):
    t = TAGS[i % len(TAGS)]
    return struct.pack('<I', t) + value_bytes(t, i + 1)


def row(cols, flagged):
    out = bytes([1 if flagged else 0])
    for i, t in enumerate(cols):
        if flagged:
            if i == 1:
                out += b'\x0a' + struct.pack('<I', 0x8004010F)
                continue
            out += b'\x00'
        out += value_bytes(t, i + 3)
    return out


def restriction():
    ex = b'\x08' + struct.pack('<I', 0x0037001F)
    prop = b'\x04\x04' + struct.pack('<I', 0x00010003) + tpv(0)
    content = b'\x03' + struct.pack('<HHI', 1, 0, 0x0002001F) + tpv(1)
    cmp_ = b'\x05\x02' + struct.pack('<II', 1, 2)
    bm = b'\x06\x01' + struct.pack('<II', 3, 4)
    size = b'\x07\x03' + struct.pack('<II', 5, 6)
    orr = b'\x01' + struct.pack('<H', 1) + ex
    comment = b'\x0a\x01' + tpv(2) + b'\x01' + orr
    count = b'\x0b' + struct.pack('<I', 9) + comment
    sub = b'\x09' + struct.pack('<I', 0x0E12000D) + count
    nott = b'\x02' + sub
    parts = [ex, prop, content, cmp_, bm, size, nott]
    return b'\x00' + struct.pack('<H', len(parts)) + b''.join(parts)


def recipient_row(cols, one):
    if not one:
        # X500DN with no string flags
        return struct.pack('<H', 0x0001) + b'\x00\x00/o=x\0' + struct.pack('<H', 0) + \
            (row([], False) if cols is not None else b'\x00')
    flags = 0x0200 | 0x0010 | 0x0008 | 0x0400 | 0x0020 | 0x8000 | 0x0006
    out = struct.pack('<H', flags)
    out += struct.pack('<H', 2) + b'\x01\x02' + struct.pack('<H', 1) + b'\x03'
    out += b'EX\0'
    for s in ('a@b', 'A', 'S', 'T'):
        out += s.encode('utf-16-le') + b'\0\0'
    if cols is None:
        return out + struct.pack('<H', 1) + b'\x00\x07\x00\x00\x00'
    return out + struct.pack('<H', len(cols)) + row(cols, False)


class Gen:
    def __init__(self, structs, one, retval, req_vals):
        self.structs = dict(structs)
        self.one = one
        self.retval = retval
        self.req_vals = req_vals

    def layout(self, lay, items, vals, out, ctxcols):
        for it in items:
            if isinstance(it, rop_gen.Cond):
                if self.cond(it.expr, vals):
                    self.layout(lay, it.then, vals, out, ctxcols)
                else:
                    self.layout(lay, it.other, vals, out, ctxcols)
                continue
            self.field(lay, it, vals, out, ctxcols)

    def cond(self, expr, vals):
        env = dict(vals)
        env['ReturnValue'] = self.retval
        e = re.sub(r'req\.(\w+)', lambda m: 'REQ_' + m.group(1), expr)
        for k, v in self.req_vals.items():
            env['REQ_' + k] = v
        e = e.replace('&&', ' and ').replace('||', ' or ')
        return bool(eval(e, {}, env))

    def is_count(self, lay, name):
        for f in lay.fields.values():
            if f.count == name:
                return True
        return False

    def field(self, lay, f, vals, out, ctxcols):
        n = f.name
        if f.typ == 'virtual':
            vals[n] = 0            # the tests prime a private logon
            return
        if f.typ in rop_gen.SCALARS and f.count is None:
            size = rop_gen.SCALARS[f.typ][1]
            if n in lay.sizes:
                vals[n] = None     # patched when the sized field is known
                out.append(('size', n, size))
                return
            if self.is_count(lay, n):
                v = 2 if self.one else 0
            elif n == 'ByteCount':
                v = 0xBABE if self.one else 3
            elif n in ('HandleIndex', 'DestHandleIndex', 'InputHandleIndex'):
                v = 1
            else:
                v = 1 if self.one else 0
            vals[n] = v
            out.append(v.to_bytes(size, 'little'))
            return
        cnt = None
        if f.count is not None:
            cnt = int(f.count) if f.count.isdigit() else vals[f.count]
        if f.cols:
            ctxcols = self.columns(f.cols, vals)
        if f.typ in rop_gen.SCALARS:
            size = rop_gen.SCALARS[f.typ][1]
            seq = TAGS if re.search(r'Tags|Columns', n) else range(1, cnt + 1)
            vals[n] = [seq[i % len(seq)] for i in range(cnt)]
            out.append(b''.join(x.to_bytes(size, 'little') for x in vals[n]))
            return
        if f.typ == 'guid':
            out.append(bytes(range(16)))
        elif f.typ == 'bytes':
            out.append(bytes([0x5A]) * cnt)
        elif f.typ == 'blob':
            out.append(bytes((0x61 + i) % 256 for i in range(cnt)))
        elif f.typ == 'rest':
            out.append(b'\x0a\x0b')
        elif f.typ in rop_gen.SIZED and f.count:
            if f.typ == 'restriction':
                data = restriction() if self.one else b''
            else:
                data = recipient_row(ctxcols, self.one)
            self.patch(out, f.count, len(data))
            out.append(data)
        elif cnt is not None:
            for i in range(cnt):
                out.append(self.single(f.typ, i, ctxcols))
        else:
            out.append(self.single(f.typ, 0, ctxcols))

    def patch(self, out, name, value):
        for i, x in enumerate(out):
            if isinstance(x, tuple) and x[1] == name:
                out[i] = value.to_bytes(x[2], 'little')
                return
        raise ValueError('size field %s not found' % name)

    def columns(self, spec, vals):
        if spec == '@ctx':
            return None
        if spec == '@state':
            return STATE_COLS
        if spec == '@staterecip':
            return None
        if spec == '@receivefolder':
            return [0x67480014, 0x001A001E, 0x30080040]
        m = re.match(r'^@(req|rsp)\.(\w+)/(\w+)$', spec)
        src = self.req_vals if (m.group(1) == 'req' and self.req_vals) else vals
        return src[m.group(2)]

    def single(self, typ, i, ctxcols):
        if typ in ('asciiz',):
            return b'srv%d\0' % i
        if typ == 'utf16z':
            return 'name'.encode('utf-16-le') + b'\0\0'
        if typ == 'tpv':
            return tpv(i)
        if typ == 'typedval':
            t = TAGS[i % len(TAGS)] & 0xFFFF
            return struct.pack('<H', t) + value_bytes(t, i)
        if typ == 'propname':
            if i % 2:
                return b'\x00' + bytes(range(16)) + struct.pack('<I', 0x8001 + i)
            name = 'n'.encode('utf-16-le') + b'\0\0'
            return b'\x01' + bytes(range(16)) + bytes([len(name)]) + name
        if typ == 'typedstr':
            return b'\x04' + 'subj'.encode('utf-16-le') + b'\0\0' if self.one else b'\x01'
        if typ == 'row':
            return row(ctxcols, self.one)
        if typ == 'notification':
            return struct.pack('<HH', 0x0100, 1)
        if typ == 'restriction':
            return restriction()
        if typ in self.structs:
            lay = self.structs[typ]
            out = []
            self.layout(lay, lay.items, {}, out, ctxcols)
            return b''.join(out)
        raise ValueError(typ)


def emit(rop, one, retval, req_bytes_vals, structs):
    g = Gen(structs, one, retval, req_bytes_vals[1])
    out = []
    vals = {}
    items = rop.rsp.items
    if rop.rsp_mode == 'ok' and retval != 0:
        items = []
    g.layout(rop.rsp, items, vals, out, None)
    return b''.join(out)


def main():
    structs, rops = rop_gen.parse(sys.argv[1])
    lines = ['/* Generated by rop_samples.py from rops.desc: do not edit. */',
             'struct rop_sample { uint8_t id; uint8_t variant; uint32_t retval;',
             '\tuint16_t req_len; const char *req; uint16_t rsp_len; const char *rsp; };',
             'static const struct rop_sample rop_samples[] = {']
    for rop in sorted(rops, key=lambda r: r.id):
        for one in (True, False):
            req = b''
            rvals = {}
            if rop.req is not None:
                g = Gen(structs, one, 0, {})
                out = []
                g.layout(rop.req, rop.req.items, rvals, out, None)
                req = bytes([rop.id, 0]) + bytes([0, 1][:len(rop.idx)]) + b''.join(out)
            if rop.rsp is None:
                rsps = [(0, None)]
            else:
                rvs = {0}
                for e in rop_gen.open_desc_exprs(rop.rsp):
                    for m in re.finditer(r'ReturnValue == (0x[0-9a-fA-F]+)', e):
                        rvs.add(int(m.group(1), 16))
                if rop.rsp_mode in ('raw',):
                    rvs.add(0x80040102)
                else:
                    rvs.add(0x8004010F)
                rsps = []
                for rv in sorted(rvs):
                    body = emit(rop, one, rv, (req, rvals), structs)
                    if rop.rsp_mode == 'nohdr':
                        if rv != 0:
                            continue
                        rsps.append((rv, bytes([rop.id]) + body))
                    else:
                        hidx = 1 if 'out' in rop.idx else 0
                        rsps.append((rv, bytes([rop.id, hidx]) + struct.pack('<I', rv) + body))
            for rv, rsp in rsps:
                def c(b):
                    return '"' + ''.join('\\x%02x' % x for x in b) + '"'
                lines.append('\t{ 0x%02X, %d, 0x%08X, %d, %s, %d, %s },' % (
                    rop.id, 1 if one else 0, rv, len(req), c(req),
                    len(rsp) if rsp is not None else 0,
                    c(rsp) if rsp is not None else 'NULL'))
    lines.append('};')
    with open(sys.argv[2], 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()

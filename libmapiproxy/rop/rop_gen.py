#!/usr/bin/env python3
# Generate the C for the ROP buffers of MS-OXCROPS from rops.desc.
#
# usage: rop_gen.py rops.desc OUT_HEADER OUT_SOURCE
#
# One description drives three walks over each layout (parse, serialize,
# print), so the 130-odd ROPs cannot drift apart.  Only the irregular
# MS-OXCDATA types (property values, rows, restrictions, recipient rows,
# notifications) are hand-written, in rop_data.c.
#
# Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
import re
import sys

SCALARS = {'u8': ('uint8_t', 1), 'u16': ('uint16_t', 2),
           'u32': ('uint32_t', 4), 'u64': ('uint64_t', 8)}
# Hand-written types: C type, suffix of rop_pull_X/rop_push_X/rop_print_X.
COMPLEX = {
    'asciiz': 'struct rop_blob', 'utf16z': 'struct rop_blob',
    'tpv': 'struct rop_tagged_value', 'typedval': 'struct rop_propval',
    'propname': 'struct rop_property_name', 'typedstr': 'struct rop_typed_string',
    'row': 'struct rop_property_row', 'recipient_row': 'struct rop_recipient_row',
    'notification': 'struct rop_notification',
    'restriction': 'struct rop_restriction *',
}
# Types that may be bounded by a preceding size field ([SIZE]).
SIZED = {'restriction', 'recipient_row'}
COLS_TYPES = {'row', 'recipient_row'}


class Field:
    def __init__(self, typ, name, count=None, cols=None):
        self.typ, self.name, self.count, self.cols = typ, name, count, cols


class Cond:
    def __init__(self, expr):
        self.expr, self.then, self.other = expr, [], []


class Layout:
    def __init__(self, cname):
        self.cname = cname
        self.items = []
        self.members = {}          # name -> (ctype, array-suffix)
        self.order = []
        self.sizes = set()         # fields used as [SIZE] of a sized type
        self.fields = {}


class Rop:
    def __init__(self, rid, name, idx, flags):
        self.id, self.name, self.idx, self.flags = rid, name, idx, flags
        self.req = None
        self.rsp = None
        self.rsp_mode = 'ok'


def die(lineno, msg):
    sys.exit('rops.desc:%d: %s' % (lineno, msg))


def parse(path):
    structs, rops = [], []
    known_structs = set()
    cur_rop = None
    stack = None
    layout = None
    conds = []
    for lineno, raw in enumerate(open(path, encoding='utf-8'), 1):
        line = raw.split('#', 1)[0].strip()
        if not line:
            continue
        w = line.split()
        if w[0] == 'struct' and layout is None:
            layout = Layout('rop_' + w[1])
            layout.kind = 'struct'
            structs.append((w[1], layout))
            known_structs.add(w[1])
            stack = [layout.items]
            continue
        if w[0] == 'rop':
            rid = int(w[1], 16)
            idx = []
            flags = set()
            for a in w[3:]:
                if a.startswith('req='):
                    idx = [] if a[4:] == 'none' else a[4:].split(',')
                else:
                    flags.add(a)
            cur_rop = Rop(rid, w[2], idx, flags)
            if 'req=none' in w:
                cur_rop.flags.add('responseonly')
            rops.append(cur_rop)
            continue
        if w[0] in ('req', 'rsp') and cur_rop is not None and len(stack or [0]) <= 1:
            layout = Layout('rop_%s_%s' % (cur_rop.name, w[0]))
            layout.kind = w[0]
            layout.rop = cur_rop
            if w[0] == 'req':
                cur_rop.req = layout
            else:
                cur_rop.rsp = layout
                cur_rop.rsp_mode = w[1] if len(w) > 1 else 'ok'
            stack = [layout.items]
            continue
        if w[0] == 'end' and len(stack) == 1:
            if layout.kind == 'struct':
                layout = None
                stack = None
            else:
                layout = None
                stack = None
                cur_rop = None
            continue
        if w[0] == 'if':
            c = Cond(' '.join(w[1:]))
            stack[-1].append(c)
            stack.append(c.then)
            conds.append(c)
            continue
        if w[0] == 'else':
            stack.pop()
            stack.append(conds[-1].other)
            continue
        if w[0] == 'end':
            stack.pop()
            conds.pop()
            continue
        if w[0] == 'virtual':
            f = Field('virtual', w[1], count=w[2])
            add_field(layout, f, lineno)
            stack[-1].append(f)
            continue
        m = re.match(r'^(\w+)(?:\[(\w+)\])?$', w[0])
        if not m or len(w) < 2:
            die(lineno, 'bad field: ' + line)
        typ, count = m.group(1), m.group(2)
        cols = w[2] if len(w) > 2 else None
        if typ not in SCALARS and typ not in COMPLEX and typ not in \
                ('guid', 'bytes', 'blob', 'rest') and typ not in known_structs:
            die(lineno, 'unknown type ' + typ)
        if typ in COLS_TYPES and not cols:
            die(lineno, typ + ' needs @COLS')
        f = Field(typ, w[1], count, cols)
        if typ in SIZED and count:
            layout.sizes.add(count)
        add_field(layout, f, lineno)
        stack[-1].append(f)
    return structs, rops


def member_decl(f):
    if f.typ == 'virtual':
        return ('uint8_t', '')
    if f.typ in SCALARS:
        ct = SCALARS[f.typ][0]
        if f.count is None:
            return (ct, '')
        if f.count.isdigit():
            return (ct, '[%s]' % f.count)
        return (ct + ' *', '')
    if f.typ == 'guid':
        return ('uint8_t', '[16]')
    if f.typ == 'bytes':
        return ('uint8_t', '[%s]' % f.count)
    if f.typ in ('blob', 'rest'):
        return ('struct rop_blob', '')
    ct = COMPLEX.get(f.typ, 'struct rop_' + f.typ)
    if f.count is not None and f.typ not in SIZED:
        return (ct + ' *', '')
    return (ct, '')


def add_field(layout, f, lineno):
    decl = member_decl(f)
    if f.name in layout.members:
        if layout.members[f.name] != decl:
            die(lineno, 'field %s redeclared with another type' % f.name)
        return
    layout.members[f.name] = decl
    layout.order.append(f.name)
    layout.fields[f.name] = f


def cexpr(expr, layout, where):
    """Turn a description expression into C over r, req and hdr."""
    def sub(m):
        tok = m.group(0)
        if tok.startswith('req.'):
            return 'req->' + tok[4:]
        if tok == 'ReturnValue':
            return 'hdr->return_value'
        if tok in layout.members:
            return 'r->' + tok
        if re.match(r'^(0x[0-9a-fA-F]+|\d+)$', tok):
            return tok
        sys.exit('%s: unknown name %s in expression' % (where, tok))
    return re.sub(r'req\.\w+|0x[0-9a-fA-F]+|\b\w+\b', sub, expr)


def count_expr(f, layout):
    if f.count.isdigit():
        return f.count
    if f.count not in layout.members:
        sys.exit('%s: unknown count %s' % (layout.cname, f.count))
    return 'r->' + f.count


def cols_expr(f, layout):
    c = f.cols
    if c == '@ctx':
        return None
    if c == '@state':
        return 'if (!rop_pull_state_columns(p)) return false;'
    if c == '@staterecip':
        return 'rop_pull_state_columns_optional(p);'
    if c == '@receivefolder':
        return 'rop_pull_receive_folder_columns(p);'
    m = re.match(r'^@(req|rsp)\.(\w+)/(\w+)$', c)
    if not m:
        sys.exit('bad columns ' + c)
    base = 'req' if m.group(1) == 'req' and layout.kind != 'req' else 'r'
    return 'p->cols = %s->%s; p->ncols = %s->%s;' % (base, m.group(2), base, m.group(3))


# ---------------------------------------------------------------- emitters

def emit_pull(items, layout, out, ind):
    for it in items:
        if isinstance(it, Cond):
            out.append('%sif (%s) {' % (ind, cexpr(it.expr, layout, layout.cname)))
            emit_pull(it.then, layout, out, ind + '\t')
            if it.other:
                out.append('%s} else {' % ind)
                emit_pull(it.other, layout, out, ind + '\t')
            out.append('%s}' % ind)
            continue
        f = it
        n = 'r->' + f.name
        if f.cols:
            ce = cols_expr(f, layout)
            if ce:
                out.append(ind + ce)
        if f.typ == 'virtual':
            out.append('%sif (!rop_pull_%s(p, &%s)) return false;' % (ind, f.count, n))
        elif f.typ in SCALARS and f.count is None:
            out.append('%sif (!rop_pull_%s(p, &%s)) return false;' % (ind, f.typ, n))
        elif f.typ == 'guid':
            out.append('%sif (!rop_pull_bytes(p, %s, 16)) return false;' % (ind, n))
        elif f.typ == 'bytes':
            out.append('%sif (!rop_pull_bytes(p, %s, %s)) return false;' % (ind, n, f.count))
        elif f.typ == 'blob':
            out.append('%sif (!rop_pull_blob(p, &%s, %s)) return false;'
                       % (ind, n, count_expr(f, layout)))
        elif f.typ == 'rest':
            out.append('%sif (!rop_pull_blob(p, &%s, p->end - p->ofs)) return false;' % (ind, n))
        elif f.typ in SIZED and f.count:
            out.append('%sif (!rop_pull_sized_%s(p, &%s, %s)) return false;'
                       % (ind, f.typ, n, count_expr(f, layout)))
        elif f.count is not None:
            cnt = count_expr(f, layout)
            ct = member_decl(f)[0].rstrip(' *')
            elem = pull_call(f.typ, '&%s[i]' % n)
            if f.count.isdigit():
                out.append('%sfor (uint32_t i = 0; i < %s; i++) {' % (ind, cnt))
            else:
                out.append('%sif (!rop_pull_check_count(p, %s, %d)) return false;'
                           % (ind, cnt, min_size(f.typ)))
                out.append('%s%s = talloc_zero_array(p->mem, %s, %s + 1);' % (ind, n, ct, cnt))
                out.append('%sif (%s == NULL) return rop_pull_nomem(p);' % (ind, n))
                out.append('%sfor (uint32_t i = 0; i < %s; i++) {' % (ind, cnt))
            out.append('%s\tif (!%s) return false;' % (ind, elem))
            out.append('%s}' % ind)
        else:
            out.append('%sif (!%s) return false;' % (ind, pull_call(f.typ, '&' + n)))


def min_size(typ):
    if typ in SCALARS:
        return SCALARS[typ][1]
    return 1


def pull_call(typ, ref):
    if typ in SCALARS:
        return 'rop_pull_%s(p, %s)' % (typ, ref)
    if typ in COMPLEX:
        return 'rop_pull_%s(p, %s)' % (typ, ref)
    return 'pull_%s(p, %s)' % (typ, ref)


def push_call(typ, ref):
    if typ in SCALARS:
        return 'rop_push_%s(q, %s)' % (typ, ref)
    if typ in COMPLEX:
        return 'rop_push_%s(q, %s)' % (typ, ref)
    return 'push_%s(q, %s)' % (typ, ref)


def print_call(typ, name, ref):
    if typ in SCALARS:
        return 'rop_print_%s(ndr, %s, %s)' % (typ, name, ref)
    if typ in COMPLEX:
        return 'rop_print_%s(ndr, %s, %s)' % (typ, name, ref)
    return 'print_%s(ndr, %s, %s)' % (typ, name, ref)


def emit_push(items, layout, out, ind):
    for it in items:
        if isinstance(it, Cond):
            out.append('%sif (%s) {' % (ind, cexpr(it.expr, layout, layout.cname)))
            emit_push(it.then, layout, out, ind + '\t')
            if it.other:
                out.append('%s} else {' % ind)
                emit_push(it.other, layout, out, ind + '\t')
            out.append('%s}' % ind)
            continue
        f = it
        n = 'r->' + f.name
        if f.typ == 'virtual':
            continue
        if f.typ in SCALARS and f.count is None:
            if f.name in layout.sizes:
                out.append('%sofs_%s = q->len;' % (ind, f.name))
            out.append('%sif (!rop_push_%s(q, %s)) return false;' % (ind, f.typ, n))
        elif f.typ == 'guid':
            out.append('%sif (!rop_push_bytes(q, %s, 16)) return false;' % (ind, n))
        elif f.typ == 'bytes':
            out.append('%sif (!rop_push_bytes(q, %s, %s)) return false;' % (ind, n, f.count))
        elif f.typ == 'blob':
            out.append('%sif (!rop_push_blob_checked(q, &%s, %s, "%s")) return false;'
                       % (ind, n, count_expr(f, layout), f.name))
        elif f.typ == 'rest':
            out.append('%sif (!rop_push_bytes(q, %s.data, %s.length)) return false;' % (ind, n, n))
        elif f.typ in SIZED and f.count:
            # The size field is rewritten from what was serialized, so a
            # module that edits the structure need not recompute it.
            out.append('%sif (!rop_push_sized_%s(q, &%s, ofs_%s)) return false;'
                       % (ind, f.typ, n, f.count))
        elif f.count is not None:
            cnt = count_expr(f, layout)
            if not f.count.isdigit():
                out.append('%sif (%s > 0 && %s == NULL) return rop_push_fail(q, "%s missing");'
                           % (ind, cnt, n, f.name))
            out.append('%sfor (uint32_t i = 0; i < %s; i++) {' % (ind, cnt))
            ref = '%s[i]' % n if f.typ in SCALARS else '&%s[i]' % n
            out.append('%s\tif (!%s) return false;' % (ind, push_call(f.typ, ref)))
            out.append('%s}' % ind)
        else:
            ref = n if f.typ == 'restriction' else '&' + n
            out.append('%sif (!%s) return false;' % (ind, push_call(f.typ, ref)))


def emit_print(items, layout, out, ind):
    for it in items:
        if isinstance(it, Cond):
            out.append('%sif (%s) {' % (ind, cexpr(it.expr, layout, layout.cname)))
            emit_print(it.then, layout, out, ind + '\t')
            if it.other:
                out.append('%s} else {' % ind)
                emit_print(it.other, layout, out, ind + '\t')
            out.append('%s}' % ind)
            continue
        f = it
        n = 'r->' + f.name
        q = '"%s"' % f.name
        if f.typ == 'virtual':
            out.append('%srop_print_u8(ndr, %s, %s);' % (ind, q, n))
        elif f.typ in SCALARS and f.count is None:
            out.append('%srop_print_%s(ndr, %s, %s);' % (ind, f.typ, q, n))
        elif f.typ in ('guid', 'bytes'):
            out.append('%sndr_print_array_uint8(ndr, %s, %s, sizeof(%s));' % (ind, q, n, n))
        elif f.typ in ('blob', 'rest'):
            out.append('%sndr_print_array_uint8(ndr, %s, %s.data, %s.length);' % (ind, q, n, n))
        elif f.typ in SIZED and f.count:
            ref = n if f.typ == 'restriction' else '&' + n
            out.append('%s%s;' % (ind, print_call(f.typ, q, ref)))
        elif f.count is not None:
            cnt = count_expr(f, layout)
            out.append('%sif (%s != NULL || %s == 0) {' % (ind, n, cnt) if not f.count.isdigit()
                       else '%s{' % ind)
            out.append('%s\tndr->print(ndr, "%%s: ARRAY(%%u)", %s, (unsigned)%s);' % (ind, q, cnt))
            out.append('%s\tndr->depth++;' % ind)
            out.append('%s\tfor (uint32_t i = 0; i < %s; i++) {' % (ind, cnt))
            ref = '%s[i]' % n if f.typ in SCALARS else '&%s[i]' % n
            out.append('%s\t\t%s;' % (ind, print_call(f.typ, '"[]"', ref)))
            out.append('%s\t}' % ind)
            out.append('%s\tndr->depth--;' % ind)
            out.append('%s}' % ind)
        else:
            ref = n if f.typ == 'restriction' else '&' + n
            out.append('%s%s;' % (ind, print_call(f.typ, q, ref)))


def struct_def(layout):
    lines = ['struct %s {' % layout.cname]
    if not layout.order:
        lines.append('\tuint8_t _empty; /* no fields */')
    for name in layout.order:
        ct, suffix = layout.members[name]
        sep = '' if ct.endswith('*') else ' '
        lines.append('\t%s%s%s%s;' % (ct, sep, name, suffix))
    lines.append('};')
    return lines


def size_locals(layout, out):
    for s in sorted(layout.sizes):
        out.append('\tsize_t ofs_%s = 0;' % s)


def generate(structs, rops, hpath, cpath):
    rops.sort(key=lambda r: r.id)
    h = ['/* Generated by rop_gen.py from rops.desc: do not edit. */',
         '#ifndef ROP_GEN_H', '#define ROP_GEN_H', '']
    h.append('enum rop_id {')
    for r in rops:
        h.append('\tROP_ID_%s = 0x%02X,' % (r.name.upper(), r.id))
    h.append('};')
    h.append('')
    for name, lay in structs:
        h += struct_def(lay)
        h.append('')
    for r in rops:
        if r.req is not None:
            h += struct_def(r.req)
        if r.rsp is not None:
            h += struct_def(r.rsp)
    h.append('')
    h.append('union rop_request_u {')
    for r in rops:
        if r.req is not None:
            h.append('\tstruct %s %s;' % (r.req.cname, r.name))
    h.append('};')
    h.append('union rop_response_u {')
    for r in rops:
        if r.rsp is not None:
            h.append('\tstruct %s %s;' % (r.rsp.cname, r.name))
    h.append('};')
    h.append('')
    h.append('#endif')

    c = ['/* Generated by rop_gen.py from rops.desc: do not edit. */',
         '#include "config.h"', '#include "rop/rop_private.h"', '']
    for name, lay in structs:
        c.append('static bool __attribute__((unused)) pull_%s(struct rop_pull *p, struct %s *r);' % (name, lay.cname))
        c.append('static bool __attribute__((unused)) push_%s(struct rop_push *q, const struct %s *r);' % (name, lay.cname))
        c.append('static void __attribute__((unused)) print_%s(struct ndr_print *ndr, const char *name, const struct %s *r);'
                 % (name, lay.cname))
    c.append('')
    for name, lay in structs:
        c.append('static bool pull_%s(struct rop_pull *p, struct %s *r)' % (name, lay.cname))
        c.append('{')
        emit_pull(lay.items, lay, c, '\t')
        c.append('\treturn true;')
        c.append('}')
        c.append('')
        c.append('static bool push_%s(struct rop_push *q, const struct %s *r)' % (name, lay.cname))
        c.append('{')
        size_locals(lay, c)
        emit_push(lay.items, lay, c, '\t')
        c.append('\treturn true;')
        c.append('}')
        c.append('')
        c.append('static void print_%s(struct ndr_print *ndr, const char *name, const struct %s *r)'
                 % (name, lay.cname))
        c.append('{')
        c.append('\tndr_print_struct(ndr, name, "%s");' % name)
        c.append('\tndr->depth++;')
        emit_print(lay.items, lay, c, '\t')
        c.append('\tndr->depth--;')
        c.append('}')
        c.append('')

    for r in rops:
        if r.req is not None:
            lay = r.req
            c.append('static bool pull_req_%s(struct rop_pull *p, union rop_request_u *u)' % r.name)
            c.append('{')
            c.append('\tstruct %s *r = &u->%s;' % (lay.cname, r.name))
            emit_pull(lay.items, lay, c, '\t')
            c.append('\t(void)r;')
            c.append('\treturn true;')
            c.append('}')
            c.append('')
            c.append('static bool push_req_%s(struct rop_push *q, const union rop_request_u *u)' % r.name)
            c.append('{')
            c.append('\tconst struct %s *r = &u->%s;' % (lay.cname, r.name))
            size_locals(lay, c)
            emit_push(lay.items, lay, c, '\t')
            c.append('\t(void)r;')
            c.append('\treturn true;')
            c.append('}')
            c.append('')
            c.append('static void print_req_%s(struct ndr_print *ndr, const union rop_request_u *u)' % r.name)
            c.append('{')
            c.append('\tconst struct %s *r = &u->%s;' % (lay.cname, r.name))
            emit_print(lay.items, lay, c, '\t')
            c.append('\t(void)r;')
            c.append('}')
            c.append('')
        if r.rsp is not None:
            lay = r.rsp
            reqt = 'const struct %s *req' % r.req.cname if r.req is not None else 'const void *req'
            items = lay.items
            if r.rsp_mode == 'ok':
                cond = Cond('ReturnValue == 0')
                cond.then = items
                items = [cond]
            for (kind, proto) in (
                    ('pull', 'static bool pull_rsp_%s(struct rop_pull *p, union rop_response_u *u, '
                             'const union rop_request_u *ureq, const struct rop_response *hdr)'),
                    ('push', 'static bool push_rsp_%s(struct rop_push *q, const union rop_response_u *u, '
                             'const union rop_request_u *ureq, const struct rop_response *hdr)'),
                    ('print', 'static void print_rsp_%s(struct ndr_print *ndr, const union rop_response_u *u, '
                              'const union rop_request_u *ureq, const struct rop_response *hdr)')):
                c.append(proto % r.name)
                c.append('{')
                const = '' if kind == 'pull' else 'const '
                c.append('\t%sstruct %s *r = &u->%s;' % (const, lay.cname, r.name))
                if r.req is not None:
                    c.append('\tconst struct %s *req = ureq ? &ureq->%s : NULL;' % (r.req.cname, r.name))
                else:
                    c.append('\tconst void *req = ureq;')
                c.append('\t(void)r; (void)req; (void)hdr;')
                uses_req = any('req.' in x for x in open_desc_exprs(lay))
                if uses_req:
                    if kind == 'print':
                        c.append('\tif (req == NULL) { ndr->print(ndr, "(needs the request)"); return; }')
                    elif kind == 'pull':
                        c.append('\tif (req == NULL) return rop_pull_fail(p, NT_STATUS_NOT_FOUND, '
                                 '"response needs its request");')
                    else:
                        c.append('\tif (req == NULL) return rop_push_fail(q, "response needs its request");')
                if kind == 'push':
                    size_locals(lay, c)
                {'pull': emit_pull, 'push': emit_push, 'print': emit_print}[kind](items, lay, c, '\t')
                if kind != 'print':
                    c.append('\treturn true;')
                c.append('}')
                c.append('')

    c.append('static const struct rop_info rop_infos[] = {')
    for r in rops:
        names = {'in': 'InputHandleIndex', 'out': 'OutputHandleIndex',
                 'dst': 'DestHandleIndex', 'resp': 'ResponseHandleIndex'}
        hn = [names[x] for x in r.idx] + ['NULL'] * (2 - len(r.idx))
        hn = ['"%s"' % x if x != 'NULL' else x for x in hn]
        in_slot = r.idx.index('in') if 'in' in r.idx else -1
        out_slot = r.idx.index('out') if 'out' in r.idx else -1
        rsp_name = 'OutputHandleIndex' if 'out' in r.idx else \
            ('ResponseHandleIndex' if r.idx and r.idx[0] == 'resp' else
             ('InputHandleIndex' if r.idx else ''))
        flags = []
        for fl, cf in (('noresponse', 'ROP_F_NO_RESPONSE'), ('opens', 'ROP_F_OPENS'),
                       ('columns', 'ROP_F_SETS_COLUMNS'), ('release', 'ROP_F_RELEASE'),
                       ('responseonly', 'ROP_F_RESPONSE_ONLY')):
            if fl in r.flags:
                flags.append(cf)
        if r.rsp_mode == 'nohdr':
            flags.append('ROP_F_NO_RSP_HEADER')
        c.append('\t{ .id = 0x%02X, .name = "Rop%s", .num_handle_idx = %d,'
                 % (r.id, r.name, len(r.idx)))
        c.append('\t  .handle_idx_names = { %s, %s }, .in_slot = %d, .out_slot = %d,'
                 % (hn[0], hn[1], in_slot, out_slot))
        c.append('\t  .rsp_handle_idx_name = "%s", .flags = %s,' % (rsp_name, ' | '.join(flags) or '0'))
        if r.req is not None:
            c.append('\t  .pull_req = pull_req_%s, .push_req = push_req_%s, .print_req = print_req_%s,'
                     % (r.name, r.name, r.name))
        if r.rsp is not None:
            c.append('\t  .pull_rsp = pull_rsp_%s, .push_rsp = push_rsp_%s, .print_rsp = print_rsp_%s,'
                     % (r.name, r.name, r.name))
        c.append('\t},')
    c.append('};')
    c.append('')
    c.append('const struct rop_info *rop_info_by_id(uint8_t id)')
    c.append('{')
    c.append('\tstatic const struct rop_info *table[256];')
    c.append('\tstatic bool ready;')
    c.append('')
    c.append('\tif (!ready) {')
    c.append('\t\tfor (size_t i = 0; i < sizeof(rop_infos) / sizeof(rop_infos[0]); i++) {')
    c.append('\t\t\ttable[rop_infos[i].id] = &rop_infos[i];')
    c.append('\t\t}')
    c.append('\t\tready = true;')
    c.append('\t}')
    c.append('\treturn table[id];')
    c.append('}')
    c.append('')
    c.append('const struct rop_info *rop_info_at(size_t i)')
    c.append('{')
    c.append('\treturn i < sizeof(rop_infos) / sizeof(rop_infos[0]) ? &rop_infos[i] : NULL;')
    c.append('}')

    with open(hpath, 'w', encoding='utf-8') as fh:
        fh.write('\n'.join(h) + '\n')
    with open(cpath, 'w', encoding='utf-8') as fc:
        fc.write('\n'.join(c) + '\n')


def open_desc_exprs(lay):
    out = []

    def walk(items):
        for it in items:
            if isinstance(it, Cond):
                out.append(it.expr)
                walk(it.then)
                walk(it.other)
            elif it.cols:
                out.append(it.cols)
    walk(lay.items)
    return out


def main():
    if len(sys.argv) != 4:
        sys.exit('usage: rop_gen.py rops.desc OUT.h OUT.c')
    structs, rops = parse(sys.argv[1])
    seen = set()
    for r in rops:
        if r.id in seen:
            sys.exit('duplicate ROP id 0x%02X' % r.id)
        seen.add(r.id)
    generate(structs, rops, sys.argv[2], sys.argv[3])


if __name__ == '__main__':
    main()

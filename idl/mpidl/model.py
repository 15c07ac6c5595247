"""Semantic model: type table, NDR levels of each element, alignment.

The level table follows pidl's rules (Parse::Pidl::NDR) so that generated
code marshals exactly like Samba's: bracket arrays first, then one POINTER
level per '*', where the last pointer becomes a conformant array with
[size_is] or a conformant varying string with [string]; only the first
pointer takes its type from [ref]/[unique]/[ptr], deeper ones from
pointer_default; a top-level [ref] pointer of a function has no referent id.
"""
import os
import re
from .parser import IdlError, parse_file

# name: (C type, alignment (5 = pointer-sized, 4 in NDR20), libndr suffix)
SCALARS = {
    'uint8': ('uint8_t', 1), 'int8': ('int8_t', 1),
    'uint16': ('uint16_t', 2), 'int16': ('int16_t', 2),
    'uint32': ('uint32_t', 4), 'int32': ('int32_t', 4),
    'uint3264': ('uint32_t', 5),
    'hyper': ('uint64_t', 8), 'dlong': ('int64_t', 8), 'udlong': ('uint64_t', 4),
    'NTSTATUS': ('NTSTATUS', 4), 'WERROR': ('WERROR', 4),
    # libndr's byte blob: only as the content of a [subcontext(N)]
    'DATA_BLOB': ('DATA_BLOB', 4),
}

# [subcontext(N)]: the N-byte length prefixes libndr's subcontexts know
SUBCONTEXT_SIZES = ('2', '4')

# Types Samba's libndr already provides, by the IDL that declares them.
SAMBA_IMPORTS = {
    'misc.idl': {'GUID': 4, 'policy_handle': 4},
}

ELEMENT_ATTRS = {'in', 'out', 'ref', 'unique', 'ptr', 'size_is', 'length_is',
                 'string', 'charset', 'range', 'switch_is', 'case', 'default',
                 'subcontext', 'flag'}
TYPE_ATTRS = {'public', 'switch_type', 'v1_enum', 'max_recursion', 'flag'}
IFACE_ATTRS = {'uuid', 'version', 'pointer_default', 'endpoint', 'helpstring',
               'authservice'}


class TypeInfo:
    def __init__(self, kind, name, align, defn=None, external=None):
        self.kind = kind          # scalar, enum, struct, union
        self.name = name
        self.align = align
        self.defn = defn          # parser.Typedef for our own types
        self.external = external  # header base name for imported types
        self.has_deferred = False
        self.conformant = False   # struct ending in a conformant array

    @property
    def ctype(self):
        if self.kind == 'scalar':
            return SCALARS[self.name][0]
        return '%s %s' % (self.kind, self.name)


def attr(attrs, name):
    """Value of attribute name: None if absent, [] if no args, else args."""
    for n, args in attrs:
        if n == name:
            return args if args is not None else []
    return None


def attr_all(attrs, name):
    return [args for n, args in attrs if n == name]


class Level:
    def __init__(self, kind, **kw):
        self.kind = kind
        self.deferred = False
        self.__dict__.update(kw)


class Model:
    def __init__(self, idl, fname, search_dirs):
        self.idl, self.fname = idl, fname
        self.types = {}
        self.includes = []   # header base names (misc, mapi_types ...)
        for n in SCALARS:
            self.types[n] = TypeInfo('scalar', n, SCALARS[n][1])
        for imp in idl.imports:
            self.load_import(imp, search_dirs)
        for iface in idl.interfaces:
            self.check_attrs(iface.attrs, IFACE_ATTRS, iface.line)
            self.declare(iface)
        for iface in idl.interfaces:
            self.resolve(iface)

    def err(self, line, msg):
        raise IdlError("%s:%d: %s" % (self.fname, line, msg))

    def check_attrs(self, attrs, allowed, line):
        for n, _ in attrs:
            if n not in allowed:
                self.err(line, "unsupported attribute [%s]" % n)

    def load_import(self, imp, search_dirs):
        if imp in SAMBA_IMPORTS:
            base = imp[:-4]
            self.includes.append(base)
            for t, align in SAMBA_IMPORTS[imp].items():
                ti = TypeInfo('struct', t, align, external=base)
                self.types[t] = ti
            return
        for d in search_dirs:
            path = os.path.join(d, imp)
            if os.path.exists(path):
                sub = Model(parse_file(path), path, search_dirs)
                self.includes.extend(i for i in sub.includes if i not in self.includes)
                self.includes.append(imp[:-4])
                for t, ti in sub.types.items():
                    if t not in self.types:
                        if ti.external is None:
                            ti.external = imp[:-4]
                        self.types[t] = ti
                return
        self.err(1, "cannot find imported file %s" % imp)

    def declare(self, iface):
        for td in iface.types:
            if td.name in self.types:
                self.err(td.line, "type %s defined twice" % td.name)
            self.check_attrs(td.attrs, TYPE_ATTRS, td.line)
            self.types[td.name] = TypeInfo(td.kind, td.name, 0, defn=td)

    def pointer_default(self, iface):
        pd = attr(iface.attrs, 'pointer_default')
        return pd[0] if pd else 'unique'

    def resolve(self, iface):
        pdef = self.pointer_default(iface)
        for td in iface.types:
            ti = self.types[td.name]
            if td.kind == 'enum':
                ti.align = 4 if attr(td.attrs, 'v1_enum') is not None else 2
                continue
            for i, e in enumerate(td.body):
                if e.name is None:
                    continue
                self.check_attrs(e.attrs, ELEMENT_ATTRS, e.line)
                last = (td.kind == 'struct' and i == len(td.body) - 1)
                e.levels = self.levels(e, td.kind, pdef, last)
        # alignment and deferred content need a fixed point: types recurse
        changed = True
        while changed:
            changed = False
            for td in iface.types:
                if td.kind == 'enum':
                    continue
                ti = self.types[td.name]
                align, deferred = 1, False
                for e in td.body:
                    if e.name is None:
                        continue
                    a, d = self.element_align(e), self.element_deferred(e)
                    align, deferred = max(align, a), deferred or d
                if (align, deferred) != (ti.align, ti.has_deferred):
                    ti.align, ti.has_deferred = align, deferred
                    changed = True
        for td in iface.types:
            ti = self.types[td.name]
            if td.kind == 'struct' and td.body:
                l0 = td.body[-1].levels[0]
                ti.conformant = (l0.kind == 'ARRAY' and l0.surrounding)
                for e in td.body:
                    dt = self.types[e.type]
                    if e.levels[0].kind == 'DATA' and dt.conformant:
                        self.err(e.line, "conformant struct %s embedded inline" % e.type)
        for fn in iface.functions:
            fn.iface = iface
            for e in fn.elements:
                self.check_attrs(e.attrs, ELEMENT_ATTRS, e.line)
                if attr(e.attrs, 'in') is None and attr(e.attrs, 'out') is None:
                    self.err(e.line, "parameter %s is neither [in] nor [out]" % e.name)
                e.levels = self.levels(e, 'function', pdef, False)
            if fn.return_type != 'void' and fn.return_type not in self.types:
                self.err(fn.line, "unknown return type %s" % fn.return_type)

    def element_align(self, e):
        for l in e.levels:
            if l.kind == 'POINTER':
                return 5
            if l.kind == 'DATA':
                return self.types[e.type].align
        return 1

    def element_deferred(self, e):
        if any(l.kind == 'POINTER' for l in e.levels):
            return True
        return self.types[e.type].has_deferred

    def levels(self, e, parent, pdef, last):
        """pidl's GetElementLevelTable for our subset."""
        if e.type not in self.types:
            self.err(e.line, "unknown type %s" % e.type)
        size_is = list(attr(e.attrs, 'size_is') or [])
        length_is = list(attr(e.attrs, 'length_is') or [])
        is_string = attr(e.attrs, 'string') is not None
        charset = attr(e.attrs, 'charset')
        if charset is not None and (not is_string or charset[0] not in ('DOS', 'UTF16')):
            self.err(e.line, "[charset] needs [string] and DOS or UTF16")
        if is_string and charset is None:
            self.err(e.line, "[string] needs [charset(DOS)] or [charset(UTF16)]")
        order = []
        deferred = False
        for d in reversed(e.array_len):
            if d == '*':
                if not size_is:
                    self.err(e.line, "conformant array %s without [size_is]" % e.name)
                size = size_is.pop(0)
                length = length_is.pop(0) if length_is else None
                lv = Level('ARRAY', size_is=size, length_is=length or size,
                           conformant=True, varying=length is not None,
                           fixed=False, string=False, from_pointer=False,
                           surrounding=(parent == 'struct' and last))
            else:
                if not re.match(r'^(0x[0-9a-fA-F]+|[0-9]+)$', d):
                    self.err(e.line, "array size must be a constant or []")
                length = length_is.pop(0) if length_is else None
                if length:
                    self.err(e.line, "varying fixed arrays are not supported")
                lv = Level('ARRAY', size_is=d, length_is=d, conformant=False,
                           varying=False, fixed=True, string=False,
                           from_pointer=False, surrounding=False)
            lv.deferred = deferred
            order.append(lv)
        ptype = 'ref' if parent == 'function' else pdef
        for p in ('ref', 'unique', 'ptr'):
            if attr(e.attrs, p) is not None:
                ptype = p
        if ptype == 'ptr':
            self.err(e.line, "full pointers are not supported")
        for i in range(1, e.pointers + 1):
            top = (i == 1 and parent == 'function')
            pt = ptype if i == 1 else pdef
            # pidl defers the second pointer of a function parameter; after
            # an array the pointers are array elements, whose referent ids
            # come first and pointees after the array (C706 14.3.12.3)
            if i > 1 and pt != 'ref' and parent == 'function' and order[-1].kind != 'ARRAY':
                deferred = True
            lv = Level('POINTER', ptype=pt, top=top)
            lv.deferred = deferred
            order.append(lv)
            if not top:
                deferred = True
            size = size_is.pop(0) if size_is else None
            string = is_string and i == e.pointers and not size_is
            if size or string:
                length = length_is.pop(0) if (size and length_is) else None
                lv = Level('ARRAY', size_is=size, length_is=length or size,
                           conformant=True, varying=bool(length) or string,
                           fixed=False, string=string, from_pointer=True,
                           surrounding=False)
                lv.deferred = deferred
                order.append(lv)
                deferred = False
        if size_is or length_is:
            self.err(e.line, "[size_is]/[length_is] without an array for %s" % e.name)
        if is_string and not any(l.kind == 'ARRAY' and l.string for l in order):
            self.err(e.line, "[string] element %s must be a pointer" % e.name)
        sw = attr(e.attrs, 'switch_is')
        if sw is not None:
            if self.types[e.type].kind != 'union':
                self.err(e.line, "[switch_is] on non-union %s" % e.name)
            lv = Level('SWITCH', expr=sw[0])
            lv.deferred = deferred
            order.append(lv)
        elif self.types[e.type].kind == 'union' and parent != 'union':
            self.err(e.line, "union %s needs [switch_is]" % e.name)
        lv = Level('DATA', type=e.type, charset=charset[0] if charset else None,
                   subcontext=self.subcontext(e, order, parent))
        lv.deferred = deferred
        order.append(lv)
        for l in order:
            if l.kind == 'ARRAY' and l.string:
                l.charset = charset[0]
        return order

    def subcontext(self, e, order, parent):
        """[subcontext(N),flag(NDR_REMAINING)] DATA_BLOB: N bytes of length,
        then that many bytes, as pidl marshals it (EcDoRpc's payloads).
        Nothing else is accepted: not other contents, not other flags, not
        behind arrays or embedded pointers.  Returns N or None."""
        sub = attr(e.attrs, 'subcontext')
        flag = attr(e.attrs, 'flag')
        blob = e.type == 'DATA_BLOB'
        if sub is None and not blob and flag is None:
            return None
        if sub is None or not blob:
            self.err(e.line, "%s: DATA_BLOB goes with [subcontext(N)], and only it" % e.name)
        if len(sub) != 1 or sub[0] not in SUBCONTEXT_SIZES:
            self.err(e.line, "%s: [subcontext(N)] takes N = %s" % (e.name, ' or '.join(SUBCONTEXT_SIZES)))
        if flag != ['NDR_REMAINING']:
            self.err(e.line, "%s: [subcontext] needs [flag(NDR_REMAINING)] and no other flag" % e.name)
        if parent != 'function' or \
           any(l.kind != 'POINTER' or not l.top or l.ptype != 'ref' for l in order):
            self.err(e.line, "%s: a [subcontext] is a function parameter, by value or [ref]" % e.name)
        return sub[0]

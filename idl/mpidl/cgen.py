"""Generation of libndr push/pull/print code from the model.

Mirrors pidl's Parse::Pidl::Samba4::NDR::Parser: each element is walked
level by level with two flags, `primitives` (the scalars part) and
`deferred` (what NDR20 defers: pointees of embedded pointers).

Deviation from pidl, on purpose: [string,charset(DOS)] strings are copied
as raw 8-bit bytes (no iconv round trip), because MS-NSPI's 8-bit strings
are in the client's code page and a proxy must re-encode them byte for byte.
"""
import re
from .model import attr, attr_all, SCALARS


class Out:
    """C text with indentation and per-function local declarations."""
    def __init__(self):
        self.lines, self.ind = [], 1
        self.decls = {}
        self.checks = []

    def __call__(self, s=''):
        self.lines.append(('\t' * self.ind + s) if s else '')

    def indent(self):
        self.ind += 1

    def dedent(self):
        self.ind -= 1

    def decl(self, ctype, name, init=None):
        self.decls[name] = '%s %s%s;' % (ctype, name, ' = %s' % init if init else '')

    def flush_checks(self):
        for c in self.checks:
            for line in c:
                self(line)
        self.checks = []

    def body(self):
        return ['\t' + d for d in self.decls.values()] + self.lines


def deref(var):
    return var[1:] if var.startswith('&') else '*' + var


def addr(var):
    if var.startswith('*'):
        return var[1:]
    return '&' + var


def index(var, i):
    if var.startswith('*') or var.startswith('&'):
        var = '(%s)' % var
    return '%s[%s]' % (var, i)


def expr(text, env):
    """Substitute element names with their C lvalues (pidl's ParseExpr)."""
    def sub(m):
        return env.get(m.group(0), m.group(0))
    return re.sub(r'\b[A-Za-z_][A-Za-z0-9_]*\b', sub, text)


class Gen:
    def __init__(self, model):
        self.m = model

    def ti(self, name):
        return self.m.types[name]

    def is_scalar(self, name):
        return self.ti(name).kind in ('scalar', 'enum')

    def contains_deferred(self, e, i):
        for l in e.levels[i:]:
            if l.kind == 'POINTER':
                return True
        return self.ti(e.type).has_deferred

    def next_var(self, e, i, var):
        nl = e.levels[i + 1]
        if nl.kind == 'ARRAY' and nl.from_pointer:
            return var
        return deref(var)

    def data_flags(self, e, l, i, prim, defer):
        f = []
        if (prim and not l.deferred) or (defer and l.deferred):
            f.append('NDR_SCALARS')
        if defer and self.contains_deferred(e, i) and not self.is_scalar(e.type):
            f.append('NDR_BUFFERS')
        return '|'.join(f)

    def array_elem_type(self, e, i):
        return e.levels[i + 1]

    def fast_uint8(self, e, i):
        nl = e.levels[i + 1]
        return nl.kind == 'DATA' and e.type == 'uint8'

    # ------------------------------------------------------------ push
    def push_level(self, o, e, i, var, env, prim, defer):
        l = e.levels[i]
        now = (prim and not l.deferred) or (defer and l.deferred)
        if l.kind == 'POINTER':
            if now:
                if l.ptype == 'ref' and l.top:
                    o('if (%s == NULL) {' % var)
                    o('\treturn ndr_push_error(ndr, NDR_ERR_INVALID_POINTER, "NULL [ref] pointer");')
                    o('}')
                elif l.ptype == 'ref':
                    o('NDR_CHECK(ndr_push_ref_ptr(ndr));')
                else:
                    o('NDR_CHECK(ndr_push_unique_ptr(ndr, %s));' % var)
            if defer:
                if l.ptype != 'ref':
                    o('if (%s) {' % var)
                    o.indent()
                self.push_level(o, e, i + 1, self.next_var(e, i, var), env, True, True)
                if l.ptype != 'ref':
                    o.dedent()
                    o('}')
        elif l.kind == 'ARRAY':
            size = expr(l.size_is, env) if l.size_is else None
            length = expr(l.length_is, env) if l.length_is else None
            if l.string:
                if now:
                    self.push_string(o, e, l, var, size)
                return
            if now:
                if l.conformant and not l.surrounding:
                    o('NDR_CHECK(ndr_push_uint3264(ndr, NDR_SCALARS, %s));' % size)
                if l.varying:
                    o('NDR_CHECK(ndr_push_uint3264(ndr, NDR_SCALARS, 0));')
                    o('NDR_CHECK(ndr_push_uint3264(ndr, NDR_SCALARS, %s));' % length)
                if self.fast_uint8(e, i):
                    o('NDR_CHECK(ndr_push_array_uint8(ndr, NDR_SCALARS, %s, %s));' % (var, length))
                    return
            cntr = 'cntr_%s_%d' % (e.name, i)
            loops = []
            if now:
                loops.append((True, False))
            if defer and self.contains_deferred(e, i + 1):
                loops.append((False, True))
            for p, d in loops:
                o.decl('uint32_t', cntr)
                o('for (%s = 0; %s < (%s); %s++) {' % (cntr, cntr, length, cntr))
                o.indent()
                self.push_level(o, e, i + 1, index(var, cntr), env, p, d)
                o.dedent()
                o('}')
        elif l.kind == 'SWITCH':
            if self.data_flags(e, e.levels[i + 1], i + 1, prim, defer):
                o('NDR_CHECK(ndr_push_set_switch_value(ndr, %s, %s));' % (addr(var), expr(l.expr, env)))
            self.push_level(o, e, i + 1, var, env, prim, defer)
        elif l.kind == 'DATA':
            flags = self.data_flags(e, l, i, prim, defer)
            if not flags:
                return
            if l.subcontext:
                self.push_subcontext(o, e, l, var)
            elif self.is_scalar(e.type):
                o('NDR_CHECK(ndr_push_%s(ndr, NDR_SCALARS, %s));' % (e.type, var))
            else:
                o('NDR_CHECK(ndr_push_%s(ndr, %s, %s));' % (e.type, flags, addr(var)))

    def push_subcontext(self, o, e, l, var):
        # pidl's [subcontext(N),flag(NDR_REMAINING)] DATA_BLOB: a length
        # prefix, then the bytes as they are
        sub = '_ndr_%s' % e.name
        o('{')
        o('\tstruct ndr_push *%s;' % sub)
        o('\tNDR_CHECK(ndr_push_subcontext_start(ndr, &%s, %s, -1));' % (sub, l.subcontext))
        o('\tndr_set_flags(&%s->flags, LIBNDR_FLAG_REMAINING);' % sub)
        o('\tNDR_CHECK(ndr_push_DATA_BLOB(%s, NDR_SCALARS, %s));' % (sub, var))
        o('\tNDR_CHECK(ndr_push_subcontext_end(ndr, %s, %s, -1));' % (sub, l.subcontext))
        o('}')

    def push_string(self, o, e, l, var, size):
        unit = 'uint16_t' if l.charset == 'UTF16' else 'uint8_t'
        if l.charset == 'DOS':
            lenx = '(uint32_t)(strlen(%s) + 1)' % var
        else:
            lenx = 'ndr_charset_length(%s, CH_UTF16)' % var
        o('NDR_CHECK(ndr_push_uint3264(ndr, NDR_SCALARS, %s));' % (size or lenx))
        o('NDR_CHECK(ndr_push_uint3264(ndr, NDR_SCALARS, 0));')
        o('NDR_CHECK(ndr_push_uint3264(ndr, NDR_SCALARS, %s));' % lenx)
        if l.charset == 'DOS':
            o('NDR_CHECK(ndr_push_bytes(ndr, (const uint8_t *)%s, %s));' % (var, lenx))
        else:
            o('NDR_CHECK(ndr_push_charset(ndr, NDR_SCALARS, %s, %s, sizeof(%s), CH_UTF16));' % (var, lenx, unit))

    # ------------------------------------------------------------ pull
    def pull_level(self, o, e, i, var, env, prim, defer):
        l = e.levels[i]
        now = (prim and not l.deferred) or (defer and l.deferred)
        if l.kind == 'POINTER':
            nl = e.levels[i + 1]
            to_array = nl.kind == 'ARRAY' and nl.from_pointer
            ptr = '_ptr_%s' % e.name
            if now:
                if l.ptype == 'ref' and l.top:
                    if not to_array:
                        o('if (ndr->flags & LIBNDR_FLAG_REF_ALLOC) {')
                        o('\tNDR_PULL_ALLOC(ndr, %s);' % var)
                        o('}')
                else:
                    o.decl('uint32_t', ptr)
                    if l.ptype == 'ref':
                        o('NDR_CHECK(ndr_pull_ref_ptr(ndr, &%s));' % ptr)
                    else:
                        o('NDR_CHECK(ndr_pull_generic_ptr(ndr, &%s));' % ptr)
                    o('if (%s) {' % ptr)
                    if to_array and nl.string:
                        o('\t%s = "";  /* non-NULL until the string is pulled */' % var)
                    else:
                        o('\tNDR_PULL_ALLOC(ndr, %s);' % var)
                    o('} else {')
                    o('\t%s = NULL;' % var)
                    o('}')
            if defer:
                if l.ptype != 'ref':
                    o('if (%s) {' % var)
                    o.indent()
                save = None
                memflag = 'LIBNDR_FLAG_REF_ALLOC' if (l.top and l.ptype == 'ref') else '0'
                if not (to_array and nl.string) and not (l.top and to_array):
                    save = '_mem_save_%s_%d' % (e.name, i)
                    o.decl('TALLOC_CTX *', save, 'NULL')
                    o('%s = NDR_PULL_GET_MEM_CTX(ndr);' % save)
                    o('NDR_PULL_SET_MEM_CTX(ndr, %s, %s);' % (var, memflag))
                self.pull_level(o, e, i + 1, self.next_var(e, i, var), env, True, True)
                if save:
                    o('NDR_PULL_SET_MEM_CTX(ndr, %s, %s);' % (save, memflag))
                if l.ptype != 'ref':
                    o.dedent()
                    o('}')
        elif l.kind == 'ARRAY':
            sz, ln = 'size_%s_%d' % (e.name, i), 'length_%s_%d' % (e.name, i)
            if l.string:
                if now:
                    self.pull_string(o, e, l, var, env, sz, ln)
                return
            cntr = 'cntr_%s_%d' % (e.name, i)
            if now:
                o.decl('uint32_t', sz, '0')
                o.decl('uint32_t', ln, '0')
                if l.fixed:
                    o('%s = %s;' % (sz, l.size_is))
                else:
                    if not l.surrounding:
                        o('NDR_CHECK(ndr_pull_array_size(ndr, (void *)%s));' % addr(var))
                    o('NDR_CHECK(ndr_steal_array_size(ndr, (void *)%s, &%s));' % (addr(var), sz))
                if l.varying:
                    o('NDR_CHECK(ndr_pull_array_length(ndr, (void *)%s));' % addr(var))
                    o('NDR_CHECK(ndr_steal_array_length(ndr, (void *)%s, &%s));' % (addr(var), ln))
                    o('if (%s > %s) {' % (ln, sz))
                    o('\treturn ndr_pull_error(ndr, NDR_ERR_ARRAY_SIZE, "Bad array size %%u should exceed array length %%u", %s, %s);' % (sz, ln))
                    o('}')
                else:
                    o('%s = %s;' % (ln, sz))
                if l.conformant:
                    guard = 'if (%s) ' % var if not var.startswith('*') else ''
                    o.checks.append([
                        '%sif (%s != (uint32_t)(%s)) {' % (guard, sz, expr(l.size_is, env)),
                        '\treturn ndr_pull_error(ndr, NDR_ERR_ARRAY_SIZE, "Bad conformant size %%u for %s", %s);' % (e.name, sz),
                        '}'])
                    if l.varying:
                        o.checks.append([
                            '%sif (%s != (uint32_t)(%s)) {' % (guard, ln, expr(l.length_is, env)),
                            '\treturn ndr_pull_error(ndr, NDR_ERR_ARRAY_SIZE, "Bad array length %%u for %s", %s);' % (e.name, ln),
                            '}'])
                    # every element takes at least one byte on the wire:
                    # refuse counts the buffer cannot hold before allocating
                    o('if (%s > ndr->data_size - ndr->offset) {' % ln)
                    o('\treturn ndr_pull_error(ndr, NDR_ERR_BUFSIZE, "Array %s of %%u elements exceeds the buffer", %s);' % (e.name, ln))
                    o('}')
                    o('NDR_PULL_ALLOC_N(ndr, %s, %s);' % (var, sz))
                if self.fast_uint8(e, i):
                    o('NDR_CHECK(ndr_pull_array_uint8(ndr, NDR_SCALARS, %s, %s));' % (var, ln))
                    return
            else:
                o.decl('uint32_t', ln, '0')
                o('%s = %s;' % (ln, l.size_is if l.fixed else expr(l.length_is, env)))
                if self.fast_uint8(e, i):
                    return
            loops = []
            if now:
                loops.append((True, False))
            if defer and self.contains_deferred(e, i + 1):
                loops.append((False, True))
            save = '_mem_save_%s_%d' % (e.name, i)
            for p, d in loops:
                o.decl('uint32_t', cntr)
                if not l.fixed:
                    o.decl('TALLOC_CTX *', save, 'NULL')
                    o('%s = NDR_PULL_GET_MEM_CTX(ndr);' % save)
                    o('NDR_PULL_SET_MEM_CTX(ndr, %s, 0);' % var)
                o('for (%s = 0; %s < (%s); %s++) {' % (cntr, cntr, ln, cntr))
                o.indent()
                self.pull_level(o, e, i + 1, index(var, cntr), env, p, d)
                o.dedent()
                o('}')
                if not l.fixed:
                    o('NDR_PULL_SET_MEM_CTX(ndr, %s, 0);' % save)
        elif l.kind == 'SWITCH':
            if self.data_flags(e, e.levels[i + 1], i + 1, prim, defer):
                o('NDR_CHECK(ndr_pull_set_switch_value(ndr, %s, %s));' % (addr(var), expr(l.expr, env)))
            self.pull_level(o, e, i + 1, var, env, prim, defer)
        elif l.kind == 'DATA':
            flags = self.data_flags(e, l, i, prim, defer)
            if not flags:
                return
            if l.subcontext:
                self.pull_subcontext(o, e, l, var)
            elif self.is_scalar(e.type):
                o('NDR_CHECK(ndr_pull_%s(ndr, NDR_SCALARS, %s));' % (e.type, addr(var)))
                rng = attr(e.attrs, 'range')
                if rng:
                    lo, hi = rng
                    cond = '(uint64_t)(%s) > %s' % (var, hi)
                    if lo.strip() not in ('0', '0x0'):
                        cond = '(uint64_t)(%s) < %s || %s' % (var, lo, cond)
                    o('if (%s) {' % cond)
                    o('\treturn ndr_pull_error(ndr, NDR_ERR_RANGE, "value %s out of range");' % e.name)
                    o('}')
            else:
                o('NDR_CHECK(ndr_pull_%s(ndr, %s, %s));' % (e.type, flags, addr(var)))

    def pull_subcontext(self, o, e, l, var):
        # the subcontext takes exactly its length prefix's bytes (libndr
        # checks they are there); the blob copies them all
        sub = '_ndr_%s' % e.name
        o('{')
        o('\tstruct ndr_pull *%s;' % sub)
        o('\tNDR_CHECK(ndr_pull_subcontext_start(ndr, &%s, %s, -1));' % (sub, l.subcontext))
        o('\tndr_set_flags(&%s->flags, LIBNDR_FLAG_REMAINING);' % sub)
        o('\tNDR_CHECK(ndr_pull_DATA_BLOB(%s, NDR_SCALARS, %s));' % (sub, addr(var)))
        o('\tNDR_CHECK(ndr_pull_subcontext_end(ndr, %s, %s, -1));' % (sub, l.subcontext))
        o('}')

    def pull_string(self, o, e, l, var, env, sz, ln):
        o.decl('uint32_t', sz, '0')
        o.decl('uint32_t', ln, '0')
        unit = 'uint16_t' if l.charset == 'UTF16' else 'uint8_t'
        o('NDR_CHECK(ndr_pull_array_size(ndr, (void *)%s));' % addr(var))
        o('NDR_CHECK(ndr_pull_array_length(ndr, (void *)%s));' % addr(var))
        o('NDR_CHECK(ndr_steal_array_size(ndr, (void *)%s, &%s));' % (addr(var), sz))
        o('NDR_CHECK(ndr_steal_array_length(ndr, (void *)%s, &%s));' % (addr(var), ln))
        o('if (%s > %s) {' % (ln, sz))
        o('\treturn ndr_pull_error(ndr, NDR_ERR_ARRAY_SIZE, "Bad array size %%u should exceed array length %%u", %s, %s);' % (sz, ln))
        o('}')
        if l.size_is:
            o('if (%s != (uint32_t)(%s)) {' % (sz, expr(l.size_is, env)))
            o('\treturn ndr_pull_error(ndr, NDR_ERR_ARRAY_SIZE, "Bad string size %%u for %s", %s);' % (e.name, sz))
            o('}')
        else:
            # re-encoding sends max count == actual count, as MIDL does
            o('if (%s != %s) {' % (sz, ln))
            o('\treturn ndr_pull_error(ndr, NDR_ERR_ARRAY_SIZE, "String %s: size %%u differs from length %%u", %s, %s);' % (e.name, sz, ln))
            o('}')
        o('NDR_CHECK(ndr_check_string_terminator(ndr, %s, sizeof(%s)));' % (ln, unit))
        if l.charset == 'DOS':
            o('NDR_CHECK(ndr_pull_mapi_string8(ndr, &%s, %s));' % (var, ln))
        else:
            o('NDR_CHECK(ndr_pull_charset(ndr, NDR_SCALARS, &%s, %s, sizeof(%s), CH_UTF16));' % (var, ln, unit))

    # ------------------------------------------------------------ print
    def print_level(self, o, e, i, var, env, name):
        l = e.levels[i]
        if l.kind == 'POINTER':
            o('ndr_print_ptr(ndr, "%s", %s);' % (name, var))
            o('ndr->depth++;')
            if l.ptype != 'ref':
                o('if (%s) {' % var)
                o.indent()
            self.print_level(o, e, i + 1, self.next_var(e, i, var), env, name)
            if l.ptype != 'ref':
                o.dedent()
                o('}')
            o('ndr->depth--;')
        elif l.kind == 'ARRAY':
            if l.string:
                o('ndr_print_string(ndr, "%s", %s);' % (name, var))
                return
            length = l.size_is if l.fixed else expr(l.length_is, env)
            if self.fast_uint8(e, i):
                o('ndr_print_array_uint8(ndr, "%s", %s, %s);' % (name, var, length))
                return
            cntr = 'cntr_%s_%d' % (e.name, i)
            o.decl('uint32_t', cntr)
            o('ndr->print(ndr, "%%s: ARRAY(%%u)", "%s", (unsigned)(%s));' % (name, length))
            o('ndr->depth++;')
            if not l.fixed:
                o('if (%s != NULL) {' % var)
                o.indent()
            o('for (%s = 0; %s < (%s); %s++) {' % (cntr, cntr, length, cntr))
            o.indent()
            self.print_level(o, e, i + 1, index(var, cntr), env, name)
            o.dedent()
            o('}')
            if not l.fixed:
                o.dedent()
                o('}')
            o('ndr->depth--;')
        elif l.kind == 'SWITCH':
            o('ndr_print_set_switch_value(ndr, %s, %s);' % (addr(var), expr(l.expr, env)))
            self.print_level(o, e, i + 1, var, env, name)
        elif l.kind == 'DATA':
            if self.is_scalar(e.type):
                o('ndr_print_%s(ndr, "%s", %s);' % (e.type, name, var))
            else:
                o('ndr_print_%s(ndr, "%s", %s);' % (e.type, name, addr(var)))

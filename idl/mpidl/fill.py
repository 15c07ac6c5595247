"""Test support: per IDL file, fill functions that populate every type and
both halves of every function with deterministic, non-zero, mutually
consistent values (array counts match their size_is/length_is fields,
union discriminants match the arm filled), so that a test can push, pull
and push again every call of an interface.  Written to gen_ndr/ndr_X_fill.[ch]
and linked into tests only."""
import re
from .model import attr, attr_all
from .emit import is_in, is_out, fn_env
from .cgen import Out, expr, deref, addr, index

DEPTH = 3


def simple_target(e_expr, env):
    """The C lvalue an expression like `n`, `*n`, `n+1` or `n & 0xFFFF`
    names, and how to derive it from a wanted value."""
    m = re.match(r'^\s*(\*?)\s*([A-Za-z_]\w*)\s*(\+\s*1)?\s*(&\s*0x[0-9a-fA-F]+)?\s*$', e_expr)
    if not m or m.group(2) not in env:
        return None
    lv = ('*' if m.group(1) else '') + env[m.group(2)]
    return lv, bool(m.group(3))


class Filler:
    def __init__(self, em):
        self.em, self.g, self.m = em, em.g, em.m

    def proto(self, kind, name):
        ct = '%s %s' % (kind, name)
        return 'void mpidl_fill_%s(TALLOC_CTX *mem, %s *r, unsigned seed, unsigned depth)' % (name, ct)

    def union_cases(self, uname):
        td = self.g.ti(uname).defn
        out = []
        for e in td.body:
            for c in attr_all(e.attrs, 'case'):
                out.append(c[0])
        return out

    def fill_level(self, o, e, i, var, env, seed):
        l = e.levels[i]
        nl = e.levels[i + 1] if i + 1 < len(e.levels) else None
        if l.kind == 'POINTER':
            if l.ptype != 'ref':
                o('if (depth < %d) {' % DEPTH)
                o.indent()
            if not (nl.kind == 'ARRAY' and nl.from_pointer):
                o('%s = talloc_zero_size(mem, sizeof(*%s));' % (var, var))
            self.fill_level(o, e, i + 1, var if (nl.kind == 'ARRAY' and nl.from_pointer) else deref(var), env, seed)
            if l.ptype != 'ref':
                o.dedent()
                o('}')
        elif l.kind == 'ARRAY':
            if l.string:
                s = ('/o=mapi/cn=s%u' if l.charset == 'DOS' else 'w\\xc3\\xa9%u')
                o('%s = talloc_asprintf(mem, "%s", %s);' % (var, s, seed))
                if l.size_is:
                    t = simple_target(l.size_is, env)
                    o('%s = strlen(%s) + 1;' % (t[0], var))
                return
            cntr = 'i_%s_%d' % (e.name, i)
            o.decl('uint32_t', cntr)
            if l.fixed:
                n = l.size_is
            else:
                n = '2'
                if l.length_is != l.size_is:
                    t = simple_target(l.length_is, env)
                    o('%s = (depth < %d) ? 2 : 0;' % (t[0], DEPTH))
                    n = expr(l.length_is, env)
                else:
                    t = simple_target(l.size_is, env)
                    o('%s = (depth < %d) ? 2 : 0;' % (t[0], DEPTH))
                    n = expr(l.size_is, env)
                o('%s = talloc_zero_array(mem, __typeof__(*%s), %s);' % (var, var, expr(l.size_is, env)))
            o('for (%s = 0; %s < (%s); %s++) {' % (cntr, cntr, n, cntr))
            o.indent()
            self.fill_level(o, e, i + 1, index(var, cntr), env, '%s + %s' % (seed, cntr))
            o.dedent()
            o('}')
        elif l.kind == 'SWITCH':
            cases = self.union_cases(e.type)
            o.decl('static const uint32_t', 'cases_%s[]' % e.name, '{ %s }' % ', '.join(cases))
            o.decl('uint32_t', 'level_%s' % e.name)
            o('level_%s = cases_%s[(%s) %% %d];' % (e.name, e.name, seed, len(cases)))
            t = simple_target(l.expr, env)
            o('%s = (%s & ~0xFFFFu) | level_%s;' % (t[0], t[0], e.name) if '&' in l.expr
              else '%s = level_%s;' % (t[0], e.name))
            o('mpidl_fill_%s(mem, %s, level_%s, depth + 1);' % (e.type, addr(var), e.name))
        elif l.kind == 'DATA':
            ti = self.g.ti(e.type)
            if l.subcontext:
                o('%s = data_blob_talloc_zero(mem, 1 + (%s) %% 7);' % (var, seed))
                o('memset((%s).data, (int)(0x21 + (%s)), (%s).length);' % (var, seed, var))
            elif ti.kind == 'scalar':
                rng = attr(e.attrs, 'range')
                if rng:
                    o('%s = %s;' % (var, rng[0]))
                else:
                    o('%s = (%s)(0x5a + (%s) * 7);' % (var, ti.ctype, seed))
            elif ti.kind == 'enum':
                o('%s = %s;' % (var, ti.defn.body[-1][0]))
            elif ti.external:
                o('memset(%s, (int)(0x11 + (%s)), sizeof(%s));' % (addr(var), seed, var))
            elif ti.kind == 'struct':
                o('mpidl_fill_%s(mem, %s, %s, depth + 1);' % (e.type, addr(var), seed))

    def ordered(self, els):
        # arrays last: their counts overwrite the size fields filled before
        return [e for e in els if e.levels[0].kind != 'ARRAY' and not any(l.kind == 'ARRAY' and not l.string for l in e.levels)] + \
               [e for e in els if e.levels[0].kind == 'ARRAY' or any(l.kind == 'ARRAY' and not l.string for l in e.levels)]

    def type_fill(self, td):
        o = Out()
        env = {e.name: 'r->%s' % e.name for e in td.body if e.name}
        if td.kind == 'union':
            o('switch (seed) {')
            for e in td.body:
                for c in attr_all(e.attrs, 'case'):
                    o('case %s:' % c[0])
                if not attr_all(e.attrs, 'case'):
                    o('default:')
                o.indent()
                if e.name:
                    self.fill_level(o, e, 0, 'r->%s' % e.name, env, 'seed')
                o('break;')
                o.dedent()
            o('}')
        else:
            for e in self.ordered(td.body):
                self.fill_level(o, e, 0, 'r->%s' % e.name, env, 'seed')
        return [self.proto(td.kind, td.name), '{'] + o.body() + ['}', '']

    def fn_fill(self, fn):
        o = Out()
        for d in ('in', 'out'):
            env = fn_env(fn, d)
            els = [e for e in fn.elements if (is_in(e) if d == 'in' else is_out(e))]
            for e in self.ordered(els):
                self.fill_level(o, e, 0, 'r->%s.%s' % (d, e.name), env, 'seed')
        if fn.return_type != 'void':
            o('r->out.result = (%s)0x80040111;' % self.g.ti(fn.return_type).ctype)
        return [self.proto('struct', fn.name), '{'] + o.body() + ['}', '']

    def header(self):
        L = ['/* test fillers auto-generated by mpidl: do not edit */',
             '#include "gen_ndr/ndr_%s.h"' % self.em.base]
        for iface in self.m.idl.interfaces:
            for td in iface.types:
                if td.kind != 'enum':
                    L.append(self.proto(td.kind, td.name) + ';')
            for fn in iface.functions:
                L.append(self.proto('struct', fn.name) + ';')
        return '\n'.join(L) + '\n'

    def source(self):
        L = ['/* test fillers auto-generated by mpidl: do not edit */',
             '#include "config.h"', '#include <string.h>',
             '#include "gen_ndr/ndr_%s_fill.h"' % self.em.base]
        for inc in self.m.includes:
            if inc not in ('misc',):
                L.append('#include "gen_ndr/ndr_%s_fill.h"' % inc)
        L.append('')
        for iface in self.m.idl.interfaces:
            for td in iface.types:
                if td.kind != 'enum':
                    L += self.type_fill(td)
            for fn in iface.functions:
                L += self.fn_fill(fn)
        return '\n'.join(L)

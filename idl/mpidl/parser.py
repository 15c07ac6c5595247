"""Lexer and recursive-descent parser for the IDL subset.

Produces plain objects (Interface, Typedef, Element, Function).  Errors are
reported as IdlError("file:line: message").
"""
import re


class IdlError(Exception):
    pass


TOKEN_RE = re.compile(r'''
    (?P<ws>[ \t\r]+) |
    (?P<nl>\n) |
    (?P<comment>//[^\n]*|/\*.*?\*/) |
    (?P<cpp>\#[^\n]*) |
    (?P<string>"[^"\n]*") |
    (?P<number>0[xX][0-9a-fA-F]+|[0-9]+) |
    (?P<ident>[A-Za-z_][A-Za-z0-9_]*) |
    (?P<punct><<|>>|&&|\|\||[-\[\](){};,*=<>&|+/~!.^%:?])
''', re.S | re.X)


class Tok:
    def __init__(self, kind, text, line):
        self.kind, self.text, self.line = kind, text, line


def tokenize(text, fname):
    toks, pos, line = [], 0, 1
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        if not m:
            raise IdlError("%s:%d: unexpected character %r" % (fname, line, text[pos]))
        kind = m.lastgroup
        s = m.group(kind)
        if kind not in ('ws', 'nl', 'comment', 'cpp'):
            toks.append(Tok(kind, s, line))
        line += s.count('\n')
        pos = m.end()
    toks.append(Tok('eof', '', line))
    return toks


class Element:
    """A struct/union member or a function parameter."""
    def __init__(self, name, type_name, pointers, array_len, attrs, line):
        self.name, self.type, self.pointers = name, type_name, pointers
        self.array_len, self.attrs, self.line = array_len, attrs, line


class Typedef:
    def __init__(self, kind, name, attrs, body, line):
        self.kind, self.name, self.attrs, self.body, self.line = kind, name, attrs, body, line


class Function:
    def __init__(self, name, return_type, attrs, elements, line):
        self.name, self.return_type, self.attrs = name, return_type, attrs
        self.elements, self.line = elements, line


class Interface:
    def __init__(self, name, attrs, line):
        self.name, self.attrs, self.line = name, attrs, line
        self.types, self.functions = [], []


class IdlFile:
    def __init__(self, fname):
        self.fname, self.imports, self.interfaces = fname, [], []


class Parser:
    def __init__(self, text, fname):
        self.fname = fname
        self.toks = tokenize(text, fname)
        self.i = 0

    def error(self, msg, line=None):
        raise IdlError("%s:%d: %s" % (self.fname, line or self.peek().line, msg))

    def peek(self, k=0):
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def next(self):
        t = self.toks[self.i]
        self.i += 1
        return t

    def accept(self, text):
        if self.peek().text == text and self.peek().kind != 'string':
            return self.next()
        return None

    def expect(self, text):
        t = self.next()
        if t.text != text:
            self.error("expected '%s', got '%s'" % (text, t.text), t.line)
        return t

    def ident(self):
        t = self.next()
        if t.kind != 'ident':
            self.error("expected identifier, got '%s'" % t.text, t.line)
        return t.text

    def attrs(self):
        """[a, b(x, y), c] ... possibly several bracket groups.  Returns a
        list of (name, [args]) kept in order; args are raw text."""
        out = []
        while self.accept('['):
            while True:
                name = self.ident()
                args = None
                if self.accept('('):
                    args, cur, depth = [], [], 0
                    while True:
                        t = self.next()
                        if t.kind == 'eof':
                            self.error("unterminated attribute %s" % name)
                        if t.text == '(' and t.kind == 'punct':
                            depth += 1
                        elif t.text == ')' and t.kind == 'punct':
                            if depth == 0:
                                break
                            depth -= 1
                        if t.text == ',' and depth == 0:
                            args.append(' '.join(cur))
                            cur = []
                        else:
                            cur.append(t.text)
                    args.append(' '.join(cur))
                out.append((name, args))
                if self.accept(']'):
                    break
                self.expect(',')
        return out

    def parse(self):
        f = IdlFile(self.fname)
        while self.peek().kind != 'eof':
            if self.accept('import'):
                while True:
                    t = self.next()
                    if t.kind != 'string':
                        self.error("expected file name after import", t.line)
                    f.imports.append(t.text.strip('"'))
                    if not self.accept(','):
                        break
                self.expect(';')
                continue
            attrs = self.attrs()
            line = self.peek().line
            if not self.accept('interface'):
                self.error("expected 'interface' or 'import'")
            iface = Interface(self.ident(), attrs, line)
            self.expect('{')
            while not self.accept('}'):
                self.interface_item(iface)
            self.accept(';')
            f.interfaces.append(iface)
        return f

    def type_name(self):
        name = self.ident()
        if name in ('struct', 'union', 'enum'):
            name = self.ident()
        if name == 'unsigned' or name == 'signed':
            self.error("use pidl's sized types (uint32, int16, ...), not C's")
        return name

    def interface_item(self, iface):
        if self.accept('typedef'):
            line = self.peek().line
            attrs = self.attrs()
            kind = self.ident()
            if kind not in ('struct', 'union', 'enum'):
                self.error("typedef of '%s' is not supported (struct, union, enum only)" % kind, line)
            if self.peek().kind == 'ident':
                self.next()     # tag name; the typedef name wins, as in pidl
            self.expect('{')
            if kind == 'enum':
                body = self.enum_body()
            else:
                body = []
                while not self.accept('}'):
                    body.append(self.element(union=(kind == 'union')))
            name = self.ident()
            self.expect(';')
            iface.types.append(Typedef(kind, name, attrs, body, line))
            return
        line = self.peek().line
        attrs = self.attrs()
        rtype = self.type_name()
        name = self.ident()
        self.expect('(')
        params = []
        if not self.accept(')'):
            if self.peek().text == 'void' and self.peek(1).text == ')':
                self.next()
                self.next()
            else:
                while True:
                    params.append(self.element(param=True))
                    if self.accept(')'):
                        break
                    self.expect(',')
        self.expect(';')
        iface.functions.append(Function(name, rtype, attrs, params, line))

    def enum_body(self):
        values = []
        while not self.accept('}'):
            line = self.peek().line
            name = self.ident()
            val = None
            if self.accept('='):
                parts = []
                while self.peek().text not in (',', '}'):
                    parts.append(self.next().text)
                val = ' '.join(parts)
            values.append((name, val, line))
            if not self.accept(','):
                self.expect('}')
                break
        return values

    def element(self, union=False, param=False):
        line = self.peek().line
        attrs = self.attrs()
        if union and self.accept(';'):
            return Element(None, None, 0, [], attrs, line)   # empty arm
        tname = self.type_name()
        ptrs = 0
        while self.accept('*'):
            ptrs += 1
        name = self.ident()
        alen = []
        while self.accept('['):
            if self.accept(']'):
                alen.append('*')
                continue
            parts = []
            while not self.accept(']'):
                parts.append(self.next().text)
            alen.append(' '.join(parts))
        if not param:
            self.expect(';')
        return Element(name, tname, ptrs, alen, attrs, line)


def parse_file(path):
    with open(path, encoding='utf-8') as fp:
        return Parser(fp.read(), path).parse()

#!/usr/bin/env python3
"""mpidl: compile IDL files into libndr C code (see idl/mpidl/).

usage: mpidl.py --outdir DIR [-I DIR]... FILE.idl...
Writes DIR/X.h, DIR/ndr_X.h, DIR/ndr_X.c and, for files with an interface
uuid, DIR/ndr_X_c.h and DIR/ndr_X_c.c, X being the IDL file's base name.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mpidl.parser import IdlError, parse_file   # noqa: E402
from mpidl.model import Model, attr              # noqa: E402
from mpidl.emit import Emitter                   # noqa: E402
from mpidl.client import client_header, client_source   # noqa: E402
from mpidl.fill import Filler                            # noqa: E402


def write(path, text):
    """Write only when the content changes, so make does not rebuild."""
    try:
        with open(path, encoding='utf-8') as fp:
            if fp.read() == text:
                return
    except OSError:
        pass
    tmp = path + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as fp:
        fp.write(text)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--outdir', required=True)
    ap.add_argument('-I', dest='incdirs', action='append', default=[])
    ap.add_argument('--fill', action='store_true',
                    help='also write ndr_X_fill.[ch]: value fillers for tests')
    ap.add_argument('files', nargs='+')
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    try:
        for f in args.files:
            base = os.path.basename(f)[:-4]
            model = Model(parse_file(f), f, [os.path.dirname(f)] + args.incdirs)
            em = Emitter(model, base)
            out = args.outdir
            write(os.path.join(out, base + '.h'), em.types_header())
            write(os.path.join(out, 'ndr_%s.h' % base), em.ndr_header())
            write(os.path.join(out, 'ndr_%s.c' % base), em.ndr_source())
            if args.fill:
                fl = Filler(em)
                write(os.path.join(out, 'ndr_%s_fill.h' % base), fl.header())
                write(os.path.join(out, 'ndr_%s_fill.c' % base), fl.source())
            if any(attr(i.attrs, 'uuid') for i in model.idl.interfaces):
                write(os.path.join(out, 'ndr_%s_c.h' % base), client_header(em))
                write(os.path.join(out, 'ndr_%s_c.c' % base), client_source(em))
    except IdlError as e:
        print(str(e), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())

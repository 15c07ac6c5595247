#!/bin/sh
# After `make install`: a third party builds a module out of tree with
# nothing but the installed libmapiproxy.pc and headers, as
# doc/module-guide.md shows (the template modules/dummy.c), and the result
# exports the entry point samba looks for.  `make installcheck` runs it
# (distcheck too).
#   tests/installcheck.sh SRCDIR PREFIX PKGCONFIGDIR [DESTDIR]
set -eu
srcdir=$1
prefix=$2
pcdir=$3
destdir=${4:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Under DESTDIR, a copy of the pc file with its prefix moved there (a
# pkg-config --define-variable would move Samba's Requires too).
mkdir "$work/pc"
sed "s|^prefix=.*|prefix=$destdir$prefix|" "$destdir$pcdir/libmapiproxy.pc" \
	>"$work/pc/libmapiproxy.pc"
export PKG_CONFIG_PATH="$work/pc${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
flags=$(pkg-config --cflags --libs libmapiproxy)
modulesdir=$(pkg-config --variable=modulesdir libmapiproxy)
cp "$srcdir/modules/dummy.c" "$work/mymodule.c"
# No -Wl,--no-undefined: DEBUG()'s functions live in a private Samba
# library, which the module finds in the samba process that loads it.
${CC:-cc} -Wall -Wextra -Werror -Wno-unused-parameter -shared -fPIC -o "$work/mymodule.so" "$work/mymodule.c" $flags
if ! nm -D --defined-only "$work/mymodule.so" | grep -qw samba_init_module; then
	echo "installcheck: mymodule.so does not export samba_init_module" >&2
	exit 1
fi
echo "installcheck: built a module out of tree against libmapiproxy.pc ($modulesdir)"

#!/bin/sh
# The IDL compiler reports mistakes as FILE:LINE: message and exits 1,
# without writing anything.
srcdir=${srcdir:-.}
mpidl="${PYTHON:-python3} $srcdir/idl/mpidl.py"
dir=${TMPDIR:-/tmp}/mpidl-errors.$$
mkdir -p "$dir/out" || exit 1
trap 'rm -rf "$dir"' EXIT
fail=0

expect() {	# line message-fragment idl-text
	printf '%s\n' "$3" > "$dir/t.idl"
	out=$($mpidl --outdir "$dir/out" "$dir/t.idl" 2>&1); st=$?
	case "$st:$out" in
	"1:$dir/t.idl:$1: "*"$2"*) echo "ok: $2" ;;
	*) echo "FAIL: wanted line $1 '$2', got exit $st: $out"; fail=1 ;;
	esac
}

expect 3 "unknown type Nope" 'interface x
{
	typedef struct { Nope a; } S;
}'
expect 2 "unsupported attribute [bogus]" 'interface x {
	typedef [bogus] struct { uint32 a; } S;
}'
expect 4 "conformant array b without [size_is]" 'interface x
{
	typedef struct {
		uint32 b[];
	} S;
}'
expect 3 "[string] needs [charset(DOS)] or [charset(UTF16)]" '[uuid("12345678-1234-1234-1234-123456789012"),version(1.0)]
interface x {
	void F([in,string] uint8 *s);
}'
expect 2 "union u needs [switch_is]" 'interface x { typedef [switch_type(uint32)] union { [case(1)] uint32 a; } U;
	typedef struct { U u; } S;
}'
expect 3 "DATA_BLOB goes with [subcontext(N)], and only it" '[uuid("12345678-1234-1234-1234-123456789012"),version(1.0)]
interface x {
	void F([in,ref] DATA_BLOB *b);
}'
expect 3 "[subcontext(N)] takes N = 2 or 4" '[uuid("12345678-1234-1234-1234-123456789012"),version(1.0)]
interface x {
	void F([in,ref,subcontext(3),flag(NDR_REMAINING)] DATA_BLOB *b);
}'
expect 3 "[subcontext] needs [flag(NDR_REMAINING)]" '[uuid("12345678-1234-1234-1234-123456789012"),version(1.0)]
interface x {
	void F([in,ref,subcontext(4)] DATA_BLOB *b);
}'
expect 2 "a [subcontext] is a function parameter" 'interface x {
	typedef struct { [subcontext(4),flag(NDR_REMAINING)] DATA_BLOB b; } S;
}'
expect 1 "expected '{'" 'interface x ;'
[ -z "$(ls "$dir/out")" ] || { echo "FAIL: files written on error"; fail=1; }
exit $fail

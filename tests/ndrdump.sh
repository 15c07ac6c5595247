#!/bin/sh
# mapiproxy-ndrdump: decoding, re-encoding and error reporting, on files
# in tests/data (the Outlook 2007 request is OpenChange's test data).
srcdir=${srcdir:-.}
dump=./tools/mapiproxy-ndrdump
data=$srcdir/tests/data
fail=0

check() {	# expected-status description command...
	want=$1; what=$2; shift 2
	out=$("$@" 2>&1); got=$?
	if [ "$got" != "$want" ]; then
		echo "FAIL: $what: exit $got, expected $want"; echo "$out"; fail=1
	else
		echo "ok: $what"
	fi
	LAST=$out
}

# binary file, by names; re-encodes identically
check 0 "Outlook EcDoRpcExt2 request" $dump --reencode exchange_emsmdb EcDoRpcExt2 in \
	"$data/outlook2007/001_Outlook_2007_in_ModifyRecipients_comp.dat"
echo "$LAST" | grep -q "re-encoded: identical (432 bytes)" || { echo "FAIL: not identical"; fail=1; }
echo "$LAST" | grep -q "cbIn *: 0x0000014d" || { echo "FAIL: cbIn not printed"; fail=1; }

# hex on stdin, interface by UUID and function by opnum
check 0 "hex on stdin, by uuid and opnum" sh -c \
	"$dump -r 1544f5e0-613c-11d1-93df-00c04fd7bd09 0 in < '$data/ndrdump/rfr_getnewdsa_in.hex'"
echo "$LAST" | grep -q "srv" || { echo "FAIL: string not printed"; fail=1; }

# --output writes what would be sent
tmp=${TMPDIR:-/tmp}/ndrdump.$$
check 0 "--output" $dump -o "$tmp" exchange_emsmdb 11 in \
	"$data/outlook2007/002_Outlook_2007_in_Tables_operations_comp.dat"
cmp -s "$tmp" "$data/outlook2007/002_Outlook_2007_in_Tables_operations_comp.dat" || { echo "FAIL: output differs"; fail=1; }
rm -f "$tmp"

# truncated input: the NDR error and offset, exit 1
check 1 "truncated input" sh -c \
	"$dump exchange_ds_rfr RfrGetNewDSA in < '$data/ndrdump/rfr_getnewdsa_in_truncated.hex'"
echo "$LAST" | grep -q "Buffer Size Error at offset" || { echo "FAIL: no error/offset"; fail=1; }

# decodes, but our encoder numbers referent ids from 0x00020000: exit 2
check 2 "different re-encoding" sh -c \
	"$dump --reencode exchange_nsp NspiBind in < '$data/ndrdump/nsp_bind_in_padded.hex'"

# usage errors
check 1 "unknown interface" $dump nosuch 0 in /dev/null
check 1 "unknown function" $dump exchange_nsp NspiNoSuch in /dev/null
check 1 "bad direction" $dump exchange_nsp 0 sideways /dev/null
exit $fail

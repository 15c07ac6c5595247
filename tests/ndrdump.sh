#!/bin/sh
# mapiproxy-ndrdump: decoding, re-encoding and error reporting, on files
# in tests/data (the Outlook 2007 request is OpenChange's test data), for
# NDR stubs and for ROP buffers.
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

# ROP mode (--rop-request/--rop-response): rgbIn/rgbOut buffers in
# tests/data/rop (see its README.md for where each comes from).
rop=$data/rop
expect() {	# pattern: must be in the last output
	echo "$LAST" | grep -q -- "$1" || { echo "FAIL: no '$1'"; fail=1; }
}

# Outlook's compressed request: headers, every ROP, the handle table; our
# compressor encodes it differently (exit 2) but the ROP buffer is exact
check 2 "ROP request, Outlook 2007, compressed" $dump --reencode --rop-request \
	"$rop/outlook2007_002_rgbin.bin"
expect "Flags                    : 0x0005 (5)"
expect "1: Compressed"
expect "SizeActual               : 0x017c (380)"
expect "rop: struct RopGetContentsTable"
expect "rop: struct RopGetPropertiesSpecific"
expect "ServerObjectHandleTable: ARRAY(6)"
expect "ROP buffer 1 re-serialized: identical (380 bytes)"
expect "re-encoded: DIFFERENT (338 bytes in"

# the same Outlook stream, XOR-obfuscated by hand: decodes to the same ROPs
check 2 "ROP request, compressed and obfuscated" $dump --reencode --rop-request \
	"$rop/outlook2007_001_rgbin_xor.bin"
expect "1: XorMagic"
expect "X500DN                   : 'Jkerihuel'"
expect "ROP buffer 1 re-serialized: identical (459 bytes)"
plain=$($dump --rop-request "$rop/outlook2007_001_rgbin.bin" | grep -v "Flags\|XorMagic")
xored=$(echo "$LAST" | grep -v "Flags\|XorMagic\|re-serialized\|re-encoded")
[ "$plain" = "$xored" ] || { echo "FAIL: obfuscated request decodes differently"; fail=1; }

# our encoder's output (compressed + obfuscated) re-encodes to itself;
# hex on stdin is accepted too
check 0 "ROP request re-encoded by us" $dump --reencode --rop-request \
	"$rop/outlook2007_001_rgbin_ours.bin"
expect "re-encoded: identical (334 bytes)"
check 0 "ROP request as hex on stdin" sh -c \
	"od -An -tx1 -v '$rop/outlook2007_001_rgbin_ours.bin' | $dump --reencode --rop-request -"
expect "re-encoded: identical (334 bytes)"

# truncated rgbIn: the reason and the offset, exit 1
check 1 "ROP request, truncated" $dump --rop-request "$rop/outlook2007_002_rgbin_truncated.bin"
expect "segment 1 at offset 0: Size 330 but only 92 bytes follow"

# a response with its request: FindRow's row follows the RopSetColumns,
# GetPropertiesSpecific's the request's tags; re-encodes identically
check 0 "ROP response with its request" $dump --reencode \
	--rop-response "$rop/tables_rgbout.hex" --rop-request-context "$rop/outlook2007_002_rgbin.bin"
expect "0x0037001f               : u'View'"
expect "0x3001001f               : u'Inbox'"
expect "0x672d0003               : (error 0x8004010f)"
expect "\[\]                       : 0x00000103 (259)"
expect "re-encoded: identical (304 bytes)"

# the same response alone: decoded up to the ROP that needs the request
check 1 "ROP response without its request" $dump --rop-response "$rop/tables_rgbout.hex"
expect "rop: struct RopSetColumns"
expect "ServerObjectHandleTable: ARRAY(6)"
expect "columns of the table unknown (no RopSetColumns seen) at offset 27 of the ROP buffer (offset 35 of the rgbOut), in RopFindRow (0x4f), ROP 3"
expect "needs --rop-request-context"

# a ROP area cut short inside the last ROP
check 1 "ROP response, truncated ROP" $dump --rop-response "$rop/tables_rgbout_truncated.hex" \
	--rop-request-context "$rop/outlook2007_002_rgbin.bin"
expect "at offset 219 of the ROP buffer (offset 227 of the rgbOut), in RopGetPropertiesSpecific (0x07), ROP 7"

# usage errors
check 1 "both ROP directions" $dump --rop-request /dev/null --rop-response /dev/null
check 1 "context without a response" $dump --rop-request-context /dev/null

# legacy EcDoRpc buffers (--legacy): one ROP buffer, XORed with 0xA5, as
# hex.  RopGetPropertiesSpecific of three tags (MS-OXCPRPT 4.3.1) and its
# answer: TRUE, 42, AA BB CC; one server object handle each.
xor() {
	h=$(echo "$1" | tr -d ' ')
	while [ -n "$h" ]; do
		b=${h%"${h#??}"}
		h=${h#??}
		printf '%02x' $((0x$b ^ 0xa5))
	done
}
lreq=${TMPDIR:-/tmp}/ndrdump-lreq.$$
lrsp=${TMPDIR:-/tmp}/ndrdump-lrsp.$$
xor "17 00 07 00 00 00 00 01 00 03 00 0B 00 3E 86 03 00 3F 86 02 01 E2 65 01 00 00 00" >"$lreq"
xor "13 00 07 00 00 00 00 00 00 01 2A 00 00 00 03 00 AA BB CC 01 00 00 00" >"$lrsp"
check 0 "legacy ROP request" $dump --legacy --rop-request "$lreq" --reencode
expect "legacy mapi_request: one ROP buffer, XORed with 0xA5, 27 bytes"
expect "rop: struct RopGetPropertiesSpecific"
expect "re-encoded: identical (27 bytes)"
check 0 "legacy ROP response with its request" $dump --legacy --rop-response "$lrsp" \
	--rop-request-context "$lreq" --reencode
expect "legacy mapi_response: one ROP buffer, XORed with 0xA5, 23 bytes"
expect "re-encoded: identical (23 bytes)"
check 1 "legacy ROP response without its request" $dump --legacy --rop-response "$lrsp"
expect "needs --rop-request-context"
# the payload of an EcDoRpcExt2 is no legacy buffer: its RopSize is garbage
check 1 "an rgbIn as a legacy buffer" $dump --legacy --rop-request "$rop/outlook2007_002_rgbin.bin"
expect "cannot decode the ROP request buffer"
check 1 "legacy buffer of one byte" sh -c "echo a5 | $dump --legacy --rop-request -"
expect "a legacy ROP buffer takes 2 to 65535"
check 1 "--legacy without a ROP file" $dump --legacy exchange_emsmdb EcDoRpc in /dev/null
rm -f "$lreq" "$lrsp"
check 1 "empty rgbIn" $dump --rop-request /dev/null
expect "empty buffer"

# usage errors
check 1 "unknown interface" $dump nosuch 0 in /dev/null
check 1 "unknown function" $dump exchange_nsp NspiNoSuch in /dev/null
check 1 "bad direction" $dump exchange_nsp 0 sideways /dev/null
exit $fail

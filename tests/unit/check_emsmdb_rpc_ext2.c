/*
 * The EMSMDB connection level without samba: EcDoRpcExt2 payloads built
 * by hand from MS-OXCRPC 2.2.2.1 (RPC_HEADER_EXT) and MS-OXCROPS 2.2.3.1
 * (RopLogon), answered through the real store; the client's pulFlags
 * (MS-OXCRPC 3.1.4.2), RopBufferTooSmall (MS-OXCROPS 2.2.15.1), malformed
 * rgbIn, version negotiation (MS-OXCRPC 3.1.4.1.3), the size limits of
 * the call parameters and the account <-> address mapping.  The legacy
 * EcDoRpc's round (the same ROP buffer, XORed with 0xA5, no
 * RPC_HEADER_EXT) and its checks (doc/legacy-emsmdb.md) too.
 */
#include <check.h>
#include "suite_main.h"
#include "store_dir.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "emsmdb_rpc.h"
#include "rop/mapi_ext.h"
#include "rop/mapi_legacy.h"

#define PREFIX "/o=E/ou=G/cn=Recipients"
#define ALICE PREFIX "/cn=alice"	/* 33 characters */


/*
 * rgbIn: RPC_HEADER_EXT {Version 0, Flags Last, Size, SizeActual} and a
 * ROP buffer {RopSize, RopLogon, ServerObjectHandleTable [0xFFFFFFFF]}.
 * RopLogon: RopId 0xFE, LogonId 0, OutputHandleIndex 0, LogonFlags 0x01
 * (Private), OpenFlags 0x01000000, StoreState 0, EssdnSize, Essdn + NUL.
 */
static size_t logon_rgb_in(uint8_t *b, const char *dn)
{
	size_t dnlen = strlen(dn) + 1;
	size_t rops = 14 + dnlen, payload = 2 + rops + 4, i = 0;

	b[i++] = 0x00; b[i++] = 0x00;			/* Version */
	b[i++] = 0x04; b[i++] = 0x00;			/* Flags: Last */
	b[i++] = payload & 0xFF; b[i++] = payload >> 8;	/* Size */
	b[i++] = payload & 0xFF; b[i++] = payload >> 8;	/* SizeActual */
	b[i++] = (2 + rops) & 0xFF; b[i++] = (2 + rops) >> 8;	/* RopSize */
	b[i++] = 0xFE; b[i++] = 0x00; b[i++] = 0x00; b[i++] = 0x01;
	b[i++] = 0x00; b[i++] = 0x00; b[i++] = 0x00; b[i++] = 0x01;
	b[i++] = 0x00; b[i++] = 0x00; b[i++] = 0x00; b[i++] = 0x00;
	b[i++] = dnlen & 0xFF; b[i++] = dnlen >> 8;
	memcpy(b + i, dn, dnlen);
	i += dnlen;
	b[i++] = 0xFF; b[i++] = 0xFF; b[i++] = 0xFF; b[i++] = 0xFF;
	return i;
}

static struct emsmdb_session *new_session(TALLOC_CTX *mem, struct rop_state **state)
{
	struct emsmdb_store *st;

	ck_assert(NT_STATUS_IS_OK(emsmdb_store_open(mem, state_dir, &st)));
	*state = rop_state_new(mem);
	return emsmdb_session_new(mem, st, ALICE, NULL, NULL);
}

/* rgbOut's header flags and its decoded payload. */
static uint16_t reply(TALLOC_CTX *mem, DATA_BLOB out, DATA_BLOB *payload)
{
	struct mapi_ext_buffer *b;

	ck_assert(NT_STATUS_IS_OK(mapi_ext_unpack(mem, out, &b)));
	ck_assert_uint_eq(b->num_segments, 1);
	*payload = b->segments[0].payload;
	return b->segments[0].header.flags;
}

/* The payload answers RopLogon with success: RopSize, 0xFE,
 * OutputHandleIndex 0, ReturnValue 0, ..., a one-entry handle table. */
static void assert_logon_ok(DATA_BLOB p)
{
	uint16_t rop_size;

	ck_assert_uint_ge(p.length, 2 + 6 + 4);
	rop_size = p.data[0] | (p.data[1] << 8);
	ck_assert_uint_eq(rop_size + 4, p.length);
	ck_assert_uint_eq(p.data[2], 0xFE);
	ck_assert_uint_eq(p.data[3], 0x00);
	ck_assert_uint_eq(p.data[4] | p.data[5] | p.data[6] | p.data[7], 0);
}

START_TEST(test_plain)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct rop_state *state;
	struct emsmdb_session *sess = new_session(mem, &state);
	uint8_t in[128];
	size_t n = logon_rgb_in(in, ALICE);
	DATA_BLOB out, p;
	uint32_t ec;

	ec = emsmdb_rpc_ext2(sess, state, EMSMDB_RPC_NO_COMPRESSION | EMSMDB_RPC_NO_XOR_MAGIC,
			     in, n, 0x8008, mem, &out);
	ck_assert_uint_eq(ec, 0);
	/* neither compressed nor obfuscated: only Last */
	ck_assert_uint_eq(reply(mem, out, &p), MAPI_EXT_LAST);
	/* plain means the payload is right there behind the header */
	ck_assert_uint_eq(out.data[10], 0xFE);
	assert_logon_ok(p);
	talloc_free(mem);
}
END_TEST

START_TEST(test_obfuscated_and_compressed)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct rop_state *state;
	struct emsmdb_session *sess = new_session(mem, &state);
	uint8_t in[128];
	size_t n = logon_rgb_in(in, ALICE);
	DATA_BLOB out, p;
	uint16_t flags;

	/* XOR only */
	ck_assert_uint_eq(emsmdb_rpc_ext2(sess, state, EMSMDB_RPC_NO_COMPRESSION, in, n,
					  0x8008, mem, &out), 0);
	flags = reply(mem, out, &p);
	ck_assert_uint_eq(flags, MAPI_EXT_LAST | MAPI_EXT_XORMAGIC);
	ck_assert_uint_eq(out.data[10], 0xFE ^ 0xA5);	/* MS-OXCRPC 3.1.4.1.1.3 */
	assert_logon_ok(p);

	/* everything allowed: obfuscated, compressed when that is smaller
	 * (a logon answer's 13 folder ids share most of their bytes) */
	ck_assert_uint_eq(emsmdb_rpc_ext2(sess, state, 0, in, n, 0x8008, mem, &out), 0);
	flags = reply(mem, out, &p);
	ck_assert_uint_eq(flags, MAPI_EXT_LAST | MAPI_EXT_XORMAGIC | MAPI_EXT_COMPRESSED);
	ck_assert_uint_lt(out.length - 8, p.length);
	assert_logon_ok(p);

	/* compression without obfuscation */
	ck_assert_uint_eq(emsmdb_rpc_ext2(sess, state, EMSMDB_RPC_NO_XOR_MAGIC, in, n,
					  0x8008, mem, &out), 0);
	ck_assert_uint_eq(reply(mem, out, &p), MAPI_EXT_LAST | MAPI_EXT_COMPRESSED);
	assert_logon_ok(p);
	talloc_free(mem);
}
END_TEST

START_TEST(test_buffer_too_small)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct rop_state *state;
	struct emsmdb_session *sess = new_session(mem, &state);
	uint8_t in[128];
	size_t n = logon_rgb_in(in, ALICE), ropslist = 14 + strlen(ALICE) + 1;
	DATA_BLOB out, p;
	uint16_t need;

	/*
	 * rgbOut of 8 + 100 bytes: room for RopBufferTooSmall with the
	 * 48-byte request (2 + 3 + 48 + 4 = 57) but not for the logon answer
	 * (over 160 bytes).
	 */
	ck_assert_uint_eq(emsmdb_rpc_ext2(sess, state, EMSMDB_RPC_NO_COMPRESSION |
					  EMSMDB_RPC_NO_XOR_MAGIC, in, n, 108, mem, &out), 0);
	reply(mem, out, &p);
	ck_assert_uint_eq(p.length, 2 + 3 + ropslist + 4);
	ck_assert_uint_eq(p.data[0] | (p.data[1] << 8), 2 + 3 + ropslist);
	ck_assert_uint_eq(p.data[2], 0xFF);			/* RopBufferTooSmall */
	need = p.data[3] | (p.data[4] << 8);
	ck_assert_uint_gt(need, 108);				/* SizeNeeded */
	/* RequestBuffers: the unprocessed request, byte for byte */
	ck_assert_mem_eq(p.data + 5, in + 10, ropslist);
	/* the handle table comes back unchanged */
	ck_assert_mem_eq(p.data + 5 + ropslist, "\xFF\xFF\xFF\xFF", 4);

	/* the size it asked for is enough */
	ck_assert_uint_eq(emsmdb_rpc_ext2(sess, state, EMSMDB_RPC_NO_COMPRESSION |
					  EMSMDB_RPC_NO_XOR_MAGIC, in, n, need, mem, &out), 0);
	reply(mem, out, &p);
	assert_logon_ok(p);

	/* not even RopBufferTooSmall fits: the call fails with ecBufferTooSmall */
	ck_assert_uint_eq(emsmdb_rpc_ext2(sess, state, 0, in, n, 8 + 40, mem, &out),
			  EMSMDB_EC_BUFFER_TOO_SMALL);
	ck_assert_uint_eq(out.length, 0);
	ck_assert_uint_eq(emsmdb_rpc_ext2(sess, state, 0, in, n, 8, mem, &out),
			  EMSMDB_EC_BUFFER_TOO_SMALL);
	talloc_free(mem);
}
END_TEST

START_TEST(test_malformed)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct rop_state *state;
	struct emsmdb_session *sess = new_session(mem, &state);
	uint8_t in[300], bad[300];
	size_t n = logon_rgb_in(in, ALICE);
	DATA_BLOB out;

	/* Version 1 */
	memcpy(bad, in, n);
	bad[0] = 1;
	ck_assert_uint_eq(emsmdb_rpc_ext2(sess, state, 0, bad, n, 0x8008, mem, &out),
			  EMSMDB_EC_RPC_FORMAT);
	/* no Last flag */
	memcpy(bad, in, n);
	bad[2] = 0;
	ck_assert_uint_eq(emsmdb_rpc_ext2(sess, state, 0, bad, n, 0x8008, mem, &out),
			  EMSMDB_EC_RPC_FORMAT);
	/* truncated */
	ck_assert_uint_eq(emsmdb_rpc_ext2(sess, state, 0, in, n - 1, 0x8008, mem, &out),
			  EMSMDB_EC_RPC_FORMAT);
	ck_assert_uint_eq(emsmdb_rpc_ext2(sess, state, 0, in, 0, 0x8008, mem, &out),
			  EMSMDB_EC_RPC_FORMAT);
	/* two segments: the first without Last */
	memcpy(bad, in, n);
	bad[2] = 0;
	memcpy(bad + n, in, n);
	ck_assert_uint_eq(emsmdb_rpc_ext2(sess, state, 0, bad, 2 * n, 0x8008, mem, &out),
			  EMSMDB_EC_RPC_FORMAT);
	/* RopSize past the payload */
	memcpy(bad, in, n);
	bad[8] = 0xF0;
	ck_assert_uint_eq(emsmdb_rpc_ext2(sess, state, 0, bad, n, 0x8008, mem, &out),
			  EMSMDB_EC_RPC_FORMAT);
	ck_assert_uint_eq(out.length, 0);
	/* and the session still works */
	ck_assert_uint_eq(emsmdb_rpc_ext2(sess, state, 0, in, n, 0x8008, mem, &out), 0);
	talloc_free(mem);
}
END_TEST

START_TEST(test_versions)
{
	/* old format: major, build major, build minor (Outlook 2007 12.0.4518) */
	const uint16_t ol2007[3] = { 12, 4518, 1014 };
	/* new format, high bit of word 2: 11.0.0.0, the minimum */
	const uint16_t min11[3] = { 0x0B00, 0x8000, 0 };
	const uint16_t v10[3] = { 0x0A00, 0x8001, 0 };
	const uint16_t old10[3] = { 10, 6000, 0 };
	uint16_t server[3], best[3], d[4];

	ck_assert_uint_eq(emsmdb_rpc_versions(ol2007, server, best), 0);
	ck_assert_mem_eq(best, ol2007, sizeof(best));
	emsmdb_rpc_version_decode(server, d);
	ck_assert_uint_eq(d[0], 14);
	ck_assert_uint_eq(d[1], 0);
	ck_assert_uint_eq(d[2], 639);
	ck_assert_uint_eq(d[3], 21);
	emsmdb_rpc_version_decode(ol2007, d);
	ck_assert_uint_eq(d[0], 12);
	ck_assert_uint_eq(d[2], 4518);
	ck_assert_uint_eq(emsmdb_rpc_versions(min11, server, best), 0);
	ck_assert_uint_eq(emsmdb_rpc_versions(v10, server, best), 0x80040110);
	emsmdb_rpc_version_decode(best, d);
	ck_assert_uint_eq(d[0], 11);
	ck_assert_uint_eq(emsmdb_rpc_versions(old10, server, best), 0x80040110);
}
END_TEST

START_TEST(test_addresses)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	const char *dom = "mapi.example.com";

	ck_assert_str_eq(emsmdb_account_dn(mem, PREFIX, "bob"), PREFIX "/cn=bob");
	ck_assert_str_eq(emsmdb_account_of_address(mem, PREFIX, dom, PREFIX "/cn=bob"), "bob");
	/* X.500 names compare without case */
	ck_assert_str_eq(emsmdb_account_of_address(mem, PREFIX, dom,
						   "/O=E/OU=G/CN=RECIPIENTS/CN=bob"), "bob");
	ck_assert_str_eq(emsmdb_account_of_address(mem, PREFIX, dom,
						   "bob@MAPI.example.com"), "bob");
	ck_assert_ptr_null(emsmdb_account_of_address(mem, PREFIX, dom, "bob@elsewhere.com"));
	ck_assert_ptr_null(emsmdb_account_of_address(mem, PREFIX, dom, "@mapi.example.com"));
	ck_assert_ptr_null(emsmdb_account_of_address(mem, PREFIX, dom, PREFIX "/cn="));
	ck_assert_ptr_null(emsmdb_account_of_address(mem, PREFIX, dom,
						     PREFIX "/cn=bob/cn=x"));
	ck_assert_ptr_null(emsmdb_account_of_address(mem, PREFIX, dom, "/o=Other/cn=bob"));
	ck_assert_ptr_null(emsmdb_account_of_address(mem, PREFIX, dom, NULL));
	talloc_free(mem);
}
END_TEST

/*
 * MS-OXCRPC 3.1.4.1 (cbAuxIn, pcbAuxOut) and 3.1.4.2 (cbIn, pcbOut,
 * cbAuxIn, pcbAuxOut): RPC_X_BAD_STUB_DATA (0x6F7) past the limits
 * (0x1008 for AUX buffers, 0x40000 for ROP buffers), ecRpcFailed
 * (0x80040115) for buffers too short for an RPC_HEADER_EXT (8 bytes).
 */
START_TEST(test_size_limits)
{
	uint32_t fault = 0;

	/* EcDoConnectEx */
	ck_assert_uint_eq(emsmdb_rpc_connect_sizes(0, 0x1008, &fault), 0);
	ck_assert_uint_eq(emsmdb_rpc_connect_sizes(8, 0, &fault), 0);
	ck_assert_uint_eq(emsmdb_rpc_connect_sizes(0x1008, 0x1008, &fault), 0);
	ck_assert_uint_eq(fault, 0);
	ck_assert_uint_eq(emsmdb_rpc_connect_sizes(7, 0x1008, &fault), 0x80040115);
	ck_assert_uint_eq(emsmdb_rpc_connect_sizes(1, 0x1008, &fault), 0x80040115);
	ck_assert_uint_eq(fault, 0);
	ck_assert_uint_ne(emsmdb_rpc_connect_sizes(0x1009, 0x1008, &fault), 0);
	ck_assert_uint_eq(fault, 0x6F7);
	fault = 0;
	ck_assert_uint_ne(emsmdb_rpc_connect_sizes(0, 0x1009, &fault), 0);
	ck_assert_uint_eq(fault, 0x6F7);

	/* EcDoRpcExt2 */
	fault = 0;
	ck_assert_uint_eq(emsmdb_rpc_ext2_sizes(8, 8, 0, 0, &fault), 0);
	ck_assert_uint_eq(emsmdb_rpc_ext2_sizes(0x40000, 0x40000, 0x1008, 0x1008, &fault), 0);
	ck_assert_uint_eq(emsmdb_rpc_ext2_sizes(7, 0x8008, 0, 0x1008, &fault), 0x80040115);
	ck_assert_uint_eq(emsmdb_rpc_ext2_sizes(0, 0x8008, 0, 0x1008, &fault), 0x80040115);
	ck_assert_uint_eq(emsmdb_rpc_ext2_sizes(100, 7, 0, 0x1008, &fault), 0x80040115);
	ck_assert_uint_eq(fault, 0);
	ck_assert_uint_ne(emsmdb_rpc_ext2_sizes(0x40001, 0x8008, 0, 0, &fault), 0);
	ck_assert_uint_eq(fault, 0x6F7);
	fault = 0;
	ck_assert_uint_ne(emsmdb_rpc_ext2_sizes(100, 0x40001, 0, 0, &fault), 0);
	ck_assert_uint_eq(fault, 0x6F7);
	fault = 0;
	ck_assert_uint_ne(emsmdb_rpc_ext2_sizes(100, 0x8008, 0x1009, 0, &fault), 0);
	ck_assert_uint_eq(fault, 0x6F7);
	fault = 0;
	ck_assert_uint_ne(emsmdb_rpc_ext2_sizes(100, 0x8008, 0, 0x1009, &fault), 0);
	ck_assert_uint_eq(fault, 0x6F7);
}
END_TEST

/* The legacy mapi_request of the same RopLogon: rgbIn's payload, XORed. */
static size_t logon_legacy_in(uint8_t *b, const char *dn)
{
	uint8_t ext[300];
	size_t n = logon_rgb_in(ext, dn) - 8;

	memcpy(b, ext + 8, n);
	mapi_xor_apply(b, n);
	return n;
}

/* A legacy mapi_response, revealed. */
static DATA_BLOB revealed(TALLOC_CTX *mem, DATA_BLOB out)
{
	DATA_BLOB p = data_blob_talloc(mem, out.data, out.length);

	mapi_xor_apply(p.data, p.length);
	return p;
}

START_TEST(test_legacy_round)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct rop_state *state;
	struct emsmdb_session *sess = new_session(mem, &state);
	uint8_t in[128], ext[128];
	size_t n = logon_legacy_in(in, ALICE), next = logon_rgb_in(ext, ALICE);
	DATA_BLOB out, p;

	ck_assert_uint_eq(emsmdb_rpc_legacy(sess, state, in, n, 0x8000, mem, &out), 0);
	/* obfuscated, no RPC_HEADER_EXT: RopSize first, then RopLogon */
	ck_assert_uint_eq(out.data[2], 0xFE ^ 0xA5);
	assert_logon_ok(revealed(mem, out));
	/* the same session answers EcDoRpcExt2 afterwards */
	ck_assert_uint_eq(emsmdb_rpc_ext2(sess, state, 0, ext, next, 0x8008, mem, &out), 0);
	reply(mem, out, &p);
	assert_logon_ok(p);
	talloc_free(mem);
}
END_TEST

/* RopBufferTooSmall over EcDoRpc: SizeNeeded counts no RPC_HEADER_EXT. */
START_TEST(test_legacy_buffer_too_small)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct rop_state *state;
	struct emsmdb_session *sess = new_session(mem, &state);
	uint8_t in[128];
	size_t n = logon_legacy_in(in, ALICE), ropslist = 14 + strlen(ALICE) + 1;
	DATA_BLOB out, p;
	uint16_t need;

	ck_assert_uint_eq(emsmdb_rpc_legacy(sess, state, in, n, 100, mem, &out), 0);
	ck_assert_uint_le(out.length, 100);
	p = revealed(mem, out);
	ck_assert_uint_eq(p.length, 2 + 3 + ropslist + 4);
	ck_assert_uint_eq(p.data[2], 0xFF);
	need = p.data[3] | (p.data[4] << 8);
	ck_assert_uint_gt(need, 100);
	ck_assert_uint_eq(emsmdb_rpc_legacy(sess, state, in, n, need, mem, &out), 0);
	assert_logon_ok(revealed(mem, out));
	/* with the header's 8 bytes less than the Ext2 round needed */
	ck_assert_uint_eq(emsmdb_rpc_legacy(sess, state, in, n, 40, mem, &out),
			  EMSMDB_EC_BUFFER_TOO_SMALL);
	ck_assert_uint_eq(out.length, 0);
	talloc_free(mem);
}
END_TEST

START_TEST(test_legacy_malformed)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct rop_state *state;
	struct emsmdb_session *sess = new_session(mem, &state);
	uint8_t in[128], bad[128];
	size_t n = logon_legacy_in(in, ALICE);
	DATA_BLOB out;

	/* not obfuscated */
	memcpy(bad, in, n);
	mapi_xor_apply(bad, n);
	ck_assert_uint_eq(emsmdb_rpc_legacy(sess, state, bad, n, 0x8000, mem, &out),
			  EMSMDB_EC_RPC_FORMAT);
	/* an RPC_HEADER_EXT in front */
	logon_rgb_in(bad, ALICE);
	ck_assert_uint_eq(emsmdb_rpc_legacy(sess, state, bad, n + 8, 0x8000, mem, &out),
			  EMSMDB_EC_RPC_FORMAT);
	/* shorter than RopSize, truncated */
	ck_assert_uint_eq(emsmdb_rpc_legacy(sess, state, in, 1, 0x8000, mem, &out),
			  EMSMDB_EC_RPC_FORMAT);
	ck_assert_uint_eq(emsmdb_rpc_legacy(sess, state, in, n - 1, 0x8000, mem, &out),
			  EMSMDB_EC_RPC_FORMAT);
	ck_assert_uint_eq(out.length, 0);
	/* and the session still works */
	ck_assert_uint_eq(emsmdb_rpc_legacy(sess, state, in, n, 0x8000, mem, &out), 0);
	talloc_free(mem);
}
END_TEST

/* doc/legacy-emsmdb.md: the conformant varying array's consistency and
 * the 0x40000 limit fault (RPC_X_BAD_STUB_DATA) as a MIDL stub would; a
 * payload or max_data below RopSize's 2 bytes is ecRpcFailed. */
START_TEST(test_legacy_sizes)
{
	uint32_t fault = 0;

	ck_assert_uint_eq(emsmdb_rpc_legacy_sizes(0x8000, 0, 9, 9, 0x8000, &fault), 0);
	ck_assert_uint_eq(emsmdb_rpc_legacy_sizes(9, 0, 9, 9, 2, &fault), 0);
	ck_assert_uint_eq(emsmdb_rpc_legacy_sizes(0xFFFF, 0, 0xFFFF, 0xFFFF, 0xFFFF, &fault), 0);
	ck_assert_uint_eq(emsmdb_rpc_legacy_sizes(0x8000, 0, 1, 1, 0x8000, &fault), 0x80040115);
	ck_assert_uint_eq(emsmdb_rpc_legacy_sizes(0x8000, 0, 0, 0, 0x8000, &fault), 0x80040115);
	ck_assert_uint_eq(emsmdb_rpc_legacy_sizes(0x8000, 0, 9, 9, 1, &fault), 0x80040115);
	ck_assert_uint_eq(fault, 0);
	ck_assert_uint_ne(emsmdb_rpc_legacy_sizes(0x8000, 4, 9, 9, 0x8000, &fault), 0);
	ck_assert_uint_eq(fault, 0x6F7);
	fault = 0;
	ck_assert_uint_ne(emsmdb_rpc_legacy_sizes(8, 0, 9, 9, 0x8000, &fault), 0);
	ck_assert_uint_eq(fault, 0x6F7);
	fault = 0;
	ck_assert_uint_ne(emsmdb_rpc_legacy_sizes(0x8000, 0, 9, 10, 0x8000, &fault), 0);
	ck_assert_uint_eq(fault, 0x6F7);
	fault = 0;
	ck_assert_uint_ne(emsmdb_rpc_legacy_sizes(0x50000, 0, 0x40001, 1, 0x8000, &fault), 0);
	ck_assert_uint_eq(fault, 0x6F7);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("emsmdb_rpc_ext2");
	TCase *tc = tcase_create("rpc");

	store_dir_fixture(tc);
	tcase_add_test(tc, test_plain);
	tcase_add_test(tc, test_obfuscated_and_compressed);
	tcase_add_test(tc, test_buffer_too_small);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_versions);
	tcase_add_test(tc, test_addresses);
	tcase_add_test(tc, test_size_limits);
	tcase_add_test(tc, test_legacy_round);
	tcase_add_test(tc, test_legacy_buffer_too_small);
	tcase_add_test(tc, test_legacy_malformed);
	tcase_add_test(tc, test_legacy_sizes);
	suite_add_tcase(s, tc);
	return check_main(s);
}

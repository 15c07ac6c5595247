/*
 * EMSMDB and AsyncEMSMDB (MS-OXCRPC) wire format: two real EcDoRpcExt2
 * requests captured from Outlook 2007 (tests/data/outlook2007, OpenChange's
 * test data) must decode and re-encode to the same bytes; every other vector
 * is built by hand from the NDR20 rules (C706 chapter 14) and the IDL of
 * MS-OXCRPC 3.1.4 and 3.3.4, or, for the legacy EcDoConnect and EcDoRpc
 * (opnums 0 and 2), from the layout in doc/legacy-emsmdb.md.
 */
#include "config.h"
#include <check.h>
#include "suite_main.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gen_ndr/ndr_exchange_emsmdb.h"
#include "ndr_test_util.h"

#define T (&ndr_table_exchange_emsmdb)
#define A (&ndr_table_exchange_async_emsmdb)
#define U16(v) (uint8_t)((v) & 0xff), (uint8_t)(((v) >> 8) & 0xff)
#define U32(v) (uint8_t)((v) & 0xff), (uint8_t)(((v) >> 8) & 0xff), \
	(uint8_t)(((v) >> 16) & 0xff), (uint8_t)(((uint32_t)(v) >> 24) & 0xff)
#define HANDLE 0x00, 0x00, 0x00, 0x00, 0x27, 0x56, 0xa0, 0xd0, 0x72, 0x1e, 0x0c, 0x48, \
	0xb8, 0x5a, 0x27, 0x44, 0x29, 0xfd, 0x40, 0x3f

static uint8_t *read_data(TALLOC_CTX *mem, const char *name, size_t *len)
{
	const char *srcdir = getenv("srcdir");
	char *path = talloc_asprintf(mem, "%s/tests/data/outlook2007/%s", srcdir ? srcdir : ".", name);
	FILE *f = fopen(path, "rb");
	uint8_t *buf = talloc_array(mem, uint8_t, 65536);

	ck_assert_msg(f != NULL, "cannot open %s", path);
	*len = fread(buf, 1, 65536, f);
	fclose(f);
	return buf;
}

/* EcDoRpcExt2 answer: rgbOut is conformant varying with max count and
 * length both *pcbOut; an empty rgbAuxOut still has its three counts. */
static const uint8_t rpcext2_out[] = {
	HANDLE,
	U32(0),					/* pulFlags */
	U32(10), U32(0), U32(10),		/* rgbOut: max, offset, length */
	0x00, 0x00, 0x04, 0x00, 0x02, 0x00, 0x02, 0x00, 0xaa, 0xbb,
	0x00, 0x00,				/* align to 4 */
	U32(10),				/* pcbOut */
	U32(0), U32(0), U32(0),			/* rgbAuxOut: empty */
	U32(0),					/* pcbAuxOut */
	U32(15),				/* pulTransTime */
	U32(0),					/* result */
};

/* EcDoConnectEx request */
static const uint8_t connectex_in[] = {
	U32(5), U32(0), U32(5), '/', 'o', '=', 'x', 0,	/* szUserDN */
	0x00, 0x00, 0x00,
	U32(0), U32(0), U32(0),			/* ulFlags, ulConMod, cbLimit */
	U32(1252), U32(1033), U32(1033),	/* ulCpid, ulLcidString, ulLcidSort */
	U32(0xFFFFFFFF),			/* ulIcxrLink */
	U16(1),					/* usFCanConvertCodePages */
	U16(0x000c), U16(0x1194), U16(0x0000),	/* rgwClientVersion[3]: fixed array */
	U32(0),					/* pulTimeStamp (aligned, no pad needed) */
	U32(4), 0x04, 0x00, 0x00, 0x00,		/* rgbAuxIn */
	U32(4),					/* cbAuxIn */
	U32(0x1008),				/* pcbAuxOut */
};

/* EcDoConnectEx answer: two deferred-free [out] strings behind unique
 * pointers, 16-bit fields with their padding. */
static const uint8_t connectex_out[] = {
	HANDLE,
	U32(60000), U32(6), U32(10000),		/* pcmsPollsMax, pcRetry, pcmsRetryDelay */
	U16(0x0101), 0x00, 0x00,		/* picxr, pad */
	U32(0x00020000), U32(3), U32(0), U32(3), '/', 'o', 0, 0x00,	/* szDNPrefix */
	U32(0x00020004), U32(2), U32(0), U32(2), 'U', 0,		/* szDisplayName */
	U16(8), U16(0x1f4), U16(0x8016),	/* rgwServerVersion */
	U16(8), U16(0x1f4), U16(0x8016),	/* rgwBestVersion */
	0x00, 0x00,				/* align to 4 */
	U32(0x01020304),			/* pulTimeStamp */
	U32(0), U32(0), U32(0),			/* rgbAuxOut: empty */
	U32(0),					/* pcbAuxOut */
	U32(0),					/* result */
};

/* EcDoConnect request: EcDoConnectEx's up to rgwClientVersion, then
 * pulTimeStamp; no auxiliary buffer. */
static const uint8_t connect_in[] = {
	U32(5), U32(0), U32(5), '/', 'o', '=', 'x', 0,	/* szUserDN */
	0x00, 0x00, 0x00,
	U32(0), U32(0), U32(0),			/* ulFlags, ulConMod, cbLimit */
	U32(1252), U32(1033), U32(1033),	/* ulCpid, ulLcidString, ulLcidSort */
	U32(0xFFFFFFFF),			/* ulIcxrLink */
	U16(1),					/* usFCanConvertCodePages */
	U16(0x000b), U16(0x0000), U16(0x1a61),	/* rgwClientVersion[3] (Outlook 2003) */
	U32(0),					/* pulTimeStamp */
};

/* EcDoConnect answer: rgwServerVersion, then rgwClientVersion echoed,
 * then pulTimeStamp after two bytes of padding. */
static const uint8_t connect_out[] = {
	HANDLE,
	U32(60000), U32(6), U32(10000),		/* pcmsPollsMax, pcRetry, pcmsRetryDelay */
	U16(0x0101), 0x00, 0x00,		/* picxr, pad */
	U32(0x00020000), U32(3), U32(0), U32(3), '/', 'o', 0, 0x00,	/* szDNPrefix */
	U32(0x00020004), U32(2), U32(0), U32(2), 'U', 0,		/* szDisplayName */
	U16(6), U16(0x1b5c), U16(0x0000),	/* rgwServerVersion: 6.0.7004 */
	U16(0x000b), U16(0x0000), U16(0x1a61),	/* rgwClientVersion */
	0x00, 0x00,				/* align to 4 */
	U32(0x01020304),			/* pulTimeStamp */
	U32(0),					/* result */
};

/* EcDoRpc request: the payload is RopSize 5, RopRelease (0x01, LogonId 0,
 * InputHandleIndex 0) and one server object handle, all XORed with 0xA5;
 * its 9 bytes are counted by the subcontext's prefix, after the
 * conformant varying array's max count (size) and offset. */
#define X(b) (uint8_t)((b) ^ 0xA5)
static const uint8_t rpc_in[] = {
	HANDLE,
	U32(0x8000),				/* size */
	U32(0),					/* offset */
	U32(9),					/* mapi_request: length prefix */
	X(0x05), X(0x00), X(0x01), X(0x00), X(0x00),
	X(0x2a), X(0x00), X(0x00), X(0x00),
	0x00,					/* align to 2 */
	U16(9),					/* length */
	U16(0x8000),				/* max_data */
};

/* EcDoRpc answer: an empty ROP list (RopSize 2) and the handle table. */
static const uint8_t rpc_out[] = {
	HANDLE,
	U32(0x8000),				/* size */
	U32(0),					/* offset */
	U32(6),					/* mapi_response: length prefix */
	X(0x02), X(0x00), X(0x2a), X(0x00), X(0x00), X(0x00),
	U16(6),					/* length */
	U32(0),					/* result (already 4-aligned) */
};
#undef X

static const uint8_t register_in[] = {
	HANDLE,
	U32(0),					/* iRpc */
	U32(4), 'c', 't', 'x', '!',		/* rgbContext */
	U16(4), 0x00, 0x00,			/* cbContext, pad */
	U32(0xFFFFFFFF),			/* grbitAdviseBits */
	U32(16), 0x02, 0x00, 0x0d, 0x3d, 0x0a, 0x00, 0x00, 0x01,
	0, 0, 0, 0, 0, 0, 0, 0,			/* rgbCallbackAddress: sockaddr_in */
	U16(16),				/* cbCallbackAddress */
};
static const uint8_t register_out[] = { HANDLE, U32(0x42), U32(0) };
static const uint8_t disconnect_in[] = { HANDLE };
static const uint8_t disconnect_out[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, U32(0) };
static const uint8_t dummy_out[] = { U32(0) };
static const uint8_t asyncconnect_in[] = { HANDLE };
static const uint8_t asyncconnect_out[] = { HANDLE, U32(0) };
static const uint8_t asyncwait_in[] = { HANDLE, U32(0) };
static const uint8_t asyncwait_out[] = { U32(1), U32(0) };

START_TEST(tables_have_every_opnum)
{
	ck_assert_uint_eq(T->num_calls, 15);
	ck_assert_str_eq(T->calls[0].name, "EcDoConnect");
	ck_assert_str_eq(T->calls[NDR_ECDODISCONNECT].name, "EcDoDisconnect");
	ck_assert_str_eq(T->calls[NDR_ECDORPC].name, "EcDoRpc");
	ck_assert_uint_eq(NDR_ECDOCONNECT, 0);
	ck_assert_uint_eq(NDR_ECDORPC, 2);
	ck_assert_str_eq(T->calls[3].name, "Opnum3NotUsedOnWire");
	ck_assert_str_eq(T->calls[4].name, "EcRRegisterPushNotification");
	ck_assert_str_eq(T->calls[6].name, "EcDummyRpc");
	ck_assert_str_eq(T->calls[10].name, "EcDoConnectEx");
	ck_assert_str_eq(T->calls[11].name, "EcDoRpcExt2");
	ck_assert_str_eq(T->calls[13].name, "Opnum13NotUsedOnWire");
	ck_assert_str_eq(T->calls[14].name, "EcDoAsyncConnectEx");
	ck_assert_uint_eq(T->syntax_id.if_version, 0x00510000);	/* 0.81 */
	ck_assert_uint_eq(A->num_calls, 1);
	ck_assert_str_eq(A->calls[0].name, "EcDoAsyncWaitEx");
	ck_assert_uint_eq(A->syntax_id.if_version, 0x00010000);	/* 0.01 */
	ck_assert_ptr_nonnull(A->endpoints);
	ck_assert_ptr_nonnull(A->authservices);
}
END_TEST

static void outlook_request(const char *file, uint32_t cb_in, uint16_t size, uint16_t actual)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	size_t len;
	uint8_t *data = read_data(mem, file, &len);
	enum ndr_err_code err;
	uint32_t off;
	struct EcDoRpcExt2 *r = ndr_test_pull(mem, T, NDR_ECDORPCEXT2, NDR_IN, data, len, &err, &off);

	ck_assert_msg(r != NULL, "%s: %s at %u", file, ndr_map_error2string(err), off);
	ck_assert_uint_eq(r->in.handle->handle_type, 0);
	ck_assert_uint_eq(*r->in.pulFlags, 0);
	ck_assert_uint_eq(r->in.cbIn, cb_in);
	/* RPC_HEADER_EXT (MS-OXCRPC 2.2.2.1): Version 0, Flags Compressed|Last */
	ck_assert_uint_eq(r->in.rgbIn[0] | r->in.rgbIn[1] << 8, 0);
	ck_assert_uint_eq(r->in.rgbIn[2] | r->in.rgbIn[3] << 8, 0x0005);
	ck_assert_uint_eq(r->in.rgbIn[4] | r->in.rgbIn[5] << 8, size);
	ck_assert_uint_eq(r->in.rgbIn[6] | r->in.rgbIn[7] << 8, actual);
	ck_assert_uint_eq(*r->in.pcbOut, 0x8007);
	ck_assert_uint_eq(r->in.cbAuxIn, 0x30);
	ck_assert_uint_eq(*r->in.pcbAuxOut, 0x88);
	/* what a server fills in: room for *pcbOut bytes */
	ck_assert_ptr_nonnull(r->out.rgbOut);
	ck_assert_uint_ge(talloc_array_length(r->out.rgbOut), 0x8007);
	ck_assert(ndr_test_roundtrip(T, NDR_ECDORPCEXT2, NDR_IN, data, len));
	talloc_free(mem);
}

START_TEST(outlook_2007_requests_reencode_exactly)
{
	outlook_request("001_Outlook_2007_in_ModifyRecipients_comp.dat", 333, 325, 459);
	outlook_request("002_Outlook_2007_in_Tables_operations_comp.dat", 338, 330, 380);
}
END_TEST

START_TEST(hand_built_vectors_round_trip)
{
	ck_assert(ndr_test_roundtrip(T, NDR_ECDORPCEXT2, NDR_OUT, rpcext2_out, sizeof(rpcext2_out)));
	ck_assert(ndr_test_roundtrip(T, NDR_ECDOCONNECTEX, NDR_IN, connectex_in, sizeof(connectex_in)));
	ck_assert(ndr_test_roundtrip(T, NDR_ECDOCONNECTEX, NDR_OUT, connectex_out, sizeof(connectex_out)));
	ck_assert(ndr_test_roundtrip(T, NDR_ECDOCONNECT, NDR_IN, connect_in, sizeof(connect_in)));
	ck_assert(ndr_test_roundtrip(T, NDR_ECDOCONNECT, NDR_OUT, connect_out, sizeof(connect_out)));
	ck_assert(ndr_test_roundtrip(T, NDR_ECDORPC, NDR_IN, rpc_in, sizeof(rpc_in)));
	ck_assert(ndr_test_roundtrip(T, NDR_ECDORPC, NDR_OUT, rpc_out, sizeof(rpc_out)));
	ck_assert(ndr_test_roundtrip(T, NDR_ECRREGISTERPUSHNOTIFICATION, NDR_IN, register_in, sizeof(register_in)));
	ck_assert(ndr_test_roundtrip(T, NDR_ECRREGISTERPUSHNOTIFICATION, NDR_OUT, register_out, sizeof(register_out)));
	ck_assert(ndr_test_roundtrip(T, NDR_ECDODISCONNECT, NDR_IN, disconnect_in, sizeof(disconnect_in)));
	ck_assert(ndr_test_roundtrip(T, NDR_ECDODISCONNECT, NDR_OUT, disconnect_out, sizeof(disconnect_out)));
	ck_assert(ndr_test_roundtrip(T, NDR_ECDUMMYRPC, NDR_OUT, dummy_out, sizeof(dummy_out)));
	ck_assert(ndr_test_roundtrip(T, NDR_ECDOASYNCCONNECTEX, NDR_IN, asyncconnect_in, sizeof(asyncconnect_in)));
	ck_assert(ndr_test_roundtrip(T, NDR_ECDOASYNCCONNECTEX, NDR_OUT, asyncconnect_out, sizeof(asyncconnect_out)));
	ck_assert(ndr_test_roundtrip(A, NDR_ECDOASYNCWAITEX, NDR_IN, asyncwait_in, sizeof(asyncwait_in)));
	ck_assert(ndr_test_roundtrip(A, NDR_ECDOASYNCWAITEX, NDR_OUT, asyncwait_out, sizeof(asyncwait_out)));
}
END_TEST

START_TEST(connectex_answer_is_decoded)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	enum ndr_err_code err;
	uint32_t off;
	struct EcDoConnectEx *r = ndr_test_pull(mem, T, NDR_ECDOCONNECTEX, NDR_OUT, connectex_out,
						sizeof(connectex_out), &err, &off);

	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(*r->out.pcmsPollsMax, 60000);
	ck_assert_uint_eq(*r->out.picxr, 0x0101);
	ck_assert_str_eq(*r->out.szDNPrefix, "/o");
	ck_assert_str_eq(*r->out.szDisplayName, "U");
	ck_assert_uint_eq(r->out.rgwServerVersion[2], 0x8016);
	ck_assert_uint_eq(r->out.rgwBestVersion[1], 0x1f4);
	ck_assert_uint_eq(*r->out.pulTimeStamp, 0x01020304);
	talloc_free(mem);
}
END_TEST

START_TEST(legacy_connect_is_decoded)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	enum ndr_err_code err;
	uint32_t off;
	struct EcDoConnect *r = ndr_test_pull(mem, T, NDR_ECDOCONNECT, NDR_IN, connect_in,
					      sizeof(connect_in), &err, &off);

	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->in.szUserDN, "/o=x");
	ck_assert_uint_eq(r->in.ulCpid, 1252);
	ck_assert_uint_eq(r->in.ulIcxrLink, 0xFFFFFFFF);
	ck_assert_uint_eq(r->in.rgwClientVersion[2], 0x1a61);
	ck_assert_uint_eq(*r->in.pulTimeStamp, 0);
	r = ndr_test_pull(mem, T, NDR_ECDOCONNECT, NDR_OUT, connect_out, sizeof(connect_out),
			  &err, &off);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(*r->out.picxr, 0x0101);
	ck_assert_str_eq(*r->out.szDNPrefix, "/o");
	ck_assert_str_eq(*r->out.szDisplayName, "U");
	ck_assert_uint_eq(r->out.rgwServerVersion[1], 0x1b5c);
	ck_assert_uint_eq(r->out.rgwClientVersion[0], 0x000b);
	ck_assert_uint_eq(*r->out.pulTimeStamp, 0x01020304);
	talloc_free(mem);
}
END_TEST

START_TEST(legacy_rpc_is_decoded)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	enum ndr_err_code err;
	uint32_t off;
	struct EcDoRpc *r = ndr_test_pull(mem, T, NDR_ECDORPC, NDR_IN, rpc_in, sizeof(rpc_in),
					  &err, &off);

	ck_assert_msg(r != NULL, "%s at %u", ndr_map_error2string(err), off);
	ck_assert_uint_eq(*r->in.size, 0x8000);
	ck_assert_uint_eq(*r->in.offset, 0);
	/* the payload as it travels: still obfuscated */
	ck_assert_uint_eq(r->in.mapi_request->length, 9);
	ck_assert_uint_eq(r->in.mapi_request->data[0], 0x05 ^ 0xA5);
	ck_assert_uint_eq(r->in.mapi_request->data[8], 0x00 ^ 0xA5);
	ck_assert_uint_eq(*r->in.length, 9);
	ck_assert_uint_eq(r->in.max_data, 0x8000);
	/* what a server fills in */
	ck_assert_ptr_nonnull(r->out.mapi_response);
	ck_assert_uint_eq(r->out.mapi_response->length, 0);
	ck_assert_uint_eq(*r->out.size, 0x8000);
	r = ndr_test_pull(mem, T, NDR_ECDORPC, NDR_OUT, rpc_out, sizeof(rpc_out), &err, &off);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->out.mapi_response->length, 6);
	ck_assert_uint_eq(*r->out.length, 6);
	ck_assert_uint_eq(r->out.result, 0);
	talloc_free(mem);
}
END_TEST

/* An empty payload is a zero length prefix and nothing else. */
START_TEST(legacy_rpc_empty_payload)
{
	static const uint8_t empty_out[] = {
		HANDLE, U32(0), U32(0), U32(0), U16(0), 0x00, 0x00, U32(0x4b6),
	};
	TALLOC_CTX *mem = talloc_new(NULL);
	enum ndr_err_code err;
	uint32_t off;
	struct EcDoRpc *r;

	ck_assert(ndr_test_roundtrip(T, NDR_ECDORPC, NDR_OUT, empty_out, sizeof(empty_out)));
	r = ndr_test_pull(mem, T, NDR_ECDORPC, NDR_OUT, empty_out, sizeof(empty_out), &err, &off);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->out.mapi_response->length, 0);
	ck_assert_uint_eq(r->out.result, 0x4b6);
	talloc_free(mem);
}
END_TEST

static void expect_error(const struct ndr_interface_table *t, int opnum, int flags,
			 const uint8_t *data, size_t len, enum ndr_err_code want)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	enum ndr_err_code err;
	uint32_t off;

	ck_assert_ptr_null(ndr_test_pull(mem, t, opnum, flags, data, len, &err, &off));
	if (want != NDR_ERR_SUCCESS) {
		ck_assert_int_eq(err, want);
	} else {
		ck_assert_int_ne(err, NDR_ERR_SUCCESS);
	}
	talloc_free(mem);
}

START_TEST(inconsistent_answers_are_refused)
{
	uint8_t bad[sizeof(rpcext2_out)];

	/* rgbOut's max count is not *pcbOut */
	memcpy(bad, rpcext2_out, sizeof(bad));
	bad[24] = 11;
	expect_error(T, NDR_ECDORPCEXT2, NDR_OUT, bad, sizeof(bad), NDR_ERR_ARRAY_SIZE);
	/* length larger than max count */
	memcpy(bad, rpcext2_out, sizeof(bad));
	bad[32] = 11;
	expect_error(T, NDR_ECDORPCEXT2, NDR_OUT, bad, sizeof(bad), NDR_ERR_ARRAY_SIZE);
	/* *pcbOut beyond range(0x0, 0x40000) */
	memcpy(bad, rpcext2_out, sizeof(bad));
	bad[24] = bad[32] = 0; bad[26] = bad[34] = 0x05;
	bad[48] = 0; bad[50] = 0x05;
	expect_error(T, NDR_ECDORPCEXT2, NDR_OUT, bad, sizeof(bad), NDR_ERR_SUCCESS);
}
END_TEST

/* A length prefix past the end of the stub: refused before anything is
 * copied (libndr's subcontext checks the bytes are there). */
START_TEST(legacy_rpc_overlong_prefix_is_refused)
{
	uint8_t bad[sizeof(rpc_in)];

	memcpy(bad, rpc_in, sizeof(bad));
	bad[28] = 0xff; bad[29] = 0xff; bad[30] = 0xff; bad[31] = 0x7f;
	expect_error(T, NDR_ECDORPC, NDR_IN, bad, sizeof(bad), NDR_ERR_SUCCESS);
	memcpy(bad, rpc_in, sizeof(bad));
	bad[28] = 12;	/* three bytes more: length and max_data no longer fit */
	expect_error(T, NDR_ECDORPC, NDR_IN, bad, sizeof(bad), NDR_ERR_SUCCESS);
}
END_TEST

START_TEST(every_truncation_is_an_error)
{
	size_t n;

	for (n = 0; n < sizeof(connectex_out); n++) {
		expect_error(T, NDR_ECDOCONNECTEX, NDR_OUT, connectex_out, n, NDR_ERR_SUCCESS);
	}
	for (n = 0; n < sizeof(connectex_in); n++) {
		expect_error(T, NDR_ECDOCONNECTEX, NDR_IN, connectex_in, n, NDR_ERR_SUCCESS);
	}
	for (n = 0; n < sizeof(connect_in); n++) {
		expect_error(T, NDR_ECDOCONNECT, NDR_IN, connect_in, n, NDR_ERR_SUCCESS);
	}
	for (n = 0; n < sizeof(connect_out); n++) {
		expect_error(T, NDR_ECDOCONNECT, NDR_OUT, connect_out, n, NDR_ERR_SUCCESS);
	}
	for (n = 0; n < sizeof(rpc_in); n++) {
		expect_error(T, NDR_ECDORPC, NDR_IN, rpc_in, n, NDR_ERR_SUCCESS);
	}
	for (n = 0; n < sizeof(rpc_out); n++) {
		expect_error(T, NDR_ECDORPC, NDR_OUT, rpc_out, n, NDR_ERR_SUCCESS);
	}
	for (n = 0; n < sizeof(register_in); n++) {
		expect_error(T, NDR_ECRREGISTERPUSHNOTIFICATION, NDR_IN, register_in, n, NDR_ERR_SUCCESS);
	}
}
END_TEST

static Suite *emsmdb_suite(void)
{
	Suite *s = suite_create("ndr_emsmdb");
	TCase *tc = tcase_create("emsmdb");

	tcase_add_test(tc, tables_have_every_opnum);
	tcase_add_test(tc, outlook_2007_requests_reencode_exactly);
	tcase_add_test(tc, hand_built_vectors_round_trip);
	tcase_add_test(tc, connectex_answer_is_decoded);
	tcase_add_test(tc, legacy_connect_is_decoded);
	tcase_add_test(tc, legacy_rpc_is_decoded);
	tcase_add_test(tc, legacy_rpc_empty_payload);
	tcase_add_test(tc, legacy_rpc_overlong_prefix_is_refused);
	tcase_add_test(tc, inconsistent_answers_are_refused);
	tcase_add_test(tc, every_truncation_is_an_error);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_main(emsmdb_suite());
}

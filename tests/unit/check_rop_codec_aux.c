/*
 * AUX blocks of rgbAuxIn/rgbAuxOut (MS-OXCRPC §2.2.2.2): the rgbAuxIn of
 * a real Outlook 2007 request, blocks built by hand from the layouts of
 * §2.2.2.2.1-23, unknown types, and hostile payloads.
 */
#include "config.h"
#include <check.h>
#include "suite_main.h"
#include <stdlib.h>
#include <string.h>
#include <ndr.h>
#include "mapi_aux.h"

static TALLOC_CTX *mem;

static void setup(void)
{
	mem = talloc_new(NULL);
}

static void teardown(void)
{
	talloc_free(mem);
}

/*
 * rgbAuxIn of tests/data/outlook2007/001_..._ModifyRecipients_comp.dat
 * (offset 0x178, cbAuxIn 0x30): Flags XorMagic|Last, Size = SizeActual = 40.
 * Revealed, it holds AUX_PERF_REQUESTID (SessionID 1, RequestID 0xa3) and
 * two AUX_PERF_BG_DEFMDB_SUCCESS blocks.
 */
static const uint8_t outlook_aux[] = {
	0x00, 0x00, 0x06, 0x00, 0x28, 0x00, 0x28, 0x00,
	0xad, 0xa5, 0xa4, 0xa4, 0xa4, 0xa5, 0x06, 0xa5,
	0xb5, 0xa5, 0xa4, 0xa9, 0xe3, 0xa5, 0xa5, 0xa5,
	0xa5, 0xa5, 0xa5, 0xa5, 0x07, 0xa5, 0xa5, 0xa5,
	0xb5, 0xa5, 0xa4, 0xa9, 0xeb, 0xa5, 0xa5, 0xa5,
	0xeb, 0xa5, 0xa5, 0xa5, 0x07, 0xa5, 0xa5, 0xa5 };

START_TEST(outlook2007_aux_in)
{
	struct mapi_aux_buffer *aux;
	const struct mapi_aux_block *b;
	DATA_BLOB again;
	NTSTATUS s;

	s = mapi_aux_unpack(mem, data_blob_const(outlook_aux, sizeof(outlook_aux)), &aux);
	ck_assert_msg(NT_STATUS_IS_OK(s), "%s", nt_errstr(s));
	ck_assert_uint_eq(aux->flags, MAPI_EXT_XORMAGIC);
	ck_assert_uint_eq(aux->list.num_blocks, 3);

	b = &aux->list.blocks[0];
	ck_assert_uint_eq(b->type, MAPI_AUX_TYPE_PERF_REQUESTID);
	ck_assert_int_eq(b->layout, MAPI_AUX_LAYOUT_PERF_REQUESTID);
	ck_assert_uint_eq(b->u.perf_requestid.SessionID, 1);
	ck_assert_uint_eq(b->u.perf_requestid.RequestID, 0xa3);

	b = &aux->list.blocks[1];
	ck_assert_uint_eq(b->type, MAPI_AUX_TYPE_PERF_BG_DEFMDB_SUCCESS);
	ck_assert_int_eq(b->layout, MAPI_AUX_LAYOUT_PERF_DEFMDB_SUCCESS);
	ck_assert_uint_eq(b->u.perf_defmdb_success.TimeSinceRequest, 0x46);
	ck_assert_uint_eq(b->u.perf_defmdb_success.TimeToCompleteRequest, 0);
	ck_assert_uint_eq(b->u.perf_defmdb_success.RequestID, 0xa2);
	ck_assert_uint_eq(aux->list.blocks[2].u.perf_defmdb_success.TimeToCompleteRequest, 0x4e);

	/* XOR only: re-packing is deterministic and must give the same bytes. */
	ck_assert(NT_STATUS_IS_OK(mapi_aux_pack(mem, aux, 0x1008, &again)));
	ck_assert_uint_eq(again.length, sizeof(outlook_aux));
	ck_assert_mem_eq(again.data, outlook_aux, sizeof(outlook_aux));
}
END_TEST

/* §2.2.2.2.4 AUX_PERF_CLIENTINFO with its strings after the fixed part. */
static const uint8_t clientinfo[] = {
	0x2e, 0x00, 0x01, 0x02,			/* Size 46, Version 1, Type 2 */
	0x40, 0x42, 0x0f, 0x00,			/* AdapterSpeed 1000000 */
	0x07, 0x00,				/* ClientID 7 */
	0x20, 0x00,				/* MachineNameOffset 32 */
	0x28, 0x00,				/* UserNameOffset 40 */
	0x00, 0x00, 0x00, 0x00,			/* ClientIP size/offset */
	0x00, 0x00, 0x00, 0x00,			/* ClientIPMask size/offset */
	0x00, 0x00,				/* AdapterNameOffset */
	0x00, 0x00, 0x00, 0x00,			/* MacAddress size/offset */
	0x01, 0x00,				/* ClientMode 1 */
	0x00, 0x00,				/* Reserved */
	'P', 0, 'C', 0, '1', 0, 0, 0,		/* at 32: "PC1" */
	'b', 0, 'o', 0, 'b', 0 };		/* at 40: "bob" (no NUL) */

/* §2.2.2.2.10 AUX_PERF_MDB_SUCCESS_V2 (Type 7, Version 2). */
static const uint8_t mdb_v2[] = {
	0x18, 0x00, 0x02, 0x07,
	0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x04, 0x00, 0x05, 0x00, 0x00, 0x00,
	0x10, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00 };

/* §2.2.2.2.16 AUX_OSVERSIONINFO: 4 + 156 bytes. */
static uint8_t osversion[160];

/* An unknown type, and a known type too short for its layout. */
static const uint8_t unknown[] = { 0x07, 0x00, 0x01, 0x7f, 0xde, 0xad, 0x01 };
static const uint8_t short_exorg[] = { 0x06, 0x00, 0x01, 0x17, 0x01, 0x02 };

static DATA_BLOB concat_blocks(void)
{
	DATA_BLOB b = data_blob_talloc(mem, NULL, 0);
	size_t i;

	memset(osversion, 0, sizeof(osversion));
	osversion[0] = 160;
	osversion[2] = 1;
	osversion[3] = MAPI_AUX_TYPE_OSVERSIONINFO;
	osversion[4] = 156;		/* OSVersionInfoSize */
	osversion[8] = 6;		/* MajorVersion */
	osversion[12] = 1;		/* MinorVersion */
	osversion[16] = 0xb1;		/* BuildNumber 7601 */
	osversion[17] = 0x1d;
	for (i = 20; i < 152; i++) {
		osversion[i] = i;	/* Reserved_1 kept as is */
	}
	osversion[152] = 1;		/* ServicePackMajor */
	data_blob_append(mem, &b, clientinfo, sizeof(clientinfo));
	data_blob_append(mem, &b, mdb_v2, sizeof(mdb_v2));
	data_blob_append(mem, &b, osversion, sizeof(osversion));
	data_blob_append(mem, &b, unknown, sizeof(unknown));
	data_blob_append(mem, &b, short_exorg, sizeof(short_exorg));
	return b;
}

START_TEST(hand_built_blocks_round_trip)
{
	DATA_BLOB payload = concat_blocks(), again;
	struct mapi_aux_list *list;
	const struct mapi_aux_block *b;

	ck_assert(NT_STATUS_IS_OK(mapi_aux_parse(mem, payload, &list)));
	ck_assert_uint_eq(list->num_blocks, 5);

	b = &list->blocks[0];
	ck_assert_int_eq(b->layout, MAPI_AUX_LAYOUT_PERF_CLIENTINFO);
	ck_assert_uint_eq(b->u.perf_clientinfo.AdapterSpeed, 1000000);
	ck_assert_uint_eq(b->u.perf_clientinfo.ClientID, 7);
	ck_assert_uint_eq(b->u.perf_clientinfo.MachineNameOffset, 32);
	ck_assert_uint_eq(b->u.perf_clientinfo.ClientMode, 1);
	ck_assert_uint_eq(b->data.length, 46 - 32);

	b = &list->blocks[1];
	ck_assert_int_eq(b->layout, MAPI_AUX_LAYOUT_PERF_MDB_SUCCESS_V2);
	ck_assert_uint_eq(b->u.perf_mdb_success_v2.ProcessID, 1);
	ck_assert_uint_eq(b->u.perf_mdb_success_v2.RequestID, 5);
	ck_assert_uint_eq(b->u.perf_mdb_success_v2.TimeToCompleteRequest, 0x20);

	b = &list->blocks[2];
	ck_assert_int_eq(b->layout, MAPI_AUX_LAYOUT_OSVERSIONINFO);
	ck_assert_uint_eq(mapi_aux_layout_size(b->layout), 156);
	ck_assert_uint_eq(b->u.osversioninfo.BuildNumber, 7601);
	ck_assert_uint_eq(b->u.osversioninfo.ServicePackMajor, 1);
	ck_assert_uint_eq(b->data.length, 0);

	ck_assert_int_eq(list->blocks[3].layout, MAPI_AUX_LAYOUT_OPAQUE);
	ck_assert_uint_eq(list->blocks[3].data.length, 3);
	ck_assert_int_eq(list->blocks[4].layout, MAPI_AUX_LAYOUT_OPAQUE);

	ck_assert(NT_STATUS_IS_OK(mapi_aux_push(mem, list, &again)));
	ck_assert_uint_eq(again.length, payload.length);
	ck_assert_mem_eq(again.data, payload.data, payload.length);
}
END_TEST

/* Every documented layout has the fixed size of its specification section. */
START_TEST(layout_sizes_match_the_specification)
{
	static const struct { enum mapi_aux_layout_id id; size_t size; } sizes[] = {
		{ MAPI_AUX_LAYOUT_PERF_REQUESTID, 4 },
		{ MAPI_AUX_LAYOUT_PERF_SESSIONINFO, 20 },
		{ MAPI_AUX_LAYOUT_PERF_SESSIONINFO_V2, 24 },
		{ MAPI_AUX_LAYOUT_PERF_CLIENTINFO, 28 },
		{ MAPI_AUX_LAYOUT_PERF_SERVERINFO, 8 },
		{ MAPI_AUX_LAYOUT_PERF_PROCESSINFO, 24 },
		{ MAPI_AUX_LAYOUT_PERF_DEFMDB_SUCCESS, 12 },
		{ MAPI_AUX_LAYOUT_PERF_DEFGC_SUCCESS, 16 },
		{ MAPI_AUX_LAYOUT_PERF_MDB_SUCCESS, 16 },
		{ MAPI_AUX_LAYOUT_PERF_MDB_SUCCESS_V2, 20 },
		{ MAPI_AUX_LAYOUT_PERF_GC_SUCCESS, 20 },
		{ MAPI_AUX_LAYOUT_PERF_GC_SUCCESS_V2, 20 },
		{ MAPI_AUX_LAYOUT_PERF_FAILURE, 24 },
		{ MAPI_AUX_LAYOUT_PERF_FAILURE_V2, 28 },
		{ MAPI_AUX_LAYOUT_CLIENT_CONTROL, 8 },
		{ MAPI_AUX_LAYOUT_OSVERSIONINFO, 156 },
		{ MAPI_AUX_LAYOUT_EXORGINFO, 4 },
		{ MAPI_AUX_LAYOUT_PERF_ACCOUNTINFO, 20 },
		{ MAPI_AUX_LAYOUT_SERVER_CAPABILITIES, 4 },
		{ MAPI_AUX_LAYOUT_ENDPOINT_CAPABILITIES, 4 },
		{ MAPI_AUX_LAYOUT_CLIENT_CONNECTION_INFO, 28 },
		{ MAPI_AUX_LAYOUT_SERVER_SESSION_INFO, 2 },
		{ MAPI_AUX_LAYOUT_PROTOCOL_DEVICE_IDENTIFICATION, 10 },
	};
	size_t i;

	ck_assert_uint_eq(sizeof(sizes) / sizeof(sizes[0]), MAPI_AUX_LAYOUT_COUNT - 1);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		ck_assert_msg(mapi_aux_layout_size(sizes[i].id) == sizes[i].size,
			      "%s", mapi_aux_layout_name(sizes[i].id));
	}
	/* Version picks the layout where two exist (§2.2.2.2). */
	ck_assert_int_eq(mapi_aux_layout_lookup(0x04, 1), MAPI_AUX_LAYOUT_PERF_SESSIONINFO);
	ck_assert_int_eq(mapi_aux_layout_lookup(0x04, 2), MAPI_AUX_LAYOUT_PERF_SESSIONINFO_V2);
	ck_assert_int_eq(mapi_aux_layout_lookup(0x15, 2), MAPI_AUX_LAYOUT_PERF_FAILURE_V2);
	ck_assert_int_eq(mapi_aux_layout_lookup(0x09, 3), MAPI_AUX_LAYOUT_OPAQUE);
	ck_assert_int_eq(mapi_aux_layout_lookup(0x99, 1), MAPI_AUX_LAYOUT_OPAQUE);
}
END_TEST

/*
 * Blocks built by hand from independent implementations, one value per
 * field so a field out of place shows, each followed by its variable part:
 *  - OfficeDev/Office-Inspectors-for-Fiddler, MAPIInspector/Parsers (the
 *    AUX_* Block classes and AuxiliaryBufferPayload's Type/Version dispatch):
 *    field order and widths of every block below;
 *  - OfficeDev/Interop-TestSuites, ExchangeMAPI/Source/MS-OXCRPC/Adapter/
 *    Helper/DataStructure/AuxStructures.cs: the same orders for the PERF
 *    blocks.  Its AUX_CLIENT_CONNECTION_INFO declares ConnectionAttempts as a
 *    short but sizes the block 28 bytes; the Inspector reads a uint, which
 *    is what 28 bytes need, and what we use.
 */
static const uint8_t conn_info[] = {
	0x24, 0x00, 0x01, 0x4a,			/* AUX_CLIENT_CONNECTION_INFO */
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, /* ConnectionGUID */
	0x20, 0x00,				/* OffsetConnectionContextInfo 32 */
	0x00, 0x00,				/* Reserved */
	0x03, 0x00, 0x00, 0x00,			/* ConnectionAttempts 3 */
	0x01, 0x00, 0x00, 0x00,			/* ConnectionFlags: cached mode */
	'x', 0, 0, 0 };				/* at 32: "x" */
static const uint8_t failure_v2[] = {
	0x20, 0x00, 0x02, 0x09,			/* AUX_PERF_FAILURE_V2 */
	0x01, 0x00, 0x02, 0x00, 0x03, 0x00,	/* ProcessID, ClientID, ServerID */
	0x04, 0x00, 0x05, 0x00, 0x00, 0x00,	/* SessionID, RequestID, Reserved_1 */
	0x10, 0x00, 0x00, 0x00,			/* TimeSinceRequest */
	0x20, 0x00, 0x00, 0x00,			/* TimeToFailRequest */
	0x11, 0x01, 0x04, 0x80,			/* ResultCode 0x80040111 */
	0x07, 0x00, 0x00, 0x00 };		/* RequestOperation, Reserved_2 */
static const uint8_t gc_v1[] = {
	0x18, 0x00, 0x01, 0x08,			/* AUX_PERF_GC_SUCCESS */
	0x01, 0x00, 0x02, 0x00, 0x03, 0x00,	/* ClientID, ServerID, SessionID */
	0x00, 0x00,				/* Reserved_1 */
	0x10, 0x00, 0x00, 0x00,			/* TimeSinceRequest */
	0x20, 0x00, 0x00, 0x00,			/* TimeToCompleteRequest */
	0x33, 0x00, 0x00, 0x00 };		/* RequestOperation, Reserved_2 */
static const uint8_t processinfo[] = {
	0x20, 0x00, 0x02, 0x0b,			/* AUX_PERF_PROCESSINFO, Version 2 */
	0x09, 0x00, 0x00, 0x00,			/* ProcessID 9, Reserved_1 */
	0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
	0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, /* ProcessGuid */
	0x1c, 0x00, 0x00, 0x00,			/* ProcessNameOffset 28, Reserved_2 */
	'o', 0, 0, 0 };				/* at 28: "o" */
static const uint8_t serverinfo[] = {
	0x10, 0x00, 0x01, 0x03,			/* AUX_PERF_SERVERINFO */
	0x02, 0x00, 0x01, 0x00,			/* ServerID 2, ServerType 1 */
	0x0c, 0x00, 0x00, 0x00,			/* ServerDNOffset 12, no ServerName */
	's', 0, 0, 0 };				/* at 12: "s" */
static const uint8_t device_id[] = {
	0x16, 0x00, 0x01, 0x4e,			/* AUX_PROTOCOL_DEVICE_IDENTIFICATION */
	0x0e, 0x00, 0x12, 0x00,			/* DeviceManufacturerOffset, DeviceModelOffset */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* serial, version, firmware: none */
	'a', 0, 0, 0,				/* at 14: "a" */
	'b', 0, 0, 0 };				/* at 18: "b" */
static const uint8_t session_ctx[] = {
	0x0a, 0x00, 0x01, 0x4b,			/* AUX_SERVER_SESSION_INFO */
	0x06, 0x00,				/* OffsetServerSessionContextInfo 6 */
	'z', 0, 0, 0 };
static const uint8_t server_caps[] = {
	0x08, 0x00, 0x01, 0x46,			/* AUX_TYPE_SERVER_CAPABILITIES */
	0x01, 0x00, 0x00, 0x00 };
static const uint8_t sessioninfo_v2[] = {
	0x1c, 0x00, 0x02, 0x04,			/* AUX_PERF_SESSIONINFO_V2 */
	0x01, 0x00, 0x00, 0x00,			/* SessionID 1, Reserved */
	0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7,
	0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf, /* SessionGuid */
	0x34, 0x12, 0x00, 0x00 };		/* ConnectionID 0x1234 */
static const uint8_t defgc[] = {
	0x14, 0x00, 0x01, 0x06,			/* AUX_PERF_DEFGC_SUCCESS */
	0x01, 0x00, 0x02, 0x00,			/* ServerID, SessionID */
	0x03, 0x00, 0x00, 0x00,			/* TimeSinceRequest */
	0x04, 0x00, 0x00, 0x00,			/* TimeToCompleteRequest */
	0x05, 0x00, 0x00, 0x00 };		/* RequestOperation, Reserved */
static const uint8_t client_control[] = {
	0x0c, 0x00, 0x01, 0x0a,			/* AUX_CLIENT_CONTROL */
	0x01, 0x00, 0x00, 0x00,			/* EnableFlags: ENABLE_PERF_SENDTOSERVER */
	0x60, 0xea, 0x00, 0x00 };		/* ExpiryTime 60000 */

START_TEST(independent_layouts_field_positions)
{
	static const struct { const uint8_t *p; size_t len; } blocks[] = {
		{ conn_info, sizeof(conn_info) }, { failure_v2, sizeof(failure_v2) },
		{ gc_v1, sizeof(gc_v1) }, { processinfo, sizeof(processinfo) },
		{ serverinfo, sizeof(serverinfo) }, { device_id, sizeof(device_id) },
		{ session_ctx, sizeof(session_ctx) }, { server_caps, sizeof(server_caps) },
		{ sessioninfo_v2, sizeof(sessioninfo_v2) }, { defgc, sizeof(defgc) },
		{ client_control, sizeof(client_control) },
	};
	DATA_BLOB payload = data_blob_talloc(mem, NULL, 0), again;
	struct mapi_aux_list *list;
	const union mapi_aux_body *u;
	size_t i;

	for (i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++) {
		ck_assert_uint_eq(blocks[i].p[0], blocks[i].len);
		data_blob_append(mem, &payload, blocks[i].p, blocks[i].len);
	}
	ck_assert(NT_STATUS_IS_OK(mapi_aux_parse(mem, payload, &list)));
	ck_assert_uint_eq(list->num_blocks, sizeof(blocks) / sizeof(blocks[0]));

	ck_assert_int_eq(list->blocks[0].layout, MAPI_AUX_LAYOUT_CLIENT_CONNECTION_INFO);
	u = &list->blocks[0].u;
	ck_assert_uint_eq(u->client_connection_info.ConnectionGUID[15], 0x1f);
	ck_assert_uint_eq(u->client_connection_info.OffsetConnectionContextInfo, 32);
	ck_assert_uint_eq(u->client_connection_info.ConnectionAttempts, 3);
	ck_assert_uint_eq(u->client_connection_info.ConnectionFlags, 1);
	ck_assert_uint_eq(list->blocks[0].data.length, 4);

	ck_assert_int_eq(list->blocks[1].layout, MAPI_AUX_LAYOUT_PERF_FAILURE_V2);
	u = &list->blocks[1].u;
	ck_assert_uint_eq(u->perf_failure_v2.ProcessID, 1);
	ck_assert_uint_eq(u->perf_failure_v2.RequestID, 5);
	ck_assert_uint_eq(u->perf_failure_v2.TimeToFailRequest, 0x20);
	ck_assert_uint_eq(u->perf_failure_v2.ResultCode, 0x80040111);
	ck_assert_uint_eq(u->perf_failure_v2.RequestOperation, 7);

	ck_assert_int_eq(list->blocks[2].layout, MAPI_AUX_LAYOUT_PERF_GC_SUCCESS);
	u = &list->blocks[2].u;
	ck_assert_uint_eq(u->perf_gc_success.SessionID, 3);
	ck_assert_uint_eq(u->perf_gc_success.TimeSinceRequest, 0x10);
	ck_assert_uint_eq(u->perf_gc_success.TimeToCompleteRequest, 0x20);
	ck_assert_uint_eq(u->perf_gc_success.RequestOperation, 0x33);

	ck_assert_int_eq(list->blocks[3].layout, MAPI_AUX_LAYOUT_PERF_PROCESSINFO);
	u = &list->blocks[3].u;
	ck_assert_uint_eq(u->perf_processinfo.ProcessID, 9);
	ck_assert_uint_eq(u->perf_processinfo.ProcessGuid[0], 0xa0);
	ck_assert_uint_eq(u->perf_processinfo.ProcessNameOffset, 28);

	ck_assert_int_eq(list->blocks[4].layout, MAPI_AUX_LAYOUT_PERF_SERVERINFO);
	u = &list->blocks[4].u;
	ck_assert_uint_eq(u->perf_serverinfo.ServerID, 2);
	ck_assert_uint_eq(u->perf_serverinfo.ServerType, 1);
	ck_assert_uint_eq(u->perf_serverinfo.ServerDNOffset, 12);
	ck_assert_uint_eq(u->perf_serverinfo.ServerNameOffset, 0);

	ck_assert_int_eq(list->blocks[5].layout, MAPI_AUX_LAYOUT_PROTOCOL_DEVICE_IDENTIFICATION);
	u = &list->blocks[5].u;
	ck_assert_uint_eq(u->protocol_device_identification.DeviceManufacturerOffset, 14);
	ck_assert_uint_eq(u->protocol_device_identification.DeviceModelOffset, 18);
	ck_assert_uint_eq(u->protocol_device_identification.DeviceFirmwareVersionOffset, 0);
	ck_assert_uint_eq(list->blocks[5].data.length, 8);

	ck_assert_int_eq(list->blocks[6].layout, MAPI_AUX_LAYOUT_SERVER_SESSION_INFO);
	ck_assert_uint_eq(list->blocks[6].u.server_session_info.OffsetServerSessionContextInfo, 6);
	ck_assert_int_eq(list->blocks[7].layout, MAPI_AUX_LAYOUT_SERVER_CAPABILITIES);
	ck_assert_uint_eq(list->blocks[7].u.server_capabilities.ServerCapabilityFlags, 1);

	ck_assert_int_eq(list->blocks[8].layout, MAPI_AUX_LAYOUT_PERF_SESSIONINFO_V2);
	u = &list->blocks[8].u;
	ck_assert_uint_eq(u->perf_sessioninfo_v2.SessionID, 1);
	ck_assert_uint_eq(u->perf_sessioninfo_v2.SessionGuid[15], 0xbf);
	ck_assert_uint_eq(u->perf_sessioninfo_v2.ConnectionID, 0x1234);

	ck_assert_int_eq(list->blocks[9].layout, MAPI_AUX_LAYOUT_PERF_DEFGC_SUCCESS);
	u = &list->blocks[9].u;
	ck_assert_uint_eq(u->perf_defgc_success.SessionID, 2);
	ck_assert_uint_eq(u->perf_defgc_success.TimeToCompleteRequest, 4);
	ck_assert_uint_eq(u->perf_defgc_success.RequestOperation, 5);

	ck_assert_int_eq(list->blocks[10].layout, MAPI_AUX_LAYOUT_CLIENT_CONTROL);
	ck_assert_uint_eq(list->blocks[10].u.client_control.EnableFlags, 1);
	ck_assert_uint_eq(list->blocks[10].u.client_control.ExpiryTime, 60000);

	ck_assert(NT_STATUS_IS_OK(mapi_aux_push(mem, list, &again)));
	ck_assert_uint_eq(again.length, payload.length);
	ck_assert_mem_eq(again.data, payload.data, payload.length);
}
END_TEST

START_TEST(hostile_payloads)
{
	static const uint8_t short_header[] = { 0x08, 0x00, 0x01 };
	static const uint8_t size_below_header[] = { 0x03, 0x00, 0x01, 0x01 };
	static const uint8_t size_past_end[] = { 0x09, 0x00, 0x01, 0x01, 0, 0, 0, 0 };
	static const uint8_t zero_size[] = { 0x00, 0x00, 0x01, 0x01 };
	const uint8_t *bad[] = { short_header, size_below_header, size_past_end, zero_size };
	const size_t len[] = { sizeof(short_header), sizeof(size_below_header),
			       sizeof(size_past_end), sizeof(zero_size) };
	struct mapi_aux_list *list;
	struct mapi_aux_buffer *aux;
	size_t i;

	for (i = 0; i < 4; i++) {
		ck_assert(NT_STATUS_EQUAL(mapi_aux_parse(mem, data_blob_const(bad[i], len[i]), &list),
					  NT_STATUS_INVALID_PARAMETER));
	}
	/* Every truncation of the real rgbAuxIn is refused by the framing. */
	for (i = 0; i < sizeof(outlook_aux); i++) {
		uint8_t *copy = talloc_memdup(mem, outlook_aux, i ? i : 1);

		ck_assert(!NT_STATUS_IS_OK(mapi_aux_unpack(mem, data_blob_const(copy, i), &aux)));
		talloc_free(copy);
	}
}
END_TEST

static void capture_print(struct ndr_print *ndr, const char *fmt, ...)
	PRINTF_ATTRIBUTE(2, 3);
static void capture_print(struct ndr_print *ndr, const char *fmt, ...)
{
	char **out = ndr->private_data;
	va_list ap;

	va_start(ap, fmt);
	*out = talloc_asprintf_append(*out, "%*s", 4 * ndr->depth, "");
	*out = talloc_vasprintf_append(*out, fmt, ap);
	*out = talloc_strdup_append(*out, "\n");
	va_end(ap);
}

START_TEST(print_names_fields_and_strings)
{
	struct mapi_aux_list *list;
	struct ndr_print *ndr = talloc_zero(mem, struct ndr_print);
	char *text = talloc_strdup(mem, "");

	ndr->print = capture_print;
	ndr->private_data = &text;
	ndr->depth = 0;
	ck_assert(NT_STATUS_IS_OK(mapi_aux_parse(mem, concat_blocks(), &list)));
	mapi_aux_print_list(ndr, "aux", list);
	ck_assert_ptr_nonnull(strstr(text, "AUX_PERF_CLIENTINFO"));
	ck_assert_ptr_nonnull(strstr(text, "AUX_TYPE_PERF_CLIENTINFO"));
	ck_assert_ptr_nonnull(strstr(text, "'PC1'"));
	ck_assert_ptr_nonnull(strstr(text, "'bob'"));
	ck_assert_ptr_nonnull(strstr(text, "AUX_PERF_MDB_SUCCESS_V2"));
	ck_assert_ptr_nonnull(strstr(text, "BuildNumber"));
	ck_assert_ptr_nonnull(strstr(text, "AUX_BLOCK (opaque)"));
}
END_TEST

static Suite *aux_suite(void)
{
	Suite *s = suite_create("rop_codec_aux");
	TCase *tc = tcase_create("aux");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, outlook2007_aux_in);
	tcase_add_test(tc, hand_built_blocks_round_trip);
	tcase_add_test(tc, layout_sizes_match_the_specification);
	tcase_add_test(tc, independent_layouts_field_positions);
	tcase_add_test(tc, hostile_payloads);
	tcase_add_test(tc, print_names_fields_and_strings);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_main(aux_suite());
}

/*
 * ROP buffers against byte vectors that do not come from our encoder: the
 * examples of the Microsoft specifications (the source is cited at each
 * vector) and vectors built by hand from the layouts of MS-OXCROPS 2.2.
 * Every vector must parse to the documented values and serialize back to
 * the same bytes.
 */
#include "config.h"
#include <check.h>
#include "suite_main.h"
#include <stdlib.h>
#include "rop_test_util.h"
#include "rop/rop_state_private.h"

static const uint32_t one_handle[] = { 0x00000001 };

/* [MS-OXCPRPT] 4.3.1 Client Request Buffer (RopGetPropertiesSpecific) */
#define OXCPRPT_431_REQ "07 00 00 00 00 01 00 03-00 0B 00 3E 86 03 00 3F 86 02 01 E2 65"

START_TEST(oxcprpt_get_properties_specific_request)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	DATA_BLOB in = rop_frame(mem, hex_blob(mem, OXCPRPT_431_REQ), one_handle, 1);
	struct rop_request_buffer *rb = req_roundtrip(mem, in, NULL);
	const struct rop_GetPropertiesSpecific_req *g;

	ck_assert_uint_eq(rb->num_rops, 1);
	ck_assert_uint_eq(rb->rops[0]->rop_id, ROP_ID_GETPROPERTIESSPECIFIC);
	g = &rb->rops[0]->u.GetPropertiesSpecific;
	ck_assert_uint_eq(g->PropertySizeLimit, 0);
	ck_assert_uint_eq(g->WantUnicode, 1);
	ck_assert_uint_eq(g->PropertyTagCount, 3);
	ck_assert_uint_eq(g->PropertyTags[0], 0x863E000B);
	ck_assert_uint_eq(g->PropertyTags[1], 0x863F0003);
	ck_assert_uint_eq(g->PropertyTags[2], 0x65E20102);
	ck_assert_uint_eq(rb->num_handles, 1);
	talloc_free(mem);
}
END_TEST

/* The response to OXCPRPT_431_REQ, built by hand from MS-OXCROPS 2.2.8.3.2
 * and MS-OXCDATA 2.8.1.1 (StandardPropertyRow): Boolean TRUE, Integer32 42,
 * Binary of 3 bytes. */
START_TEST(get_properties_specific_response_follows_request_tags)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	DATA_BLOB qin = rop_frame(mem, hex_blob(mem, OXCPRPT_431_REQ), one_handle, 1);
	struct rop_request_buffer *rq = req_roundtrip(mem, qin, NULL);
	DATA_BLOB sin = rop_frame(mem, hex_blob(mem,
		"07 00 00 00 00 00" "00" "01" "2A 00 00 00" "03 00 AA BB CC"), one_handle, 1);
	struct rop_response_buffer *rs = rsp_roundtrip(mem, sin, rq, NULL);
	const struct rop_property_row *row = &rs->rops[0]->u.GetPropertiesSpecific.RowData;

	ck_assert_uint_eq(row->flag, 0);
	ck_assert_uint_eq(row->ncols, 3);
	ck_assert_uint_eq(row->values[0].value.u, 1);
	ck_assert_uint_eq(row->values[1].value.u, 42);
	ck_assert_uint_eq(row->values[2].value.bin.length, 3);
	ck_assert_uint_eq(row->values[2].value.bin.data[2], 0xCC);
	ck_assert_ptr_eq(rs->rops[0]->request, rq->rops[0]);
	talloc_free(mem);
}
END_TEST

/* [MS-OXCPRPT] 4.2.1 / 4.2.2: RopSetProperties request and response */
START_TEST(oxcprpt_set_properties)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	DATA_BLOB qin = rop_frame(mem, hex_blob(mem,
		"0A 00 00 24 00 02 00 1F-00 3D 00 00 00 1F 00 1D"
		"0E 48 00 65 00 6C 00 6C-00 6F 00 20 00 57 00 6F"
		"00 72 00 6C 00 64 00 00-00"), one_handle, 1);
	struct rop_request_buffer *rq = req_roundtrip(mem, qin, NULL);
	const struct rop_SetProperties_req *s = &rq->rops[0]->u.SetProperties;
	DATA_BLOB sin = rop_frame(mem, hex_blob(mem, "0A 00 00 00 00 00 00 00"), one_handle, 1);
	struct rop_response_buffer *rs;

	ck_assert_uint_eq(s->PropertyValueSize, 0x24);
	ck_assert_uint_eq(s->PropertyValueCount, 2);
	ck_assert_uint_eq(s->PropertyValues[0].tag, 0x003D001F);
	ck_assert_uint_eq(s->PropertyValues[0].value.bin.length, 0);
	ck_assert_uint_eq(s->PropertyValues[1].tag, 0x0E1D001F);
	/* "Hello World" in UTF-16LE, without its terminator */
	ck_assert_uint_eq(s->PropertyValues[1].value.bin.length, 22);
	ck_assert_int_eq(memcmp(s->PropertyValues[1].value.bin.data, "H\0e\0l\0l\0o\0", 10), 0);

	rs = rsp_roundtrip(mem, sin, rq, NULL);
	ck_assert_uint_eq(rs->rops[0]->return_value, 0);
	ck_assert_uint_eq(rs->rops[0]->u.SetProperties.PropertyProblemCount, 0);
	talloc_free(mem);
}
END_TEST

/* [MS-OXCPRPT] 4.1.2: RopGetPropertyIdsFromNames response; the request is
 * built by hand from MS-OXCROPS 2.2.8.1.1 and MS-OXCDATA 2.6.1 (one LID
 * name, one string name "ab"). */
START_TEST(oxcprpt_get_property_ids_from_names)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	DATA_BLOB qin = rop_frame(mem, hex_blob(mem,
		"56 00 00 02 02 00"
		"00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10  34 12 00 00"
		"01 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10  06 61 00 62 00 00 00"),
		one_handle, 1);
	struct rop_request_buffer *rq = req_roundtrip(mem, qin, NULL);
	const struct rop_GetPropertyIdsFromNames_req *g = &rq->rops[0]->u.GetPropertyIdsFromNames;
	DATA_BLOB sin = rop_frame(mem, hex_blob(mem, "56 00 00 00 00 00 02 00-3E 86 3F 86"),
				  one_handle, 1);
	struct rop_response_buffer *rs;

	ck_assert_uint_eq(g->Flags, 0x02);
	ck_assert_uint_eq(g->PropertyNames[0].kind, 0);
	ck_assert_uint_eq(g->PropertyNames[0].lid, 0x1234);
	ck_assert_uint_eq(g->PropertyNames[1].kind, 1);
	ck_assert_uint_eq(g->PropertyNames[1].name_size, 6);
	rs = rsp_roundtrip(mem, sin, rq, NULL);
	ck_assert_uint_eq(rs->rops[0]->u.GetPropertyIdsFromNames.PropertyIdCount, 2);
	ck_assert_uint_eq(rs->rops[0]->u.GetPropertyIdsFromNames.PropertyIds[0], 0x863E);
	ck_assert_uint_eq(rs->rops[0]->u.GetPropertyIdsFromNames.PropertyIds[1], 0x863F);
	talloc_free(mem);
}
END_TEST

/* [MS-OXCFOLD] 4.1.1 RopGetContentsTable, [MS-OXCMSG] 4.1.1 RopSubmitMessage,
 * [MS-OXCTABL] 4.2.1 RopSetColumns: three spec requests in one buffer. */
START_TEST(spec_requests_in_one_buffer)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	static const uint32_t h[] = { 1, 2, 3 };
	DATA_BLOB in = rop_frame(mem, hex_blob(mem,
		"05 00 00 01 00"
		"32 00 02 00"
		"12 00 01 00 06 00 14 00-48 67 14 00 4a 67 14 00"
		"4d 67 03 00 4e 67 1f 00-37 00 40 00 06 0e"), h, 3);
	struct rop_request_buffer *rb = req_roundtrip(mem, in, NULL);
	char *dump;

	ck_assert_uint_eq(rb->num_rops, 3);
	ck_assert_uint_eq(rb->rops[0]->rop_id, ROP_ID_GETCONTENTSTABLE);
	ck_assert_uint_eq(rb->rops[0]->handle_idx[0], 0);
	ck_assert_uint_eq(rb->rops[0]->handle_idx[1], 1);
	ck_assert_uint_eq(rb->rops[0]->u.GetContentsTable.TableFlags, 0);
	ck_assert_uint_eq(rb->rops[1]->rop_id, ROP_ID_SUBMITMESSAGE);
	ck_assert_uint_eq(rb->rops[1]->handle_idx[0], 2);
	ck_assert_uint_eq(rb->rops[2]->u.SetColumns.PropertyTagCount, 6);
	ck_assert_uint_eq(rb->rops[2]->u.SetColumns.PropertyTags[5], 0x0E060040);
	dump = dump_requests(mem, rb);
	ck_assert_ptr_nonnull(strstr(dump, "RopSubmitMessage"));
	ck_assert_ptr_nonnull(strstr(dump, "OutputHandleIndex"));
	talloc_free(mem);
}
END_TEST

/* [MS-OXCMSG] 4.3.2 RopDeleteMessages response, [MS-OXCTABL] 4.3.2
 * RopSortTable response, [MS-OXORULE] 4.2.2 RopSetColumns response. */
START_TEST(spec_responses)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	static const uint32_t h[] = { 1, 2 };
	DATA_BLOB qin = rop_frame(mem, hex_blob(mem,
		"1E 00 00 00 00 00 00"            /* DeleteMessages, no ids */
		"13 00 01 00 00 00 00 00 00 00"   /* SortTable, no orders */
		"12 00 01 00 00 00"), h, 2);      /* SetColumns, no tags */
	struct rop_request_buffer *rq = req_roundtrip(mem, qin, NULL);
	DATA_BLOB sin = rop_frame(mem, hex_blob(mem,
		"1E 00 00 00 00 00 00"
		"13 01 00 00 00 00 00"
		"12 01 00 00 00 00 00"), h, 2);
	struct rop_response_buffer *rs = rsp_roundtrip(mem, sin, rq, NULL);

	ck_assert_uint_eq(rs->num_rops, 3);
	ck_assert_uint_eq(rs->rops[0]->u.DeleteMessages.PartialCompletion, 0);
	ck_assert_uint_eq(rs->rops[1]->handle_idx, 1);
	ck_assert_uint_eq(rs->rops[2]->u.SetColumns.TableStatus, 0);
	talloc_free(mem);
}
END_TEST

/* Private logon (MS-OXCROPS 2.2.3.1.1 / 2.2.3.1.3), built by hand; the
 * response layout depends on the request's Private flag. */
#define LOGON_REQ_PRIVATE "FE 00 00 01 0C 04 00 01 00 00 00 00 05 00 2F 6F 3D 78 00"
#define FIDS13 \
	"01 00 00 00 00 00 00 01 02 00 00 00 00 00 00 01 03 00 00 00 00 00 00 01" \
	"04 00 00 00 00 00 00 01 05 00 00 00 00 00 00 01 06 00 00 00 00 00 00 01" \
	"07 00 00 00 00 00 00 01 08 00 00 00 00 00 00 01 09 00 00 00 00 00 00 01" \
	"0A 00 00 00 00 00 00 01 0B 00 00 00 00 00 00 01 0C 00 00 00 00 00 00 01" \
	"0D 00 00 00 00 00 00 01"
#define GUID11 "11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11"
#define GUID22 "22 22 22 22 22 22 22 22 22 22 22 22 22 22 22 22"

START_TEST(logon_private_and_public)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct rop_state *st = rop_state_new(mem);
	static const uint32_t hq[] = { 0xFFFFFFFF }, hs[] = { 0x42 };
	struct rop_request_buffer *rq = req_roundtrip(mem,
		rop_frame(mem, hex_blob(mem, LOGON_REQ_PRIVATE), hq, 1), st);
	struct rop_response_buffer *rs = rsp_roundtrip(mem,
		rop_frame(mem, hex_blob(mem, "FE 00 00 00 00 00 01" FIDS13 "01" GUID11
			"05 00" GUID22 "1E 1F 0C 02 0F 05 E8 07"
			"01 02 03 04 05 06 07 08 00 00 00 00"), hs, 1), rq, st);
	const struct rop_Logon_rsp *l = &rs->rops[0]->u.Logon;

	ck_assert_str_eq((const char *)rq->rops[0]->u.Logon.Essdn.data, "/o=x");
	ck_assert_uint_eq(l->FolderIds[12], 0x010000000000000DULL);
	ck_assert_uint_eq(l->ReplId, 5);
	ck_assert_uint_eq(l->LogonTime.Year, 2024);
	ck_assert_uint_eq(l->GwartTime, 0x0807060504030201ULL);
	ck_assert_uint_eq(rop_state_num_objects(st), 1);

	/* Public logon: ReplId, ReplGuid, PerUserGuid after the folder ids */
	rq = req_roundtrip(mem, rop_frame(mem, hex_blob(mem,
		"FE 01 00 00 0C 04 00 01 00 00 00 00 05 00 2F 6F 3D 78 00"), hq, 1), st);
	rs = rsp_roundtrip(mem, rop_frame(mem, hex_blob(mem,
		"FE 00 00 00 00 00 00" FIDS13 "07 00" GUID11 GUID22), hs, 1), rq, st);
	ck_assert_uint_eq(rs->rops[0]->u.Logon.ReplId, 7);
	ck_assert_uint_eq(rs->rops[0]->u.Logon.PerUserGuid[0], 0x22);

	/* Redirect (ReturnValue 0x478): LogonFlags, ServerNameSize, ServerName */
	rs = rsp_roundtrip(mem, rop_frame(mem, hex_blob(mem,
		"FE 00 78 04 00 00 01 04 73 72 76 00"), hs, 1), rq, st);
	ck_assert_str_eq((const char *)rs->rops[0]->u.Logon.ServerName.data, "srv");
	talloc_free(mem);
}
END_TEST

/* A table session by hand (MS-OXCROPS 2.2.4.14, 2.2.5.1, 2.2.5.4,
 * MS-OXCDATA 2.8.1): QueryRows rows follow the columns that SetColumns set
 * on the table handle in an earlier buffer; one standard and one flagged
 * row. */
START_TEST(query_rows_follow_set_columns_through_state)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct rop_state *st = rop_state_new(mem);
	static const uint32_t hq1[] = { 0x42, 0xFFFFFFFF }, hs1[] = { 0x42, 0x77 };
	struct rop_request_buffer *rq;
	struct rop_response_buffer *rs;
	DATA_BLOB sin;
	const struct rop_QueryRows_rsp *qr;

	rq = req_roundtrip(mem, rop_frame(mem, hex_blob(mem, "05 00 00 01 00"), hq1, 2), st);
	rsp_roundtrip(mem, rop_frame(mem, hex_blob(mem, "05 01 00 00 00 00 02 00 00 00"), hs1, 2),
		      rq, st);
	ck_assert_uint_eq(rop_state_num_objects(st), 1);

	rq = req_roundtrip(mem, rop_frame(mem, hex_blob(mem,
		"12 00 01 00 02 00 14 00 4A 67 1F 00 37 00"
		"15 00 01 00 01 0A 00"), hs1, 2), st);
	sin = rop_frame(mem, hex_blob(mem,
		"12 01 00 00 00 00 00"
		"15 01 00 00 00 00 02 02 00"
		"00 01 00 00 00 00 00 00 00 48 00 69 00 00 00"
		"01 00 02 00 00 00 00 00 00 00 0A 0F 01 04 80"), hs1, 2);

	/* Without the state the rows cannot be delimited: a clean error. */
	{
		struct rop_response_buffer *none = NULL;
		ck_assert(NT_STATUS_EQUAL(rop_response_buffer_pull(mem, sin.data, sin.length,
								   rq, NULL, &none),
					  NT_STATUS_NOT_FOUND));
		ck_assert_ptr_null(none);
	}
	rs = rsp_roundtrip(mem, sin, rq, st);
	qr = &rs->rops[1]->u.QueryRows;
	ck_assert_uint_eq(qr->Origin, 2);
	ck_assert_uint_eq(qr->RowCount, 2);
	ck_assert_uint_eq(qr->RowData[0].values[0].value.u, 1);
	ck_assert_uint_eq(qr->RowData[0].values[1].value.bin.length, 4);
	ck_assert_uint_eq(qr->RowData[1].flag, 1);
	ck_assert_uint_eq(qr->RowData[1].values[0].value.u, 2);
	ck_assert_uint_eq(qr->RowData[1].values[1].flag, 0x0A);
	ck_assert_uint_eq(qr->RowData[1].values[1].value.u, 0x8004010F);
	ck_assert_ptr_nonnull(strstr(dump_responses(mem, rs), "0x8004010f"));

	/* RopRelease (no response) ends the table in the state. */
	rq = req_roundtrip(mem, rop_frame(mem, hex_blob(mem, "01 00 01"), hs1, 2), st);
	rsp_roundtrip(mem, rop_frame(mem, hex_blob(mem, ""), hs1, 2), rq, st);
	ck_assert_uint_eq(rop_state_num_objects(st), 0);
	talloc_free(mem);
}
END_TEST

/* A table the layer never saw opened (its opening call was opaque to it, or
 * the association predates a module that keeps state): the columns that
 * RopSetColumns sets on it still delimit a later RopQueryRows. */
START_TEST(set_columns_on_a_table_opened_out_of_sight)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct rop_state *st = rop_state_new(mem);
	static const uint32_t h[] = { 0x99 };
	struct rop_request_buffer *rq;
	struct rop_response_buffer *rs;

	rq = req_roundtrip(mem, rop_frame(mem, hex_blob(mem,
		"12 00 00 00 01 00 03 00 48 67"), h, 1), st);
	rsp_roundtrip(mem, rop_frame(mem, hex_blob(mem, "12 00 00 00 00 00 00"), h, 1),
		      rq, st);
	rq = req_roundtrip(mem, rop_frame(mem, hex_blob(mem, "15 00 00 01 01 0A 00"), h, 1),
			   st);
	rs = rsp_roundtrip(mem, rop_frame(mem, hex_blob(mem,
		"15 00 00 00 00 00 02 01 00" "00 07 00 00 00"), h, 1), rq, st);
	ck_assert_uint_eq(rs->rops[0]->u.QueryRows.RowCount, 1);
	ck_assert_uint_eq(rs->rops[0]->u.QueryRows.RowData[0].values[0].value.u, 7);
	talloc_free(mem);
}
END_TEST

/* The state of one association is bounded: past ROP_STATE_MAX_OBJECTS a
 * new object is not followed, and a released one makes room again. */
START_TEST(state_objects_are_bounded)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct rop_state *st = rop_state_new(mem);
	uint32_t i;

	for (i = 0; i < ROP_STATE_MAX_OBJECTS; i++) {
		ck_assert_ptr_nonnull(rop_state_open(st, 0x1000 + i, ROP_ID_OPENFOLDER));
	}
	ck_assert_ptr_null(rop_state_open(st, 0x99999, ROP_ID_OPENFOLDER));
	ck_assert_uint_eq(rop_state_num_objects(st), ROP_STATE_MAX_OBJECTS);
	rop_state_release(st, 0x1000);
	ck_assert_ptr_nonnull(rop_state_open(st, 0x99999, ROP_ID_OPENFOLDER));
	talloc_free(mem);
}
END_TEST

/* RopRestrict with an And of Exist and Property restrictions (MS-OXCDATA
 * 2.12.1, 2.12.9, 2.12.5), RestrictionDataSize 0x16. */
START_TEST(restrict_with_nested_restriction)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct rop_request_buffer *rq = req_roundtrip(mem, rop_frame(mem, hex_blob(mem,
		"14 00 01 00 16 00"
		"00 02 00"
		"08 1F 00 37 00"
		"04 04 03 00 17 0E 03 00 17 0E 01 00 00 00"), one_handle, 1), NULL);
	const struct rop_restriction *r = rq->rops[0]->u.Restrict.RestrictionData;

	ck_assert_uint_eq(r->rt, 0x00);
	ck_assert_uint_eq(r->count, 2);
	ck_assert_uint_eq(r->subs[0].rt, 0x08);
	ck_assert_uint_eq(r->subs[0].tag, 0x0037001F);
	ck_assert_uint_eq(r->subs[1].relop, 4);
	ck_assert_uint_eq(r->subs[1].values[0].value.u, 1);
	talloc_free(mem);
}
END_TEST

/* Error and special response forms (MS-OXCROPS 2.2.4.1.3 failure,
 * 2.2.4.6.3 null destination, 2.2.15.2 RopBufferTooSmall, 2.2.14.2
 * RopNotify after the responses). */
START_TEST(failure_forms_and_unsolicited_responses)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	static const uint32_t h[] = { 1, 2, 3 };
	struct rop_request_buffer *rq = req_roundtrip(mem, rop_frame(mem, hex_blob(mem,
		"02 00 00 01 01 00 00 00 00 00 00 01 00"
		"33 00 00 02 01 00 05 00 00 00 00 00 00 01 00 00"
		"15 00 01 00 01 0A 00"), h, 3), NULL);
	struct rop_response_buffer *rs = rsp_roundtrip(mem, rop_frame(mem, hex_blob(mem,
		"02 01 0F 01 04 80"
		"33 00 03 05 00 00 02 00 00 00 01"
		"FF 00 01 15 00 01 00 01 0A 00"), h, 3), rq, NULL);

	ck_assert_uint_eq(rs->num_rops, 3);
	ck_assert_uint_eq(rs->rops[0]->return_value, 0x8004010F);
	ck_assert_uint_eq(rs->rops[1]->u.MoveCopyMessages.DestHandleIndex, 2);
	ck_assert_uint_eq(rs->rops[1]->u.MoveCopyMessages.PartialCompletion, 1);
	ck_assert_uint_eq(rs->rops[2]->rop_id, ROP_ID_BUFFERTOOSMALL);
	ck_assert_uint_eq(rs->rops[2]->u.BufferTooSmall.SizeNeeded, 0x100);
	ck_assert_uint_eq(rs->rops[2]->u.BufferTooSmall.RequestBuffers.length, 7);
	ck_assert_ptr_null(rs->rops[2]->request);

	/* A RopNotify answers no request: it may come with an empty request
	 * buffer (RopRelease only here). */
	rq = req_roundtrip(mem, rop_frame(mem, hex_blob(mem, "01 00 00"), h, 3), NULL);
	rs = rsp_roundtrip(mem, rop_frame(mem, hex_blob(mem,
		"2A 78 56 34 12 00 00 01 01 00"), h, 3), rq, NULL);
	ck_assert_uint_eq(rs->num_rops, 1);
	ck_assert_uint_eq(rs->rops[0]->u.Notify.NotificationHandle, 0x12345678);
	ck_assert_uint_eq(rs->rops[0]->u.Notify.NotificationData.flags, 0x0100);
	talloc_free(mem);
}
END_TEST

/* NotificationData of every layout MS-OXCNOTIF 2.2.1.4.1.2 gives, several
 * RopNotify in one buffer, each decoded to its fields and re-encoded byte
 * for byte; a type the layer does not know stays raw to the end. */
START_TEST(notification_data_layouts)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	static const uint32_t h[] = { 1, 2, 3 };
	struct rop_request_buffer *rq = req_roundtrip(mem, rop_frame(mem, hex_blob(mem,
		"01 00 00"), h, 3), NULL);
	const char *fid = "01 00 00 00 00 00 00 05", *mid = "01 00 00 00 00 00 00 2A";
	char *hex = talloc_asprintf(mem,
		/* NewMail about a message: FID, MID, MessageFlags, UnicodeFlag,
		 * MessageClass "IPM.Note" in UTF-16 */
		"2A 11 00 00 00 00  02 80 %s %s 10 00 00 00 01"
		" 49 00 50 00 4D 00 2E 00 4E 00 6F 00 74 00 65 00 00 00"
		/* the same in 8-bit characters */
		"2A 11 00 00 00 01  02 80 %s %s 00 00 00 00 00 49 50 4D 2E 4E 6F 74 65 00"
		/* ObjectCreated about a folder: FID, ParentFID, 2 tags */
		"2A 12 00 00 00 00  04 00 %s 01 00 00 00 00 00 00 04 02 00"
		" 1F 00 01 30 03 00 02 36"
		/* ObjectMoved about a message: FID, MID, OldFID, OldMID */
		"2A 12 00 00 00 00  20 80 %s %s 01 00 00 00 00 00 00 06 %s"
		/* ObjectModified about a folder with T and U: FID, no tags
		 * (0xFFFF), TotalMessageCount, UnreadMessageCount */
		"2A 12 00 00 00 00  10 30 %s FF FF 07 00 00 00 03 00 00 00"
		/* TableModified, contents table row added: event 3, row FID,
		 * MID, instance, insert-after FID, MID, instance, 4 bytes of
		 * row data */
		"2A 13 00 00 00 00  00 81 03 00 %s %s 00 00 00 00 %s %s 01 00 00 00"
		" 04 00 DE AD BE EF"
		/* TableModified of a hierarchy table, row deleted: event 4, FID */
		"2A 13 00 00 00 00  00 01 04 00 %s"
		/* a type MS-OXCNOTIF does not define: kept as it is.  (This
		 * vector used 0x0400 before, but 0x0400 has a defined layout:
		 * see notification_data_field_conditions.) */
		"2A 14 00 00 00 00  00 02 AA BB",
		fid, mid, fid, mid, fid, fid, mid, mid, fid, fid, mid, fid, mid, fid);
	struct rop_response_buffer *rs = rsp_roundtrip(mem, rop_frame(mem, hex_blob(mem, hex),
								     h, 3), rq, NULL);
	const struct rop_notification *n;
	DATA_BLOB bad;

	ck_assert_uint_eq(rs->num_rops, 8);
	n = &rs->rops[0]->u.Notify.NotificationData;
	ck_assert(n->decoded);
	ck_assert_uint_eq(n->fid, 0x0500000000000001ULL);
	ck_assert_uint_eq(n->mid, 0x2A00000000000001ULL);
	ck_assert_uint_eq(n->message_flags, 0x10);
	ck_assert_uint_eq(n->unicode_flag, 1);
	ck_assert_uint_eq(n->message_class.length, 16);
	n = &rs->rops[1]->u.Notify.NotificationData;
	ck_assert_uint_eq(rs->rops[1]->u.Notify.LogonId, 1);
	ck_assert_uint_eq(n->message_class.length, 8);
	ck_assert_mem_eq(n->message_class.data, "IPM.Note", 8);
	n = &rs->rops[2]->u.Notify.NotificationData;
	ck_assert_uint_eq(n->parent_fid, 0x0400000000000001ULL);
	ck_assert_uint_eq(n->tag_count, 2);
	ck_assert_uint_eq(n->tags[1], 0x36020003);
	n = &rs->rops[3]->u.Notify.NotificationData;
	ck_assert_uint_eq(n->old_fid, 0x0600000000000001ULL);
	ck_assert_uint_eq(n->old_mid, 0x2A00000000000001ULL);
	n = &rs->rops[4]->u.Notify.NotificationData;
	ck_assert_uint_eq(n->tag_count, 0xFFFF);
	ck_assert_uint_eq(n->total_message_count, 7);
	ck_assert_uint_eq(n->unread_message_count, 3);
	n = &rs->rops[5]->u.Notify.NotificationData;
	ck_assert_uint_eq(n->table_event, 3);
	ck_assert_uint_eq(n->insert_after_instance, 1);
	ck_assert_uint_eq(n->row_data_size, 4);
	n = &rs->rops[6]->u.Notify.NotificationData;
	ck_assert(n->decoded);
	ck_assert_uint_eq(n->fid, 0x0500000000000001ULL);
	n = &rs->rops[7]->u.Notify.NotificationData;
	ck_assert(!n->decoded);
	ck_assert_uint_eq(n->raw.length, 2);
	ck_assert_uint_eq(n->flags, 0x0200);

	/* a MessageClass without its terminator does not parse */
	bad = rop_frame(mem, hex_blob(mem, talloc_asprintf(mem,
		"2A 11 00 00 00 00 02 80 %s %s 10 00 00 00 01 49 00", fid, mid)), h, 3);
	ck_assert(!NT_STATUS_IS_OK(rop_response_buffer_pull(mem, bad.data, bad.length, rq,
							    NULL, &rs)));
	talloc_free(mem);
}
END_TEST

/*
 * The field conditions of NotificationData checked against the
 * specification's own wording and Microsoft's parser, one RopNotify per
 * case, each decoded and re-encoded byte for byte.  Where the bytes come
 * from:
 *  - OfficeDev/Interop-TestSuites, ExchangeMAPI/Source/MS-OXCNOTIF/
 *    TestSuite/MS-OXCNOTIF_RequirementSpecification.xml (the MS-OXCNOTIF
 *    2.2.1.4.1.2 text): R179 ParentFolderId "for either a message in a
 *    search folder (both bit 0x4000 and bit 0x8000 are set ...) or a folder
 *    (both ... are not set)", R171/R175 no FolderId/MessageId for 0x0100
 *    and 0x0400, R207/R211 counts on T/U alone, R142-R167 the table fields;
 *  - OfficeDev/Office-Inspectors-for-Fiddler, MAPIInspector/Parsers/
 *    MSOXCNOTIF.cs, NotificationData.Parse: ParentFolderId when
 *    (flags & 0xC000) is 0xC000 or 0, T/U read for every type, Extended
 *    (0x0400) without FolderId.
 * A vector that a wrong condition would misread leaves bytes that do not
 * parse as the next ROP, so each one fails loudly.
 */
START_TEST(notification_data_field_conditions)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	static const uint32_t h[] = { 1, 2, 3 };
	struct rop_request_buffer *rq = req_roundtrip(mem, rop_frame(mem, hex_blob(mem,
		"01 00 00"), h, 3), NULL);
	const char *fid = "01 00 00 00 00 00 00 05", *mid = "01 00 00 00 00 00 00 2A",
		*pfid = "01 00 00 00 00 00 00 07", *ofid = "01 00 00 00 00 00 00 08";
	char *hex = talloc_asprintf(mem,
		/* 0: ObjectDeleted, message in a search folder (S|M): FolderId,
		 * MessageId, ParentFolderId (R179) */
		"2A 11 00 00 00 00  08 C0 %s %s %s"
		/* 1: ObjectDeleted, message in a normal folder (M): no
		 * ParentFolderId */
		"2A 11 00 00 00 00  08 80 %s %s"
		/* 2: ObjectDeleted with S but not M (R120 forbids it; R179
		 * still says no ParentFolderId, and no MessageId without M) */
		"2A 11 00 00 00 00  08 40 %s"
		/* 3: ObjectCreated, message in a normal folder: FolderId,
		 * MessageId, TagCount 0 and no Tags (R20302) */
		"2A 11 00 00 00 00  04 80 %s %s 00 00"
		/* 4: ObjectCopied, message in a search folder: FolderId,
		 * MessageId, ParentFolderId, OldFolderId, OldMessageId (R187) */
		"2A 11 00 00 00 00  40 C0 %s %s %s %s %s"
		/* 5: ObjectMoved, a folder: FolderId, ParentFolderId,
		 * OldFolderId, OldParentFolderId (R191) */
		"2A 11 00 00 00 00  20 00 %s %s %s %s"
		/* 6: SearchComplete: FolderId only */
		"2A 11 00 00 00 00  80 00 %s"
		/* 7: the reserved Extended type: no FolderId (R171) */
		"2A 11 00 00 00 00  00 04"
		/* 8: Extended with T: TotalMessageCount only (R207) */
		"2A 11 00 00 00 00  00 14 09 00 00 00"
		/* 9: TableModified TableChanged with U: TableEventType, then
		 * UnreadMessageCount, as the Inspector reads it */
		"2A 11 00 00 00 00  00 21 01 00 02 00 00 00"
		/* 10: TableRowDeleted about a message: TableRowFolderID,
		 * TableRowMessageID, TableRowInstance, nothing inserted
		 * (R154, R164: insert-after fields only for 0x0003/0x0005) */
		"2A 11 00 00 00 00  00 81 04 00 %s %s 05 00 00 00"
		/* 11: TableRowModified about a folder (no M): TableRowFolderID,
		 * InsertAfterTableRowFolderID, TableRowDataSize, TableRowData */
		"2A 11 00 00 00 00  00 01 05 00 %s %s 02 00 01 02"
		/* 12: TableRestrictionChanged: TableEventType only */
		"2A 11 00 00 00 00  00 01 07 00",
		fid, mid, pfid, fid, mid, fid, fid, mid, fid, mid, pfid, ofid, mid,
		fid, pfid, ofid, pfid, fid, fid, mid, fid, ofid);
	struct rop_response_buffer *rs = rsp_roundtrip(mem, rop_frame(mem, hex_blob(mem, hex),
								     h, 3), rq, NULL);
	const struct rop_notification *n;
	size_t i;

	ck_assert_uint_eq(rs->num_rops, 13);
	for (i = 0; i < rs->num_rops; i++) {
		ck_assert_msg(rs->rops[i]->u.Notify.NotificationData.decoded, "vector %zu", i);
	}
	n = &rs->rops[0]->u.Notify.NotificationData;
	ck_assert_uint_eq(n->mid, 0x2A00000000000001ULL);
	ck_assert_uint_eq(n->parent_fid, 0x0700000000000001ULL);
	n = &rs->rops[1]->u.Notify.NotificationData;
	ck_assert_uint_eq(n->mid, 0x2A00000000000001ULL);
	ck_assert_uint_eq(n->parent_fid, 0);
	n = &rs->rops[2]->u.Notify.NotificationData;
	ck_assert_uint_eq(n->fid, 0x0500000000000001ULL);
	ck_assert_uint_eq(n->mid, 0);
	ck_assert_uint_eq(n->parent_fid, 0);
	n = &rs->rops[3]->u.Notify.NotificationData;
	ck_assert_uint_eq(n->tag_count, 0);
	ck_assert_ptr_null(n->tags);
	n = &rs->rops[4]->u.Notify.NotificationData;
	ck_assert_uint_eq(n->parent_fid, 0x0700000000000001ULL);
	ck_assert_uint_eq(n->old_fid, 0x0800000000000001ULL);
	ck_assert_uint_eq(n->old_mid, 0x2A00000000000001ULL);
	ck_assert_uint_eq(n->old_parent_fid, 0);
	n = &rs->rops[5]->u.Notify.NotificationData;
	ck_assert_uint_eq(n->parent_fid, 0x0700000000000001ULL);
	ck_assert_uint_eq(n->old_fid, 0x0800000000000001ULL);
	ck_assert_uint_eq(n->old_parent_fid, 0x0700000000000001ULL);
	n = &rs->rops[6]->u.Notify.NotificationData;
	ck_assert_uint_eq(n->fid, 0x0500000000000001ULL);
	n = &rs->rops[7]->u.Notify.NotificationData;
	ck_assert_uint_eq(n->flags, 0x0400);
	ck_assert_uint_eq(n->fid, 0);
	n = &rs->rops[8]->u.Notify.NotificationData;
	ck_assert_uint_eq(n->total_message_count, 9);
	n = &rs->rops[9]->u.Notify.NotificationData;
	ck_assert_uint_eq(n->table_event, 1);
	ck_assert_uint_eq(n->unread_message_count, 2);
	n = &rs->rops[10]->u.Notify.NotificationData;
	ck_assert_uint_eq(n->mid, 0x2A00000000000001ULL);
	ck_assert_uint_eq(n->instance, 5);
	ck_assert_uint_eq(n->insert_after_fid, 0);
	n = &rs->rops[11]->u.Notify.NotificationData;
	ck_assert_uint_eq(n->fid, 0x0500000000000001ULL);
	ck_assert_uint_eq(n->insert_after_fid, 0x0800000000000001ULL);
	ck_assert_uint_eq(n->row_data_size, 2);
	n = &rs->rops[12]->u.Notify.NotificationData;
	ck_assert_uint_eq(n->table_event, 7);
	talloc_free(mem);
}
END_TEST

/* A PropertyRow on its own (MS-OXCDATA 2.8.1), as TableRowData carries
 * it: decoded with its columns and encoded back byte for byte; columns
 * that do not fill the bytes exactly are refused. */
START_TEST(property_row_alone)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	/* PtypInteger32, PtypString, PT_UNSPECIFIED (a PtypBoolean here) */
	static const uint32_t cols[3] = { 0x0E070003, 0x0037001F, 0x0E1B0000 };
	/* standard: 5, "Hi", type 0x000B then TRUE */
	DATA_BLOB std = hex_blob(mem, "00 05 00 00 00 48 00 69 00 00 00 0B 00 01");
	/* flagged: 5 present, the string missing (0x01), an error 0x8004010F */
	DATA_BLOB flg = hex_blob(mem, "01 00 05 00 00 00 01 0B 00 0A 0F 01 04 80");
	struct rop_property_row row;
	struct rop_blob again;

	ck_assert(NT_STATUS_IS_OK(rop_property_row_pull(mem, std.data, std.length, cols, 3,
							 &row)));
	ck_assert_uint_eq(row.flag, 0);
	ck_assert_uint_eq(row.values[0].value.u, 5);
	ck_assert_uint_eq(row.values[1].value.bin.length, 4);
	ck_assert_uint_eq(row.values[2].value.type, 0x000B);
	ck_assert_uint_eq(row.values[2].value.u, 1);
	ck_assert(NT_STATUS_IS_OK(rop_property_row_push(mem, &row, &again)));
	ck_assert_uint_eq(again.length, std.length);
	ck_assert_mem_eq(again.data, std.data, std.length);

	ck_assert(NT_STATUS_IS_OK(rop_property_row_pull(mem, flg.data, flg.length, cols, 3,
							 &row)));
	ck_assert_uint_eq(row.flag, 1);
	ck_assert_uint_eq(row.values[1].flag, 0x01);
	ck_assert_uint_eq(row.values[2].flag, 0x0A);
	ck_assert_uint_eq(row.values[2].value.u, 0x8004010F);
	ck_assert(NT_STATUS_IS_OK(rop_property_row_push(mem, &row, &again)));
	ck_assert_uint_eq(again.length, flg.length);
	ck_assert_mem_eq(again.data, flg.data, flg.length);

	/* fewer columns than the bytes hold, a row cut short */
	ck_assert(!NT_STATUS_IS_OK(rop_property_row_pull(mem, std.data, std.length, cols, 2,
							  &row)));
	ck_assert(!NT_STATUS_IS_OK(rop_property_row_pull(mem, std.data, std.length - 1, cols,
							  3, &row)));
	talloc_free(mem);
}
END_TEST

/* RopOpenMessage response with recipient rows (MS-OXCROPS 2.2.6.1.2,
 * MS-OXCDATA 2.8.3): one SMTP recipient (flags 0x021B: SMTP, E, D, U) and one
 * PtypInteger32 column; RopReadRecipients then uses those columns. */
START_TEST(open_message_recipients_and_read_recipients)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct rop_state *st = rop_state_new(mem);
	static const uint32_t hq[] = { 0x42, 0xFFFFFFFF }, hs[] = { 0x42, 0x99 };
	struct rop_request_buffer *rq = req_roundtrip(mem, rop_frame(mem, hex_blob(mem,
		"03 00 00 01 E4 04 01 00 00 00 00 00 00 01 00 02 00 00 00 00 00 00 01"),
		hq, 2), st);
	/* RecipientRow: "a@b", "A", 1 column, a standard row */
	const char *row = "1B 02 61 00 40 00 62 00 00 00 41 00 00 00 01 00 00 05 00 00 00";
	char *rsp = talloc_asprintf(mem,
		"03 01 00 00 00 00  00 01 00  01 00 01 00 03 00 15 0C 01"
		"01 E4 04 00 00 15 00 %s", row);
	struct rop_response_buffer *rs = rsp_roundtrip(mem,
		rop_frame(mem, hex_blob(mem, rsp), hs, 2), rq, st);
	const struct rop_OpenMessage_rsp *om = &rs->rops[0]->u.OpenMessage;
	const struct rop_recipient_row *rr = &om->RecipientRows[0].RecipientRow;

	ck_assert_uint_eq(om->SubjectPrefix.string_type, 1);
	ck_assert_uint_eq(om->RecipientColumns[0], 0x0C150003);
	ck_assert_uint_eq(rr->flags, 0x021B);
	ck_assert_uint_eq(rr->email_address.length, 6);
	ck_assert_uint_eq(rr->display_name.length, 2);
	ck_assert(rr->decoded);
	ck_assert_uint_eq(rr->properties.values[0].value.u, 5);

	rq = req_roundtrip(mem, rop_frame(mem, hex_blob(mem, "0F 00 01 00 00 00 00 00 00"),
					  hs, 2), st);
	rsp = talloc_asprintf(mem, "0F 01 00 00 00 00 01 00 00 00 00 01 E4 04 00 00 15 00 %s", row);
	rs = rsp_roundtrip(mem, rop_frame(mem, hex_blob(mem, rsp), hs, 2), rq, st);
	ck_assert(rs->rops[0]->u.ReadRecipients.RecipientRows[0].RecipientRow.decoded);
	talloc_free(mem);
}
END_TEST

/* MS-OXCROPS 2.2.6.9.2: the RopGetMessageStatus response carries RopId
 * 0x20; it still answers the 0x1F request. */
START_TEST(get_message_status_is_answered_with_0x20)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct rop_request_buffer *rq = req_roundtrip(mem, rop_frame(mem, hex_blob(mem,
		"1F 00 00 05 00 00 00 00 00 00 01"), one_handle, 1), NULL);
	struct rop_response_buffer *rs = rsp_roundtrip(mem, rop_frame(mem, hex_blob(mem,
		"20 00 00 00 00 00 08 00 00 00"), one_handle, 1), rq, NULL);

	ck_assert_uint_eq(rs->rops[0]->u.SetMessageStatus.MessageStatusFlags, 8);
	talloc_free(mem);
}
END_TEST

/* A module's view: change a field, drop a ROP, insert one, re-serialize. */
START_TEST(modules_edit_and_reserialize)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	static const uint32_t h[] = { 1, 2, 3 };
	DATA_BLOB in = rop_frame(mem, hex_blob(mem,
		"05 00 00 01 00" "32 00 02 00"), h, 3);
	struct rop_request_buffer *rb = req_roundtrip(mem, in, NULL);
	struct rop_request *sub;
	DATA_BLOB out, want;

	rb->rops[0]->u.GetContentsTable.TableFlags = 0x40;
	sub = rb->rops[1];
	talloc_reparent(rb->rops, mem, sub);
	rb->rops[1] = NULL;
	rb->num_rops = 1;
	ck_assert(NT_STATUS_IS_OK(rop_request_buffer_insert(rb, 0, sub)));
	ck_assert(NT_STATUS_IS_OK(rop_request_buffer_push(mem, rb, &out)));
	want = rop_frame(mem, hex_blob(mem, "32 00 02 00" "05 00 00 01 40"), h, 3);
	assert_same_bytes(out, want);
	ck_assert(NT_STATUS_IS_OK(rop_request_buffer_remove(rb, 0)));
	ck_assert(NT_STATUS_IS_OK(rop_request_buffer_push(mem, rb, &out)));
	want = rop_frame(mem, hex_blob(mem, "05 00 00 01 40"), h, 3);
	assert_same_bytes(out, want);
	talloc_free(mem);
}
END_TEST

static Suite *rop_vectors_suite(void)
{
	Suite *s = suite_create("rop_vectors");
	TCase *tc = tcase_create("spec");

	tcase_add_test(tc, oxcprpt_get_properties_specific_request);
	tcase_add_test(tc, get_properties_specific_response_follows_request_tags);
	tcase_add_test(tc, oxcprpt_set_properties);
	tcase_add_test(tc, oxcprpt_get_property_ids_from_names);
	tcase_add_test(tc, spec_requests_in_one_buffer);
	tcase_add_test(tc, spec_responses);
	suite_add_tcase(s, tc);
	tc = tcase_create("hand");
	tcase_add_test(tc, logon_private_and_public);
	tcase_add_test(tc, query_rows_follow_set_columns_through_state);
	tcase_add_test(tc, set_columns_on_a_table_opened_out_of_sight);
	tcase_add_test(tc, state_objects_are_bounded);
	tcase_add_test(tc, restrict_with_nested_restriction);
	tcase_add_test(tc, failure_forms_and_unsolicited_responses);
	tcase_add_test(tc, open_message_recipients_and_read_recipients);
	tcase_add_test(tc, get_message_status_is_answered_with_0x20);
	tcase_add_test(tc, modules_edit_and_reserialize);
	tcase_add_test(tc, notification_data_layouts);
	tcase_add_test(tc, notification_data_field_conditions);
	tcase_add_test(tc, property_row_alone);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_main(rop_vectors_suite());
}

/*
 * The ROP view modules get of an EMSMDB call: untouched payloads are never
 * re-encoded; changed ones are re-encoded with the flags the sender used
 * and within the receiver's size limit.  The legacy EcDoRpc's payloads
 * (one ROP buffer XORed with 0xA5, no RPC_HEADER_EXT) get the same view,
 * over the same per-association state.
 */
#include "config.h"
#include <check.h>
#include "suite_main.h"
#include <stdio.h>
#include <stdlib.h>
#include "rop_test_util.h"
#include "rop_view.h"
#include "mapi_legacy.h"

static TALLOC_CTX *mem;
static const uint32_t one_handle[] = { 0x00000001 };

/* MS-OXCPRPT 4.3.1 request and a response built from MS-OXCROPS 2.2.8.3.2:
 * Boolean TRUE, Integer32 42, Binary AA BB CC. */
#define GPS_REQ "07 00 00 00 00 01 00 03-00 0B 00 3E 86 03 00 3F 86 02 01 E2 65"
#define GPS_RSP "07 00 00 00 00 00" "00" "01" "2A 00 00 00" "03 00 AA BB CC"

static DATA_BLOB wrap(DATA_BLOB rops, uint16_t flags)
{
	struct mapi_ext_buffer buf = { .num_segments = 1 };
	struct mapi_ext_segment seg = { .header.flags = flags, .payload = rops };
	DATA_BLOB out;

	buf.segments = &seg;
	ck_assert(NT_STATUS_IS_OK(mapi_ext_pack(mem, &buf, SIZE_MAX, &out)));
	return out;
}

static DATA_BLOB outlook_rgb_in(void)
{
	char path[1024];
	uint8_t *buf = talloc_array(mem, uint8_t, 4096);
	uint32_t count;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/002_Outlook_2007_in_Tables_operations_comp.dat",
		 OUTLOOK_TEST_DATA);
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, 4096, f);
	fclose(f);
	ck_assert_uint_gt(n, 0x1C);
	count = buf[0x18] | buf[0x19] << 8 | buf[0x1a] << 16 | (uint32_t)buf[0x1b] << 24;
	return data_blob_const(buf + 0x1C, count);
}

START_TEST(untouched_outlook_request_is_not_reencoded)
{
	struct rop_view *v = rop_view_decode_request(mem, rop_state_new(mem), ROP_VIEW_EXT, outlook_rgb_in());
	DATA_BLOB out = data_blob_null;
	bool changed = true;

	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(v->rops.count, 1);
	ck_assert(NT_STATUS_IS_OK(rop_view_encode_request(mem, v, &out, &changed)));
	ck_assert(!changed);
	ck_assert_ptr_null(out.data);
}
END_TEST

START_TEST(dropped_rop_is_reencoded_compressed_like_the_client)
{
	struct rop_view *v = rop_view_decode_request(mem, rop_state_new(mem), ROP_VIEW_EXT, outlook_rgb_in());
	uint32_t before = v->rops.requests[0]->num_rops;
	struct mapi_ext_buffer *again;
	struct rop_request_buffer *rb;
	DATA_BLOB out;
	bool changed = false;

	ck_assert(NT_STATUS_IS_OK(rop_request_buffer_remove(v->rops.requests[0], before - 1)));
	ck_assert(NT_STATUS_IS_OK(rop_view_encode_request(mem, v, &out, &changed)));
	ck_assert(changed);

	ck_assert(NT_STATUS_IS_OK(mapi_ext_unpack(mem, out, &again)));
	ck_assert_uint_eq(again->segments[0].header.flags,
			  MAPI_EXT_COMPRESSED | MAPI_EXT_LAST);
	ck_assert(NT_STATUS_IS_OK(rop_request_buffer_pull(mem, again->segments[0].payload.data,
							  again->segments[0].payload.length,
							  rop_state_new(mem), &rb)));
	ck_assert_uint_eq(rb->num_rops, before - 1);
}
END_TEST

static struct rop_view *gps_view(uint16_t flags)
{
	struct rop_view *v = rop_view_decode_request(
		mem, rop_state_new(mem), ROP_VIEW_EXT,
		wrap(rop_frame(mem, hex_blob(mem, GPS_REQ), one_handle, 1), flags));

	ck_assert_ptr_nonnull(v);
	ck_assert(NT_STATUS_IS_OK(rop_view_decode_response(
		v, wrap(rop_frame(mem, hex_blob(mem, GPS_RSP), one_handle, 1), flags))));
	ck_assert_ptr_nonnull(v->rops.responses);
	return v;
}

START_TEST(changed_response_keeps_the_servers_flags)
{
	struct rop_view *v = gps_view(MAPI_EXT_XORMAGIC);
	struct rop_property_row *row = &v->rops.responses[0]->rops[0]->u.GetPropertiesSpecific.RowData;
	struct mapi_ext_buffer *again;
	struct rop_response_buffer *rs;
	struct rop_request_buffer *rq;
	DATA_BLOB out;
	bool changed = false;

	ck_assert_uint_eq(row->values[1].value.u, 42);
	row->values[1].value.u = 43;
	ck_assert(NT_STATUS_IS_OK(rop_view_encode_response(mem, v, SIZE_MAX, &out, &changed)));
	ck_assert(changed);
	ck_assert(NT_STATUS_IS_OK(mapi_ext_unpack(mem, out, &again)));
	ck_assert_uint_eq(again->segments[0].header.flags, MAPI_EXT_XORMAGIC | MAPI_EXT_LAST);

	rq = v->rops.requests[0];
	ck_assert(NT_STATUS_IS_OK(rop_response_buffer_pull(mem, again->segments[0].payload.data,
							   again->segments[0].payload.length,
							   rq, NULL, &rs)));
	ck_assert_uint_eq(rs->rops[0]->u.GetPropertiesSpecific.RowData.values[1].value.u, 43);
}
END_TEST

START_TEST(changed_response_over_the_limit_is_refused)
{
	struct rop_view *v = gps_view(0);
	DATA_BLOB out = data_blob_null;
	bool changed = true;

	v->rops.responses[0]->rops[0]->u.GetPropertiesSpecific.RowData.values[1].value.u = 7;
	ck_assert(!NT_STATUS_IS_OK(rop_view_encode_response(mem, v, 10, &out, &changed)));
	ck_assert(!changed);
}
END_TEST

START_TEST(untouched_response_is_not_reencoded)
{
	struct rop_view *v = gps_view(MAPI_EXT_COMPRESSED);
	DATA_BLOB out = data_blob_null;
	bool changed = true;

	ck_assert(NT_STATUS_IS_OK(rop_view_encode_response(mem, v, SIZE_MAX, &out, &changed)));
	ck_assert(!changed);
}
END_TEST

START_TEST(undecodable_payloads_give_no_view)
{
	static const uint8_t junk[] = { 0x00, 0x00, 0x04, 0x00, 0xff, 0x00, 0xff, 0x00, 1, 2 };
	struct rop_view *v;

	ck_assert_ptr_null(rop_view_decode_request(mem, NULL, ROP_VIEW_EXT, data_blob_const(junk, sizeof(junk))));
	/* a valid header around an unknown ROP id */
	ck_assert_ptr_null(rop_view_decode_request(
		mem, NULL, ROP_VIEW_EXT, wrap(rop_frame(mem, hex_blob(mem, "FF 00 00"), one_handle, 1), 0)));
	/* a response that does not answer the request */
	v = rop_view_decode_request(mem, rop_state_new(mem), ROP_VIEW_EXT,
				    wrap(rop_frame(mem, hex_blob(mem, GPS_REQ), one_handle, 1), 0));
	ck_assert_ptr_nonnull(v);
	ck_assert(!NT_STATUS_IS_OK(rop_view_decode_response(
		v, wrap(rop_frame(mem, hex_blob(mem, "0A 00 00 00 00 00 00 00"), one_handle, 1), 0))));
	ck_assert_ptr_null(v->rops.responses);
}
END_TEST

/* A legacy payload as it travels: the ROP buffer, every byte XORed. */
static DATA_BLOB obfuscate(DATA_BLOB rops)
{
	DATA_BLOB out = data_blob_talloc(mem, rops.data, rops.length);

	mapi_xor_apply(out.data, out.length);
	return out;
}

static DATA_BLOB gps_legacy(const char *hex)
{
	return obfuscate(rop_frame(mem, hex_blob(mem, hex), one_handle, 1));
}

static struct rop_view *gps_legacy_view(void)
{
	struct rop_view *v = rop_view_decode_request(mem, rop_state_new(mem), ROP_VIEW_LEGACY,
						     gps_legacy(GPS_REQ));

	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(v->rops.count, 1);
	ck_assert_uint_eq(v->rops.requests[0]->num_rops, 1);
	ck_assert_uint_eq(v->rops.requests[0]->rops[0]->rop_id, ROP_ID_GETPROPERTIESSPECIFIC);
	ck_assert(NT_STATUS_IS_OK(rop_view_decode_response(v, gps_legacy(GPS_RSP))));
	ck_assert_ptr_nonnull(v->rops.responses);
	return v;
}

START_TEST(legacy_untouched_payloads_are_not_reencoded)
{
	struct rop_view *v = gps_legacy_view();
	DATA_BLOB out = data_blob_null;
	bool changed = true;

	ck_assert(NT_STATUS_IS_OK(rop_view_encode_request(mem, v, &out, &changed)));
	ck_assert(!changed);
	ck_assert(NT_STATUS_IS_OK(rop_view_encode_response(mem, v, SIZE_MAX, &out, &changed)));
	ck_assert(!changed);
	ck_assert_ptr_null(out.data);
}
END_TEST

/* A changed answer goes back obfuscated, with no RPC_HEADER_EXT: exactly
 * the bytes a server would have sent with the new value. */
START_TEST(legacy_changed_response_is_reencoded_obfuscated)
{
	struct rop_view *v = gps_legacy_view();
	DATA_BLOB out;
	bool changed = false;

	v->rops.responses[0]->rops[0]->u.GetPropertiesSpecific.RowData.values[1].value.u = 43;
	ck_assert(NT_STATUS_IS_OK(rop_view_encode_response(mem, v, SIZE_MAX, &out, &changed)));
	ck_assert(changed);
	assert_same_bytes(out, gps_legacy("07 00 00 00 00 00" "00" "01" "2B 00 00 00"
					  "03 00 AA BB CC"));
}
END_TEST

/* Inserting and dropping ROPs: the request grows and shrinks, RopSize and
 * the obfuscation follow. */
START_TEST(legacy_request_rops_can_be_inserted_and_dropped)
{
	struct rop_view *v = gps_legacy_view();
	struct rop_request_buffer *rb = v->rops.requests[0];
	struct rop_request *release = talloc_zero(mem, struct rop_request);
	DATA_BLOB out;
	bool changed = false;

	release->rop_id = ROP_ID_RELEASE;
	ck_assert(NT_STATUS_IS_OK(rop_request_buffer_insert(rb, 0, release)));
	ck_assert(NT_STATUS_IS_OK(rop_view_encode_request(mem, v, &out, &changed)));
	ck_assert(changed);
	assert_same_bytes(out, gps_legacy("01 00 00 " GPS_REQ));

	ck_assert(NT_STATUS_IS_OK(rop_request_buffer_remove(rb, 1)));
	ck_assert(NT_STATUS_IS_OK(rop_view_encode_request(mem, v, &out, &changed)));
	ck_assert(changed);
	assert_same_bytes(out, gps_legacy("01 00 00"));
}
END_TEST

START_TEST(legacy_changed_response_over_the_limit_is_refused)
{
	struct rop_view *v = gps_legacy_view();
	DATA_BLOB out = data_blob_null;
	bool changed = true;

	v->rops.responses[0]->rops[0]->u.GetPropertiesSpecific.RowData.values[1].value.u = 7;
	ck_assert(NT_STATUS_EQUAL(rop_view_encode_response(mem, v, 10, &out, &changed),
				  NT_STATUS_BUFFER_TOO_SMALL));
	ck_assert(!changed);
}
END_TEST

START_TEST(legacy_undecodable_payloads_give_no_view)
{
	static const uint8_t one[] = { 0xA7 };
	DATA_BLOB clear = rop_frame(mem, hex_blob(mem, GPS_REQ), one_handle, 1);

	ck_assert_ptr_null(rop_view_decode_request(mem, NULL, ROP_VIEW_LEGACY,
						   data_blob_const(one, sizeof(one))));
	ck_assert_ptr_null(rop_view_decode_request(mem, NULL, ROP_VIEW_LEGACY, data_blob_null));
	/* not obfuscated: RopSize reads 0xA5A2 */
	ck_assert_ptr_null(rop_view_decode_request(mem, rop_state_new(mem), ROP_VIEW_LEGACY,
						   clear));
	/* a legacy payload is no RPC_HEADER_EXT chain, and the other way round */
	ck_assert_ptr_null(rop_view_decode_request(mem, rop_state_new(mem), ROP_VIEW_EXT,
						   gps_legacy(GPS_REQ)));
	ck_assert_ptr_null(rop_view_decode_request(mem, rop_state_new(mem), ROP_VIEW_LEGACY,
						   wrap(clear, 0)));
}
END_TEST

/* One association, both framings: the columns a legacy RopSetColumns sets
 * delimit the rows of a later RopQueryRows over EcDoRpcExt2. */
START_TEST(legacy_and_ext_calls_share_the_state)
{
	static const uint32_t h[] = { 0x99 };
	struct rop_state *st = rop_state_new(mem);
	struct rop_view *v;

	v = rop_view_decode_request(mem, st, ROP_VIEW_LEGACY, obfuscate(rop_frame(mem,
		hex_blob(mem, "12 00 00 00 01 00 03 00 48 67"), h, 1)));
	ck_assert_ptr_nonnull(v);
	ck_assert(NT_STATUS_IS_OK(rop_view_decode_response(v, obfuscate(rop_frame(mem,
		hex_blob(mem, "12 00 00 00 00 00 00"), h, 1)))));

	v = rop_view_decode_request(mem, st, ROP_VIEW_EXT, wrap(rop_frame(mem,
		hex_blob(mem, "15 00 00 01 01 0A 00"), h, 1), MAPI_EXT_XORMAGIC));
	ck_assert_ptr_nonnull(v);
	ck_assert(NT_STATUS_IS_OK(rop_view_decode_response(v, wrap(rop_frame(mem,
		hex_blob(mem, "15 00 00 00 00 00 02 01 00" "00 07 00 00 00"), h, 1),
		MAPI_EXT_COMPRESSED))));
	ck_assert_uint_eq(v->rops.responses[0]->rops[0]->u.QueryRows.RowCount, 1);
	ck_assert_uint_eq(v->rops.responses[0]->rops[0]->u.QueryRows.RowData[0].values[0].value.u, 7);
}
END_TEST

static void setup(void) { mem = talloc_new(NULL); }
static void teardown(void) { talloc_free(mem); }

int main(void)
{
	Suite *s = suite_create("rop_view");
	TCase *tc = tcase_create("view");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, untouched_outlook_request_is_not_reencoded);
	tcase_add_test(tc, dropped_rop_is_reencoded_compressed_like_the_client);
	tcase_add_test(tc, changed_response_keeps_the_servers_flags);
	tcase_add_test(tc, changed_response_over_the_limit_is_refused);
	tcase_add_test(tc, untouched_response_is_not_reencoded);
	tcase_add_test(tc, undecodable_payloads_give_no_view);
	tcase_add_test(tc, legacy_untouched_payloads_are_not_reencoded);
	tcase_add_test(tc, legacy_changed_response_is_reencoded_obfuscated);
	tcase_add_test(tc, legacy_request_rops_can_be_inserted_and_dropped);
	tcase_add_test(tc, legacy_changed_response_over_the_limit_is_refused);
	tcase_add_test(tc, legacy_undecodable_payloads_give_no_view);
	tcase_add_test(tc, legacy_and_ext_calls_share_the_state);
	suite_add_tcase(s, tc);
	return check_main(s);
}

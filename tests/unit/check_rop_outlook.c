/*
 * Real traffic: the two EcDoRpcExt2 requests Outlook 2007 sent to Exchange
 * (tests/data/outlook2007) must decode, through the payload codec and the
 * ROP layer, into ROPs that serialize back to exactly the bytes Outlook
 * compressed.  Neither layer's own encoder produced these bytes.
 */
#include "config.h"
#include <check.h>
#include "suite_main.h"
#include <stdio.h>
#include <stdlib.h>
#include <util/data_blob.h>
#include <ndr.h>
#include "mapi_ext.h"
#include "rop.h"

static TALLOC_CTX *mem;

static DATA_BLOB load(const char *name)
{
	char path[1024];
	uint8_t *buf = talloc_array(mem, uint8_t, 4096);
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", OUTLOOK_TEST_DATA, name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	n = fread(buf, 1, 4096, f);
	fclose(f);
	return data_blob_const(buf, n);
}

/* rgbIn of the EcDoRpcExt2 stub: conformance count at 0x18 (NDR20
 * conformant array after the 20-byte handle and pulFlags), bytes from 0x1C. */
static DATA_BLOB rgb_in(DATA_BLOB stub)
{
	uint32_t count = stub.data[0x18] | stub.data[0x19] << 8 |
		stub.data[0x1a] << 16 | (uint32_t)stub.data[0x1b] << 24;

	ck_assert_uint_le(0x1C + count, stub.length);
	return data_blob_const(stub.data + 0x1C, count);
}

static const struct {
	const char *file;
	uint8_t first_rop;
} outlook[] = {
	{ "001_Outlook_2007_in_ModifyRecipients_comp.dat", 0x0D },
	{ "002_Outlook_2007_in_Tables_operations_comp.dat", 0x05 },
};

START_TEST(outlook2007_requests_decode_to_rops_exactly)
{
	struct mapi_ext_buffer *ext;
	struct rop_request_buffer *rops;
	struct rop_state *state = rop_state_new(mem);
	DATA_BLOB payload, again;
	NTSTATUS status;
	uint32_t i;

	status = mapi_ext_unpack(mem, rgb_in(load(outlook[_i].file)), &ext);
	ck_assert_msg(NT_STATUS_IS_OK(status), "%s", nt_errstr(status));
	payload = ext->segments[0].payload;

	status = rop_request_buffer_pull(mem, payload.data, payload.length, state, &rops);
	ck_assert_msg(NT_STATUS_IS_OK(status), "%s: %s", outlook[_i].file,
		      nt_errstr(status));
	ck_assert_uint_ge(rops->num_rops, 2);
	ck_assert_uint_eq(rops->rops[0]->rop_id, outlook[_i].first_rop);
	for (i = 0; i < rops->num_rops; i++) {
		ck_assert_ptr_nonnull(rop_info_by_id(rops->rops[i]->rop_id));
	}

	status = rop_request_buffer_push(mem, rops, &again);
	ck_assert_msg(NT_STATUS_IS_OK(status), "%s", nt_errstr(status));
	ck_assert_uint_eq(again.length, payload.length);
	ck_assert_mem_eq(again.data, payload.data, payload.length);
}
END_TEST

static void setup(void) { mem = talloc_new(NULL); }
static void teardown(void) { talloc_free(mem); }

int main(void)
{
	Suite *s = suite_create("rop_outlook");
	TCase *tc = tcase_create("outlook2007");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, outlook2007_requests_decode_to_rops_exactly, 0, 2);
	suite_add_tcase(s, tc);
	return check_main(s);
}

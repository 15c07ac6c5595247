/*
 * Round trip of every ROP request and response of rops.desc with populated
 * values: rop_samples.py writes the wire bytes of each layout (in Python,
 * from the description, not with the C encoder), in two variants (every
 * optional part present / absent) and for the success and each special
 * failure form.  Each must parse, serialize to the same bytes, and print.
 *
 * Before each sample the state is primed the way a session would: a private
 * logon (LogonId 0) and a table at handle 0x100 with two columns
 * (PtypInteger32, PtypString) set by RopSetColumns.
 */
#include "config.h"
#include <check.h>
#include "suite_main.h"
#include <stdlib.h>
#include "rop_test_util.h"
#include "rop_samples.h"

static const uint32_t req_handles[] = { 0x100, 0xFFFFFFFF };
static const uint32_t rsp_handles[] = { 0x100, 0x200 };

static struct rop_state *primed_state(TALLOC_CTX *mem)
{
	struct rop_state *st = rop_state_new(mem);
	static const uint32_t lq[] = { 0xFFFFFFFF }, ls[] = { 0x100 };
	struct rop_request_buffer *rq;

	/* MS-OXCROPS 2.2.3.1: private logon, EssdnSize 0 */
	rq = req_roundtrip(mem, rop_frame(mem, hex_blob(mem,
		"FE 00 00 01 00 00 00 00 00 00 00 00 00 00"), lq, 1), st);
	rsp_roundtrip(mem, rop_frame(mem, hex_blob(mem,
		"FE 00 00 00 00 00 01"
		"01 00 00 00 00 00 00 01 02 00 00 00 00 00 00 01 03 00 00 00 00 00 00 01"
		"04 00 00 00 00 00 00 01 05 00 00 00 00 00 00 01 06 00 00 00 00 00 00 01"
		"07 00 00 00 00 00 00 01 08 00 00 00 00 00 00 01 09 00 00 00 00 00 00 01"
		"0A 00 00 00 00 00 00 01 0B 00 00 00 00 00 00 01 0C 00 00 00 00 00 00 01"
		"0D 00 00 00 00 00 00 01"
		"01 00000000000000000000000000000000 0100 00000000000000000000000000000000"
		"00 00 00 00 00 00 E8 07 0000000000000000 00000000"), ls, 1), rq, st);
	/* MS-OXCROPS 2.2.5.1: columns PtypInteger32, PtypString on handle 0x100 */
	rq = req_roundtrip(mem, rop_frame(mem, hex_blob(mem,
		"12 00 00 00 02 00 03 00 01 00 1F 00 02 00"), ls, 1), st);
	rsp_roundtrip(mem, rop_frame(mem, hex_blob(mem, "12 00 00 00 00 00 00"), ls, 1),
		      rq, st);
	return st;
}

START_TEST(every_rop_round_trips)
{
	const struct rop_sample *s = &rop_samples[_i];
	TALLOC_CTX *mem = talloc_new(NULL);
	struct rop_state *st = primed_state(mem);
	DATA_BLOB qb = { (uint8_t *)s->req, s->req_len };
	struct rop_request_buffer *rq;
	const struct rop_info *info = rop_info_by_id(s->id);

	ck_assert_ptr_nonnull(info);
	rq = req_roundtrip(mem, rop_frame(mem, qb, req_handles, 2), st);
	if (s->req_len > 0) {
		ck_assert_uint_eq(rq->num_rops, 1);
		ck_assert_uint_eq(rq->rops[0]->rop_id, s->id);
		ck_assert_ptr_nonnull(strstr(dump_requests(mem, rq), info->name));
	}
	if (s->rsp != NULL) {
		DATA_BLOB sb = { (uint8_t *)s->rsp, s->rsp_len };
		struct rop_response_buffer *rs;

		rs = rsp_roundtrip(mem, rop_frame(mem, sb, rsp_handles, 2), rq, st);
		ck_assert_uint_eq(rs->num_rops, 1);
		ck_assert_uint_eq(rs->rops[0]->return_value, s->retval);
		ck_assert_ptr_nonnull(strstr(dump_responses(mem, rs), info->name));
	}
	talloc_free(mem);
}
END_TEST

/* Every ROP the description knows has at least one sample. */
START_TEST(every_rop_has_samples)
{
	size_t i, j;

	for (i = 0; rop_info_at(i) != NULL; i++) {
		bool found = false;
		for (j = 0; j < sizeof(rop_samples) / sizeof(rop_samples[0]); j++) {
			found |= rop_samples[j].id == rop_info_at(i)->id;
		}
		ck_assert_msg(found, "no sample for %s", rop_info_at(i)->name);
	}
}
END_TEST

static Suite *rop_roundtrip_suite(void)
{
	Suite *s = suite_create("rop_roundtrip");
	TCase *tc = tcase_create("all");

	tcase_add_loop_test(tc, every_rop_round_trips, 0,
			    sizeof(rop_samples) / sizeof(rop_samples[0]));
	tcase_add_test(tc, every_rop_has_samples);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_main(rop_roundtrip_suite());
}

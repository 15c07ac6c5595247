/*
 * Hostile ROP buffers: every malformed input gives a clean NTSTATUS error,
 * never a crash or a read past the buffer (run under ASan/valgrind).
 */
#include "config.h"
#include <check.h>
#include "suite_main.h"
#include <stdlib.h>
#include "rop_test_util.h"

static NTSTATUS parse_req(TALLOC_CTX *mem, DATA_BLOB b)
{
	struct rop_request_buffer *rb = NULL;
	/* An exact-size heap copy, so that ASan sees any over-read. */
	uint8_t *copy = b.length ? talloc_memdup(mem, b.data, b.length)
				 : talloc_size(mem, 0);
	NTSTATUS st = rop_request_buffer_pull(mem, copy, b.length, NULL, &rb);

	if (!NT_STATUS_IS_OK(st)) ck_assert_ptr_null(rb);
	return st;
}

START_TEST(short_and_inconsistent_frames)
{
	TALLOC_CTX *mem = talloc_new(NULL);

	ck_assert(!NT_STATUS_IS_OK(parse_req(mem, hex_blob(mem, ""))));
	ck_assert(!NT_STATUS_IS_OK(parse_req(mem, hex_blob(mem, "05"))));
	/* RopSize past the end */
	ck_assert(!NT_STATUS_IS_OK(parse_req(mem, hex_blob(mem, "10 00 01 00"))));
	/* RopSize smaller than itself */
	ck_assert(!NT_STATUS_IS_OK(parse_req(mem, hex_blob(mem, "01 00"))));
	/* handle table of 3 bytes */
	ck_assert(!NT_STATUS_IS_OK(parse_req(mem, hex_blob(mem, "02 00 01 02 03"))));
	/* an empty buffer is fine */
	ck_assert(NT_STATUS_IS_OK(parse_req(mem, hex_blob(mem, "02 00"))));
	talloc_free(mem);
}
END_TEST

START_TEST(unknown_rop_id)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	ck_assert(NT_STATUS_EQUAL(parse_req(mem, hex_blob(mem, "05 00 EE 00 00")),
				  NT_STATUS_NOT_SUPPORTED));
	/* a response-only id in a request */
	ck_assert(NT_STATUS_EQUAL(parse_req(mem, hex_blob(mem, "05 00 2A 00 00")),
				  NT_STATUS_NOT_SUPPORTED));
	talloc_free(mem);
}
END_TEST

START_TEST(counts_past_the_end)
{
	TALLOC_CTX *mem = talloc_new(NULL);

	/* RopDeleteMessages claiming 0xFFFF message ids */
	ck_assert(NT_STATUS_EQUAL(parse_req(mem, hex_blob(mem, "09 00 1E 00 00 00 00 FF FF")),
				  NT_STATUS_BUFFER_TOO_SMALL));
	/* RopSetProperties: a binary value longer than the buffer */
	ck_assert(!NT_STATUS_IS_OK(parse_req(mem, hex_blob(mem,
		"0F 00 0A 00 00 08 00 01 00 02 01 01 00 FF 7F"))));
	/* multi-valued count far too large */
	ck_assert(!NT_STATUS_IS_OK(parse_req(mem, hex_blob(mem,
		"11 00 0A 00 00 0A 00 01 00 03 10 01 00 FF FF FF FF"))));
	/* unterminated string (RopGetReceiveFolder) */
	ck_assert(!NT_STATUS_IS_OK(parse_req(mem, hex_blob(mem, "07 00 27 00 00 41 42"))));
	/* unknown property type */
	ck_assert(NT_STATUS_EQUAL(parse_req(mem, hex_blob(mem,
		"0F 00 0A 00 00 08 00 01 00 77 00 01 00 00 00")), NT_STATUS_NOT_SUPPORTED));
	talloc_free(mem);
}
END_TEST

START_TEST(restriction_size_and_depth)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	DATA_BLOB deep = data_blob_talloc_zero(mem, 2 + 6 + 2000);
	size_t i;

	/* RestrictionDataSize larger than the restriction */
	ck_assert(!NT_STATUS_IS_OK(parse_req(mem, hex_blob(mem,
		"0E 00 14 00 00 00 09 00 08 1F 00 37 00"))));
	/* a restriction running past its RestrictionDataSize */
	ck_assert(!NT_STATUS_IS_OK(parse_req(mem, hex_blob(mem,
		"0D 00 14 00 00 00 03 00 08 1F 00 37 00"))));
	/* 2000 nested Not restrictions: refused by the depth limit */
	deep.data[0] = (2 + 6 + 2000) & 0xff;
	deep.data[1] = (2 + 6 + 2000) >> 8;
	deep.data[2] = 0x14;
	deep.data[6] = 2000 & 0xff;
	deep.data[7] = 2000 >> 8;
	for (i = 0; i < 2000; i++) deep.data[8 + i] = 0x02;
	ck_assert(NT_STATUS_EQUAL(parse_req(mem, deep), NT_STATUS_INVALID_PARAMETER));
	talloc_free(mem);
}
END_TEST

START_TEST(responses_that_do_not_match)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct rop_request_buffer *rq;
	struct rop_response_buffer *rs = NULL;
	DATA_BLOB b;

	ck_assert(NT_STATUS_IS_OK(rop_request_buffer_pull(mem,
		(const uint8_t *)"\x06\x00\x32\x00\x00\x00", 6, NULL, &rq)));
	/* a response for another ROP */
	b = hex_blob(mem, "08 00 05 00 00 00 00 00");
	ck_assert(!NT_STATUS_IS_OK(rop_response_buffer_pull(mem, b.data, b.length, rq, NULL, &rs)));
	/* two responses for one request */
	b = hex_blob(mem, "0E 00 32 00 00 00 00 00 32 00 00 00 00 00");
	ck_assert(!NT_STATUS_IS_OK(rop_response_buffer_pull(mem, b.data, b.length, rq, NULL, &rs)));
	/* truncated response header */
	b = hex_blob(mem, "05 00 32 00 00");
	ck_assert(!NT_STATUS_IS_OK(rop_response_buffer_pull(mem, b.data, b.length, rq, NULL, &rs)));
	/* no request given */
	b = hex_blob(mem, "02 00");
	ck_assert(!NT_STATUS_IS_OK(rop_response_buffer_pull(mem, b.data, b.length, NULL, NULL, &rs)));
	/* RopSetMessageReadFlag needs to know the logon kind */
	b = hex_blob(mem, "07 00 11 00 00 00 00");
	ck_assert(NT_STATUS_EQUAL(parse_req(mem, b), NT_STATUS_NOT_FOUND));
	talloc_free(mem);
}
END_TEST

/* Every prefix of a valid buffer fails cleanly (or parses, when it ends at
 * a ROP boundary and RopSize agrees). */
START_TEST(every_truncation_is_clean)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	static const uint32_t h[] = { 1, 2 };
	DATA_BLOB full = rop_frame(mem, hex_blob(mem,
		"14 00 01 00 16 00 00 02 00 08 1F 00 37 00 04 04 03 00 17 0E 03 00 17 0E 01 00 00 00"
		"0A 00 00 24 00 02 00 1F 00 3D 00 00 00 1F 00 1D 0E 48 00 65 00 6C 00 6C 00 6F 00 20"
		"00 57 00 6F 00 72 00 6C 00 64 00 00 00"), h, 2);
	size_t n;

	for (n = 0; n < full.length; n++) {
		DATA_BLOB cut = data_blob_talloc(mem, full.data, n);
		uint16_t rs = full.data[0] | (full.data[1] << 8);
		if (n >= 2) {
			/* keep RopSize consistent with the shorter ROP area */
			size_t area = n < rs ? n : rs;
			cut.data[0] = area & 0xff;
			cut.data[1] = area >> 8;
			cut.length = area;
		}
		(void)parse_req(mem, cut);
	}
	talloc_free(mem);
}
END_TEST

static Suite *rop_hostile_suite(void)
{
	Suite *s = suite_create("rop_hostile");
	TCase *tc = tcase_create("hostile");

	tcase_add_test(tc, short_and_inconsistent_frames);
	tcase_add_test(tc, unknown_rop_id);
	tcase_add_test(tc, counts_past_the_end);
	tcase_add_test(tc, restriction_size_and_depth);
	tcase_add_test(tc, responses_that_do_not_match);
	tcase_add_test(tc, every_truncation_is_clean);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_main(rop_hostile_suite());
}

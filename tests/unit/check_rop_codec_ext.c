/*
 * RPC_HEADER_EXT chains (MS-OXCRPC §2.2.2.1, §3.1.4.2.1) and the XOR
 * obfuscation (§3.1.4.1.1.3): real Outlook 2007 requests, headers from the
 * specification's examples, chains built by hand, and hostile buffers.
 */
#include "config.h"
#include <check.h>
#include "suite_main.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mapi_ext.h"
#include "mapi_lz77.h"

static TALLOC_CTX *mem;

static void setup(void)
{
	mem = talloc_new(NULL);
}

static void teardown(void)
{
	talloc_free(mem);
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static DATA_BLOB load(const char *name)
{
	char path[1024];
	FILE *f;
	uint8_t *buf = talloc_array(mem, uint8_t, 4096);
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", CODEC_TEST_DATA, name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	n = fread(buf, 1, 4096, f);
	fclose(f);
	return data_blob_const(buf, n);
}

/*
 * The EcDoRpcExt2 request stub (NDR): context handle (20 bytes),
 * pulFlags (4), then rgbIn, a conformant array: its conformance count at
 * 0x18 (equal to cbIn), the bytes from 0x1C, then cbIn itself after them,
 * aligned to 4.  We check that both counts agree before trusting them.
 */
static DATA_BLOB rgb_in(DATA_BLOB stub, size_t *after)
{
	uint32_t count = le32(stub.data + 0x18);
	size_t end = 0x1C + count;
	size_t cb_in_at = (end + 3) & ~(size_t)3;

	ck_assert_uint_le(cb_in_at + 4, stub.length);
	ck_assert_uint_eq(le32(stub.data + cb_in_at), count);
	*after = cb_in_at + 4;
	return data_blob_const(stub.data + 0x1C, count);
}

static const struct {
	const char *file;
	uint16_t size, size_actual;
	uint8_t first_rop;
} outlook[] = {
	{ "001_Outlook_2007_in_ModifyRecipients_comp.dat", 325, 459, 0x0D },
	{ "002_Outlook_2007_in_Tables_operations_comp.dat", 330, 380, 0x05 },
};

START_TEST(outlook2007_requests_decode)
{
	size_t after;
	DATA_BLOB in = rgb_in(load(outlook[_i].file), &after);
	struct mapi_ext_buffer *buf;
	const struct mapi_ext_segment *s;
	NTSTATUS status = mapi_ext_unpack(mem, in, &buf);
	uint16_t rop_size;

	ck_assert_msg(NT_STATUS_IS_OK(status), "%s", nt_errstr(status));
	ck_assert_uint_eq(buf->num_segments, 1);
	s = &buf->segments[0];
	ck_assert_uint_eq(s->header.version, 0);
	ck_assert_uint_eq(s->header.flags, MAPI_EXT_COMPRESSED | MAPI_EXT_LAST);
	ck_assert_uint_eq(s->header.size, outlook[_i].size);
	ck_assert_uint_eq(s->header.size_actual, outlook[_i].size_actual);
	ck_assert_uint_eq(s->payload.length, outlook[_i].size_actual);
	/* ROP input buffer (MS-OXCROPS §2.2.1): RopSize, then the ROPs. */
	rop_size = s->payload.data[0] | s->payload.data[1] << 8;
	ck_assert_uint_ge(rop_size, 3);
	ck_assert_uint_le(rop_size, s->payload.length);
	ck_assert_uint_eq(s->payload.data[2], outlook[_i].first_rop);
}
END_TEST

/* Re-encode with our compressor (and with XOR), decode: same ROP bytes. */
START_TEST(outlook2007_requests_reencode)
{
	static const uint16_t flag_sets[] = {
		MAPI_EXT_COMPRESSED, MAPI_EXT_COMPRESSED | MAPI_EXT_XORMAGIC,
		MAPI_EXT_XORMAGIC, 0 };
	size_t after, k;
	DATA_BLOB in = rgb_in(load(outlook[_i].file), &after);
	struct mapi_ext_buffer *orig, *again;

	ck_assert(NT_STATUS_IS_OK(mapi_ext_unpack(mem, in, &orig)));
	for (k = 0; k < sizeof(flag_sets) / sizeof(flag_sets[0]); k++) {
		struct mapi_ext_segment seg = orig->segments[0];
		struct mapi_ext_buffer wanted = { 1, &seg };
		DATA_BLOB wire;

		seg.header.flags = flag_sets[k];
		ck_assert(NT_STATUS_IS_OK(mapi_ext_pack(mem, &wanted, SIZE_MAX, &wire)));
		ck_assert(NT_STATUS_IS_OK(mapi_ext_unpack(mem, wire, &again)));
		ck_assert_uint_eq(again->num_segments, 1);
		ck_assert_uint_eq(again->segments[0].header.flags,
				  flag_sets[k] | MAPI_EXT_LAST);
		ck_assert_uint_eq(again->segments[0].payload.length,
				  orig->segments[0].payload.length);
		ck_assert_mem_eq(again->segments[0].payload.data,
				 orig->segments[0].payload.data,
				 orig->segments[0].payload.length);
		if (flag_sets[k] & MAPI_EXT_COMPRESSED) {
			ck_assert_uint_lt(again->segments[0].header.size,
					  again->segments[0].header.size_actual);
		}
	}
}
END_TEST

/*
 * MS-OXCRPC §4.2 (Issue ROP Commands to the Server): an uncompressed,
 * unobfuscated rgbIn of cbIn 0x15A whose header reads Version 0x0000,
 * Flags 0x0004, Size 0x0152, SizeActual 0x0152.  The example gives the
 * header bytes and sizes; the 0x152 payload bytes here are ours.
 */
START_TEST(spec_example_uncompressed_header)
{
	uint8_t wire[0x15A];
	struct mapi_ext_buffer *buf;
	struct mapi_ext_segment seg;
	struct mapi_ext_buffer wanted = { 1, &seg };
	DATA_BLOB packed;
	size_t i;

	memcpy(wire, "\x00\x00\x04\x00\x52\x01\x52\x01", 8);
	for (i = 8; i < sizeof(wire); i++) {
		wire[i] = i & 0xff;
	}
	ck_assert(NT_STATUS_IS_OK(mapi_ext_unpack(mem, data_blob_const(wire, sizeof(wire)), &buf)));
	ck_assert_uint_eq(buf->segments[0].header.flags, MAPI_EXT_LAST);
	ck_assert_uint_eq(buf->segments[0].payload.length, 0x152);
	ck_assert_mem_eq(buf->segments[0].payload.data, wire + 8, 0x152);

	/* Packing it back without compression or XOR gives the same bytes. */
	seg = buf->segments[0];
	seg.header.flags = 0;
	ck_assert(NT_STATUS_IS_OK(mapi_ext_pack(mem, &wanted, 0x15A, &packed)));
	ck_assert_uint_eq(packed.length, sizeof(wire));
	ck_assert_mem_eq(packed.data, wire, sizeof(wire));
	/* ... and a cbMaxOut one byte short is refused. */
	ck_assert(NT_STATUS_EQUAL(mapi_ext_pack(mem, &wanted, 0x159, &packed),
				  NT_STATUS_BUFFER_TOO_SMALL));
}
END_TEST

/* A chain as in §4.3 (packed responses): three segments, Last on the third. */
START_TEST(hand_built_chain)
{
	/*
	 * 1: plain "AB"; 2: XOR "xyz" (0x78^0xa5=0xdd, 0x79^0xa5=0xdc,
	 * 0x7a^0xa5=0xdf); 3: compressed+XOR "aaaaaaaaaaa" (the stream
	 * ff ff ff 7f 61 07 00 00, each byte ^ 0xa5), Last.
	 */
	static const uint8_t wire[] = {
		0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x02, 0x00, 'A', 'B',
		0x00, 0x00, 0x02, 0x00, 0x03, 0x00, 0x03, 0x00, 0xdd, 0xdc, 0xdf,
		0x00, 0x00, 0x07, 0x00, 0x08, 0x00, 0x0b, 0x00,
		0x5a, 0x5a, 0x5a, 0xda, 0xc4, 0xa2, 0xa5, 0xa5 };
	struct mapi_ext_buffer *buf;
	DATA_BLOB packed;
	struct mapi_ext_buffer *again;
	uint32_t i;

	ck_assert(NT_STATUS_IS_OK(mapi_ext_unpack(mem, data_blob_const(wire, sizeof(wire)), &buf)));
	ck_assert_uint_eq(buf->num_segments, 3);
	ck_assert_mem_eq(buf->segments[0].payload.data, "AB", 2);
	ck_assert_mem_eq(buf->segments[1].payload.data, "xyz", 3);
	ck_assert_uint_eq(buf->segments[2].payload.length, 11);
	ck_assert_mem_eq(buf->segments[2].payload.data, "aaaaaaaaaaa", 11);

	/* Pack keeps the chain; Last moves to the final segment only. */
	buf->segments[0].header.flags |= MAPI_EXT_LAST;
	ck_assert(NT_STATUS_IS_OK(mapi_ext_pack(mem, buf, SIZE_MAX, &packed)));
	ck_assert(NT_STATUS_IS_OK(mapi_ext_unpack(mem, packed, &again)));
	ck_assert_uint_eq(again->num_segments, 3);
	for (i = 0; i < 3; i++) {
		ck_assert_uint_eq(again->segments[i].header.flags & MAPI_EXT_LAST,
				  i == 2 ? MAPI_EXT_LAST : 0);
		ck_assert_uint_eq(again->segments[i].payload.length,
				  buf->segments[i].payload.length);
		ck_assert_mem_eq(again->segments[i].payload.data,
				 buf->segments[i].payload.data,
				 buf->segments[i].payload.length);
	}
	/* "AB" does not shrink: §2.2.2.1 forbids Compressed with Size >= SizeActual. */
	ck_assert_uint_eq(again->segments[0].header.flags & MAPI_EXT_COMPRESSED, 0);
}
END_TEST

START_TEST(xor_is_0xa5_and_involutive)
{
	uint8_t b[19];
	size_t i;

	for (i = 0; i < sizeof(b); i++) {
		b[i] = i * 7;
	}
	mapi_xor_apply(b, sizeof(b));
	for (i = 0; i < sizeof(b); i++) {
		ck_assert_uint_eq(b[i], (uint8_t)(i * 7) ^ 0xA5);
	}
	mapi_xor_apply(b, sizeof(b));
	for (i = 0; i < sizeof(b); i++) {
		ck_assert_uint_eq(b[i], (uint8_t)(i * 7));
	}
}
END_TEST

static void rejects(const uint8_t *wire, size_t len)
{
	struct mapi_ext_buffer *buf = NULL;
	NTSTATUS s = mapi_ext_unpack(mem, data_blob_const(wire, len), &buf);

	ck_assert(!NT_STATUS_IS_OK(s));
	ck_assert_ptr_null(buf);
}

START_TEST(hostile_headers)
{
	static const uint8_t truncated_header[] = { 0x00, 0x00, 0x04, 0x00, 0x02 };
	static const uint8_t bad_version[] = { 0x01, 0x00, 0x04, 0x00, 0x01, 0x00, 0x01, 0x00, 'x' };
	static const uint8_t bogus_flags[] = { 0x00, 0x00, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 'x' };
	static const uint8_t size_past_end[] = { 0x00, 0x00, 0x04, 0x00, 0x05, 0x00, 0x05, 0x00, 'x' };
	static const uint8_t size_mismatch[] = { 0x00, 0x00, 0x04, 0x00, 0x01, 0x00, 0x02, 0x00, 'x' };
	static const uint8_t compressed_not_smaller[] = { 0x00, 0x00, 0x05, 0x00, 0x04, 0x00, 0x04, 0x00,
							  0xff, 0xff, 0xff, 0xff };
	static const uint8_t oversized[] = { 0x00, 0x00, 0x05, 0x00, 0x04, 0x00, 0x01, 0x80,
					     0xff, 0xff, 0xff, 0xff };
	static const uint8_t no_last[] = { 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 'x' };
	static const uint8_t trailing[] = { 0x00, 0x00, 0x04, 0x00, 0x01, 0x00, 0x01, 0x00, 'x', 0x00 };
	static const uint8_t bad_stream[] = { 0x00, 0x00, 0x05, 0x00, 0x06, 0x00, 0x10, 0x00,
					      0xff, 0xff, 0xff, 0xff, 0x00, 0x00 };

	rejects(NULL, 0);
	rejects(truncated_header, sizeof(truncated_header));
	rejects(bad_version, sizeof(bad_version));
	rejects(bogus_flags, sizeof(bogus_flags));
	rejects(size_past_end, sizeof(size_past_end));
	rejects(size_mismatch, sizeof(size_mismatch));
	rejects(compressed_not_smaller, sizeof(compressed_not_smaller));
	rejects(oversized, sizeof(oversized));
	rejects(no_last, sizeof(no_last));
	rejects(trailing, sizeof(trailing));
	rejects(bad_stream, sizeof(bad_stream));
}
END_TEST

/* Every prefix of a real request is refused cleanly (run under ASan). */
START_TEST(outlook2007_truncations)
{
	size_t after, n;
	DATA_BLOB in = rgb_in(load(outlook[0].file), &after);

	for (n = 0; n < in.length; n++) {
		uint8_t *copy = talloc_memdup(mem, in.data, n ? n : 1);

		rejects(copy, n);
		talloc_free(copy);
	}
}
END_TEST

START_TEST(pack_limits)
{
	struct mapi_ext_segment seg;
	struct mapi_ext_buffer wanted = { 1, &seg };
	struct mapi_ext_buffer none = { 0, NULL };
	DATA_BLOB out;
	uint8_t *big = talloc_zero_array(mem, uint8_t, MAPI_EXT_MAX_PAYLOAD + 1);

	memset(&seg, 0, sizeof(seg));
	seg.payload = data_blob_const(big, MAPI_EXT_MAX_PAYLOAD + 1);
	ck_assert(NT_STATUS_EQUAL(mapi_ext_pack(mem, &wanted, SIZE_MAX, &out),
				  NT_STATUS_INVALID_PARAMETER));
	ck_assert(NT_STATUS_EQUAL(mapi_ext_pack(mem, &none, SIZE_MAX, &out),
				  NT_STATUS_INVALID_PARAMETER));
	/* 32 KiB of zeros compress; the result fits a small cbMaxOut. */
	seg.payload.length = MAPI_EXT_MAX_PAYLOAD;
	seg.header.flags = MAPI_EXT_COMPRESSED;
	ck_assert(NT_STATUS_IS_OK(mapi_ext_pack(mem, &wanted, 64, &out)));
	ck_assert_uint_le(out.length, 64);
}
END_TEST

static Suite *ext_suite(void)
{
	Suite *s = suite_create("rop_codec_ext");
	TCase *tc = tcase_create("outlook2007");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, outlook2007_requests_decode, 0, 2);
	tcase_add_loop_test(tc, outlook2007_requests_reencode, 0, 2);
	tcase_add_test(tc, outlook2007_truncations);
	suite_add_tcase(s, tc);

	tc = tcase_create("framing");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, spec_example_uncompressed_header);
	tcase_add_test(tc, hand_built_chain);
	tcase_add_test(tc, xor_is_0xa5_and_involutive);
	tcase_add_test(tc, hostile_headers);
	tcase_add_test(tc, pack_limits);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_main(ext_suite());
}

/*
 * LZ77 + DIRECT2 (MS-XCA §2.3/§2.4, MS-OXCRPC §3.1.4.1.1.2).
 *
 * Decoding is checked against streams written by hand from the
 * specification's rules (each vector says which rule it exercises) and
 * against MS-XCA §3.1's examples; the compressor is checked only through
 * round trips and properties of its output, never against its own bytes,
 * since many encodings of one input are valid.
 */
#include "config.h"
#include <check.h>
#include "suite_main.h"
#include <stdlib.h>
#include <string.h>
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

static NTSTATUS decode(const uint8_t *in, size_t len, size_t out_size,
		       DATA_BLOB *out)
{
	return mapi_lz77_decompress(mem, data_blob_const(in, len), out_size, out);
}

#define DECODES_TO(stream, expect, expect_len) do { \
	DATA_BLOB o_; \
	NTSTATUS s_ = decode(stream, sizeof(stream), expect_len, &o_); \
	ck_assert_msg(NT_STATUS_IS_OK(s_), "%s", nt_errstr(s_)); \
	ck_assert_uint_eq(o_.length, expect_len); \
	ck_assert_mem_eq(o_.data, expect, expect_len); \
} while (0)

#define REJECTS(stream, out_size) do { \
	DATA_BLOB o_; \
	NTSTATUS s_ = decode(stream, sizeof(stream), out_size, &o_); \
	ck_assert(NT_STATUS_EQUAL(s_, NT_STATUS_BAD_COMPRESSION_BUFFER)); \
} while (0)

/* MS-XCA §3.1: 26 literals, then the end bit and five padding ones. */
START_TEST(xca_example_literals)
{
	static const uint8_t stream[] = {
		0x3f, 0x00, 0x00, 0x00, 'a', 'b', 'c', 'd', 'e', 'f', 'g',
		'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's',
		't', 'u', 'v', 'w', 'x', 'y', 'z' };
	DECODES_TO(stream, "abcdefghijklmnopqrstuvwxyz", 26);
}
END_TEST

/*
 * MS-XCA §3.1: "abc" x 100.  Three literals, then one match at offset 3
 * whose length 297 goes through the half byte (15), the byte (255) and
 * the 2-byte length 0x0126 = 297 - 3.  Checked by hand against §2.4.
 */
START_TEST(xca_example_overlapping_long_match)
{
	static const uint8_t stream[] = {
		0xff, 0xff, 0xff, 0x1f, 'a', 'b', 'c', 0x17, 0x00, 0x0f, 0xff,
		0x26, 0x01 };
	char expect[300];
	int i;

	for (i = 0; i < 300; i++) {
		expect[i] = "abc"[i % 3];
	}
	DECODES_TO(stream, expect, 300);
}
END_TEST

/* Offset 1 repeats the last byte: the match overlaps its own output. */
START_TEST(offset_one_run)
{
	/* 'a', match(offset 1, length 10 = 3 + 7 + half byte 0). */
	static const uint8_t stream[] = {
		0xff, 0xff, 0xff, 0x7f, 'a', 0x07, 0x00, 0x00 };
	DECODES_TO(stream, "aaaaaaaaaaa", 11);
}
END_TEST

/* Two long matches share one length byte: low nibble first, then high. */
START_TEST(shared_half_byte)
{
	/*
	 * L a, L b, M(2, 12): meta 0x000f, half byte 2 (12-10),
	 * L c, M(1, 20): meta 0x0007, high half byte 10 (20-10) -> 0xa2.
	 * Flags 0 0 1 0 1 then ones: 0x2fffffff.
	 */
	static const uint8_t stream[] = {
		0xff, 0xff, 0xff, 0x2f, 'a', 'b', 0x0f, 0x00, 0xa2, 'c',
		0x07, 0x00 };
	static const char expect[] =
		"ab" "abababababab" "c" "cccccccccccccccccccc";
	DECODES_TO(stream, expect, 35);
}
END_TEST

/* Short lengths 3..9 live in the 3 low bits of the metadata. */
START_TEST(short_lengths)
{
	int len;

	for (len = 3; len <= 9; len++) {
		uint8_t stream[] = { 0xff, 0xff, 0xff, 0x3f, 'x', 'y',
				     (uint8_t)(((2 - 1) << 3) | (len - 3)), 0x00 };
		char expect[16];
		DATA_BLOB o;
		int i;

		expect[0] = 'x';
		expect[1] = 'y';
		for (i = 0; i < len; i++) {
			expect[2 + i] = "xy"[i % 2];
		}
		ck_assert(NT_STATUS_IS_OK(decode(stream, sizeof(stream), len + 2, &o)));
		ck_assert_mem_eq(o.data, expect, len + 2);
	}
}
END_TEST

/* 'z' then match(1, len): the length forms of §2.4, one per vector. */
static void check_run(const uint8_t *stream, size_t slen, size_t len)
{
	DATA_BLOB o;
	size_t i;
	NTSTATUS s = decode(stream, slen, len + 1, &o);

	ck_assert_msg(NT_STATUS_IS_OK(s), "len %zu: %s", len, nt_errstr(s));
	for (i = 0; i < len + 1; i++) {
		ck_assert_uint_eq(o.data[i], 'z');
	}
}

START_TEST(length_forms)
{
	/* 24: half byte 14. */
	static const uint8_t h14[] = { 0xff, 0xff, 0xff, 0x7f, 'z', 0x07, 0x00, 0x0e };
	/* 25: half byte 15, then byte 0. */
	static const uint8_t b0[] = { 0xff, 0xff, 0xff, 0x7f, 'z', 0x07, 0x00, 0x0f, 0x00 };
	/* 279: byte 254, the largest 1-byte form. */
	static const uint8_t b254[] = { 0xff, 0xff, 0xff, 0x7f, 'z', 0x07, 0x00, 0x0f, 0xfe };
	/* 280: byte 255, then 2 bytes = 277 = length - 3. */
	static const uint8_t w277[] = { 0xff, 0xff, 0xff, 0x7f, 'z', 0x07, 0x00, 0x0f, 0xff, 0x15, 0x01 };
	/* 65538: 2 bytes 0xffff. */
	static const uint8_t wmax[] = { 0xff, 0xff, 0xff, 0x7f, 'z', 0x07, 0x00, 0x0f, 0xff, 0xff, 0xff };
	/* 65539: 2 bytes 0, then 4 bytes 0x10000. */
	static const uint8_t d4[] = { 0xff, 0xff, 0xff, 0x7f, 'z', 0x07, 0x00, 0x0f, 0xff, 0x00, 0x00,
				      0x00, 0x00, 0x01, 0x00 };

	check_run(h14, sizeof(h14), 24);
	check_run(b0, sizeof(b0), 25);
	check_run(b254, sizeof(b254), 279);
	check_run(w277, sizeof(w277), 280);
	check_run(wmax, sizeof(wmax), 65538);
	check_run(d4, sizeof(d4), 65539);
}
END_TEST

/* 32 literals fill a flag word; the end bit needs a word of its own. */
START_TEST(end_bit_in_new_flag_word)
{
	uint8_t stream[4 + 32 + 4];
	char expect[32];
	int i;

	memset(stream, 0, 4);
	for (i = 0; i < 32; i++) {
		stream[4 + i] = expect[i] = 'A' + i;
	}
	memset(stream + 36, 0xff, 4);
	DECODES_TO(stream, expect, 32);
}
END_TEST

/*
 * Leniency, pinned down: with SizeActual known, a stream that stops at a
 * flag-word boundary without the end word, or whose last word pads with
 * zeros, is complete and unambiguous; other decoders accept it too.
 */
START_TEST(end_without_end_word_is_accepted)
{
	uint8_t stream[4 + 32];
	static const uint8_t zero_pad[] = { 0x00, 0x00, 0x00, 0x00, 'o', 'k' };
	char expect[32];
	int i;

	memset(stream, 0, 4);
	for (i = 0; i < 32; i++) {
		stream[4 + i] = expect[i] = 'a' + (i % 26);
	}
	DECODES_TO(stream, expect, 32);
	DECODES_TO(zero_pad, "ok", 2);
}
END_TEST

START_TEST(empty_streams)
{
	static const uint8_t end_only[] = { 0xff, 0xff, 0xff, 0xff };
	DATA_BLOB o;

	DECODES_TO(end_only, "", 0);
	ck_assert(NT_STATUS_IS_OK(decode(NULL, 0, 0, &o)));
	ck_assert_uint_eq(o.length, 0);
}
END_TEST

START_TEST(rejects_malformed)
{
	/* A match before any output. */
	static const uint8_t before_start[] = { 0xff, 0xff, 0xff, 0xff, 0x00, 0x00 };
	/* Offset 3 with only one byte of output. */
	static const uint8_t offset_too_far[] = { 0xff, 0xff, 0xff, 0x7f, 'a', 0x10, 0x00 };
	/* Truncated: metadata cut in half, length byte missing, flag word cut. */
	static const uint8_t cut_meta[] = { 0xff, 0xff, 0xff, 0x7f, 'a', 0x07 };
	static const uint8_t cut_nibble[] = { 0xff, 0xff, 0xff, 0x7f, 'a', 0x07, 0x00 };
	static const uint8_t cut_byte[] = { 0xff, 0xff, 0xff, 0x7f, 'a', 0x07, 0x00, 0x0f };
	static const uint8_t cut_wide[] = { 0xff, 0xff, 0xff, 0x7f, 'a', 0x07, 0x00, 0x0f, 0xff, 0x30 };
	static const uint8_t cut_dword[] = { 0xff, 0xff, 0xff, 0x7f, 'a', 0x07, 0x00, 0x0f, 0xff, 0x00, 0x00, 0x01 };
	static const uint8_t cut_flags[] = { 0xff, 0xff };
	/* Wide lengths below 22 cannot be produced by an encoder (§2.4). */
	static const uint8_t wide_small[] = { 0xff, 0xff, 0xff, 0x7f, 'a', 0x07, 0x00, 0x0f, 0xff, 0x05, 0x00 };
	static const uint8_t dword_small[] = { 0xff, 0xff, 0xff, 0x7f, 'a', 0x07, 0x00, 0x0f, 0xff, 0x00, 0x00,
					       0x15, 0x00, 0x00, 0x00 };
	/* A 4 GiB match. */
	static const uint8_t huge[] = { 0xff, 0xff, 0xff, 0x7f, 'a', 0x07, 0x00, 0x0f, 0xff, 0x00, 0x00,
					0xff, 0xff, 0xff, 0xff };
	static const uint8_t literals[] = { 0x3f, 0x00, 0x00, 0x00, 'a', 'b', 'c', 'd', 'e', 'f', 'g',
		'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x',
		'y', 'z' };

	REJECTS(before_start, 3);
	REJECTS(offset_too_far, 4);
	REJECTS(cut_meta, 11);
	REJECTS(cut_nibble, 11);
	REJECTS(cut_byte, 26);
	REJECTS(cut_wide, 400);
	REJECTS(cut_dword, 70000);
	REJECTS(cut_flags, 1);
	REJECTS(wide_small, 100);
	REJECTS(dword_small, 100);
	REJECTS(huge, 100000);
	/* Output beyond, or short of, the declared size. */
	REJECTS(literals, 25);
	REJECTS(literals, 27);
	REJECTS(offset_too_far, 100);
}
END_TEST

/* Inputs for round trips. */
static uint8_t *make_input(int kind, size_t n, unsigned seed)
{
	uint8_t *p = talloc_array(mem, uint8_t, n + 1);
	static const char *words[] = { "the ", "mailbox ", "folder ", "Inbox",
		"RopGetPropertiesSpecific ", "\r\n", "calendar ", "0x00000000 " };
	size_t i;

	srandom(seed);
	for (i = 0; i < n; i++) {
		switch (kind) {
		case 0:	/* random: incompressible */
			p[i] = random() & 0xff;
			break;
		case 1: { /* text */
			const char *w = words[random() % 8];
			size_t k;

			for (k = 0; w[k] && i < n; k++) {
				p[i++] = w[k];
			}
			i--;
			break;
		}
		case 2:	/* one byte repeated */
			p[i] = 0x5a;
			break;
		case 3:	/* short period */
			p[i] = "abcde"[i % 5];
			break;
		default: /* blocks of random data repeated at varying distance */
			p[i] = (i % 1000 < 400) ? (random() & 0xff) : p[i - 300];
			break;
		}
	}
	return p;
}

static void round_trip(const uint8_t *in, size_t n)
{
	DATA_BLOB z, back;
	NTSTATUS s;

	s = mapi_lz77_compress(mem, data_blob_const(in, n), &z);
	ck_assert_msg(NT_STATUS_IS_OK(s), "compress %zu: %s", n, nt_errstr(s));
	ck_assert_uint_le(z.length, mapi_lz77_compress_bound(n));
	s = mapi_lz77_decompress(mem, z, n, &back);
	ck_assert_msg(NT_STATUS_IS_OK(s), "decompress %zu: %s", n, nt_errstr(s));
	ck_assert_uint_eq(back.length, n);
	if (n > 0) {
		ck_assert_mem_eq(back.data, in, n);
	}
	/* A stream ends with the end bit: one byte less must not decode. */
	if (z.length > 4) {
		z.length--;
		ck_assert(!NT_STATUS_IS_OK(mapi_lz77_decompress(mem, z, n, &back)));
	}
}

START_TEST(round_trip_sizes_and_kinds)
{
	static const size_t sizes[] = {
		0, 1, 2, 3, 4, 5, 9, 10, 17, 18, 24, 25, 26, 31, 32, 33, 63, 64,
		65, 95, 96, 97, 255, 256, 279, 280, 281, 1000, 4096, 8191, 8192,
		8193, 8194, 16384, 32767, 32768, 65535, 65536, 65537, 65538,
		65539, 65540, 200000 };
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		round_trip(make_input(_i, sizes[i], (unsigned)(i + 1)), sizes[i]);
	}
}
END_TEST

/* A match of exactly `len` bytes, at offsets near and at the window edge. */
START_TEST(round_trip_match_lengths)
{
	static const size_t lens[] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 17, 18, 24,
		25, 26, 32, 277, 278, 279, 280, 281, 65537, 65538, 65539, 70000 };
	static const size_t dists[] = { 1, 2, 7, 100, 8191, 8192, 8193 };
	size_t i, d;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		for (d = 0; d < sizeof(dists) / sizeof(dists[0]); d++) {
			size_t dist = dists[d], len = lens[i];
			size_t n = dist + len + 7, k;
			uint8_t *p = talloc_array(mem, uint8_t, n);

			srandom(len * 31 + dist);
			for (k = 0; k < dist; k++) {
				p[k] = random() & 0xff;
			}
			for (; k < dist + len; k++) {
				p[k] = p[k - dist];
			}
			for (; k < n; k++) {
				p[k] = random() & 0xff;
			}
			round_trip(p, n);
			talloc_free(p);
		}
	}
}
END_TEST

/* The compressor must actually find matches, including overlapping ones. */
START_TEST(compressor_finds_long_matches)
{
	uint8_t *p = make_input(2, 65536, 1);
	DATA_BLOB z;

	ck_assert(NT_STATUS_IS_OK(mapi_lz77_compress(mem, data_blob_const(p, 65536), &z)));
	ck_assert_uint_lt(z.length, 32);
	p = make_input(1, 32768, 2);
	ck_assert(NT_STATUS_IS_OK(mapi_lz77_compress(mem, data_blob_const(p, 32768), &z)));
	ck_assert_uint_lt(z.length, 32768 / 2);
}
END_TEST

static Suite *lz77_suite(void)
{
	Suite *s = suite_create("rop_codec_lz77");
	TCase *tc = tcase_create("decode");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, xca_example_literals);
	tcase_add_test(tc, xca_example_overlapping_long_match);
	tcase_add_test(tc, offset_one_run);
	tcase_add_test(tc, shared_half_byte);
	tcase_add_test(tc, short_lengths);
	tcase_add_test(tc, length_forms);
	tcase_add_test(tc, end_bit_in_new_flag_word);
	tcase_add_test(tc, end_without_end_word_is_accepted);
	tcase_add_test(tc, empty_streams);
	tcase_add_test(tc, rejects_malformed);
	suite_add_tcase(s, tc);

	tc = tcase_create("round_trip");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, round_trip_sizes_and_kinds, 0, 5);
	tcase_add_test(tc, round_trip_match_lengths);
	tcase_add_test(tc, compressor_finds_long_matches);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_main(lz77_suite());
}

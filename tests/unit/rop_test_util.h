/*
 * Helpers for the ROP tests: byte vectors written as hex text (as the
 * specifications print them), and the parse/serialize round trip that every
 * vector must survive byte for byte.
 */
#ifndef ROP_TEST_UTIL_H
#define ROP_TEST_UTIL_H

#include <check.h>
#include <ctype.h>
#include <string.h>
#include "rop/rop.h"

/* "0A 00 00-24" -> bytes; spaces, dashes and newlines are ignored. */
static inline DATA_BLOB hex_blob(TALLOC_CTX *mem, const char *hex)
{
	DATA_BLOB b = data_blob_talloc_zero(mem, strlen(hex) / 2 + 1);
	size_t n = 0;

	while (*hex) {
		unsigned v;
		if (!isxdigit((unsigned char)hex[0])) { hex++; continue; }
		ck_assert(isxdigit((unsigned char)hex[1]));
		sscanf(hex, "%2x", &v);
		b.data[n++] = (uint8_t)v;
		hex += 2;
	}
	b.length = n;
	return b;
}

/* Wrap ROP bytes in a buffer: RopSize, the ROPs, then the handle table. */
static inline DATA_BLOB rop_frame(TALLOC_CTX *mem, DATA_BLOB rops,
				  const uint32_t *handles, size_t nh)
{
	DATA_BLOB b = data_blob_talloc_zero(mem, 2 + rops.length + 4 * nh);
	size_t i;

	b.data[0] = (2 + rops.length) & 0xff;
	b.data[1] = (2 + rops.length) >> 8;
	memcpy(b.data + 2, rops.data, rops.length);
	for (i = 0; i < nh; i++) {
		uint8_t *d = b.data + 2 + rops.length + 4 * i;
		d[0] = handles[i] & 0xff; d[1] = (handles[i] >> 8) & 0xff;
		d[2] = (handles[i] >> 16) & 0xff; d[3] = handles[i] >> 24;
	}
	return b;
}

static inline void assert_same_bytes(DATA_BLOB got, DATA_BLOB want)
{
	size_t i;

	ck_assert_uint_eq(got.length, want.length);
	for (i = 0; i < want.length; i++) {
		ck_assert_msg(got.data[i] == want.data[i],
			      "byte %zu: got 0x%02x, want 0x%02x", i,
			      got.data[i], want.data[i]);
	}
}

static inline struct rop_request_buffer *req_roundtrip(TALLOC_CTX *mem, DATA_BLOB in,
						       struct rop_state *state)
{
	struct rop_request_buffer *rb = NULL;
	DATA_BLOB out;

	ck_assert_msg(NT_STATUS_IS_OK(rop_request_buffer_pull(mem, in.data, in.length,
							      state, &rb)),
		      "request did not parse");
	ck_assert(NT_STATUS_IS_OK(rop_request_buffer_push(mem, rb, &out)));
	assert_same_bytes(out, in);
	return rb;
}

static inline struct rop_response_buffer *rsp_roundtrip(TALLOC_CTX *mem, DATA_BLOB in,
							const struct rop_request_buffer *rq,
							struct rop_state *state)
{
	struct rop_response_buffer *rb = NULL;
	DATA_BLOB out;

	ck_assert_msg(NT_STATUS_IS_OK(rop_response_buffer_pull(mem, in.data, in.length,
							       rq, state, &rb)),
		      "response did not parse");
	ck_assert(NT_STATUS_IS_OK(rop_response_buffer_push(mem, rb, &out)));
	assert_same_bytes(out, in);
	return rb;
}

/* The dump must mention every ROP: a smoke test of the print functions. */
static inline char *dump_requests(TALLOC_CTX *mem, struct rop_request_buffer *rb)
{
	return ndr_print_struct_string(mem, (ndr_print_fn_t)ndr_print_rop_request_buffer,
				       "req", rb);
}

static inline char *dump_responses(TALLOC_CTX *mem, struct rop_response_buffer *rb)
{
	return ndr_print_struct_string(mem, (ndr_print_fn_t)ndr_print_rop_response_buffer,
				       "rsp", rb);
}

#endif

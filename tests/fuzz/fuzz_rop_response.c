/*
 * libFuzzer target: ROP response buffers.  The input is split at a 16-bit
 * length prefix into a request buffer and the response buffer answering it,
 * so that the fuzzer reaches the state-dependent layouts.  Whatever parses
 * must serialize to the same bytes and parse again.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "rop/rop.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	TALLOC_CTX *mem;
	struct rop_state *st;
	struct rop_request_buffer *rq;
	struct rop_response_buffer *a;
	DATA_BLOB ea;
	size_t qlen;

	if (size < 2) return 0;
	qlen = data[0] | (data[1] << 8);
	if (qlen > size - 2) return 0;
	mem = talloc_new(NULL);
	st = rop_state_new(mem);
	if (NT_STATUS_IS_OK(rop_request_buffer_pull(mem, data + 2, qlen, st, &rq))) {
		const uint8_t *r = data + 2 + qlen;
		size_t rlen = size - 2 - qlen;

		if (NT_STATUS_IS_OK(rop_response_buffer_pull(mem, r, rlen, rq, st, &a))) {
			if (!NT_STATUS_IS_OK(rop_response_buffer_push(mem, a, &ea)) ||
			    ea.length != rlen || memcmp(ea.data, r, rlen) != 0) {
				abort();
			}
			/* Byte-exact output: parsing it again with the same
			 * state necessarily gives the same tree. */
		}
	}
	talloc_free(mem);
	return 0;
}

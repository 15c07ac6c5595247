/*
 * libFuzzer target: ROP request buffers.  Whatever parses must serialize,
 * and the serialized bytes must parse again to the same bytes.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "rop/rop.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct rop_state *st = rop_state_new(mem);
	struct rop_request_buffer *a, *b;
	DATA_BLOB ea, eb;

	if (NT_STATUS_IS_OK(rop_request_buffer_pull(mem, data, size, st, &a))) {
		if (!NT_STATUS_IS_OK(rop_request_buffer_push(mem, a, &ea)) ||
		    ea.length != size || memcmp(ea.data, data, size) != 0) {
			abort();
		}
		if (!NT_STATUS_IS_OK(rop_request_buffer_pull(mem, ea.data, ea.length, st, &b)) ||
		    !NT_STATUS_IS_OK(rop_request_buffer_push(mem, b, &eb)) ||
		    !data_blob_equal_const_time(&ea, &eb)) {
			abort();
		}
	}
	talloc_free(mem);
	return 0;
}

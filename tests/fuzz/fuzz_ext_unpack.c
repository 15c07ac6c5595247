/*
 * libFuzzer target: RPC_HEADER_EXT chains.  Whatever unpacks must pack
 * again (with the flags it carried) and unpack to the same payloads.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "mapi_ext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct mapi_ext_buffer *buf, *again;
	DATA_BLOB wire;
	uint32_t i;

	if (NT_STATUS_IS_OK(mapi_ext_unpack(mem, data_blob_const(data, size), &buf))) {
		if (!NT_STATUS_IS_OK(mapi_ext_pack(mem, buf, SIZE_MAX, &wire)) ||
		    !NT_STATUS_IS_OK(mapi_ext_unpack(mem, wire, &again)) ||
		    again->num_segments != buf->num_segments) {
			abort();
		}
		for (i = 0; i < buf->num_segments; i++) {
			const DATA_BLOB *a = &buf->segments[i].payload;
			const DATA_BLOB *b = &again->segments[i].payload;

			if (a->length != b->length ||
			    (a->length && memcmp(a->data, b->data, a->length) != 0)) {
				abort();
			}
		}
	}
	talloc_free(mem);
	return 0;
}

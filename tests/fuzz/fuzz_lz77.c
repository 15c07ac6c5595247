/*
 * libFuzzer target: the LZ77 decompressor on arbitrary streams.  The first
 * two bytes pick the declared size (as SizeActual would); whatever
 * decodes must survive compress -> decompress unchanged.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "mapi_lz77.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	TALLOC_CTX *mem;
	DATA_BLOB out, z, back;
	size_t out_size;

	if (size < 2) {
		return 0;
	}
	out_size = data[0] | (size_t)data[1] << 8;
	mem = talloc_new(NULL);
	if (NT_STATUS_IS_OK(mapi_lz77_decompress(mem, data_blob_const(data + 2, size - 2),
						 out_size, &out))) {
		if (!NT_STATUS_IS_OK(mapi_lz77_compress(mem, out, &z)) ||
		    !NT_STATUS_IS_OK(mapi_lz77_decompress(mem, z, out.length, &back)) ||
		    back.length != out.length ||
		    (out.length && memcmp(back.data, out.data, out.length) != 0)) {
			abort();
		}
	}
	/* The compressor on the raw input, too. */
	if (!NT_STATUS_IS_OK(mapi_lz77_compress(mem, data_blob_const(data, size), &z)) ||
	    !NT_STATUS_IS_OK(mapi_lz77_decompress(mem, z, size, &back)) ||
	    memcmp(back.data, data, size) != 0) {
		abort();
	}
	talloc_free(mem);
	return 0;
}

/*
 * libFuzzer target: a PropertyRow (MS-OXCDATA 2.8.1) read with the columns
 * it names, as rop_property_row_pull reads a TableModified notification's
 * TableRowData.  The input starts with a column count (low 4 bits of the
 * first byte) and that many 32-bit property tags; the rest is the row.
 * Whatever parses must serialize to the same bytes.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "rop/rop.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	TALLOC_CTX *mem;
	uint32_t cols[15], ncols, i;
	struct rop_property_row row;
	struct rop_blob again;
	const uint8_t *r;
	size_t rlen;

	if (size < 1) return 0;
	ncols = data[0] & 0x0F;
	if (ncols > sizeof(cols) / sizeof(cols[0]) || size < 1 + 4 * (size_t)ncols) return 0;
	for (i = 0; i < ncols; i++) {
		const uint8_t *t = data + 1 + 4 * i;

		cols[i] = t[0] | t[1] << 8 | t[2] << 16 | (uint32_t)t[3] << 24;
	}
	r = data + 1 + 4 * ncols;
	rlen = size - 1 - 4 * ncols;
	mem = talloc_new(NULL);
	if (NT_STATUS_IS_OK(rop_property_row_pull(mem, r, rlen, cols, ncols, &row))) {
		if (!NT_STATUS_IS_OK(rop_property_row_push(mem, &row, &again)) ||
		    again.length != rlen || memcmp(again.data, r, rlen) != 0) {
			abort();
		}
	}
	talloc_free(mem);
	return 0;
}

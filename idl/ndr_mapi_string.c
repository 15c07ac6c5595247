/*
 * Raw 8-bit strings for the generated NDR code: see ndr_mapi_string.h.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <string.h>
#include "ndr_mapi_string.h"

enum ndr_err_code ndr_pull_mapi_string8(struct ndr_pull *ndr, const char **s,
					uint32_t length)
{
	char *str;

	if (length == 0) {
		return ndr_pull_error(ndr, NDR_ERR_STRING,
				      "8-bit string without terminator");
	}
	if (length > ndr->data_size - ndr->offset) {
		return ndr_pull_error(ndr, NDR_ERR_BUFSIZE,
				      "8-bit string of %u bytes exceeds the buffer",
				      (unsigned)length);
	}
	if (memchr(ndr->data + ndr->offset, '\0', length - 1) != NULL) {
		return ndr_pull_error(ndr, NDR_ERR_STRING,
				      "8-bit string with an embedded NUL");
	}
	str = talloc_memdup(ndr->current_mem_ctx, ndr->data + ndr->offset, length);
	if (str == NULL) {
		return ndr_pull_error(ndr, NDR_ERR_ALLOC, "no memory for a string");
	}
	str[length - 1] = '\0';
	*s = str;
	return ndr_pull_advance(ndr, length);
}

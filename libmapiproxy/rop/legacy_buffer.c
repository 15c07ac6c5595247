/*
 * Legacy EcDoRpc payloads: one ROP buffer, XORed with 0xA5.  See
 * mapi_legacy.h.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <string.h>
#include <util/debug.h>
#include "mapi_legacy.h"

static bool valid_size(size_t len)
{
	return len >= MAPI_LEGACY_MIN_PAYLOAD && len <= MAPI_LEGACY_MAX_PAYLOAD;
}

NTSTATUS mapi_legacy_unpack(TALLOC_CTX *mem_ctx, DATA_BLOB in,
			    struct mapi_ext_buffer **out)
{
	struct mapi_ext_buffer *buf;
	struct mapi_ext_segment *seg;

	*out = NULL;
	if (!valid_size(in.length)) {
		DEBUG(3, ("mapiproxy: legacy ROP buffer of %zu bytes (%u to %u "
			  "expected)\n", in.length, MAPI_LEGACY_MIN_PAYLOAD,
			  MAPI_LEGACY_MAX_PAYLOAD));
		return NT_STATUS_INVALID_PARAMETER;
	}
	buf = talloc_zero(mem_ctx, struct mapi_ext_buffer);
	seg = buf ? talloc_zero(buf, struct mapi_ext_segment) : NULL;
	if (seg == NULL) {
		talloc_free(buf);
		return NT_STATUS_NO_MEMORY;
	}
	seg->payload = data_blob_talloc(seg, in.data, in.length);
	if (seg->payload.data == NULL) {
		talloc_free(buf);
		return NT_STATUS_NO_MEMORY;
	}
	mapi_xor_apply(seg->payload.data, seg->payload.length);
	seg->header.flags = MAPI_EXT_XORMAGIC | MAPI_EXT_LAST;
	seg->header.size = seg->header.size_actual = (uint16_t)in.length;
	buf->num_segments = 1;
	buf->segments = seg;
	*out = buf;
	return NT_STATUS_OK;
}

NTSTATUS mapi_legacy_pack(TALLOC_CTX *mem_ctx, const struct mapi_ext_buffer *buf,
			  size_t max_out, DATA_BLOB *out)
{
	DATA_BLOB p;

	*out = data_blob_null;
	if (buf == NULL || buf->num_segments != 1 ||
	    !valid_size(buf->segments[0].payload.length)) {
		return NT_STATUS_INVALID_PARAMETER;
	}
	p = buf->segments[0].payload;
	if (p.length > max_out) {
		return NT_STATUS_BUFFER_TOO_SMALL;
	}
	*out = data_blob_talloc(mem_ctx, p.data, p.length);
	if (out->data == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	mapi_xor_apply(out->data, out->length);
	return NT_STATUS_OK;
}

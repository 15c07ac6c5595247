/*
 * libFuzzer target: the legacy EcDoRpc framing (mapi_legacy.h) and the ROP
 * view over it (rop_view.h), as a proxy runs them on a call nobody changed.
 *
 * Input: a 16-bit little-endian length N, N bytes of mapi_request as on the
 * wire, then the mapi_response.  Whatever unpacks must pack back to exactly
 * the wire bytes, and refuse a max_out one byte short; a request (and then
 * a response) the view decodes must encode back as "unchanged", since a
 * payload no module touched travels as its original bytes; and with its
 * last ROP dropped, as a module may, it must encode to a payload that
 * decodes to the ROPs that are left.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "mapi_legacy.h"
#include "rop_view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* unpack, then pack must give `wire` back, and fail one byte short */
static void framing_round_trip(TALLOC_CTX *mem, DATA_BLOB wire)
{
	struct mapi_ext_buffer *buf;
	DATA_BLOB again;

	if (!NT_STATUS_IS_OK(mapi_legacy_unpack(mem, wire, &buf))) {
		if (wire.length >= MAPI_LEGACY_MIN_PAYLOAD &&
		    wire.length <= MAPI_LEGACY_MAX_PAYLOAD) {
			abort();
		}
		return;
	}
	if (buf->num_segments != 1 ||
	    buf->segments[0].payload.length != wire.length ||
	    !NT_STATUS_IS_OK(mapi_legacy_pack(mem, buf, SIZE_MAX, &again)) ||
	    !data_blob_equal_const_time(&again, &wire) ||
	    !NT_STATUS_EQUAL(mapi_legacy_pack(mem, buf, wire.length - 1, &again),
			     NT_STATUS_BUFFER_TOO_SMALL)) {
		abort();
	}
}

/* The view over an untouched call: decoded or not, never "changed". */
static void view_untouched(TALLOC_CTX *mem, DATA_BLOB in, DATA_BLOB out)
{
	struct rop_state *state = rop_state_new(mem);
	struct rop_view *view;
	DATA_BLOB enc;
	bool changed = true;

	if (state == NULL) {
		return;
	}
	view = rop_view_decode_request(mem, state, ROP_VIEW_LEGACY, in);
	if (view == NULL) {
		return;
	}
	if (view->rops.count != 1 ||
	    !NT_STATUS_IS_OK(rop_view_encode_request(mem, view, &enc, &changed)) || changed) {
		abort();
	}
	if (!NT_STATUS_IS_OK(rop_view_decode_response(view, out))) {
		return;
	}
	changed = true;
	if (!NT_STATUS_IS_OK(rop_view_encode_response(mem, view, out.length, &enc,
						      &changed)) || changed) {
		abort();
	}
}

/* A module drops the request's last ROP: the new payload must be framed
 * and obfuscated so that it decodes to what is left. */
static void view_edited(TALLOC_CTX *mem, DATA_BLOB in)
{
	struct rop_state *state = rop_state_new(mem);
	struct rop_view *view = state ?
		rop_view_decode_request(mem, state, ROP_VIEW_LEGACY, in) : NULL;
	struct rop_request_buffer *req, *again;
	struct mapi_ext_buffer *buf;
	DATA_BLOB enc;
	bool changed = false;

	if (view == NULL || view->rops.requests[0]->num_rops == 0) {
		return;
	}
	req = view->rops.requests[0];
	if (!NT_STATUS_IS_OK(rop_request_buffer_remove(req, req->num_rops - 1)) ||
	    !NT_STATUS_IS_OK(rop_view_encode_request(mem, view, &enc, &changed)) ||
	    !changed || enc.length >= in.length ||
	    !NT_STATUS_IS_OK(mapi_legacy_unpack(mem, enc, &buf)) ||
	    !NT_STATUS_IS_OK(rop_request_buffer_pull(mem, buf->segments[0].payload.data,
						     buf->segments[0].payload.length,
						     state, &again)) ||
	    again->num_rops != req->num_rops || again->num_handles != req->num_handles) {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	DATA_BLOB in, out;
	size_t n;

	if (mem == NULL) {
		return 0;
	}
	framing_round_trip(mem, data_blob_const(data, size));
	if (size >= 2) {
		n = data[0] | (data[1] << 8);
		if (n > size - 2) {
			n = size - 2;
		}
		in = data_blob_const(data + 2, n);
		out = data_blob_const(data + 2 + n, size - 2 - n);
		view_untouched(mem, in, out);
		view_edited(mem, in);
	}
	talloc_free(mem);
	return 0;
}

/*
 * ROP view of EcDoRpcExt2 and legacy EcDoRpc payloads: see rop_view.h and
 * mapiproxy_rops.h.
 *
 * "Changed" means: serializing the ROP structures now gives other bytes
 * than the decoded payload that arrived.  Since the ROP layer serializes an
 * untouched buffer to exactly its input (tested on real Outlook traffic),
 * nothing is re-encoded unless a module really changed something, and
 * then the segment keeps the client's (or server's) Compressed and
 * XorMagic flags.
 *
 * A legacy payload is handled as a chain of one segment (mapi_legacy.h):
 * everything past the framing is the same code for both.
 */
#include "config.h"
#include <string.h>
#include <util/debug.h>
#include "rop_view.h"
#include "mapi_legacy.h"

static const char *framing_name(enum rop_view_framing framing, bool requests)
{
	if (framing == ROP_VIEW_LEGACY) {
		return requests ? "mapi_request" : "mapi_response";
	}
	return requests ? "rgbIn" : "rgbOut";
}

static NTSTATUS unpack(TALLOC_CTX *mem_ctx, enum rop_view_framing framing,
		       DATA_BLOB in, struct mapi_ext_buffer **out)
{
	if (framing == ROP_VIEW_LEGACY) {
		return mapi_legacy_unpack(mem_ctx, in, out);
	}
	return mapi_ext_unpack(mem_ctx, in, out);
}

static NTSTATUS pack(TALLOC_CTX *mem_ctx, enum rop_view_framing framing,
		     const struct mapi_ext_buffer *buf, size_t max_out, DATA_BLOB *out)
{
	if (framing == ROP_VIEW_LEGACY) {
		return mapi_legacy_pack(mem_ctx, buf, max_out, out);
	}
	return mapi_ext_pack(mem_ctx, buf, max_out, out);
}

struct rop_view *rop_view_decode_request(TALLOC_CTX *mem_ctx,
					 struct rop_state *state,
					 enum rop_view_framing framing,
					 DATA_BLOB rgb_in)
{
	struct rop_view *view = talloc_zero(mem_ctx, struct rop_view);
	NTSTATUS status;
	uint32_t i, n;

	if (view == NULL) {
		return NULL;
	}
	view->state = state;
	view->framing = framing;
	status = unpack(view, framing, rgb_in, &view->in_ext);
	if (!NT_STATUS_IS_OK(status)) {
		DEBUG(3, ("mapiproxy: %s does not unpack (%s): relayed unchanged\n",
			  framing_name(framing, true), nt_errstr(status)));
		talloc_free(view);
		return NULL;
	}
	n = view->in_ext->num_segments;
	view->rops.count = n;
	view->rops.requests = talloc_zero_array(view, struct rop_request_buffer *, n);
	view->in_orig = talloc_zero_array(view, DATA_BLOB, n);
	if (view->rops.requests == NULL || view->in_orig == NULL) {
		talloc_free(view);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		DATA_BLOB p = view->in_ext->segments[i].payload;

		view->in_orig[i] = p;
		status = rop_request_buffer_pull(view, p.data, p.length, state,
						 &view->rops.requests[i]);
		if (!NT_STATUS_IS_OK(status)) {
			DEBUG(3, ("mapiproxy: ROP request buffer %u of %u not "
				  "decoded (%s): relayed unchanged\n", i + 1, n,
				  nt_errstr(status)));
			talloc_free(view);
			return NULL;
		}
	}
	return view;
}

NTSTATUS rop_view_decode_response(struct rop_view *view, DATA_BLOB rgb_out)
{
	struct rop_response_buffer **responses;
	NTSTATUS status;
	uint32_t i, n;

	status = unpack(view, view->framing, rgb_out, &view->out_ext);
	if (!NT_STATUS_IS_OK(status)) {
		DEBUG(3, ("mapiproxy: %s does not unpack (%s): relayed unchanged\n",
			  framing_name(view->framing, false), nt_errstr(status)));
		return status;
	}
	n = view->out_ext->num_segments;
	if (n != view->rops.count) {
		/* Extra response buffers the server chained for repeated ROPs
		 * (MS-OXCRPC 3.1.4.2.1.1): not matched to requests here. */
		DEBUG(3, ("mapiproxy: %u response buffers for %u request buffers: "
			  "relayed unchanged\n", n, view->rops.count));
		return NT_STATUS_NOT_SUPPORTED;
	}
	responses = talloc_zero_array(view, struct rop_response_buffer *, n);
	view->out_orig = talloc_zero_array(view, DATA_BLOB, n);
	if (responses == NULL || view->out_orig == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	for (i = 0; i < n; i++) {
		DATA_BLOB p = view->out_ext->segments[i].payload;

		view->out_orig[i] = p;
		status = rop_response_buffer_pull(view, p.data, p.length,
						  view->rops.requests[i], view->state,
						  &responses[i]);
		if (!NT_STATUS_IS_OK(status)) {
			DEBUG(3, ("mapiproxy: ROP response buffer %u of %u not "
				  "decoded (%s): relayed unchanged\n", i + 1, n,
				  nt_errstr(status)));
			talloc_free(responses);
			return status;
		}
	}
	view->rops.responses = responses;
	return NT_STATUS_OK;
}

/* Serialize each buffer; if any differs from what arrived, pack them all
 * again with their segments' original flags. */
static NTSTATUS encode(TALLOC_CTX *mem_ctx, struct rop_view *view, bool requests,
		       size_t max_out, DATA_BLOB *out, bool *changed)
{
	const struct mapi_ext_buffer *ext = requests ? view->in_ext : view->out_ext;
	const DATA_BLOB *orig = requests ? view->in_orig : view->out_orig;
	struct mapi_ext_buffer *again;
	TALLOC_CTX *tmp;
	NTSTATUS status = NT_STATUS_OK;
	uint32_t i;

	*changed = false;
	if (!requests && view->rops.responses == NULL) {
		return NT_STATUS_OK;
	}
	tmp = talloc_new(mem_ctx);
	again = tmp ? talloc_zero(tmp, struct mapi_ext_buffer) : NULL;
	if (again == NULL ||
	    (again->segments = talloc_zero_array(again, struct mapi_ext_segment,
						 ext->num_segments)) == NULL) {
		talloc_free(tmp);
		return NT_STATUS_NO_MEMORY;
	}
	again->num_segments = ext->num_segments;

	for (i = 0; i < ext->num_segments; i++) {
		DATA_BLOB now;

		status = requests ?
			rop_request_buffer_push(again, view->rops.requests[i], &now) :
			rop_response_buffer_push(again, view->rops.responses[i], &now);
		if (!NT_STATUS_IS_OK(status)) {
			DEBUG(1, ("mapiproxy: cannot serialize the ROP %s buffer a "
				  "module changed: %s\n",
				  requests ? "request" : "response", nt_errstr(status)));
			talloc_free(tmp);
			return status;
		}
		if (data_blob_cmp(&now, &orig[i]) != 0) {
			*changed = true;
		}
		again->segments[i].header = ext->segments[i].header;
		again->segments[i].payload = now;
	}
	if (*changed) {
		status = pack(mem_ctx, view->framing, again, max_out, out);
		if (!NT_STATUS_IS_OK(status)) {
			DEBUG(1, ("mapiproxy: the ROP %s buffer a module changed does "
				  "not fit (%s)\n", requests ? "request" : "response",
				  nt_errstr(status)));
			*changed = false;
		}
	}
	talloc_free(tmp);
	return status;
}

NTSTATUS rop_view_encode_request(TALLOC_CTX *mem_ctx, struct rop_view *view,
				 DATA_BLOB *out, bool *changed)
{
	return encode(mem_ctx, view, true, SIZE_MAX, out, changed);
}

NTSTATUS rop_view_encode_response(TALLOC_CTX *mem_ctx, struct rop_view *view,
				  size_t max_out, DATA_BLOB *out, bool *changed)
{
	return encode(mem_ctx, view, false, max_out, out, changed);
}

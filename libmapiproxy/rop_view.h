/*
 * The machinery behind mapiproxy_call_rops(): decode an rgbIn/rgbOut pair
 * into ROP buffers and encode them back when (and only when) they changed.
 * Knows nothing of NDR structs: the endpoint server hands it the byte
 * arrays.  Not installed.
 */
#ifndef MAPIPROXY_ROP_VIEW_H
#define MAPIPROXY_ROP_VIEW_H

#include "mapiproxy_rops.h"
#include "mapi_ext.h"

struct rop_view {
	struct mapiproxy_rops rops;
	struct rop_state *state;	/* the session's, shared by its calls */
	struct mapi_ext_buffer *in_ext;
	struct mapi_ext_buffer *out_ext;
	DATA_BLOB *in_orig;		/* decoded payloads as received */
	DATA_BLOB *out_orig;
};

/* Decode a request's rgbIn; NULL (and a DEBUG line) if it cannot be. */
struct rop_view *rop_view_decode_request(TALLOC_CTX *mem_ctx,
					 struct rop_state *state,
					 DATA_BLOB rgb_in);

/* Decode the matching rgbOut into view->rops.responses; updates the
 * session's ROP state.  An error leaves responses NULL. */
NTSTATUS rop_view_decode_response(struct rop_view *view, DATA_BLOB rgb_out);

/*
 * Re-encode the requests (responses) if a module changed them.  *changed
 * tells whether *out holds new bytes; otherwise the original bytes stand.
 * max_out bounds the encoded size (SIZE_MAX: none).
 */
NTSTATUS rop_view_encode_request(TALLOC_CTX *mem_ctx, struct rop_view *view,
				 DATA_BLOB *out, bool *changed);
NTSTATUS rop_view_encode_response(TALLOC_CTX *mem_ctx, struct rop_view *view,
				  size_t max_out, DATA_BLOB *out, bool *changed);

#endif /* MAPIPROXY_ROP_VIEW_H */

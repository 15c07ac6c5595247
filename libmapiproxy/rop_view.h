/*
 * The machinery behind mapiproxy_call_rops(): decode an rgbIn/rgbOut pair
 * (EcDoRpcExt2) or a mapi_request/mapi_response pair (the legacy EcDoRpc)
 * into ROP buffers and encode them back when (and only when) they changed.
 * Knows nothing of NDR structs: the endpoint server hands it the byte
 * arrays and says how they are framed.  Not installed.
 */
#ifndef MAPIPROXY_ROP_VIEW_H
#define MAPIPROXY_ROP_VIEW_H

#include "mapiproxy_rops.h"
#include "mapi_ext.h"

/* How the ROP buffers travel. */
enum rop_view_framing {
	ROP_VIEW_EXT,		/* RPC_HEADER_EXT chain, LZ77 and XOR per segment */
	ROP_VIEW_LEGACY		/* one ROP buffer XORed with 0xA5 (mapi_legacy.h) */
};

struct rop_view {
	struct mapiproxy_rops rops;
	enum rop_view_framing framing;	/* both directions alike */
	struct rop_state *state;	/* the session's, shared by its calls */
	struct mapi_ext_buffer *in_ext;
	struct mapi_ext_buffer *out_ext;
	DATA_BLOB *in_orig;		/* decoded payloads as received */
	DATA_BLOB *out_orig;
};

/* Decode a request's payload; NULL (and a DEBUG line) if it cannot be. */
struct rop_view *rop_view_decode_request(TALLOC_CTX *mem_ctx,
					 struct rop_state *state,
					 enum rop_view_framing framing,
					 DATA_BLOB rgb_in);

/* Decode the matching response payload into view->rops.responses; updates the
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

/*
 * The ROP view of an EMSMDB call, for module authors: the remote operations
 * inside EcDoRpcExt2's rgbIn/rgbOut, decoded (RPC_HEADER_EXT, LZ77, XOR
 * undone) into the ROP layer's structures (rop.h), and likewise inside the
 * legacy EcDoRpc's mapi_request/mapi_response (one ROP buffer XORed with
 * 0xA5: see doc/legacy-emsmdb.md).
 *
 * In pull and dispatch hooks the requests can be read and changed (fields,
 * rop_request_buffer_insert/_remove); in push hooks the responses too.  The
 * endpoint server re-encodes a buffer only when its ROPs changed, with the
 * flags the client used (compressed or not, obfuscated or not; legacy
 * buffers obfuscated as they came) and within what the client accepts
 * back (cbMaxOut, or EcDoRpc's max_data); a payload nobody changed travels
 * as its original bytes.  A payload the layer cannot decode travels unchanged too, and
 * mapiproxy_call_rops() says so by returning NULL (a DEBUG line says why).
 */
#ifndef MAPIPROXY_ROPS_H
#define MAPIPROXY_ROPS_H

#include "libmapiproxy.h"
#include "rop.h"

struct mapiproxy_rops {
	/* one ROP buffer per RPC_HEADER_EXT segment (almost always one);
	 * exactly one for EcDoRpc */
	uint32_t count;
	struct rop_request_buffer **requests;
	/* NULL until the response is decoded: set in push hooks */
	struct rop_response_buffer **responses;
};

/*
 * The ROPs of an EcDoRpcExt2 or EcDoRpc call, decoded on first use; NULL
 * if the call carries no ROPs or they could not be decoded.  Lives as long as the call.
 */
struct mapiproxy_rops *mapiproxy_call_rops(struct mapiproxy_call *call);

#endif /* MAPIPROXY_ROPS_H */

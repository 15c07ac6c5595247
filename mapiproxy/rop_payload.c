/*
 * Where the ROPs are in EMSMDB calls: EcDoRpcExt2's rgbIn and rgbOut.  This
 * file hands them to the call's ROP view (libmapiproxy/rop_call.c) and puts
 * re-encoded bytes back when modules changed the ROPs.
 */
#include "config.h"
#include "mapiproxy/mapiproxy.h"
#include <string.h>
#include "gen_ndr/ndr_exchange_emsmdb.h"
#include "mapiproxy_rops.h"

static bool is_rpc_ext2(struct mapiproxy_call *call)
{
	return call->table == &ndr_table_exchange_emsmdb &&
		call->opnum == NDR_ECDORPCEXT2;
}

void mapiproxy_rops_request_received(struct mapiproxy_call *call, void *r, bool eager,
				     uint32_t *max_out)
{
	struct EcDoRpcExt2 *e = r;

	if (!is_rpc_ext2(call) || e->in.rgbIn == NULL) {
		return;
	}
	/* what the client accepts back, before the answer overwrites it */
	*max_out = e->in.pcbOut != NULL ? *e->in.pcbOut : 0;
	mapiproxy_call_set_rop_request(call, data_blob_const(e->in.rgbIn, e->in.cbIn));
	if (eager) {
		/* decode every call, so the session's ROP state follows them all */
		(void)mapiproxy_call_rops(call);
	}
}

bool mapiproxy_rops_request_commit(struct mapiproxy_call *call, void *r)
{
	struct EcDoRpcExt2 *e = r;
	DATA_BLOB out;
	bool changed = false;

	if (!is_rpc_ext2(call) ||
	    !NT_STATUS_IS_OK(mapiproxy_call_rops_reencode_request(call, &out, &changed)) ||
	    !changed) {
		return false;
	}
	e->in.rgbIn = out.data;
	e->in.cbIn = out.length;
	return true;
}

bool mapiproxy_rops_response_wanted(struct mapiproxy_call *call)
{
	return is_rpc_ext2(call) && call->rop_view != NULL;
}

void mapiproxy_rops_response_received(struct mapiproxy_call *call, void *r)
{
	struct EcDoRpcExt2 *e = r;

	if (!mapiproxy_rops_response_wanted(call) || e->out.rgbOut == NULL ||
	    e->out.pcbOut == NULL || e->out.result != MAPI_E_SUCCESS) {
		return;
	}
	mapiproxy_call_set_rop_response(call, data_blob_const(e->out.rgbOut, *e->out.pcbOut));
}

void mapiproxy_rops_response_commit(struct mapiproxy_call *call, void *r, uint32_t max_out)
{
	struct EcDoRpcExt2 *e = r;
	DATA_BLOB out;
	bool changed = false;

	if (!mapiproxy_rops_response_wanted(call) || e->out.pcbOut == NULL ||
	    !NT_STATUS_IS_OK(mapiproxy_call_rops_reencode_response(call, max_out, &out,
								   &changed)) ||
	    !changed) {
		return;
	}
	e->out.rgbOut = out.data;
	*e->out.pcbOut = out.length;
}

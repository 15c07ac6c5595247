/*
 * Where the ROPs are in EMSMDB calls: EcDoRpcExt2's rgbIn and rgbOut, and
 * the legacy EcDoRpc's mapi_request and mapi_response.  This file hands
 * them to the call's ROP view (libmapiproxy/rop_call.c), with how they are
 * framed, and puts re-encoded bytes back when modules changed the ROPs.
 */
#include "config.h"
#include "mapiproxy/mapiproxy.h"
#include <string.h>
#include "gen_ndr/ndr_exchange_emsmdb.h"
#include "mapiproxy_rops.h"

enum payload_kind { NO_ROPS, EXT2, LEGACY };

static enum payload_kind payload_kind(struct mapiproxy_call *call)
{
	if (call->table != &ndr_table_exchange_emsmdb) {
		return NO_ROPS;
	}
	switch (call->opnum) {
	case NDR_ECDORPCEXT2:
		return EXT2;
	case NDR_ECDORPC:
		return LEGACY;
	}
	return NO_ROPS;
}

/* What the client accepts back: EcDoRpc's max_data, no more than the
 * array's maximum count (size) it announced. */
static uint32_t legacy_max_out(const struct EcDoRpc *e)
{
	uint32_t max = e->in.max_data;

	if (e->in.size != NULL && *e->in.size < max) {
		max = *e->in.size;
	}
	return max;
}

void mapiproxy_rops_request_received(struct mapiproxy_call *call, void *r, bool eager,
				     uint32_t *max_out)
{
	DATA_BLOB in;

	switch (payload_kind(call)) {
	case EXT2: {
		struct EcDoRpcExt2 *e = r;

		if (e->in.rgbIn == NULL) {
			return;
		}
		/* what the client accepts back, before the answer overwrites it */
		*max_out = e->in.pcbOut != NULL ? *e->in.pcbOut : 0;
		in = data_blob_const(e->in.rgbIn, e->in.cbIn);
		break;
	}
	case LEGACY: {
		struct EcDoRpc *e = r;

		if (e->in.mapi_request == NULL) {
			return;
		}
		*max_out = legacy_max_out(e);
		in = *e->in.mapi_request;
		break;
	}
	default:
		return;
	}
	mapiproxy_call_set_rop_request(call, payload_kind(call) == LEGACY, in);
	if (eager) {
		/* decode every call, so the session's ROP state follows them all */
		(void)mapiproxy_call_rops(call);
	}
}

bool mapiproxy_rops_request_commit(struct mapiproxy_call *call, void *r)
{
	enum payload_kind kind = payload_kind(call);
	DATA_BLOB out;
	bool changed = false;

	if (kind == NO_ROPS ||
	    !NT_STATUS_IS_OK(mapiproxy_call_rops_reencode_request(call, &out, &changed)) ||
	    !changed) {
		return false;
	}
	if (kind == EXT2) {
		struct EcDoRpcExt2 *e = r;

		e->in.rgbIn = out.data;
		e->in.cbIn = out.length;
		return true;
	} else {
		struct EcDoRpc *e = r;

		if (e->in.length == NULL || e->in.size == NULL) {
			return false;
		}
		/* length repeats the payload's size (at most 16 bits: the
		 * legacy framing refuses more); the maximum count covers it */
		*e->in.mapi_request = out;
		*e->in.length = out.length;
		if (*e->in.size < out.length) {
			*e->in.size = out.length;
		}
		return true;
	}
}

bool mapiproxy_rops_response_wanted(struct mapiproxy_call *call)
{
	return payload_kind(call) != NO_ROPS && call->rop_view != NULL;
}

void mapiproxy_rops_response_received(struct mapiproxy_call *call, void *r)
{
	if (!mapiproxy_rops_response_wanted(call)) {
		return;
	}
	if (payload_kind(call) == EXT2) {
		struct EcDoRpcExt2 *e = r;

		if (e->out.rgbOut == NULL || e->out.pcbOut == NULL ||
		    e->out.result != MAPI_E_SUCCESS) {
			return;
		}
		mapiproxy_call_set_rop_response(call, data_blob_const(e->out.rgbOut,
								      *e->out.pcbOut));
	} else {
		struct EcDoRpc *e = r;

		if (e->out.mapi_response == NULL || e->out.result != MAPI_E_SUCCESS) {
			return;
		}
		mapiproxy_call_set_rop_response(call, *e->out.mapi_response);
	}
}

void mapiproxy_rops_response_commit(struct mapiproxy_call *call, void *r, uint32_t max_out)
{
	DATA_BLOB out;
	bool changed = false;

	if (!mapiproxy_rops_response_wanted(call) ||
	    !NT_STATUS_IS_OK(mapiproxy_call_rops_reencode_response(call, max_out, &out,
								   &changed)) ||
	    !changed) {
		return;
	}
	if (payload_kind(call) == EXT2) {
		struct EcDoRpcExt2 *e = r;

		if (e->out.pcbOut != NULL) {
			e->out.rgbOut = out.data;
			*e->out.pcbOut = out.length;
		}
	} else {
		struct EcDoRpc *e = r;

		if (e->out.mapi_response != NULL && e->out.length != NULL) {
			*e->out.mapi_response = out;
			*e->out.length = out.length;
		}
	}
}

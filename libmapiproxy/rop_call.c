/*
 * The ROP view attached to a call: mapiproxy_call_rops() for modules, and
 * the hand-over points the endpoint server uses around the relay.
 */
#include "config.h"
#include <util/debug.h>
#include "mapiproxy_internal.h"
#include "rop_view.h"

void mapiproxy_call_set_rop_request(struct mapiproxy_call *call, bool legacy,
				    DATA_BLOB rgb_in)
{
	call->rop_capable = true;
	call->rop_legacy = legacy;
	call->rop_in = rgb_in;
}

struct mapiproxy_rops *mapiproxy_call_rops(struct mapiproxy_call *call)
{
	struct mapiproxy_session *session = call->session;

	if (call->rop_view != NULL) {
		return &call->rop_view->rops;
	}
	if (!call->rop_capable) {
		return NULL;
	}
	if (session->rop_state == NULL) {
		session->rop_state = rop_state_new(session);
		if (session->rop_state == NULL) {
			return NULL;
		}
	}
	call->rop_view = rop_view_decode_request(call, session->rop_state,
						 call->rop_legacy ? ROP_VIEW_LEGACY : ROP_VIEW_EXT,
						 call->rop_in);
	if (call->rop_view == NULL) {
		/* undecodable: relayed unchanged, and not tried again */
		call->rop_capable = false;
		return NULL;
	}
	return &call->rop_view->rops;
}

void mapiproxy_call_set_rop_response(struct mapiproxy_call *call, DATA_BLOB rgb_out)
{
	if (call->rop_view != NULL) {
		(void)rop_view_decode_response(call->rop_view, rgb_out);
	}
}

NTSTATUS mapiproxy_call_rops_reencode_request(struct mapiproxy_call *call,
					      DATA_BLOB *out, bool *changed)
{
	*changed = false;
	if (call->rop_view == NULL) {
		return NT_STATUS_OK;
	}
	return rop_view_encode_request(call, call->rop_view, out, changed);
}

NTSTATUS mapiproxy_call_rops_reencode_response(struct mapiproxy_call *call,
					       size_t max_out, DATA_BLOB *out,
					       bool *changed)
{
	*changed = false;
	if (call->rop_view == NULL) {
		return NT_STATUS_OK;
	}
	return rop_view_encode_response(call, call->rop_view, max_out, out, changed);
}

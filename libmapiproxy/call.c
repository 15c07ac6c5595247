/*
 * One client call as modules see it.
 */
#include "config.h"
#include <util/debug.h>
#include <ndr.h>
#include <gen_ndr/dcerpc.h>
#include "mapiproxy_internal.h"

struct mapiproxy_call *mapiproxy_call_new(TALLOC_CTX *mem_ctx,
					  struct tevent_context *ev,
					  struct mapiproxy_session *session,
					  struct dcesrv_call_state *dce_call,
					  const struct ndr_interface_table *table,
					  uint32_t opnum)
{
	struct mapiproxy_call *call = talloc_zero(mem_ctx, struct mapiproxy_call);

	if (call == NULL) {
		return NULL;
	}
	call->ev = ev;
	call->session = session;
	call->dce_call = dce_call;
	call->table = table;
	call->opnum = opnum;
	return call;
}

const struct ndr_interface_table *mapiproxy_call_table(struct mapiproxy_call *call)
{
	return call->table;
}

uint32_t mapiproxy_call_opnum(struct mapiproxy_call *call)
{
	return call->opnum;
}

const char *mapiproxy_call_name(struct mapiproxy_call *call)
{
	if (call->table != NULL && call->opnum < call->table->num_calls) {
		return call->table->calls[call->opnum].name;
	}
	return talloc_asprintf(call, "opnum %u", (unsigned)call->opnum);
}

struct mapiproxy_session *mapiproxy_call_session(struct mapiproxy_call *call)
{
	return call->session;
}

TALLOC_CTX *mapiproxy_call_mem_ctx(struct mapiproxy_call *call)
{
	return call;
}

struct tevent_context *mapiproxy_call_event_context(struct mapiproxy_call *call)
{
	return call->ev;
}

struct dcesrv_call_state *mapiproxy_call_dcesrv(struct mapiproxy_call *call)
{
	return call->dce_call;
}

DATA_BLOB mapiproxy_call_raw_request(struct mapiproxy_call *call)
{
	return call->raw_request;
}

DATA_BLOB mapiproxy_call_raw_response(struct mapiproxy_call *call)
{
	return call->raw_response;
}

void mapiproxy_call_norelay(struct mapiproxy_call *call)
{
	call->norelay = true;
}

bool mapiproxy_call_is_norelay(struct mapiproxy_call *call)
{
	return call->norelay;
}

void mapiproxy_call_set_fault(struct mapiproxy_call *call, uint32_t fault_code)
{
	call->fault_code = fault_code;
}

uint32_t mapiproxy_call_fault_for(struct mapiproxy_call *call, NTSTATUS status)
{
	if (call->fault_code != 0) {
		return call->fault_code;
	}
	if (NT_STATUS_EQUAL(status, NT_STATUS_ACCESS_DENIED)) {
		return DCERPC_FAULT_ACCESS_DENIED;
	}
	if (NT_STATUS_EQUAL(status, NT_STATUS_NO_MEMORY)) {
		return DCERPC_FAULT_OUT_OF_RESOURCES;
	}
	if (NT_STATUS_EQUAL(status, NT_STATUS_INVALID_NETWORK_RESPONSE) ||
	    NT_STATUS_EQUAL(status, NT_STATUS_INVALID_PARAMETER)) {
		return DCERPC_FAULT_NDR;
	}
	return DCERPC_FAULT_CANT_PERFORM;
}

void *mapiproxy_call_get_private(struct mapiproxy_call *call,
				 const struct mapiproxy_module *module)
{
	ssize_t slot = mapiproxy_module_slot(call->session, module);

	return (slot < 0 || call->module_private == NULL) ? NULL : call->module_private[slot];
}

void mapiproxy_call_set_private(struct mapiproxy_call *call,
				const struct mapiproxy_module *module, void *ptr)
{
	ssize_t slot = mapiproxy_module_slot(call->session, module);

	if (slot < 0) {
		DEBUG(0, ("mapiproxy: module '%s' is not in this call's chain\n",
			  module && module->name ? module->name : "?"));
		return;
	}
	if (call->module_private == NULL) {
		call->module_private = talloc_zero_array(call, void *,
							 call->session->chain->count);
		if (call->module_private == NULL) {
			DEBUG(0, ("mapiproxy: out of memory for %s's call data\n",
				  module->name));
			return;
		}
	}
	if (call->module_private[slot] != NULL && call->module_private[slot] != ptr) {
		talloc_free(call->module_private[slot]);
	}
	call->module_private[slot] = ptr ? talloc_steal(call, ptr) : NULL;
}

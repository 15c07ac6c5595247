/*
 * The call path of the mapiproxy endpoint server (DESIGN §1): what samba's
 * dcesrv core calls for every request on one of our interfaces.
 *
 *   ndr_pull   keep the raw stub, run ndr_pull hooks, unmarshal
 *   dispatch   go asynchronous: pull and dispatch hooks, relay upstream
 *              (unless a module answered), push hooks, then dcesrv_reply()
 *   ndr_push   the original response bytes when nobody changed the
 *              response, our own marshalling otherwise
 *
 * Bytes nobody changed travel unchanged: a request is re-marshalled only when
 * a module may have changed it, and even then the original bytes go out when
 * re-marshalling the untouched request gives the same result.  The same holds
 * for responses.  So an encoder quirk of ours can never alter traffic that
 * no module touched.
 */
#include "config.h"
#include "mapiproxy.h"
#include <string.h>
#include <util/tevent_ntstatus.h>
#include <gen_ndr/dcerpc.h>
#include <gen_ndr/auth.h>
#include <gen_ndr/security.h>
#include <tsocket.h>

/* What we keep per client call; samba's call->r points to it. */
struct mp_call {
	struct mapiproxy_context *mpctx;
	struct dcesrv_call_state *dce_call;
	struct mapiproxy_call *call;
	const struct mp_iface *mi;
	const struct ndr_interface_call *fn;	/* NULL: opnum unknown to us */
	void *r;				/* the function's struct */
	bool bigendian;				/* client's data representation */
	/* what goes back to the client: raw_response, or r marshalled */
	bool reply_raw;
	/* EcDoRpcExt2: the client's cbMaxOut */
	uint32_t rop_max_out;
};

/* samba's dcesrv_interface.private_data for each of our interfaces. */
struct mp_iface {
	struct mapiproxy_context *mpctx;
	const struct ndr_interface_table *table;
	/* server mode: who answers; NULL when relaying */
	const struct mapiproxy_server_provider *provider;
	void *provider_private;
};

/* Per client connection and interface: the session modules see. */
struct mp_session {
	struct mapiproxy_context *mpctx;
	const struct ndr_interface_table *table;
	struct mapiproxy_session *session;
	struct mapiproxy_upstream *upstream;
};

#define MP_SESSION_MAGIC 0x6d617069 /* "mapi" */

static void mp_print(struct mp_call *c, const char *what, int flags)
{
	if (c->fn == NULL || c->r == NULL) {
		return;
	}
	DEBUG(1, ("mapiproxy: %s %s\n", what, c->fn->name));
	ndr_print_function_debug(c->fn->ndr_print, c->fn->name, flags, c->r);
}

static const char *client_account(struct dcesrv_call_state *dce_call)
{
	const char *account = dcesrv_call_account_name(dce_call);

	return account != NULL ? account : "";
}

static int mp_session_destructor(struct mp_session *s)
{
	mapiproxy_chain_unbind(s->mpctx->chain, s->session, s->table->name);
	return 0;
}

/* SID as text, to compare with allowed_sids (libsamba-security is private). */
static char *mp_sid_string(TALLOC_CTX *mem_ctx, const struct dom_sid *sid)
{
	uint64_t auth = 0;
	char *str;
	int i;

	for (i = 0; i < 6; i++) {
		auth = (auth << 8) | sid->id_auth[i];
	}
	str = talloc_asprintf(mem_ctx, "S-%u-%llu", (unsigned)sid->sid_rev_num,
			      (unsigned long long)auth);
	for (i = 0; str != NULL && i < sid->num_auths && i < 15; i++) {
		str = talloc_asprintf_append(str, "-%u", (unsigned)sid->sub_auths[i]);
	}
	return str;
}

/* The session of this connection and interface, created on first use. */
static struct mp_session *mp_session_get(struct dcesrv_call_state *dce_call,
					 struct mapiproxy_context *mpctx,
					 const struct ndr_interface_table *table)
{
	struct mp_session *s;
	NTSTATUS status;

	s = dcesrv_iface_state_find_conn(dce_call, MP_SESSION_MAGIC, struct mp_session);
	if (s != NULL) {
		return s;
	}

	s = talloc_zero(dce_call->conn, struct mp_session);
	if (s == NULL) {
		return NULL;
	}
	s->mpctx = mpctx;
	s->table = table;
	if (!mpctx->config->server) {
		/* server mode sessions have no upstream; modules' ahead calls
		 * get NT_STATUS_NOT_SUPPORTED */
		s->upstream = mapiproxy_upstream_new(s, mpctx, table, dce_call);
		if (s->upstream == NULL) {
			talloc_free(s);
			return NULL;
		}
	}
	s->session = mapiproxy_session_new(s, mpctx->chain, client_account(dce_call),
					   &mapiproxy_upstream_session_ops, s->upstream);
	if (s->session == NULL) {
		talloc_free(s);
		return NULL;
	}
	talloc_set_destructor(s, mp_session_destructor);
	/* it lives until the client's connection goes */
	status = dcesrv_iface_state_store_conn(dce_call, MP_SESSION_MAGIC, s);
	if (!NT_STATUS_IS_OK(status)) {
		talloc_free(s);
		return NULL;
	}
	if (DEBUGLVL(2)) {
		/* which transport, say ncacn_np:[\pipe\lsass] through smbd */
		TALLOC_CTX *tmp = talloc_new(s);
		const char *ep = dcerpc_binding_string(
			tmp, dce_call->conn->endpoint->ep_description);
		const char *from = tsocket_address_string(dce_call->conn->remote_address, tmp);

		DEBUG(2, ("mapiproxy: %s session for %s on %s from %s\n", table->name,
			  client_account(dce_call), ep ? ep : "?", from ? from : "?"));
		talloc_free(tmp);
	}
	return s;
}

bool mapiproxy_call_holds_sid(struct dcesrv_call_state *dce_call, const char **sids)
{
	struct auth_session_info *si = dcesrv_call_session_info(dce_call);
	uint32_t i, k;

	for (i = 0; si != NULL && si->security_token != NULL &&
		    i < si->security_token->num_sids; i++) {
		char *str = mp_sid_string(NULL, &si->security_token->sids[i]);

		for (k = 0; str != NULL && sids[k] != NULL; k++) {
			if (strcmp(str, sids[k]) == 0) {
				talloc_free(str);
				return true;
			}
		}
		talloc_free(str);
	}
	return false;
}

bool mapiproxy_connection_leaving(void *conn)
{
	return ((struct dcesrv_connection *)conn)->terminate != NULL;
}

/* Is the caller allowed at all?  Unauthenticated calls are never relayed. */
static bool mp_caller_allowed(struct mp_call *c)
{
	struct dcesrv_call_state *dce_call = c->dce_call;
	const char **sids = c->mpctx->config->allowed_sids;

	if (!dcesrv_call_authenticated(dce_call)) {
		DEBUG(1, ("mapiproxy: refusing unauthenticated %s from %s\n",
			  mapiproxy_call_name(c->call),
			  tsocket_address_string(dce_call->conn->remote_address, c)));
		return false;
	}
	if (sids == NULL || sids[0] == NULL || mapiproxy_call_holds_sid(dce_call, sids)) {
		return true;
	}
	DEBUG(1, ("mapiproxy: refusing %s to %s: not a member of %s:allowed_sids\n",
		  mapiproxy_call_name(c->call), client_account(dce_call), MAPIPROXY_OPT));
	return false;
}

static NTSTATUS mp_op_bind(struct dcesrv_connection_context *context,
			   const struct dcesrv_interface *iface)
{
	/* Exchange refuses auth level "connect"; so do we. */
	return dcesrv_interface_bind_reject_connect(context, iface);
}

static void mp_op_unbind(struct dcesrv_connection_context *context,
			 const struct dcesrv_interface *iface)
{
	/* Sessions go with their connection (talloc); modules' unbind hooks
	 * run from the session destructor, see mp_session_destructor. */
}

static NTSTATUS mp_op_ndr_pull(struct dcesrv_call_state *dce_call, TALLOC_CTX *mem_ctx,
			       struct ndr_pull *pull, void **_r)
{
	const struct mp_iface *mi = dce_call->context->iface->private_data;
	const struct ndr_interface_table *table = mi->table;
	struct mapiproxy_context *mpctx = mi->mpctx;
	uint16_t opnum = dce_call->pkt.u.request.opnum;
	struct mp_session *s;
	struct mp_call *c;
	enum ndr_err_code ndr_err;

	s = mp_session_get(dce_call, mpctx, table);
	c = talloc_zero(mem_ctx, struct mp_call);
	if (s == NULL || c == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	c->mpctx = mpctx;
	c->mi = mi;
	c->dce_call = dce_call;
	c->bigendian = (pull->flags & LIBNDR_FLAG_BIGENDIAN) != 0;
	c->call = mapiproxy_call_new(c, dce_call->event_ctx, s->session, dce_call,
				     table, opnum);
	if (c->call == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	c->call->raw_request = data_blob_talloc(c->call, pull->data + pull->offset,
						pull->data_size - pull->offset);
	if (c->call->raw_request.length != pull->data_size - pull->offset) {
		return NT_STATUS_NO_MEMORY;
	}
	*_r = c;

	if (opnum >= table->num_calls) {
		if (mi->provider != NULL) {
			DEBUG(2, ("mapiproxy: %s opnum %u out of range\n",
				  table->name, opnum));
			dce_call->fault_code = DCERPC_FAULT_OP_RNG_ERROR;
			return NT_STATUS_NET_WRITE_FAULT;
		}
		/* Relayed as opaque bytes: the upstream knows what it means. */
		DEBUG(3, ("mapiproxy: relaying unknown %s opnum %u unchanged\n",
			  table->name, opnum));
		return NT_STATUS_OK;
	}
	c->fn = &table->calls[opnum];

	if (mapiproxy_chain_wants(mpctx->chain, table->name, MAPIPROXY_PHASE_NDR_PULL)) {
		struct tevent_req *req;
		NTSTATUS status;

		req = mapiproxy_chain_run_send(c, dce_call->event_ctx, c->call,
					       MAPIPROXY_PHASE_NDR_PULL, pull);
		if (req == NULL) {
			return NT_STATUS_NO_MEMORY;
		}
		/* Samba unmarshals synchronously: ndr_pull hooks cannot wait. */
		if (tevent_req_is_in_progress(req)) {
			DEBUG(0, ("mapiproxy: a module suspended %s in its ndr_pull "
				  "hook, which cannot wait\n", c->fn->name));
			c->call->suspended = NULL;
			dce_call->fault_code = DCERPC_FAULT_CANT_PERFORM;
			return NT_STATUS_INTERNAL_ERROR;
		}
		status = mapiproxy_chain_run_recv(req);
		if (!NT_STATUS_IS_OK(status)) {
			dce_call->fault_code = mapiproxy_call_fault_for(c->call, status);
			return status;
		}
	}

	c->r = talloc_zero_size(c, c->fn->struct_size);
	if (c->r == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	talloc_set_name_const(c->r, c->fn->name);
	ndr_err = c->fn->ndr_pull(pull, NDR_IN, c->r);
	if (!NDR_ERR_CODE_IS_SUCCESS(ndr_err)) {
		DEBUG(1, ("mapiproxy: malformed %s request from %s: %s at offset "
			  "%u of %u\n", c->fn->name, client_account(dce_call),
			  ndr_map_error2string(ndr_err), pull->offset,
			  pull->data_size));
		dce_call->fault_code = DCERPC_FAULT_NDR;
		return NT_STATUS_NET_WRITE_FAULT;
	}
	if (mpctx->config->ndrdump) {
		mp_print(c, "request", NDR_IN | NDR_SET_VALUES);
	}
	mapiproxy_rops_request_received(
		c->call, c->r,
		mapiproxy_chain_wants(mpctx->chain, table->name, MAPIPROXY_PHASE_PULL) ||
		mapiproxy_chain_wants(mpctx->chain, table->name, MAPIPROXY_PHASE_DISPATCH) ||
		mapiproxy_chain_wants(mpctx->chain, table->name, MAPIPROXY_PHASE_PUSH),
		&c->rop_max_out);
	return NT_STATUS_OK;
}

/* Marshal one direction of r with the client's data representation. */
static enum ndr_err_code mp_marshal(TALLOC_CTX *mem_ctx, const struct mp_call *c,
				    void *r, int flags, DATA_BLOB *blob)
{
	struct ndr_push *push = ndr_push_init_ctx(mem_ctx);
	enum ndr_err_code err;

	if (push == NULL) {
		return NDR_ERR_ALLOC;
	}
	if (c->bigendian) {
		push->flags |= LIBNDR_FLAG_BIGENDIAN;
	}
	err = c->fn->ndr_push(push, flags, r);
	if (NDR_ERR_CODE_IS_SUCCESS(err)) {
		*blob = ndr_push_blob(push);
	}
	return err;
}

/* Unmarshal raw bytes into a fresh struct (in, or in then out). */
static void *mp_unmarshal(TALLOC_CTX *mem_ctx, const struct mp_call *c,
			  DATA_BLOB in, const DATA_BLOB *out)
{
	void *r = talloc_zero_size(mem_ctx, c->fn->struct_size);
	struct ndr_pull *pull;

	if (r == NULL) {
		return NULL;
	}
	pull = ndr_pull_init_blob(&in, r);
	if (pull == NULL) {
		return NULL;
	}
	if (c->bigendian) {
		pull->flags |= LIBNDR_FLAG_BIGENDIAN;
	}
	pull->flags |= LIBNDR_FLAG_REF_ALLOC;
	if (!NDR_ERR_CODE_IS_SUCCESS(c->fn->ndr_pull(pull, NDR_IN, r))) {
		return NULL;
	}
	if (out != NULL) {
		pull = ndr_pull_init_blob(out, r);
		if (pull == NULL) {
			return NULL;
		}
		if (c->bigendian) {
			pull->flags |= LIBNDR_FLAG_BIGENDIAN;
		}
		pull->flags |= LIBNDR_FLAG_REF_ALLOC;
		if (!NDR_ERR_CODE_IS_SUCCESS(c->fn->ndr_pull(pull, NDR_OUT, r))) {
			return NULL;
		}
	}
	return r;
}

/*
 * The bytes to send upstream: the client's own unless a module changed the
 * request.  "Changed" means marshalling r differs from marshalling an
 * untouched copy, so a quirk of our encoder never counts as a change.
 */
static NTSTATUS mp_request_bytes(struct mp_call *c, bool hooks_ran, DATA_BLOB *out)
{
	TALLOC_CTX *tmp;
	DATA_BLOB now, before;
	void *pristine;

	*out = c->call->raw_request;
	if (!hooks_ran || c->fn == NULL) {
		return NT_STATUS_OK;
	}
	tmp = talloc_new(c);
	if (tmp == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	pristine = mp_unmarshal(tmp, c, c->call->raw_request, NULL);
	if (pristine == NULL ||
	    !NDR_ERR_CODE_IS_SUCCESS(mp_marshal(tmp, c, pristine, NDR_IN, &before)) ||
	    !NDR_ERR_CODE_IS_SUCCESS(mp_marshal(c, c, c->r, NDR_IN, &now))) {
		DEBUG(1, ("mapiproxy: cannot marshal %s after the modules changed it\n",
			  c->fn->name));
		talloc_free(tmp);
		return NT_STATUS_INVALID_PARAMETER;
	}
	if (!(data_blob_cmp(&now, &before) == 0)) {
		DEBUG(5, ("mapiproxy: %s request changed by a module\n", c->fn->name));
		*out = now;
	}
	talloc_free(tmp);
	return NT_STATUS_OK;
}

/* Does the response need decoding: push hooks or ndrdump look at it. */
static bool mp_response_wanted(struct mp_call *c)
{
	return c->fn != NULL &&
		(c->mpctx->config->ndrdump ||
		 (c->mpctx->referral != NULL &&
		  mapiproxy_referral_wants_response(c->call->table, c->call->opnum)) ||
		 mapiproxy_rops_response_wanted(c->call) ||
		 mapiproxy_chain_wants(c->mpctx->chain, c->call->table->name,
				       MAPIPROXY_PHASE_PUSH));
}

struct mp_process_state {
	struct tevent_context *ev;
	struct mp_call *c;
	bool request_hooks_ran;
	uint32_t fault;
};

static void mp_process_pulled(struct tevent_req *subreq);
static void mp_process_dispatched(struct tevent_req *subreq);
static void mp_process_relay(struct tevent_req *req);
static void mp_process_relayed(struct tevent_req *subreq);
static void mp_process_push(struct tevent_req *req);
static void mp_process_pushed(struct tevent_req *subreq);

/* pull hooks -> dispatch hooks -> relay or not -> push hooks */
static struct tevent_req *mp_process_send(TALLOC_CTX *mem_ctx, struct tevent_context *ev,
					  struct mp_call *c)
{
	struct tevent_req *req, *subreq;
	struct mp_process_state *state;
	const char *iface = c->call->table->name;

	req = tevent_req_create(mem_ctx, &state, struct mp_process_state);
	if (req == NULL) {
		return NULL;
	}
	state->ev = ev;
	state->c = c;

	if (c->fn == NULL ||
	    (!mapiproxy_chain_wants(c->mpctx->chain, iface, MAPIPROXY_PHASE_PULL) &&
	     !mapiproxy_chain_wants(c->mpctx->chain, iface, MAPIPROXY_PHASE_DISPATCH))) {
		mp_process_relay(req);
		return tevent_req_is_in_progress(req) ? req : tevent_req_post(req, ev);
	}
	state->request_hooks_ran = true;
	subreq = mapiproxy_chain_run_send(state, ev, c->call, MAPIPROXY_PHASE_PULL, c->r);
	if (tevent_req_nomem(subreq, req)) {
		return tevent_req_post(req, ev);
	}
	tevent_req_set_callback(subreq, mp_process_pulled, req);
	return req;
}

static bool mp_process_hook_failed(struct tevent_req *req, NTSTATUS status)
{
	struct mp_process_state *state = tevent_req_data(req, struct mp_process_state);

	if (NT_STATUS_IS_OK(status)) {
		return false;
	}
	state->fault = mapiproxy_call_fault_for(state->c->call, status);
	tevent_req_nterror(req, status);
	return true;
}

static void mp_process_pulled(struct tevent_req *subreq)
{
	struct tevent_req *req = tevent_req_callback_data(subreq, struct tevent_req);
	struct mp_process_state *state = tevent_req_data(req, struct mp_process_state);
	NTSTATUS status = mapiproxy_chain_run_recv(subreq);

	TALLOC_FREE(subreq);
	if (mp_process_hook_failed(req, status)) {
		return;
	}
	subreq = mapiproxy_chain_run_send(state, state->ev, state->c->call,
					  MAPIPROXY_PHASE_DISPATCH, state->c->r);
	if (tevent_req_nomem(subreq, req)) {
		return;
	}
	tevent_req_set_callback(subreq, mp_process_dispatched, req);
}

static void mp_process_dispatched(struct tevent_req *subreq)
{
	struct tevent_req *req = tevent_req_callback_data(subreq, struct tevent_req);
	struct mp_process_state *state = tevent_req_data(req, struct mp_process_state);
	NTSTATUS status = mapiproxy_chain_run_recv(subreq);

	TALLOC_FREE(subreq);
	if (mp_process_hook_failed(req, status)) {
		return;
	}
	if (state->c->call->norelay) {
		DEBUG(5, ("mapiproxy: %s answered by a module (norelay)\n",
			  state->c->fn->name));
		state->c->reply_raw = false;
		mp_process_push(req);
		return;
	}
	mp_process_relay(req);
}

static void mp_process_relay(struct tevent_req *req)
{
	struct mp_process_state *state = tevent_req_data(req, struct mp_process_state);
	struct mp_call *c = state->c;
	struct mp_session *s;
	struct tevent_req *subreq;
	DATA_BLOB request;
	NTSTATUS status;

	if (c->mi->provider != NULL) {
		uint32_t fault = DCERPC_FAULT_CANT_PERFORM;

		status = c->mi->provider->dispatch(c->call, c->r,
						   c->mi->provider_private, &fault);
		if (NT_STATUS_EQUAL(status, NT_STATUS_PENDING)) {
			/* answered by mapiproxy_server_call_done() */
			c->call->provider_pending = req;
			return;
		}
		if (!NT_STATUS_IS_OK(status)) {
			DEBUG(2, ("mapiproxy: server mode %s: fault 0x%08x: %s\n",
				  mapiproxy_call_name(c->call), fault,
				  nt_errstr(status)));
			state->fault = fault;
			tevent_req_nterror(req, status);
			return;
		}
		c->reply_raw = false;
		mp_process_push(req);
		return;
	}

	if (c->fn != NULL && c->mpctx->referral != NULL &&
	    mapiproxy_referral_request(c->mpctx->referral, c->call, c->call->table,
				       c->call->opnum, c->r)) {
		state->request_hooks_ran = true;	/* r->in changed */
	}
	if (c->fn != NULL && mapiproxy_rops_request_commit(c->call, c->r)) {
		state->request_hooks_ran = true;
	}
	status = mp_request_bytes(c, state->request_hooks_ran, &request);
	if (!NT_STATUS_IS_OK(status)) {
		state->fault = DCERPC_FAULT_NDR;
		tevent_req_nterror(req, status);
		return;
	}
	s = dcesrv_iface_state_find_conn(c->dce_call, MP_SESSION_MAGIC, struct mp_session);
	if (s == NULL || s->upstream == NULL) {
		state->fault = DCERPC_FAULT_CANT_PERFORM;
		tevent_req_nterror(req, NT_STATUS_INTERNAL_ERROR);
		return;
	}
	subreq = mapiproxy_upstream_call_send(state, state->ev, s->upstream,
					      c->call->opnum, request);
	if (tevent_req_nomem(subreq, req)) {
		return;
	}
	tevent_req_set_callback(subreq, mp_process_relayed, req);
}

void mapiproxy_server_call_done(struct mapiproxy_call *call, NTSTATUS status,
				uint32_t fault)
{
	struct tevent_req *req = call->provider_pending;
	struct mp_process_state *state;

	if (req == NULL) {
		DEBUG(0, ("mapiproxy: a server answered %s, which it had not "
			  "suspended\n", mapiproxy_call_name(call)));
		return;
	}
	call->provider_pending = NULL;
	state = tevent_req_data(req, struct mp_process_state);
	if (!NT_STATUS_IS_OK(status)) {
		DEBUG(2, ("mapiproxy: server mode %s: fault 0x%08x: %s\n",
			  mapiproxy_call_name(call), fault, nt_errstr(status)));
		state->fault = fault;
		tevent_req_nterror(req, status);
		return;
	}
	state->c->reply_raw = false;
	mp_process_push(req);
}

static void mp_process_relayed(struct tevent_req *subreq)
{
	struct tevent_req *req = tevent_req_callback_data(subreq, struct tevent_req);
	struct mp_process_state *state = tevent_req_data(req, struct mp_process_state);
	struct mp_call *c = state->c;
	struct ndr_pull *pull;
	NTSTATUS status;

	status = mapiproxy_upstream_call_recv(subreq, c->call, &c->call->raw_response,
					      &state->fault);
	TALLOC_FREE(subreq);
	if (tevent_req_nterror(req, status)) {
		return;
	}
	c->reply_raw = true;
	if (!mp_response_wanted(c)) {
		tevent_req_done(req);
		return;
	}

	pull = ndr_pull_init_blob(&c->call->raw_response, c->r);
	if (tevent_req_nomem(pull, req)) {
		return;
	}
	if (c->bigendian) {
		pull->flags |= LIBNDR_FLAG_BIGENDIAN;
	}
	pull->flags |= LIBNDR_FLAG_REF_ALLOC;
	if (!NDR_ERR_CODE_IS_SUCCESS(c->fn->ndr_pull(pull, NDR_OUT, c->r))) {
		/* Nobody can look at it, but the client may understand it. */
		DEBUG(1, ("mapiproxy: cannot decode upstream's %s response: "
			  "relaying it unchanged, push hooks skipped\n", c->fn->name));
		tevent_req_done(req);
		return;
	}
	if (c->mpctx->referral != NULL) {
		/* closest to the upstream: before any module sees the answer */
		mapiproxy_referral_response(c->mpctx->referral, c->call, c->call->table,
					    c->call->opnum, c->r);
	}
	mapiproxy_rops_response_received(c->call, c->r);
	mp_process_push(req);
}

static void mp_process_push(struct tevent_req *req)
{
	struct mp_process_state *state = tevent_req_data(req, struct mp_process_state);
	struct tevent_req *subreq;

	subreq = mapiproxy_chain_run_send(state, state->ev, state->c->call,
					  MAPIPROXY_PHASE_PUSH, state->c->r);
	if (tevent_req_nomem(subreq, req)) {
		return;
	}
	tevent_req_set_callback(subreq, mp_process_pushed, req);
}

static void mp_process_pushed(struct tevent_req *subreq)
{
	struct tevent_req *req = tevent_req_callback_data(subreq, struct tevent_req);
	struct mp_process_state *state = tevent_req_data(req, struct mp_process_state);
	struct mp_call *c = state->c;
	NTSTATUS status = mapiproxy_chain_run_recv(subreq);

	TALLOC_FREE(subreq);
	if (mp_process_hook_failed(req, status)) {
		return;
	}
	mapiproxy_rops_response_commit(c->call, c->r, c->rop_max_out);
	if (c->reply_raw) {
		/* Same rule as requests: the original bytes unless changed. */
		TALLOC_CTX *tmp = talloc_new(state);
		void *pristine = tmp ? mp_unmarshal(tmp, c, c->call->raw_request,
						    &c->call->raw_response) : NULL;
		DATA_BLOB before, now;

		if (pristine == NULL ||
		    !NDR_ERR_CODE_IS_SUCCESS(mp_marshal(tmp, c, pristine, NDR_OUT, &before)) ||
		    !NDR_ERR_CODE_IS_SUCCESS(mp_marshal(tmp, c, c->r, NDR_OUT, &now)) ||
		    data_blob_cmp(&before, &now) != 0) {
			c->reply_raw = false;
		}
		talloc_free(tmp);
	}
	if (c->mpctx->config->ndrdump) {
		mp_print(c, "response", NDR_OUT);
	}
	tevent_req_done(req);
}

static NTSTATUS mp_process_recv(struct tevent_req *req, uint32_t *fault)
{
	struct mp_process_state *state = tevent_req_data(req, struct mp_process_state);
	NTSTATUS status;

	if (tevent_req_is_nterror(req, &status)) {
		*fault = state->fault ? state->fault : DCERPC_FAULT_CANT_PERFORM;
		tevent_req_received(req);
		return status;
	}
	tevent_req_received(req);
	return NT_STATUS_OK;
}

static void mp_op_dispatch_done(struct tevent_req *subreq);

static NTSTATUS mp_op_dispatch(struct dcesrv_call_state *dce_call, TALLOC_CTX *mem_ctx,
			       void *_r)
{
	struct mp_call *c = talloc_get_type_abort(_r, struct mp_call);
	struct tevent_req *subreq;

	if (!mp_caller_allowed(c)) {
		dce_call->fault_code = DCERPC_FAULT_ACCESS_DENIED;
		return NT_STATUS_ACCESS_DENIED;
	}
	if (!(dce_call->state_flags & DCESRV_CALL_STATE_FLAG_MAY_ASYNC)) {
		DEBUG(0, ("mapiproxy: transport does not allow asynchronous calls; "
			  "cannot relay %s\n", mapiproxy_call_name(c->call)));
		dce_call->fault_code = DCERPC_FAULT_CANT_PERFORM;
		return NT_STATUS_NOT_SUPPORTED;
	}

	subreq = mp_process_send(c, dce_call->event_ctx, c);
	if (subreq == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	dce_call->state_flags |= DCESRV_CALL_STATE_FLAG_ASYNC;
	tevent_req_set_callback(subreq, mp_op_dispatch_done, c);
	return NT_STATUS_OK;
}

static void mp_op_dispatch_done(struct tevent_req *subreq)
{
	struct mp_call *c = tevent_req_callback_data(subreq, struct mp_call);
	struct dcesrv_call_state *dce_call = c->dce_call;
	uint32_t fault = 0;
	NTSTATUS status;

	status = mp_process_recv(subreq, &fault);
	TALLOC_FREE(subreq);
	if (!NT_STATUS_IS_OK(status)) {
		DEBUG(2, ("mapiproxy: %s for %s fails with fault 0x%08x: %s\n",
			  mapiproxy_call_name(c->call), client_account(dce_call),
			  fault, nt_errstr(status)));
		dce_call->fault_code = fault;
	}
	status = dcesrv_reply(dce_call);
	if (!NT_STATUS_IS_OK(status)) {
		DEBUG(1, ("mapiproxy: cannot send the reply to %s: %s\n",
			  mapiproxy_call_name(c->call), nt_errstr(status)));
	}
}

/*
 * dcesrv_reply() sends a fault only when this returns an error: it does not
 * look at fault_code itself.  An asynchronous call that failed (an upstream
 * fault, a failing hook) says so here.
 */
static NTSTATUS mp_op_reply(struct dcesrv_call_state *dce_call, TALLOC_CTX *mem_ctx,
			    void *r)
{
	if (dce_call->fault_code != 0) {
		return NT_STATUS_NET_WRITE_FAULT;
	}
	return NT_STATUS_OK;
}

static NTSTATUS mp_op_ndr_push(struct dcesrv_call_state *dce_call, TALLOC_CTX *mem_ctx,
			       struct ndr_push *push, const void *_r)
{
	const struct mp_call *c = talloc_get_type_abort(_r, struct mp_call);
	enum ndr_err_code ndr_err;

	if (c->reply_raw) {
		ndr_err = ndr_push_bytes(push, c->call->raw_response.data,
					 c->call->raw_response.length);
	} else if (c->fn != NULL) {
		ndr_err = c->fn->ndr_push(push, NDR_OUT, c->r);
	} else {
		ndr_err = NDR_ERR_BAD_SWITCH;
	}
	if (!NDR_ERR_CODE_IS_SUCCESS(ndr_err)) {
		DEBUG(1, ("mapiproxy: cannot marshal the %s response: %s\n",
			  mapiproxy_call_name(c->call), ndr_map_error2string(ndr_err)));
		dce_call->fault_code = DCERPC_FAULT_NDR;
		return NT_STATUS_NET_WRITE_FAULT;
	}
	return NT_STATUS_OK;
}

NTSTATUS mapiproxy_register_interface(struct mapiproxy_context *mpctx,
				      const struct ndr_interface_table *table,
				      const struct mapiproxy_server_provider *provider)
{
	struct dcesrv_interface *iface;
	struct mp_iface *mi;
	uint32_t i;

	iface = talloc_zero(mpctx, struct dcesrv_interface);
	mi = talloc_zero(iface, struct mp_iface);
	if (iface == NULL || mi == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	mi->mpctx = mpctx;
	mi->table = table;
	mi->provider = provider;
	if (provider != NULL && provider->init != NULL) {
		NTSTATUS status = provider->init(mpctx, &mi->provider_private);

		if (!NT_STATUS_IS_OK(status)) {
			DEBUG(0, ("mapiproxy: the %s server failed to start: %s\n",
				  table->name, nt_errstr(status)));
			return status;
		}
	}
	iface->name = table->name;
	iface->syntax_id = table->syntax_id;
	iface->bind = mp_op_bind;
	iface->unbind = mp_op_unbind;
	iface->ndr_pull = mp_op_ndr_pull;
	iface->dispatch = mp_op_dispatch;
	iface->reply = mp_op_reply;
	iface->ndr_push = mp_op_ndr_push;
	iface->private_data = mi;
	/* Relayed context handles are the upstream's business; only the
	 * built-in servers create any. */
	iface->flags = provider ? 0 : DCESRV_INTERFACE_FLAGS_HANDLES_NOT_USED;

	for (i = 0; i < table->endpoints->count; i++) {
		const char *ep = table->endpoints->names[i];
		NTSTATUS status;

		if (!mapiproxy_endpoint_wanted(mpctx->lp_ctx, ep)) {
			DEBUG(1, ("mapiproxy: %s not registered on %s: outside the "
				  "AD DC role samba-dcerpcd serves that pipe\n",
				  table->name, ep));
			continue;
		}
		status = dcesrv_interface_register(mpctx->dce_ctx, ep, NULL, iface, NULL);
		if (!NT_STATUS_IS_OK(status)) {
			DEBUG(0, ("mapiproxy: cannot register %s on %s: %s\n",
				  table->name, ep, nt_errstr(status)));
			return status;
		}
		DEBUG(2, ("mapiproxy: %s registered on %s\n", table->name, ep));
	}
	return NT_STATUS_OK;
}

/*
 * The upstream side of a client session: a libdcerpc client pipe to the
 * server named by dcerpc_mapiproxy:binding, opened on first use, carrying the
 * client's calls as raw stub bytes.
 *
 * - Never weaker than the client: a sealed client is relayed sealed, a
 *   signed one at least signed.
 * - Client connections of one association group (EMSMDB and AsyncEMSMDB:
 *   EcDoAsyncWaitEx must reach the server holding the session) share one
 *   upstream association group.  We keep a map beside samba's group rather
 *   than overwrite its id as the original did.
 * - Nothing blocks: connects and calls are tevent requests; a dead or slow
 *   upstream costs its own clients a fault, nobody else anything.
 * - A call the upstream may hold for minutes (EcDoAsyncWaitEx) does not
 *   outlive its client: once the client's connection is going, the call
 *   is cancelled and its upstream connection dropped, so samba can tear
 *   the client's connection down and the upstream learns the wait is
 *   over.
 */
#include "config.h"
#include "mapiproxy.h"
#include <string.h>
#include <util/tevent_ntstatus.h>
#include <gen_ndr/dcerpc.h>
#include "libmapiproxy/mp_dlist.h"

/* What a client of Exchange sees when its server goes away. */
#define MP_FAULT_SERVER_UNAVAILABLE 0x000006ba	/* RPC_S_SERVER_UNAVAILABLE */
#define MP_FAULT_CALL_FAILED 0x000006be		/* RPC_S_CALL_FAILED */

/*
 * libdcerpc's only asynchronous connect returns a struct composite_context,
 * whose layout samba does not install.  It has not changed since 2005; we
 * mirror it, check on every connect that it still matches (the event context
 * we passed must be where we expect it), and fall back to a synchronous
 * connect if it does not, so a future samba costs latency, never a crash.
 */
enum mp_composite_state {
	MP_COMPOSITE_STATE_INIT,
	MP_COMPOSITE_STATE_IN_PROGRESS,
	MP_COMPOSITE_STATE_DONE,
	MP_COMPOSITE_STATE_ERROR
};

struct mp_composite_layout {
	enum mp_composite_state state;
	void *private_data;
	NTSTATUS status;
	struct tevent_context *event_ctx;
	struct {
		void (*fn)(struct composite_context *);
		void *private_data;
	} async;
	bool used_wait;
};

struct mapiproxy_assoc_map {
	struct mapiproxy_assoc_map *prev, *next;
	struct mapiproxy_context *mpctx;
	const struct dcesrv_assoc_group *client;
	uint32_t upstream_id;	/* 0 until the group's first upstream bind */
};

struct mapiproxy_upstream {
	struct mapiproxy_context *mpctx;
	const struct ndr_interface_table *table;
	struct mapiproxy_assoc_map *assoc;
	struct cli_credentials *creds;	/* NULL: see creds_status */
	NTSTATUS creds_status;
	uint32_t creds_fault;
	uint32_t auth_flags;
	const char *client;		/* for DEBUG lines */
	struct dcerpc_pipe *pipe;	/* NULL until connected */
	struct tevent_queue *connect_queue;
	/* the client's connection (the session is one connection's): long
	 * calls watch it */
	struct dcesrv_connection *conn;
};

/* Calls an upstream may hold: AsyncEMSMDB's only one, EcDoAsyncWaitEx, is
 * held by the server up to its wait timeout before it answers. */
static bool mp_upstream_long(const struct mapiproxy_upstream *up)
{
	return strcmp(up->table->name, "exchange_async_emsmdb") == 0;
}

static int mp_assoc_map_destructor(struct mapiproxy_assoc_map *m)
{
	MP_DLIST_REMOVE(m->mpctx->assoc_maps, m);
	return 0;
}

/* The map entry of the client's association group, created on first use as
 * a child of samba's group so it goes when the group does. */
static struct mapiproxy_assoc_map *mp_assoc_map_get(struct mapiproxy_context *mpctx,
						    struct dcesrv_assoc_group *group)
{
	struct mapiproxy_assoc_map *m;

	for (m = mpctx->assoc_maps; m != NULL; m = m->next) {
		if (m->client == group) {
			return m;
		}
	}
	m = talloc_zero(group, struct mapiproxy_assoc_map);
	if (m == NULL) {
		return NULL;
	}
	m->mpctx = mpctx;
	m->client = group;
	MP_DLIST_ADD(mpctx->assoc_maps, m);
	talloc_set_destructor(m, mp_assoc_map_destructor);
	return m;
}

/*
 * The credentials the upstream connection logs on with, by
 * dcerpc_mapiproxy: configuration (doc/configuration.md, "Upstream
 * authentication").  On failure *fault says what the client's calls get:
 * a client that delegated nothing is refused (access denied: its own
 * logon cannot be carried upstream, retrying will not help), while a
 * proxy that cannot read its own secrets is, to the client, a server that
 * is not available.
 */
static NTSTATUS mp_credentials(TALLOC_CTX *mem_ctx, struct mapiproxy_context *mpctx,
			       struct dcesrv_call_state *dce_call,
			       struct cli_credentials **_creds, uint32_t *fault)
{
	const struct mapiproxy_config *cfg = mpctx->config;
	struct cli_credentials *creds;
	NTSTATUS status;

	*fault = MP_FAULT_SERVER_UNAVAILABLE;
	if (cfg->delegated_auth) {
		/*
		 * Samba's gensec_gssapi hands the forwarded TGT of a Kerberos
		 * client that delegated to the session as its credentials;
		 * NTLM, or Kerberos without delegation, leaves none.
		 */
		creds = dcesrv_call_credentials(dce_call);
		if (creds == NULL) {
			DEBUG(1, ("mapiproxy: %s:delegated_auth is set but %s "
				  "delegated no credentials (Kerberos with "
				  "delegation is required): refusing its calls\n",
				  MAPIPROXY_OPT, dcesrv_call_account_name(dce_call)));
			*fault = DCERPC_FAULT_ACCESS_DENIED;
			return NT_STATUS_ACCESS_DENIED;
		}
		*_creds = creds;
		return NT_STATUS_OK;
	}

	creds = cli_credentials_init(mem_ctx);
	if (creds == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	cli_credentials_set_conf(creds, mpctx->lp_ctx);
	if (cfg->use_machine_account) {
		/* As the original: this server's account in its secrets.ldb. */
		status = cli_credentials_set_machine_account(creds, mpctx->lp_ctx);
		if (!NT_STATUS_IS_OK(status)) {
			DEBUG(1, ("mapiproxy: cannot use the machine account: %s\n",
				  nt_errstr(status)));
			talloc_free(creds);
			return status;
		}
		DEBUG(3, ("mapiproxy: upstream as machine account %s\\%s\n",
			  cli_credentials_get_domain(creds),
			  cli_credentials_get_username(creds)));
		*_creds = creds;
		return NT_STATUS_OK;
	}
	cli_credentials_set_username(creds, cfg->username, CRED_SPECIFIED);
	cli_credentials_set_password(creds, cfg->password, CRED_SPECIFIED);
	if (cfg->domain != NULL) {
		cli_credentials_set_domain(creds, cfg->domain, CRED_SPECIFIED);
	}
	*_creds = creds;
	return NT_STATUS_OK;
}

struct mapiproxy_upstream *mapiproxy_upstream_new(TALLOC_CTX *mem_ctx,
						  struct mapiproxy_context *mpctx,
						  const struct ndr_interface_table *table,
						  struct dcesrv_call_state *dce_call)
{
	struct mapiproxy_upstream *up;
	enum dcerpc_AuthType auth_type = DCERPC_AUTH_TYPE_NONE;
	enum dcerpc_AuthLevel auth_level = DCERPC_AUTH_LEVEL_NONE;

	up = talloc_zero(mem_ctx, struct mapiproxy_upstream);
	if (up == NULL) {
		return NULL;
	}
	up->mpctx = mpctx;
	up->table = table;
	up->client = talloc_strdup(up, dcesrv_call_account_name(dce_call) ?
				   dcesrv_call_account_name(dce_call) : "anonymous");
	up->conn = dce_call->conn;
	up->assoc = mp_assoc_map_get(mpctx, dce_call->conn->assoc_group);
	up->connect_queue = tevent_queue_create(up, "mapiproxy upstream connect");
	if (up->client == NULL || up->assoc == NULL || up->connect_queue == NULL) {
		talloc_free(up);
		return NULL;
	}
	/* Without credentials every call fails, as mp_credentials says. */
	up->creds_status = mp_credentials(up, mpctx, dce_call, &up->creds,
					  &up->creds_fault);

	dcesrv_call_auth_info(dce_call, &auth_type, &auth_level);
	if (auth_level >= DCERPC_AUTH_LEVEL_PRIVACY) {
		up->auth_flags = DCERPC_SEAL;
	} else if (auth_level >= DCERPC_AUTH_LEVEL_INTEGRITY) {
		up->auth_flags = DCERPC_SIGN;
	}
	return up;
}

static bool mp_upstream_usable(struct mapiproxy_upstream *up)
{
	return up->pipe != NULL &&
		dcerpc_binding_handle_is_connected(up->pipe->binding_handle);
}

/* --- connecting --------------------------------------------------------- */

struct mp_connect_state {
	struct tevent_context *ev;
	struct mapiproxy_upstream *up;
	struct composite_context *creq;
	bool with_assoc;
};

static void mp_connect_done(struct composite_context *creq);

static struct tevent_req *mp_connect_send(TALLOC_CTX *mem_ctx, struct tevent_context *ev,
					  struct mapiproxy_upstream *up)
{
	struct tevent_req *req;
	struct mp_connect_state *state;
	struct dcerpc_binding *b;
	struct mp_composite_layout *layout;
	NTSTATUS status;

	req = tevent_req_create(mem_ctx, &state, struct mp_connect_state);
	if (req == NULL) {
		return NULL;
	}
	state->ev = ev;
	state->up = up;

	b = dcerpc_binding_dup(state, up->mpctx->upstream_binding);
	if (tevent_req_nomem(b, req)) {
		return tevent_req_post(req, ev);
	}
	status = dcerpc_binding_set_flags(b, up->auth_flags, 0);
	if (tevent_req_nterror(req, status)) {
		return tevent_req_post(req, ev);
	}
	if (up->assoc->upstream_id != 0) {
		state->with_assoc = true;
		status = dcerpc_binding_set_assoc_group_id(b, up->assoc->upstream_id);
		if (tevent_req_nterror(req, status)) {
			return tevent_req_post(req, ev);
		}
	}

	DEBUG(3, ("mapiproxy: connecting %s upstream for %s (assoc group 0x%08x)\n",
		  up->table->name, up->client, up->assoc->upstream_id));
	state->creq = dcerpc_pipe_connect_b_send(state, b, up->table, up->creds, ev,
						 up->mpctx->lp_ctx);
	if (tevent_req_nomem(state->creq, req)) {
		return tevent_req_post(req, ev);
	}
	layout = (struct mp_composite_layout *)state->creq;
	if (layout->event_ctx != ev || layout->state > MP_COMPOSITE_STATE_ERROR) {
		struct dcerpc_pipe *p = NULL;

		DEBUG(0, ("mapiproxy: libdcerpc's composite_context is not laid out "
			  "as expected: connecting synchronously\n"));
		status = dcerpc_pipe_connect_b_recv(state->creq, up, &p);
		state->creq = NULL;
		if (tevent_req_nterror(req, status)) {
			return tevent_req_post(req, ev);
		}
		up->pipe = p;
		tevent_req_done(req);
		return tevent_req_post(req, ev);
	}
	layout->async.fn = mp_connect_done;
	layout->async.private_data = req;
	return req;
}

static void mp_connect_done(struct composite_context *creq)
{
	struct mp_composite_layout *layout = (struct mp_composite_layout *)creq;
	struct tevent_req *req = talloc_get_type_abort(layout->async.private_data,
						       struct tevent_req);
	struct mp_connect_state *state = tevent_req_data(req, struct mp_connect_state);
	struct mapiproxy_upstream *up = state->up;
	struct dcerpc_pipe *p = NULL;
	NTSTATUS status;

	status = dcerpc_pipe_connect_b_recv(creq, up, &p);
	state->creq = NULL;
	if (!NT_STATUS_IS_OK(status)) {
		if (state->with_assoc) {
			/* The upstream may have restarted and forgotten the
			 * group: the next association starts a new one. */
			up->assoc->upstream_id = 0;
		}
		tevent_req_nterror(req, status);
		return;
	}
	up->pipe = p;
	tevent_req_done(req);
}

static NTSTATUS mp_connect_recv(struct tevent_req *req)
{
	return tevent_req_simple_recv_ntstatus(req);
}

/* --- relaying a call ---------------------------------------------------- */

struct mp_upstream_call_state {
	struct tevent_context *ev;
	struct mapiproxy_upstream *up;
	uint32_t opnum;
	DATA_BLOB request;
	DATA_BLOB response;
	uint32_t fault;
	struct tevent_req *queue_entry;
	struct tevent_req *subreq;	/* the step under way */
	struct dcerpc_pipe *issued_on;	/* the call is on this upstream pipe */
	struct tevent_req *abandoned;	/* long calls: is the client there */
};

static void mp_upstream_call_cleanup(struct tevent_req *req, enum tevent_req_state req_state);
static void mp_upstream_call_abandoned(struct tevent_req *subreq);
static void mp_upstream_call_queued(struct tevent_req *subreq);
static void mp_upstream_call_connected(struct tevent_req *subreq);
static void mp_upstream_call_issue(struct tevent_req *req);
static void mp_upstream_call_done(struct tevent_req *subreq);

struct tevent_req *mapiproxy_upstream_call_send(TALLOC_CTX *mem_ctx,
						struct tevent_context *ev,
						struct mapiproxy_upstream *up,
						uint32_t opnum,
						DATA_BLOB request)
{
	struct tevent_req *req, *subreq;
	struct mp_upstream_call_state *state;

	req = tevent_req_create(mem_ctx, &state, struct mp_upstream_call_state);
	if (req == NULL) {
		return NULL;
	}
	state->ev = ev;
	state->up = up;
	state->opnum = opnum;
	state->request = request;
	tevent_req_set_cleanup_fn(req, mp_upstream_call_cleanup);

	if (up->creds == NULL) {
		state->fault = up->creds_fault;
		tevent_req_nterror(req, up->creds_status);
		return tevent_req_post(req, ev);
	}
	if (mp_upstream_long(up)) {
		state->abandoned = mapiproxy_abandoned_send(state, ev,
							    mapiproxy_connection_leaving,
							    up->conn);
		if (tevent_req_nomem(state->abandoned, req)) {
			return tevent_req_post(req, ev);
		}
		tevent_req_set_callback(state->abandoned, mp_upstream_call_abandoned, req);
	}
	if (mp_upstream_usable(up)) {
		mp_upstream_call_issue(req);
		return tevent_req_is_in_progress(req) ? req : tevent_req_post(req, ev);
	}
	/* One connect at a time per session; later calls wait for it. */
	subreq = tevent_queue_wait_send(state, ev, up->connect_queue);
	if (tevent_req_nomem(subreq, req)) {
		return tevent_req_post(req, ev);
	}
	tevent_req_set_callback(subreq, mp_upstream_call_queued, req);
	state->subreq = subreq;
	return req;
}

/* Whatever ended the call, nobody needs to watch its client any more. */
static void mp_upstream_call_cleanup(struct tevent_req *req, enum tevent_req_state req_state)
{
	struct mp_upstream_call_state *state =
		tevent_req_data(req, struct mp_upstream_call_state);

	TALLOC_FREE(state->abandoned);
}

static void mp_upstream_call_abandoned(struct tevent_req *subreq)
{
	struct tevent_req *req = tevent_req_callback_data(subreq, struct tevent_req);
	struct mp_upstream_call_state *state =
		tevent_req_data(req, struct mp_upstream_call_state);
	struct mapiproxy_upstream *up = state->up;
	NTSTATUS status = mapiproxy_abandoned_recv(subreq);

	state->abandoned = NULL;
	TALLOC_FREE(subreq);
	if (!NT_STATUS_IS_OK(status)) {
		DEBUG(1, ("mapiproxy: cannot watch the client of a relayed %s opnum %u "
			  "for %s: %s; the call waits for the upstream's answer\n",
			  up->table->name, state->opnum, up->client, nt_errstr(status)));
		return;
	}
	/*
	 * Freed, the raw call leaves libdcerpc's pending list and a late
	 * answer is dropped as an unmatched call id (after its signature is
	 * checked, so sign/seal stay in step): the pipe would still work.
	 * But the upstream still holds the call there (EcDoAsyncWaitEx: the
	 * session's one wait), so the pipe is not used again; it closes with
	 * the session, which goes with the client's connection, and its
	 * upstream then ends the wait.
	 */
	if (state->issued_on != NULL && up->pipe == state->issued_on) {
		up->pipe = NULL;
	}
	TALLOC_FREE(state->subreq);
	TALLOC_FREE(state->queue_entry);
	DEBUG(2, ("mapiproxy: the client of %s left during its relayed %s opnum %u: "
		  "cancelled%s\n", up->client, up->table->name, state->opnum,
		  state->issued_on != NULL ? ", its upstream connection dropped" :
		  " before it reached the upstream"));
	state->fault = DCERPC_NCA_S_FAULT_CANCEL;
	tevent_req_nterror(req, NT_STATUS_CANCELLED);
}

static void mp_upstream_call_queued(struct tevent_req *subreq)
{
	struct tevent_req *req = tevent_req_callback_data(subreq, struct tevent_req);
	struct mp_upstream_call_state *state =
		tevent_req_data(req, struct mp_upstream_call_state);
	struct mapiproxy_upstream *up = state->up;

	state->subreq = NULL;
	if (!tevent_queue_wait_recv(subreq)) {
		TALLOC_FREE(subreq);
		tevent_req_oom(req);
		return;
	}
	/* Holding the entry keeps later calls queued until we connected. */
	state->queue_entry = subreq;

	if (mp_upstream_usable(up)) {
		TALLOC_FREE(state->queue_entry);
		mp_upstream_call_issue(req);
		return;
	}
	if (up->pipe != NULL) {
		DEBUG(2, ("mapiproxy: %s upstream for %s was lost: reconnecting\n",
			  up->table->name, up->client));
		/* Calls still in flight on it hold no reference to it; it goes
		 * with the session rather than under their feet. */
		up->pipe = NULL;
	}
	subreq = mp_connect_send(state, state->ev, up);
	if (tevent_req_nomem(subreq, req)) {
		return;
	}
	tevent_req_set_callback(subreq, mp_upstream_call_connected, req);
	state->subreq = subreq;
}

static void mp_upstream_call_connected(struct tevent_req *subreq)
{
	struct tevent_req *req = tevent_req_callback_data(subreq, struct tevent_req);
	struct mp_upstream_call_state *state =
		tevent_req_data(req, struct mp_upstream_call_state);
	struct mapiproxy_upstream *up = state->up;
	NTSTATUS status = mp_connect_recv(subreq);

	state->subreq = NULL;
	TALLOC_FREE(subreq);
	TALLOC_FREE(state->queue_entry);
	if (!NT_STATUS_IS_OK(status)) {
		DEBUG(1, ("mapiproxy: cannot connect to upstream %s for %s (%s): %s\n",
			  up->mpctx->config->binding, up->client, up->table->name,
			  nt_errstr(status)));
		state->fault = MP_FAULT_SERVER_UNAVAILABLE;
		tevent_req_nterror(req, status);
		return;
	}
	/* the upstream may hold long calls up to its wait timeout */
	dcerpc_binding_handle_set_timeout(up->pipe->binding_handle,
					  up->mpctx->config->timeout +
					  (mp_upstream_long(up) ?
					   up->mpctx->config->emsmdb_async_wait_timeout : 0));
	if (up->assoc->upstream_id == 0) {
		up->assoc->upstream_id = dcerpc_binding_get_assoc_group_id(up->pipe->binding);
	}
	DEBUG(2, ("mapiproxy: %s upstream connected for %s (assoc group 0x%08x)\n",
		  up->table->name, up->client, up->assoc->upstream_id));
	mp_upstream_call_issue(req);
}

static void mp_upstream_call_issue(struct tevent_req *req)
{
	struct mp_upstream_call_state *state =
		tevent_req_data(req, struct mp_upstream_call_state);
	struct tevent_req *subreq;

	subreq = dcerpc_binding_handle_raw_call_send(state, state->ev,
						     state->up->pipe->binding_handle,
						     NULL, state->opnum, 0,
						     state->request.data,
						     state->request.length);
	if (tevent_req_nomem(subreq, req)) {
		return;
	}
	tevent_req_set_callback(subreq, mp_upstream_call_done, req);
	state->subreq = subreq;
	state->issued_on = state->up->pipe;
	if (state->abandoned != NULL) {
		DEBUG(3, ("mapiproxy: %s opnum %u relayed for %s: the upstream may hold "
			  "it; cancelled if the client leaves\n", state->up->table->name,
			  state->opnum, state->up->client));
	}
}

static void mp_upstream_call_done(struct tevent_req *subreq)
{
	struct tevent_req *req = tevent_req_callback_data(subreq, struct tevent_req);
	struct mp_upstream_call_state *state =
		tevent_req_data(req, struct mp_upstream_call_state);
	struct mapiproxy_upstream *up = state->up;
	uint8_t *out = NULL;
	size_t out_length = 0;
	uint32_t out_flags = 0;
	NTSTATUS status;

	status = dcerpc_binding_handle_raw_call_recv(subreq, state, &out, &out_length,
						     &out_flags);
	state->subreq = NULL;
	state->issued_on = NULL;
	TALLOC_FREE(subreq);
	if (!NT_STATUS_IS_OK(status)) {
		uint32_t fault = dcerpc_fault_from_nt_status(status);

		if (NT_STATUS_EQUAL(dcerpc_fault_to_nt_status(fault), status)) {
			/* The upstream answered with a fault: the client gets
			 * exactly that.  (The status, not last_fault_code:
			 * libdcerpc drops the connection on some faults, such
			 * as an unknown opnum, before we could read it.) */
			state->fault = fault;
			DEBUG(3, ("mapiproxy: upstream fault 0x%08x for %s opnum %u\n",
				  state->fault, up->table->name, state->opnum));
		} else {
			state->fault = MP_FAULT_CALL_FAILED;
			DEBUG(1, ("mapiproxy: upstream call %s opnum %u for %s failed: "
				  "%s\n", up->table->name, state->opnum, up->client,
				  nt_errstr(status)));
		}
		tevent_req_nterror(req, status);
		return;
	}
	if (out_flags & LIBNDR_FLAG_BIGENDIAN) {
		/* Our client speaks little-endian NDR; we do not re-encode
		 * opaque bytes across representations. */
		DEBUG(1, ("mapiproxy: upstream answered %s opnum %u in big-endian "
			  "NDR, which is not relayed\n", up->table->name, state->opnum));
		state->fault = DCERPC_FAULT_NDR;
		tevent_req_nterror(req, NT_STATUS_NOT_SUPPORTED);
		return;
	}
	state->response = data_blob_const(out, out_length);
	tevent_req_done(req);
}

NTSTATUS mapiproxy_upstream_call_recv(struct tevent_req *req, TALLOC_CTX *mem_ctx,
				      DATA_BLOB *response, uint32_t *fault)
{
	struct mp_upstream_call_state *state =
		tevent_req_data(req, struct mp_upstream_call_state);
	NTSTATUS status;

	if (tevent_req_is_nterror(req, &status)) {
		*fault = state->fault ? state->fault : MP_FAULT_CALL_FAILED;
		tevent_req_received(req);
		return status;
	}
	*response = data_blob_talloc(mem_ctx, state->response.data,
				     state->response.length);
	tevent_req_received(req);
	if (state->response.length > 0 && response->data == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	return NT_STATUS_OK;
}

/* --- ahead calls -------------------------------------------------------- */

struct mp_ahead_state {
	const struct ndr_interface_call *fn;
	void *r;
};

static void mp_ahead_done(struct tevent_req *subreq);

static struct tevent_req *mp_ahead_send(TALLOC_CTX *mem_ctx, struct tevent_context *ev,
					struct mapiproxy_session *session,
					const struct ndr_interface_table *table,
					uint32_t opnum, void *r, void *private_data)
{
	struct mapiproxy_upstream *up = private_data;
	struct tevent_req *req, *subreq;
	struct mp_ahead_state *state;
	struct ndr_push *push;
	enum ndr_err_code err;

	req = tevent_req_create(mem_ctx, &state, struct mp_ahead_state);
	if (req == NULL) {
		return NULL;
	}
	if (up == NULL || table != up->table || opnum >= table->num_calls) {
		DEBUG(1, ("mapiproxy: ahead call refused: the session relays %s\n",
			  up ? up->table->name : "nothing"));
		tevent_req_nterror(req, NT_STATUS_INVALID_PARAMETER);
		return tevent_req_post(req, ev);
	}
	state->fn = &table->calls[opnum];
	state->r = r;

	push = ndr_push_init_ctx(state);
	if (tevent_req_nomem(push, req)) {
		return tevent_req_post(req, ev);
	}
	err = state->fn->ndr_push(push, NDR_IN, r);
	if (!NDR_ERR_CODE_IS_SUCCESS(err)) {
		tevent_req_nterror(req, ndr_map_error2ntstatus(err));
		return tevent_req_post(req, ev);
	}
	subreq = mapiproxy_upstream_call_send(state, ev, up, opnum, ndr_push_blob(push));
	if (tevent_req_nomem(subreq, req)) {
		return tevent_req_post(req, ev);
	}
	tevent_req_set_callback(subreq, mp_ahead_done, req);
	return req;
}

static void mp_ahead_done(struct tevent_req *subreq)
{
	struct tevent_req *req = tevent_req_callback_data(subreq, struct tevent_req);
	struct mp_ahead_state *state = tevent_req_data(req, struct mp_ahead_state);
	DATA_BLOB out = data_blob_null;
	uint32_t fault = 0;
	struct ndr_pull *pull;
	enum ndr_err_code err;
	NTSTATUS status;

	status = mapiproxy_upstream_call_recv(subreq, state, &out, &fault);
	TALLOC_FREE(subreq);
	if (tevent_req_nterror(req, status)) {
		return;
	}
	pull = ndr_pull_init_blob(&out, state->r);
	if (tevent_req_nomem(pull, req)) {
		return;
	}
	pull->flags |= LIBNDR_FLAG_REF_ALLOC;
	err = state->fn->ndr_pull(pull, NDR_OUT, state->r);
	if (!NDR_ERR_CODE_IS_SUCCESS(err)) {
		tevent_req_nterror(req, ndr_map_error2ntstatus(err));
		return;
	}
	tevent_req_done(req);
}

const struct mapiproxy_session_ops mapiproxy_upstream_session_ops = {
	.ahead_send = mp_ahead_send,
};

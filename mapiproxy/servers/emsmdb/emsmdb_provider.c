/*
 * Server mode EMSMDB (MS-OXCRPC): the providers of exchange_emsmdb and
 * exchange_async_emsmdb on top of the mailbox store (emsmdb_store.h).
 *
 * Session context handles (CXH) are samba's (dcesrv_handle_create); a
 * session lives as long as its handle, so it goes at EcDoDisconnect or
 * with the client's association group.  Asynchronous context handles
 * (ACXH) are used on the other interface, where dcesrv_handle_lookup()
 * refuses handles created on exchange_emsmdb; so they are kept here, in a
 * table keyed by the handle's GUID, each entry a child of its session.
 *
 * EcDoAsyncWaitEx (MS-OXCRPC 3.3.4.1) suspends its call (the provider
 * returns NT_STATUS_PENDING) until a notification is pending for the
 * session, the session ends or the client stayed idle for
 * dcerpc_mapiproxy:emsmdb_async_wait_timeout (emsmdb_wait.c); one per
 * session, a second one is rejected.
 *
 * The legacy EcDoConnect (opnum 0) and EcDoRpc (opnum 2) of Exchange
 * 2003/2007 are served too, over the same sessions: a CXH from either
 * connect call works with either RPC call and with EcDoDisconnect.  Their
 * checks and limits are in doc/legacy-emsmdb.md.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/stat.h>
#include "emsmdb_provider.h"
#include "libmapiproxy/mp_dlist.h"


/* Exported by libsamba-hostconfig (SAMBA_HOSTCONFIG_0.0.1) but missing
 * from the installed param.h. */
char *lpcfg_state_path(TALLOC_CTX *mem_ctx, struct loadparm_context *lp_ctx,
		       const char *name);

struct emsmdb_acxh {
	struct emsmdb_acxh *prev, *next;
	struct emsmdb_server *server;
	struct policy_handle wire;
	const void *assoc_group;	/* only usable in its association group */
	struct emsmdb_conn *conn;
};

static struct emsmdb_server *emsmdb_server_instance;

NTSTATUS emsmdb_server_store(struct emsmdb_server *s, struct emsmdb_store **store)
{
	NTSTATUS status;

	if (s->store != NULL && s->store_pid == getpid()) {
		*store = s->store;
		return NT_STATUS_OK;
	}
	/* a store inherited over fork() is the parent's: leave it alone */
	s->store = NULL;
	if (mkdir(s->store_dir, 0700) != 0 && errno != EEXIST) {
		DEBUG(0, ("emsmdb: cannot create the store directory %s: %s\n",
			  s->store_dir, strerror(errno)));
		return map_nt_error_from_unix_common(errno);
	}
	status = emsmdb_store_open(s, s->store_dir, &s->store);
	if (!NT_STATUS_IS_OK(status)) {
		DEBUG(0, ("emsmdb: cannot open the store in %s: %s\n", s->store_dir,
			  nt_errstr(status)));
		return status;
	}
	s->store_pid = getpid();
	*store = s->store;
	return NT_STATUS_OK;
}

/* One state for both interfaces, whichever registers first. */
static NTSTATUS emsmdb_init(struct mapiproxy_context *mpctx, void **provider_private)
{
	struct emsmdb_server *s = emsmdb_server_instance;
	const char *path;

	if (s != NULL) {
		*provider_private = s;
		return NT_STATUS_OK;
	}
	s = talloc_zero(mpctx, struct emsmdb_server);
	if (s == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	s->lp_ctx = mpctx->lp_ctx;
	path = lpcfg_parm_string(mpctx->lp_ctx, NULL, MAPIPROXY_OPT, "store_path");
	s->store_dir = (path != NULL && path[0] != '\0') ?
		talloc_strdup(s, path) : lpcfg_state_path(s, mpctx->lp_ctx, "mapiproxy");
	s->recipients_prefix = mapiproxy_server_recipients_prefix(s, mpctx->lp_ctx);
	s->server_dn = talloc_asprintf(s, "%s/cn=Configuration/cn=Servers/cn=%s",
				       mapiproxy_server_org_prefix(s, mpctx->lp_ctx),
				       lpcfg_netbios_name(mpctx->lp_ctx));
	s->dns_domain = talloc_strdup(s, lpcfg_dnsdomain(mpctx->lp_ctx));
	s->trusted_sids = mpctx->config->emsmdb_trusted_sids;
	s->wait_timeout_msec = mpctx->config->emsmdb_async_wait_timeout * 1000;
	if (s->store_dir == NULL || s->recipients_prefix == NULL || s->server_dn == NULL ||
	    s->dns_domain == NULL) {
		talloc_free(s);
		return NT_STATUS_NO_MEMORY;
	}
	DEBUG(2, ("emsmdb: mailbox store in %s, users %s/cn=<account>\n",
		  s->store_dir, s->recipients_prefix));
	emsmdb_server_instance = s;
	*provider_private = s;
	return NT_STATUS_OK;
}

/* The session of a CXH, NULL for anything else (a fault for the client). */
static struct emsmdb_conn *conn_of(struct mapiproxy_call *call,
				   const struct policy_handle *handle,
				   struct dcesrv_handle **hp)
{
	struct dcesrv_handle *h;

	if (handle == NULL || ndr_policy_handle_empty(handle)) {
		return NULL;
	}
	h = dcesrv_handle_lookup(mapiproxy_call_dcesrv(call), handle, EMSMDB_HANDLE_CXH);
	if (h == NULL || h->data == NULL) {
		return NULL;
	}
	if (hp != NULL) {
		*hp = h;
	}
	return talloc_get_type_abort(h->data, struct emsmdb_conn);
}

static NTSTATUS bad_handle(struct mapiproxy_call *call, uint32_t *fault)
{
	DEBUG(2, ("emsmdb: %s with an unknown context handle\n",
		  mapiproxy_call_name(call)));
	*fault = DCERPC_FAULT_CONTEXT_MISMATCH;
	return NT_STATUS_INVALID_HANDLE;
}

/* MS-OXCRPC 3.1.4.3 */
static NTSTATUS do_disconnect(struct mapiproxy_call *call, struct EcDoDisconnect *r,
			      uint32_t *fault)
{
	struct dcesrv_handle *h;

	r->out.handle = r->in.handle;
	if (conn_of(call, r->in.handle, &h) == NULL) {
		return bad_handle(call, fault);
	}
	talloc_free(h);
	memset(r->out.handle, 0, sizeof(*r->out.handle));
	r->out.result = MAPI_E_SUCCESS;
	return NT_STATUS_OK;
}

/* MS-OXCRPC 3.1.4.2 */
static NTSTATUS do_rpc_ext2(struct mapiproxy_call *call, struct EcDoRpcExt2 *r,
			    uint32_t *fault)
{
	TALLOC_CTX *mem = mapiproxy_call_mem_ctx(call);
	struct emsmdb_conn *conn;
	DATA_BLOB out;
	uint32_t flags, size_fault;

	r->out.handle = r->in.handle;
	r->out.pulFlags = r->in.pulFlags;
	r->out.pcbOut = r->in.pcbOut;
	r->out.pcbAuxOut = r->in.pcbAuxOut;
	if (r->out.pulTransTime == NULL) {
		r->out.pulTransTime = talloc_zero(mem, uint32_t);
	}
	if (r->in.handle == NULL || r->in.pulFlags == NULL || r->in.pcbOut == NULL ||
	    r->in.pcbAuxOut == NULL || r->out.pulTransTime == NULL) {
		*fault = DCERPC_FAULT_NDR;
		return NT_STATUS_INVALID_PARAMETER;
	}
	conn = conn_of(call, r->in.handle, NULL);
	if (conn == NULL) {
		return bad_handle(call, fault);
	}
	size_fault = 0;
	r->out.result = emsmdb_rpc_ext2_sizes(r->in.cbIn, *r->in.pcbOut, r->in.cbAuxIn,
					      *r->in.pcbAuxOut, &size_fault);
	if (size_fault != 0) {
		*fault = size_fault;
		return NT_STATUS_INVALID_PARAMETER;
	}
	out = data_blob_null;
	flags = *r->in.pulFlags;
	if (r->out.result == 0) {
		r->out.result = emsmdb_rpc_ext2(conn->sess, conn->state, flags, r->in.rgbIn,
						r->in.cbIn, *r->in.pcbOut, mem, &out);
	}
	/* the output flags are reserved: 0 (MS-OXCRPC 3.1.4.2) */
	*r->out.pulFlags = 0;
	*r->out.pulTransTime = 0;
	*r->out.pcbAuxOut = 0;
	r->out.rgbAuxOut = NULL;
	r->out.rgbOut = out.data;
	*r->out.pcbOut = out.length;
	return NT_STATUS_OK;
}

/*
 * The legacy EcDoRpc (opnum 2): EcDoRpcExt2's round on one ROP buffer
 * XORed with 0xA5, no RPC_HEADER_EXT.  The answer fits max_data and the
 * array's maximum count (size, echoed); offset is 0.
 */
static NTSTATUS do_rpc_legacy(struct mapiproxy_call *call, struct EcDoRpc *r,
			      uint32_t *fault)
{
	TALLOC_CTX *mem = mapiproxy_call_mem_ctx(call);
	struct emsmdb_conn *conn;
	DATA_BLOB out = data_blob_null;
	uint32_t size_fault = 0, limit;

	r->out.handle = r->in.handle;
	r->out.size = r->in.size;
	r->out.offset = r->in.offset;
	r->out.length = r->in.length;
	if (r->out.mapi_response == NULL) {
		r->out.mapi_response = talloc_zero(mem, DATA_BLOB);
	}
	if (r->in.handle == NULL || r->in.size == NULL || r->in.offset == NULL ||
	    r->in.mapi_request == NULL || r->in.length == NULL ||
	    r->out.mapi_response == NULL) {
		*fault = DCERPC_FAULT_NDR;
		return NT_STATUS_INVALID_PARAMETER;
	}
	conn = conn_of(call, r->in.handle, NULL);
	if (conn == NULL) {
		return bad_handle(call, fault);
	}
	r->out.result = emsmdb_rpc_legacy_sizes(*r->in.size, *r->in.offset,
						r->in.mapi_request->length, *r->in.length,
						r->in.max_data, &size_fault);
	if (size_fault != 0) {
		*fault = size_fault;
		return NT_STATUS_INVALID_PARAMETER;
	}
	if (r->out.result == 0) {
		limit = r->in.max_data < *r->in.size ? r->in.max_data : *r->in.size;
		r->out.result = emsmdb_rpc_legacy(conn->sess, conn->state,
						  r->in.mapi_request->data,
						  r->in.mapi_request->length, limit, mem, &out);
	}
	*r->out.mapi_response = out;
	*r->out.length = out.length;
	*r->out.offset = 0;
	return NT_STATUS_OK;
}

/* MS-OXCRPC 3.1.4.5: push notifications (UDP callbacks) are not offered. */
static NTSTATUS do_register_push(struct mapiproxy_call *call,
				 struct EcRRegisterPushNotification *r, uint32_t *fault)
{
	TALLOC_CTX *mem = mapiproxy_call_mem_ctx(call);

	r->out.handle = r->in.handle;
	if (conn_of(call, r->in.handle, NULL) == NULL) {
		return bad_handle(call, fault);
	}
	if (r->out.hNotification == NULL) {
		r->out.hNotification = talloc_zero(mem, uint32_t);
		if (r->out.hNotification == NULL) {
			return NT_STATUS_NO_MEMORY;
		}
	}
	*r->out.hNotification = 0;
	r->out.result = MAPI_E_NO_SUPPORT;	/* ecNotSupported */
	return NT_STATUS_OK;
}

static int acxh_destructor(struct emsmdb_acxh *a)
{
	struct emsmdb_server *s = a->server;

	MP_DLIST_REMOVE(s->acxhs, a);
	return 0;
}

/* MS-OXCRPC 3.1.4.4 */
static NTSTATUS do_async_connect(struct mapiproxy_call *call, struct EcDoAsyncConnectEx *r,
				 struct emsmdb_server *s, uint32_t *fault)
{
	TALLOC_CTX *mem = mapiproxy_call_mem_ctx(call);
	struct emsmdb_conn *conn = conn_of(call, &r->in.cxh, NULL);
	struct emsmdb_acxh *a;

	if (conn == NULL) {
		return bad_handle(call, fault);
	}
	if (r->out.pacxh == NULL) {
		r->out.pacxh = talloc_zero(mem, struct policy_handle);
	}
	a = talloc_zero(conn, struct emsmdb_acxh);
	if (a == NULL || r->out.pacxh == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	a->server = s;
	a->conn = conn;
	a->assoc_group = mapiproxy_call_dcesrv(call)->conn->assoc_group;
	a->wire.handle_type = EMSMDB_HANDLE_ACXH;
	a->wire.uuid = GUID_random();
	MP_DLIST_ADD(s->acxhs, a);
	talloc_set_destructor(a, acxh_destructor);
	*r->out.pacxh = a->wire;
	r->out.result = MAPI_E_SUCCESS;
	return NT_STATUS_OK;
}

void emsmdb_server_session_ends(struct emsmdb_server *s, struct emsmdb_session *sess)
{
	if (s->waits != NULL && s->waits_pid == getpid()) {
		emsmdb_waits_session_ended(s->waits, sess);
	}
}

/* The waits of this process, made with its first EcDoAsyncWaitEx. */
static struct emsmdb_waits *server_waits(struct emsmdb_server *s,
					 struct tevent_context *ev)
{
	struct emsmdb_store *store;

	if (s->waits != NULL && s->waits_pid == getpid()) {
		return s->waits;
	}
	/* the parent's, over fork(): not ours to touch */
	s->waits = NULL;
	if (!NT_STATUS_IS_OK(emsmdb_server_store(s, &store))) {
		return NULL;
	}
	s->waits = emsmdb_waits_new(s, ev, store, s->wait_timeout_msec);
	s->waits_pid = getpid();
	return s->waits;
}

struct async_wait {
	struct mapiproxy_call *call;
	struct EcDoAsyncWaitEx *r;
};

static void async_wait_done(struct tevent_req *req)
{
	struct async_wait *aw = tevent_req_callback_data(req, struct async_wait);
	uint32_t flags = 0, ec = 0;
	NTSTATUS status = emsmdb_wait_recv(req, &flags, &ec);

	TALLOC_FREE(req);
	if (!NT_STATUS_IS_OK(status)) {
		mapiproxy_server_call_done(aw->call, status, DCERPC_FAULT_OUT_OF_RESOURCES);
		return;
	}
	DEBUG(5, ("emsmdb: EcDoAsyncWaitEx answers flags 0x%x, 0x%08x\n", flags, ec));
	*aw->r->out.pulFlagsOut = flags;
	aw->r->out.result = (enum MAPISTATUS)ec;
	mapiproxy_server_call_done(aw->call, NT_STATUS_OK, 0);
}

/* MS-OXCRPC 3.3.4.1: suspended until there is something to say. */
static NTSTATUS do_async_wait(struct mapiproxy_call *call, struct EcDoAsyncWaitEx *r,
			      struct emsmdb_server *s, uint32_t *fault)
{
	TALLOC_CTX *mem = mapiproxy_call_mem_ctx(call);
	struct dcesrv_call_state *dce_call = mapiproxy_call_dcesrv(call);
	const void *assoc = dce_call->conn->assoc_group;
	struct emsmdb_waits *waits;
	struct emsmdb_acxh *a;
	struct async_wait *aw;
	struct tevent_req *req;

	if (r->out.pulFlagsOut == NULL) {
		r->out.pulFlagsOut = talloc_zero(mem, uint32_t);
		if (r->out.pulFlagsOut == NULL) {
			return NT_STATUS_NO_MEMORY;
		}
	}
	for (a = s->acxhs; a != NULL; a = a->next) {
		if (a->assoc_group == assoc &&
		    a->wire.handle_type == r->in.acxh.handle_type &&
		    GUID_equal(&a->wire.uuid, &r->in.acxh.uuid)) {
			break;
		}
	}
	if (a == NULL) {
		/* an invalid ACXH completes with NotificationPending and
		 * ecRejected */
		*r->out.pulFlagsOut = EMSMDB_NOTIFICATION_PENDING;
		r->out.result = (enum MAPISTATUS)EMSMDB_EC_REJECTED;
		return NT_STATUS_OK;
	}
	waits = server_waits(s, mapiproxy_call_event_context(call));
	aw = talloc_zero(mem, struct async_wait);
	if (waits == NULL || aw == NULL) {
		*fault = DCERPC_FAULT_OUT_OF_RESOURCES;
		return NT_STATUS_NO_MEMORY;
	}
	aw->call = call;
	aw->r = r;
	/* a child of the call: a client that goes frees the wait with it */
	req = emsmdb_wait_send(aw, mapiproxy_call_event_context(call), waits,
			       a->conn->sess, mapiproxy_connection_leaving, dce_call->conn);
	if (req == NULL) {
		*fault = DCERPC_FAULT_OUT_OF_RESOURCES;
		return NT_STATUS_NO_MEMORY;
	}
	tevent_req_set_callback(req, async_wait_done, aw);
	return NT_STATUS_PENDING;
}

static NTSTATUS emsmdb_dispatch(struct mapiproxy_call *call, void *r, void *private_data,
				uint32_t *fault)
{
	struct emsmdb_server *s = private_data;

	switch (mapiproxy_call_opnum(call)) {
	case NDR_ECDODISCONNECT:
		return do_disconnect(call, r, fault);
	case NDR_ECRREGISTERPUSHNOTIFICATION:
		return do_register_push(call, r, fault);
	case NDR_ECDUMMYRPC:
		/* MS-OXCRPC 3.1.4.6: always succeeds */
		((struct EcDummyRpc *)r)->out.result = MAPI_E_SUCCESS;
		return NT_STATUS_OK;
	case NDR_ECDOCONNECTEX: {
		struct EcDoConnectEx *c = r;
		uint32_t size_fault = 0;

		c->out.result = emsmdb_connect_ex(s, call, c, &size_fault);
		if (size_fault != 0) {
			*fault = size_fault;
			return NT_STATUS_INVALID_PARAMETER;
		}
		return NT_STATUS_OK;
	}
	case NDR_ECDORPCEXT2:
		return do_rpc_ext2(call, r, fault);
	case NDR_ECDOCONNECT: {
		struct EcDoConnect *c = r;

		c->out.result = emsmdb_connect_legacy(s, call, c);
		return NT_STATUS_OK;
	}
	case NDR_ECDORPC:
		return do_rpc_legacy(call, r, fault);
	case NDR_ECDOASYNCCONNECTEX:
		return do_async_connect(call, r, s, fault);
	}
	/* the opnums MS-OXCRPC says are not used on the wire */
	*fault = DCERPC_FAULT_OP_RNG_ERROR;
	return NT_STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS async_emsmdb_dispatch(struct mapiproxy_call *call, void *r,
				      void *private_data, uint32_t *fault)
{
	if (mapiproxy_call_opnum(call) == NDR_ECDOASYNCWAITEX) {
		return do_async_wait(call, r, private_data, fault);
	}
	*fault = DCERPC_FAULT_OP_RNG_ERROR;
	return NT_STATUS_NOT_IMPLEMENTED;
}

const struct mapiproxy_server_provider mapiproxy_emsmdb_server = {
	.iface = "exchange_emsmdb",
	.init = emsmdb_init,
	.dispatch = emsmdb_dispatch,
};

const struct mapiproxy_server_provider mapiproxy_async_emsmdb_server = {
	.iface = "exchange_async_emsmdb",
	.init = emsmdb_init,
	.dispatch = async_emsmdb_dispatch,
};

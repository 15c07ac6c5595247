/*
 * A client association as modules see it: who the client is, each module's
 * private data for it, and a way to talk to its upstream ("ahead" calls).
 */
#include "config.h"
#include <util/debug.h>
#include <util/tevent_ntstatus.h>
#include "mapiproxy_internal.h"

struct mapiproxy_session *mapiproxy_session_new(TALLOC_CTX *mem_ctx,
						struct mapiproxy_chain *chain,
						const char *account,
						const struct mapiproxy_session_ops *ops,
						void *ops_private)
{
	struct mapiproxy_session *session;

	session = talloc_zero(mem_ctx, struct mapiproxy_session);
	if (session == NULL) {
		return NULL;
	}
	session->chain = chain;
	session->account = talloc_strdup(session, account ? account : "");
	session->module_private = talloc_zero_array(session, void *,
						    chain ? chain->count : 0);
	if (session->account == NULL ||
	    (chain != NULL && chain->count > 0 && session->module_private == NULL)) {
		talloc_free(session);
		return NULL;
	}
	session->ops = ops;
	session->ops_private = ops_private;
	return session;
}

const char *mapiproxy_session_account(struct mapiproxy_session *session)
{
	return session->account;
}

ssize_t mapiproxy_module_slot(struct mapiproxy_session *session,
			      const struct mapiproxy_module *module)
{
	size_t i;

	for (i = 0; session != NULL && session->chain != NULL && i < session->chain->count; i++) {
		if (session->chain->modules[i] == module) {
			return i;
		}
	}
	return -1;
}

void *mapiproxy_session_get_private(struct mapiproxy_session *session,
				    const struct mapiproxy_module *module)
{
	ssize_t slot = mapiproxy_module_slot(session, module);

	return slot < 0 ? NULL : session->module_private[slot];
}

void mapiproxy_session_set_private(struct mapiproxy_session *session,
				   const struct mapiproxy_module *module,
				   void *ptr)
{
	ssize_t slot = mapiproxy_module_slot(session, module);

	if (slot < 0) {
		DEBUG(0, ("mapiproxy: module '%s' is not in this session's chain\n",
			  module && module->name ? module->name : "?"));
		return;
	}
	if (session->module_private[slot] != NULL &&
	    session->module_private[slot] != ptr) {
		talloc_free(session->module_private[slot]);
	}
	session->module_private[slot] = ptr ? talloc_steal(session, ptr) : NULL;
}

struct tevent_req *mapiproxy_ahead_send(TALLOC_CTX *mem_ctx,
					struct tevent_context *ev,
					struct mapiproxy_session *session,
					const struct ndr_interface_table *table,
					uint32_t opnum,
					void *r)
{
	struct tevent_req *req;
	int *dummy;

	if (session->ops != NULL && session->ops->ahead_send != NULL) {
		return session->ops->ahead_send(mem_ctx, ev, session, table, opnum,
						r, session->ops_private);
	}
	/* A session without an upstream (server mode) cannot talk ahead. */
	req = tevent_req_create(mem_ctx, &dummy, int);
	if (req == NULL) {
		return NULL;
	}
	tevent_req_nterror(req, NT_STATUS_NOT_SUPPORTED);
	return tevent_req_post(req, ev);
}

NTSTATUS mapiproxy_ahead_recv(struct tevent_req *req)
{
	/* Both the upstream's request and our own refusal carry a plain status. */
	return tevent_req_simple_recv_ntstatus(req);
}

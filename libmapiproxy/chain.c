/*
 * The module chain and its runner.
 *
 * The endpoint server owns the order (smb.conf's modules list); requests
 * walk it forwards, responses backwards.  A hook may suspend its call
 * (NT_STATUS_PENDING) and resume it from an event callback later, so the
 * runner is a tevent request that remembers where it stopped.
 */
#include "config.h"
#include <string.h>
#include <util/debug.h>
#include <util/tevent_ntstatus.h>
#include <ndr.h>
#include "mapiproxy_internal.h"

const char *mapiproxy_phase_name(enum mapiproxy_phase phase)
{
	switch (phase) {
	case MAPIPROXY_PHASE_NDR_PULL: return "ndr_pull";
	case MAPIPROXY_PHASE_PULL: return "pull";
	case MAPIPROXY_PHASE_DISPATCH: return "dispatch";
	case MAPIPROXY_PHASE_PUSH: return "push";
	}
	return "unknown";
}

NTSTATUS mapiproxy_chain_build(TALLOC_CTX *mem_ctx, const char * const *names,
			       const char *modulesdir,
			       struct mapiproxy_chain **_chain)
{
	struct mapiproxy_chain *chain;
	size_t n = 0, i, j;

	while (names != NULL && names[n] != NULL) {
		n++;
	}
	chain = talloc_zero(mem_ctx, struct mapiproxy_chain);
	if (chain == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	chain->modules = talloc_zero_array(chain, const struct mapiproxy_module *, n);
	if (n > 0 && chain->modules == NULL) {
		talloc_free(chain);
		return NT_STATUS_NO_MEMORY;
	}

	for (i = 0; i < n; i++) {
		const struct mapiproxy_module *m = NULL;
		NTSTATUS status = mapiproxy_module_load(names[i], modulesdir, &m);

		if (!NT_STATUS_IS_OK(status)) {
			DEBUG(0, ("mapiproxy: dcerpc_mapiproxy:modules: cannot use "
				  "module '%s': %s\n", names[i], nt_errstr(status)));
			talloc_free(chain);
			return status;
		}
		for (j = 0; j < chain->count; j++) {
			if (chain->modules[j] == m) {
				DEBUG(0, ("mapiproxy: dcerpc_mapiproxy:modules names "
					  "'%s' twice\n", m->name));
				talloc_free(chain);
				return NT_STATUS_INVALID_PARAMETER;
			}
		}
		chain->modules[chain->count++] = m;
	}
	*_chain = chain;
	return NT_STATUS_OK;
}

NTSTATUS mapiproxy_chain_init_modules(struct mapiproxy_chain *chain,
				      const struct mapiproxy_module_init_context *ctx)
{
	size_t i;

	for (i = 0; i < chain->count; i++) {
		const struct mapiproxy_module *m = chain->modules[i];
		NTSTATUS status;

		if (m->init == NULL) {
			continue;
		}
		status = m->init(ctx);
		if (!NT_STATUS_IS_OK(status)) {
			DEBUG(0, ("mapiproxy: module '%s' failed to initialise: %s\n",
				  m->name, nt_errstr(status)));
			return status;
		}
		DEBUG(2, ("mapiproxy: module '%s' initialised\n", m->name));
	}
	return NT_STATUS_OK;
}

static bool module_applies(const struct mapiproxy_module *m, const char *iface_name)
{
	if (m->endpoint == NULL || strcmp(m->endpoint, "any") == 0) {
		return true;
	}
	return iface_name != NULL && strcmp(m->endpoint, iface_name) == 0;
}

static void *module_hook(const struct mapiproxy_module *m, enum mapiproxy_phase phase)
{
	switch (phase) {
	case MAPIPROXY_PHASE_NDR_PULL: return (void *)m->ndr_pull;
	case MAPIPROXY_PHASE_PULL: return (void *)m->pull;
	case MAPIPROXY_PHASE_DISPATCH: return (void *)m->dispatch;
	case MAPIPROXY_PHASE_PUSH: return (void *)m->push;
	}
	return NULL;
}

bool mapiproxy_chain_wants(const struct mapiproxy_chain *chain,
			   const char *iface_name, enum mapiproxy_phase phase)
{
	size_t i;

	for (i = 0; chain != NULL && i < chain->count; i++) {
		if (module_applies(chain->modules[i], iface_name) &&
		    module_hook(chain->modules[i], phase) != NULL) {
			return true;
		}
	}
	return false;
}

struct chain_run_state {
	struct tevent_context *ev;
	struct mapiproxy_call *call;
	enum mapiproxy_phase phase;
	void *arg;
	size_t step;
};

static NTSTATUS run_hook(const struct mapiproxy_module *m,
			 enum mapiproxy_phase phase,
			 struct mapiproxy_call *call, void *arg)
{
	switch (phase) {
	case MAPIPROXY_PHASE_NDR_PULL: return m->ndr_pull(call, arg);
	case MAPIPROXY_PHASE_PULL: return m->pull(call, arg);
	case MAPIPROXY_PHASE_DISPATCH: return m->dispatch(call, arg);
	case MAPIPROXY_PHASE_PUSH: return m->push(call, arg);
	}
	return NT_STATUS_INTERNAL_ERROR;
}

static void chain_run_continue(struct tevent_req *req)
{
	struct chain_run_state *state = tevent_req_data(req, struct chain_run_state);
	struct mapiproxy_call *call = state->call;
	const struct mapiproxy_chain *chain = call->session->chain;
	const char *iface = call->table ? call->table->name : NULL;

	while (state->step < chain->count) {
		size_t idx = state->phase == MAPIPROXY_PHASE_PUSH ?
			chain->count - 1 - state->step : state->step;
		const struct mapiproxy_module *m = chain->modules[idx];
		NTSTATUS status;

		state->step++;
		if (!module_applies(m, iface) || module_hook(m, state->phase) == NULL) {
			continue;
		}
		status = run_hook(m, state->phase, call, state->arg);
		if (NT_STATUS_EQUAL(status, NT_STATUS_PENDING)) {
			DEBUG(5, ("mapiproxy: module '%s' suspended %s in its %s hook\n",
				  m->name, mapiproxy_call_name(call),
				  mapiproxy_phase_name(state->phase)));
			call->suspended = req;
			return;
		}
		if (!NT_STATUS_IS_OK(status)) {
			DEBUG(2, ("mapiproxy: module '%s' failed %s in its %s hook: %s\n",
				  m->name, mapiproxy_call_name(call),
				  mapiproxy_phase_name(state->phase), nt_errstr(status)));
			tevent_req_nterror(req, status);
			return;
		}
	}
	tevent_req_done(req);
}

struct tevent_req *mapiproxy_chain_run_send(TALLOC_CTX *mem_ctx,
					    struct tevent_context *ev,
					    struct mapiproxy_call *call,
					    enum mapiproxy_phase phase,
					    void *arg)
{
	struct tevent_req *req;
	struct chain_run_state *state;

	req = tevent_req_create(mem_ctx, &state, struct chain_run_state);
	if (req == NULL) {
		return NULL;
	}
	state->ev = ev;
	state->call = call;
	state->phase = phase;
	state->arg = arg;

	chain_run_continue(req);
	if (!tevent_req_is_in_progress(req)) {
		return tevent_req_post(req, ev);
	}
	return req;
}

NTSTATUS mapiproxy_chain_run_recv(struct tevent_req *req)
{
	return tevent_req_simple_recv_ntstatus(req);
}

struct resume_state {
	struct tevent_req *req;
	NTSTATUS status;
};

static void resume_handler(struct tevent_context *ev, struct tevent_immediate *im,
			   void *private_data)
{
	struct resume_state *rs = talloc_get_type_abort(private_data, struct resume_state);
	struct tevent_req *req = rs->req;
	NTSTATUS status = rs->status;

	talloc_free(rs);
	if (tevent_req_nterror(req, status)) {
		return;
	}
	chain_run_continue(req);
}

void mapiproxy_call_resume(struct mapiproxy_call *call, NTSTATUS status)
{
	struct tevent_immediate *im;
	struct resume_state *rs;
	struct tevent_req *req = call->suspended;

	if (req == NULL) {
		DEBUG(0, ("mapiproxy: %s resumed but not suspended: module bug\n",
			  mapiproxy_call_name(call)));
		return;
	}
	call->suspended = NULL;

	/* Resuming from an immediate keeps the chain off the module's stack,
	 * even when a module resumes from inside its own hook. */
	rs = talloc_zero(req, struct resume_state);
	im = rs ? tevent_create_immediate(rs) : NULL;
	if (im == NULL) {
		tevent_req_oom(req);
		return;
	}
	rs->req = req;
	rs->status = status;
	tevent_schedule_immediate(im, call->ev, resume_handler, rs);
}

void mapiproxy_chain_unbind(struct mapiproxy_chain *chain,
			    struct mapiproxy_session *session,
			    const char *iface_name)
{
	size_t i;

	for (i = 0; chain != NULL && i < chain->count; i++) {
		const struct mapiproxy_module *m = chain->modules[i];
		NTSTATUS status;

		if (m->unbind == NULL || !module_applies(m, iface_name)) {
			continue;
		}
		status = m->unbind(session);
		if (!NT_STATUS_IS_OK(status)) {
			DEBUG(2, ("mapiproxy: module '%s' unbind hook failed: %s\n",
				  m->name, nt_errstr(status)));
		}
	}
}

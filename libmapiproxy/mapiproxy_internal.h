/*
 * What the mapiproxy endpoint server and libmapiproxy share, and modules do
 * not see: the module registry, the chain runner and the call and session
 * objects' layout.  Not installed.
 */
#ifndef MAPIPROXY_INTERNAL_H
#define MAPIPROXY_INTERNAL_H

#include "libmapiproxy.h"

enum mapiproxy_phase {
	MAPIPROXY_PHASE_NDR_PULL,
	MAPIPROXY_PHASE_PULL,
	MAPIPROXY_PHASE_DISPATCH,
	MAPIPROXY_PHASE_PUSH,
};

const char *mapiproxy_phase_name(enum mapiproxy_phase phase);

/* --- registry (module_registry.c) --------------------------------------- */

const struct mapiproxy_module *mapiproxy_module_byname(const char *name);

/*
 * Find a module by name: one already registered, else NAME.so in
 * modulesdir, else NAME taken as a path.  The module's samba_init_module()
 * must register a module of that name (the file's base name without .so).
 */
NTSTATUS mapiproxy_module_load(const char *name_or_path, const char *modulesdir,
			       const struct mapiproxy_module **module);

/* Forget every registered module (tests only: loaded objects stay mapped). */
void mapiproxy_module_registry_reset(void);

/* --- chain (chain.c) ------------------------------------------------------ */

struct mapiproxy_chain {
	const struct mapiproxy_module **modules;
	size_t count;
};

/* Load and order the modules named in the list; stops at the first failure
 * with a DEBUG(0) line naming the module. */
NTSTATUS mapiproxy_chain_build(TALLOC_CTX *mem_ctx, const char * const *names,
			       const char *modulesdir,
			       struct mapiproxy_chain **chain);

/* Run every module's init hook; stops at the first failure. */
NTSTATUS mapiproxy_chain_init_modules(struct mapiproxy_chain *chain,
				      const struct mapiproxy_module_init_context *ctx);

/* Does any module of the chain have a hook for this phase and interface?
 * Lets the call path skip work nobody will look at. */
bool mapiproxy_chain_wants(const struct mapiproxy_chain *chain,
			   const char *iface_name, enum mapiproxy_phase phase);

/*
 * Run one phase's hooks for a call: in chain order, or reversed for
 * MAPIPROXY_PHASE_PUSH.  arg is the struct ndr_pull for the ndr_pull phase
 * and the function's struct otherwise.  Completes when every hook said
 * continue, with the first error otherwise; a hook may suspend the call.
 */
struct tevent_req *mapiproxy_chain_run_send(TALLOC_CTX *mem_ctx,
					    struct tevent_context *ev,
					    struct mapiproxy_call *call,
					    enum mapiproxy_phase phase,
					    void *arg);
NTSTATUS mapiproxy_chain_run_recv(struct tevent_req *req);

/* Every applicable module's unbind hook, in chain order; failures are
 * logged and do not stop the others. */
void mapiproxy_chain_unbind(struct mapiproxy_chain *chain,
			    struct mapiproxy_session *session,
			    const char *iface_name);

/* --- session (session.c) -------------------------------------------------- */

struct mapiproxy_session_ops {
	struct tevent_req *(*ahead_send)(TALLOC_CTX *mem_ctx,
					 struct tevent_context *ev,
					 struct mapiproxy_session *session,
					 const struct ndr_interface_table *table,
					 uint32_t opnum, void *r,
					 void *private_data);
};

struct mapiproxy_session {
	struct mapiproxy_chain *chain;
	/* ROP decoding state across the session's EMSMDB calls (rop_view.c) */
	struct rop_state *rop_state;
	const char *account;
	/* one slot per chain position */
	void **module_private;
	const struct mapiproxy_session_ops *ops;
	void *ops_private;
};

struct mapiproxy_session *mapiproxy_session_new(TALLOC_CTX *mem_ctx,
						struct mapiproxy_chain *chain,
						const char *account,
						const struct mapiproxy_session_ops *ops,
						void *ops_private);

/* --- call (call.c) -------------------------------------------------------- */

struct mapiproxy_call {
	struct tevent_context *ev;
	struct mapiproxy_session *session;
	struct dcesrv_call_state *dce_call;
	const struct ndr_interface_table *table;
	uint32_t opnum;
	DATA_BLOB raw_request;
	DATA_BLOB raw_response;
	bool norelay;
	uint32_t fault_code;
	/* the chain run a hook suspended, until mapiproxy_call_resume() */
	struct tevent_req *suspended;
	/* the call a server-mode provider suspended, until
	 * mapiproxy_server_call_done() */
	struct tevent_req *provider_pending;
	/* EMSMDB payloads: rgbIn (mapi_request) as received; the decoded
	 * view, if any */
	bool rop_capable;
	bool rop_legacy;	/* EcDoRpc's framing, not EcDoRpcExt2's */
	DATA_BLOB rop_in;
	struct rop_view *rop_view;
	/* per-module private data, indexed like the session's chain */
	void **module_private;
};

/* A module's index in the session's chain, -1 if it is not in it. */
ssize_t mapiproxy_module_slot(struct mapiproxy_session *session,
			      const struct mapiproxy_module *module);

struct mapiproxy_call *mapiproxy_call_new(TALLOC_CTX *mem_ctx,
					  struct tevent_context *ev,
					  struct mapiproxy_session *session,
					  struct dcesrv_call_state *dce_call,
					  const struct ndr_interface_table *table,
					  uint32_t opnum);

/*
 * EcDoRpcExt2 and EcDoRpc calls: the endpoint server hands over rgbIn or
 * mapi_request (legacy), and later rgbOut or mapi_response, as they are on
 * the wire; modules then see ROPs through mapiproxy_call_rops().
 * mapiproxy_call_rops_reencode_*() give new bytes, framed like the
 * originals, only if a module changed the ROPs.
 */
void mapiproxy_call_set_rop_request(struct mapiproxy_call *call, bool legacy,
				    DATA_BLOB rgb_in);
void mapiproxy_call_set_rop_response(struct mapiproxy_call *call, DATA_BLOB rgb_out);
NTSTATUS mapiproxy_call_rops_reencode_request(struct mapiproxy_call *call,
					      DATA_BLOB *out, bool *changed);
NTSTATUS mapiproxy_call_rops_reencode_response(struct mapiproxy_call *call,
					       size_t max_out, DATA_BLOB *out,
					       bool *changed);

/* The fault a failed hook earns: the module's choice, else one derived
 * from the status it returned. */
uint32_t mapiproxy_call_fault_for(struct mapiproxy_call *call, NTSTATUS status);

/* --- long calls whose caller left (abandoned.c) --------------------------- */

/* How often a long call asks whether its caller is still there. */
#define MAPIPROXY_ABANDONED_POLL_MSEC 1000

/*
 * Completes once abandoned(private_data) says nobody will read the answer
 * of a call held open for long (its client's connection is going), asked
 * every MAPIPROXY_ABANDONED_POLL_MSEC while the request exists.  Whoever
 * holds the call ends it then; freeing this request stops the asking.
 */
struct tevent_req *mapiproxy_abandoned_send(TALLOC_CTX *mem_ctx, struct tevent_context *ev,
					    bool (*abandoned)(void *private_data),
					    void *private_data);
NTSTATUS mapiproxy_abandoned_recv(struct tevent_req *req);

#endif /* MAPIPROXY_INTERNAL_H */

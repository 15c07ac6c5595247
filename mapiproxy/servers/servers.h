/*
 * Server mode: built-in providers that answer an interface's calls
 * themselves instead of relaying them (dcerpc_mapiproxy:server = yes).
 *
 * A provider answers a call by filling r->out, at once or later (it
 * suspends the call); the module chain runs around it exactly as around a
 * relayed call.
 */
#ifndef MAPIPROXY_SERVERS_H
#define MAPIPROXY_SERVERS_H

struct mapiproxy_context;
struct mapiproxy_call;

struct mapiproxy_server_provider {
	/* the interface's IDL name, e.g. "exchange_nsp" */
	const char *iface;
	/* once at start-up; an error stops samba from starting */
	NTSTATUS (*init)(struct mapiproxy_context *mpctx, void **provider_private);
	/*
	 * Answer the call: fill r->out (including out.result).  As with
	 * pidl's server skeletons, [in,out] pointers arrive only in r->in:
	 * point r->out at them before writing the answer.  A DCE/RPC
	 * fault instead of an answer: return an error and set *fault.
	 * NT_STATUS_PENDING suspends the call (nothing blocks meanwhile):
	 * the provider answers later with mapiproxy_server_call_done(),
	 * from an event callback, exactly once, unless the call was freed
	 * first (its client went), which frees whatever the provider hung
	 * off mapiproxy_call_mem_ctx(call).
	 */
	NTSTATUS (*dispatch)(struct mapiproxy_call *call, void *r,
			     void *provider_private, uint32_t *fault);
};

/* The answer of a suspended call is in r->out (status NT_STATUS_OK), or it
 * fails with fault (call_path.c). */
void mapiproxy_server_call_done(struct mapiproxy_call *call, NTSTATUS status,
				uint32_t fault);

/*
 * "/o=ORG/ou=GROUP" (dcerpc_mapiproxy:organization, :admin_group) and
 * "/o=ORG/ou=GROUP/cn=Recipients": the prefixes of the legacyExchangeDNs
 * every built-in server uses; a user's is "<recipients>/cn=<account>".
 */
struct loadparm_context;
char *mapiproxy_server_org_prefix(TALLOC_CTX *mem_ctx, struct loadparm_context *lp_ctx);
char *mapiproxy_server_recipients_prefix(TALLOC_CTX *mem_ctx,
					 struct loadparm_context *lp_ctx);

/* The provider for an interface, NULL if there is none. */
const struct mapiproxy_server_provider *mapiproxy_server_provider(const char *iface);

#endif /* MAPIPROXY_SERVERS_H */

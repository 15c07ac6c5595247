/*
 * Server mode: built-in providers that answer an interface's calls
 * themselves instead of relaying them (dcerpc_mapiproxy:server = yes).
 *
 * A provider answers one call synchronously by filling r->out; the module
 * chain runs around it exactly as around a relayed call.
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
	 */
	NTSTATUS (*dispatch)(struct mapiproxy_call *call, void *r,
			     void *provider_private, uint32_t *fault);
};

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

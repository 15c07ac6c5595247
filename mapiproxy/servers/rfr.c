/*
 * Server mode RFR (MS-OXABREF): the referral service that tells clients
 * which NSPI server to use and maps a mailbox server's DN to its FQDN.
 * Here both answers name this server.
 */
#include "config.h"
#include "mapiproxy/mapiproxy.h"
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include "gen_ndr/ndr_exchange_ds_rfr.h"

/* MS-OXABREF 3.1.4.1: the NSPI server is this one. */
static enum MAPISTATUS rfr_get_new_dsa(struct mapiproxy_call *call, struct RfrGetNewDSA *r,
				       const char *fqdn)
{
	/* [in,out] pointers: the answer goes where the client's value was */
	r->out.ppszUnused = r->in.ppszUnused;
	r->out.ppszServer = r->in.ppszServer;
	if (r->out.ppszUnused != NULL) {
		*r->out.ppszUnused = NULL;
	}
	if (r->out.ppszServer == NULL) {
		/* the client gave us nowhere to put the answer */
		return MAPI_E_INVALID_PARAMETER;
	}
	*r->out.ppszServer = talloc_strdup(mapiproxy_call_mem_ctx(call), fqdn);
	return *r->out.ppszServer ? MAPI_E_SUCCESS : MAPI_E_NOT_ENOUGH_MEMORY;
}

/*
 * The server's short name in "/o=ORG/ou=GROUP/cn=Configuration/cn=Servers/
 * [cn=INSTANCE/]cn=NAME" (MS-OXABREF 3.1.4.2), or NULL if dn is not of
 * that form.  Matching is case-insensitive, as for every X.500-style DN
 * Exchange hands out.
 */
static const char *server_name_of_dn(TALLOC_CTX *mem_ctx, const char *dn)
{
	static const char *const prefix[] = { "/o=", "/ou=", "/cn=configuration",
					      "/cn=servers" };
	const char *p = dn, *last = NULL;
	int elements = 0, i;

	for (i = 0; i < 4; i++) {
		size_t n = strlen(prefix[i]);

		if (strncasecmp(p, prefix[i], n) != 0) {
			return NULL;
		}
		p += n;
		if (i < 2) {
			/* organisation and administrative group: any name */
			if (*p == '\0' || *p == '/') {
				return NULL;
			}
			p += strcspn(p, "/");
		} else if (*p != '/') {
			return NULL;
		}
	}
	/* then one or two "/cn=..." elements: [instance/]server */
	while (*p != '\0') {
		if (strncasecmp(p, "/cn=", 4) != 0 || p[4] == '\0' || p[4] == '/') {
			return NULL;
		}
		last = p + 4;
		p = last + strcspn(last, "/");
		elements++;
	}
	if (elements < 1 || elements > 2) {
		return NULL;
	}
	return talloc_strndup(mem_ctx, last, p - last);
}

/* MS-OXABREF 3.1.4.2 */
static enum MAPISTATUS rfr_get_fqdn(struct mapiproxy_call *call,
				    struct RfrGetFQDNFromServerDN *r,
				    struct loadparm_context *lp_ctx, const char *fqdn)
{
	TALLOC_CTX *mem = mapiproxy_call_mem_ctx(call);
	const char *dn = r->in.szMailboxServerDN;
	const char *name;

	*r->out.ppszServerFQDN = NULL;
	if (dn == NULL || r->in.cbMailboxServerDN != strlen(dn) + 1) {
		DEBUG(2, ("mapiproxy rfr: cbMailboxServerDN %u does not match "
			  "the DN's length\n", (unsigned)r->in.cbMailboxServerDN));
		return MAPI_E_INVALID_PARAMETER;
	}
	name = server_name_of_dn(mem, dn);
	if (name == NULL) {
		DEBUG(2, ("mapiproxy rfr: '%s' is not a mailbox server DN\n", dn));
		return MAPI_E_INVALID_PARAMETER;
	}
	if (strcasecmp(name, lpcfg_netbios_name(lp_ctx)) != 0) {
		DEBUG(2, ("mapiproxy rfr: no mailbox server '%s' here\n", name));
		return MAPI_E_NOT_FOUND;
	}
	*r->out.ppszServerFQDN = talloc_strdup(mem, fqdn);
	return *r->out.ppszServerFQDN ? MAPI_E_SUCCESS : MAPI_E_NOT_ENOUGH_MEMORY;
}

struct rfr_server {
	struct loadparm_context *lp_ctx;
	const char *fqdn;
};

static NTSTATUS rfr_init(struct mapiproxy_context *mpctx, void **provider_private)
{
	struct rfr_server *s = talloc_zero(mpctx, struct rfr_server);

	if (s == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	s->lp_ctx = mpctx->lp_ctx;
	s->fqdn = mapiproxy_local_fqdn(s, mpctx->lp_ctx);
	if (s->fqdn == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	DEBUG(2, ("mapiproxy rfr: referring clients to %s\n", s->fqdn));
	*provider_private = s;
	return NT_STATUS_OK;
}

static NTSTATUS rfr_dispatch(struct mapiproxy_call *call, void *r, void *private_data,
			     uint32_t *fault)
{
	struct rfr_server *s = private_data;

	DEBUG(3, ("mapiproxy rfr: %s from %s\n", mapiproxy_call_name(call),
		  mapiproxy_session_account(mapiproxy_call_session(call))));
	switch (mapiproxy_call_opnum(call)) {
	case NDR_RFRGETNEWDSA: {
		struct RfrGetNewDSA *g = r;

		g->out.result = rfr_get_new_dsa(call, g, s->fqdn);
		return NT_STATUS_OK;
	}
	case NDR_RFRGETFQDNFROMSERVERDN: {
		struct RfrGetFQDNFromServerDN *f = r;

		f->out.result = rfr_get_fqdn(call, f, s->lp_ctx, s->fqdn);
		return NT_STATUS_OK;
	}
	}
	*fault = DCERPC_FAULT_OP_RNG_ERROR;
	return NT_STATUS_NOT_IMPLEMENTED;
}

const struct mapiproxy_server_provider mapiproxy_rfr_server = {
	.iface = "exchange_ds_rfr",
	.init = rfr_init,
	.dispatch = rfr_dispatch,
};

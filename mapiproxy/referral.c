/*
 * Referral rewriting: clients stay on the proxy.
 *
 * Exchange tells clients where to go next: RfrGetNewDSA names the NSPI
 * server, RfrGetFQDNFromServerDN the mailbox server, and the address book's
 * PR_EMS_AB_NETWORK_ADDRESS and PR_EMS_AB_HOME_MDB name the mailbox server
 * too.  In relayed answers we put this proxy's name instead, and map it back
 * to the upstream's where a client hands such a name up again
 * (NspiDNToMId, RfrGetFQDNFromServerDN).  Every hop of a chain does the same,
 * so a chain keeps its clients on the first hop.
 *
 * The upstream's name is learned from the answers we rewrite.  Behind one
 * proxy there is one upstream; if that upstream refers to several mailbox
 * servers, the last one seen is the one a proxy name maps back to (the
 * original mapiproxy had the same limit).
 */
#include "config.h"
#include "mapiproxy/mapiproxy.h"
#include <string.h>
#include <strings.h>
#include "gen_ndr/ndr_exchange_nsp.h"
#include "gen_ndr/ndr_exchange_ds_rfr.h"

#define PROP_ID(tag) ((tag) >> 16)
#define PROP_TYPE(tag) ((tag) & 0xFFFF)
#define PR_EMS_AB_HOME_MDB_ID 0x8006
#define PR_EMS_AB_NETWORK_ADDRESS_ID 0x8170
#define PT_STRING8 0x001E
#define PT_UNICODE 0x001F
#define PT_MV_STRING8 0x101E
#define PT_MV_UNICODE 0x101F

struct mapiproxy_referral {
	char *fqdn;		/* ours */
	char *name;		/* ours, short: the first label of fqdn */
	char *upstream_fqdn;	/* learned */
	char *upstream_name;	/* learned */
};

static char *first_label(TALLOC_CTX *mem_ctx, const char *fqdn)
{
	return talloc_strndup(mem_ctx, fqdn, strcspn(fqdn, "."));
}

struct mapiproxy_referral *mapiproxy_referral_new(TALLOC_CTX *mem_ctx,
						  struct loadparm_context *lp_ctx)
{
	struct mapiproxy_referral *ref = talloc_zero(mem_ctx, struct mapiproxy_referral);

	if (ref == NULL) {
		return NULL;
	}
	ref->fqdn = mapiproxy_local_fqdn(ref, lp_ctx);
	ref->name = ref->fqdn ? first_label(ref, ref->fqdn) : NULL;
	if (ref->name == NULL) {
		talloc_free(ref);
		return NULL;
	}
	return ref;
}

static void learn(struct mapiproxy_referral *ref, const char *fqdn, const char *name)
{
	if (fqdn != NULL && (ref->upstream_fqdn == NULL ||
			     strcasecmp(ref->upstream_fqdn, fqdn) != 0)) {
		TALLOC_FREE(ref->upstream_fqdn);
		ref->upstream_fqdn = talloc_strdup(ref, fqdn);
		DEBUG(3, ("mapiproxy: upstream server FQDN is %s\n", fqdn));
		if (name == NULL && ref->upstream_name == NULL) {
			/* until a DN tells us better, a server is named by the
			 * first label of its FQDN */
			ref->upstream_name = first_label(ref, fqdn);
		}
	}
	if (name != NULL && (ref->upstream_name == NULL ||
			     strcasecmp(ref->upstream_name, name) != 0)) {
		TALLOC_FREE(ref->upstream_name);
		ref->upstream_name = talloc_strdup(ref, name);
		DEBUG(3, ("mapiproxy: upstream server name is %s\n", name));
	}
}

/* Where the server's name starts in an X.500-style server DN
 * ".../cn=Servers/cn=NAME[/...]", and how long it is. */
static const char *server_cn(const char *dn, size_t *len)
{
	static const char marker[] = "/cn=Servers/cn=";
	size_t n = strlen(marker);
	const char *p;

	for (p = dn; p != NULL && *p != '\0'; p++) {
		if (strncasecmp(p, marker, n) == 0) {
			*len = strcspn(p + n, "/");
			return *len > 0 ? p + n : NULL;
		}
	}
	return NULL;
}

/* dn with its server CN replaced, or NULL if it has none or it is already
 * `to` (when from is given, only a CN equal to from is replaced). */
static const char *replace_server_cn(TALLOC_CTX *mem_ctx, const char *dn,
				     const char *from, const char *to, char **found)
{
	size_t len;
	const char *cn = dn ? server_cn(dn, &len) : NULL;

	if (cn == NULL || to == NULL ||
	    (strlen(to) == len && strncasecmp(cn, to, len) == 0) ||
	    (from != NULL && (strlen(from) != len || strncasecmp(cn, from, len) != 0))) {
		return NULL;
	}
	if (found != NULL) {
		*found = talloc_strndup(mem_ctx, cn, len);
	}
	return talloc_asprintf(mem_ctx, "%.*s%s%s", (int)(cn - dn), dn, to, cn + len);
}

/* "ncacn_ip_tcp:host.domain[...]" -> "ncacn_ip_tcp:<ours>[...]": the
 * FQDN for name-based transports, the short name where one was given. */
static const char *replace_network_address(TALLOC_CTX *mem_ctx,
					   struct mapiproxy_referral *ref,
					   const char *addr)
{
	const char *host = addr ? strchr(addr, ':') : NULL;
	size_t len;
	bool fqdn;
	char *old;

	if (host == NULL) {
		return NULL;
	}
	host++;
	len = strcspn(host, "[");
	if (len == 0) {
		return NULL;
	}
	fqdn = memchr(host, '.', len) != NULL;
	old = talloc_strndup(mem_ctx, host, len);
	if (old == NULL || strcasecmp(old, fqdn ? ref->fqdn : ref->name) == 0) {
		return NULL;
	}
	if (fqdn) {
		learn(ref, old, NULL);
	}
	return talloc_asprintf(mem_ctx, "%.*s%s%s", (int)(host - addr), addr,
			       fqdn ? ref->fqdn : ref->name, host + len);
}

/* Rewrite the referral properties of one row; true if anything changed. */
static bool rewrite_row(TALLOC_CTX *mem_ctx, struct mapiproxy_referral *ref,
			struct PropertyRow_r *row)
{
	bool changed = false;
	uint32_t i, k;

	for (i = 0; row != NULL && row->lpProps != NULL && i < row->cValues; i++) {
		struct PropertyValue_r *v = &row->lpProps[i];
		uint32_t tag = v->ulPropTag;

		if (PROP_ID(tag) == PR_EMS_AB_HOME_MDB_ID &&
		    (PROP_TYPE(tag) == PT_STRING8 || PROP_TYPE(tag) == PT_UNICODE)) {
			const char **s = PROP_TYPE(tag) == PT_STRING8 ?
				&v->Value.lpszA : &v->Value.lpszW;
			char *real = NULL;
			const char *n = replace_server_cn(mem_ctx, *s, NULL, ref->name, &real);

			if (n != NULL) {
				learn(ref, NULL, real);
				*s = n;
				changed = true;
			}
		} else if (PROP_ID(tag) == PR_EMS_AB_NETWORK_ADDRESS_ID &&
			   (PROP_TYPE(tag) == PT_MV_STRING8 ||
			    PROP_TYPE(tag) == PT_MV_UNICODE)) {
			uint32_t count = PROP_TYPE(tag) == PT_MV_STRING8 ?
				v->Value.MVszA.cValues : v->Value.MVszW.cValues;
			const char **addrs = PROP_TYPE(tag) == PT_MV_STRING8 ?
				v->Value.MVszA.lppszA : v->Value.MVszW.lppszW;

			for (k = 0; addrs != NULL && k < count; k++) {
				const char *n = replace_network_address(mem_ctx, ref, addrs[k]);

				if (n != NULL) {
					addrs[k] = n;
					changed = true;
				}
			}
		}
	}
	return changed;
}

bool mapiproxy_referral_response(struct mapiproxy_referral *ref,
				 TALLOC_CTX *mem_ctx,
				 const struct ndr_interface_table *table,
				 uint32_t opnum, void *r)
{
	bool changed = false;
	uint32_t i;

	if (strcmp(table->name, "exchange_ds_rfr") == 0) {
		if (opnum == NDR_RFRGETNEWDSA) {
			struct RfrGetNewDSA *g = r;

			if (g->out.result == MAPI_E_SUCCESS && g->out.ppszServer != NULL &&
			    *g->out.ppszServer != NULL &&
			    strcasecmp(*g->out.ppszServer, ref->fqdn) != 0) {
				learn(ref, *g->out.ppszServer, NULL);
				*g->out.ppszServer = ref->fqdn;
				changed = true;
			}
		} else if (opnum == NDR_RFRGETFQDNFROMSERVERDN) {
			struct RfrGetFQDNFromServerDN *f = r;

			if (f->out.result == MAPI_E_SUCCESS && f->out.ppszServerFQDN != NULL &&
			    *f->out.ppszServerFQDN != NULL &&
			    strcasecmp(*f->out.ppszServerFQDN, ref->fqdn) != 0) {
				learn(ref, *f->out.ppszServerFQDN, NULL);
				*f->out.ppszServerFQDN = ref->fqdn;
				changed = true;
			}
		}
	} else if (strcmp(table->name, "exchange_nsp") == 0) {
		if (opnum == NDR_NSPIGETPROPS) {
			struct NspiGetProps *g = r;

			if (g->out.ppRows != NULL) {
				changed = rewrite_row(mem_ctx, ref, *g->out.ppRows);
			}
		} else if (opnum == NDR_NSPIQUERYROWS) {
			struct NspiQueryRows *q = r;
			struct PropertyRowSet_r *rows = q->out.ppRows ? *q->out.ppRows : NULL;

			for (i = 0; rows != NULL && rows->aRow != NULL && i < rows->cRows; i++) {
				changed |= rewrite_row(mem_ctx, ref, &rows->aRow[i]);
			}
		}
	}
	return changed;
}

bool mapiproxy_referral_request(struct mapiproxy_referral *ref,
				TALLOC_CTX *mem_ctx,
				const struct ndr_interface_table *table,
				uint32_t opnum, void *r)
{
	bool changed = false;
	uint32_t i;

	if (ref->upstream_name == NULL) {
		return false;	/* nothing was rewritten yet */
	}
	if (strcmp(table->name, "exchange_nsp") == 0 && opnum == NDR_NSPIDNTOMID) {
		struct NspiDNToMId *d = r;
		struct StringsArray_r *names = d->in.pNames;

		for (i = 0; names != NULL && names->Strings != NULL && i < names->Count; i++) {
			const char *n = replace_server_cn(mem_ctx, names->Strings[i],
							  ref->name, ref->upstream_name, NULL);
			if (n != NULL) {
				names->Strings[i] = n;
				changed = true;
			}
		}
	} else if (strcmp(table->name, "exchange_ds_rfr") == 0 &&
		   opnum == NDR_RFRGETFQDNFROMSERVERDN) {
		struct RfrGetFQDNFromServerDN *f = r;
		const char *n = replace_server_cn(mem_ctx, f->in.szMailboxServerDN,
						  ref->name, ref->upstream_name, NULL);
		if (n != NULL) {
			f->in.szMailboxServerDN = n;
			f->in.cbMailboxServerDN = strlen(n) + 1;
			changed = true;
		}
	}
	return changed;
}

bool mapiproxy_referral_wants_response(const struct ndr_interface_table *table,
				       uint32_t opnum)
{
	if (strcmp(table->name, "exchange_ds_rfr") == 0) {
		return opnum == NDR_RFRGETNEWDSA || opnum == NDR_RFRGETFQDNFROMSERVERDN;
	}
	if (strcmp(table->name, "exchange_nsp") == 0) {
		return opnum == NDR_NSPIGETPROPS || opnum == NDR_NSPIQUERYROWS;
	}
	return false;
}

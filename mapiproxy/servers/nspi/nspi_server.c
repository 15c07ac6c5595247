/*
 * Server mode NSPI (MS-NSPI): the provider that answers exchange_nsp
 * calls from the domain's directory.  NspiBind creates a context handle
 * whose data is the session (the bind's code page); every other call finds
 * its session through the handle, refreshes the directory if it changed,
 * and goes to its handler (nspi_ops_*.c).
 *
 * smb.conf: dcerpc_mapiproxy:nspi_samdb overrides the directory's path
 * (default: sam.ldb in the private directory).
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include "mapiproxy/mapiproxy.h"
#include <string.h>
#include "gen_ndr/ndr_exchange_nsp.h"
#include "mapiproxy/servers/nspi/nspi.h"

/* dcesrv handle type of NSPI context handles */
#define NSPI_HANDLE_TYPE 0x4e

static enum MAPISTATUS nspi_bind(struct nspi_server *srv, struct mapiproxy_call *call,
				 struct NspiBind *r)
{
	struct dcesrv_handle *h;
	struct nspi_session *s;

	r->out.pServerGuid = r->in.pServerGuid;
	memset(r->out.handle, 0, sizeof(*r->out.handle));
	if (r->in.pStat == NULL) {
		return MAPI_E_INVALID_PARAMETER;
	}
	if (!nspi_codepage_supported(r->in.pStat->CodePage)) {
		DEBUG(2, ("mapiproxy nspi: NspiBind with code page %u refused\n",
			  (unsigned)r->in.pStat->CodePage));
		return MAPI_E_UNKNOWN_CPID;
	}
	h = dcesrv_handle_create(mapiproxy_call_dcesrv(call), NSPI_HANDLE_TYPE);
	if (h == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	s = talloc_zero(h, struct nspi_session);
	if (s == NULL) {
		talloc_free(h);
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	s->srv = srv;
	s->codepage = r->in.pStat->CodePage;
	h->data = s;
	*r->out.handle = h->wire_handle;
	if (r->out.pServerGuid != NULL) {
		memcpy(r->out.pServerGuid->ab, srv->dir->server_guid, 16);
	}
	return MAPI_E_SUCCESS;
}

static NTSTATUS nspi_init(struct mapiproxy_context *mpctx, void **provider_private)
{
	struct nspi_server *srv = talloc_zero(mpctx, struct nspi_server);
	struct loadparm_context *lp = mpctx->lp_ctx;
	struct tevent_context *ev;
	const char *path, *realm;
	char *base, *org, *recipients, *home_mdb;
	const char *p;

	if (srv == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	path = lpcfg_parm_string(lp, NULL, MAPIPROXY_OPT, "nspi_samdb");
	if (path == NULL) {
		path = lpcfg_private_path(srv, lp, "sam.ldb");
	}
	realm = lpcfg_realm(lp);
	if (path == NULL || realm == NULL || realm[0] == '\0') {
		DEBUG(0, ("mapiproxy nspi: no sam.ldb or no realm: the address book "
			  "needs an AD domain\n"));
		return NT_STATUS_INVALID_PARAMETER;
	}
	/* "MAPI.TEST" -> "DC=MAPI,DC=TEST" */
	base = talloc_strdup(srv, "DC=");
	for (p = realm; base != NULL && *p != '\0'; p++) {
		base = *p == '.' ? talloc_strdup_append(base, ",DC=")
			: talloc_asprintf_append(base, "%c", *p);
	}
	org = mapiproxy_server_org_prefix(srv, lp);
	recipients = mapiproxy_server_recipients_prefix(srv, lp);
	home_mdb = org ? talloc_asprintf(srv, "%s/cn=Configuration/cn=Servers/cn=%s/"
					 "cn=Microsoft Private MDB", org,
					 lpcfg_netbios_name(lp)) : NULL;
	ev = tevent_context_init(srv);
	if (base == NULL || recipients == NULL || home_mdb == NULL || ev == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	srv->dir = nspi_directory_open_samdb(srv, ev, path, base, recipients, home_mdb);
	if (srv->dir == NULL) {
		DEBUG(0, ("mapiproxy nspi: cannot read the directory in %s\n", path));
		return NT_STATUS_CANT_ACCESS_DOMAIN_INFO;
	}
	DEBUG(2, ("mapiproxy nspi: address book of %s, %u entries\n", base,
		  (unsigned)srv->dir->count));
	*provider_private = srv;
	return NT_STATUS_OK;
}

/* The session of the handle a call names; NULL for a handle not ours. */
static struct nspi_session *nspi_session_of(struct mapiproxy_call *call,
					    const struct policy_handle *ph)
{
	struct dcesrv_handle *h;

	/* samba would make a new handle of an empty one: not for us */
	if (ph == NULL || ndr_policy_handle_empty(ph)) {
		return NULL;
	}
	h = dcesrv_handle_lookup(mapiproxy_call_dcesrv(call), ph, NSPI_HANDLE_TYPE);
	return h ? talloc_get_type(h->data, struct nspi_session) : NULL;
}

/* Every call but NspiBind starts with the handle: */
struct nspi_any_call {
	struct {
		struct policy_handle *handle;
	} in;
};

static enum MAPISTATUS nspi_call(struct nspi_session *s, struct mapiproxy_call *call,
				 void *r)
{
	TALLOC_CTX *mem = mapiproxy_call_mem_ctx(call);

	switch (mapiproxy_call_opnum(call)) {
	case NDR_NSPIUPDATESTAT:
		return nspi_update_stat(s, r);
	case NDR_NSPIQUERYROWS:
		return nspi_query_rows(s, mem, r);
	case NDR_NSPISEEKENTRIES:
		return nspi_seek_entries(s, mem, r);
	case NDR_NSPIGETMATCHES:
		return nspi_get_matches(s, mem, r);
	case NDR_NSPIRESORTRESTRICTION:
		return nspi_resort_restriction(s, mem, r);
	case NDR_NSPIDNTOMID:
		return nspi_dn_to_mid(s, mem, r);
	case NDR_NSPIGETPROPLIST:
		return nspi_get_prop_list(s, mem, r);
	case NDR_NSPIGETPROPS:
		return nspi_get_props(s, mem, r);
	case NDR_NSPICOMPAREMIDS:
		return nspi_compare_mids(s, r);
	case NDR_NSPIMODPROPS:
		return nspi_mod_props(s, r);
	case NDR_NSPIGETSPECIALTABLE:
		return nspi_get_special_table(s, mem, r);
	case NDR_NSPIGETTEMPLATEINFO:
		return nspi_get_template_info(s, mem, r);
	case NDR_NSPIMODLINKATT:
		return nspi_mod_link_att(s, r);
	case NDR_NSPIDELETEENTRIES:
		/* obsolete, and the directory is read-only anyway */
		return MAPI_E_NO_SUPPORT;
	case NDR_NSPIQUERYCOLUMNS:
		return nspi_query_columns(s, mem, r);
	case NDR_NSPIGETNAMESFROMIDS:
		return nspi_get_names_from_ids(s, mem, r);
	case NDR_NSPIGETIDSFROMNAMES:
		return nspi_get_ids_from_names(s, mem, r);
	case NDR_NSPIRESOLVENAMES:
		return nspi_resolve_names(s, mem, r);
	case NDR_NSPIRESOLVENAMESW:
		return nspi_resolve_names_w(s, mem, r);
	}
	return MAPI_E_NO_SUPPORT;
}

/*
 * Where the result goes: every NSPI function's out.result is the last
 * member of r->out, after pointers of the function's own layout, so it is
 * set through the NDR table's knowledge of the struct instead.
 */
static void nspi_set_result(uint32_t opnum, void *r, enum MAPISTATUS result)
{
#define RESULT_CASE(OP, T) case OP: ((struct T *)r)->out.result = result; break
	switch (opnum) {
	RESULT_CASE(NDR_NSPIBIND, NspiBind);
	RESULT_CASE(NDR_NSPIUNBIND, NspiUnbind);
	RESULT_CASE(NDR_NSPIUPDATESTAT, NspiUpdateStat);
	RESULT_CASE(NDR_NSPIQUERYROWS, NspiQueryRows);
	RESULT_CASE(NDR_NSPISEEKENTRIES, NspiSeekEntries);
	RESULT_CASE(NDR_NSPIGETMATCHES, NspiGetMatches);
	RESULT_CASE(NDR_NSPIRESORTRESTRICTION, NspiResortRestriction);
	RESULT_CASE(NDR_NSPIDNTOMID, NspiDNToMId);
	RESULT_CASE(NDR_NSPIGETPROPLIST, NspiGetPropList);
	RESULT_CASE(NDR_NSPIGETPROPS, NspiGetProps);
	RESULT_CASE(NDR_NSPICOMPAREMIDS, NspiCompareMIds);
	RESULT_CASE(NDR_NSPIMODPROPS, NspiModProps);
	RESULT_CASE(NDR_NSPIGETSPECIALTABLE, NspiGetSpecialTable);
	RESULT_CASE(NDR_NSPIGETTEMPLATEINFO, NspiGetTemplateInfo);
	RESULT_CASE(NDR_NSPIMODLINKATT, NspiModLinkAtt);
	RESULT_CASE(NDR_NSPIDELETEENTRIES, NspiDeleteEntries);
	RESULT_CASE(NDR_NSPIQUERYCOLUMNS, NspiQueryColumns);
	RESULT_CASE(NDR_NSPIGETNAMESFROMIDS, NspiGetNamesFromIDs);
	RESULT_CASE(NDR_NSPIGETIDSFROMNAMES, NspiGetIDsFromNames);
	RESULT_CASE(NDR_NSPIRESOLVENAMES, NspiResolveNames);
	RESULT_CASE(NDR_NSPIRESOLVENAMESW, NspiResolveNamesW);
	}
#undef RESULT_CASE
}

static NTSTATUS nspi_dispatch(struct mapiproxy_call *call, void *r, void *private_data,
			      uint32_t *fault)
{
	struct nspi_server *srv = private_data;
	uint32_t opnum = mapiproxy_call_opnum(call);
	struct nspi_session *s;
	enum MAPISTATUS result;

	DEBUG(3, ("mapiproxy nspi: %s from %s\n", mapiproxy_call_name(call),
		  mapiproxy_session_account(mapiproxy_call_session(call))));
	if (opnum > NDR_NSPIRESOLVENAMESW) {
		*fault = DCERPC_FAULT_OP_RNG_ERROR;
		return NT_STATUS_NOT_IMPLEMENTED;
	}
	/* users created since the last call show up now */
	nspi_directory_refresh(srv->dir);
	if (opnum == NDR_NSPIBIND) {
		result = nspi_bind(srv, call, r);
	} else {
		s = nspi_session_of(call, ((struct nspi_any_call *)r)->in.handle);
		if (s == NULL) {
			DEBUG(2, ("mapiproxy nspi: %s on a handle that is not an "
				  "NspiBind's\n", mapiproxy_call_name(call)));
			*fault = DCERPC_FAULT_CONTEXT_MISMATCH;
			return NT_STATUS_INVALID_HANDLE;
		}
		if (opnum == NDR_NSPIUNBIND) {
			struct NspiUnbind *u = r;

			talloc_free(talloc_parent(s));	/* the dcesrv handle */
			u->out.handle = u->in.handle;
			memset(u->out.handle, 0, sizeof(*u->out.handle));
			result = NSPI_UNBIND_SUCCESS;
		} else {
			result = nspi_call(s, call, r);
		}
	}
	if (result != MAPI_E_SUCCESS) {
		DEBUG(3, ("mapiproxy nspi: %s: 0x%08x\n", mapiproxy_call_name(call),
			  (unsigned)result));
	}
	nspi_set_result(opnum, r, result);
	return NT_STATUS_OK;
}

const struct mapiproxy_server_provider mapiproxy_nspi_server = {
	.iface = "exchange_nsp",
	.init = nspi_init,
	.dispatch = nspi_dispatch,
};

/*
 * EcDoConnectEx (MS-OXCRPC 3.1.4.1) and the legacy EcDoConnect (opnum 0)
 * for the built-in EMSMDB server: check that the client connects as the
 * user it authenticated as, negotiate the version, open a store session
 * keyed by the user's legacyExchangeDN and hand out the session context
 * handle (CXH).  Both calls open the same kind of session, so a handle
 * from either works with every other call (EcDoRpc, EcDoRpcExt2,
 * EcDoDisconnect, ...).
 *
 * Recipients of submitted messages resolve without a directory lookup: an
 * SMTP address "<account>@<dns domain>" or a legacyExchangeDN
 * "<recipients prefix>/cn=<account>" is the mailbox of that account on
 * this server (created on first delivery).  See doc/emsmdb-store.md.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <string.h>
#include <strings.h>
#include <time.h>
#include "emsmdb_provider.h"

/* MS-OXCRPC 3.1.4.1: how the client should poll and retry. */
#define POLLS_MAX_MS	60000
#define RETRY_COUNT	6
#define RETRY_DELAY_MS	10000

static char *resolve_recipient(TALLOC_CTX *mem_ctx, void *private_data,
			       const struct emsmdb_recipient *rcpt)
{
	struct emsmdb_server *s = private_data;
	const char *candidates[] = { rcpt->email_address, rcpt->smtp_address };
	size_t i;

	for (i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++) {
		char *account = emsmdb_account_of_address(mem_ctx, s->recipients_prefix,
							   s->dns_domain, candidates[i]);
		if (account != NULL) {
			return emsmdb_account_dn(mem_ctx, s->recipients_prefix, account);
		}
	}
	return NULL;
}

/* The authenticated account, without a "DOMAIN\" some callers prefix. */
static const char *call_account(struct mapiproxy_call *call)
{
	const char *account = dcesrv_call_account_name(mapiproxy_call_dcesrv(call));
	const char *bs;

	if (account == NULL) {
		return NULL;
	}
	bs = strrchr(account, '\\');
	return bs ? bs + 1 : account;
}

/*
 * Whose session this is: the authenticated account when szUserDN is his
 * own DN; any account of ours for a caller holding one of
 * emsmdb_trusted_sids (a relaying proxy with fixed credentials, which
 * connects on behalf of its clients).  NULL: ecAccessDenied.
 */
static const char *connect_account(struct emsmdb_server *s, struct mapiproxy_call *call,
				   const char *user_dn, TALLOC_CTX *mem)
{
	const char *account = call_account(call);
	char *wanted;

	if (account == NULL || user_dn == NULL) {
		return NULL;
	}
	wanted = emsmdb_account_of_address(mem, s->recipients_prefix, NULL, user_dn);
	if (wanted != NULL && strcasecmp(wanted, account) == 0) {
		return account;
	}
	if (wanted != NULL && s->trusted_sids != NULL && s->trusted_sids[0] != NULL &&
	    mapiproxy_call_holds_sid(mapiproxy_call_dcesrv(call), s->trusted_sids)) {
		DEBUG(3, ("emsmdb: %s connects on behalf of %s\n", account, wanted));
		return wanted;
	}
	DEBUG(2, ("emsmdb: %s may not connect as '%s'\n", account, user_dn));
	return NULL;
}

/*
 * What EcDoConnectEx and EcDoConnect share, by address, so that one piece
 * of code answers both: their common parameters have the same names.
 * best_version is EcDoConnectEx's rgwBestVersion, EcDoConnect's [out]
 * rgwClientVersion.
 */
struct connect_args {
	const char *user_dn;
	uint32_t cb_limit;
	const uint16_t *client_version;
	uint16_t *server_version;
	uint16_t *best_version;
	uint32_t *timestamp_in;
	uint32_t **timestamp;
	struct policy_handle **handle;
	uint32_t **polls_max;
	uint32_t **retry;
	uint32_t **retry_delay;
	uint16_t **icxr;
	const char ***dn_prefix;
	const char ***display_name;
};

#define CONNECT_ARGS(r, best) {						\
	.user_dn = (r)->in.szUserDN,					\
	.cb_limit = (r)->in.cbLimit,					\
	.client_version = (r)->in.rgwClientVersion,			\
	.server_version = (r)->out.rgwServerVersion,			\
	.best_version = (best),						\
	.timestamp_in = (r)->in.pulTimeStamp,				\
	.timestamp = &(r)->out.pulTimeStamp,				\
	.handle = &(r)->out.handle,					\
	.polls_max = &(r)->out.pcmsPollsMax,				\
	.retry = &(r)->out.pcRetry,					\
	.retry_delay = &(r)->out.pcmsRetryDelay,			\
	.icxr = &(r)->out.picxr,					\
	.dn_prefix = &(r)->out.szDNPrefix,				\
	.display_name = &(r)->out.szDisplayName,			\
}

#define OUT_PTR(mem, pp) do {						\
	if (*(pp) == NULL) {						\
		*(pp) = talloc_zero((mem), __typeof__(**(pp)));		\
	}								\
} while (0)

/* Every [out] pointer set (they may be missing when a module built the
 * call) and the handle zeroed, for success or not.  false: no memory. */
static bool connect_out_defaults(const struct connect_args *a, TALLOC_CTX *mem)
{
	OUT_PTR(mem, a->handle);
	OUT_PTR(mem, a->polls_max);
	OUT_PTR(mem, a->retry);
	OUT_PTR(mem, a->retry_delay);
	OUT_PTR(mem, a->icxr);
	OUT_PTR(mem, a->dn_prefix);
	OUT_PTR(mem, a->display_name);
	/* [in,out] pointers answer where the client's value was */
	*a->timestamp = a->timestamp_in;
	if (*a->handle == NULL || *a->polls_max == NULL || *a->retry == NULL ||
	    *a->retry_delay == NULL || *a->icxr == NULL || *a->dn_prefix == NULL ||
	    *a->display_name == NULL) {
		return false;
	}
	memset(*a->handle, 0, sizeof(**a->handle));
	return true;
}

/* Logged so that tests (and admins) see sessions go, whether by
 * EcDoDisconnect or with the client's association group. */
static int conn_destructor(struct emsmdb_conn *conn)
{
	DEBUG(3, ("emsmdb: session %u of %s ended\n", conn->icxr, conn->user_dn));
	if (conn->sess != NULL) {
		emsmdb_server_session_ends(conn->server, conn->sess);
	}
	return 0;
}

/* The connection proper, once the call-specific checks passed. */
static enum MAPISTATUS connect_session(struct emsmdb_server *s, struct mapiproxy_call *call,
				       const struct connect_args *a)
{
	TALLOC_CTX *mem = mapiproxy_call_mem_ctx(call);
	struct dcesrv_call_state *dce_call = mapiproxy_call_dcesrv(call);
	struct emsmdb_store *store;
	struct emsmdb_conn *conn;
	struct dcesrv_handle *h;
	const char *account;
	char *user_dn;
	uint32_t ec;

	ec = emsmdb_rpc_versions(a->client_version, a->server_version, a->best_version);
	if (ec != 0) {
		DEBUG(2, ("emsmdb: refusing client version %u.%u.%u\n",
			  a->client_version[0], a->client_version[1],
			  a->client_version[2]));
		return (enum MAPISTATUS)ec;
	}
	if (a->cb_limit != 0) {
		/* MS-OXCRPC 3.1.4.1: cbLimit MUST be 0 */
		return MAPI_E_INVALID_PARAMETER;
	}

	account = connect_account(s, call, a->user_dn, mem);
	if (account == NULL) {
		/* only one's own mailbox: ecAccessDenied */
		return MAPI_E_NO_ACCESS;
	}
	user_dn = emsmdb_account_dn(mem, s->recipients_prefix, account);
	if (user_dn == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	if (!NT_STATUS_IS_OK(emsmdb_server_store(s, &store))) {
		return MAPI_E_CALL_FAILED;
	}

	h = dcesrv_handle_create(dce_call, EMSMDB_HANDLE_CXH);
	if (h == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	/* the session goes with the handle: at EcDoDisconnect, or when the
	 * client's association group ends (its connections gone) */
	conn = talloc_zero(h, struct emsmdb_conn);
	if (conn == NULL) {
		talloc_free(h);
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	conn->server = s;
	conn->account = talloc_strdup(conn, account);
	conn->user_dn = talloc_strdup(conn, user_dn);
	conn->state = rop_state_new(conn);
	conn->sess = emsmdb_session_new(conn, store, user_dn, resolve_recipient, s);
	conn->icxr = ++s->next_icxr;
	conn->created = (uint32_t)time(NULL);
	if (conn->account == NULL || conn->user_dn == NULL || conn->state == NULL ||
	    conn->sess == NULL) {
		talloc_free(h);
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	h->data = conn;
	talloc_set_destructor(conn, conn_destructor);

	**a->handle = h->wire_handle;
	**a->polls_max = POLLS_MAX_MS;
	**a->retry = RETRY_COUNT;
	**a->retry_delay = RETRY_DELAY_MS;
	**a->icxr = conn->icxr;
	/* MS-OXCRPC 3.1.4.1: the session's creation time.  Session linking
	 * (ulIcxrLink) is not offered, which the specification allows: a
	 * link that finds nothing does not fail the call. */
	**a->timestamp = conn->created;
	**a->dn_prefix = talloc_strdup(mem, s->server_dn);
	**a->display_name = talloc_strdup(mem, account);
	DEBUG(3, ("emsmdb: %s connected (session %u)\n", user_dn, conn->icxr));
	return MAPI_E_SUCCESS;
}

enum MAPISTATUS emsmdb_connect_ex(struct emsmdb_server *s, struct mapiproxy_call *call,
				  struct EcDoConnectEx *r, uint32_t *fault)
{
	const struct connect_args a = CONNECT_ARGS(r, r->out.rgwBestVersion);
	uint32_t ec;

	if (r->in.pulTimeStamp == NULL || r->in.pcbAuxOut == NULL) {
		return MAPI_E_INVALID_PARAMETER;
	}
	if (!connect_out_defaults(&a, mapiproxy_call_mem_ctx(call))) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	/* no AUX blocks in answers: MS-OXCRPC 3.1.4.1.2 makes them optional */
	r->out.pcbAuxOut = r->in.pcbAuxOut;
	*r->out.pcbAuxOut = 0;
	r->out.rgbAuxOut = NULL;
	ec = emsmdb_rpc_connect_sizes(r->in.cbAuxIn, *r->in.pcbAuxOut, fault);
	if (ec != 0) {
		return (enum MAPISTATUS)ec;
	}
	return connect_session(s, call, &a);
}

/*
 * The legacy EcDoConnect: EcDoConnectEx's checks and answer without the
 * AUX buffers; the best version the server would serve goes back in
 * rgwClientVersion, which is [in,out] here (doc/legacy-emsmdb.md).
 */
enum MAPISTATUS emsmdb_connect_legacy(struct emsmdb_server *s, struct mapiproxy_call *call,
				      struct EcDoConnect *r)
{
	const struct connect_args a = CONNECT_ARGS(r, r->out.rgwClientVersion);

	if (r->in.pulTimeStamp == NULL) {
		return MAPI_E_INVALID_PARAMETER;
	}
	if (!connect_out_defaults(&a, mapiproxy_call_mem_ctx(call))) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	return connect_session(s, call, &a);
}

/*
 * The mapiproxy endpoint server's own declarations (not installed).
 */
#ifndef MAPIPROXY_SERVER_H
#define MAPIPROXY_SERVER_H

#include <stdbool.h>
#include <stdint.h>
#include <talloc.h>
#include <tevent.h>
#include <util/debug.h>
#include <core/ntstatus.h>
#include <util/data_blob.h>
#include <util/time.h>
#include <ndr.h>
#include <param.h>
#include <credentials.h>
#include <dcerpc.h>
#include <dcesrv_core.h>
#include <dcerpc_server.h>
#include "mapiproxy_internal.h"
#include "servers/servers.h"

#define MAPIPROXY_OPT "dcerpc_mapiproxy"

/* Everything smb.conf says, validated once at start-up. */
struct mapiproxy_config {
	const char *binding;		/* upstream, NULL in pure server mode */
	const char **interfaces;	/* IDL names to serve */
	const char *username;
	const char *password;
	const char *domain;
	bool use_machine_account;
	bool delegated_auth;
	bool server;
	bool ndrdump;
	const char **modules;
	const char *modulesdir;
	int timeout;			/* upstream call timeout, seconds */
	/* EcDoAsyncWaitEx: how long a server holds it (MS-OXCRPC 3.3.4.1's
	 * 5 minutes by default); a relay gives the upstream that long more
	 * than timeout to answer it */
	int emsmdb_async_wait_timeout;	/* seconds */
	const char **allowed_sids;	/* empty: every authenticated user */
	bool rewrite_referrals;
	/* server mode EMSMDB: who may open any user's mailbox (a relaying
	 * proxy's account); empty: nobody */
	const char **emsmdb_trusted_sids;
};

/* Does the caller's token hold one of sids (text form)? */
bool mapiproxy_call_holds_sid(struct dcesrv_call_state *dce_call, const char **sids);

/* Is the dcesrv_connection conn going?  Samba then tears it down once its
 * pending calls are answered, so nobody reads their answers.  The
 * predicate of mapiproxy_abandoned_send for calls held open. */
bool mapiproxy_connection_leaving(void *conn);

NTSTATUS mapiproxy_config_load(TALLOC_CTX *mem_ctx, struct loadparm_context *lp_ctx,
			       struct mapiproxy_config **config);

/* This server's name in referrals: dcerpc_mapiproxy:fqdn or
 * "<netbios name>.<dns domain>". */
char *mapiproxy_local_fqdn(TALLOC_CTX *mem_ctx, struct loadparm_context *lp_ctx);

/* Process-wide state of the endpoint server. */
struct mapiproxy_context {
	struct loadparm_context *lp_ctx;
	struct dcesrv_context *dce_ctx;
	struct mapiproxy_config *config;
	struct mapiproxy_chain *chain;
	struct dcerpc_binding *upstream_binding;
	/* NULL when referrals are not rewritten */
	struct mapiproxy_referral *referral;
	/* association-group map: see upstream.c */
	struct mapiproxy_assoc_map *assoc_maps;
};

/* The interfaces mapiproxy knows: name -> generated NDR table. */
const struct ndr_interface_table *mapiproxy_table_byname(const char *name);
const char * const *mapiproxy_known_interfaces(void);

/* Should this process register an interface on endpoint (an IDL endpoint
 * string)?  Not on \pipe\lsass outside the AD DC role: interfaces.c. */
bool mapiproxy_endpoint_wanted(struct loadparm_context *lp_ctx, const char *endpoint);

/* Register one interface's dcesrv_interface with samba (call_path.c);
 * provider is the server-mode provider answering it, NULL to relay. */
NTSTATUS mapiproxy_register_interface(struct mapiproxy_context *mpctx,
				      const struct ndr_interface_table *table,
				      const struct mapiproxy_server_provider *provider);

/* --- referral rewriting (referral.c) ----------------------------------- */

struct mapiproxy_referral;
struct mapiproxy_referral *mapiproxy_referral_new(TALLOC_CTX *mem_ctx,
						  struct loadparm_context *lp_ctx);
/* Does this call's answer carry a referral? */
bool mapiproxy_referral_wants_response(const struct ndr_interface_table *table,
				       uint32_t opnum);
/* Name this proxy in a relayed answer; true if r->out changed. */
bool mapiproxy_referral_response(struct mapiproxy_referral *ref, TALLOC_CTX *mem_ctx,
				 const struct ndr_interface_table *table,
				 uint32_t opnum, void *r);
/* Map this proxy's name back to the upstream's in a request; true if
 * r->in changed. */
bool mapiproxy_referral_request(struct mapiproxy_referral *ref, TALLOC_CTX *mem_ctx,
				const struct ndr_interface_table *table,
				uint32_t opnum, void *r);

/* --- ROPs in EMSMDB calls (rop_payload.c) ------------------------------ */

/* A request arrived: hand EcDoRpcExt2's rgbIn to the call (decoded now if
 * eager) and note the client's cbMaxOut in *max_out. */
void mapiproxy_rops_request_received(struct mapiproxy_call *call, void *r, bool eager,
				     uint32_t *max_out);
/* Put re-encoded ROPs into r->in if modules changed them; true if so. */
bool mapiproxy_rops_request_commit(struct mapiproxy_call *call, void *r);
bool mapiproxy_rops_response_wanted(struct mapiproxy_call *call);
void mapiproxy_rops_response_received(struct mapiproxy_call *call, void *r);
/* Put re-encoded ROPs into r->out if modules changed them and they fit. */
void mapiproxy_rops_response_commit(struct mapiproxy_call *call, void *r, uint32_t max_out);

/* --- upstream (upstream.c) -------------------------------------------- */

struct mapiproxy_upstream;

/* The upstream side of one client session; lives as long as mem_ctx. */
struct mapiproxy_upstream *mapiproxy_upstream_new(TALLOC_CTX *mem_ctx,
						  struct mapiproxy_context *mpctx,
						  const struct ndr_interface_table *table,
						  struct dcesrv_call_state *dce_call);

/* Relay one call's stub bytes; connects on first use.  On failure *fault
 * is the DCE/RPC fault for the client.  A call the upstream may hold for
 * long (EcDoAsyncWaitEx) fails with NT_STATUS_CANCELLED once the client's
 * connection is going: the upstream connection it was on is dropped. */
struct tevent_req *mapiproxy_upstream_call_send(TALLOC_CTX *mem_ctx,
						struct tevent_context *ev,
						struct mapiproxy_upstream *up,
						uint32_t opnum,
						DATA_BLOB request);
NTSTATUS mapiproxy_upstream_call_recv(struct tevent_req *req, TALLOC_CTX *mem_ctx,
				      DATA_BLOB *response, uint32_t *fault);

extern const struct mapiproxy_session_ops mapiproxy_upstream_session_ops;

#endif /* MAPIPROXY_SERVER_H */

/*
 * mapiproxy-client: scripted Outlook-like sessions against a binding.
 * Each scenario prints what it got in a stable text form (one fact per
 * line, no pointers, no timestamps), so two bindings' transcripts compare.
 */
#ifndef MAPIPROXY_CLIENT_H
#define MAPIPROXY_CLIENT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <talloc.h>
#include <tevent.h>
#include <util/data_blob.h>
#include <util/time.h>
#include <core/ntstatus.h>
#include <ndr.h>
#include <param.h>
#include <credentials.h>
#include <dcerpc.h>

struct client_ctx {
	struct tevent_context *ev;
	struct loadparm_context *lp_ctx;
	struct cli_credentials *creds;
	const char *binding;
	const char *user;	/* account name, for scenarios that look it up */
	FILE *out;		/* the transcript */
	struct cli_credentials *creds2;	/* the second user (--user2), or NULL */
	const char *binding2;		/* the second user's binding (--binding2), or NULL */
	const char *mail_domain;	/* SMTP domain of the users (emsmdb) */
	uint32_t emsmdb_flags;		/* EcDoRpcExt2 pulFlags */
	bool legacy;			/* --legacy: EcDoConnect and EcDoRpc */
	bool raw_session;		/* --raw: stubs follow an EMSMDB session's CXH */
	/*
	 * When comparing bindings, server names a referral hands out differ
	 * by design (each proxy names itself): the transcript then shows them
	 * as <server:N>, numbered in order of appearance.
	 */
	bool normalize_servers;
	const char **servers;
};

/* Connect a pipe for one interface; reports the error on stderr. */
NTSTATUS client_connect(TALLOC_CTX *mem_ctx, struct client_ctx *c,
			const struct ndr_interface_table *table,
			struct dcerpc_pipe **p);

/* A transcript line. */
void client_say(struct client_ctx *c, const char *fmt, ...) PRINTF_ATTRIBUTE(2, 3);

/* A server name as the transcript shows it (see normalize_servers). */
const char *client_server_name(struct client_ctx *c, const char *name);

/*
 * Send hex stub bytes as opnum of iface, several stubs separated by ','
 * on one connection; prints the outcome of each (for the EMSMDB
 * interfaces with the call's return value).  With c->raw_session
 * (exchange_emsmdb only), an EcDoConnectEx as c->user (EcDoConnect with
 * c->legacy) comes first, every
 * stub is sent behind its session context handle, and an EcDoDisconnect
 * at the end tells whether the session survived.
 */
int client_raw_call(TALLOC_CTX *mem_ctx, struct client_ctx *c, const char *iface,
		    int opnum, const char *hex);

/* EcDoConnectEx (with c->legacy, EcDoConnect) on p as account (its own
 * mailbox DN); *result is the call's return value. */
NTSTATUS client_emsmdb_connect(TALLOC_CTX *mem_ctx, struct client_ctx *c,
			       struct dcerpc_pipe *p, const char *account,
			       struct policy_handle *cxh, uint32_t *result,
			       const char **display);

/* Scenarios: 0 on success, non-zero when the session could not run. */
int client_scenario_rfr(TALLOC_CTX *mem_ctx, struct client_ctx *c);
int client_scenario_nsp(TALLOC_CTX *mem_ctx, struct client_ctx *c);
int client_scenario_emsmdb(TALLOC_CTX *mem_ctx, struct client_ctx *c);
int client_scenario_notify(TALLOC_CTX *mem_ctx, struct client_ctx *c);
int client_scenario_notify_idle(TALLOC_CTX *mem_ctx, struct client_ctx *c);
int client_scenario_notify_table(TALLOC_CTX *mem_ctx, struct client_ctx *c);

#endif /* MAPIPROXY_CLIENT_H */

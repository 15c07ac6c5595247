/*
 * The built-in EMSMDB server's connection level: what its files share.
 *   emsmdb_provider.c  the two providers, dispatch, context handles
 *   emsmdb_connect.c   EcDoConnectEx and EcDoConnect: who the user is,
 *                      his session
 *   emsmdb_rpc.c       payloads and versions (no samba dependencies)
 *   emsmdb_wait.c      EcDoAsyncWaitEx's wait (tevent, no dcesrv)
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef MAPIPROXY_EMSMDB_PROVIDER_H
#define MAPIPROXY_EMSMDB_PROVIDER_H

#include "mapiproxy/mapiproxy.h"
#include "gen_ndr/ndr_exchange_emsmdb.h"
#include "emsmdb_store.h"
#include "emsmdb_rpc.h"
#include "emsmdb_wait.h"

/* policy_handle.handle_type of our context handles */
#define EMSMDB_HANDLE_CXH	1
#define EMSMDB_HANDLE_ACXH	2

struct emsmdb_acxh;

/* Process-wide: both interfaces' providers share it. */
struct emsmdb_server {
	struct loadparm_context *lp_ctx;
	const char *store_dir;
	const char *recipients_prefix;	/* "/o=ORG/ou=GROUP/cn=Recipients" */
	const char *server_dn;		/* ".../cn=Configuration/cn=Servers/cn=NAME" */
	const char *dns_domain;
	/* dcerpc_mapiproxy:emsmdb_trusted_sids: may connect as any user */
	const char **trusted_sids;
	/* opened on first use in the process that serves (samba forks
	 * after init; a tdb belongs to the process that opened it) */
	struct emsmdb_store *store;
	pid_t store_pid;
	uint16_t next_icxr;
	/* asynchronous context handles (see emsmdb_provider.c) */
	struct emsmdb_acxh *acxhs;
	/* outstanding EcDoAsyncWaitEx calls of this process (made with its
	 * first one, like the store) */
	struct emsmdb_waits *waits;
	pid_t waits_pid;
	uint32_t wait_timeout_msec;	/* dcerpc_mapiproxy:emsmdb_async_wait_timeout */
};

/* A Session Context (MS-OXCRPC 3.1.1): the data of a CXH. */
struct emsmdb_conn {
	struct emsmdb_server *server;
	struct emsmdb_session *sess;
	struct rop_state *state;	/* decoding state of its ROP buffers */
	const char *account;
	const char *user_dn;
	uint16_t icxr;
	uint32_t created;	/* pulTimeStamp: creation time, seconds */
};

/* The store of this process, opened if needed. */
NTSTATUS emsmdb_server_store(struct emsmdb_server *s, struct emsmdb_store **store);

/* A session is ending: its EcDoAsyncWaitEx, if any, completes. */
void emsmdb_server_session_ends(struct emsmdb_server *s, struct emsmdb_session *sess);

/* EcDoConnectEx: fill r->out; a new CXH on success.  Sizes past the
 * specification's limits set *fault: the call must fault instead. */
enum MAPISTATUS emsmdb_connect_ex(struct emsmdb_server *s, struct mapiproxy_call *call,
				  struct EcDoConnectEx *r, uint32_t *fault);

/* The legacy EcDoConnect (opnum 0): the same session as EcDoConnectEx's,
 * without AUX buffers; the best version goes back in rgwClientVersion. */
enum MAPISTATUS emsmdb_connect_legacy(struct emsmdb_server *s, struct mapiproxy_call *call,
				      struct EcDoConnect *r);

#endif

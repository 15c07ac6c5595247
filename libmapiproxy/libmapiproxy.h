/*
 * libmapiproxy: the public API for mapiproxy module authors.
 *
 * A module is a shared object listed in smb.conf's dcerpc_mapiproxy:modules.
 * It exports samba_init_module(), which calls mapiproxy_module_register()
 * with a struct mapiproxy_module: a name, the interface it applies to and a
 * handful of hooks.  The endpoint server owns the chain and its order; a
 * module never reaches into another.  doc/module-guide.md has the details.
 *
 * A call's way through the chain:
 *
 *   ndr_pull  raw request bytes, before unmarshalling   (chain order)
 *   pull      the unmarshalled request                  (chain order)
 *   dispatch  last look before relaying; may answer     (chain order)
 *             the call itself (mapiproxy_call_norelay)
 *   -- relay upstream unless a module answered --
 *   push      the response on its way back              (REVERSE order)
 *   unbind    the client's association ends             (chain order)
 *
 * Responses walk the chain in reverse so that pairs of modules (pack and
 * unpack, encrypt and decrypt) nest: the module that saw the request first
 * sees the response last.
 *
 * Every hook returns NT_STATUS_OK to continue, an error to fail the call (the
 * client gets a DCE/RPC fault, other calls are unaffected), or
 * NT_STATUS_PENDING to suspend the call: the module later calls
 * mapiproxy_call_resume() exactly once, from its own tevent callback, and the
 * chain goes on from the next hook.  Nothing ever blocks the samba process.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef LIBMAPIPROXY_H
#define LIBMAPIPROXY_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <talloc.h>
#include <tevent.h>
#include <core/ntstatus.h>
#include <util/data_blob.h>

#define MAPIPROXY_VERSION_STRING "0.1.0"

/* Bumped whenever struct mapiproxy_module or a hook's meaning changes. */
#define MAPIPROXY_MODULE_ABI_VERSION 1

struct ndr_pull;
struct ndr_interface_table;
struct loadparm_context;
struct dcesrv_call_state;

/* One client call on its way through the proxy. */
struct mapiproxy_call;
/* One client association (connection) and its upstream pipes. */
struct mapiproxy_session;

/* Handed to a module's init hook. */
struct mapiproxy_module_init_context {
	struct loadparm_context *lp_ctx;
	struct tevent_context *ev;
	/* Where module state that lives as long as the process may hang. */
	TALLOC_CTX *mem_ctx;
};

struct mapiproxy_module {
	/* Set to MAPIPROXY_MODULE_ABI_VERSION; the loader refuses others. */
	uint32_t abi_version;
	/* The name used in dcerpc_mapiproxy:modules and for mpm_<name>: options. */
	const char *name;
	const char *description;
	/*
	 * The interface the module applies to, as its IDL name
	 * ("exchange_nsp", "exchange_emsmdb", "exchange_async_emsmdb",
	 * "exchange_ds_rfr"), or NULL / "any" for every interface.
	 */
	const char *endpoint;

	/* Once at start-up; an error stops samba from starting. */
	NTSTATUS (*init)(const struct mapiproxy_module_init_context *ctx);
	/* Raw request bytes before unmarshalling.  May not change them. */
	NTSTATUS (*ndr_pull)(struct mapiproxy_call *call, struct ndr_pull *ndr);
	/* The unmarshalled request (the IDL function's struct, r->in). */
	NTSTATUS (*pull)(struct mapiproxy_call *call, void *r);
	/* Last look before relaying; may answer with mapiproxy_call_norelay(). */
	NTSTATUS (*dispatch)(struct mapiproxy_call *call, void *r);
	/* The response (r->out), in reverse chain order. */
	NTSTATUS (*push)(struct mapiproxy_call *call, void *r);
	/* The client's association ended; per-session private data goes next. */
	NTSTATUS (*unbind)(struct mapiproxy_session *session);
};

/* The library's version, for modules that want to check what they run on. */
const char *mapiproxy_version(void);

/*
 * Split an smb.conf list value ("a, b c,d") into a NULL-terminated array of
 * names hanging off mem_ctx.  Empty items are dropped; order is kept because
 * module order is the chain order.  Returns NULL only on allocation failure.
 */
char **mapiproxy_split_list(TALLOC_CTX *mem_ctx, const char *value);

/* --- module registry ------------------------------------------------------ */

/*
 * Called from a module's samba_init_module().  The struct must outlive the
 * process (make it static const).  Fails on a duplicate name, a missing name
 * or a wrong abi_version.
 */
NTSTATUS mapiproxy_module_register(const struct mapiproxy_module *module);

/* --- the call --------------------------------------------------------------- */

/* Which interface and function this call is. */
const struct ndr_interface_table *mapiproxy_call_table(struct mapiproxy_call *call);
uint32_t mapiproxy_call_opnum(struct mapiproxy_call *call);
/* The function's IDL name, e.g. "NspiQueryRows"; "opnum N" if unknown. */
const char *mapiproxy_call_name(struct mapiproxy_call *call);
struct mapiproxy_session *mapiproxy_call_session(struct mapiproxy_call *call);
/* Memory that lives as long as the call. */
TALLOC_CTX *mapiproxy_call_mem_ctx(struct mapiproxy_call *call);
struct tevent_context *mapiproxy_call_event_context(struct mapiproxy_call *call);
/* Samba's call state, for what this API does not cover (auth info, ...). */
struct dcesrv_call_state *mapiproxy_call_dcesrv(struct mapiproxy_call *call);

/* The request as the client sent it, and the response as upstream sent it
 * (empty until the response arrived, and for norelay calls). */
DATA_BLOB mapiproxy_call_raw_request(struct mapiproxy_call *call);
DATA_BLOB mapiproxy_call_raw_response(struct mapiproxy_call *call);

/*
 * From a dispatch hook: do not relay; the module has filled r->out and the
 * client gets that answer.  The upstream never sees the call.
 */
void mapiproxy_call_norelay(struct mapiproxy_call *call);
bool mapiproxy_call_is_norelay(struct mapiproxy_call *call);

/* The DCE/RPC fault the client gets when a hook fails (default: chosen
 * from the NTSTATUS the hook returned). */
void mapiproxy_call_set_fault(struct mapiproxy_call *call, uint32_t fault_code);

/*
 * Resume a call whose hook returned NT_STATUS_PENDING.  status is what the
 * hook would have returned: NT_STATUS_OK continues the chain, an error fails
 * the call.  Call it once, from an event callback, never from inside the hook.
 */
void mapiproxy_call_resume(struct mapiproxy_call *call, NTSTATUS status);

/* --- the session -------------------------------------------------------- */

/* The authenticated client account ("DOMAIN\\user"), never NULL. */
const char *mapiproxy_session_account(struct mapiproxy_session *session);

/*
 * Per-module, per-association private data.  set makes ptr a talloc child of
 * the session (it is freed after the module's unbind hook ran); get returns
 * what this module set, or NULL.
 */
void *mapiproxy_session_get_private(struct mapiproxy_session *session,
				    const struct mapiproxy_module *module);
void mapiproxy_session_set_private(struct mapiproxy_session *session,
				   const struct mapiproxy_module *module,
				   void *ptr);

/*
 * Per-module, per-call private data: what a module's pull hook wants its
 * push hook to find (a start time, a decision).  set makes ptr a talloc
 * child of the call, freed when the call ends; get returns what this module
 * set on this call, or NULL.
 */
void *mapiproxy_call_get_private(struct mapiproxy_call *call,
				 const struct mapiproxy_module *module);
void mapiproxy_call_set_private(struct mapiproxy_call *call,
				const struct mapiproxy_module *module, void *ptr);

/*
 * "Ahead" calls: a module issues its own call on the session's upstream pipe
 * for an interface (prefetching, say).  r is the IDL function's struct with
 * r->in filled; on success r->out holds the answer.  Nothing of it reaches
 * the client, and no module hooks run for it.
 */
struct tevent_req *mapiproxy_ahead_send(TALLOC_CTX *mem_ctx,
					struct tevent_context *ev,
					struct mapiproxy_session *session,
					const struct ndr_interface_table *table,
					uint32_t opnum,
					void *r);
NTSTATUS mapiproxy_ahead_recv(struct tevent_req *req);

#endif /* LIBMAPIPROXY_H */

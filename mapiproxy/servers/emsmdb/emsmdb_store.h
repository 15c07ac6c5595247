/*
 * The built-in EMSMDB mailbox store (issue 7): what the connection level
 * (EcDoConnectEx / EcDoRpcExt2) calls.  Given a decoded ROP request buffer,
 * emsmdb_rop_process() runs the ROPs against a real store and builds the
 * ROP response buffer.
 *
 * Life cycle:
 *   store = emsmdb_store_open(mem, state_dir)        once per process
 *   sess  = emsmdb_session_new(conn, store, user_dn, resolve, private)
 *                                                     per EcDoConnectEx
 *   emsmdb_rop_process(sess, req, max, mem, &rsp)     per EcDoRpcExt2
 *   emsmdb_session_add_notifications(sess, rsp, room) RopNotify after them
 *   talloc_free(sess)                                 EcDoDisconnect
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef MAPIPROXY_EMSMDB_STORE_H
#define MAPIPROXY_EMSMDB_STORE_H

#include <sys/time.h>
#include "rop/rop.h"

struct emsmdb_store;
struct emsmdb_session;

/*
 * Open (creating it if needed) the store file under state_dir.  One per
 * process: tdb locks are per process, so two opens of the same file in one
 * process would deadlock each other's transactions.
 */
NTSTATUS emsmdb_store_open(TALLOC_CTX *mem_ctx, const char *state_dir,
			   struct emsmdb_store **out);

/*
 * What a recipient of a submitted message looks like to the address book;
 * any field may be NULL.  Strings are UTF-8.
 */
struct emsmdb_recipient {
	const char *display_name;
	const char *address_type;   /* "SMTP", "EX", ... */
	const char *email_address;  /* per address_type */
	const char *smtp_address;
};

/*
 * Resolve a recipient to the legacyExchangeDN of a mailbox on this server
 * (talloc'd off mem_ctx), or NULL if it has none here.  The address book
 * lives elsewhere (NSPI), hence a callback.
 */
typedef char *(*emsmdb_resolve_fn)(TALLOC_CTX *mem_ctx, void *private_data,
				   const struct emsmdb_recipient *rcpt);

/*
 * A session: the user's identity (the legacyExchangeDN his mailbox is keyed
 * by; RopLogon opens only that mailbox), the server object handle table and
 * the logons.  Freeing it releases every server object.
 */
struct emsmdb_session *emsmdb_session_new(TALLOC_CTX *mem_ctx,
					  struct emsmdb_store *store,
					  const char *user_dn,
					  emsmdb_resolve_fn resolve,
					  void *resolve_private);

/* What the connection level needs besides the responses. */
struct emsmdb_rop_result {
	/*
	 * Index in req->rops of the first request not processed because its
	 * response did not fit in max_response_size (req->num_rops if all
	 * were).  When it is 0 and req->num_rops > 0, not even the first
	 * response fitted: answer RopBufferTooSmall (MS-OXCROPS 2.2.15.2)
	 * with size_needed and the unprocessed requests.
	 */
	uint32_t first_unprocessed;
	/* Bytes the response buffer would need for that request's answer. */
	uint32_t size_needed;
};

/*
 * Run the ROPs of req and build the response buffer (handle table
 * included), at most max_response_size bytes once serialized (RopSize,
 * ROPs and handle table).  rsp hangs off mem_ctx.  Errors of single ROPs
 * are ReturnValues in rsp; an NTSTATUS error means no response at all.
 */
NTSTATUS emsmdb_rop_process(struct emsmdb_session *sess,
			    const struct rop_request_buffer *req,
			    uint32_t max_response_size,
			    TALLOC_CTX *mem_ctx,
			    struct rop_response_buffer **rsp,
			    struct emsmdb_rop_result *result);

/*
 * Notifications (MS-OXCNOTIF).  RopRegisterNotification subscribes; store
 * changes log events (es_notify.c says how); a session collects those of
 * its subscriptions into RopNotify responses.
 *
 * emsmdb_session_notify_pending: collect, and say whether any RopNotify
 * waits to be sent (what EcDoAsyncWaitEx waits for).
 * emsmdb_session_add_notifications: append waiting RopNotify responses to
 * rsp, in order, while they fit in room bytes; the others keep waiting.
 * Returns how many were added.
 */
bool emsmdb_session_notify_pending(struct emsmdb_session *sess);
/* The client's last ROP round (EcDoRpcExt2, EcDoRpc): MS-OXCRPC 3.3.4.1
 * counts EcDoAsyncWaitEx's wait from it. */
void emsmdb_session_touch(struct emsmdb_session *sess);
struct timeval emsmdb_session_last_activity(const struct emsmdb_session *sess);
uint32_t emsmdb_session_add_notifications(struct emsmdb_session *sess,
					  struct rop_response_buffer *rsp, uint32_t room);

/*
 * fn runs after every commit in this process that logged events (a store
 * user wakes its waiters with it); emsmdb_store_seqnum changes whenever
 * any process changed the store, which is how other processes' commits
 * are noticed.
 */
void emsmdb_store_set_changed(struct emsmdb_store *st, void (*fn)(void *private_data),
			      void *private_data);
int emsmdb_store_seqnum(struct emsmdb_store *st);

/*
 * Bytes in, bytes out: parse rgbIn's ROP buffer (without RPC_HEADER_EXT),
 * process it, serialize the response.  A buffer that does not parse gives
 * NT_STATUS_INVALID_PARAMETER (the connection level answers ecRpcFormat).
 */
NTSTATUS emsmdb_rop_process_blob(struct emsmdb_session *sess,
				 const uint8_t *data, size_t length,
				 uint32_t max_response_size,
				 TALLOC_CTX *mem_ctx, DATA_BLOB *out,
				 struct emsmdb_rop_result *result);

#endif

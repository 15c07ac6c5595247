/*
 * EcDoAsyncWaitEx (MS-OXCRPC 3.3.4.1, MS-OXCNOTIF 3.1.5.3) as a tevent
 * request: it completes when a notification is pending for its session,
 * when the session ends, or when the client has been idle for the
 * timeout.  Samba-independent (tevent, the store and libmapiproxy's
 * abandoned watch only), so that the unit tests drive it; the provider
 * (emsmdb_provider.c) wires it to the suspended DCE/RPC call.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef MAPIPROXY_EMSMDB_WAIT_H
#define MAPIPROXY_EMSMDB_WAIT_H

#include <tevent.h>
#include "emsmdb_store.h"

/* pulFlagsOut (MS-OXCRPC 3.3.4.1) */
#define EMSMDB_NOTIFICATION_PENDING	0x00000001
/* ecRejected (MS-OXCDATA 2.4) */
#define EMSMDB_EC_REJECTED		0x000007EE

/* How often other processes' changes to the store are looked for while
 * waits are outstanding (this process's own changes wake waits at once). */
#define EMSMDB_WAIT_POLL_MSEC		1000

/* The outstanding waits of one process; they watch one store. */
struct emsmdb_waits;

struct emsmdb_waits *emsmdb_waits_new(TALLOC_CTX *mem_ctx, struct tevent_context *ev,
				      struct emsmdb_store *store, uint32_t timeout_msec);

/*
 * Wait for sess.  abandoned (may be NULL) is asked every
 * MAPIPROXY_ABANDONED_POLL_MSEC whether nobody will read the answer any
 * more (the client's connection is going): the wait then ends (as a
 * timeout) rather than holding the connection up to the timeout.  The callback always runs from the event loop, never
 * from inside the call that completed the wait.
 */
struct tevent_req *emsmdb_wait_send(TALLOC_CTX *mem_ctx, struct tevent_context *ev,
				    struct emsmdb_waits *w, struct emsmdb_session *sess,
				    bool (*abandoned)(void *private_data),
				    void *abandoned_private);
/*
 * The answer: *flags_out NotificationPending with *ec 0 (something to
 * fetch), 0 and 0 (the wait timed out), 0 and ecRejected (another wait
 * of the session is outstanding), NotificationPending and ecRejected
 * (the session ended: as for an invalid ACXH).
 */
NTSTATUS emsmdb_wait_recv(struct tevent_req *req, uint32_t *flags_out, uint32_t *ec);

/* The session is about to go: its wait completes (see recv). */
void emsmdb_waits_session_ended(struct emsmdb_waits *w, struct emsmdb_session *sess);

/* How many waits are outstanding (for tests and DEBUG lines). */
uint32_t emsmdb_waits_count(const struct emsmdb_waits *w);

#endif

/*
 * A tevent request that completes once a long call's caller is gone: see
 * mapiproxy_internal.h.
 *
 * Samba 4.17's dcesrv core tells an endpoint server nothing when a
 * connection with pending asynchronous calls breaks: it only records the
 * reason in dcesrv_connection->terminate and tears the connection down
 * once those calls are answered.  A call that may be held for minutes
 * (EcDoAsyncWaitEx, served or relayed) therefore asks, on a timer that
 * exists only while the call is outstanding.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <util/time.h>
#include <util/tevent_ntstatus.h>
#include "mapiproxy_internal.h"

struct mp_abandoned_state {
	struct tevent_context *ev;
	bool (*abandoned)(void *private_data);
	void *private_data;
	struct tevent_timer *poll;
};

static void mp_abandoned_poll(struct tevent_context *ev, struct tevent_timer *te,
			      struct timeval now, void *private_data);

static bool mp_abandoned_arm(struct tevent_req *req)
{
	struct mp_abandoned_state *state = tevent_req_data(req, struct mp_abandoned_state);

	state->poll = tevent_add_timer(state->ev, state,
				       timeval_current_ofs_msec(MAPIPROXY_ABANDONED_POLL_MSEC),
				       mp_abandoned_poll, req);
	return state->poll != NULL;
}

static void mp_abandoned_poll(struct tevent_context *ev, struct tevent_timer *te,
			      struct timeval now, void *private_data)
{
	struct tevent_req *req = talloc_get_type_abort(private_data, struct tevent_req);
	struct mp_abandoned_state *state = tevent_req_data(req, struct mp_abandoned_state);

	state->poll = NULL;
	if (state->abandoned(state->private_data)) {
		tevent_req_done(req);
		return;
	}
	if (!mp_abandoned_arm(req)) {
		tevent_req_oom(req);
	}
}

struct tevent_req *mapiproxy_abandoned_send(TALLOC_CTX *mem_ctx, struct tevent_context *ev,
					    bool (*abandoned)(void *private_data),
					    void *private_data)
{
	struct tevent_req *req;
	struct mp_abandoned_state *state;

	req = tevent_req_create(mem_ctx, &state, struct mp_abandoned_state);
	if (req == NULL) {
		return NULL;
	}
	state->ev = ev;
	state->abandoned = abandoned;
	state->private_data = private_data;
	/* asked first a poll interval from now: the caller was there a
	 * moment ago, when its call arrived */
	if (!mp_abandoned_arm(req)) {
		tevent_req_oom(req);
		return tevent_req_post(req, ev);
	}
	return req;
}

NTSTATUS mapiproxy_abandoned_recv(struct tevent_req *req)
{
	return tevent_req_simple_recv_ntstatus(req);
}

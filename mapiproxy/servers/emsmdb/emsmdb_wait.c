/*
 * EcDoAsyncWaitEx's wait: see emsmdb_wait.h.
 *
 * Every outstanding wait is on its process's list.  They are checked
 * (notifications collected for their sessions) when this process commits
 * events (the store's changed callback, through an immediate event, never
 * inside the committing call), and on a poll timer that runs only while
 * waits are outstanding and looks at the store only when its tdb sequence
 * number moved: other processes' commits.  Each wait has its own timer
 * for the timeout, counted from the later of its start and the session's
 * last ROP round, as MS-OXCRPC 3.3.4.1 counts it.  Whether its client
 * left is asked by the watch the relay uses too (mapiproxy_abandoned_send).
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <util/debug.h>
#include <util/time.h>
#include <util/tevent_ntstatus.h>
#include "mapiproxy_internal.h"
#include "emsmdb_wait.h"
#include "libmapiproxy/mp_dlist.h"

struct emsmdb_wait_state;

struct emsmdb_waits {
	struct tevent_context *ev;
	struct emsmdb_store *store;
	uint32_t timeout_msec;
	struct emsmdb_wait_state *list;
	struct tevent_timer *poll;
	struct tevent_immediate *wake;
	int seqnum;
};

struct emsmdb_wait_state {
	struct emsmdb_wait_state *prev, *next;
	struct tevent_req *req;
	struct emsmdb_waits *w;
	struct emsmdb_session *sess;
	struct tevent_timer *deadline;
	struct tevent_req *abandoned;	/* NULL: nobody asks */
	uint32_t flags, ec;
};

static void waits_check(struct emsmdb_waits *w, bool store_changed);

static void waits_woken(struct tevent_context *ev, struct tevent_immediate *im,
			void *private_data)
{
	waits_check(talloc_get_type_abort(private_data, struct emsmdb_waits), true);
}

/* The store's changed callback: this process committed events. */
static void waits_store_changed(void *private_data)
{
	struct emsmdb_waits *w = talloc_get_type_abort(private_data, struct emsmdb_waits);

	if (w->list != NULL) {
		tevent_schedule_immediate(w->wake, w->ev, waits_woken, w);
	}
}

static int waits_destructor(struct emsmdb_waits *w)
{
	emsmdb_store_set_changed(w->store, NULL, NULL);
	return 0;
}

struct emsmdb_waits *emsmdb_waits_new(TALLOC_CTX *mem_ctx, struct tevent_context *ev,
				      struct emsmdb_store *store, uint32_t timeout_msec)
{
	struct emsmdb_waits *w = talloc_zero(mem_ctx, struct emsmdb_waits);

	if (w == NULL) {
		return NULL;
	}
	w->ev = ev;
	w->store = store;
	w->timeout_msec = timeout_msec;
	w->wake = tevent_create_immediate(w);
	if (w->wake == NULL) {
		talloc_free(w);
		return NULL;
	}
	emsmdb_store_set_changed(store, waits_store_changed, w);
	talloc_set_destructor(w, waits_destructor);
	return w;
}

uint32_t emsmdb_waits_count(const struct emsmdb_waits *w)
{
	const struct emsmdb_wait_state *s;
	uint32_t n = 0;

	for (s = w->list; s != NULL; s = s->next) {
		n++;
	}
	return n;
}

static void wait_unlink(struct emsmdb_wait_state *s)
{
	struct emsmdb_waits *w = s->w;

	if (w == NULL) {
		return;
	}
	MP_DLIST_REMOVE(w->list, s);
	s->w = NULL;
	s->sess = NULL;
	TALLOC_FREE(s->deadline);
	TALLOC_FREE(s->abandoned);
	if (w->list == NULL) {
		TALLOC_FREE(w->poll);
	}
}

static void wait_finish(struct emsmdb_wait_state *s, uint32_t flags, uint32_t ec)
{
	wait_unlink(s);
	s->flags = flags;
	s->ec = ec;
	tevent_req_done(s->req);
}

static void wait_cleanup(struct tevent_req *req, enum tevent_req_state req_state)
{
	wait_unlink(tevent_req_data(req, struct emsmdb_wait_state));
}

static void waits_poll(struct tevent_context *ev, struct tevent_timer *te,
		       struct timeval now, void *private_data);

static void waits_arm_poll(struct emsmdb_waits *w)
{
	if (w->poll != NULL || w->list == NULL) {
		return;
	}
	w->poll = tevent_add_timer(w->ev, w, timeval_current_ofs_msec(EMSMDB_WAIT_POLL_MSEC),
				   waits_poll, w);
	if (w->poll == NULL) {
		DEBUG(1, ("emsmdb: no memory for the notification poll: waits end "
			  "at their timeout or with this process's own changes\n"));
	}
}

static void waits_poll(struct tevent_context *ev, struct tevent_timer *te,
		       struct timeval now, void *private_data)
{
	struct emsmdb_waits *w = talloc_get_type_abort(private_data, struct emsmdb_waits);
	int seqnum = emsmdb_store_seqnum(w->store);

	w->poll = NULL;
	waits_check(w, seqnum != w->seqnum);
	waits_arm_poll(w);
}

static void waits_check(struct emsmdb_waits *w, bool store_changed)
{
	struct emsmdb_wait_state *s, *next;

	w->seqnum = emsmdb_store_seqnum(w->store);
	for (s = w->list; s != NULL; s = next) {
		next = s->next;
		if (store_changed && emsmdb_session_notify_pending(s->sess)) {
			wait_finish(s, EMSMDB_NOTIFICATION_PENDING, 0);
		}
	}
}

static void wait_deadline(struct tevent_context *ev, struct tevent_timer *te,
			  struct timeval now, void *private_data);

static void wait_abandoned(struct tevent_req *subreq)
{
	struct emsmdb_wait_state *s = tevent_req_callback_data(subreq,
							       struct emsmdb_wait_state);
	NTSTATUS status = mapiproxy_abandoned_recv(subreq);

	s->abandoned = NULL;
	TALLOC_FREE(subreq);
	if (!NT_STATUS_IS_OK(status)) {
		DEBUG(1, ("emsmdb: cannot watch an EcDoAsyncWaitEx's client: %s; "
			  "the wait ends at its timeout\n", nt_errstr(status)));
		return;
	}
	DEBUG(3, ("emsmdb: EcDoAsyncWaitEx of %p ends: its client left\n", s->sess));
	wait_finish(s, 0, 0);
}

/* When a wait idle since from times out. */
static struct timeval wait_timeout_at(const struct emsmdb_wait_state *s, struct timeval from)
{
	return tevent_timeval_add(&from, s->w->timeout_msec / 1000,
				  (s->w->timeout_msec % 1000) * 1000);
}

static bool wait_arm(struct emsmdb_wait_state *s, struct timeval from)
{
	s->deadline = tevent_add_timer(s->w->ev, s, wait_timeout_at(s, from), wait_deadline, s);
	return s->deadline != NULL;
}

static void wait_deadline(struct tevent_context *ev, struct tevent_timer *te,
			  struct timeval now, void *private_data)
{
	struct emsmdb_wait_state *s = talloc_get_type_abort(private_data,
							     struct emsmdb_wait_state);
	struct timeval last = emsmdb_session_last_activity(s->sess);
	struct timeval idle_end = wait_timeout_at(s, last);

	s->deadline = NULL;
	/* the client used the session since: the wait runs on */
	if (tevent_timeval_compare(&idle_end, &now) > 0 && wait_arm(s, last)) {
		return;
	}
	wait_finish(s, 0, 0);
}

struct tevent_req *emsmdb_wait_send(TALLOC_CTX *mem_ctx, struct tevent_context *ev,
				    struct emsmdb_waits *w, struct emsmdb_session *sess,
				    bool (*abandoned)(void *private_data),
				    void *abandoned_private)
{
	struct tevent_req *req;
	struct emsmdb_wait_state *s, *other;

	req = tevent_req_create(mem_ctx, &s, struct emsmdb_wait_state);
	if (req == NULL) {
		return NULL;
	}
	s->req = req;
	/* a wait may end inside whatever wakes it: answer from the loop */
	tevent_req_defer_callback(req, ev);
	tevent_req_set_cleanup_fn(req, wait_cleanup);

	for (other = w->list; other != NULL; other = other->next) {
		if (other->sess == sess) {
			/* MS-OXCNOTIF 3.1.5.3: one outstanding call per session */
			DEBUG(3, ("emsmdb: a second EcDoAsyncWaitEx for a session: "
				  "rejected\n"));
			s->ec = EMSMDB_EC_REJECTED;
			tevent_req_done(req);
			return tevent_req_post(req, ev);
		}
	}
	if (emsmdb_session_notify_pending(sess)) {
		s->flags = EMSMDB_NOTIFICATION_PENDING;
		tevent_req_done(req);
		return tevent_req_post(req, ev);
	}
	s->w = w;
	s->sess = sess;
	MP_DLIST_ADD(w->list, s);
	if (!wait_arm(s, tevent_timeval_current())) {
		tevent_req_oom(req);
		return tevent_req_post(req, ev);
	}
	if (abandoned != NULL) {
		s->abandoned = mapiproxy_abandoned_send(s, ev, abandoned, abandoned_private);
		if (s->abandoned == NULL) {
			tevent_req_oom(req);
			return tevent_req_post(req, ev);
		}
		tevent_req_set_callback(s->abandoned, wait_abandoned, s);
	}
	w->seqnum = emsmdb_store_seqnum(w->store);
	waits_arm_poll(w);
	return req;
}

NTSTATUS emsmdb_wait_recv(struct tevent_req *req, uint32_t *flags_out, uint32_t *ec)
{
	struct emsmdb_wait_state *s = tevent_req_data(req, struct emsmdb_wait_state);
	NTSTATUS status;

	if (tevent_req_is_nterror(req, &status)) {
		tevent_req_received(req);
		return status;
	}
	*flags_out = s->flags;
	*ec = s->ec;
	tevent_req_received(req);
	return NT_STATUS_OK;
}

void emsmdb_waits_session_ended(struct emsmdb_waits *w, struct emsmdb_session *sess)
{
	struct emsmdb_wait_state *s, *next;

	for (s = w->list; s != NULL; s = next) {
		next = s->next;
		if (s->sess == sess) {
			wait_finish(s, EMSMDB_NOTIFICATION_PENDING, EMSMDB_EC_REJECTED);
		}
	}
}

/*
 * Store notifications (MS-OXCNOTIF): the event log, subscriptions
 * (RopRegisterNotification) and the queue of RopNotify responses each
 * session sends with its next EcDoRpcExt2 or EcDoRpc answer.
 *
 * Why a log in the store file rather than a list in memory: a change and
 * its events must be one fact.  An event is written by the transaction
 * that makes the change (a delivery to bob's Inbox and bob's NewMail
 * commit or vanish together), and whichever samba process serves bob
 * reads it from the same tdb: sessions of one mailbox need not share a
 * process.  (Samba serves interfaces that use context handles, as ours do
 * in server mode, from one process whatever the process model; the log
 * does not depend on that.)  Each mailbox has one record, "ntf/<mbx>", of
 * its last ES_EVENT_LOG_MAX events numbered by a sequence that only
 * grows; a subscription remembers the last number it looked at, so every
 * event reaches every matching subscription once, and none from before
 * the subscription.  A session that falls further behind than the log
 * reaches loses the oldest events (logged at level 2).
 *
 * The process that commits events calls the store's changed callback, so
 * that its waiting EcDoAsyncWaitEx calls wake at once; other processes
 * see the tdb's sequence number move (emsmdb_store_seqnum).
 *
 * Tables the client has a view of hear of the same events as
 * TableModified notifications (es_table_notify.c).  A folder's message
 * counts are logged by the commit of the change that moved them
 * (es_count_events.c).
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "es_private.h"

#define ES_EVENT_LOG_MAX	128
/* RopNotify responses waiting for an answer with room for them. */
#define ES_NOTIFY_QUEUE_MAX	256


static char *log_key(TALLOC_CTX *mem, uint32_t mbx_num)
{
	return talloc_asprintf(mem, "ntf/%u", mbx_num);
}

struct es_event_log {
	uint64_t next_seq;
	uint32_t n;
	struct es_event *ev;
};

static void put_event(struct es_buf *b, const struct es_event *e)
{
	es_put_u64(b, e->seq);
	es_put_u16(b, e->flags);
	es_put_u64(b, e->fid);
	es_put_u64(b, e->mid);
	es_put_u64(b, e->parent_fid);
	es_put_u64(b, e->old_fid);
	es_put_u64(b, e->old_mid);
	es_put_u64(b, e->old_parent_fid);
	es_put_u32(b, e->message_flags);
	es_put_blob(b, &e->message_class);
	/* Only when the flags say so, as in NotificationData: a record of
	 * events without T or U, which is all a log written before the
	 * counts existed holds, reads the same. */
	if (e->flags & ES_NF_TOTAL) es_put_u32(b, e->total);
	if (e->flags & ES_NF_UNREAD) es_put_u32(b, e->unread);
}

static bool get_event(struct es_rd *r, TALLOC_CTX *mem, struct es_event *e)
{
	e->seq = es_get_u64(r);
	e->flags = es_get_u16(r);
	e->fid = es_get_u64(r);
	e->mid = es_get_u64(r);
	e->parent_fid = es_get_u64(r);
	e->old_fid = es_get_u64(r);
	e->old_mid = es_get_u64(r);
	e->old_parent_fid = es_get_u64(r);
	e->message_flags = es_get_u32(r);
	if (!es_get_blob(r, mem, &e->message_class)) return false;
	if (e->flags & ES_NF_TOTAL) e->total = es_get_u32(r);
	if (e->flags & ES_NF_UNREAD) e->unread = es_get_u32(r);
	return !r->failed;
}

/* The log of a mailbox; an empty one (sequence 1) if it has none yet. */
static bool log_load(TALLOC_CTX *mem, struct emsmdb_store *st, uint32_t mbx_num,
		     struct es_event_log *log)
{
	char *key = log_key(mem, mbx_num);
	struct es_rd r;
	uint32_t i;

	*log = (struct es_event_log) { .next_seq = 1 };
	if (key == NULL) return false;
	if (!es_rec_fetch(mem, st, key, &r)) return true;
	log->next_seq = es_get_u64(&r);
	/* an event takes at least 66 bytes in the record */
	if (!es_get_count(&r, &log->n, 66)) goto corrupt;
	log->ev = talloc_zero_array(mem, struct es_event, log->n + 1);
	if (log->ev == NULL) return false;
	for (i = 0; i < log->n; i++) {
		if (!get_event(&r, log->ev, &log->ev[i])) goto corrupt;
	}
	return true;
corrupt:
	DEBUG(1, ("emsmdb store: event log of mailbox %u is corrupt: its events are "
		  "dropped at the next one\n", mbx_num));
	log->n = 0;
	return false;
}

bool es_event_log(struct emsmdb_store *st, const struct es_mailbox *mbx,
		  struct es_event *ev)
{
	TALLOC_CTX *t = talloc_new(NULL);
	struct es_event_log log;
	struct es_buf b = { .mem = t };
	uint32_t i, first;
	char *key = log_key(t, mbx->num);
	bool ok;

	if (t == NULL || key == NULL) {
		talloc_free(t);
		return false;
	}
	if (!log_load(t, st, mbx->num, &log)) {
		/* a damaged log must not stop the mailbox from changing */
		log.n = 0;
	}
	ev->seq = log.next_seq;
	first = log.n >= ES_EVENT_LOG_MAX ? log.n - ES_EVENT_LOG_MAX + 1 : 0;
	es_put_u64(&b, log.next_seq + 1);
	es_put_u32(&b, log.n - first + 1);
	for (i = first; i < log.n; i++) put_event(&b, &log.ev[i]);
	put_event(&b, ev);
	ok = es_rec_store(st, key, &b);
	if (ok) st->events_logged = true;
	talloc_free(t);
	return ok;
}

bool es_event_message(struct emsmdb_store *st, const struct es_mailbox *mbx,
		      uint16_t type, const struct es_message *m, uint64_t old_fid,
		      uint64_t old_mid)
{
	struct es_event ev = { .flags = ES_NF_MESSAGE | type, .fid = m->fid, .mid = m->mid,
			       .old_fid = old_fid, .old_mid = old_mid };
	return es_event_log(st, mbx, &ev);
}

bool es_event_new_mail(struct emsmdb_store *st, const struct es_mailbox *mbx,
		       const struct es_message *m)
{
	struct es_event ev = { .flags = ES_NF_MESSAGE | ES_EVENT_NEW_MAIL, .fid = m->fid,
			       .mid = m->mid };
	const struct rop_tagged_value *cls = es_props_find(&m->props, PR_MESSAGE_CLASS);
	TALLOC_CTX *t = talloc_new(NULL);
	struct rop_propval v;
	bool ok;

	if (cls == NULL) {
		/* a client may have set it as PtypString8 */
		cls = es_props_find(&m->props, PROP_TAG(PROP_ID(PR_MESSAGE_CLASS),
							 ROP_PT_STRING8));
	}
	es_props_get_u32(&m->props, PR_MESSAGE_FLAGS, &ev.message_flags);
	if (t == NULL) return false;
	if (cls != NULL && es_propval_convert(t, &cls->value, ROP_PT_UNICODE, &v)) {
		ev.message_class = v.bin;
	}
	ok = es_event_log(st, mbx, &ev);
	talloc_free(t);
	return ok;
}

bool es_event_folder(struct emsmdb_store *st, const struct es_mailbox *mbx,
		     uint16_t type, uint64_t fid, uint64_t parent)
{
	struct es_event ev = { .flags = type, .fid = fid, .parent_fid = parent };
	return es_event_log(st, mbx, &ev);
}

bool es_event_folder_counts(struct emsmdb_store *st, const struct es_mailbox *mbx,
			    uint64_t fid, const struct es_folder_counts *n)
{
	/* MS-OXCNOTIF 2.2.1.4.1.2: a folder's ObjectModified has no
	 * ParentFolderId; T and U bring the counts. */
	struct es_event ev = { .flags = ES_EVENT_MODIFIED | ES_NF_TOTAL | ES_NF_UNREAD,
			       .fid = fid, .total = n->total, .unread = n->unread };
	return es_event_log(st, mbx, &ev);
}

uint64_t es_event_log_last(struct emsmdb_store *st, uint32_t mbx_num)
{
	TALLOC_CTX *t = talloc_new(NULL);
	struct es_event_log log = { .next_seq = 1 };
	uint64_t last;

	if (t != NULL) log_load(t, st, mbx_num, &log);
	last = log.next_seq - 1;
	talloc_free(t);
	return last;
}

/* ------------------------------------------------------------ matching */

/* MS-OXCNOTIF 3.1.5.1: the types asked for, and the object or the folder
 * (itself, its messages and its subfolders) or the whole store. */
static bool sub_matches(const struct es_subscription *s, const struct es_event *e)
{
	uint16_t type = e->flags & ES_NT_TYPE_MASK;
	bool moved = type == ES_EVENT_MOVED || type == ES_EVENT_COPIED;

	if (type > 0xFF || !(s->types & type)) return false;
	if (s->whole_store) return true;
	if (s->mid != 0) {
		return (e->flags & ES_NF_MESSAGE) &&
			((e->fid == s->fid && e->mid == s->mid) ||
			 (moved && e->old_fid == s->fid && e->old_mid == s->mid));
	}
	return e->fid == s->fid || (e->parent_fid != 0 && e->parent_fid == s->fid) ||
		(moved && (e->old_fid == s->fid ||
			   (e->old_parent_fid != 0 && e->old_parent_fid == s->fid)));
}

struct rop_response *es_notify_new(TALLOC_CTX *mem, const struct es_object *o,
				   uint16_t flags)
{
	struct rop_response *r = talloc_zero(mem, struct rop_response);

	if (r == NULL) return NULL;
	r->rop_id = ROP_ID_NOTIFY;
	r->u.Notify.NotificationHandle = o->handle;
	r->u.Notify.LogonId = o->logon->logon_id;
	r->u.Notify.NotificationData.flags = flags;
	r->u.Notify.NotificationData.decoded = true;
	return r;
}

static struct rop_response *notify_response(TALLOC_CTX *mem, const struct es_object *o,
					    const struct es_event *e)
{
	struct rop_response *r = es_notify_new(mem, o, e->flags);
	struct rop_notification *n;

	if (r == NULL) return NULL;
	n = &r->u.Notify.NotificationData;
	n->fid = e->fid;
	n->mid = e->mid;
	n->parent_fid = e->parent_fid;
	n->old_fid = e->old_fid;
	n->old_mid = e->old_mid;
	n->old_parent_fid = e->old_parent_fid;
	n->message_flags = e->message_flags;
	n->total_message_count = e->total;
	n->unread_message_count = e->unread;
	if ((e->flags & ES_NT_TYPE_MASK) == ES_EVENT_NEW_MAIL) {
		n->unicode_flag = 1;
		n->message_class.data = es_memdup_pad(r, e->message_class.data,
						      e->message_class.length, 2);
		n->message_class.length = e->message_class.length;
		if (n->message_class.data == NULL) {
			talloc_free(r);
			return NULL;
		}
	}
	return r;
}

bool es_notify_queue_push(struct emsmdb_session *sess, struct rop_response *r)
{
	if (sess->nnotify >= ES_NOTIFY_QUEUE_MAX) {
		DEBUG(2, ("emsmdb store: %s has %u notifications waiting: dropping "
			  "the oldest\n", sess->user_dn, sess->nnotify));
		talloc_free(sess->notify[0]);
		memmove(&sess->notify[0], &sess->notify[1],
			(sess->nnotify - 1) * sizeof(sess->notify[0]));
		sess->nnotify--;
	}
	if (sess->nnotify == talloc_array_length(sess->notify)) {
		struct rop_response **q = talloc_realloc(sess, sess->notify,
							 struct rop_response *,
							 sess->nnotify * 2 + 8);
		if (q == NULL) return false;
		sess->notify = q;
	}
	sess->notify[sess->nnotify++] = talloc_steal(sess, r);
	return true;
}

/* Queue what the log of one mailbox holds for the session's
 * subscriptions on it, in the log's order. */
static void harvest_mailbox(struct emsmdb_session *sess, uint32_t mbx_num)
{
	TALLOC_CTX *t = talloc_new(NULL);
	struct es_event_log log;
	uint32_t i, k;

	if (t == NULL || !log_load(t, sess->store, mbx_num, &log)) {
		talloc_free(t);
		return;
	}
	for (i = 0; i < log.n; i++) {
		for (k = 0; k < sess->nobjs; k++) {
			struct es_object *o = sess->objs[k];
			struct rop_response *r;

			if (o->kind != ES_OBJ_NOTIFY || o->logon->mbx->num != mbx_num ||
			    log.ev[i].seq <= o->sub->seen ||
			    !sub_matches(o->sub, &log.ev[i])) {
				continue;
			}
			r = notify_response(t, o, &log.ev[i]);
			if (r == NULL || !es_notify_queue_push(sess, r)) {
				DEBUG(1, ("emsmdb store: out of memory queueing a "
					  "notification\n"));
			}
		}
	}
	for (k = 0; k < sess->nobjs; k++) {
		struct es_object *o = sess->objs[k];

		if (o->kind != ES_OBJ_NOTIFY || o->logon->mbx->num != mbx_num) continue;
		if (log.n > 0 && log.ev[0].seq > o->sub->seen + 1) {
			DEBUG(2, ("emsmdb store: %s missed %llu events of mailbox %u\n",
				  sess->user_dn,
				  (unsigned long long)(log.ev[0].seq - o->sub->seen - 1),
				  mbx_num));
		}
		if (log.next_seq - 1 > o->sub->seen) o->sub->seen = log.next_seq - 1;
	}
	es_table_notify_harvest(sess, mbx_num, log.ev, log.n, log.next_seq - 1);
	talloc_free(t);
}

/* What RopNotify responses are queued for: subscriptions and tables. */
static bool listens(const struct es_object *o)
{
	return o->kind == ES_OBJ_NOTIFY || es_table_notifies(o);
}

void es_notify_forget(struct emsmdb_session *sess, uint32_t handle)
{
	uint32_t i, k = 0;

	for (i = 0; i < sess->nnotify; i++) {
		if (sess->notify[i]->u.Notify.NotificationHandle == handle) {
			talloc_free(sess->notify[i]);
			continue;
		}
		sess->notify[k++] = sess->notify[i];
	}
	sess->nnotify = k;
}

bool emsmdb_session_notify_pending(struct emsmdb_session *sess)
{
	uint32_t k, j;

	for (k = 0; k < sess->nobjs; k++) {
		struct es_object *o = sess->objs[k];

		if (!listens(o)) continue;
		/* one pass per mailbox: the first listener on it */
		for (j = 0; j < k; j++) {
			if (listens(sess->objs[j]) &&
			    sess->objs[j]->logon->mbx->num == o->logon->mbx->num) break;
		}
		if (j == k) harvest_mailbox(sess, o->logon->mbx->num);
	}
	return sess->nnotify > 0;
}

uint32_t emsmdb_session_add_notifications(struct emsmdb_session *sess,
					  struct rop_response_buffer *rsp, uint32_t room)
{
	uint32_t taken = 0, done = 0;

	emsmdb_session_notify_pending(sess);
	while (done < sess->nnotify) {
		struct rop_response *r = sess->notify[done];
		struct es_object *o = es_object_find(sess, r->u.Notify.NotificationHandle);
		struct rop_response **rops;
		uint32_t size;

		if (o == NULL || !listens(o)) {
			/* unsubscribed since it was queued (RopRelease drops
			 * what it queued: this is a safety net) */
			talloc_free(r);
			done++;
			continue;
		}
		size = es_response_size(r);
		if (size > room) break;
		rops = talloc_realloc(rsp, rsp->rops, struct rop_response *, rsp->num_rops + 1);
		if (rops == NULL) break;
		rsp->rops = rops;
		rsp->rops[rsp->num_rops++] = talloc_steal(rsp, r);
		room -= size;
		taken++;
		done++;
	}
	if (done > 0) {
		memmove(&sess->notify[0], &sess->notify[done],
			(sess->nnotify - done) * sizeof(sess->notify[0]));
		sess->nnotify -= done;
	}
	return taken;
}

void emsmdb_session_touch(struct emsmdb_session *sess)
{
	gettimeofday(&sess->last_activity, NULL);
}

struct timeval emsmdb_session_last_activity(const struct emsmdb_session *sess)
{
	return sess->last_activity;
}

/* ------------------------------------------------------------ RopRegisterNotification */

/* MS-OXCROPS 2.2.14.1: a subscription object on the logon; RopRelease of
 * its handle ends it. */
uint32_t es_subscribe(struct es_call *c)
{
	const struct rop_RegisterNotification_req *q = &c->req->u.RegisterNotification;
	struct es_mailbox *mbx = es_call_mbx(c);
	struct es_subscription *s;
	struct es_object *o;

	if (q->NotificationTypes == 0) return EC_INVALID_PARAM;
	if (!q->WantWholeStore) {
		struct es_folder *f;
		uint32_t ret = es_folder_load(c->mem, es_call_store(c), mbx, q->FolderId, &f);

		if (ret != EC_SUCCESS) return ret;
	}
	o = es_object_new(c, ES_OBJ_NOTIFY, c->in);
	if (o == NULL || (s = talloc_zero(o, struct es_subscription)) == NULL) {
		return EC_NOT_ENOUGH_MEMORY;
	}
	s->types = q->NotificationTypes;
	s->whole_store = q->WantWholeStore != 0;
	s->fid = s->whole_store ? 0 : q->FolderId;
	s->mid = s->whole_store ? 0 : q->MessageId;
	/* what happened before does not count */
	s->seen = es_event_log_last(es_call_store(c), mbx->num);
	o->sub = s;
	return EC_SUCCESS;
}

/*
 * TableModified notifications (MS-OXCNOTIF 2.2.1.4.1.2, 3.1.4.3): a
 * hierarchy or contents table is subscribed once the client has a view of
 * it (the first RopQueryRows, RopQueryPosition, RopSeekRow or RopFindRow)
 * unless it was opened with NoNotifications.  A hierarchy table opened
 * with SuppressesNotifications does not hear of its own session's changes.
 *
 * Why a snapshot and a diff rather than one notification per logged
 * event: rows are computed from the store at each read (es_table.c), with
 * the table's restriction, sort order and columns, so only recomputing
 * tells whether an event moved a row, changed what the client sees of
 * it, or left the table alone.  A subscribed table keeps the rows the
 * client was last told of (ids and PropertyRow bytes); when the mailbox's
 * log has events that can touch the table, the rows are computed again
 * and the difference is queued: RowDeleted for the rows gone, then, in
 * the new order, RowAdded and RowModified with the row now before each.
 * A state diff cannot lose or repeat a change: the log's sequence is read
 * before the rows, so a change committed in between is either in the
 * rows (and not reported again) or triggers the next diff.  It also
 * survives a log that wrapped (ES_EVENT_LOG_MAX) while the session was
 * away.
 *
 * More than ES_TABLE_NOTIFY_MAX row events, or a row whose PropertyRow
 * does not fit ES_TABLE_ROW_DATA_MAX bytes, become one TableChanged: the
 * client reads the table again.
 *
 * The cursor follows its row: rows added or deleted before it move it,
 * and if its row went, it moves to the next row that is still there (the
 * end if none).  A cursor at the end stays at the end, so rows the client
 * was told of are not read twice.  For the cursor to be a place in the
 * rows last told, a subscribed table's cursor ROPs harvest first
 * (es_table_sync): changes made since are told, not just read.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "es_private.h"

#define ES_TABLE_NOTIFY_MAX	32
/* well inside any answer's room, so the queue never stalls on one */
#define ES_TABLE_ROW_DATA_MAX	4096

/* NotificationFlags and TableEventType (MS-OXCNOTIF 2.2.1.4.1.2) */
#define NF_TABLE_MODIFIED	0x0100
#define TABLE_CHANGED		0x0001
#define TABLE_ROW_ADDED		0x0003
#define TABLE_ROW_DELETED	0x0004
#define TABLE_ROW_MODIFIED	0x0005

struct es_table_view {
	uint64_t seen;             /* the last logged event looked at */
	uint32_t n;
	struct es_table_row *rows;
};

bool es_table_notifies(const struct es_object *o)
{
	return o->kind == ES_OBJ_TABLE && o->table != NULL && o->table->view != NULL;
}

/* MS-OXCFOLD 2.2.1.13.1, 2.2.1.14.1: NoNotifications; attachment tables
 * have no notifications. */
static bool may_notify(const struct es_object *o)
{
	const struct es_table *t = o->table;

	return (t->kind == ES_TABLE_CONTENTS || t->kind == ES_TABLE_HIERARCHY) &&
		!(t->flags & ES_TABLE_NO_NOTIFICATIONS);
}

/* A hierarchy table opened with SuppressesNotifications: it hears of
 * changes, but not of those its own session makes (MS-OXCFOLD 2.2.1.13.1). */
static bool suppresses_own(const struct es_object *o)
{
	return es_table_notifies(o) && o->table->kind == ES_TABLE_HIERARCHY &&
		(o->table->flags & ES_TABLE_SUPPRESS_NOTIFICATIONS);
}

/* The log position first, then the rows: see the head comment. */
static void view_take(struct emsmdb_store *st, struct es_object *o)
{
	struct es_table_view *v = talloc_zero(o->table, struct es_table_view);

	if (v == NULL) goto fail;
	v->seen = es_event_log_last(st, o->logon->mbx->num);
	if (es_table_rows_now(v, st, o, &v->rows, &v->n) != EC_SUCCESS) goto fail;
	talloc_free(o->table->view);
	o->table->view = v;
	return;
fail:
	/* the table still reads; only its notifications are lost */
	DEBUG(1, ("emsmdb store: table %u not subscribed to TableModified: no memory "
		  "or unreadable\n", o->handle));
	talloc_free(v);
}

void es_table_viewed(struct emsmdb_store *st, struct es_object *o)
{
	if (o->table->view == NULL && may_notify(o)) view_take(st, o);
}

void es_table_sync(struct emsmdb_session *sess, struct es_object *o)
{
	if (es_table_notifies(o)) emsmdb_session_notify_pending(sess);
}

void es_table_view_reset(struct emsmdb_store *st, struct es_object *o)
{
	if (o->table->view != NULL) view_take(st, o);
}

/* ------------------------------------------------------------ relevance */

/* Whether an event can change the table's rows.  A contents table shows
 * its folder's messages: events on them, including moves and copies out
 * of it.  A hierarchy table's rows carry counts of messages and
 * subfolders (and with Depth the whole subtree is there), so any event of
 * the mailbox may change a row. */
static bool event_touches(const struct es_object *o, const struct es_event *e)
{
	uint16_t type = e->flags & ES_NT_TYPE_MASK;

	if (o->table->kind == ES_TABLE_HIERARCHY) return true;
	if (!(e->flags & ES_NF_MESSAGE)) return e->fid == o->fid;
	return e->fid == o->fid ||
		((type == ES_EVENT_MOVED || type == ES_EVENT_COPIED) && e->old_fid == o->fid);
}

/* ------------------------------------------------------------ diff */

struct id_ref {
	const struct es_table_row *row;
	uint32_t index;
};

static int id_cmp(const struct es_table_row *a, const struct es_table_row *b)
{
	if (a->fid != b->fid) return a->fid < b->fid ? -1 : 1;
	if (a->mid != b->mid) return a->mid < b->mid ? -1 : 1;
	if (a->instance != b->instance) return a->instance < b->instance ? -1 : 1;
	return 0;
}

static int ref_cmp(const void *a, const void *b)
{
	return id_cmp(((const struct id_ref *)a)->row, ((const struct id_ref *)b)->row);
}

static struct id_ref *sorted_refs(TALLOC_CTX *mem, const struct es_table_row *rows, uint32_t n)
{
	struct id_ref *r = talloc_array(mem, struct id_ref, n + 1);
	uint32_t i;

	if (r == NULL) return NULL;
	for (i = 0; i < n; i++) r[i] = (struct id_ref) { &rows[i], i };
	qsort(r, n, sizeof(*r), ref_cmp);
	return r;
}

/* For each old row its index among the new rows and the other way round,
 * UINT32_MAX where the row is not there. */
static bool match_rows(TALLOC_CTX *mem, const struct es_table_view *v,
		       const struct es_table_row *now, uint32_t n,
		       uint32_t **old_to_new, uint32_t **new_to_old)
{
	struct id_ref *a = sorted_refs(mem, v->rows, v->n), *b = sorted_refs(mem, now, n);
	uint32_t i = 0, j = 0;

	*old_to_new = talloc_array(mem, uint32_t, v->n + 1);
	*new_to_old = talloc_array(mem, uint32_t, n + 1);
	if (a == NULL || b == NULL || *old_to_new == NULL || *new_to_old == NULL) return false;
	memset(*old_to_new, 0xff, (v->n + 1) * sizeof(uint32_t));
	memset(*new_to_old, 0xff, (n + 1) * sizeof(uint32_t));
	while (i < v->n && j < n) {
		int c = id_cmp(a[i].row, b[j].row);

		if (c == 0) {
			(*old_to_new)[a[i].index] = b[j].index;
			(*new_to_old)[b[j].index] = a[i].index;
		}
		if (c <= 0) i++;
		if (c >= 0) j++;
	}
	return true;
}

struct table_events {
	struct es_object *o;
	TALLOC_CTX *mem;
	struct rop_response **r;
	uint32_t n;
	bool too_many;
};

static struct rop_response *table_notify(TALLOC_CTX *mem, const struct es_object *o,
					 uint16_t event)
{
	/* M: the rows are messages, which TableRowMessageID, TableRowInstance
	 * and their InsertAfter fields follow (a hierarchy row is a folder) */
	struct rop_response *r = es_notify_new(mem, o, NF_TABLE_MODIFIED |
		(o->table->kind == ES_TABLE_CONTENTS ? ES_NF_MESSAGE : 0));

	if (r != NULL) r->u.Notify.NotificationData.table_event = event;
	return r;
}

/* One row event; after: the row now before it (NULL: it is first). */
static bool add_event(struct table_events *te, uint16_t event, const struct es_table_row *row,
		      const struct es_table_row *after)
{
	struct rop_notification *d;
	struct rop_response *r;

	if (te->n >= ES_TABLE_NOTIFY_MAX ||
	    (event != TABLE_ROW_DELETED && row->data.length > ES_TABLE_ROW_DATA_MAX)) {
		te->too_many = true;
		return true;
	}
	r = table_notify(te->r, te->o, event);
	if (r == NULL) return false;
	d = &r->u.Notify.NotificationData;
	d->fid = row->fid;
	d->mid = row->mid;
	d->instance = row->instance;
	if (event != TABLE_ROW_DELETED) {
		if (after != NULL) {
			d->insert_after_fid = after->fid;
			d->insert_after_mid = after->mid;
			d->insert_after_instance = after->instance;
		}
		d->row_data_size = row->data.length;
		d->row_data.length = row->data.length;
		d->row_data.data = talloc_memdup(r, row->data.data, row->data.length);
		if (d->row_data.data == NULL) return false;
	}
	te->r[te->n++] = r;
	return true;
}

static bool row_changed(const struct es_table_row *was, const struct es_table_row *now)
{
	return was->data.length != now->data.length ||
		memcmp(was->data.data, now->data.data, was->data.length) != 0;
}

/* The staying rows that keep their place: a longest run of unchanged
 * rows that the new order keeps in their old order (patience sorting of
 * their old indexes).  Every other staying row is placed again. */
static bool keep_places(TALLOC_CTX *mem, const uint32_t *new_to_old, const bool *changed,
			uint32_t n, bool *keep)
{
	uint32_t *tails = talloc_array(mem, uint32_t, n + 1);
	uint32_t *prev = talloc_array(mem, uint32_t, n + 1);
	uint32_t j, len = 0;

	if (tails == NULL || prev == NULL) return false;
	for (j = 0; j < n; j++) {
		uint32_t lo = 0, hi = len;

		keep[j] = false;
		if (new_to_old[j] == UINT32_MAX || changed[j]) continue;
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;

			if (new_to_old[tails[mid]] < new_to_old[j]) lo = mid + 1;
			else hi = mid;
		}
		prev[j] = lo > 0 ? tails[lo - 1] : UINT32_MAX;
		tails[lo] = j;
		if (lo == len) len++;
	}
	for (j = len > 0 ? tails[len - 1] : UINT32_MAX; j != UINT32_MAX; j = prev[j]) {
		keep[j] = true;
	}
	return true;
}

/* Row events that turn the old rows into the new ones when a client
 * applies them in order: RowDeleted for the rows gone, then in the new
 * order RowAdded for new rows and RowModified for rows changed or not
 * kept in place, each after the row now before it. */
static bool diff_rows(struct table_events *te, const struct es_table_view *v,
		      const struct es_table_row *now, uint32_t n,
		      const uint32_t *old_to_new, const uint32_t *new_to_old)
{
	bool *changed = talloc_zero_array(te->mem, bool, n + 1);
	bool *keep = talloc_zero_array(te->mem, bool, n + 1);
	uint32_t i;

	if (changed == NULL || keep == NULL) return false;
	for (i = 0; i < v->n; i++) {
		if (old_to_new[i] == UINT32_MAX &&
		    !add_event(te, TABLE_ROW_DELETED, &v->rows[i], NULL)) {
			return false;
		}
	}
	for (i = 0; i < n; i++) {
		if (new_to_old[i] != UINT32_MAX) {
			changed[i] = row_changed(&v->rows[new_to_old[i]], &now[i]);
		}
	}
	if (!keep_places(te->mem, new_to_old, changed, n, keep)) return false;
	for (i = 0; i < n; i++) {
		const struct es_table_row *after = i > 0 ? &now[i - 1] : NULL;

		if (keep[i]) continue;
		if (!add_event(te, new_to_old[i] == UINT32_MAX ? TABLE_ROW_ADDED :
			       TABLE_ROW_MODIFIED, &now[i], after)) {
			return false;
		}
	}
	return true;
}

/* Where the cursor goes: its row's new place, the next staying row's if
 * its row went, the end if none stays after it. */
static uint32_t cursor_after(const struct es_table_view *v, uint32_t pos, uint32_t n,
			     const uint32_t *old_to_new)
{
	uint32_t i;

	for (i = pos; i < v->n; i++) {
		if (old_to_new[i] != UINT32_MAX) return old_to_new[i];
	}
	return n;
}

static void queue_all(struct emsmdb_session *sess, struct table_events *te)
{
	uint32_t i;

	for (i = 0; i < te->n; i++) {
		if (!es_notify_queue_push(sess, te->r[i])) {
			DEBUG(1, ("emsmdb store: out of memory queueing a table "
				  "notification\n"));
		}
	}
}

/* Compute the table again and queue the difference (quiet: only take
 * the new rows and move the cursor). */
static void table_refresh(struct emsmdb_session *sess, struct es_object *o, bool quiet)
{
	struct es_table_view *v = o->table->view;
	TALLOC_CTX *t = talloc_new(NULL);
	struct table_events te = { .o = o };
	struct es_table_row *now = NULL;
	uint32_t n = 0, ret, *old_to_new, *new_to_old;

	if (t == NULL) return;
	ret = es_table_rows_now(t, sess->store, o, &now, &n);
	if (ret != EC_SUCCESS) {
		/* the folder went: its own deletion tells the client */
		DEBUG(3, ("emsmdb store: table %u of %s not recomputed: 0x%08x\n",
			  o->handle, sess->user_dn, ret));
		talloc_free(t);
		return;
	}
	te.mem = t;
	te.r = talloc_zero_array(t, struct rop_response *, ES_TABLE_NOTIFY_MAX + 1);
	if (te.r == NULL || !match_rows(t, v, now, n, &old_to_new, &new_to_old) ||
	    !diff_rows(&te, v, now, n, old_to_new, new_to_old)) {
		DEBUG(1, ("emsmdb store: out of memory diffing table %u\n", o->handle));
		talloc_free(t);
		return;
	}
	if (te.too_many) {
		DEBUG(5, ("emsmdb store: table %u of %s changed too much: TableChanged\n",
			  o->handle, sess->user_dn));
		te.n = 0;
		te.r[te.n] = table_notify(te.r, o, TABLE_CHANGED);
		if (te.r[te.n] != NULL) te.n++;
	}
	if (!quiet) queue_all(sess, &te);
	if (o->table->pos < v->n) o->table->pos = cursor_after(v, o->table->pos, n, old_to_new);
	else o->table->pos = n;
	talloc_free(v->rows);
	v->rows = talloc_steal(v, now);
	v->n = n;
	talloc_free(t);
}

void es_table_notify_harvest(struct emsmdb_session *sess, uint32_t mbx_num,
			     const struct es_event *ev, uint32_t nev, uint64_t last)
{
	uint32_t k, i;

	for (k = 0; k < sess->nobjs; k++) {
		struct es_object *o = sess->objs[k];
		struct es_table_view *v;
		bool touched;

		if (!es_table_notifies(o) || o->logon->mbx->num != mbx_num) continue;
		v = o->table->view;
		if (v->seen >= last) continue;
		/* events the log no longer holds may have touched it */
		touched = nev == 0 || ev[0].seq > v->seen + 1;
		for (i = 0; i < nev && !touched; i++) {
			touched = ev[i].seq > v->seen && event_touches(o, &ev[i]);
		}
		v->seen = last;
		if (touched) table_refresh(sess, o, false);
	}
}

/*
 * The log records no author, so a session's own changes are told apart by
 * when they happen: before each of its ROPs, what others did is harvested
 * as usual; after it, what the log gained is the ROP's doing (or a change
 * committed elsewhere in the same instant, which such a table then misses)
 * and is taken in quietly.  Only sessions with such a table pay for it.
 */
static bool has_suppressing(const struct emsmdb_session *sess)
{
	uint32_t k;

	for (k = 0; k < sess->nobjs; k++) {
		if (suppresses_own(sess->objs[k])) return true;
	}
	return false;
}

void es_table_own_rop_begin(struct emsmdb_session *sess)
{
	if (has_suppressing(sess)) emsmdb_session_notify_pending(sess);
}

void es_table_own_rop_end(struct emsmdb_session *sess)
{
	uint32_t k;

	for (k = 0; k < sess->nobjs; k++) {
		struct es_object *o = sess->objs[k];
		uint64_t last;

		if (!suppresses_own(o)) continue;
		last = es_event_log_last(sess->store, o->logon->mbx->num);
		if (last <= o->table->view->seen) continue;
		o->table->view->seen = last;
		table_refresh(sess, o, true);
	}
}

/*
 * TableModified notifications of the EMSMDB mailbox store (MS-OXCNOTIF
 * 2.2.1.4.1.2, 3.1.4.3): which tables get them, what each RopNotify says
 * (TableEventType, the row's ids, InsertAfter, TableRowData decoded with
 * the table's columns), moves between folders, the bound past which one
 * TableChanged stands for all, RopRelease dropping what was queued, and
 * the cursor following its row.
 */
#include <check.h>
#include "suite_main.h"
#include "store_dir.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "emsmdb_store.h"
#include "emsmdb_client.h"

#define PR_SUBJECT 0x0037001F
#define PR_MID 0x674A0014
#define PR_FID 0x67480014
#define PR_DISPLAY_NAME 0x3001001F
#define PR_CONTENT_COUNT 0x36020003

/* NotificationFlags, TableEventType (MS-OXCNOTIF 2.2.1.4.1.2) */
#define TABLE_MODIFIED 0x0100
#define TABLE_MODIFIED_M 0x8100
#define TABLE_CHANGED 0x0001
#define ROW_ADDED 0x0003
#define ROW_DELETED 0x0004
#define ROW_MODIFIED 0x0005

/* TableFlags (MS-OXCFOLD 2.2.1.14.1) */
#define ASSOCIATED 0x02
#define NO_NOTIFICATIONS 0x10

/* handle indexes */
#define LOGON 0
#define INBOX 1
#define INBOX_TABLE 2
#define DRAFTS 3	/* Deleted Items, here */
#define DRAFTS_TABLE 4
#define OTHER_TABLE 5
#define SUBFOLDER 6
#define MSG 14

static const uint32_t msg_cols[2] = { PR_MID, PR_SUBJECT };

static void set_columns(struct client *c, uint8_t table, const uint32_t *cols, uint16_t n)
{
	struct rop_request *r = rq(c, ROP_ID_SETCOLUMNS, table, 0);
	r->u.SetColumns.PropertyTagCount = n;
	r->u.SetColumns.PropertyTags = discard_const_p(uint32_t, cols);
	ok(c, r);
}

static struct rop_QueryRows_rsp query_rows(struct client *c, uint8_t table, uint16_t count)
{
	struct rop_request *r = rq(c, ROP_ID_QUERYROWS, table, 0);
	r->u.QueryRows.ForwardRead = 1;
	r->u.QueryRows.RowCount = count;
	return ok(c, r)->u.QueryRows;
}

/* A contents table of the folder at index folder, with msg_cols, read
 * (viewed) when view is set. */
static void contents_table(struct client *c, uint8_t folder, uint8_t out, uint8_t flags,
			   bool view)
{
	struct rop_request *r = rq(c, ROP_ID_GETCONTENTSTABLE, folder, out);
	r->u.GetContentsTable.TableFlags = flags;
	ok(c, r);
	set_columns(c, out, msg_cols, 2);
	if (view) query_rows(c, out, 100);
}

static uint64_t make_message(struct client *c, uint8_t folder, uint64_t fid,
			     const char *subject, bool fai)
{
	return new_message(c, folder, MSG, fid, subject, fai);
}

static void rename_message(struct client *c, uint8_t folder, uint64_t fid, uint64_t mid,
			   const char *subject)
{
	struct rop_request *r = rq(c, ROP_ID_OPENMESSAGE, folder, MSG);

	r->u.OpenMessage.CodePageId = 0x0FFF;
	r->u.OpenMessage.FolderId = fid;
	r->u.OpenMessage.MessageId = mid;
	r->u.OpenMessage.OpenModeFlags = 0x01;          /* ReadWrite */
	ok(c, r);
	set_prop(c, MSG, PR_SUBJECT, (struct rop_propval) { .bin = utf16(c, subject) });
	r = rq(c, ROP_ID_SAVECHANGESMESSAGE, MSG, MSG);
	r->u.SaveChangesMessage.SaveFlags = 0x02;
	ok(c, r);
	release(c, MSG);
}

static uint64_t create_folder(struct client *c, uint8_t parent, uint8_t out, const char *name)
{
	struct rop_request *r = rq(c, ROP_ID_CREATEFOLDER, parent, out);
	r->u.CreateFolder.FolderType = 1;               /* generic */
	r->u.CreateFolder.UseUnicodeStrings = 1;
	r->u.CreateFolder.DisplayName = utf16(c, name);
	r->u.CreateFolder.Comment = utf16(c, "");
	return ok(c, r)->u.CreateFolder.FolderId;
}

/* The i-th RopNotify of n: for the table at index table, with flags and
 * TableEventType event. */
static const struct rop_notification *table_event(struct client *c,
						  const struct rop_response_buffer *n,
						  uint32_t i, uint8_t table, uint16_t flags,
						  uint16_t event)
{
	const struct rop_notification *d;

	ck_assert_uint_gt(n->num_rops, i);
	ck_assert_uint_eq(n->rops[i]->rop_id, ROP_ID_NOTIFY);
	ck_assert_uint_eq(n->rops[i]->u.Notify.NotificationHandle, c->handles[table]);
	ck_assert_uint_eq(n->rops[i]->u.Notify.LogonId, 0);
	d = &n->rops[i]->u.Notify.NotificationData;
	ck_assert(d->decoded);
	ck_assert_uint_eq(d->flags, flags);
	ck_assert_uint_eq(d->table_event, event);
	return d;
}

/* TableRowData decoded with cols: the row, every column present. */
static struct rop_property_row row_of(TALLOC_CTX *mem, const struct rop_notification *d,
				      const uint32_t *cols, uint32_t ncols)
{
	struct rop_property_row row;

	ck_assert_uint_eq(d->row_data_size, d->row_data.length);
	ck_assert(NT_STATUS_IS_OK(rop_property_row_pull(mem, d->row_data.data,
							 d->row_data.length, cols, ncols,
							 &row)));
	ck_assert_uint_eq(row.flag, 0);
	return row;
}

/* A contents row: the message mid in fid after (fid, after_mid), with
 * subject; after 0: first. */
static void check_message_row(struct client *c, const struct rop_notification *d,
			      uint64_t fid, uint64_t mid, uint64_t after_fid,
			      uint64_t after_mid, const char *subject)
{
	struct rop_property_row row;
	struct rop_blob want = utf16(c, subject);

	ck_assert_uint_eq(d->fid, fid);
	ck_assert_uint_eq(d->mid, mid);
	ck_assert_uint_eq(d->instance, 0);
	ck_assert_uint_eq(d->insert_after_fid, after_fid);
	ck_assert_uint_eq(d->insert_after_mid, after_mid);
	ck_assert_uint_eq(d->insert_after_instance, 0);
	row = row_of(c, d, msg_cols, 2);
	ck_assert_uint_eq(row.values[0].value.u, mid);
	ck_assert(blob_is(&row.values[1].value.bin, &want));
}

static struct rop_response_buffer *expect_events(struct client *c, uint32_t count)
{
	struct rop_response_buffer *n;

	ck_assert(count == 0 || emsmdb_session_notify_pending(c->sess));
	n = take_notifications(c, BIG);
	ck_assert_uint_eq(n->num_rops, count);
	ck_assert(!emsmdb_session_notify_pending(c->sess));
	return n;
}

/* A client's copy of a contents table (its messages' ids in order), kept
 * up to date by applying the table's RopNotify responses in order. */
struct shadow {
	uint64_t mid[64];
	uint32_t n;
};

static int shadow_find(const struct shadow *s, uint64_t mid)
{
	uint32_t i;
	for (i = 0; i < s->n; i++) {
		if (s->mid[i] == mid) return i;
	}
	return -1;
}

static void shadow_apply(struct shadow *s, const struct rop_response_buffer *n)
{
	uint32_t i;

	for (i = 0; i < n->num_rops; i++) {
		const struct rop_notification *d = &n->rops[i]->u.Notify.NotificationData;
		int at = shadow_find(s, d->mid), after;

		ck_assert(d->table_event != TABLE_CHANGED);
		ck_assert_int_eq(at >= 0, d->table_event != ROW_ADDED);
		if (at >= 0) {
			memmove(&s->mid[at], &s->mid[at + 1], (s->n - at - 1) * sizeof(s->mid[0]));
			s->n--;
		}
		if (d->table_event == ROW_DELETED) continue;
		after = d->insert_after_mid == 0 ? -1 : shadow_find(s, d->insert_after_mid);
		ck_assert(d->insert_after_mid == 0 || after >= 0);
		ck_assert_uint_lt(s->n, 64);
		memmove(&s->mid[after + 2], &s->mid[after + 1], (s->n - after - 1) * sizeof(s->mid[0]));
		s->mid[after + 1] = d->mid;
		s->n++;
	}
}

/* The table read from its beginning is what the copy says. */
static void shadow_check(struct client *c, uint8_t table, const struct shadow *s)
{
	struct rop_request *r = rq(c, ROP_ID_SEEKROW, table, 0);
	struct rop_QueryRows_rsp q;
	uint32_t i;

	r->u.SeekRow.Origin = 0;                        /* BOOKMARK_BEGINNING */
	ok(c, r);
	q = query_rows(c, table, 100);
	ck_assert_uint_eq(q.RowCount, s->n);
	for (i = 0; i < s->n; i++) ck_assert_uint_eq(q.RowData[i].values[0].value.u, s->mid[i]);
}

/* Many changes at once, told row by row, bring the copy to the table. */
START_TEST(test_shadow)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct emsmdb_store *st = open_store(mem);
	struct client *bob = client_new(mem, st, BOB);
	struct rop_Logon_rsp l = logon(bob, BOB, LOGON);
	uint64_t inbox = l.FolderIds[4], mids[8];
	static const char *const names[8] = { "h", "c", "f", "a", "g", "b", "e", "d" };
	struct rop_SortOrder asc = { .PropertyType = PR_SUBJECT & 0xffff,
				     .PropertyId = PR_SUBJECT >> 16, .Order = 0 };
	struct shadow sh = { .n = 0 };
	struct rop_response_buffer *n;
	struct rop_request *r;
	uint32_t i;

	open_folder(bob, LOGON, INBOX, inbox);
	for (i = 0; i < 8; i++) mids[i] = make_message(bob, INBOX, inbox, names[i], false);
	contents_table(bob, INBOX, INBOX_TABLE, 0, false);
	r = rq(bob, ROP_ID_SORTTABLE, INBOX_TABLE, 0);
	r->u.SortTable.SortOrderCount = 1;
	r->u.SortTable.SortOrders = &asc;
	ok(bob, r);
	n = take_notifications(bob, BIG);
	ck_assert_uint_eq(n->num_rops, 0);
	/* the copy: what a first read gave */
	{
		struct rop_QueryRows_rsp q = query_rows(bob, INBOX_TABLE, 100);
		for (i = 0; i < q.RowCount; i++) sh.mid[sh.n++] = q.RowData[i].values[0].value.u;
	}
	/* renames that reorder, a deletion, an addition, in one go */
	rename_message(bob, INBOX, inbox, mids[3], "z");        /* a -> last */
	rename_message(bob, INBOX, inbox, mids[0], "a0");       /* h -> first */
	delete_messages(bob, INBOX, &mids[6], 1);               /* e */
	make_message(bob, INBOX, inbox, "c1", false);
	n = take_notifications(bob, BIG);
	/* a deletion, an addition, two rows placed again: nothing else */
	ck_assert_uint_eq(n->num_rops, 4);
	shadow_apply(&sh, n);
	shadow_check(bob, INBOX_TABLE, &sh);
	talloc_free(mem);
}
END_TEST

/* Rows added, modified, deleted; InsertAfter; TableRowData. */
START_TEST(test_contents_rows)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct emsmdb_store *st = open_store(mem);
	struct client *bob = client_new(mem, st, BOB);
	struct rop_Logon_rsp l = logon(bob, BOB, LOGON);
	uint64_t inbox = l.FolderIds[4], m1, m2;
	struct rop_response_buffer *n;
	const struct rop_notification *d;

	open_folder(bob, LOGON, INBOX, inbox);
	contents_table(bob, INBOX, INBOX_TABLE, 0, true);
	ck_assert(!emsmdb_session_notify_pending(bob->sess));

	m1 = make_message(bob, INBOX, inbox, "first", false);
	n = expect_events(bob, 1);
	d = table_event(bob, n, 0, INBOX_TABLE, TABLE_MODIFIED_M, ROW_ADDED);
	check_message_row(bob, d, inbox, m1, 0, 0, "first");

	m2 = make_message(bob, INBOX, inbox, "second", false);
	n = expect_events(bob, 1);
	d = table_event(bob, n, 0, INBOX_TABLE, TABLE_MODIFIED_M, ROW_ADDED);
	check_message_row(bob, d, inbox, m2, inbox, m1, "second");

	rename_message(bob, INBOX, inbox, m1, "first, renamed");
	n = expect_events(bob, 1);
	d = table_event(bob, n, 0, INBOX_TABLE, TABLE_MODIFIED_M, ROW_MODIFIED);
	check_message_row(bob, d, inbox, m1, 0, 0, "first, renamed");

	/* saved without a change to what the table shows: nothing */
	rename_message(bob, INBOX, inbox, m1, "first, renamed");
	expect_events(bob, 0);

	delete_messages(bob, INBOX, &m1, 1);
	n = expect_events(bob, 1);
	d = table_event(bob, n, 0, INBOX_TABLE, TABLE_MODIFIED_M, ROW_DELETED);
	ck_assert_uint_eq(d->fid, inbox);
	ck_assert_uint_eq(d->mid, m1);
	ck_assert_uint_eq(d->row_data_size, 0);

	/* a sort order starts the view over: no notification for it, and
	 * later changes follow the new order (descending subject) */
	{
		struct rop_SortOrder desc = { .PropertyType = PR_SUBJECT & 0xffff,
					      .PropertyId = PR_SUBJECT >> 16, .Order = 1 };
		struct rop_request *r = rq(bob, ROP_ID_SORTTABLE, INBOX_TABLE, 0);
		uint64_t m3;

		r->u.SortTable.SortOrderCount = 1;
		r->u.SortTable.SortOrders = &desc;
		ok(bob, r);
		expect_events(bob, 0);
		m3 = make_message(bob, INBOX, inbox, "third", false);
		n = expect_events(bob, 1);
		d = table_event(bob, n, 0, INBOX_TABLE, TABLE_MODIFIED_M, ROW_ADDED);
		/* "third" > "second": first */
		check_message_row(bob, d, inbox, m3, 0, 0, "third");
		/* renamed "a third" it goes after "second": placed again */
		rename_message(bob, INBOX, inbox, m3, "a third");
		n = expect_events(bob, 1);
		d = table_event(bob, n, 0, INBOX_TABLE, TABLE_MODIFIED_M, ROW_MODIFIED);
		check_message_row(bob, d, inbox, m3, inbox, m2, "a third");
	}
	talloc_free(mem);
}
END_TEST

/* A move: deleted in the source's table, added in the destination's. */
START_TEST(test_move)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct emsmdb_store *st = open_store(mem);
	struct client *bob = client_new(mem, st, BOB);
	struct rop_Logon_rsp l = logon(bob, BOB, LOGON);
	uint64_t inbox = l.FolderIds[4], drafts = l.FolderIds[7], m;
	struct rop_response_buffer *n;
	const struct rop_notification *d;
	struct rop_request *r;
	uint32_t i, deleted = 0, added = 0;

	open_folder(bob, LOGON, INBOX, inbox);
	open_folder(bob, LOGON, DRAFTS, drafts);
	m = make_message(bob, INBOX, inbox, "moving", false);
	contents_table(bob, INBOX, INBOX_TABLE, 0, true);
	contents_table(bob, DRAFTS, DRAFTS_TABLE, 0, true);
	expect_events(bob, 0);

	r = rq(bob, ROP_ID_MOVECOPYMESSAGES, INBOX, DRAFTS);
	r->u.MoveCopyMessages.MessageIdCount = 1;
	r->u.MoveCopyMessages.MessageIds = &m;
	ok(bob, r);
	n = expect_events(bob, 2);
	for (i = 0; i < 2; i++) {
		if (n->rops[i]->u.Notify.NotificationHandle == bob->handles[INBOX_TABLE]) {
			d = table_event(bob, n, i, INBOX_TABLE, TABLE_MODIFIED_M, ROW_DELETED);
			ck_assert_uint_eq(d->fid, inbox);
			ck_assert_uint_eq(d->mid, m);
			deleted++;
		} else {
			d = table_event(bob, n, i, DRAFTS_TABLE, TABLE_MODIFIED_M, ROW_ADDED);
			check_message_row(bob, d, drafts, m, 0, 0, "moving");
			added++;
		}
	}
	ck_assert_uint_eq(deleted, 1);
	ck_assert_uint_eq(added, 1);
	talloc_free(mem);
}
END_TEST

/* Tables that get nothing: never viewed, NoNotifications, released with
 * events queued; associated tables hear only of associated messages. */
START_TEST(test_silent_tables)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct emsmdb_store *st = open_store(mem);
	struct client *bob = client_new(mem, st, BOB);
	struct rop_Logon_rsp l = logon(bob, BOB, LOGON);
	uint64_t inbox = l.FolderIds[4], m;
	struct rop_response_buffer *n;
	const struct rop_notification *d;

	open_folder(bob, LOGON, INBOX, inbox);
	contents_table(bob, INBOX, INBOX_TABLE, 0, false);
	contents_table(bob, INBOX, OTHER_TABLE, NO_NOTIFICATIONS, true);
	make_message(bob, INBOX, inbox, "unseen", false);
	ck_assert(!emsmdb_session_notify_pending(bob->sess));
	expect_events(bob, 0);
	/* the tables still read the store as it is (an unsubscribed
	 * table's cursor is a plain index) */
	ck_assert_uint_eq(query_rows(bob, OTHER_TABLE, 100).RowCount, 1);
	ck_assert_uint_eq(query_rows(bob, INBOX_TABLE, 100).RowCount, 1);

	/* viewed now: queued, then released before it was sent */
	make_message(bob, INBOX, inbox, "dropped", false);
	ck_assert(emsmdb_session_notify_pending(bob->sess));
	release(bob, INBOX_TABLE);
	ck_assert(!emsmdb_session_notify_pending(bob->sess));
	expect_events(bob, 0);

	/* associated: a normal message is not its row, an FAI one is */
	release(bob, OTHER_TABLE);
	contents_table(bob, INBOX, OTHER_TABLE, ASSOCIATED, true);
	make_message(bob, INBOX, inbox, "normal", false);
	expect_events(bob, 0);
	m = make_message(bob, INBOX, inbox, "associated", true);
	n = expect_events(bob, 1);
	d = table_event(bob, n, 0, OTHER_TABLE, TABLE_MODIFIED_M, ROW_ADDED);
	check_message_row(bob, d, inbox, m, 0, 0, "associated");
	talloc_free(mem);
}
END_TEST

/* More row events than the bound: one TableChanged. */
START_TEST(test_table_changed)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct emsmdb_store *st = open_store(mem);
	struct client *bob = client_new(mem, st, BOB);
	struct rop_Logon_rsp l = logon(bob, BOB, LOGON);
	uint64_t inbox = l.FolderIds[4], mids[40];
	struct rop_response_buffer *n;
	const struct rop_notification *d;
	uint32_t i;

	open_folder(bob, LOGON, INBOX, inbox);
	for (i = 0; i < 40; i++) mids[i] = make_message(bob, INBOX, inbox, "bulk", false);
	contents_table(bob, INBOX, INBOX_TABLE, 0, true);
	delete_messages(bob, INBOX, mids, 40);
	n = expect_events(bob, 1);
	d = table_event(bob, n, 0, INBOX_TABLE, TABLE_MODIFIED_M, TABLE_CHANGED);
	ck_assert_uint_eq(d->fid, 0);
	ck_assert_uint_eq(d->row_data_size, 0);
	/* and the view goes on from the table as it now is */
	make_message(bob, INBOX, inbox, "after", false);
	n = expect_events(bob, 1);
	table_event(bob, n, 0, INBOX_TABLE, TABLE_MODIFIED_M, ROW_ADDED);
	talloc_free(mem);
}
END_TEST

/* The cursor stays on its row when rows before it go or come. */
START_TEST(test_cursor)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct emsmdb_store *st = open_store(mem);
	struct client *bob = client_new(mem, st, BOB);
	struct rop_Logon_rsp l = logon(bob, BOB, LOGON);
	uint64_t inbox = l.FolderIds[4], a, b, c;
	struct rop_QueryRows_rsp q;
	struct rop_request *r;

	open_folder(bob, LOGON, INBOX, inbox);
	a = make_message(bob, INBOX, inbox, "a", false);
	b = make_message(bob, INBOX, inbox, "b", false);
	c = make_message(bob, INBOX, inbox, "c", false);
	contents_table(bob, INBOX, INBOX_TABLE, 0, false);
	q = query_rows(bob, INBOX_TABLE, 1);             /* the cursor on "b" */
	ck_assert_uint_eq(q.RowCount, 1);
	ck_assert_uint_eq(q.RowData[0].values[0].value.u, a);
	delete_messages(bob, INBOX, &a, 1);
	expect_events(bob, 1);
	r = rq(bob, ROP_ID_QUERYPOSITION, INBOX_TABLE, 0);
	ck_assert_uint_eq(ok(bob, r)->u.QueryPosition.Numerator, 0);
	q = query_rows(bob, INBOX_TABLE, 1);
	ck_assert_uint_eq(q.RowCount, 1);
	ck_assert_uint_eq(q.RowData[0].values[0].value.u, b);
	/* the cursor on "c"; "c2" comes after it; then a deletion before the
	 * cursor and a read in the same call: the read goes on from "c" */
	{
		struct rop_request *two[2];
		struct rop_response_buffer *rsp;
		uint64_t c2 = make_message(bob, INBOX, inbox, "c2", false);

		expect_events(bob, 1);
		two[0] = rq(bob, ROP_ID_DELETEMESSAGES, INBOX, 0);
		two[0]->u.DeleteMessages.MessageIdCount = 1;
		two[0]->u.DeleteMessages.MessageIds = &b;
		two[1] = rq(bob, ROP_ID_QUERYROWS, INBOX_TABLE, 0);
		two[1]->u.QueryRows.ForwardRead = 1;
		two[1]->u.QueryRows.RowCount = 1;
		rsp = run_n(bob, two, 2, BIG);
		ck_assert_uint_eq(rsp->num_rops, 2);
		ck_assert_uint_eq(rsp->rops[1]->return_value, 0);
		ck_assert_uint_eq(rsp->rops[1]->u.QueryRows.RowCount, 1);
		ck_assert_uint_eq(rsp->rops[1]->u.QueryRows.RowData[0].values[0].value.u, c);
		expect_events(bob, 1);                          /* "b" deleted */
		q = query_rows(bob, INBOX_TABLE, 1);
		ck_assert_uint_eq(q.RowCount, 1);
		ck_assert_uint_eq(q.RowData[0].values[0].value.u, c2);
	}
	/* at the end it stays at the end: a row added is told, not read */
	query_rows(bob, INBOX_TABLE, 100);
	make_message(bob, INBOX, inbox, "d", false);
	expect_events(bob, 1);
	ck_assert_uint_eq(query_rows(bob, INBOX_TABLE, 100).RowCount, 0);
	talloc_free(mem);
}
END_TEST

/* Hierarchy tables: folders added, modified (their counts), deleted. */
START_TEST(test_hierarchy)
{
	static const uint32_t cols[3] = { PR_FID, PR_DISPLAY_NAME, PR_CONTENT_COUNT };
	TALLOC_CTX *mem = talloc_new(NULL);
	struct emsmdb_store *st = open_store(mem);
	struct client *bob = client_new(mem, st, BOB);
	struct rop_Logon_rsp l = logon(bob, BOB, LOGON);
	uint64_t inbox = l.FolderIds[4], projects, archive;
	struct rop_blob name = utf16(mem, "Projects");
	struct rop_response_buffer *n;
	const struct rop_notification *d;
	struct rop_property_row row;
	struct rop_request *r;

	open_folder(bob, LOGON, INBOX, inbox);
	ok(bob, rq(bob, ROP_ID_GETHIERARCHYTABLE, INBOX, INBOX_TABLE));
	set_columns(bob, INBOX_TABLE, cols, 3);
	ck_assert_uint_eq(query_rows(bob, INBOX_TABLE, 100).RowCount, 0);

	projects = create_folder(bob, INBOX, SUBFOLDER, "Projects");
	n = expect_events(bob, 1);
	d = table_event(bob, n, 0, INBOX_TABLE, TABLE_MODIFIED, ROW_ADDED);
	/* no message fields for a folder row: decoded as 0 */
	ck_assert_uint_eq(d->fid, projects);
	ck_assert_uint_eq(d->mid, 0);
	ck_assert_uint_eq(d->insert_after_fid, 0);
	row = row_of(mem, d, cols, 3);
	ck_assert_uint_eq(row.values[0].value.u, projects);
	ck_assert(blob_is(&row.values[1].value.bin, &name));
	ck_assert_uint_eq(row.values[2].value.u, 0);

	/* a message in it changes its row's count */
	make_message(bob, SUBFOLDER, projects, "filed", false);
	n = expect_events(bob, 1);
	d = table_event(bob, n, 0, INBOX_TABLE, TABLE_MODIFIED, ROW_MODIFIED);
	ck_assert_uint_eq(d->fid, projects);
	ck_assert_uint_eq(row_of(mem, d, cols, 3).values[2].value.u, 1);
	release(bob, SUBFOLDER);

	archive = create_folder(bob, INBOX, SUBFOLDER, "Archive");
	release(bob, SUBFOLDER);
	n = expect_events(bob, 1);
	d = table_event(bob, n, 0, INBOX_TABLE, TABLE_MODIFIED, ROW_ADDED);
	ck_assert_uint_eq(d->fid, archive);
	ck_assert_uint_eq(d->insert_after_fid, projects);

	r = rq(bob, ROP_ID_DELETEFOLDER, INBOX, 0);
	r->u.DeleteFolder.DeleteFolderFlags = 0x01 | 0x04;   /* DEL_MESSAGES, DEL_FOLDERS */
	r->u.DeleteFolder.FolderId = projects;
	ok(bob, r);
	n = expect_events(bob, 1);
	d = table_event(bob, n, 0, INBOX_TABLE, TABLE_MODIFIED, ROW_DELETED);
	ck_assert_uint_eq(d->fid, projects);
	talloc_free(mem);
}
END_TEST

/* SuppressesNotifications: the session's own changes are not told,
 * another session's are. */
START_TEST(test_suppresses_own)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct emsmdb_store *st = open_store(mem);
	struct client *bob = client_new(mem, st, BOB);
	struct client *other = client_new(mem, st, BOB);
	struct rop_Logon_rsp l = logon(bob, BOB, LOGON);
	static const uint32_t cols[1] = { PR_FID };
	uint64_t inbox = l.FolderIds[4], theirs;
	struct rop_response_buffer *n;
	struct rop_request *r;

	logon(other, BOB, LOGON);
	open_folder(bob, LOGON, INBOX, inbox);
	open_folder(other, LOGON, INBOX, inbox);
	r = rq(bob, ROP_ID_GETHIERARCHYTABLE, INBOX, INBOX_TABLE);
	r->u.GetHierarchyTable.TableFlags = 0x80;       /* SuppressesNotifications */
	ok(bob, r);
	set_columns(bob, INBOX_TABLE, cols, 1);
	query_rows(bob, INBOX_TABLE, 100);

	create_folder(bob, INBOX, SUBFOLDER, "mine");
	release(bob, SUBFOLDER);
	expect_events(bob, 0);
	theirs = create_folder(other, INBOX, SUBFOLDER, "theirs");
	n = expect_events(bob, 1);
	ck_assert_uint_eq(table_event(bob, n, 0, INBOX_TABLE, TABLE_MODIFIED, ROW_ADDED)->fid,
			  theirs);
	/* both rows are there to read, the cursor at the end of the first
	 * read stays there */
	ck_assert_uint_eq(query_rows(bob, INBOX_TABLE, 100).RowCount, 0);
	r = rq(bob, ROP_ID_QUERYPOSITION, INBOX_TABLE, 0);
	ck_assert_uint_eq(ok(bob, r)->u.QueryPosition.Denominator, 2);
	talloc_free(mem);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("emsmdb_table_notify");
	TCase *tc = tcase_create("tables");

	store_dir_fixture(tc);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_contents_rows);
	tcase_add_test(tc, test_shadow);
	tcase_add_test(tc, test_move);
	tcase_add_test(tc, test_silent_tables);
	tcase_add_test(tc, test_table_changed);
	tcase_add_test(tc, test_cursor);
	tcase_add_test(tc, test_hierarchy);
	tcase_add_test(tc, test_suppresses_own);
	suite_add_tcase(s, tc);
	return check_main(s);
}

/*
 * Folder ObjectModified notifications with the folder's message counts
 * (MS-OXCNOTIF 2.2.1.4.1.2, flags T 0x1000 and U 0x2000): a delivery,
 * the read flag, deletion, moves and copies, new messages saved,
 * associated messages (which do not count), one event per folder per
 * change, who hears them, their bytes on the wire, and an event log
 * written before the counts existed.
 */
#include <check.h>
#include "suite_main.h"
#include "store_dir.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <ctype.h>
#include <tdb.h>
#include "emsmdb_store.h"
#include "emsmdb_client.h"

#define PR_SUBJECT 0x0037001F
#define PR_CONTENT_COUNT 0x36020003
#define PR_CONTENT_UNREAD 0x36030003

/* NotificationFlags (MS-OXCNOTIF 2.2.1.4.1.2) */
#define FOLDER_COUNTS 0x3010	/* ObjectModified, T, U; not M */
#define MESSAGE_MODIFIED 0x8010
#define NT_MODIFIED 0x10	/* RopRegisterNotification NotificationTypes */
#define NT_CREATED 0x04

/* RopSetMessageReadFlag ReadFlags (MS-OXCMSG 2.2.3.11.1) */
#define RF_READ 0x00
#define RF_CLEAR 0x04

/* handle indexes */
#define LOGON 0
#define INBOX 1
#define DELETED 2
#define SUB_INBOX 3
#define SUB_STORE 4
#define SUB_PARENT 5
#define MSG 6


/* alice submits a message to bob, without saving it first: only bob's
 * Inbox (and alice's Sent Items) change. */
static void alice_sends(struct emsmdb_store *st, const char *subject)
{
	struct client *a = client_new(NULL, st, ALICE);
	struct rop_Logon_rsp l = logon(a, ALICE, 0);
	struct rop_request *r;

	open_folder(a, 0, 1, l.FolderIds[5]);          /* Outbox */
	r = rq(a, ROP_ID_CREATEMESSAGE, 1, 2);
	r->u.CreateMessage.CodePageId = 0x0FFF;
	r->u.CreateMessage.FolderId = l.FolderIds[5];
	ok(a, r);
	set_prop(a, 2, PR_SUBJECT, (struct rop_propval) { .bin = utf16(a, subject) });
	add_recipient(a, 2, "bob@example.com", "Bob");
	ok(a, rq(a, ROP_ID_SUBMITMESSAGE, 2, 0));
	talloc_free(a);
}

static struct rop_response_buffer *expect(struct client *c, uint32_t count)
{
	struct rop_response_buffer *n = take_notifications(c, BIG);
	ck_assert_uint_eq(n->num_rops, count);
	ck_assert(!emsmdb_session_notify_pending(c->sess));
	return n;
}

/* The i-th RopNotify of n is the counts of folder fid, for sub. */
static void check_counts(const struct client *c, const struct rop_response_buffer *n,
			 uint32_t i, uint8_t sub, uint64_t fid, uint32_t total, uint32_t unread)
{
	const struct rop_notification *d;

	ck_assert_uint_lt(i, n->num_rops);
	ck_assert_uint_eq(n->rops[i]->rop_id, ROP_ID_NOTIFY);
	ck_assert_uint_eq(n->rops[i]->u.Notify.NotificationHandle, c->handles[sub]);
	d = &n->rops[i]->u.Notify.NotificationData;
	ck_assert(d->decoded);
	ck_assert_uint_eq(d->flags, FOLDER_COUNTS);
	ck_assert_uint_eq(d->fid, fid);
	ck_assert_uint_eq(d->mid, 0);
	ck_assert_uint_eq(d->parent_fid, 0);
	ck_assert_uint_eq(d->tag_count, 0);
	ck_assert_uint_eq(d->total_message_count, total);
	ck_assert_uint_eq(d->unread_message_count, unread);
}

/* What a client reading the folder's properties sees agrees. */
static void check_folder_props(struct client *c, uint8_t folder, uint32_t total,
			       uint32_t unread)
{
	struct rop_request *r = rq(c, ROP_ID_GETPROPERTIESSPECIFIC, folder, 0);
	uint32_t *tags = talloc_array(c->mem, uint32_t, 2);
	const struct rop_property_row *row;

	tags[0] = PR_CONTENT_COUNT;
	tags[1] = PR_CONTENT_UNREAD;
	r->u.GetPropertiesSpecific.PropertySizeLimit = 0;
	r->u.GetPropertiesSpecific.PropertyTagCount = 2;
	r->u.GetPropertiesSpecific.PropertyTags = tags;
	row = &ok(c, r)->u.GetPropertiesSpecific.RowData;
	ck_assert_uint_eq(row->values[0].value.u, total);
	ck_assert_uint_eq(row->values[1].value.u, unread);
}

static void open_message(struct client *c, uint8_t folder, uint64_t fid, uint64_t mid)
{
	struct rop_request *r = rq(c, ROP_ID_OPENMESSAGE, folder, MSG);

	r->u.OpenMessage.CodePageId = 0x0FFF;
	r->u.OpenMessage.FolderId = fid;
	r->u.OpenMessage.MessageId = mid;
	r->u.OpenMessage.OpenModeFlags = 0x01;          /* ReadWrite */
	ok(c, r);
}

static void set_read(struct client *c, uint8_t folder, uint64_t fid, uint64_t mid,
		     uint8_t flags)
{
	struct rop_request *r;

	open_message(c, folder, fid, mid);
	r = rq(c, ROP_ID_SETMESSAGEREADFLAG, MSG, 0);
	r->u.SetMessageReadFlag.ReadFlags = flags;
	ok(c, r);
	release(c, MSG);
}

static void move_copy(struct client *c, uint8_t from, uint8_t to, uint64_t *mids,
		      uint16_t n, bool copy)
{
	struct rop_request *r = rq(c, ROP_ID_MOVECOPYMESSAGES, from, to);

	r->u.MoveCopyMessages.MessageIdCount = n;
	r->u.MoveCopyMessages.MessageIds = mids;
	r->u.MoveCopyMessages.WantCopy = copy;
	ck_assert_uint_eq(ok(c, r)->u.MoveCopyMessages.PartialCompletion, 0);
}

/* The MID of the folder's only message. */
static uint64_t inbox_message(struct client *c, uint8_t folder)
{
	struct rop_request *r = rq(c, ROP_ID_GETCONTENTSTABLE, folder, MSG);
	static const uint32_t cols[1] = { 0x674A0014 };  /* PidTagMid */
	struct rop_QueryRows_rsp q;
	uint64_t mid;

	ck_assert_uint_eq(ok(c, r)->u.GetContentsTable.RowCount, 1);
	r = rq(c, ROP_ID_SETCOLUMNS, MSG, 0);
	r->u.SetColumns.PropertyTagCount = 1;
	r->u.SetColumns.PropertyTags = discard_const_p(uint32_t, cols);
	ok(c, r);
	r = rq(c, ROP_ID_QUERYROWS, MSG, 0);
	r->u.QueryRows.ForwardRead = 1;
	r->u.QueryRows.RowCount = 10;
	q = ok(c, r)->u.QueryRows;
	ck_assert_uint_eq(q.RowCount, 1);
	mid = q.RowData[0].values[0].value.u;
	release(c, MSG);
	return mid;
}

struct bob {
	struct client *c;
	uint64_t inbox, deleted, ipm;
};

/* bob with the Inbox and Deleted Items open, and three subscriptions to
 * ObjectModified: the Inbox, the whole store, the Inbox's parent. */
static struct bob bob_subscribed(TALLOC_CTX *mem, struct emsmdb_store *st)
{
	struct bob b = { .c = client_new(mem, st, BOB) };
	struct rop_Logon_rsp l = logon(b.c, BOB, LOGON);

	b.ipm = l.FolderIds[3];
	b.inbox = l.FolderIds[4];
	b.deleted = l.FolderIds[7];
	open_folder(b.c, LOGON, INBOX, b.inbox);
	open_folder(b.c, LOGON, DELETED, b.deleted);
	subscribe(b.c, SUB_INBOX, NT_MODIFIED, false, b.inbox);
	subscribe(b.c, SUB_STORE, NT_MODIFIED, true, 0);
	subscribe(b.c, SUB_PARENT, NT_MODIFIED | NT_CREATED, false, b.ipm);
	ck_assert(!emsmdb_session_notify_pending(b.c->sess));
	return b;
}

/* Delivery, the read flag, moves, copies and deletion: each folder whose
 * counts moved, once, with its new counts, after the messages' events. */
START_TEST(test_counts_follow_the_messages)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct emsmdb_store *st = open_store(mem);
	struct bob b = bob_subscribed(mem, st);
	struct rop_response_buffer *n;
	uint64_t mids[2];

	/* a delivery: the Inbox holds 1, unread; the parent's subscription
	 * hears nothing of a subfolder's counts (MS-OXCNOTIF 3.1.5.1: the
	 * folder, its messages, its subfolders created, deleted or moved) */
	alice_sends(st, "one");
	n = expect(b.c, 2);
	check_counts(b.c, n, 0, SUB_INBOX, b.inbox, 1, 1);
	check_counts(b.c, n, 1, SUB_STORE, b.inbox, 1, 1);
	check_folder_props(b.c, INBOX, 1, 1);
	mids[0] = inbox_message(b.c, INBOX);

	/* read: the message's ObjectModified, then the folder's 1/0 */
	set_read(b.c, INBOX, b.inbox, mids[0], RF_READ);
	n = expect(b.c, 4);
	ck_assert_uint_eq(n->rops[0]->u.Notify.NotificationData.flags, MESSAGE_MODIFIED);
	ck_assert_uint_eq(n->rops[1]->u.Notify.NotificationData.flags, MESSAGE_MODIFIED);
	check_counts(b.c, n, 2, SUB_INBOX, b.inbox, 1, 0);
	check_counts(b.c, n, 3, SUB_STORE, b.inbox, 1, 0);
	check_folder_props(b.c, INBOX, 1, 0);

	/* read again: nothing changed, no event at all */
	set_read(b.c, INBOX, b.inbox, mids[0], RF_READ);
	n = take_notifications(b.c, BIG);
	ck_assert_uint_eq(n->num_rops, 0);
	set_read(b.c, INBOX, b.inbox, mids[0], RF_CLEAR);
	n = expect(b.c, 4);
	check_counts(b.c, n, 2, SUB_INBOX, b.inbox, 1, 1);
	check_counts(b.c, n, 3, SUB_STORE, b.inbox, 1, 1);

	/* moved to Deleted Items: both folders, the Inbox's subscription
	 * only its own */
	move_copy(b.c, INBOX, DELETED, mids, 1, false);
	n = expect(b.c, 3);
	check_counts(b.c, n, 0, SUB_INBOX, b.inbox, 0, 0);
	check_counts(b.c, n, 1, SUB_STORE, b.inbox, 0, 0);
	check_counts(b.c, n, 2, SUB_STORE, b.deleted, 1, 1);
	check_folder_props(b.c, DELETED, 1, 1);

	/* copied back: the source's counts stay, no event for it */
	move_copy(b.c, DELETED, INBOX, mids, 1, true);
	n = expect(b.c, 2);
	check_counts(b.c, n, 0, SUB_INBOX, b.inbox, 1, 1);
	check_counts(b.c, n, 1, SUB_STORE, b.inbox, 1, 1);
	mids[0] = inbox_message(b.c, INBOX);		/* the copy */

	/* a message bob saves in the Inbox starts read (MS-OXCMSG 3.2.5.2) */
	mids[1] = new_message(b.c, INBOX, MSG, b.inbox, "mine", false);
	n = expect(b.c, 2);
	check_counts(b.c, n, 0, SUB_INBOX, b.inbox, 2, 1);
	check_counts(b.c, n, 1, SUB_STORE, b.inbox, 2, 1);
	/* saved again, changed but not its read state: the message's
	 * ObjectModified alone */
	open_message(b.c, INBOX, b.inbox, mids[1]);
	set_prop(b.c, MSG, PR_SUBJECT, (struct rop_propval) { .bin = utf16(mem, "mine, 2") });
	ok(b.c, rq(b.c, ROP_ID_SAVECHANGESMESSAGE, MSG, MSG));
	release(b.c, MSG);
	n = expect(b.c, 2);
	ck_assert_uint_eq(n->rops[0]->u.Notify.NotificationData.flags, MESSAGE_MODIFIED);
	ck_assert_uint_eq(n->rops[1]->u.Notify.NotificationData.flags, MESSAGE_MODIFIED);

	/* two deleted by one ROP: one event, 0/0 */
	delete_messages(b.c, INBOX, mids, 2);
	n = expect(b.c, 2);
	check_counts(b.c, n, 0, SUB_INBOX, b.inbox, 0, 0);
	check_counts(b.c, n, 1, SUB_STORE, b.inbox, 0, 0);
	check_folder_props(b.c, INBOX, 0, 0);
	talloc_free(mem);
}
END_TEST

/* Associated (FAI) messages are not in PidTagContentCount: creating,
 * reading or deleting one moves no count, so no event. */
START_TEST(test_associated_messages_do_not_count)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct emsmdb_store *st = open_store(mem);
	struct bob b = bob_subscribed(mem, st);
	struct rop_response_buffer *n;
	uint64_t fai;

	fai = new_message(b.c, INBOX, MSG, b.inbox, "view settings", true);
	/* the parent's subscription hears of nothing: ObjectCreated of a
	 * message is its folder's */
	n = take_notifications(b.c, BIG);
	ck_assert_uint_eq(n->num_rops, 0);
	set_read(b.c, INBOX, b.inbox, fai, RF_CLEAR);
	n = expect(b.c, 2);	/* the message's ObjectModified, no counts */
	ck_assert_uint_eq(n->rops[0]->u.Notify.NotificationData.flags, MESSAGE_MODIFIED);
	ck_assert_uint_eq(n->rops[1]->u.Notify.NotificationData.flags, MESSAGE_MODIFIED);
	delete_messages(b.c, INBOX, &fai, 1);
	n = take_notifications(b.c, BIG);
	ck_assert_uint_eq(n->num_rops, 0);
	check_folder_props(b.c, INBOX, 0, 0);
	talloc_free(mem);
}
END_TEST

/* The RopNotify on the wire: RopId, NotificationHandle, LogonId (6
 * bytes), then NotificationFlags, FolderId, TagCount, TotalMessageCount,
 * UnreadMessageCount (20 bytes): no MessageId (no M), no ParentFolderId
 * (a folder's ObjectModified has none).  26 bytes fit in 26, not in 25. */
START_TEST(test_counts_on_the_wire)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct emsmdb_store *st = open_store(mem);
	struct client *c = client_new(mem, st, BOB);
	struct rop_Logon_rsp l = logon(c, BOB, LOGON);
	struct rop_response_buffer *n;

	subscribe(c, SUB_INBOX, NT_MODIFIED, false, l.FolderIds[4]);
	alice_sends(st, "one");
	n = take_notifications(c, 25);
	ck_assert_uint_eq(n->num_rops, 0);
	n = take_notifications(c, 26);
	ck_assert_uint_eq(n->num_rops, 1);
	check_counts(c, n, 0, SUB_INBOX, l.FolderIds[4], 1, 1);
	talloc_free(mem);
}
END_TEST

/* ------------------------------------------------------------ old logs */

struct raw_event {
	uint64_t seq;
	uint16_t flags;
	uint64_t fid, mid;
};

static void put_le(uint8_t **p, uint64_t v, int bytes)
{
	int i;
	for (i = 0; i < bytes; i++) *(*p)++ = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, int bytes)
{
	uint64_t v = 0;
	int i;
	for (i = bytes - 1; i >= 0; i--) v = (v << 8) | p[i];
	return v;
}

/* An event log record as written before the counts: next sequence, a
 * count, then per event the sequence, NotificationFlags, six ids,
 * MessageFlags and a u32-counted MessageClass (empty here). */
static TDB_DATA old_log(TALLOC_CTX *mem, uint64_t next_seq, const struct raw_event *ev,
			uint32_t nev)
{
	uint8_t *buf = talloc_zero_array(mem, uint8_t, 12 + 66 * nev);
	uint8_t *p = buf;
	uint32_t i;

	put_le(&p, next_seq, 8);
	put_le(&p, nev, 4);
	for (i = 0; i < nev; i++) {
		put_le(&p, ev[i].seq, 8);
		put_le(&p, ev[i].flags, 2);
		put_le(&p, ev[i].fid, 8);
		put_le(&p, ev[i].mid, 8);
		p += 8 * 4 + 4;		/* parent, old ids, message flags: 0 */
		put_le(&p, 0, 4);	/* MessageClass: none */
	}
	return (TDB_DATA) { .dptr = buf, .dsize = p - buf };
}

/* The key of bob's event log: ntf/ and his mailbox's number, the first
 * field of his mailbox record (doc/emsmdb-store.md, Records). */
static char *log_key(TALLOC_CTX *mem, struct tdb_context *tdb)
{
	char *mbx_key = talloc_asprintf(mem, "mbx/%s", BOB);
	TDB_DATA k, v;
	uint32_t num;
	char *p;

	for (p = mbx_key; *p != '\0'; p++) *p = tolower((unsigned char)*p);
	k = (TDB_DATA) { .dptr = (uint8_t *)mbx_key, .dsize = strlen(mbx_key) };
	v = tdb_fetch(tdb, k);
	ck_assert(v.dptr != NULL && v.dsize >= 4);
	num = (uint32_t)get_le(v.dptr, 4);
	free(v.dptr);
	return talloc_asprintf(mem, "ntf/%u", num);
}

static struct tdb_context *store_tdb(void)
{
	char path[512];
	struct tdb_context *tdb;

	snprintf(path, sizeof(path), "%s/emsmdb-store.tdb", state_dir);
	tdb = tdb_open(path, 0, 0, O_RDWR, 0600);
	ck_assert(tdb != NULL);
	return tdb;
}

/* bob's log, with nothing open on the store, replaced by data (or, with
 * data NULL, read into *out). */
static void bob_log(TALLOC_CTX *mem, const TDB_DATA *data, TDB_DATA *out)
{
	struct tdb_context *tdb = store_tdb();
	char *key = log_key(mem, tdb);
	TDB_DATA k = { .dptr = (uint8_t *)key, .dsize = strlen(key) };

	if (data != NULL) {
		ck_assert_int_eq(tdb_store(tdb, k, *data, TDB_REPLACE), 0);
	} else {
		*out = tdb_fetch(tdb, k);
		ck_assert(out->dptr != NULL);
	}
	tdb_close(tdb);
}

/* A log of the previous format is read, not discarded: its events stay
 * and its numbering goes on; a corrupt one is discarded (logged) and the
 * mailbox goes on changing and notifying. */
START_TEST(test_old_event_log)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct emsmdb_store *st = open_store(mem);
	struct client *c = client_new(mem, st, BOB);
	struct rop_Logon_rsp l = logon(c, BOB, LOGON);
	struct raw_event old[2] = {
		{ .seq = 998, .flags = 0x0004, .fid = l.FolderIds[4] },
		{ .seq = 999, .flags = 0x8004, .fid = l.FolderIds[4], .mid = 0x1234 },
	};
	TDB_DATA rec, bad;
	struct rop_response_buffer *n;
	struct bob b;

	/* bob's mailbox gets a log, then the store closes */
	alice_sends(st, "make a log");
	talloc_free(mem);

	mem = talloc_new(NULL);
	rec = old_log(mem, 1000, old, 2);
	bob_log(mem, &rec, NULL);
	st = open_store(mem);
	b = bob_subscribed(mem, st);
	alice_sends(st, "after");
	n = expect(b.c, 2);
	check_counts(b.c, n, 0, SUB_INBOX, b.inbox, 2, 2);
	talloc_free(mem);

	/* the old events are still there, then the delivery's (created,
	 * new mail, counts), numbered on from 1000 */
	mem = talloc_new(NULL);
	bob_log(mem, NULL, &rec);
	ck_assert_uint_eq(get_le(rec.dptr, 8), 1003);
	ck_assert_uint_eq(get_le(rec.dptr + 8, 4), 5);
	ck_assert_uint_eq(get_le(rec.dptr + 12, 8), 998);
	ck_assert_uint_eq(get_le(rec.dptr + 12 + 66, 8), 999);
	ck_assert_uint_eq(get_le(rec.dptr + 12 + 66 + 18, 8), 0x1234);

	/* cut in the middle of an event: discarded, the store goes on */
	bad = (TDB_DATA) { .dptr = rec.dptr, .dsize = 12 + 66 + 30 };
	bob_log(mem, &bad, NULL);
	free(rec.dptr);
	st = open_store(mem);
	b = bob_subscribed(mem, st);
	alice_sends(st, "after damage");
	n = expect(b.c, 2);
	check_counts(b.c, n, 1, SUB_STORE, b.inbox, 3, 3);
	talloc_free(mem);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("emsmdb_folder_notify");
	TCase *tc = tcase_create("counts");

	store_dir_fixture(tc);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_counts_follow_the_messages);
	tcase_add_test(tc, test_associated_messages_do_not_count);
	tcase_add_test(tc, test_counts_on_the_wire);
	tcase_add_test(tc, test_old_event_log);
	suite_add_tcase(s, tc);
	return check_main(s);
}

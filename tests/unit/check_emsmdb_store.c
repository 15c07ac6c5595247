/*
 * The EMSMDB mailbox store driven the way a client drives it: ROP request
 * buffers built with the ROP layer's structures, answered by
 * emsmdb_rop_process_blob(), the answers parsed back with a client-side
 * decoding state.  alice sends bob a message with recipients, a body and
 * a 1 MiB attachment; bob reads it all back; hostile buffers get the
 * specification's error codes; the store survives reopening; bob's
 * subscriptions hear of the delivery as RopNotify, and EcDoAsyncWaitEx's
 * wait ends as MS-OXCRPC says.
 */
#include <check.h>
#include "suite_main.h"
#include "store_dir.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "emsmdb_store.h"
#include "emsmdb_wait.h"
#include "emsmdb_client.h"

#define ATTACH_SIZE (1024 * 1024)

/* Error codes of MS-OXCDATA 2.4 */
#define ecNullObject 0x000004B9
#define ecNotFound 0x8004010F
#define ecNotSupported 0x80040102
#define ecLoginPerm 0x000003F2
#define ecStreamSeekError 0x80030019
#define ecStreamAccessDenied 0x80030005
#define ecInvalidParam 0x80070057

#define PR_SUBJECT 0x0037001F
#define PR_MESSAGE_FLAGS 0x0E070003
#define PR_HASATTACH 0x0E1B000B
#define PR_MID 0x674A0014
#define PR_BODY 0x1000001F
#define PR_SMTP_ADDRESS 0x39FE001F
#define PR_ATTACH_DATA_BIN 0x37010102
#define PR_ATTACH_METHOD 0x37050003
#define PR_DISPLAY_NAME 0x3001001F
#define PR_CONTENT_COUNT 0x36020003

static uint8_t *attachment;

static void open_stream(struct client *c, uint8_t in, uint8_t out, uint32_t tag,
			uint8_t mode, uint32_t *size)
{
	struct rop_request *r = rq(c, ROP_ID_OPENSTREAM, in, out);
	r->u.OpenStream.PropertyTag = tag;
	r->u.OpenStream.OpenModeFlags = mode;
	*size = ok(c, r)->u.OpenStream.StreamSize;
}

static void write_stream(struct client *c, uint8_t s, const uint8_t *data, size_t len)
{
	size_t done = 0;
	while (done < len) {
		size_t n = len - done > 30000 ? 30000 : len - done;
		struct rop_request *r = rq(c, ROP_ID_WRITESTREAM, s, 0);
		r->u.WriteStream.DataSize = n;
		r->u.WriteStream.Data = (struct rop_blob) { discard_const_p(uint8_t, data + done), n };
		ck_assert_uint_eq(ok(c, r)->u.WriteStream.WrittenSize, n);
		done += n;
	}
	ok(c, rq(c, ROP_ID_COMMITSTREAM, s, 0));
}

/* Read the whole stream in chunks, each call limited to max bytes out. */
static uint8_t *read_stream(struct client *c, uint8_t s, size_t len, uint32_t max)
{
	uint8_t *buf = talloc_size(c->mem, len + 1);
	size_t done = 0;
	for (;;) {
		struct rop_request *r = rq(c, ROP_ID_READSTREAM, s, 0);
		struct rop_response_buffer *rsp;
		r->u.ReadStream.ByteCount = 0xBABE;
		r->u.ReadStream.MaximumByteCount = 0x100000;
		rsp = run_n(c, &r, 1, max);
		ck_assert_uint_eq(rsp->num_rops, 1);
		ck_assert_uint_eq(rsp->rops[0]->return_value, 0);
		if (rsp->rops[0]->u.ReadStream.DataSize == 0) break;
		ck_assert_uint_le(done + rsp->rops[0]->u.ReadStream.DataSize, len);
		memcpy(buf + done, rsp->rops[0]->u.ReadStream.Data.data,
		       rsp->rops[0]->u.ReadStream.DataSize);
		done += rsp->rops[0]->u.ReadStream.DataSize;
	}
	ck_assert_uint_eq(done, len);
	return buf;
}

static const char *body_text = "Hello Bob, the report is attached.";

/* alice: compose in the Outbox, attach 1 MiB by stream, submit to bob. */
static void alice_sends(struct emsmdb_store *st)
{
	struct client *c = client_new(NULL, st, ALICE);
	struct rop_Logon_rsp l = logon(c, ALICE, 0);
	struct rop_request *r;
	uint32_t size, sent_before;
	uint64_t mid;
	struct rop_blob body = utf16(c, body_text);

	/* MS-OXCSTOR 2.2.1.1.3: Reserved|OwnerRight|SendAsRight */
	ck_assert_uint_eq(l.ResponseFlags & 0x07, 0x07);
	/* MS-OXCDATA 2.2.1.1: a FID is ReplId (2 bytes) + GlobalCounter */
	ck_assert_uint_eq(l.FolderIds[4] & 0xffff, l.ReplId);

	open_folder(c, 0, 1, l.FolderIds[4]);          /* Inbox */
	ck_assert_uint_eq(contents_count(c, 1, 2), 0);
	open_folder(c, 0, 3, l.FolderIds[5]);          /* Outbox */
	open_folder(c, 0, 9, l.FolderIds[6]);          /* Sent Items */
	sent_before = contents_count(c, 9, 10);
	release(c, 10);

	r = rq(c, ROP_ID_CREATEMESSAGE, 3, 4);
	r->u.CreateMessage.CodePageId = 0x0FFF;
	r->u.CreateMessage.FolderId = l.FolderIds[5];
	mid = ok(c, r)->u.CreateMessage.MessageId;
	ck_assert_uint_eq(mid & 0xffff, l.ReplId);

	set_prop(c, 4, PR_SUBJECT, (struct rop_propval) { .bin = utf16(c, "Quarterly report") });

	add_recipient(c, 4, "bob@example.com", "Bob");

	open_stream(c, 4, 5, PR_BODY, 0x02, &size);    /* Create */
	ck_assert_uint_eq(size, 0);
	write_stream(c, 5, body.data, body.length);
	release(c, 5);

	r = rq(c, ROP_ID_CREATEATTACHMENT, 4, 6);
	ck_assert_uint_eq(ok(c, r)->u.CreateAttachment.AttachmentID, 0);
	set_prop(c, 6, PR_ATTACH_METHOD, (struct rop_propval) { .u = 1 });  /* afByValue */
	open_stream(c, 6, 7, PR_ATTACH_DATA_BIN, 0x02, &size);
	write_stream(c, 7, attachment, ATTACH_SIZE);
	release(c, 7);
	r = rq(c, ROP_ID_SAVECHANGESATTACHMENT, 6, 6);
	ok(c, r);
	release(c, 6);

	r = rq(c, ROP_ID_SAVECHANGESMESSAGE, 4, 4);
	r->u.SaveChangesMessage.SaveFlags = 0x02;      /* KeepOpenReadWrite */
	ck_assert_uint_eq(ok(c, r)->u.SaveChangesMessage.MessageId, mid);
	ck_assert_uint_eq(contents_count(c, 3, 8), 1); /* saved in the Outbox */

	ok(c, rq(c, ROP_ID_SUBMITMESSAGE, 4, 0));
	release(c, 4);
	ck_assert_uint_eq(contents_count(c, 3, 8), 0); /* gone from the Outbox */
	ck_assert_uint_eq(contents_count(c, 9, 10), sent_before + 1);
	talloc_free(c);
}

/* bob: find it in the Inbox, read recipients, body and attachment. */
static void bob_reads(struct emsmdb_store *st, bool already_read)
{
	struct client *c = client_new(NULL, st, BOB);
	struct rop_Logon_rsp l = logon(c, BOB, 0);
	struct rop_request *r;
	struct rop_QueryRows_rsp q;
	struct rop_OpenMessage_rsp om;
	struct rop_ReadRecipients_rsp rr;
	uint32_t cols[4] = { PR_MID, PR_SUBJECT, PR_MESSAGE_FLAGS, PR_HASATTACH };
	struct rop_blob subject = utf16(c, "Quarterly report"), body = utf16(c, body_text);
	uint64_t mid;
	uint32_t size;
	uint8_t *got;

	open_folder(c, 0, 1, l.FolderIds[4]);
	ck_assert_uint_eq(contents_count(c, 1, 2), 1);
	r = rq(c, ROP_ID_SETCOLUMNS, 2, 0);
	r->u.SetColumns.PropertyTagCount = 4;
	r->u.SetColumns.PropertyTags = cols;
	ok(c, r);
	r = rq(c, ROP_ID_QUERYROWS, 2, 0);
	r->u.QueryRows.ForwardRead = 1;
	r->u.QueryRows.RowCount = 10;
	q = ok(c, r)->u.QueryRows;
	ck_assert_uint_eq(q.RowCount, 1);
	ck_assert_uint_eq(q.Origin, 2);                 /* BOOKMARK_END */
	ck_assert_uint_eq(q.RowData[0].flag, 0);        /* every column present */
	mid = q.RowData[0].values[0].value.u;
	ck_assert(blob_is(&q.RowData[0].values[1].value.bin, &subject));
	ck_assert_uint_eq(q.RowData[0].values[2].value.u & 0x01, already_read); /* mfRead */
	ck_assert_uint_eq(q.RowData[0].values[3].value.u, 1);

	r = rq(c, ROP_ID_OPENMESSAGE, 1, 3);
	r->u.OpenMessage.CodePageId = 0x0FFF;
	r->u.OpenMessage.FolderId = l.FolderIds[4];
	r->u.OpenMessage.MessageId = mid;
	om = ok(c, r)->u.OpenMessage;
	ck_assert_uint_eq(om.RecipientCount, 1);
	ck_assert_uint_eq(om.NormalizedSubject.string_type, 4);
	ck_assert(blob_is(&om.NormalizedSubject.string, &subject));
	ck_assert_uint_eq(om.RowCount, 1);
	ck_assert_uint_eq(om.RecipientRows[0].RecipientType, 1);
	ck_assert(blob_is(&om.RecipientRows[0].RecipientRow.display_name, &(struct rop_blob){ utf16(c, "Bob").data, 6 }));

	r = rq(c, ROP_ID_READRECIPIENTS, 3, 0);
	rr = ok(c, r)->u.ReadRecipients;
	ck_assert_uint_eq(rr.RowCount, 1);
	ck_assert_uint_eq(rr.RecipientRows[0].RecipientRow.flags & 0x0007, 0x0003); /* SMTP */
	{
		struct rop_blob e = utf16(c, "bob@example.com");
		ck_assert(blob_is(&rr.RecipientRows[0].RecipientRow.email_address, &e));
		ck_assert(rr.RecipientRows[0].RecipientRow.decoded);
		ck_assert(blob_is(&rr.RecipientRows[0].RecipientRow.properties.values[0].value.bin, &e));
	}

	open_stream(c, 3, 4, PR_BODY, 0x00, &size);
	ck_assert_uint_eq(size, body.length);
	got = read_stream(c, 4, body.length, BIG);
	ck_assert(memcmp(got, body.data, body.length) == 0);
	release(c, 4);

	r = rq(c, ROP_ID_OPENATTACHMENT, 3, 5);
	r->u.OpenAttachment.AttachmentID = 0;
	ok(c, r);
	open_stream(c, 5, 6, PR_ATTACH_DATA_BIN, 0x00, &size);
	ck_assert_uint_eq(size, ATTACH_SIZE);
	/* a small rgbOut: ReadStream answers what fits */
	got = read_stream(c, 6, ATTACH_SIZE, 0x1000);
	ck_assert(memcmp(got, attachment, ATTACH_SIZE) == 0);

	r = rq(c, ROP_ID_SETMESSAGEREADFLAG, 3, 0);
	r->logon_id = 0;
	ok(c, r);
	talloc_free(c);
}

START_TEST(test_alice_sends_bob_reads)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct emsmdb_store *st = open_store(mem);
	alice_sends(st);
	bob_reads(st, false);
	talloc_free(mem);

	/* Persistence: a new process opening the store sees it all, and
	 * the read flag bob set. */
	mem = talloc_new(NULL);
	st = open_store(mem);
	bob_reads(st, true);
	talloc_free(mem);
}
END_TEST

START_TEST(test_hostile)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct emsmdb_store *st = open_store(mem);
	struct client *c = client_new(mem, st, ALICE);
	struct rop_Logon_rsp l = logon(c, ALICE, 0);
	struct rop_request *r, *two[2];
	struct rop_response_buffer *rsp;
	uint32_t size, before;
	DATA_BLOB in, out;
	struct rop_request_buffer req;
	int i;

	open_folder(c, 0, 1, l.FolderIds[4]);
	before = contents_count(c, 1, 2);

	/* MS-OXCROPS 3.2.5.1: an input index naming no object: ecNullObject */
	r = rq(c, ROP_ID_OPENFOLDER, 9, 3);
	r->u.OpenFolder.FolderId = l.FolderIds[4];
	ck_assert_uint_eq(rv(c, r), ecNullObject);
	/* an index past the handle table */
	r = rq(c, ROP_ID_GETCONTENTSTABLE, 200, 3);
	ck_assert_uint_eq(rv(c, r), ecNullObject);
	/* an output index past the handle table */
	r = rq(c, ROP_ID_GETCONTENTSTABLE, 1, 200);
	ck_assert_uint_eq(rv(c, r), ecInvalidParam);
	/* ROPs on a released handle */
	release(c, 1);
	r = rq(c, ROP_ID_GETCONTENTSTABLE, 1, 3);
	ck_assert_uint_eq(rv(c, r), ecNullObject);
	/* releasing twice or a bad index: still no response, no crash */
	release(c, 1);
	release(c, 250);
	/* a ROP on the wrong kind of object */
	r = rq(c, ROP_ID_QUERYROWS, 0, 0);
	r->u.QueryRows.RowCount = 1;
	ck_assert_uint_eq(rv(c, r), ecNotSupported);
	/* a logon to another user's mailbox */
	r = rq(c, ROP_ID_LOGON, 5, 0);
	r->u.Logon.LogonFlags = 0x01;
	r->u.Logon.Essdn = (struct rop_blob) { (uint8_t *)BOB, strlen(BOB) + 1 };
	r->u.Logon.EssdnSize = strlen(BOB) + 1;
	ck_assert_uint_eq(rv(c, r), ecLoginPerm);
	/* a message that is not there */
	open_folder(c, 0, 1, l.FolderIds[4]);
	r = rq(c, ROP_ID_OPENMESSAGE, 1, 3);
	r->u.OpenMessage.FolderId = l.FolderIds[4];
	r->u.OpenMessage.MessageId = 0x0001123456789ABCull;
	ck_assert_uint_eq(rv(c, r), ecNotFound);
	/* a ROP outside issue 7's list */
	r = rq(c, ROP_ID_GETSTATUS, 2, 0);
	ck_assert_uint_eq(rv(c, r), ecNotSupported);
	/* stream positions out of range; writing a read-only stream */
	open_folder(c, 0, 4, l.FolderIds[4]);
	open_stream(c, 4, 5, PR_DISPLAY_NAME, 0x00, &size);
	r = rq(c, ROP_ID_SEEKSTREAM, 5, 0);
	r->u.SeekStream.Origin = 1;
	r->u.SeekStream.Offset = (uint64_t)-100;
	ck_assert_uint_eq(rv(c, r), ecStreamSeekError);
	r->u.SeekStream.Offset = 0x100000000ull;
	ck_assert_uint_eq(rv(c, r), ecStreamSeekError);
	r = rq(c, ROP_ID_WRITESTREAM, 5, 0);
	r->u.WriteStream.Data = (struct rop_blob) { (uint8_t *)"xx", 2 };
	r->u.WriteStream.DataSize = 2;
	ck_assert_uint_eq(rv(c, r), ecStreamAccessDenied);
	/* SeekRow far past either end: clamped, HasSoughtLess */
	r = rq(c, ROP_ID_SEEKROW, 2, 0);
	r->u.SeekRow.Origin = 0;
	r->u.SeekRow.RowCount = 0x7FFFFFFF;
	ck_assert_uint_eq(ok(c, r)->u.SeekRow.HasSoughtLess, 1);
	/* QueryRows before SetColumns: MS-OXCTABL 3.2.5.5 */
	r = rq(c, ROP_ID_QUERYROWS, 2, 0);
	r->u.QueryRows.RowCount = 5;
	ck_assert_uint_eq(rv(c, r), ecNullObject);

	/* A response limit too small for even the first answer: nothing is
	 * processed, and the caller learns how much it needs. */
	two[0] = rq(c, ROP_ID_GETCONTENTSTABLE, 1, 6);
	two[1] = rq(c, ROP_ID_GETCONTENTSTABLE, 1, 7);
	rsp = run_n(c, two, 2, 2 + 4 * NH + 10);
	ck_assert_uint_eq(rsp->num_rops, 0);
	ck_assert_uint_eq(c->result.first_unprocessed, 0);
	ck_assert_uint_gt(c->result.size_needed, 2 + 4 * NH + 10);

	/* Corrupt buffers: RopSize past the end, truncated ROPs, and
	 * every single-byte change of a real request. */
	ck_assert(!NT_STATUS_IS_OK(emsmdb_rop_process_blob(c->sess, (const uint8_t *)"\xff\x00", 2,
							   BIG, mem, &out, &c->result)));
	r = rq(c, ROP_ID_SETCOLUMNS, 2, 0);
	{
		uint32_t cols[2] = { PR_SUBJECT, PR_MID };
		r->u.SetColumns.PropertyTagCount = 2;
		r->u.SetColumns.PropertyTags = cols;
		two[0] = r;
		two[1] = rq(c, ROP_ID_QUERYROWS, 2, 0);
		two[1]->u.QueryRows.RowCount = 50;
		two[1]->u.QueryRows.ForwardRead = 1;
		req = (struct rop_request_buffer) { .num_rops = 2, .rops = two,
						    .num_handles = NH, .handles = c->handles };
		ck_assert(NT_STATUS_IS_OK(rop_request_buffer_push(mem, &req, &in)));
	}
	for (i = 0; i < (int)in.length * 8; i++) {
		DATA_BLOB bad = data_blob_talloc(mem, in.data, in.length);
		bad.data[i / 8] ^= (uint8_t)(1u << (i % 8));
		emsmdb_rop_process_blob(c->sess, bad.data, bad.length, BIG, mem, &out, &c->result);
		emsmdb_rop_process_blob(c->sess, bad.data, i % (in.length ? in.length : 1), BIG,
					mem, &out, &c->result);
		data_blob_free(&bad);
	}
	/* nothing above changed the Inbox (a fresh session: a mutated
	 * buffer may well have been a valid RopRelease of the logon) */
	c = client_new(mem, st, ALICE);
	l = logon(c, ALICE, 0);
	open_folder(c, 0, 1, l.FolderIds[4]);
	ck_assert_uint_eq(contents_count(c, 1, 2), before);
	talloc_free(mem);
}
END_TEST

START_TEST(test_named_properties)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct emsmdb_store *st = open_store(mem);
	struct client *c = client_new(mem, st, ALICE);
	struct rop_request *r;
	struct rop_property_name names[2] = {
		{ .kind = 0x00, .lid = 0x8501,   /* PSETID_Common, PidLidReminderDelta */
		  .guid = { 0x08, 0x20, 0x06, 0x00, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46 } },
		{ .kind = 0x01, .name_size = 8, .name = utf16(c, "Foo"),
		  .guid = { 0x29, 0x03, 0x02, 0x00, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46 } },
	};
	struct rop_GetPropertyIdsFromNames_rsp ids;
	struct rop_GetNamesFromPropertyIds_rsp back;

	names[1].name.length = 8;  /* with its terminator (MS-OXCDATA 2.6.1) */
	logon(c, ALICE, 0);
	r = rq(c, ROP_ID_GETPROPERTYIDSFROMNAMES, 0, 0);
	r->u.GetPropertyIdsFromNames.PropertyNameCount = 2;
	r->u.GetPropertyIdsFromNames.PropertyNames = names;
	ids = ok(c, r)->u.GetPropertyIdsFromNames;
	ck_assert_uint_eq(ids.PropertyIds[0], 0);  /* not created without MNID_CREATE */
	r->u.GetPropertyIdsFromNames.Flags = 0x02;
	ids = ok(c, r)->u.GetPropertyIdsFromNames;
	ck_assert_uint_ge(ids.PropertyIds[0], 0x8000);
	ck_assert_uint_ge(ids.PropertyIds[1], 0x8000);
	ck_assert_uint_ne(ids.PropertyIds[0], ids.PropertyIds[1]);
	r = rq(c, ROP_ID_GETNAMESFROMPROPERTYIDS, 0, 0);
	r->u.GetNamesFromPropertyIds.PropertyIdCount = 2;
	r->u.GetNamesFromPropertyIds.PropertyIds = ids.PropertyIds;
	back = ok(c, r)->u.GetNamesFromPropertyIds;
	ck_assert_uint_eq(back.PropertyNames[0].kind, 0);
	ck_assert_uint_eq(back.PropertyNames[0].lid, 0x8501);
	ck_assert_uint_eq(back.PropertyNames[1].kind, 1);
	ck_assert(blob_is(&back.PropertyNames[1].name, &names[1].name));
	talloc_free(mem);
}
END_TEST

/* ------------------------------------------------------------ notifications */

#define NT_NEW_MAIL 0x02
#define NT_CREATED 0x04
#define NT_DELETED 0x08
#define NT_MODIFIED 0x10

/* Subscriptions and their scopes, the queue, RopNotify as bytes,
 * unsubscribing by RopRelease (MS-OXCNOTIF 3.1.5, MS-OXCROPS 2.2.14). */
START_TEST(test_notifications)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct emsmdb_store *st = open_store(mem);
	struct client *bob = client_new(mem, st, BOB);
	struct rop_Logon_rsp l = logon(bob, BOB, 0);
	struct rop_response_buffer *n;
	const struct rop_notification *d;
	struct rop_blob cls = utf16(mem, "IPM.Note");
	struct rop_request *r;
	uint64_t inbox = l.FolderIds[4];

	/* an unknown folder is refused, no types at all too */
	r = rq(bob, ROP_ID_REGISTERNOTIFICATION, 0, 1);
	r->u.RegisterNotification.NotificationTypes = NT_NEW_MAIL;
	r->u.RegisterNotification.FolderId = inbox + 0x10000000000ULL;
	ck_assert_uint_eq(rv(bob, r), ecNotFound);
	r = rq(bob, ROP_ID_REGISTERNOTIFICATION, 0, 1);
	r->u.RegisterNotification.WantWholeStore = 1;
	ck_assert_uint_eq(rv(bob, r), ecInvalidParam);

	subscribe(bob, 1, NT_NEW_MAIL, false, inbox);
	subscribe(bob, 2, NT_CREATED | NT_DELETED, true, 0);
	subscribe(bob, 3, NT_CREATED | NT_MODIFIED, false, l.FolderIds[5]);  /* Outbox */
	ck_assert(!emsmdb_session_notify_pending(bob->sess));

	alice_sends(st);
	ck_assert(emsmdb_session_notify_pending(bob->sess));
	/* too little room: nothing goes, nothing is lost */
	n = take_notifications(bob, 10);
	ck_assert_uint_eq(n->num_rops, 0);
	ck_assert(emsmdb_session_notify_pending(bob->sess));

	/* in the order of the events: the Inbox got a message (the whole
	 * store subscription), then NewMail for the Inbox subscription; the
	 * Outbox subscription saw nothing of bob's */
	n = take_notifications(bob, BIG);
	ck_assert_uint_eq(n->num_rops, 2);
	ck_assert_uint_eq(n->rops[0]->rop_id, ROP_ID_NOTIFY);
	ck_assert_uint_eq(n->rops[0]->u.Notify.NotificationHandle, bob->handles[2]);
	d = &n->rops[0]->u.Notify.NotificationData;
	ck_assert(d->decoded);
	ck_assert_uint_eq(d->flags, 0x8004);   /* ObjectCreated, M */
	ck_assert_uint_eq(d->fid, inbox);
	ck_assert_uint_eq(d->tag_count, 0);
	ck_assert_uint_eq(n->rops[1]->u.Notify.NotificationHandle, bob->handles[1]);
	ck_assert_uint_eq(n->rops[1]->u.Notify.LogonId, 0);
	d = &n->rops[1]->u.Notify.NotificationData;
	ck_assert_uint_eq(d->flags, 0x8002);   /* NewMail, M */
	ck_assert_uint_eq(d->fid, inbox);
	ck_assert_uint_eq(d->mid, n->rops[0]->u.Notify.NotificationData.mid);
	ck_assert_uint_eq(d->unicode_flag, 1);
	ck_assert(blob_is(&d->message_class, &cls));
	ck_assert(!emsmdb_session_notify_pending(bob->sess));

	/* bob deletes it: the whole-store subscription hears; after its
	 * RopRelease, nothing more is queued for it, and what was queued
	 * for it is dropped */
	open_folder(bob, 0, 4, inbox);
	r = rq(bob, ROP_ID_DELETEMESSAGES, 4, 0);
	r->u.DeleteMessages.MessageIdCount = 1;
	r->u.DeleteMessages.MessageIds = talloc_array(mem, uint64_t, 1);
	r->u.DeleteMessages.MessageIds[0] = n->rops[1]->u.Notify.NotificationData.mid;
	ok(bob, r);
	ck_assert(emsmdb_session_notify_pending(bob->sess));
	release(bob, 2);
	n = take_notifications(bob, BIG);
	ck_assert_uint_eq(n->num_rops, 0);
	alice_sends(st);
	n = take_notifications(bob, BIG);
	ck_assert_uint_eq(n->num_rops, 1);
	ck_assert_uint_eq(n->rops[0]->u.Notify.NotificationData.flags, 0x8002);

	/* a subscription made now does not hear of the past */
	subscribe(bob, 5, NT_NEW_MAIL, true, 0);
	ck_assert(!emsmdb_session_notify_pending(bob->sess));
	talloc_free(mem);
}
END_TEST

struct wait_result {
	bool done;
	uint32_t flags, ec;
};

static void wait_done(struct tevent_req *req)
{
	struct wait_result *w = tevent_req_callback_data_void(req);
	ck_assert(NT_STATUS_IS_OK(emsmdb_wait_recv(req, &w->flags, &w->ec)));
	w->done = true;
	talloc_free(req);
}

static void wait_start(TALLOC_CTX *mem, struct tevent_context *ev, struct emsmdb_waits *w,
		       struct client *c, struct wait_result *res)
{
	struct tevent_req *req = emsmdb_wait_send(mem, ev, w, c->sess, NULL, NULL);
	ck_assert(req != NULL);
	*res = (struct wait_result) { 0 };
	tevent_req_set_callback(req, wait_done, res);
}

static bool client_left(void *private_data)
{
	return *(bool *)private_data;
}

static void loop_until(struct tevent_context *ev, const struct wait_result *res)
{
	while (!res->done) ck_assert_int_eq(tevent_loop_once(ev), 0);
}

/* EcDoAsyncWaitEx's wait (MS-OXCRPC 3.3.4.1, MS-OXCNOTIF 3.1.5.3). */
START_TEST(test_async_wait)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct tevent_context *ev = tevent_context_init(mem);
	struct emsmdb_store *st = open_store(mem);
	/* 300 ms: the idle case below ends by itself */
	struct emsmdb_waits *w = emsmdb_waits_new(mem, ev, st, 300);
	struct client *bob = client_new(mem, st, BOB);
	struct rop_Logon_rsp l = logon(bob, BOB, 0);
	struct wait_result first, second;

	ck_assert(ev != NULL && w != NULL);
	subscribe(bob, 1, NT_NEW_MAIL, false, l.FolderIds[4]);

	/* a second wait of the session is rejected, the first stays */
	wait_start(mem, ev, w, bob, &first);
	wait_start(mem, ev, w, bob, &second);
	loop_until(ev, &second);
	ck_assert_uint_eq(second.ec, EMSMDB_EC_REJECTED);
	ck_assert_uint_eq(second.flags, 0);
	ck_assert(!first.done);
	ck_assert_uint_eq(emsmdb_waits_count(w), 1);

	/* a delivery in this process wakes it (never from inside the
	 * commit: the callback waits for the loop) */
	alice_sends(st);
	ck_assert(!first.done);
	loop_until(ev, &first);
	ck_assert_uint_eq(first.flags, EMSMDB_NOTIFICATION_PENDING);
	ck_assert_uint_eq(first.ec, 0);
	/* something is pending: the next wait answers at once */
	wait_start(mem, ev, w, bob, &first);
	loop_until(ev, &first);
	ck_assert_uint_eq(first.flags, EMSMDB_NOTIFICATION_PENDING);
	ck_assert_uint_eq(emsmdb_session_add_notifications(bob->sess,
			  talloc_zero(mem, struct rop_response_buffer), BIG), 1);

	/* nothing happens: the timeout ends it, no flag, no error */
	wait_start(mem, ev, w, bob, &first);
	loop_until(ev, &first);
	ck_assert_uint_eq(first.flags, 0);
	ck_assert_uint_eq(first.ec, 0);

	/* the session ends: as for an invalid ACXH */
	wait_start(mem, ev, w, bob, &first);
	emsmdb_waits_session_ended(w, bob->sess);
	loop_until(ev, &first);
	ck_assert_uint_eq(first.flags, EMSMDB_NOTIFICATION_PENDING);
	ck_assert_uint_eq(first.ec, EMSMDB_EC_REJECTED);
	ck_assert_uint_eq(emsmdb_waits_count(w), 0);

	/* its client left: the wait ends (as a timeout) at the next ask, long
	 * before the wait timeout, and stops being asked */
	{
		struct emsmdb_waits *slow = emsmdb_waits_new(mem, ev, st, 3600 * 1000);
		struct tevent_req *req;
		bool gone = false;

		ck_assert(slow != NULL);
		req = emsmdb_wait_send(mem, ev, slow, bob->sess, client_left, &gone);
		ck_assert(req != NULL);
		first = (struct wait_result) { 0 };
		tevent_req_set_callback(req, wait_done, &first);
		ck_assert_int_eq(tevent_loop_once(ev), 0);	/* the first ask */
		ck_assert(!first.done);
		gone = true;
		loop_until(ev, &first);
		ck_assert_uint_eq(first.flags, 0);
		ck_assert_uint_eq(first.ec, 0);
		ck_assert_uint_eq(emsmdb_waits_count(slow), 0);
		talloc_free(slow);
	}

	/* a wait freed with its call leaves nothing behind */
	ck_assert(emsmdb_wait_send(bob, ev, w, bob->sess, NULL, NULL) != NULL);
	ck_assert_uint_eq(emsmdb_waits_count(w), 1);
	talloc_free(bob);
	ck_assert_uint_eq(emsmdb_waits_count(w), 0);
	talloc_free(mem);
}
END_TEST

static void setup(void)
{
	size_t i;

	store_dir_setup();
	attachment = malloc(ATTACH_SIZE);
	for (i = 0; i < ATTACH_SIZE; i++) attachment[i] = (uint8_t)(i * 2654435761u >> 13);
}

static void teardown(void)
{
	store_dir_teardown();
	free(attachment);
}

int main(void)
{
	Suite *s = suite_create("emsmdb_store");
	TCase *tc = tcase_create("session");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_alice_sends_bob_reads);
	tcase_add_test(tc, test_hostile);
	tcase_add_test(tc, test_named_properties);
	tcase_add_test(tc, test_notifications);
	tcase_add_test(tc, test_async_wait);
	suite_add_tcase(s, tc);
	return check_main(s);
}

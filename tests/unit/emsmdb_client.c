/*
 * A ROP client of the EMSMDB mailbox store for the unit suites: requests
 * built with the ROP layer's structures, answered by
 * emsmdb_rop_process_blob(), the answers parsed back with a client-side
 * decoding state, and the RopNotify responses a session would send.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include <check.h>
#include <string.h>
#include <strings.h>
#include "emsmdb_client.h"

#define PR_SUBJECT 0x0037001F
#define PR_SMTP_ADDRESS 0x39FE001F

static char *resolve(TALLOC_CTX *mem, void *priv, const struct emsmdb_recipient *r)
{
	(void)priv;
	if (r->email_address && strcasecmp(r->email_address, "bob@example.com") == 0) {
		return talloc_strdup(mem, BOB);
	}
	return NULL;
}

struct client *client_new(TALLOC_CTX *mem, struct emsmdb_store *st, const char *dn)
{
	struct client *c = talloc_zero(mem, struct client);
	int i;
	c->mem = c;
	c->sess = emsmdb_session_new(c, st, dn, resolve, NULL);
	c->state = rop_state_new(c);
	ck_assert(c->sess != NULL && c->state != NULL);
	for (i = 0; i < NH; i++) c->handles[i] = 0xFFFFFFFF;
	return c;
}

struct rop_request *rq(struct client *c, uint8_t id, uint8_t h0, uint8_t h1)
{
	struct rop_request *r = talloc_zero(c->mem, struct rop_request);
	r->rop_id = id;
	r->handle_idx[0] = h0;
	r->handle_idx[1] = h1;
	return r;
}

/* Run the ROPs through the store as bytes; the parsed answer. */
struct rop_response_buffer *run_n(struct client *c, struct rop_request **rops,
					 uint32_t n, uint32_t max)
{
	struct rop_request_buffer req = { .num_rops = n, .rops = rops,
					  .num_handles = NH, .handles = c->handles };
	struct rop_response_buffer *rsp;
	DATA_BLOB in, out;

	ck_assert(NT_STATUS_IS_OK(rop_request_buffer_push(c->mem, &req, &in)));
	ck_assert(NT_STATUS_IS_OK(emsmdb_rop_process_blob(c->sess, in.data, in.length, max,
							  c->mem, &out, &c->result)));
	ck_assert_uint_le(out.length, max);
	ck_assert(NT_STATUS_IS_OK(rop_response_buffer_pull(c->mem, out.data, out.length,
							   &req, c->state, &rsp)));
	ck_assert_uint_eq(rsp->num_handles, NH);
	memcpy(c->handles, rsp->handles, sizeof(c->handles));
	return rsp;
}

struct rop_response *run(struct client *c, struct rop_request *r)
{
	struct rop_response_buffer *rsp = run_n(c, &r, 1, BIG);
	ck_assert_uint_eq(rsp->num_rops, 1);
	ck_assert_uint_eq(rsp->rops[0]->rop_id, r->rop_id);
	return rsp->rops[0];
}

/* The ReturnValue of one ROP. */
uint32_t rv(struct client *c, struct rop_request *r)
{
	return run(c, r)->return_value;
}

struct rop_response *ok(struct client *c, struct rop_request *r)
{
	struct rop_response *p = run(c, r);
	ck_assert_msg(p->return_value == 0, "ROP 0x%02x failed: 0x%08x", r->rop_id, p->return_value);
	return p;
}

void release(struct client *c, uint8_t idx)
{
	struct rop_request *r = rq(c, ROP_ID_RELEASE, idx, 0);
	struct rop_response_buffer *rsp = run_n(c, &r, 1, BIG);
	ck_assert_uint_eq(rsp->num_rops, 0);  /* RopRelease has no response */
}

struct rop_blob utf16(TALLOC_CTX *mem, const char *s)
{
	size_t i, n = strlen(s);
	struct rop_blob b = { talloc_zero_array(mem, uint8_t, 2 * n + 2), 2 * n };
	for (i = 0; i < n; i++) b.data[2 * i] = (uint8_t)s[i];
	return b;
}

bool blob_is(const struct rop_blob *b, const struct rop_blob *want)
{
	return b->length == want->length && memcmp(b->data, want->data, b->length) == 0;
}

struct rop_Logon_rsp logon(struct client *c, const char *dn, uint8_t out)
{
	struct rop_request *r = rq(c, ROP_ID_LOGON, out, 0);
	r->u.Logon.LogonFlags = 0x01;               /* Private */
	r->u.Logon.OpenFlags = 0x01000000;          /* USE_PER_MDB_REPLID_MAPPING */
	/* EssdnSize counts the terminating NUL (MS-OXCROPS 2.2.3.1.1) */
	r->u.Logon.Essdn = (struct rop_blob) { (uint8_t *)dn, strlen(dn) + 1 };
	r->u.Logon.EssdnSize = strlen(dn) + 1;
	return ok(c, r)->u.Logon;
}

void open_folder(struct client *c, uint8_t in, uint8_t out, uint64_t fid)
{
	struct rop_request *r = rq(c, ROP_ID_OPENFOLDER, in, out);
	r->u.OpenFolder.FolderId = fid;
	ok(c, r);
}

uint32_t contents_count(struct client *c, uint8_t folder, uint8_t out)
{
	struct rop_request *r = rq(c, ROP_ID_GETCONTENTSTABLE, folder, out);
	return ok(c, r)->u.GetContentsTable.RowCount;
}

void set_prop(struct client *c, uint8_t obj, uint32_t tag, struct rop_propval v)
{
	struct rop_request *r = rq(c, ROP_ID_SETPROPERTIES, obj, 0);
	struct rop_tagged_value *tv = talloc_zero(c->mem, struct rop_tagged_value);
	tv->tag = tag;
	tv->value = v;
	tv->value.type = tag & 0xffff;
	r->u.SetProperties.PropertyValueCount = 1;
	r->u.SetProperties.PropertyValues = tv;
	ck_assert_uint_eq(ok(c, r)->u.SetProperties.PropertyProblemCount, 0);
}

uint64_t new_message(struct client *c, uint8_t folder, uint8_t out, uint64_t fid,
		     const char *subject, bool fai)
{
	struct rop_request *r = rq(c, ROP_ID_CREATEMESSAGE, folder, out);
	uint64_t mid;

	r->u.CreateMessage.CodePageId = 0x0FFF;
	r->u.CreateMessage.FolderId = fid;
	r->u.CreateMessage.AssociatedFlag = fai;
	ok(c, r);
	set_prop(c, out, PR_SUBJECT, (struct rop_propval) { .bin = utf16(c->mem, subject) });
	r = rq(c, ROP_ID_SAVECHANGESMESSAGE, out, out);
	r->u.SaveChangesMessage.SaveFlags = 0x02;       /* KeepOpenReadWrite */
	mid = ok(c, r)->u.SaveChangesMessage.MessageId;
	release(c, out);
	return mid;
}

void add_recipient(struct client *c, uint8_t msg, const char *smtp, const char *name)
{
	struct rop_request *r = rq(c, ROP_ID_MODIFYRECIPIENTS, msg, 0);
	uint32_t *cols = talloc_array(c->mem, uint32_t, 1);
	struct rop_ModifyRecipientRow *row = talloc_zero(c->mem, struct rop_ModifyRecipientRow);
	struct rop_rowval *cell = talloc_zero(c->mem, struct rop_rowval);

	cols[0] = PR_SMTP_ADDRESS;
	cell->value = (struct rop_propval) { .type = 0x001F, .bin = utf16(c->mem, smtp) };
	row->RowId = 0;
	row->RecipientType = 0x01;                      /* To */
	/* SMTP type with E, D and U (MS-OXCDATA 2.8.3.1) */
	row->RecipientRow = (struct rop_recipient_row) {
		.flags = 0x0003 | 0x0008 | 0x0010 | 0x0200,
		.email_address = utf16(c->mem, smtp),
		.display_name = utf16(c->mem, name),
		.column_count = 1, .decoded = true,
		.properties = { .flag = 0, .ncols = 1, .columns = cols, .values = cell } };
	r->u.ModifyRecipients.ColumnCount = 1;
	r->u.ModifyRecipients.RecipientColumns = cols;
	r->u.ModifyRecipients.RowCount = 1;
	r->u.ModifyRecipients.RecipientRows = row;
	ok(c, r);
}

void delete_messages(struct client *c, uint8_t folder, const uint64_t *mids, uint16_t n)
{
	struct rop_request *r = rq(c, ROP_ID_DELETEMESSAGES, folder, 0);
	r->u.DeleteMessages.MessageIdCount = n;
	r->u.DeleteMessages.MessageIds = discard_const_p(uint64_t, mids);
	ck_assert_uint_eq(ok(c, r)->u.DeleteMessages.PartialCompletion, 0);
}

void subscribe(struct client *c, uint8_t out, uint8_t types, bool whole, uint64_t fid)
{
	struct rop_request *r = rq(c, ROP_ID_REGISTERNOTIFICATION, 0, out);
	r->u.RegisterNotification.NotificationTypes = types;
	r->u.RegisterNotification.WantWholeStore = whole;
	r->u.RegisterNotification.FolderId = fid;
	ok(c, r);
}

/* What the session would send now, as a client would parse it. */
struct rop_response_buffer *take_notifications(struct client *c, uint32_t room)
{
	struct rop_response_buffer *rsp = talloc_zero(c->mem, struct rop_response_buffer);
	static const struct rop_request_buffer none;
	struct rop_response_buffer *parsed;
	DATA_BLOB blob;

	emsmdb_session_add_notifications(c->sess, rsp, room);
	ck_assert(NT_STATUS_IS_OK(rop_response_buffer_push(c->mem, rsp, &blob)));
	ck_assert_uint_le(blob.length - 2, room);
	/* RopNotify answers no request (MS-OXCROPS 2.2.14.2) */
	ck_assert(NT_STATUS_IS_OK(rop_response_buffer_pull(c->mem, blob.data, blob.length,
							   &none, c->state, &parsed)));
	ck_assert_uint_eq(parsed->num_rops, rsp->num_rops);
	return parsed;
}

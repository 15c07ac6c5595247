/*
 * Notifications the way Outlook waits for them (MS-OXCNOTIF 3.2.5,
 * MS-OXCRPC 3.3.4.1).
 *
 * notify: bob logs on, registers for NewMail on his Inbox, opens an ACXH
 * and, on a second connection in the same association group (as Outlook
 * does), starts EcDoAsyncWaitEx.  A second wait of the session (on a
 * third connection: a connection carries one call at a time unless the
 * client negotiated multiplexing) is rejected while the first stays
 * outstanding.  alice sends bob a message;
 * bob's wait completes with NotificationPending and his next EcDoRpcExt2
 * (no ROPs in it) carries RopNotify NewMail naming his subscription, his
 * Inbox and the message his Inbox now holds.  A wait outstanding at
 * EcDoDisconnect completes as the session goes.
 *
 * notify-idle: bob waits with nothing happening: the wait ends when the
 * server's emsmdb_async_wait_timeout passes (the test sets it short).
 *
 * notify-table: bob registers for nothing but reads his Inbox's contents
 * table (MS-OXCNOTIF 3.1.4.3: a table the client has a view of is
 * subscribed) and waits; alice sends him a message; the wait completes
 * and his next EcDoRpcExt2 carries RopNotify TableModified TableRowAdded
 * for the table, the row after the last one he read, its TableRowData
 * decoded with his columns.
 *
 * The transcript holds outcomes and comparisons only (no ids, times).
 */
#include "config.h"
#include <errno.h>
#include "tools/client/ems.h"
#include "gen_ndr/ndr_exchange_emsmdb_c.h"

#define NOTIFY_NEW_MAIL 0x02	/* NotificationTypes, MS-OXCROPS 2.2.14.1.1 */
#define SUB_INDEX 7		/* the subscription's handle index */
#define TABLE_FOLDER 8		/* notify-table: the Inbox and its contents table */
#define TABLE_INDEX 9
/* NotificationFlags TableModified|M, TableEventType (MS-OXCNOTIF 2.2.1.4.1.2) */
#define TABLE_MODIFIED_M 0x8100
#define TABLE_ROW_ADDED 0x0003

struct waiter {
	struct tevent_req *req;
	uint32_t flags;
	enum MAPISTATUS result;
	NTSTATUS status;
};

static bool wait_start(TALLOC_CTX *mem, struct client_ctx *c, struct dcerpc_pipe *async,
		       struct policy_handle acxh, struct waiter *w)
{
	*w = (struct waiter) { .status = NT_STATUS_PENDING };
	w->req = dcerpc_EcDoAsyncWaitEx_send(mem, c->ev, async->binding_handle, acxh, 0,
					     &w->flags);
	return w->req != NULL;
}

/* Run the loop until the wait is answered; its line in the transcript. */
static void wait_end(struct client_ctx *c, struct waiter *w, const char *what)
{
	if (w->req == NULL) {
		return;
	}
	if (!tevent_req_poll(w->req, c->ev)) {
		w->status = map_nt_error_from_unix_common(errno);
	} else {
		w->status = dcerpc_EcDoAsyncWaitEx_recv(w->req, w->req, &w->result);
	}
	client_say(c, "notify %s: status %s result 0x%08x flags 0x%08x", what,
		   nt_errstr(w->status), (unsigned)w->result, (unsigned)w->flags);
	TALLOC_FREE(w->req);
}

/* AsyncEMSMDB on its own connection, in the association group of e's. */
static struct dcerpc_pipe *async_pipe(struct ems *e)
{
	struct client_ctx *c = e->c;
	struct dcerpc_binding *b = NULL;
	struct dcerpc_pipe *p = NULL;
	NTSTATUS status;

	status = dcerpc_parse_binding(e->mem, c->binding, &b);
	if (NT_STATUS_IS_OK(status)) {
		status = dcerpc_binding_set_assoc_group_id(
			b, dcerpc_binding_get_assoc_group_id(e->p->binding));
	}
	if (NT_STATUS_IS_OK(status)) {
		status = dcerpc_pipe_connect_b(e->mem, &p, b, &ndr_table_exchange_async_emsmdb,
					       c->creds, c->ev, c->lp_ctx);
	}
	client_say(c, "notify AsyncEMSMDB connection in the same association group: %s",
		   nt_errstr(status));
	return NT_STATUS_IS_OK(status) ? p : NULL;
}

/* bob's ACXH (EcDoAsyncConnectEx) for session e. */
static bool async_connect(struct ems *e, struct policy_handle *acxh)
{
	enum MAPISTATUS result = 0;
	NTSTATUS status;

	status = dcerpc_EcDoAsyncConnectEx(e->p->binding_handle, e->mem, e->cxh, acxh,
					   &result);
	client_say(e->c, "notify EcDoAsyncConnectEx status %s result 0x%08x",
		   nt_errstr(status), (unsigned)result);
	return NT_STATUS_IS_OK(status) && result == 0;
}

/* bob's session up to a registered subscription and an ACXH. */
static struct rop_Logon_rsp *subscribe(struct ems *e, struct policy_handle *acxh)
{
	struct rop_Logon_rsp *l;
	struct rop_request *r;

	if (!ems_connect(e, e->c->user) || (l = ems_logon(e, e->c->user)) == NULL) {
		e->failed = true;
		return NULL;
	}
	r = ems_rq(e, ROP_ID_REGISTERNOTIFICATION, 0, SUB_INDEX);
	r->u.RegisterNotification.NotificationTypes = NOTIFY_NEW_MAIL;
	r->u.RegisterNotification.WantWholeStore = 0;
	r->u.RegisterNotification.FolderId = l->FolderIds[FOLDER_INBOX];
	r->u.RegisterNotification.MessageId = 0;
	client_say(e->c, "notify %s registers for NewMail on the Inbox: %s", e->c->user,
		   ems_ok(e, r) ? "ok" : "FAILED");
	if (!async_connect(e, acxh)) {
		e->failed = true;
		return NULL;
	}
	return l;
}

/* The id of the newest message of the Inbox (0 if none). */
static uint64_t newest_in_inbox(struct ems *e, const struct rop_Logon_rsp *l)
{
	struct rop_request *r = ems_rq(e, ROP_ID_OPENFOLDER, 0, 1);
	uint32_t cols[1] = { PR_MID };
	struct rop_QueryRows_rsp *q;
	uint64_t mid = 0;

	r->u.OpenFolder.FolderId = l->FolderIds[FOLDER_INBOX];
	ems_ok(e, r);
	ems_ok(e, ems_rq(e, ROP_ID_GETCONTENTSTABLE, 1, 2));
	if (ems_set_columns(e, 2, cols, 1) && (q = ems_query_rows(e, 2)) != NULL &&
	    q->RowCount > 0) {
		mid = q->RowData[q->RowCount - 1].values[0].value.u;
	}
	ems_ok(e, ems_rq(e, ROP_ID_RELEASE, 2, 0));
	ems_ok(e, ems_rq(e, ROP_ID_RELEASE, 1, 0));
	return mid;
}

/* An EcDoRpcExt2 without ROPs: what the server has to say; the RopNotify
 * responses it carried, described against what they should name. */
static uint32_t fetch_notifications(struct ems *e, const struct rop_Logon_rsp *l,
				    uint64_t *mid)
{
	struct rop_response_buffer *rsp = ems_rpc(e, NULL, 0);
	uint32_t i, n = 0;

	for (i = 0; rsp != NULL && i < rsp->num_rops; i++) {
		const struct rop_response *r = rsp->rops[i];
		const struct rop_notification *d = &r->u.Notify.NotificationData;

		if (r->rop_id != ROP_ID_NOTIFY) {
			client_say(e->c, "notify unexpected ROP 0x%02x", r->rop_id);
			continue;
		}
		n++;
		*mid = d->mid;
		client_say(e->c, "notify RopNotify: subscription's handle %s, logon %u, flags "
			   "0x%04x, decoded %s, Inbox %s, message class \"%s\" (unicode %u), "
			   "message flags 0x%08x",
			   r->u.Notify.NotificationHandle == e->handles[SUB_INDEX] ? "yes" : "no",
			   r->u.Notify.LogonId, d->flags, d->decoded ? "yes" : "no",
			   d->fid == l->FolderIds[FOLDER_INBOX] ? "yes" : "no",
			   d->unicode_flag ? ems_text(e->mem, &d->message_class) : "?",
			   d->unicode_flag, (unsigned)d->message_flags);
	}
	client_say(e->c, "notify the next ROP call carried %u RopNotify", n);
	return n;
}

/* The two sessions of a scenario where alice's message reaches bob:
 * the client runs as bob (--user2) except while alice sends. */
struct duo {
	struct ems bob, alice;
	struct cli_credentials *alice_creds;
	const char *alice_name, *bob_name;
};

static bool duo_begin(TALLOC_CTX *mem_ctx, struct client_ctx *c, const char *scenario,
		      struct duo *d)
{
	*d = (struct duo) {
		.bob = { .c = c, .flags = c->emsmdb_flags, .legacy = c->legacy },
		.alice_creds = c->creds, .alice_name = c->user,
	};
	d->alice = d->bob;
	if (c->creds2 == NULL || c->mail_domain == NULL) {
		fprintf(stderr, "mapiproxy-client: the %s scenario needs --user2 and "
			"--mail-domain\n", scenario);
		return false;
	}
	d->bob.mem = talloc_new(mem_ctx);
	d->alice.mem = talloc_new(mem_ctx);
	d->bob_name = cli_credentials_get_username(c->creds2);
	c->creds = c->creds2;
	c->user = d->bob_name;
	return true;
}

/* rc, or 1 if either session failed; the client is alice again. */
static int duo_end(struct duo *d, int rc)
{
	struct client_ctx *c = d->bob.c;

	rc |= d->bob.failed | d->alice.failed;
	talloc_free(d->bob.mem);
	talloc_free(d->alice.mem);
	c->creds = d->alice_creds;
	c->user = d->alice_name;
	return rc;
}

/* alice sends bob a message with subject, then the client is bob again.
 * Her calls run the event loop: bob's answers may come meanwhile. */
static void alice_sends(struct duo *d, const char *subject)
{
	struct ems *alice = &d->alice;
	struct client_ctx *c = alice->c;
	struct rop_Logon_rsp *al;

	c->creds = d->alice_creds;
	c->user = d->alice_name;
	if (ems_connect(alice, d->alice_name) && (al = ems_logon(alice, d->alice_name)) != NULL) {
		ems_compose(alice, al, d->bob_name, subject);
		ems_submit(alice);
	}
	client_say(c, "notify %s sent \"%s\" to %s: %s", d->alice_name, subject, d->bob_name,
		   alice->failed ? "FAILED" : "ok");
	ems_disconnect(alice);
	c->creds = c->creds2;
	c->user = d->bob_name;
}

int client_scenario_notify(TALLOC_CTX *mem_ctx, struct client_ctx *c)
{
	struct duo d;
	struct ems *bob = &d.bob;
	struct policy_handle acxh = { 0 };
	struct rop_Logon_rsp *l;
	struct dcerpc_pipe *async, *async2;
	struct waiter w1, w2;
	enum MAPISTATUS result = 0;
	uint64_t mid = 0, newest;
	NTSTATUS status;
	int rc = 0;

	if (!duo_begin(mem_ctx, c, "notify", &d)) return 1;
	l = subscribe(bob, &acxh);
	async = l ? async_pipe(bob) : NULL;
	if (async == NULL || !wait_start(bob->mem, c, async, acxh, &w1)) {
		rc = 1;
		goto done;
	}
	/* MS-OXCNOTIF 3.1.5.3: one outstanding wait per session */
	async2 = async_pipe(bob);
	if (async2 != NULL && wait_start(bob->mem, c, async2, acxh, &w2)) {
		wait_end(c, &w2, "second EcDoAsyncWaitEx");
	}
	client_say(c, "notify the first wait is still outstanding: %s",
		   tevent_req_is_in_progress(w1.req) ? "yes" : "no");

	alice_sends(&d, "Ping");

	wait_end(c, &w1, "EcDoAsyncWaitEx");
	if (fetch_notifications(bob, l, &mid) > 0) {
		newest = newest_in_inbox(bob, l);
		client_say(c, "notify the RopNotify names the newest message of the Inbox: %s",
			   newest != 0 && newest == mid ? "yes" : "no");
	}
	fetch_notifications(bob, l, &mid);

	/* a wait outstanding when the session goes completes */
	if (wait_start(bob->mem, c, async, acxh, &w1)) {
		status = dcerpc_EcDoDisconnect(bob->p->binding_handle, bob->mem, &bob->cxh,
					       &result);
		client_say(c, "notify EcDoDisconnect with a wait outstanding: status %s "
			   "result 0x%08x", nt_errstr(status), (unsigned)result);
		wait_end(c, &w1, "EcDoAsyncWaitEx at EcDoDisconnect");
	}
done:
	return duo_end(&d, rc);
}

int client_scenario_notify_idle(TALLOC_CTX *mem_ctx, struct client_ctx *c)
{
	struct ems bob = { .c = c, .flags = c->emsmdb_flags, .legacy = c->legacy,
			   .mem = talloc_new(mem_ctx) };
	struct policy_handle acxh = { 0 };
	struct dcerpc_pipe *async;
	struct waiter w;
	int rc = 1;

	if (bob.mem != NULL && subscribe(&bob, &acxh) != NULL &&
	    (async = async_pipe(&bob)) != NULL && wait_start(bob.mem, c, async, acxh, &w)) {
		wait_end(c, &w, "EcDoAsyncWaitEx with nothing happening");
		ems_disconnect(&bob);
		rc = bob.failed;
	}
	talloc_free(bob.mem);
	return rc;
}

/* bob's Inbox contents table, read to its end with PR_MID and PR_SUBJECT:
 * the id of the last row read (0: none). */
static bool view_inbox(struct ems *e, const struct rop_Logon_rsp *l, uint32_t *cols,
		       uint64_t *last)
{
	struct rop_request *r = ems_rq(e, ROP_ID_OPENFOLDER, 0, TABLE_FOLDER);
	struct rop_QueryRows_rsp *q;

	*last = 0;
	r->u.OpenFolder.FolderId = l->FolderIds[FOLDER_INBOX];
	if (ems_ok(e, r) == NULL ||
	    ems_ok(e, ems_rq(e, ROP_ID_GETCONTENTSTABLE, TABLE_FOLDER, TABLE_INDEX)) == NULL ||
	    !ems_set_columns(e, TABLE_INDEX, cols, 2)) {
		return false;
	}
	do {
		if ((q = ems_query_rows(e, TABLE_INDEX)) == NULL) return false;
		if (q->RowCount > 0) *last = q->RowData[q->RowCount - 1].values[0].value.u;
	} while (q->RowCount > 0 && q->Origin != 2 /* BOOKMARK_END */);
	return true;
}

/* The RopNotify responses of an EcDoRpcExt2 without ROPs, described
 * against the table they should name; the id of the last row added. */
static uint32_t fetch_table_notifications(struct ems *e, const struct rop_Logon_rsp *l,
					  const uint32_t *cols, uint64_t last_read,
					  uint64_t *mid)
{
	struct rop_response_buffer *rsp = ems_rpc(e, NULL, 0);
	uint32_t i, n = 0;

	for (i = 0; rsp != NULL && i < rsp->num_rops; i++) {
		const struct rop_response *r = rsp->rops[i];
		const struct rop_notification *d = &r->u.Notify.NotificationData;
		struct rop_property_row row;
		bool decoded;

		if (r->rop_id != ROP_ID_NOTIFY) {
			client_say(e->c, "notify-table unexpected ROP 0x%02x", r->rop_id);
			continue;
		}
		n++;
		*mid = d->mid;
		decoded = d->decoded && (d->flags & 0x0FFF) == 0x0100 &&
			(d->table_event == TABLE_ROW_ADDED || d->table_event == 0x0005) &&
			NT_STATUS_IS_OK(rop_property_row_pull(e->mem, d->row_data.data,
							      d->row_data.length, cols, 2, &row)) &&
			row.flag == 0;
		client_say(e->c, "notify-table RopNotify: table's handle %s, logon %u, flags "
			   "0x%04x, event 0x%04x, Inbox %s, instance %u, after the last row "
			   "read %s, row data decoded %s, its id %s, subject \"%s\"",
			   r->u.Notify.NotificationHandle == e->handles[TABLE_INDEX] ? "yes" : "no",
			   r->u.Notify.LogonId, d->flags, d->table_event,
			   d->fid == l->FolderIds[FOLDER_INBOX] ? "yes" : "no",
			   (unsigned)d->instance,
			   d->insert_after_mid == last_read &&
			   d->insert_after_fid == (last_read ? d->fid : 0) ? "yes" : "no",
			   decoded ? "yes" : "no",
			   decoded && row.values[0].value.u == d->mid ? "yes" : "no",
			   decoded ? ems_text(e->mem, &row.values[1].value.bin) : "?");
	}
	client_say(e->c, "notify-table the next ROP call carried %u RopNotify", n);
	return n;
}

int client_scenario_notify_table(TALLOC_CTX *mem_ctx, struct client_ctx *c)
{
	struct duo d;
	struct ems *bob = &d.bob;
	struct policy_handle acxh = { 0 };
	uint32_t cols[2] = { PR_MID, PR_SUBJECT };
	struct rop_Logon_rsp *l;
	struct dcerpc_pipe *async;
	struct waiter w;
	uint64_t last = 0, mid = 0, newest;
	int rc = 1;

	if (!duo_begin(mem_ctx, c, "notify-table", &d)) return 1;
	if (!ems_connect(bob, d.bob_name) || (l = ems_logon(bob, d.bob_name)) == NULL) goto done;
	client_say(c, "notify-table %s reads his Inbox's contents table: %s", d.bob_name,
		   view_inbox(bob, l, cols, &last) ? "ok" : "FAILED");
	if (!async_connect(bob, &acxh) || (async = async_pipe(bob)) == NULL ||
	    !wait_start(bob->mem, c, async, acxh, &w)) {
		goto done;
	}
	alice_sends(&d, "Table ping");
	wait_end(c, &w, "EcDoAsyncWaitEx (a table, no subscription)");
	if (fetch_table_notifications(bob, l, cols, last, &mid) > 0) {
		newest = newest_in_inbox(bob, l);
		client_say(c, "notify-table the row added is the newest message of the Inbox: %s",
			   newest != 0 && newest == mid ? "yes" : "no");
	}
	/* told once */
	fetch_table_notifications(bob, l, cols, last, &mid);
	ems_disconnect(bob);
	rc = 0;
done:
	return duo_end(&d, rc);
}

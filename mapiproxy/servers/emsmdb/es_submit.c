/*
 * RopSubmitMessage (MS-OXCMSG 3.2.5.4 / MS-OXOMSG): delivery to the
 * recipients' mailboxes on this server and the sender's copy in Sent
 * Items, all in one transaction: either every mailbox has the message or
 * none has.  Recipients are resolved to mailboxes by the caller's
 * callback (the address book is NSPI's); one that does not resolve is
 * skipped with a DEBUG line (no non-delivery report is generated yet).
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "es_recipients.h"

/* A copy of src in folder special of mbx, with a new MID. */
static uint32_t place_copy(TALLOC_CTX *mem, struct emsmdb_store *st, struct es_mailbox *mbx,
			   const struct es_message *src, enum es_special folder,
			   uint32_t set_flags, uint32_t clear_flags, uint64_t now)
{
	struct es_message *m;
	uint32_t flags = 0, ret;

	if (!es_message_copy(mem, src, &m)) return EC_NOT_ENOUGH_MEMORY;
	if (!es_alloc_id(st, mbx, &m->mid)) return EC_ERROR;
	m->fid = es_special_fid(mbx, folder);
	es_props_get_u32(&m->props, PR_MESSAGE_FLAGS, &flags);
	flags = (flags | set_flags) & ~clear_flags;
	if (!es_props_set_u32(m, &m->props, PR_MESSAGE_FLAGS, flags) ||
	    !es_props_set_u64(m, &m->props, PR_MESSAGE_DELIVERY_TIME, now) ||
	    !es_props_set_u64(m, &m->props, PR_LAST_MODIFICATION_TIME, now)) {
		return EC_NOT_ENOUGH_MEMORY;
	}
	ret = es_message_store_in(mem, st, mbx, m);
	if (ret != EC_SUCCESS) return ret;
	/* MS-OXCNOTIF: a delivery is NewMail for the recipient's receive folder */
	if (!es_event_message(st, mbx, ES_EVENT_CREATED, m, 0, 0) ||
	    (folder == ES_INBOX && !es_event_new_mail(st, mbx, m))) {
		return EC_ERROR;
	}
	return EC_SUCCESS;
}

uint32_t es_submit(struct es_call *c, struct es_object *o)
{
	struct emsmdb_store *st = es_call_store(c);
	struct es_mailbox *mbx = es_call_mbx(c);
	struct es_message *m = o->msg->m;
	TALLOC_CTX *t = talloc_new(c->mem);
	uint64_t now = es_nttime_now();
	uint32_t i, ret = EC_SUCCESS, del = 0;

	if (t == NULL) return EC_NOT_ENOUGH_MEMORY;
	if (m->nrecip == 0) { talloc_free(t); return EC_NO_RECIPIENTS; }
	if (!es_props_set_u64(m, &m->props, PR_CLIENT_SUBMIT_TIME, now) ||
	    !es_props_set_str(m, &m->props, PR_SENDER_EMAIL_ADDRESS, mbx->dn)) {
		talloc_free(t);
		return EC_NOT_ENOUGH_MEMORY;
	}
	if (!es_tx_begin(st)) { talloc_free(t); return EC_ERROR; }
	for (i = 0; i < m->nrecip && ret == EC_SUCCESS; i++) {
		struct emsmdb_recipient who;
		struct es_mailbox *to;
		char *dn = NULL;

		es_recipient_describe(t, &m->recips[i], &who);
		if (c->sess->resolve != NULL) {
			dn = c->sess->resolve(t, c->sess->resolve_private, &who);
		}
		if (dn == NULL) {
			DEBUG(2, ("emsmdb store: recipient %s (%s) has no mailbox here\n",
				  who.display_name ? who.display_name : "?",
				  who.email_address ? who.email_address : "?"));
			continue;
		}
		ret = es_mailbox_get(t, st, dn, true, &to);
		if (ret == EC_SUCCESS) {
			ret = place_copy(t, st, to, m, ES_INBOX, 0,
					 MSGFLAG_READ | MSGFLAG_UNSENT | MSGFLAG_SUBMIT, now);
		}
	}
	if (ret == EC_SUCCESS) {
		ret = place_copy(t, st, mbx, m, ES_SENT_ITEMS, MSGFLAG_READ,
				 MSGFLAG_UNSENT | MSGFLAG_SUBMIT, now);
	}
	/* The submitted original leaves its folder if it was saved there
	 * (the Outbox, or wherever the client built it). */
	if (ret == EC_SUCCESS && !o->msg->is_new) {
		del = es_message_remove(t, st, mbx, m->fid, m->mid);
		if (del == EC_SUCCESS && !es_event_message(st, mbx, ES_EVENT_DELETED, m, 0, 0)) {
			del = EC_ERROR;
		}
		if (del == EC_NOT_FOUND) del = EC_SUCCESS;
		ret = del;
	}
	if (ret != EC_SUCCESS) {
		es_tx_cancel(st);
	} else if (!es_tx_commit(st)) {
		ret = EC_ERROR;
	}
	if (ret == EC_SUCCESS) {
		/* The object now stands for a message that has left. */
		o->msg->writable = false;
		o->msg->is_new = true;
	}
	talloc_free(t);
	return ret;
}

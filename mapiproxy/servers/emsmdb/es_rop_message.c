/*
 * Message and attachment ROPs (MS-OXCMSG): open, create and save messages,
 * recipients, attachments, the read flag and submission.  An open message
 * is a working copy; RopSaveChangesMessage stores it in one transaction.
 * Attachments are working copies inside it: RopSaveChangesAttachment puts
 * them back into the message, which must then be saved.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "es_recipients.h"

#define OPEN_READWRITE 0x01
#define OPEN_BEST_ACCESS 0x03
#define KEEP_OPEN_READONLY 0x01
#define RF_CLEAR_READ_FLAG 0x04
#define RF_GENERATE_RECEIPT_ONLY 0x10
#define CODEPAGE_UNICODE 0x04B0 /* 1200: UTF-16LE strings */
#define PR_IMPORTANCE 0x00170003

static struct es_message *msg_of(struct es_object *o)
{
	return o->msg->m;
}

static void typed_string(TALLOC_CTX *mem, const struct es_props *p, uint32_t tag,
			 struct rop_typed_string *out)
{
	const struct rop_tagged_value *tv = es_props_find(p, tag);
	struct rop_propval v;

	/* MS-OXCDATA 2.11.7 TypedString: 0 absent, 1 empty, 4 UTF-16 */
	*out = (struct rop_typed_string) { .string_type = 0 };
	if (tv == NULL || !es_propval_convert(mem, &tv->value, ROP_PT_UNICODE, &v)) return;
	if (v.bin.length == 0) { out->string_type = 1; return; }
	out->string_type = 4;
	out->string = v.bin;
}

static uint32_t rop_open_message(struct es_call *c)
{
	const struct rop_OpenMessage_req *q = &c->req->u.OpenMessage;
	struct rop_OpenMessage_rsp *r = &c->rsp->u.OpenMessage;
	struct es_message *m;
	struct es_props all;
	struct es_object *o;
	uint32_t i, used = 0, ret;

	ret = es_message_load(c->mem, es_call_store(c), es_call_mbx(c), q->MessageId, &m);
	if (ret != EC_SUCCESS) return ret;
	if (m->fid != q->FolderId) return EC_NOT_FOUND;
	o = es_object_new(c, ES_OBJ_MESSAGE, c->in);
	if (o == NULL || (o->msg = talloc_zero(o, struct es_msg_obj)) == NULL) return EC_NOT_ENOUGH_MEMORY;
	o->msg->m = talloc_steal(o, m);
	o->msg->writable = (q->OpenModeFlags & OPEN_BEST_ACCESS) != 0;
	if (!es_message_props(c->mem, es_call_mbx(c), m, &all)) return EC_NOT_ENOUGH_MEMORY;
	for (i = 0; i < all.count; i++) {
		if (PROP_ID(all.v[i].tag) >= 0x8000) r->HasNamedProperties = 1;
	}
	typed_string(c->mem, &all, PR_SUBJECT_PREFIX, &r->SubjectPrefix);
	typed_string(c->mem, &all, PR_NORMALIZED_SUBJECT, &r->NormalizedSubject);
	r->RecipientCount = m->nrecip;
	r->ColumnCount = m->ncols;
	r->RecipientColumns = m->cols;
	r->RecipientRows = talloc_zero_array(c->mem, struct rop_OpenRecipientRow, m->nrecip + 1);
	if (r->RecipientRows == NULL) return EC_NOT_ENOUGH_MEMORY;
	used = 64 + 4 * m->ncols + r->SubjectPrefix.string.length + r->NormalizedSubject.string.length;
	/* Rows that do not fit are read with RopReadRecipients (MS-OXCMSG
	 * 3.2.5.1). */
	for (i = 0; i < m->nrecip && i < 255; i++) {
		struct rop_OpenRecipientRow *row = &r->RecipientRows[i];
		uint32_t size;
		row->CodePageId = CODEPAGE_UNICODE;
		if (!es_recipient_to_row(c->mem, &m->recips[i], m->cols, m->ncols,
					 &row->RecipientRow, &row->RecipientType)) {
			return EC_NOT_ENOUGH_MEMORY;
		}
		size = 7 + 64 + row->RecipientRow.display_name.length +
		       row->RecipientRow.email_address.length + row->RecipientRow.x500dn.length +
		       row->RecipientRow.simple_display_name.length +
		       row->RecipientRow.transmittable_display_name.length +
		       es_row_wire_size(&row->RecipientRow.properties);
		if (used + size > c->budget) break;
		used += size;
		r->RowCount++;
	}
	return EC_SUCCESS;
}

static uint32_t rop_create_message(struct es_call *c)
{
	const struct rop_CreateMessage_req *q = &c->req->u.CreateMessage;
	struct emsmdb_store *st = es_call_store(c);
	struct es_mailbox *mbx = es_call_mbx(c);
	struct es_folder *f;
	struct es_object *o;
	struct es_message *m;
	uint64_t now = es_nttime_now();
	uint32_t ret = es_folder_load(c->mem, st, mbx, q->FolderId, &f);
	bool ok;

	if (ret != EC_SUCCESS) return ret;
	o = es_object_new(c, ES_OBJ_MESSAGE, c->in);
	if (o == NULL || (o->msg = talloc_zero(o, struct es_msg_obj)) == NULL ||
	    (m = o->msg->m = talloc_zero(o, struct es_message)) == NULL) {
		return EC_NOT_ENOUGH_MEMORY;
	}
	o->msg->is_new = o->msg->writable = true;
	m->fid = q->FolderId;
	if (!es_tx_begin(st)) return EC_ERROR;
	ok = es_alloc_id(st, mbx, &m->mid);
	if (!ok || !es_tx_commit(st)) {
		if (!ok) es_tx_cancel(st);
		return EC_ERROR;
	}
	/* MS-OXCMSG 3.2.5.2: what a new message starts with */
	if (!es_props_set_str(m, &m->props, PR_MESSAGE_CLASS, "IPM.Note") ||
	    !es_props_set_u32(m, &m->props, PR_MESSAGE_FLAGS, MSGFLAG_READ | MSGFLAG_UNSENT |
			      (q->AssociatedFlag ? MSGFLAG_ASSOCIATED : 0)) ||
	    !es_props_set_u32(m, &m->props, PR_IMPORTANCE, 1) ||
	    !es_props_set_u64(m, &m->props, PR_CREATION_TIME, now) ||
	    !es_props_set_u64(m, &m->props, PR_LAST_MODIFICATION_TIME, now)) {
		return EC_NOT_ENOUGH_MEMORY;
	}
	c->rsp->u.CreateMessage.HasMessageId = 1;
	c->rsp->u.CreateMessage.MessageId = m->mid;
	return EC_SUCCESS;
}

static uint32_t rop_save_changes_message(struct es_call *c)
{
	struct es_msg_obj *mo = c->in->msg;
	struct emsmdb_store *st = es_call_store(c);
	uint32_t ret;

	if (!mo->writable) return EC_ACCESS_DENIED;
	if (!es_props_set_u64(mo->m, &mo->m->props, PR_LAST_MODIFICATION_TIME, es_nttime_now())) {
		return EC_NOT_ENOUGH_MEMORY;
	}
	if (!es_tx_begin(st)) return EC_ERROR;
	ret = es_message_store_in(c->mem, st, es_call_mbx(c), mo->m);
	if (ret == EC_SUCCESS &&
	    !es_event_message(st, es_call_mbx(c), mo->is_new ? ES_EVENT_CREATED :
			      ES_EVENT_MODIFIED, mo->m, 0, 0)) {
		ret = EC_ERROR;
	}
	if (ret != EC_SUCCESS) { es_tx_cancel(st); return ret; }
	if (!es_tx_commit(st)) return EC_ERROR;
	mo->is_new = false;
	if (c->req->u.SaveChangesMessage.SaveFlags & KEEP_OPEN_READONLY) mo->writable = false;
	c->rsp->u.SaveChangesMessage.InputHandleIndex = c->req->handle_idx[1];
	c->rsp->u.SaveChangesMessage.MessageId = mo->m->mid;
	return EC_SUCCESS;
}

static bool add_column(TALLOC_CTX *mem, struct es_message *m, uint32_t tag)
{
	uint32_t i, *cols;
	for (i = 0; i < m->ncols; i++) {
		if (PROP_ID(m->cols[i]) == PROP_ID(tag)) { m->cols[i] = tag; return true; }
	}
	cols = talloc_realloc(mem, m->cols, uint32_t, m->ncols + 2);
	if (cols == NULL) return false;
	cols[m->ncols++] = tag;
	m->cols = cols;
	return true;
}

static int recipient_index(const struct es_message *m, uint32_t row_id)
{
	uint32_t i, v;
	for (i = 0; i < m->nrecip; i++) {
		if (es_props_get_u32(&m->recips[i], PR_ROWID, &v) && v == row_id) return (int)i;
	}
	return -1;
}

static uint32_t rop_modify_recipients(struct es_call *c)
{
	const struct rop_ModifyRecipients_req *q = &c->req->u.ModifyRecipients;
	struct es_message *m = msg_of(c->in);
	struct es_message *work;
	uint32_t i, ret;

	if (!c->in->msg->writable) return EC_ACCESS_DENIED;
	for (i = 0; i < q->ColumnCount; i++) {
		uint32_t t = q->RecipientColumns[i];
		if (!es_type_valid(PROP_TYPE(t)) || PROP_TYPE(t) == ROP_PT_UNSPECIFIED) {
			return EC_INVALID_PARAM;
		}
	}
	/* Change a copy: a bad row leaves the message as it was. */
	if (!es_message_copy(c->mem, m, &work)) return EC_NOT_ENOUGH_MEMORY;
	for (i = 0; i < q->ColumnCount; i++) {
		if (!add_column(work, work, q->RecipientColumns[i])) return EC_NOT_ENOUGH_MEMORY;
	}
	for (i = 0; i < q->RowCount; i++) {
		const struct rop_ModifyRecipientRow *row = &q->RecipientRows[i];
		int at = recipient_index(work, row->RowId);
		struct es_props p = { 0 };
		if (row->RecipientRow.absent) {
			if (at >= 0) {
				memmove(&work->recips[at], &work->recips[at + 1],
					(work->nrecip - at - 1) * sizeof(work->recips[0]));
				work->nrecip--;
			}
			continue;
		}
		ret = es_recipient_from_row(work, row, q->RecipientColumns, q->ColumnCount, &p);
		if (ret != EC_SUCCESS) return ret;
		if (at < 0) {
			struct es_props *r = talloc_realloc(work, work->recips, struct es_props,
							    work->nrecip + 1);
			if (r == NULL) return EC_NOT_ENOUGH_MEMORY;
			work->recips = r;
			at = work->nrecip++;
		}
		work->recips[at] = p;
	}
	talloc_steal(c->in, work);
	c->in->msg->m = work;
	talloc_free(m);
	return EC_SUCCESS;
}

static uint32_t rop_read_recipients(struct es_call *c)
{
	const struct rop_ReadRecipients_req *q = &c->req->u.ReadRecipients;
	struct rop_ReadRecipients_rsp *r = &c->rsp->u.ReadRecipients;
	struct es_message *m = msg_of(c->in);
	uint32_t i, used = 8;

	r->RecipientRows = talloc_zero_array(c->mem, struct rop_ReadRecipientRow, m->nrecip + 1);
	if (r->RecipientRows == NULL) return EC_NOT_ENOUGH_MEMORY;
	for (i = 0; i < m->nrecip && r->RowCount < 255; i++) {
		struct rop_ReadRecipientRow *row = &r->RecipientRows[r->RowCount];
		uint32_t id = 0, size;
		es_props_get_u32(&m->recips[i], PR_ROWID, &id);
		if (id < q->RowId) continue;
		row->RowId = id;
		row->CodePageId = CODEPAGE_UNICODE;
		if (!es_recipient_to_row(c->mem, &m->recips[i], m->cols, m->ncols,
					 &row->RecipientRow, &row->RecipientType)) {
			return EC_NOT_ENOUGH_MEMORY;
		}
		size = 11 + 64 + row->RecipientRow.display_name.length +
		       row->RecipientRow.email_address.length + row->RecipientRow.x500dn.length +
		       row->RecipientRow.simple_display_name.length +
		       row->RecipientRow.transmittable_display_name.length +
		       es_row_wire_size(&row->RecipientRow.properties);
		if (used + size > c->budget) break;
		used += size;
		r->RowCount++;
	}
	return r->RowCount > 0 ? EC_SUCCESS : EC_NOT_FOUND;
}

static uint32_t rop_remove_all_recipients(struct es_call *c)
{
	if (!c->in->msg->writable) return EC_ACCESS_DENIED;
	msg_of(c->in)->nrecip = 0;
	return EC_SUCCESS;
}

static uint32_t rop_set_message_read_flag(struct es_call *c)
{
	const struct rop_SetMessageReadFlag_req *q = &c->req->u.SetMessageReadFlag;
	struct es_msg_obj *mo = c->in->msg;
	struct emsmdb_store *st = es_call_store(c);
	uint32_t flags = 0, nflags;
	struct es_message *stored;

	if (q->ReadFlags & RF_GENERATE_RECEIPT_ONLY) return EC_SUCCESS;
	es_props_get_u32(&mo->m->props, PR_MESSAGE_FLAGS, &flags);
	nflags = (q->ReadFlags & RF_CLEAR_READ_FLAG) ? flags & ~MSGFLAG_READ : flags | MSGFLAG_READ;
	if (!es_props_set_u32(mo->m, &mo->m->props, PR_MESSAGE_FLAGS, nflags)) {
		return EC_NOT_ENOUGH_MEMORY;
	}
	/* The read state is not part of the message's changes: it is
	 * stored at once (MS-OXCMSG 3.2.5.11). */
	if (!mo->is_new && nflags != flags &&
	    es_message_load(c->mem, st, es_call_mbx(c), mo->m->mid, &stored) == EC_SUCCESS) {
		if (!es_props_set_u32(stored, &stored->props, PR_MESSAGE_FLAGS, nflags)) {
			return EC_NOT_ENOUGH_MEMORY;
		}
		if (!es_tx_begin(st)) return EC_ERROR;
		/* ObjectModified: tables showing the message show its read
		 * state; and its folder's unread count moves */
		if (!es_count_watch(st, es_call_mbx(c), stored->fid) ||
		    !es_message_save(st, es_call_mbx(c), stored) ||
		    !es_event_message(st, es_call_mbx(c), ES_EVENT_MODIFIED, stored, 0, 0)) {
			es_tx_cancel(st);
			return EC_ERROR;
		}
		if (!es_tx_commit(st)) return EC_ERROR;
	}
	/* ReadStatusChanged with ClientData is for public folder logons
	 * (MS-OXCROPS 2.2.6.11.2); this server has none. */
	c->rsp->u.SetMessageReadFlag.ReadStatusChanged = 0;
	return EC_SUCCESS;
}

static uint32_t rop_get_attachment_table(struct es_call *c)
{
	struct es_object *o = es_object_new(c, ES_OBJ_TABLE, c->in);
	if (o == NULL) return EC_NOT_ENOUGH_MEMORY;
	es_table_init(o, ES_TABLE_ATTACHMENTS, c->req->u.GetAttachmentTable.TableFlags);
	return o->table ? EC_SUCCESS : EC_NOT_ENOUGH_MEMORY;
}

static int attach_index(const struct es_message *m, uint32_t num)
{
	uint32_t i;
	for (i = 0; i < m->natt; i++) {
		if (m->atts[i].num == num) return (int)i;
	}
	return -1;
}

static uint32_t rop_open_attachment(struct es_call *c)
{
	const struct rop_OpenAttachment_req *q = &c->req->u.OpenAttachment;
	struct es_message *m = msg_of(c->in);
	int at = attach_index(m, q->AttachmentID);
	struct es_object *o;

	if (at < 0) return EC_NOT_FOUND;
	o = es_object_new(c, ES_OBJ_ATTACH, c->in);
	if (o == NULL || (o->att = talloc_zero(o, struct es_att_obj)) == NULL) return EC_NOT_ENOUGH_MEMORY;
	o->att->a.num = m->atts[at].num;
	o->att->writable = (q->OpenAttachmentFlags & 0x03) != 0 && c->in->msg->writable;
	return es_props_copy(o, &o->att->a.props, &m->atts[at].props) ? EC_SUCCESS : EC_NOT_ENOUGH_MEMORY;
}

static uint32_t rop_create_attachment(struct es_call *c)
{
	struct es_message *m = msg_of(c->in);
	struct es_object *o;

	if (!c->in->msg->writable) return EC_ACCESS_DENIED;
	o = es_object_new(c, ES_OBJ_ATTACH, c->in);
	if (o == NULL || (o->att = talloc_zero(o, struct es_att_obj)) == NULL) return EC_NOT_ENOUGH_MEMORY;
	o->att->a.num = m->next_att++;
	o->att->is_new = o->att->writable = true;
	c->rsp->u.CreateAttachment.AttachmentID = o->att->a.num;
	return EC_SUCCESS;
}

static uint32_t rop_save_changes_attachment(struct es_call *c)
{
	struct es_att_obj *ao = c->in->att;
	struct es_message *m = msg_of(c->in->parent);
	int at;
	struct es_props copy = { 0 };

	if (!ao->writable) return EC_ACCESS_DENIED;
	at = attach_index(m, ao->a.num);
	if (at < 0) {
		struct es_attach *a = talloc_realloc(m, m->atts, struct es_attach, m->natt + 1);
		if (a == NULL) return EC_NOT_ENOUGH_MEMORY;
		m->atts = a;
		at = m->natt++;
		m->atts[at] = (struct es_attach) { .num = ao->a.num };
	}
	if (!es_props_copy(m, &copy, &ao->a.props)) return EC_NOT_ENOUGH_MEMORY;
	m->atts[at].props = copy;
	ao->is_new = false;
	return EC_SUCCESS;
}

static uint32_t rop_delete_attachment(struct es_call *c)
{
	struct es_message *m = msg_of(c->in);
	int at = attach_index(m, c->req->u.DeleteAttachment.AttachmentID);

	if (!c->in->msg->writable) return EC_ACCESS_DENIED;
	if (at < 0) return EC_NOT_FOUND;
	memmove(&m->atts[at], &m->atts[at + 1], (m->natt - at - 1) * sizeof(m->atts[0]));
	m->natt--;
	return EC_SUCCESS;
}

static uint32_t rop_submit_message(struct es_call *c)
{
	if (!c->in->msg->writable) return EC_ACCESS_DENIED;
	return es_submit(c, c->in);
}

#define MSG (ES_KIND_BIT(ES_OBJ_MESSAGE))
#define FOLDER_OR_LOGON (ES_KIND_BIT(ES_OBJ_FOLDER) | ES_KIND_BIT(ES_OBJ_LOGON))

const struct es_rop_handler es_rops_message[] = {
	{ ROP_ID_OPENMESSAGE, FOLDER_OR_LOGON, rop_open_message },
	{ ROP_ID_CREATEMESSAGE, FOLDER_OR_LOGON, rop_create_message },
	{ ROP_ID_SAVECHANGESMESSAGE, MSG, rop_save_changes_message },
	{ ROP_ID_MODIFYRECIPIENTS, MSG, rop_modify_recipients },
	{ ROP_ID_READRECIPIENTS, MSG, rop_read_recipients },
	{ ROP_ID_REMOVEALLRECIPIENTS, MSG, rop_remove_all_recipients },
	{ ROP_ID_SETMESSAGEREADFLAG, MSG, rop_set_message_read_flag },
	{ ROP_ID_GETATTACHMENTTABLE, MSG, rop_get_attachment_table },
	{ ROP_ID_OPENATTACHMENT, MSG, rop_open_attachment },
	{ ROP_ID_CREATEATTACHMENT, MSG, rop_create_attachment },
	{ ROP_ID_SAVECHANGESATTACHMENT, ES_KIND_BIT(ES_OBJ_ATTACH), rop_save_changes_attachment },
	{ ROP_ID_DELETEATTACHMENT, MSG, rop_delete_attachment },
	{ ROP_ID_SUBMITMESSAGE, MSG, rop_submit_message },
	{ 0, 0, NULL }
};

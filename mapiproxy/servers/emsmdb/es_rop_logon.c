/*
 * ROPs of the store object (MS-OXCSTOR): RopLogon, RopGetReceiveFolder,
 * RopSetReceiveFolder, and RopRegisterNotification (MS-OXCNOTIF), whose
 * subscriptions live in es_notify.c.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "es_private.h"
#include <time.h>

#define LOGON_PRIVATE 0x01
/* MS-OXCSTOR 2.2.1.1.3: Reserved (always set), OwnerRight, SendAsRight */
#define RESPONSE_FLAGS 0x07

static uint32_t rop_logon(struct es_call *c)
{
	const struct rop_Logon_req *q = &c->req->u.Logon;
	struct rop_Logon_rsp *r = &c->rsp->u.Logon;
	struct emsmdb_store *st = es_call_store(c);
	struct es_object *o;
	struct es_logon *logon;
	struct es_mailbox *mbx;
	struct tm tm;
	time_t now = time(NULL);
	uint32_t ret, essdn_len = q->Essdn.length;
	int i;

	if (!(q->LogonFlags & LOGON_PRIVATE)) {
		/* This server has no public folders. */
		return EC_NOT_SUPPORTED;
	}
	/* Essdn is EssdnSize bytes with its terminating NUL */
	while (essdn_len > 0 && q->Essdn.data[essdn_len - 1] == '\0') essdn_len--;
	if (essdn_len > 0 &&
	    (strlen(c->sess->user_dn) != essdn_len ||
	     strncasecmp((const char *)q->Essdn.data, c->sess->user_dn, essdn_len) != 0)) {
		/* Only the user's own mailbox: no delegate access. */
		return EC_LOGIN_PERM;
	}
	o = es_object_new(c, ES_OBJ_LOGON, NULL);
	if (o == NULL) return EC_NOT_ENOUGH_MEMORY;
	logon = talloc_zero(o, struct es_logon);
	if (logon == NULL) return EC_NOT_ENOUGH_MEMORY;
	logon->logon_id = c->req->logon_id;
	logon->logon_flags = q->LogonFlags;
	o->logon = logon;
	if (!es_tx_begin(st)) return EC_ERROR;
	ret = es_mailbox_get(logon, st, c->sess->user_dn, true, &mbx);
	if (ret != EC_SUCCESS || !es_tx_commit(st)) {
		if (ret == EC_SUCCESS) ret = EC_ERROR;
		else es_tx_cancel(st);
		return ret;
	}
	logon->mbx = mbx;
	c->sess->logons[logon->logon_id] = logon;

	r->LogonFlags = q->LogonFlags;
	for (i = 0; i < ES_LOGON_FOLDER_IDS; i++) {
		r->FolderIds[i] = es_special_fid(mbx, i);
	}
	r->ResponseFlags = RESPONSE_FLAGS;
	memcpy(r->MailboxGuid, mbx->mailbox_guid, 16);
	r->ReplId = mbx->repl_id;
	memcpy(r->ReplGuid, mbx->repl_guid, 16);
	gmtime_r(&now, &tm);
	r->LogonTime = (struct rop_LogonTime) {
		.Seconds = tm.tm_sec, .Minutes = tm.tm_min, .Hour = tm.tm_hour,
		.DayOfWeek = tm.tm_wday, .Day = tm.tm_mday, .Month = tm.tm_mon + 1,
		.Year = tm.tm_year + 1900 };
	r->GwartTime = es_nttime_now();
	r->StoreState = 0;
	return EC_SUCCESS;
}

/* MS-OXCSTOR 2.2.1.2.1: ASCII, at most 255 characters, no leading dot */
static char *message_class(TALLOC_CTX *mem, const struct rop_blob *b)
{
	uint32_t i;
	char *s;

	if (b->length > 255 || (b->length > 0 && b->data[0] == '.')) return NULL;
	for (i = 0; i < b->length; i++) {
		if (b->data[i] < 32 || b->data[i] > 126) return NULL;
	}
	s = talloc_strndup(mem, (const char *)b->data, b->length);
	return s ? strlower_talloc(mem, s) : NULL;
}

static char *rcv_key(TALLOC_CTX *mem, const struct es_mailbox *mbx, const char *cls)
{
	return talloc_asprintf(mem, "rcv/%u/%s", mbx->num, cls);
}

static uint32_t rop_get_receive_folder(struct es_call *c)
{
	const struct rop_GetReceiveFolder_req *q = &c->req->u.GetReceiveFolder;
	struct rop_GetReceiveFolder_rsp *r = &c->rsp->u.GetReceiveFolder;
	struct es_mailbox *mbx = es_call_mbx(c);
	char *cls = message_class(c->mem, &q->MessageClass);
	size_t n;

	if (cls == NULL) return EC_INVALID_PARAM;
	/* The longest configured prefix at a dot boundary (MS-OXCSTOR
	 * 3.2.5.2); with none, the Inbox takes every class. */
	for (n = strlen(cls);; ) {
		struct es_rd rd;
		char *prefix = talloc_strndup(c->mem, cls, n);
		char *key = prefix ? rcv_key(c->mem, mbx, prefix) : NULL;
		if (key == NULL) return EC_NOT_ENOUGH_MEMORY;
		if (es_rec_fetch(c->mem, es_call_store(c), key, &rd)) {
			r->FolderId = es_get_u64(&rd);
			if (!es_get_blob(&rd, c->mem, &r->ExplicitMessageClass)) return EC_ERROR;
			return EC_SUCCESS;
		}
		if (n == 0) break;
		while (n > 0 && cls[n - 1] != '.') n--;
		if (n > 0) n--;
	}
	r->FolderId = es_special_fid(mbx, ES_INBOX);
	r->ExplicitMessageClass = (struct rop_blob) { (uint8_t *)"", 0 };
	return EC_SUCCESS;
}

static uint32_t rop_set_receive_folder(struct es_call *c)
{
	const struct rop_SetReceiveFolder_req *q = &c->req->u.SetReceiveFolder;
	struct es_mailbox *mbx = es_call_mbx(c);
	struct emsmdb_store *st = es_call_store(c);
	char *cls = message_class(c->mem, &q->MessageClass), *key;
	struct es_folder *f;
	struct es_buf b = { .mem = c->mem };
	uint32_t ret;
	bool ok;

	if (cls == NULL) return EC_INVALID_PARAM;
	key = rcv_key(c->mem, mbx, cls);
	if (key == NULL) return EC_NOT_ENOUGH_MEMORY;
	if (q->FolderId == 0) {
		/* Deleting the default ("") receive folder is refused. */
		if (*cls == '\0') return EC_ERROR;
		if (!es_tx_begin(st)) return EC_ERROR;
		es_rec_delete(st, key);
		return es_tx_commit(st) ? EC_SUCCESS : EC_ERROR;
	}
	ret = es_folder_load(c->mem, st, mbx, q->FolderId, &f);
	if (ret != EC_SUCCESS) return ret;
	es_put_u64(&b, q->FolderId);
	es_put_blob(&b, &q->MessageClass);
	if (!es_tx_begin(st)) return EC_ERROR;
	ok = es_rec_store(st, key, &b);
	if (!ok) { es_tx_cancel(st); return EC_ERROR; }
	return es_tx_commit(st) ? EC_SUCCESS : EC_ERROR;
}

const struct es_rop_handler es_rops_logon[] = {
	{ ROP_ID_LOGON, 0, rop_logon },
	{ ROP_ID_GETRECEIVEFOLDER, ES_KIND_BIT(ES_OBJ_LOGON), rop_get_receive_folder },
	{ ROP_ID_SETRECEIVEFOLDER, ES_KIND_BIT(ES_OBJ_LOGON), rop_set_receive_folder },
	{ ROP_ID_REGISTERNOTIFICATION, ES_KIND_BIT(ES_OBJ_LOGON), es_subscribe },
	{ 0, 0, NULL }
};

/*
 * Folder ROPs (MS-OXCFOLD): RopOpenFolder, RopCreateFolder,
 * RopDeleteFolder, RopGetHierarchyTable, RopGetContentsTable,
 * RopDeleteMessages and RopMoveCopyMessages.  Every change is one store
 * transaction.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "es_private.h"

#define DEL_MESSAGES 0x01
#define DEL_FOLDERS 0x04
#define EC_DST_NULL_OBJECT 0x00000503

static bool is_special(const struct es_mailbox *mbx, uint64_t fid)
{
	uint64_t c = es_id_counter(fid);
	return (fid & 0xffff) == mbx->repl_id && c >= 1 && c <= ES_NUM_SPECIAL;
}

static uint32_t rop_open_folder(struct es_call *c)
{
	const struct rop_OpenFolder_req *q = &c->req->u.OpenFolder;
	struct es_folder *f;
	struct es_object *o;
	uint32_t ret = es_folder_load(c->mem, es_call_store(c), es_call_mbx(c), q->FolderId, &f);

	if (ret != EC_SUCCESS) return ret;
	o = es_object_new(c, ES_OBJ_FOLDER, c->in);
	if (o == NULL) return EC_NOT_ENOUGH_MEMORY;
	o->fid = q->FolderId;
	c->rsp->u.OpenFolder.HasRules = 0;
	c->rsp->u.OpenFolder.IsGhosted = 0;
	return EC_SUCCESS;
}

static char *req_string(TALLOC_CTX *mem, bool unicode, const struct rop_blob *b)
{
	struct rop_propval v = { .type = unicode ? ROP_PT_UNICODE : ROP_PT_STRING8, .bin = *b };
	return es_propval_utf8(mem, &v);
}

/* The subfolder of parent named name (case-insensitively), or 0. */
static uint64_t find_child(TALLOC_CTX *mem, struct emsmdb_store *st,
			   const struct es_mailbox *mbx, const struct es_folder *parent,
			   const char *name)
{
	uint32_t i;
	for (i = 0; i < parent->nsub; i++) {
		struct es_folder *f;
		char *n;
		if (es_folder_load(mem, st, mbx, parent->sub[i], &f) != EC_SUCCESS) continue;
		n = es_props_get_str(f, &f->props, PR_DISPLAY_NAME);
		if (n && strcasecmp_m(n, name) == 0) return f->fid;
	}
	return 0;
}

static uint32_t rop_create_folder(struct es_call *c)
{
	const struct rop_CreateFolder_req *q = &c->req->u.CreateFolder;
	struct rop_CreateFolder_rsp *r = &c->rsp->u.CreateFolder;
	struct emsmdb_store *st = es_call_store(c);
	struct es_mailbox *mbx = es_call_mbx(c);
	struct es_folder *parent;
	struct es_object *o;
	char *name = req_string(c->mem, q->UseUnicodeStrings, &q->DisplayName);
	char *comment = req_string(c->mem, q->UseUnicodeStrings, &q->Comment);
	uint64_t fid;
	uint32_t ret;

	/* MS-OXCFOLD 2.2.1.2.1: 1 generic, 2 search; a search folder needs
	 * search criteria, which this store does not evaluate. */
	if (q->FolderType == 2) return EC_NOT_SUPPORTED;
	if (q->FolderType != 1 || name == NULL || comment == NULL || *name == '\0') {
		return EC_INVALID_PARAM;
	}
	ret = es_folder_load(c->mem, st, mbx, c->in->fid, &parent);
	if (ret != EC_SUCCESS) return ret;
	fid = find_child(c->mem, st, mbx, parent, name);
	if (fid != 0) {
		if (!q->OpenExisting) return EC_COLLISION;
		r->IsExistingFolder = 1;
	} else {
		if (!es_tx_begin(st)) return EC_ERROR;
		if (!es_alloc_id(st, mbx, &fid)) { es_tx_cancel(st); return EC_ERROR; }
		ret = es_folder_create(c->mem, st, mbx, c->in->fid, fid, name, comment, 1, NULL);
		if (ret == EC_SUCCESS &&
		    !es_event_folder(st, mbx, ES_EVENT_CREATED, fid, c->in->fid)) {
			ret = EC_ERROR;
		}
		if (ret != EC_SUCCESS) { es_tx_cancel(st); return ret; }
		if (!es_tx_commit(st)) return EC_ERROR;
	}
	o = es_object_new(c, ES_OBJ_FOLDER, c->in);
	if (o == NULL) return EC_NOT_ENOUGH_MEMORY;
	o->fid = fid;
	r->FolderId = fid;
	return EC_SUCCESS;
}

/* Delete fid and, as flags allow, what it holds (inside a transaction). */
static uint32_t delete_tree(TALLOC_CTX *mem, struct emsmdb_store *st,
			    const struct es_mailbox *mbx, uint64_t fid, uint8_t flags)
{
	struct es_folder *f;
	uint32_t i, ret = es_folder_load(mem, st, mbx, fid, &f);

	if (ret != EC_SUCCESS) return ret;
	if (f->nmsg > 0 && !(flags & DEL_MESSAGES)) return EC_HAS_MESSAGES;
	if (f->nsub > 0 && !(flags & DEL_FOLDERS)) return EC_HAS_FOLDERS;
	for (i = 0; i < f->nsub; i++) {
		ret = delete_tree(mem, st, mbx, f->sub[i], flags);
		if (ret != EC_SUCCESS) return ret;
	}
	for (i = 0; i < f->nmsg; i++) es_message_delete_rec(st, mbx, f->msgs[i]);
	return es_folder_delete_rec(st, mbx, fid) ? EC_SUCCESS : EC_ERROR;
}

static uint32_t rop_delete_folder(struct es_call *c)
{
	const struct rop_DeleteFolder_req *q = &c->req->u.DeleteFolder;
	struct emsmdb_store *st = es_call_store(c);
	struct es_mailbox *mbx = es_call_mbx(c);
	struct es_folder *parent;
	uint32_t ret;

	if (is_special(mbx, q->FolderId)) return EC_ACCESS_DENIED;
	ret = es_folder_load(c->mem, st, mbx, c->in->fid, &parent);
	if (ret != EC_SUCCESS) return ret;
	if (!es_id_list_remove(parent->sub, &parent->nsub, q->FolderId)) return EC_NOT_FOUND;
	if (!es_tx_begin(st)) return EC_ERROR;
	ret = delete_tree(c->mem, st, mbx, q->FolderId, q->DeleteFolderFlags);
	if (ret == EC_SUCCESS && (!es_folder_save(st, mbx, parent) ||
				  !es_event_folder(st, mbx, ES_EVENT_DELETED, q->FolderId,
						   c->in->fid))) {
		ret = EC_ERROR;
	}
	if (ret != EC_SUCCESS) { es_tx_cancel(st); return ret; }
	if (!es_tx_commit(st)) return EC_ERROR;
	c->rsp->u.DeleteFolder.PartialCompletion = 0;
	return EC_SUCCESS;
}

static uint32_t open_table(struct es_call *c, int kind, uint8_t flags, uint32_t *rows)
{
	struct es_object *o = es_object_new(c, ES_OBJ_TABLE, c->in);

	if (o == NULL) return EC_NOT_ENOUGH_MEMORY;
	o->fid = c->in->fid;
	es_table_init(o, kind, flags);
	if (o->table == NULL) return EC_NOT_ENOUGH_MEMORY;
	return rows ? es_table_count(c, o, rows) : EC_SUCCESS;
}

static uint32_t rop_get_hierarchy_table(struct es_call *c)
{
	return open_table(c, ES_TABLE_HIERARCHY, c->req->u.GetHierarchyTable.TableFlags,
			  &c->rsp->u.GetHierarchyTable.RowCount);
}

static uint32_t rop_get_contents_table(struct es_call *c)
{
	return open_table(c, ES_TABLE_CONTENTS, c->req->u.GetContentsTable.TableFlags,
			  &c->rsp->u.GetContentsTable.RowCount);
}

static uint32_t rop_delete_messages(struct es_call *c)
{
	const struct rop_DeleteMessages_req *q = &c->req->u.DeleteMessages;
	struct emsmdb_store *st = es_call_store(c);
	struct es_mailbox *mbx = es_call_mbx(c);
	uint32_t i, missing = 0;

	if (!es_tx_begin(st)) return EC_ERROR;
	for (i = 0; i < q->MessageIdCount; i++) {
		struct es_message gone = { .fid = c->in->fid, .mid = q->MessageIds[i] };
		uint32_t ret = es_message_remove(c->mem, st, mbx, c->in->fid, q->MessageIds[i]);
		if (ret == EC_NOT_FOUND) { missing++; continue; }
		if (ret == EC_SUCCESS &&
		    !es_event_message(st, mbx, ES_EVENT_DELETED, &gone, 0, 0)) {
			ret = EC_ERROR;
		}
		if (ret != EC_SUCCESS) { es_tx_cancel(st); return ret; }
	}
	if (!es_tx_commit(st)) return EC_ERROR;
	/* MS-OXCFOLD 3.2.5.11: messages not deleted make it partial */
	c->rsp->u.DeleteMessages.PartialCompletion = missing > 0;
	return EC_SUCCESS;
}

static uint32_t move_copy(struct es_call *c, struct es_object *dst, uint64_t mid, bool copy)
{
	struct emsmdb_store *st = es_call_store(c);
	struct es_mailbox *src_mbx = es_call_mbx(c), *dst_mbx = dst->logon->mbx;
	struct es_message *m, old;
	uint32_t ret = es_message_load(c->mem, st, src_mbx, mid, &m);
	bool same = src_mbx->num == dst_mbx->num;

	if (ret != EC_SUCCESS || m->fid != c->in->fid) return EC_NOT_FOUND;
	old = (struct es_message) { .fid = m->fid, .mid = m->mid };
	if (!copy) {
		ret = es_message_remove(c->mem, st, src_mbx, m->fid, mid);
		if (ret != EC_SUCCESS) return ret;
	}
	if (copy || !same) {
		if (!es_alloc_id(st, dst_mbx, &m->mid)) return EC_ERROR;
	}
	m->fid = dst->fid;
	ret = es_message_store_in(c->mem, st, dst_mbx, m);
	if (ret != EC_SUCCESS) return ret;
	/* across mailboxes each sees its own side of it */
	if (same ? !es_event_message(st, dst_mbx, copy ? ES_EVENT_COPIED : ES_EVENT_MOVED,
				     m, old.fid, old.mid) :
	    (!es_event_message(st, dst_mbx, ES_EVENT_CREATED, m, 0, 0) ||
	     (!copy && !es_event_message(st, src_mbx, ES_EVENT_DELETED, &old, 0, 0)))) {
		return EC_ERROR;
	}
	return EC_SUCCESS;
}

static uint32_t rop_move_copy_messages(struct es_call *c)
{
	const struct rop_MoveCopyMessages_req *q = &c->req->u.MoveCopyMessages;
	struct rop_MoveCopyMessages_rsp *r = &c->rsp->u.MoveCopyMessages;
	struct emsmdb_store *st = es_call_store(c);
	uint8_t di = c->req->handle_idx[1];
	struct es_object *dst = di < c->num_handles ? es_object_find(c->sess, c->handles[di]) : NULL;
	uint32_t i, missing = 0;

	if (dst == NULL) {
		/* MS-OXCROPS 2.2.4.6.3: ecDstNullObject names the index */
		r->DestHandleIndex = di;
		return EC_DST_NULL_OBJECT;
	}
	if (dst->kind != ES_OBJ_FOLDER) return EC_NOT_SUPPORTED;
	if (!es_tx_begin(st)) return EC_ERROR;
	for (i = 0; i < q->MessageIdCount; i++) {
		uint32_t ret = move_copy(c, dst, q->MessageIds[i], q->WantCopy != 0);
		if (ret == EC_NOT_FOUND) { missing++; continue; }
		if (ret != EC_SUCCESS) { es_tx_cancel(st); return ret; }
	}
	if (!es_tx_commit(st)) return EC_ERROR;
	r->PartialCompletion = missing > 0;
	return EC_SUCCESS;
}

#define FOLDERS (ES_KIND_BIT(ES_OBJ_FOLDER))
#define FOLDERS_OR_LOGON (FOLDERS | ES_KIND_BIT(ES_OBJ_LOGON))

const struct es_rop_handler es_rops_folder[] = {
	{ ROP_ID_OPENFOLDER, FOLDERS_OR_LOGON, rop_open_folder },
	{ ROP_ID_CREATEFOLDER, FOLDERS, rop_create_folder },
	{ ROP_ID_DELETEFOLDER, FOLDERS, rop_delete_folder },
	{ ROP_ID_GETHIERARCHYTABLE, FOLDERS, rop_get_hierarchy_table },
	{ ROP_ID_GETCONTENTSTABLE, FOLDERS, rop_get_contents_table },
	{ ROP_ID_DELETEMESSAGES, FOLDERS, rop_delete_messages },
	{ ROP_ID_MOVECOPYMESSAGES, FOLDERS, rop_move_copy_messages },
	{ 0, 0, NULL }
};

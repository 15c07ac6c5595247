/*
 * Folders in the store: their records, the special folders every private
 * mailbox starts with (MS-OXOSFLD, MS-OXCSTOR 2.2.1.1.3), creation, and
 * the properties a client reads that the store computes (ids, counts,
 * entry ids).
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "es_private.h"

static char *fld_key(TALLOC_CTX *mem, const struct es_mailbox *mbx, uint64_t fid)
{
	return talloc_asprintf(mem, "fld/%u/%016llx", mbx->num, (unsigned long long)fid);
}

bool es_id_list_add(TALLOC_CTX *mem, uint64_t **list, uint32_t *n, uint64_t id)
{
	uint64_t *l = talloc_realloc(mem, *list, uint64_t, *n + 1);
	if (l == NULL) return false;
	l[(*n)++] = id;
	*list = l;
	return true;
}

bool es_id_list_remove(uint64_t *list, uint32_t *n, uint64_t id)
{
	uint32_t i;
	for (i = 0; i < *n; i++) {
		if (list[i] == id) {
			memmove(&list[i], &list[i + 1], (*n - i - 1) * sizeof(uint64_t));
			(*n)--;
			return true;
		}
	}
	return false;
}

static bool get_ids(TALLOC_CTX *mem, struct es_rd *r, uint64_t **list, uint32_t *n)
{
	uint32_t i;
	if (!es_get_count(r, n, 8)) return false;
	*list = talloc_array(mem, uint64_t, *n + 1);
	if (*list == NULL) return false;
	for (i = 0; i < *n; i++) (*list)[i] = es_get_u64(r);
	return !r->failed;
}

uint32_t es_folder_load(TALLOC_CTX *mem, struct emsmdb_store *st,
			const struct es_mailbox *mbx, uint64_t fid,
			struct es_folder **out)
{
	struct es_folder *f = talloc_zero(mem, struct es_folder);
	struct es_rd r;
	char *key;

	if (f == NULL || (key = fld_key(f, mbx, fid)) == NULL) {
		talloc_free(f);
		return EC_NOT_ENOUGH_MEMORY;
	}
	if (!es_rec_fetch(f, st, key, &r)) {
		talloc_free(f);
		return EC_NOT_FOUND;
	}
	f->fid = fid;
	f->parent = es_get_u64(&r);
	if (!es_props_unpack(f, &r, &f->props) ||
	    !get_ids(f, &r, &f->sub, &f->nsub) ||
	    !get_ids(f, &r, &f->msgs, &f->nmsg)) {
		DEBUG(1, ("emsmdb store: folder record %s corrupt\n", key));
		talloc_free(f);
		return EC_ERROR;
	}
	*out = f;
	return EC_SUCCESS;
}

bool es_folder_save(struct emsmdb_store *st, const struct es_mailbox *mbx,
		    const struct es_folder *f)
{
	struct es_buf b = { .mem = talloc_new(NULL) };
	char *key = fld_key(b.mem, mbx, f->fid);
	uint32_t i;
	bool ok;

	es_put_u64(&b, f->parent);
	es_props_pack(&b, &f->props);
	es_put_u32(&b, f->nsub);
	for (i = 0; i < f->nsub; i++) es_put_u64(&b, f->sub[i]);
	es_put_u32(&b, f->nmsg);
	for (i = 0; i < f->nmsg; i++) es_put_u64(&b, f->msgs[i]);
	ok = key != NULL && es_rec_store(st, key, &b);
	talloc_free(b.mem);
	return ok;
}

bool es_folder_delete_rec(struct emsmdb_store *st, const struct es_mailbox *mbx,
			  uint64_t fid)
{
	char *key = fld_key(NULL, mbx, fid);
	bool ok = key != NULL && es_rec_delete(st, key);
	talloc_free(key);
	return ok;
}

uint32_t es_folder_create(TALLOC_CTX *mem, struct emsmdb_store *st,
			  struct es_mailbox *mbx, uint64_t parent, uint64_t fid,
			  const char *name, const char *comment, uint32_t type,
			  struct es_folder **out)
{
	struct es_folder *f = talloc_zero(mem, struct es_folder), *p = NULL;
	uint64_t now = es_nttime_now();
	uint32_t ret;

	if (f == NULL) return EC_NOT_ENOUGH_MEMORY;
	f->fid = fid;
	f->parent = parent;
	if (!es_props_set_str(f, &f->props, PR_DISPLAY_NAME, name) ||
	    (comment && *comment && !es_props_set_str(f, &f->props, PR_COMMENT, comment)) ||
	    !es_props_set_u32(f, &f->props, PR_FOLDER_TYPE, type) ||
	    !es_props_set_u64(f, &f->props, PR_CREATION_TIME, now) ||
	    !es_props_set_u64(f, &f->props, PR_LAST_MODIFICATION_TIME, now)) {
		talloc_free(f);
		return EC_NOT_ENOUGH_MEMORY;
	}
	if (parent != 0) {
		ret = es_folder_load(f, st, mbx, parent, &p);
		if (ret != EC_SUCCESS) { talloc_free(f); return ret; }
		if (!es_id_list_add(p, &p->sub, &p->nsub, fid) || !es_folder_save(st, mbx, p)) {
			talloc_free(f);
			return EC_ERROR;
		}
	}
	if (!es_folder_save(st, mbx, f)) { talloc_free(f); return EC_ERROR; }
	if (out) *out = f; else talloc_free(f);
	return EC_SUCCESS;
}

/* MS-OXOSFLD 2.2.2 and the folders of RopLogon; type 1 generic, 0 root. */
static const struct {
	enum es_special which, parent;
	const char *name, *container_class;
	uint32_t entryid_tag;   /* property of the root and Inbox naming it */
} special_folders[] = {
	{ ES_ROOT, ES_NUM_SPECIAL, "Root", NULL, 0 },
	{ ES_DEFERRED_ACTION, ES_ROOT, "Deferred Action", NULL, 0 },
	{ ES_SPOOLER_QUEUE, ES_ROOT, "Spooler Queue", NULL, 0 },
	{ ES_IPM_SUBTREE, ES_ROOT, "Top of Information Store", NULL, 0 },
	{ ES_INBOX, ES_IPM_SUBTREE, "Inbox", "IPF.Note", 0 },
	{ ES_OUTBOX, ES_IPM_SUBTREE, "Outbox", "IPF.Note", 0 },
	{ ES_SENT_ITEMS, ES_IPM_SUBTREE, "Sent Items", "IPF.Note", 0 },
	{ ES_DELETED_ITEMS, ES_IPM_SUBTREE, "Deleted Items", "IPF.Note", 0 },
	{ ES_COMMON_VIEWS, ES_ROOT, "Common Views", NULL, 0 },
	{ ES_SCHEDULE, ES_ROOT, "Schedule", NULL, 0 },
	{ ES_SEARCH, ES_ROOT, "Finder", NULL, 0 },
	{ ES_VIEWS, ES_ROOT, "Views", NULL, 0 },
	{ ES_SHORTCUTS, ES_ROOT, "Shortcuts", NULL, 0 },
	{ ES_CALENDAR, ES_IPM_SUBTREE, "Calendar", "IPF.Appointment", 0x36D00102 },
	{ ES_CONTACTS, ES_IPM_SUBTREE, "Contacts", "IPF.Contact", 0x36D10102 },
	{ ES_DRAFTS, ES_IPM_SUBTREE, "Drafts", "IPF.Note", 0x36D70102 },
	{ ES_JOURNAL, ES_IPM_SUBTREE, "Journal", "IPF.Journal", 0x36D20102 },
	{ ES_NOTES, ES_IPM_SUBTREE, "Notes", "IPF.StickyNote", 0x36D30102 },
	{ ES_TASKS, ES_IPM_SUBTREE, "Tasks", "IPF.Task", 0x36D40102 },
};

/* Folder EntryID, MS-OXCDATA 2.2.4.1: Flags, ProviderUID (the mailbox
 * GUID), FolderType 0x0001 (private), DatabaseGuid, GlobalCounter, Pad. */
bool es_folder_entryid(TALLOC_CTX *mem, const struct es_mailbox *mbx, uint64_t fid,
		       struct rop_blob *out)
{
	uint8_t *e = talloc_zero_array(mem, uint8_t, 46);
	uint64_t c = es_id_counter(fid);
	int i;

	if (e == NULL) return false;
	memcpy(e + 4, mbx->mailbox_guid, 16);
	e[20] = 0x01;
	memcpy(e + 22, mbx->repl_guid, 16);
	for (i = 0; i < 6; i++) e[38 + i] = (uint8_t)(c >> (8 * (5 - i)));
	out->data = e;
	out->length = 46;
	return true;
}

bool es_mailbox_create_folders(struct emsmdb_store *st, struct es_mailbox *mbx)
{
	TALLOC_CTX *t = talloc_new(NULL);
	struct es_folder *root = NULL, *inbox = NULL;
	size_t i;
	bool ok = false;

	for (i = 0; i < ARRAY_SIZE(special_folders); i++) {
		uint64_t parent = special_folders[i].parent == ES_NUM_SPECIAL ? 0 :
			es_special_fid(mbx, special_folders[i].parent);
		struct es_folder *f;
		if (es_folder_create(t, st, mbx, parent,
				     es_special_fid(mbx, special_folders[i].which),
				     special_folders[i].name, NULL,
				     parent ? 1 : 0, &f) != EC_SUCCESS) {
			goto done;
		}
		if (special_folders[i].container_class != NULL &&
		    (!es_props_set_str(f, &f->props, PR_CONTAINER_CLASS,
				       special_folders[i].container_class) ||
		     !es_folder_save(st, mbx, f))) {
			goto done;
		}
	}
	/* MS-OXOSFLD 2.2.3: the root and the Inbox name the folders
	 * under the IPM subtree by entry id. */
	if (es_folder_load(t, st, mbx, es_special_fid(mbx, ES_ROOT), &root) != EC_SUCCESS ||
	    es_folder_load(t, st, mbx, es_special_fid(mbx, ES_INBOX), &inbox) != EC_SUCCESS) {
		goto done;
	}
	for (i = 0; i < ARRAY_SIZE(special_folders); i++) {
		struct rop_blob e;
		if (special_folders[i].entryid_tag == 0) continue;
		if (!es_folder_entryid(t, mbx, es_special_fid(mbx, special_folders[i].which), &e) ||
		    !es_props_set_bin(root, &root->props, special_folders[i].entryid_tag, e.data, e.length) ||
		    !es_props_set_bin(inbox, &inbox->props, special_folders[i].entryid_tag, e.data, e.length)) {
			goto done;
		}
	}
	ok = es_folder_save(st, mbx, root) && es_folder_save(st, mbx, inbox);
done:
	talloc_free(t);
	return ok;
}

void es_folder_count(struct emsmdb_store *st, const struct es_mailbox *mbx,
		     const struct es_folder *f, struct es_folder_counts *out)
{
	TALLOC_CTX *t = talloc_new(NULL);
	uint32_t i;

	*out = (struct es_folder_counts) { 0 };
	for (i = 0; i < f->nmsg; i++) {
		struct es_message *m;
		uint32_t flags = 0;
		if (es_message_load(t, st, mbx, f->msgs[i], &m) != EC_SUCCESS) continue;
		es_props_get_u32(&m->props, PR_MESSAGE_FLAGS, &flags);
		if (flags & MSGFLAG_ASSOCIATED) {
			out->assoc++;
		} else {
			out->total++;
			if (!(flags & MSGFLAG_READ)) out->unread++;
		}
		talloc_free(m);
	}
	talloc_free(t);
}

bool es_folder_props(TALLOC_CTX *mem, struct emsmdb_store *st,
		     const struct es_mailbox *mbx, const struct es_folder *f,
		     struct es_props *out)
{
	struct es_folder_counts n;
	struct rop_blob e;

	es_folder_count(st, mbx, f, &n);
	*out = (struct es_props) { 0 };
	return es_props_copy(mem, out, &f->props) &&
	       es_props_set_u64(mem, out, PR_FID, f->fid) &&
	       es_props_set_u64(mem, out, PR_PARENT_FID, f->parent) &&
	       es_props_set_u32(mem, out, PR_CONTENT_COUNT, n.total) &&
	       es_props_set_u32(mem, out, PR_CONTENT_UNREAD, n.unread) &&
	       es_props_set_u32(mem, out, PR_ASSOC_CONTENT_COUNT, n.assoc) &&
	       es_props_set_u32(mem, out, PR_FOLDER_CHILD_COUNT, f->nsub) &&
	       es_props_set_u32(mem, out, PR_SUBFOLDERS, f->nsub > 0) &&
	       es_folder_entryid(mem, mbx, f->fid, &e) &&
	       es_props_set_bin(mem, out, PR_ENTRYID, e.data, e.length);
}

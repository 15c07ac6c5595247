/*
 * Messages in the store: one record per message holding its properties,
 * its recipients (each a property set with PidTagRowid and
 * PidTagRecipientType) and its attachments (each a property set, the data
 * in PidTagAttachDataBinary), so that saving a message is one write; and
 * the properties the store computes for them (MS-OXCMSG 2.2.1).
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "es_private.h"

static char *msg_key(TALLOC_CTX *mem, const struct es_mailbox *mbx, uint64_t mid)
{
	return talloc_asprintf(mem, "msg/%u/%016llx", mbx->num, (unsigned long long)mid);
}

uint32_t es_message_load(TALLOC_CTX *mem, struct emsmdb_store *st,
			 const struct es_mailbox *mbx, uint64_t mid,
			 struct es_message **out)
{
	struct es_message *m = talloc_zero(mem, struct es_message);
	struct es_rd r;
	uint32_t i;
	char *key;

	if (m == NULL || (key = msg_key(m, mbx, mid)) == NULL) {
		talloc_free(m);
		return EC_NOT_ENOUGH_MEMORY;
	}
	if (!es_rec_fetch(m, st, key, &r)) {
		talloc_free(m);
		return EC_NOT_FOUND;
	}
	m->mid = mid;
	m->fid = es_get_u64(&r);
	if (!es_props_unpack(m, &r, &m->props) || !es_get_count(&r, &m->ncols, 4)) goto corrupt;
	m->cols = talloc_array(m, uint32_t, m->ncols + 1);
	if (m->cols == NULL) goto corrupt;
	for (i = 0; i < m->ncols; i++) m->cols[i] = es_get_u32(&r);
	if (!es_get_count(&r, &m->nrecip, 4)) goto corrupt;
	m->recips = talloc_zero_array(m, struct es_props, m->nrecip + 1);
	if (m->recips == NULL) goto corrupt;
	for (i = 0; i < m->nrecip; i++) {
		if (!es_props_unpack(m, &r, &m->recips[i])) goto corrupt;
	}
	if (!es_get_count(&r, &m->natt, 8)) goto corrupt;
	m->atts = talloc_zero_array(m, struct es_attach, m->natt + 1);
	if (m->atts == NULL) goto corrupt;
	for (i = 0; i < m->natt; i++) {
		m->atts[i].num = es_get_u32(&r);
		if (!es_props_unpack(m, &r, &m->atts[i].props)) goto corrupt;
	}
	m->next_att = es_get_u32(&r);
	if (r.failed) goto corrupt;
	*out = m;
	return EC_SUCCESS;
corrupt:
	DEBUG(1, ("emsmdb store: message record %s corrupt\n", key));
	talloc_free(m);
	return EC_ERROR;
}

bool es_message_save(struct emsmdb_store *st, const struct es_mailbox *mbx,
		     const struct es_message *m)
{
	struct es_buf b = { .mem = talloc_new(NULL) };
	char *key = msg_key(b.mem, mbx, m->mid);
	uint32_t i;
	bool ok;

	es_put_u64(&b, m->fid);
	es_props_pack(&b, &m->props);
	es_put_u32(&b, m->ncols);
	for (i = 0; i < m->ncols; i++) es_put_u32(&b, m->cols[i]);
	es_put_u32(&b, m->nrecip);
	for (i = 0; i < m->nrecip; i++) es_props_pack(&b, &m->recips[i]);
	es_put_u32(&b, m->natt);
	for (i = 0; i < m->natt; i++) {
		es_put_u32(&b, m->atts[i].num);
		es_props_pack(&b, &m->atts[i].props);
	}
	es_put_u32(&b, m->next_att);
	ok = key != NULL && es_rec_store(st, key, &b);
	talloc_free(b.mem);
	return ok;
}

bool es_message_delete_rec(struct emsmdb_store *st, const struct es_mailbox *mbx,
			   uint64_t mid)
{
	char *key = msg_key(NULL, mbx, mid);
	bool ok = key != NULL && es_rec_delete(st, key);
	talloc_free(key);
	return ok;
}

bool es_message_copy(TALLOC_CTX *mem, const struct es_message *src,
		     struct es_message **out)
{
	struct es_message *m = talloc_zero(mem, struct es_message);
	uint32_t i;

	if (m == NULL) return false;
	m->mid = src->mid;
	m->fid = src->fid;
	m->next_att = src->next_att;
	m->ncols = src->ncols;
	m->cols = es_memdup_pad(m, src->cols, src->ncols * sizeof(uint32_t), sizeof(uint32_t));
	m->nrecip = src->nrecip;
	m->recips = talloc_zero_array(m, struct es_props, src->nrecip + 1);
	m->natt = src->natt;
	m->atts = talloc_zero_array(m, struct es_attach, src->natt + 1);
	if (m->cols == NULL || m->recips == NULL || m->atts == NULL ||
	    !es_props_copy(m, &m->props, &src->props)) {
		goto fail;
	}
	for (i = 0; i < src->nrecip; i++) {
		if (!es_props_copy(m, &m->recips[i], &src->recips[i])) goto fail;
	}
	for (i = 0; i < src->natt; i++) {
		m->atts[i].num = src->atts[i].num;
		if (!es_props_copy(m, &m->atts[i].props, &src->atts[i].props)) goto fail;
	}
	*out = m;
	return true;
fail:
	talloc_free(m);
	return false;
}

static uint32_t props_size(const struct es_props *p)
{
	uint32_t i, n = 0;
	for (i = 0; i < p->count; i++) {
		n += 4 + es_propval_wire_size(&p->v[i].value);
	}
	return n;
}

bool es_attach_props(TALLOC_CTX *mem, const struct es_attach *a, struct es_props *out)
{
	*out = (struct es_props) { 0 };
	return es_props_copy(mem, out, &a->props) &&
	       es_props_set_u32(mem, out, PR_ATTACH_NUM, a->num) &&
	       es_props_set_u32(mem, out, PR_ATTACH_SIZE, props_size(&a->props));
}

bool es_message_props(TALLOC_CTX *mem, const struct es_mailbox *mbx,
		      const struct es_message *m, struct es_props *out)
{
	uint32_t flags = 0, size, i;

	es_props_get_u32(&m->props, PR_MESSAGE_FLAGS, &flags);
	flags &= ~MSGFLAG_HASATTACH;
	if (m->natt > 0) flags |= MSGFLAG_HASATTACH;
	size = props_size(&m->props);
	for (i = 0; i < m->nrecip; i++) size += props_size(&m->recips[i]);
	for (i = 0; i < m->natt; i++) size += props_size(&m->atts[i].props);
	*out = (struct es_props) { 0 };
	if (!es_props_copy(mem, out, &m->props) ||
	    !es_props_set_u64(mem, out, PR_MID, m->mid) ||
	    !es_props_set_u64(mem, out, PR_INST_ID, m->mid) ||
	    !es_props_set_u32(mem, out, PR_INSTANCE_NUM, 0) ||
	    !es_props_set_u64(mem, out, PR_FID, m->fid) ||
	    !es_props_set_u64(mem, out, PR_PARENT_FID, m->fid) ||
	    !es_props_set_u32(mem, out, PR_MESSAGE_FLAGS, flags) ||
	    !es_props_set_u32(mem, out, PR_MESSAGE_SIZE, size) ||
	    !es_props_set_u32(mem, out, PR_HASATTACH, m->natt > 0)) {
		return false;
	}
	/* PidTagSubject is PidTagSubjectPrefix + PidTagNormalizedSubject
	 * (MS-OXCMSG 2.2.1.46): give whichever is missing. */
	if (es_props_find(out, PR_SUBJECT) != NULL &&
	    es_props_find(out, PR_NORMALIZED_SUBJECT) == NULL) {
		if (!es_props_set(mem, out, PR_NORMALIZED_SUBJECT,
				  &es_props_find(out, PR_SUBJECT)->value)) return false;
	}
	return true;
}

uint32_t es_message_store_in(TALLOC_CTX *mem, struct emsmdb_store *st,
			     const struct es_mailbox *mbx, struct es_message *m)
{
	struct es_folder *f;
	uint32_t ret = es_folder_load(mem, st, mbx, m->fid, &f);
	uint32_t i;

	if (ret != EC_SUCCESS) return ret;
	if (!es_count_watch(st, mbx, m->fid)) return EC_ERROR;
	for (i = 0; i < f->nmsg && f->msgs[i] != m->mid; i++) ;
	if (i == f->nmsg) {
		if (!es_id_list_add(f, &f->msgs, &f->nmsg, m->mid)) return EC_NOT_ENOUGH_MEMORY;
	}
	if (!es_props_set_u64(f, &f->props, PR_LAST_MODIFICATION_TIME, es_nttime_now()) ||
	    !es_folder_save(st, mbx, f) || !es_message_save(st, mbx, m)) {
		return EC_ERROR;
	}
	return EC_SUCCESS;
}

uint32_t es_message_remove(TALLOC_CTX *mem, struct emsmdb_store *st,
			   const struct es_mailbox *mbx, uint64_t fid, uint64_t mid)
{
	struct es_folder *f;
	uint32_t ret = es_folder_load(mem, st, mbx, fid, &f);

	if (ret != EC_SUCCESS) return ret;
	if (!es_count_watch(st, mbx, fid)) return EC_ERROR;
	if (!es_id_list_remove(f->msgs, &f->nmsg, mid)) return EC_NOT_FOUND;
	if (!es_folder_save(st, mbx, f) || !es_message_delete_rec(st, mbx, mid)) {
		return EC_ERROR;
	}
	return EC_SUCCESS;
}

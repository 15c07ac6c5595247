/*
 * Property ROPs (MS-OXCPRPT) on folders, messages, attachments and the
 * logon: RopGetPropertiesSpecific, RopGetPropertiesAll,
 * RopGetPropertiesList, RopSetProperties, RopDeleteProperties, and the
 * property rows every table and recipient answer is made of.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "es_private.h"

#define PR_MAILBOX_OWNER_NAME 0x661C001F
#define PR_USER_ENTRYID 0x66190102

bool es_object_props(TALLOC_CTX *mem, struct es_call *c, struct es_object *o,
		     struct es_props *out)
{
	const struct es_mailbox *mbx = o->logon->mbx;
	struct es_folder *f;

	*out = (struct es_props) { 0 };
	switch (o->kind) {
	case ES_OBJ_LOGON:
		return es_props_set_str(mem, out, PR_DISPLAY_NAME, mbx->dn) &&
		       es_props_set_str(mem, out, PR_MAILBOX_OWNER_NAME, mbx->dn);
	case ES_OBJ_FOLDER:
		return es_folder_load(mem, es_call_store(c), mbx, o->fid, &f) == EC_SUCCESS &&
		       es_folder_props(mem, es_call_store(c), mbx, f, out);
	case ES_OBJ_MESSAGE:
		return es_message_props(mem, mbx, o->msg->m, out);
	case ES_OBJ_ATTACH:
		return es_attach_props(mem, &o->att->a, out);
	default:
		return false;
	}
}

/* One cell: the value as the column's type, or an error. */
static bool make_cell(TALLOC_CTX *mem, const struct es_props *p, uint32_t col,
		      bool want_unicode, uint32_t size_limit, struct rop_rowval *rv)
{
	const struct rop_tagged_value *tv = es_props_find(p, col);
	uint16_t want = PROP_TYPE(col);

	if (tv != NULL && want == ROP_PT_UNSPECIFIED) {
		want = tv->value.type;
		if (want == ROP_PT_STRING8 && want_unicode) want = ROP_PT_UNICODE;
		if (want == ROP_PT_UNICODE && !want_unicode) want = ROP_PT_STRING8;
	}
	if (tv == NULL || !es_propval_convert(mem, &tv->value, want, &rv->value)) {
		rv->flag = 0x0A;
		rv->value = (struct rop_propval) { .type = want ? want : ROP_PT_ERROR,
						   .u = EC_NOT_FOUND };
		return true;
	}
	if (size_limit && es_propval_wire_size(&rv->value) > size_limit) {
		/* MS-OXCPRPT 3.2.5.1: too big for the buffer: read it by stream */
		rv->flag = 0x0A;
		rv->value = (struct rop_propval) { .type = want, .u = EC_NOT_ENOUGH_MEMORY };
	}
	return true;
}

static bool make_row_limited(TALLOC_CTX *mem, const struct es_props *p, const uint32_t *cols,
			     uint32_t ncols, bool want_unicode, uint32_t size_limit,
			     struct rop_property_row *row)
{
	uint32_t i;

	*row = (struct rop_property_row) { .ncols = ncols, .columns = cols };
	row->values = talloc_zero_array(mem, struct rop_rowval, ncols + 1);
	if (row->values == NULL) return false;
	for (i = 0; i < ncols; i++) {
		if (!make_cell(mem, p, cols[i], want_unicode, size_limit, &row->values[i])) return false;
		if (row->values[i].flag != 0) row->flag = 1;
	}
	return true;
}

bool es_make_row(TALLOC_CTX *mem, const struct es_props *p, const uint32_t *cols,
		 uint32_t ncols, struct rop_property_row *row)
{
	return make_row_limited(mem, p, cols, ncols, true, 0, row);
}

uint32_t es_row_wire_size(const struct rop_property_row *row)
{
	uint32_t i, n = 1;
	for (i = 0; i < row->ncols; i++) {
		const struct rop_rowval *rv = &row->values[i];
		if (PROP_TYPE(row->columns[i]) == ROP_PT_UNSPECIFIED) n += 2;
		if (row->flag) n += 1;
		if (rv->flag == 0x0A) n += 4;
		else if (rv->flag == 0) n += es_propval_wire_size(&rv->value);
	}
	return n;
}

static uint32_t rop_get_properties_specific(struct es_call *c)
{
	const struct rop_GetPropertiesSpecific_req *q = &c->req->u.GetPropertiesSpecific;
	struct rop_property_row *row = &c->rsp->u.GetPropertiesSpecific.RowData;
	struct es_props p;
	uint32_t limit = q->PropertySizeLimit ? q->PropertySizeLimit : 0;

	if (!es_object_props(c->mem, c, c->in, &p)) return EC_NOT_ENOUGH_MEMORY;
	if (!make_row_limited(c->mem, &p, q->PropertyTags, q->PropertyTagCount,
			      q->WantUnicode != 0, limit, row)) {
		return EC_NOT_ENOUGH_MEMORY;
	}
	/* Values that make the row too big for the response are errors. */
	if (es_row_wire_size(row) > c->budget &&
	    !make_row_limited(c->mem, &p, q->PropertyTags, q->PropertyTagCount,
			      q->WantUnicode != 0,
			      c->budget / (q->PropertyTagCount ? q->PropertyTagCount : 1), row)) {
		return EC_NOT_ENOUGH_MEMORY;
	}
	return EC_SUCCESS;
}

static uint32_t rop_get_properties_all(struct es_call *c)
{
	const struct rop_GetPropertiesAll_req *q = &c->req->u.GetPropertiesAll;
	struct rop_GetPropertiesAll_rsp *r = &c->rsp->u.GetPropertiesAll;
	struct es_props p;
	uint32_t i, used = 2;

	if (!es_object_props(c->mem, c, c->in, &p)) return EC_NOT_ENOUGH_MEMORY;
	r->PropertyValues = talloc_zero_array(c->mem, struct rop_tagged_value, p.count + 1);
	if (r->PropertyValues == NULL) return EC_NOT_ENOUGH_MEMORY;
	for (i = 0; i < p.count && i < 0xffff; i++) {
		struct rop_tagged_value *tv = &r->PropertyValues[r->PropertyValueCount];
		uint16_t type = p.v[i].value.type;
		uint32_t size;
		if (!q->WantUnicode && (type & ~ROP_PT_MV) == ROP_PT_UNICODE) {
			type = (type & ROP_PT_MV) | ROP_PT_STRING8;
		}
		if (!es_propval_convert(c->mem, &p.v[i].value, type, &tv->value)) continue;
		tv->tag = PROP_TAG(PROP_ID(p.v[i].tag), type);
		size = 4 + es_propval_wire_size(&tv->value);
		if ((q->PropertySizeLimit && size - 4 > q->PropertySizeLimit) ||
		    used + size > c->budget) {
			/* a value too big: its error code instead */
			tv->tag = PROP_TAG(PROP_ID(p.v[i].tag), ROP_PT_ERROR);
			tv->value = (struct rop_propval) { .type = ROP_PT_ERROR, .u = EC_NOT_ENOUGH_MEMORY };
			size = 8;
		}
		used += size;
		r->PropertyValueCount++;
	}
	return EC_SUCCESS;
}

static uint32_t rop_get_properties_list(struct es_call *c)
{
	struct rop_GetPropertiesList_rsp *r = &c->rsp->u.GetPropertiesList;
	struct es_props p;
	uint32_t i;

	if (!es_object_props(c->mem, c, c->in, &p)) return EC_NOT_ENOUGH_MEMORY;
	r->PropertyTags = talloc_array(c->mem, uint32_t, p.count + 1);
	if (r->PropertyTags == NULL) return EC_NOT_ENOUGH_MEMORY;
	for (i = 0; i < p.count && i < 0xffff; i++) r->PropertyTags[i] = p.v[i].tag;
	r->PropertyTagCount = i;
	return EC_SUCCESS;
}

/* Properties the store computes: a client cannot set them. */
static bool read_only(uint32_t tag)
{
	static const uint32_t ro[] = {
		PR_FID, PR_PARENT_FID, PR_MID, PR_INST_ID, PR_INSTANCE_NUM,
		PR_CONTENT_COUNT, PR_CONTENT_UNREAD, PR_SUBFOLDERS, PR_FOLDER_CHILD_COUNT,
		PR_ASSOC_CONTENT_COUNT, PR_MESSAGE_SIZE, PR_HASATTACH, PR_ENTRYID,
		PR_ATTACH_NUM, PR_ATTACH_SIZE,
	};
	size_t i;
	for (i = 0; i < ARRAY_SIZE(ro); i++) {
		if (PROP_ID(ro[i]) == PROP_ID(tag)) return true;
	}
	return false;
}

static bool add_problem(TALLOC_CTX *mem, struct rop_PropertyProblem **pp, uint16_t *n,
			uint16_t index, uint32_t tag, uint32_t err)
{
	struct rop_PropertyProblem *p = talloc_realloc(mem, *pp, struct rop_PropertyProblem, *n + 1);
	if (p == NULL) return false;
	p[*n] = (struct rop_PropertyProblem) { .Index = index, .PropertyTag = tag, .ErrorCode = err };
	(*n)++;
	*pp = p;
	return true;
}

/* Apply to a property set; p's memory is owner. */
static uint32_t apply(TALLOC_CTX *mem, TALLOC_CTX *owner, struct es_props *p,
		      const struct rop_tagged_value *set, uint32_t nset,
		      const uint32_t *del, uint32_t ndel,
		      struct rop_PropertyProblem **problems, uint16_t *nproblems)
{
	uint32_t i;
	for (i = 0; i < nset; i++) {
		uint32_t tag = set[i].tag;
		uint32_t err = 0;
		if (!es_type_valid(PROP_TYPE(tag)) || set[i].value.type != PROP_TYPE(tag) ||
		    PROP_ID(tag) == 0) {
			err = EC_INVALID_PARAM;
		} else if (read_only(tag)) {
			err = EC_ACCESS_DENIED;
		} else if (!es_props_set(owner, p, tag, &set[i].value)) {
			return EC_NOT_ENOUGH_MEMORY;
		}
		if (err && !add_problem(mem, problems, nproblems, i, tag, err)) return EC_NOT_ENOUGH_MEMORY;
	}
	for (i = 0; i < ndel; i++) {
		if (read_only(del[i])) {
			if (!add_problem(mem, problems, nproblems, i, del[i], EC_ACCESS_DENIED)) {
				return EC_NOT_ENOUGH_MEMORY;
			}
			continue;
		}
		es_props_delete(p, del[i]);
	}
	return EC_SUCCESS;
}

uint32_t es_object_write(TALLOC_CTX *mem, struct emsmdb_session *sess, struct es_object *o,
			 const struct rop_tagged_value *set, uint32_t nset,
			 const uint32_t *del, uint32_t ndel,
			 struct rop_PropertyProblem **problems, uint16_t *nproblems)
{
	struct emsmdb_store *st = sess->store;
	struct es_folder *f;
	uint32_t ret;

	*problems = NULL;
	*nproblems = 0;
	switch (o->kind) {
	case ES_OBJ_MESSAGE:
		if (!o->msg->writable) return EC_ACCESS_DENIED;
		return apply(mem, o->msg->m, &o->msg->m->props, set, nset, del, ndel, problems, nproblems);
	case ES_OBJ_ATTACH:
		if (!o->att->writable) return EC_ACCESS_DENIED;
		return apply(mem, o->att, &o->att->a.props, set, nset, del, ndel, problems, nproblems);
	case ES_OBJ_FOLDER:
		ret = es_folder_load(mem, st, o->logon->mbx, o->fid, &f);
		if (ret != EC_SUCCESS) return ret;
		ret = apply(mem, f, &f->props, set, nset, del, ndel, problems, nproblems);
		if (ret != EC_SUCCESS) return ret;
		if (!es_props_set_u64(f, &f->props, PR_LAST_MODIFICATION_TIME, es_nttime_now())) {
			return EC_NOT_ENOUGH_MEMORY;
		}
		if (!es_tx_begin(st)) return EC_ERROR;
		/* ObjectModified: hierarchy tables show the folder's properties */
		if (!es_folder_save(st, o->logon->mbx, f) ||
		    !es_event_folder(st, o->logon->mbx, ES_EVENT_MODIFIED, f->fid, 0)) {
			es_tx_cancel(st);
			return EC_ERROR;
		}
		return es_tx_commit(st) ? EC_SUCCESS : EC_ERROR;
	default:
		return EC_NOT_SUPPORTED;
	}
}

static uint32_t rop_set_properties(struct es_call *c)
{
	const struct rop_SetProperties_req *q = &c->req->u.SetProperties;
	struct rop_SetProperties_rsp *r = &c->rsp->u.SetProperties;
	return es_object_write(c->mem, c->sess, c->in, q->PropertyValues, q->PropertyValueCount,
			       NULL, 0, &r->PropertyProblems, &r->PropertyProblemCount);
}

static uint32_t rop_delete_properties(struct es_call *c)
{
	const struct rop_DeleteProperties_req *q = &c->req->u.DeleteProperties;
	struct rop_DeleteProperties_rsp *r = &c->rsp->u.DeleteProperties;
	return es_object_write(c->mem, c->sess, c->in, NULL, 0, q->PropertyTags,
			       q->PropertyTagCount, &r->PropertyProblems, &r->PropertyProblemCount);
}

static uint32_t rop_get_ids_from_names(struct es_call *c)
{
	const struct rop_GetPropertyIdsFromNames_req *q = &c->req->u.GetPropertyIdsFromNames;
	struct rop_GetPropertyIdsFromNames_rsp *r = &c->rsp->u.GetPropertyIdsFromNames;
	struct emsmdb_store *st = es_call_store(c);
	bool create = (q->Flags & 0x02) != 0;   /* MNID_CREATE */
	uint32_t i, ret;

	r->PropertyIds = talloc_zero_array(c->mem, uint16_t, q->PropertyNameCount + 1);
	if (r->PropertyIds == NULL) return EC_NOT_ENOUGH_MEMORY;
	if (create && !es_tx_begin(st)) return EC_ERROR;
	for (i = 0; i < q->PropertyNameCount; i++) {
		ret = es_named_to_id(c->mem, st, es_call_mbx(c), &q->PropertyNames[i], create,
				     &r->PropertyIds[i]);
		/* An unknown name gets id 0 (MS-OXCPRPT 3.2.5.8). */
		if (ret == EC_NOT_FOUND || ret == EC_INVALID_PARAM) continue;
		if (ret != EC_SUCCESS) {
			if (create) es_tx_cancel(st);
			return ret;
		}
	}
	if (create && !es_tx_commit(st)) return EC_ERROR;
	r->PropertyIdCount = q->PropertyNameCount;
	return EC_SUCCESS;
}

static uint32_t rop_get_names_from_ids(struct es_call *c)
{
	const struct rop_GetNamesFromPropertyIds_req *q = &c->req->u.GetNamesFromPropertyIds;
	struct rop_GetNamesFromPropertyIds_rsp *r = &c->rsp->u.GetNamesFromPropertyIds;
	uint32_t i, ret;

	r->PropertyNames = talloc_zero_array(c->mem, struct rop_property_name, q->PropertyIdCount + 1);
	if (r->PropertyNames == NULL) return EC_NOT_ENOUGH_MEMORY;
	for (i = 0; i < q->PropertyIdCount; i++) {
		ret = es_named_from_id(c->mem, es_call_store(c), es_call_mbx(c),
				       q->PropertyIds[i], &r->PropertyNames[i]);
		if (ret == EC_NOT_FOUND) {
			r->PropertyNames[i].kind = 0xFF;
		} else if (ret != EC_SUCCESS) {
			return ret;
		}
	}
	r->PropertyNameCount = q->PropertyIdCount;
	return EC_SUCCESS;
}

#define PROPS (ES_KIND_BIT(ES_OBJ_FOLDER) | ES_KIND_BIT(ES_OBJ_MESSAGE) | \
	       ES_KIND_BIT(ES_OBJ_ATTACH) | ES_KIND_BIT(ES_OBJ_LOGON))

const struct es_rop_handler es_rops_property[] = {
	{ ROP_ID_GETPROPERTIESSPECIFIC, PROPS, rop_get_properties_specific },
	{ ROP_ID_GETPROPERTIESALL, PROPS, rop_get_properties_all },
	{ ROP_ID_GETPROPERTIESLIST, PROPS, rop_get_properties_list },
	{ ROP_ID_SETPROPERTIES, PROPS, rop_set_properties },
	{ ROP_ID_DELETEPROPERTIES, PROPS, rop_delete_properties },
	{ ROP_ID_GETPROPERTYIDSFROMNAMES, PROPS, rop_get_ids_from_names },
	{ ROP_ID_GETNAMESFROMPROPERTYIDS, PROPS, rop_get_names_from_ids },
	{ 0, 0, NULL }
};

/*
 * Table objects (MS-OXCTABL): hierarchy, contents and attachment tables
 * with their column set, sort order, restriction and cursor, and the ROPs
 * on them: RopSetColumns, RopSortTable, RopRestrict, RopQueryRows,
 * RopQueryPosition, RopSeekRow and RopFindRow.  Rows are computed from
 * the store at each read, so a table always shows the current contents;
 * the cursor is a row index.  Reading a table subscribes it to
 * TableModified notifications (es_table_notify.c).
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "es_private.h"

#define BOOKMARK_BEGINNING 0
#define BOOKMARK_CURRENT 1
#define BOOKMARK_END 2
#define QUERY_NO_ADVANCE 0x01
#define FIND_BACKWARD 0x01
#define ORDER_DESCENDING 0x01
#define MV_INSTANCE 0x2000

struct row {
	struct es_props props;
	struct es_message *m;
};

void es_table_init(struct es_object *o, int kind, uint8_t flags)
{
	o->table = talloc_zero(o, struct es_table);
	if (o->table == NULL) return;
	o->table->kind = kind;
	o->table->flags = flags;
}

static bool add_row(TALLOC_CTX *mem, struct row **rows, uint32_t *n, struct row **out)
{
	struct row *r = talloc_realloc(mem, *rows, struct row, *n + 1);
	if (r == NULL) return false;
	*rows = r;
	*out = &r[(*n)++];
	**out = (struct row) { .m = NULL };
	return true;
}

static uint32_t folder_rows(TALLOC_CTX *mem, struct emsmdb_store *st, const struct es_mailbox *mbx,
			    uint64_t fid, bool depth, struct row **rows, uint32_t *n)
{
	struct es_folder *f, *child;
	uint32_t i, ret = es_folder_load(mem, st, mbx, fid, &f);
	struct row *r;

	if (ret != EC_SUCCESS) return ret;
	for (i = 0; i < f->nsub; i++) {
		if (es_folder_load(mem, st, mbx, f->sub[i], &child) != EC_SUCCESS) continue;
		if (!add_row(mem, rows, n, &r) || !es_folder_props(mem, st, mbx, child, &r->props)) {
			return EC_NOT_ENOUGH_MEMORY;
		}
		if (depth) {
			ret = folder_rows(mem, st, mbx, child->fid, true, rows, n);
			if (ret != EC_SUCCESS) return ret;
		}
	}
	return EC_SUCCESS;
}

static uint32_t content_rows(TALLOC_CTX *mem, struct emsmdb_store *st, const struct es_mailbox *mbx,
			     uint64_t fid, bool assoc, struct row **rows, uint32_t *n)
{
	struct es_folder *f;
	uint32_t i, ret = es_folder_load(mem, st, mbx, fid, &f);
	struct row *r;

	if (ret != EC_SUCCESS) return ret;
	for (i = 0; i < f->nmsg; i++) {
		struct es_message *m;
		uint32_t flags = 0;
		if (es_message_load(mem, st, mbx, f->msgs[i], &m) != EC_SUCCESS) continue;
		es_props_get_u32(&m->props, PR_MESSAGE_FLAGS, &flags);
		if (((flags & MSGFLAG_ASSOCIATED) != 0) != assoc) continue;
		if (!add_row(mem, rows, n, &r) || !es_message_props(mem, mbx, m, &r->props)) {
			return EC_NOT_ENOUGH_MEMORY;
		}
		r->m = m;
	}
	return EC_SUCCESS;
}

static int row_compare(const struct es_table *t, const struct row *a, const struct row *b)
{
	uint16_t i;
	for (i = 0; i < t->nsort; i++) {
		uint32_t tag = PROP_TAG(t->sort[i].PropertyId, t->sort[i].PropertyType);
		const struct rop_tagged_value *va = es_props_find(&a->props, tag);
		const struct rop_tagged_value *vb = es_props_find(&b->props, tag);
		int c;
		/* a missing value sorts first */
		if (va == NULL || vb == NULL) c = (va != NULL) - (vb != NULL);
		else c = es_propval_compare(&va->value, &vb->value);
		if (t->sort[i].Order & ORDER_DESCENDING) c = -c;
		if (c != 0) return c;
	}
	return 0;
}

/* The rows of the table as it stands: computed, restricted, sorted. */
static uint32_t table_rows(TALLOC_CTX *mem, struct emsmdb_store *st, struct es_object *o,
			   struct row **out, uint32_t *nout)
{
	struct es_table *t = o->table;
	const struct es_mailbox *mbx = o->logon->mbx;
	struct row *rows = NULL, tmp;
	uint32_t n = 0, i, j, k, ret = EC_SUCCESS;

	if (t->kind == ES_TABLE_HIERARCHY) {
		ret = folder_rows(mem, st, mbx, o->fid, t->flags & ES_TABLE_DEPTH, &rows, &n);
	} else if (t->kind == ES_TABLE_CONTENTS) {
		ret = content_rows(mem, st, mbx, o->fid, t->flags & ES_TABLE_ASSOCIATED, &rows, &n);
	} else {
		const struct es_message *m = o->parent->msg->m;
		struct row *r;
		for (i = 0; i < m->natt; i++) {
			if (!add_row(mem, &rows, &n, &r) ||
			    !es_attach_props(mem, &m->atts[i], &r->props)) {
				return EC_NOT_ENOUGH_MEMORY;
			}
		}
	}
	if (ret != EC_SUCCESS) return ret;
	for (i = 0, k = 0; i < n; i++) {
		if (es_restriction_eval(t->res, &rows[i].props, rows[i].m)) rows[k++] = rows[i];
	}
	n = k;
	/* insertion sort: stable, and tables here are small */
	for (i = 1; i < n; i++) {
		tmp = rows[i];
		for (j = i; j > 0 && row_compare(t, &rows[j - 1], &tmp) > 0; j--) rows[j] = rows[j - 1];
		rows[j] = tmp;
	}
	*out = rows;
	*nout = n;
	return EC_SUCCESS;
}

uint32_t es_table_count(struct es_call *c, struct es_object *o, uint32_t *n)
{
	TALLOC_CTX *t = talloc_new(NULL);
	struct row *rows;
	uint32_t ret = table_rows(t, es_call_store(c), o, &rows, n);
	talloc_free(t);
	return ret;
}

uint32_t es_table_rows_now(TALLOC_CTX *mem, struct emsmdb_store *st, struct es_object *o,
			   struct es_table_row **out, uint32_t *nout)
{
	TALLOC_CTX *t = talloc_new(NULL);
	struct es_table *tb = o->table;
	struct es_table_row *ids;
	struct row *rows;
	uint32_t i, n, ret = t ? table_rows(t, st, o, &rows, &n) : EC_NOT_ENOUGH_MEMORY;

	if (ret != EC_SUCCESS) {
		talloc_free(t);
		return ret;
	}
	ids = talloc_zero_array(mem, struct es_table_row, n + 1);
	for (i = 0; ids != NULL && i < n; i++) {
		struct rop_property_row pr;

		/* a hierarchy row is its folder; a contents row its message
		 * in the table's folder; no row here is a multi-valued
		 * instance, so TableRowInstance is 0 */
		if (rows[i].m != NULL) {
			ids[i].fid = rows[i].m->fid;
			ids[i].mid = rows[i].m->mid;
		} else {
			const struct rop_tagged_value *fid = es_props_find(&rows[i].props, PR_FID);

			if (fid == NULL) {
				ret = EC_ERROR;
				break;
			}
			ids[i].fid = fid->value.u;
		}
		if (!es_make_row(t, &rows[i].props, tb->cols, tb->ncols, &pr) ||
		    !NT_STATUS_IS_OK(rop_property_row_push(ids, &pr, &ids[i].data))) {
			ret = EC_NOT_ENOUGH_MEMORY;
			break;
		}
	}
	if (ids == NULL) ret = EC_NOT_ENOUGH_MEMORY;
	talloc_free(t);
	if (ret != EC_SUCCESS) {
		talloc_free(ids);
		return ret;
	}
	*out = ids;
	*nout = n;
	return EC_SUCCESS;
}

/* ------------------------------------------------------------ ROPs */

static uint32_t rop_set_columns(struct es_call *c)
{
	const struct rop_SetColumns_req *q = &c->req->u.SetColumns;
	struct es_table *t = c->in->table;
	uint32_t i, *cols;

	if (q->PropertyTagCount == 0) return EC_INVALID_PARAM;
	for (i = 0; i < q->PropertyTagCount; i++) {
		uint16_t type = PROP_TYPE(q->PropertyTags[i]);
		if (type & MV_INSTANCE) return EC_NOT_SUPPORTED;
		if (type != ROP_PT_UNSPECIFIED && !es_type_valid(type)) return EC_INVALID_PARAM;
	}
	cols = talloc_memdup(t, q->PropertyTags, q->PropertyTagCount * sizeof(uint32_t));
	if (cols == NULL) return EC_NOT_ENOUGH_MEMORY;
	talloc_free(t->cols);
	t->cols = cols;
	t->ncols = q->PropertyTagCount;
	es_table_view_reset(es_call_store(c), c->in);
	c->rsp->u.SetColumns.TableStatus = 0; /* TBLSTAT_COMPLETE */
	return EC_SUCCESS;
}

static uint32_t rop_sort_table(struct es_call *c)
{
	const struct rop_SortTable_req *q = &c->req->u.SortTable;
	struct es_table *t = c->in->table;
	struct rop_SortOrder *s;

	/* MS-OXCTABL 2.2.2.11.1: categories are a prefix of the sort
	 * orders, expanded ones a prefix of the categories.  Categories
	 * are sorted on but not collapsed into header rows. */
	if (q->CategoryCount > q->SortOrderCount || q->ExpandedCount > q->CategoryCount) {
		return EC_INVALID_PARAM;
	}
	if (t->kind != ES_TABLE_CONTENTS && q->CategoryCount > 0) return EC_NOT_SUPPORTED;
	s = es_memdup_pad(t, q->SortOrders, q->SortOrderCount * sizeof(*s), sizeof(*s));
	if (s == NULL) return EC_NOT_ENOUGH_MEMORY;
	talloc_free(t->sort);
	t->sort = s;
	t->nsort = q->SortOrderCount;
	t->pos = 0;
	es_table_view_reset(es_call_store(c), c->in);
	c->rsp->u.SortTable.TableStatus = 0;
	return EC_SUCCESS;
}

static bool copy_restriction(TALLOC_CTX *mem, struct rop_restriction *dst,
			     const struct rop_restriction *src, unsigned depth)
{
	uint32_t i, nsubs = src->count ? src->count : (src->has_sub ? 1 : 0);

	if (depth > ROP_RESTRICTION_MAX_DEPTH) return false;
	*dst = *src;
	dst->subs = NULL;
	dst->values = NULL;
	if (nsubs > 0 && src->subs != NULL) {
		dst->subs = talloc_zero_array(mem, struct rop_restriction, nsubs);
		if (dst->subs == NULL) return false;
		for (i = 0; i < nsubs; i++) {
			if (!copy_restriction(mem, &dst->subs[i], &src->subs[i], depth + 1)) return false;
		}
	}
	if (src->nvalues > 0 && src->values != NULL) {
		dst->values = talloc_zero_array(mem, struct rop_tagged_value, src->nvalues);
		if (dst->values == NULL) return false;
		for (i = 0; i < src->nvalues; i++) {
			dst->values[i].tag = src->values[i].tag;
			if (!es_propval_copy(mem, &dst->values[i].value, &src->values[i].value)) return false;
		}
	}
	return true;
}

static uint32_t rop_restrict(struct es_call *c)
{
	const struct rop_Restrict_req *q = &c->req->u.Restrict;
	struct es_table *t = c->in->table;
	struct rop_restriction *r = NULL;

	if (q->RestrictionDataSize > 0 && q->RestrictionData != NULL) {
		r = talloc_zero(t, struct rop_restriction);
		if (r == NULL || !copy_restriction(r, r, q->RestrictionData, 0)) {
			talloc_free(r);
			return EC_NOT_ENOUGH_MEMORY;
		}
	}
	talloc_free(t->res);
	t->res = r;
	t->pos = 0;
	es_table_view_reset(es_call_store(c), c->in);
	c->rsp->u.Restrict.TableStatus = 0;
	return EC_SUCCESS;
}

static uint8_t origin_of(uint32_t pos, uint32_t n)
{
	return pos == 0 ? BOOKMARK_BEGINNING : pos >= n ? BOOKMARK_END : BOOKMARK_CURRENT;
}

static uint32_t rop_query_rows(struct es_call *c)
{
	const struct rop_QueryRows_req *q = &c->req->u.QueryRows;
	struct rop_QueryRows_rsp *r = &c->rsp->u.QueryRows;
	struct es_table *t = c->in->table;
	struct row *rows;
	uint32_t n, pos, used = 3, ret;

	/* MS-OXCTABL 3.2.5.5: no columns set yet */
	if (t->ncols == 0) return EC_NULL_OBJECT;
	es_table_sync(c->sess, c->in);
	ret = table_rows(c->mem, es_call_store(c), c->in, &rows, &n);
	if (ret != EC_SUCCESS) return ret;
	pos = t->pos > n ? n : t->pos;
	r->RowData = talloc_zero_array(c->mem, struct rop_property_row, q->RowCount + 1);
	if (r->RowData == NULL) return EC_NOT_ENOUGH_MEMORY;
	while (r->RowCount < q->RowCount && (q->ForwardRead ? pos < n : pos > 0)) {
		struct rop_property_row *row = &r->RowData[r->RowCount];
		uint32_t at = q->ForwardRead ? pos : pos - 1, size;
		if (!es_make_row(c->mem, &rows[at].props, t->cols, t->ncols, row)) {
			return EC_NOT_ENOUGH_MEMORY;
		}
		size = es_row_wire_size(row);
		/* Rows that do not fit wait for the next call; a first row
		 * that does not fit makes the whole ROP too big, which the
		 * caller answers with RopBufferTooSmall. */
		if (r->RowCount > 0 && used + size > c->budget) break;
		used += size;
		r->RowCount++;
		pos = q->ForwardRead ? pos + 1 : pos - 1;
	}
	if (!(q->QueryRowsFlags & QUERY_NO_ADVANCE)) t->pos = pos;
	r->Origin = origin_of(pos, n);
	es_table_viewed(es_call_store(c), c->in);
	return EC_SUCCESS;
}

static uint32_t rop_query_position(struct es_call *c)
{
	uint32_t n, ret;

	es_table_sync(c->sess, c->in);
	ret = es_table_count(c, c->in, &n);
	if (ret != EC_SUCCESS) return ret;
	c->rsp->u.QueryPosition.Numerator = c->in->table->pos > n ? n : c->in->table->pos;
	c->rsp->u.QueryPosition.Denominator = n;
	es_table_viewed(es_call_store(c), c->in);
	return EC_SUCCESS;
}

static bool origin_pos(uint8_t origin, uint32_t cur, uint32_t n, int64_t *pos)
{
	switch (origin) {
	case BOOKMARK_BEGINNING: *pos = 0; return true;
	case BOOKMARK_CURRENT: *pos = cur > n ? n : cur; return true;
	case BOOKMARK_END: *pos = n; return true;
	default: return false;
	}
}

static uint32_t rop_seek_row(struct es_call *c)
{
	const struct rop_SeekRow_req *q = &c->req->u.SeekRow;
	struct es_table *t = c->in->table;
	int64_t start, want;
	uint32_t n, ret, now;

	es_table_sync(c->sess, c->in);
	ret = es_table_count(c, c->in, &n);
	if (ret != EC_SUCCESS) return ret;
	if (!origin_pos(q->Origin, t->pos, n, &start)) return EC_INVALID_BOOKMARK;
	want = start + (int32_t)q->RowCount;
	now = want < 0 ? 0 : want > n ? n : (uint32_t)want;
	t->pos = now;
	c->rsp->u.SeekRow.HasSoughtLess = (int64_t)now != want;
	c->rsp->u.SeekRow.RowsSought = (uint32_t)(int32_t)((int64_t)now - start);
	es_table_viewed(es_call_store(c), c->in);
	return EC_SUCCESS;
}

static uint32_t rop_find_row(struct es_call *c)
{
	const struct rop_FindRow_req *q = &c->req->u.FindRow;
	struct rop_FindRow_rsp *r = &c->rsp->u.FindRow;
	struct es_table *t = c->in->table;
	bool back = q->FindRowFlags & FIND_BACKWARD;
	struct row *rows;
	int64_t i;
	uint32_t n, ret;

	if (t->ncols == 0) return EC_NULL_OBJECT;
	/* Custom bookmarks (RopCreateBookmark) are not kept. */
	if (q->BookmarkSize > 0) return EC_INVALID_BOOKMARK;
	es_table_sync(c->sess, c->in);
	ret = table_rows(c->mem, es_call_store(c), c->in, &rows, &n);
	if (ret != EC_SUCCESS) return ret;
	if (!origin_pos(q->Origin, t->pos, n, &i)) return EC_INVALID_BOOKMARK;
	es_table_viewed(es_call_store(c), c->in);
	for (i = back ? i - 1 : i; i >= 0 && i < n; i += back ? -1 : 1) {
		if (!es_restriction_eval(q->RestrictionData, &rows[i].props, rows[i].m)) continue;
		t->pos = i;
		r->HasRowData = 1;
		return es_make_row(c->mem, &rows[i].props, t->cols, t->ncols, &r->RowData) ?
			EC_SUCCESS : EC_NOT_ENOUGH_MEMORY;
	}
	return EC_NOT_FOUND;
}

#define TABLE (ES_KIND_BIT(ES_OBJ_TABLE))

const struct es_rop_handler es_rops_table[] = {
	{ ROP_ID_SETCOLUMNS, TABLE, rop_set_columns },
	{ ROP_ID_SORTTABLE, TABLE, rop_sort_table },
	{ ROP_ID_RESTRICT, TABLE, rop_restrict },
	{ ROP_ID_QUERYROWS, TABLE, rop_query_rows },
	{ ROP_ID_QUERYPOSITION, TABLE, rop_query_position },
	{ ROP_ID_SEEKROW, TABLE, rop_seek_row },
	{ ROP_ID_FINDROW, TABLE, rop_find_row },
	{ 0, 0, NULL }
};

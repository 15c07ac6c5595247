/*
 * EMSMDB sessions: the server object handle table (MS-OXCROPS 3.1.4.1),
 * object lifetimes, and the loop that answers a ROP request buffer within
 * the client's response size, dispatching each ROP to its handler.
 *
 * Server objects form a tree (a stream keeps its message alive, a message
 * its logon): an object lives while its handle does or a child needs it.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "es_private.h"

/* Space kept free before running a ROP: every ROP that changes the store
 * answers in fewer bytes, so a changed store always gets its answer. */
#define ES_MIN_RSP 32
/* Server objects per session, so a client cannot exhaust memory. */
#define ES_MAX_OBJECTS 4096

static int session_destructor(struct emsmdb_session *sess)
{
	/* Objects hang off the session; commit nothing on teardown. */
	sess->nobjs = 0;
	return 0;
}

struct emsmdb_session *emsmdb_session_new(TALLOC_CTX *mem_ctx,
					  struct emsmdb_store *store,
					  const char *user_dn,
					  emsmdb_resolve_fn resolve,
					  void *resolve_private)
{
	struct emsmdb_session *sess = talloc_zero(mem_ctx, struct emsmdb_session);

	if (sess == NULL) return NULL;
	sess->store = store;
	sess->user_dn = talloc_strdup(sess, user_dn);
	sess->resolve = resolve;
	sess->resolve_private = resolve_private;
	sess->next_handle = 1;
	emsmdb_session_touch(sess);
	sess->state = rop_state_new(sess);
	if (sess->user_dn == NULL || sess->state == NULL) {
		talloc_free(sess);
		return NULL;
	}
	talloc_set_destructor(sess, session_destructor);
	return sess;
}

struct es_object *es_object_find(struct emsmdb_session *sess, uint32_t handle)
{
	uint32_t i;
	for (i = 0; i < sess->nobjs; i++) {
		if (sess->objs[i]->handle == handle) return sess->objs[i];
	}
	return NULL;
}

struct es_object *es_object_new(struct es_call *c, enum es_kind kind,
				struct es_object *parent)
{
	struct emsmdb_session *sess = c->sess;
	struct es_object *o, **objs;

	if (sess->nobjs >= ES_MAX_OBJECTS || sess->next_handle == 0xFFFFFFFF) return NULL;
	objs = talloc_realloc(sess, sess->objs, struct es_object *, sess->nobjs + 1);
	if (objs == NULL) return NULL;
	sess->objs = objs;
	o = talloc_zero(sess, struct es_object);
	if (o == NULL) return NULL;
	o->kind = kind;
	o->refs = 1;
	o->parent = parent;
	o->logon = parent ? parent->logon : NULL;
	o->handle = sess->next_handle++;
	if (parent) parent->refs++;
	sess->objs[sess->nobjs++] = o;
	c->out = o;
	return o;
}

void es_object_unref(struct emsmdb_session *sess, struct es_object *o)
{
	while (o != NULL && --o->refs == 0) {
		struct es_object *parent = o->parent;
		if (o->kind == ES_OBJ_STREAM) {
			/* MS-OXCPRPT 3.2.5.13: releasing a stream commits it. */
			es_stream_commit(sess, o);
		}
		talloc_free(o);
		o = parent;
	}
}

static void object_release(struct emsmdb_session *sess, struct es_object *o)
{
	uint32_t i;
	for (i = 0; i < sess->nobjs; i++) {
		if (sess->objs[i] == o) {
			memmove(&sess->objs[i], &sess->objs[i + 1],
				(sess->nobjs - i - 1) * sizeof(sess->objs[0]));
			sess->nobjs--;
			break;
		}
	}
	o->released = true;
	/* what was queued for it names a handle the client gave up */
	if (o->kind == ES_OBJ_NOTIFY || o->kind == ES_OBJ_TABLE) es_notify_forget(sess, o->handle);
	es_object_unref(sess, o);
}

struct es_mailbox *es_call_mbx(struct es_call *c)
{
	return c->in && c->in->logon ? c->in->logon->mbx : NULL;
}

struct emsmdb_store *es_call_store(struct es_call *c)
{
	return c->sess->store;
}

/* ------------------------------------------------------------ dispatch */

static const struct es_rop_handler *const families[] = {
	es_rops_logon, es_rops_folder, es_rops_message, es_rops_table,
	es_rops_property, es_rops_stream,
};

static const struct es_rop_handler *find_handler(uint8_t rop_id)
{
	size_t f;
	const struct es_rop_handler *h;
	for (f = 0; f < ARRAY_SIZE(families); f++) {
		for (h = families[f]; h->rop_id != 0; h++) {
			if (h->rop_id == rop_id) return h;
		}
	}
	return NULL;
}

static int slot_named(const struct rop_info *info, const char *name)
{
	int i;
	for (i = 0; i < info->num_handle_idx; i++) {
		if (name && info->handle_idx_names[i] &&
		    strcmp(info->handle_idx_names[i], name) == 0) return i;
	}
	return -1;
}

static uint32_t run_rop(struct es_call *c, const struct rop_info *info)
{
	const struct es_rop_handler *h = find_handler(c->req->rop_id);
	uint32_t ret;

	if (h == NULL) {
		DEBUG(3, ("emsmdb store: %s not supported\n", info->name));
		return EC_NOT_SUPPORTED;
	}
	if (info->in_slot >= 0) {
		uint8_t idx = c->req->handle_idx[info->in_slot];
		/* MS-OXCROPS 3.2.5.1: an index past the table or naming no
		 * live object is ecNullObject. */
		if (idx >= c->num_handles) return EC_NULL_OBJECT;
		c->in = es_object_find(c->sess, c->handles[idx]);
		if (c->in == NULL) return EC_NULL_OBJECT;
		if (!(h->in_kinds & ES_KIND_BIT(c->in->kind))) return EC_NOT_SUPPORTED;
	}
	if (info->out_slot >= 0 && c->req->handle_idx[info->out_slot] >= c->num_handles) {
		return EC_INVALID_PARAM;
	}
	ret = h->fn(c);
	if (ret != EC_SUCCESS && c->out != NULL) {
		object_release(c->sess, c->out);
		c->out = NULL;
	}
	return ret;
}

uint32_t es_response_size(const struct rop_response *r)
{
	struct rop_response *one = discard_const_p(struct rop_response, r);
	struct rop_response_buffer b = { .num_rops = 1, .rops = &one };
	DATA_BLOB blob;
	uint32_t n;

	if (!NT_STATUS_IS_OK(rop_response_buffer_push(NULL, &b, &blob))) return UINT32_MAX;
	n = blob.length - 2;
	data_blob_free(&blob);
	return n;
}

NTSTATUS emsmdb_rop_process(struct emsmdb_session *sess,
			    const struct rop_request_buffer *req,
			    uint32_t max_response_size,
			    TALLOC_CTX *mem_ctx,
			    struct rop_response_buffer **out,
			    struct emsmdb_rop_result *result)
{
	struct rop_response_buffer *rsp = talloc_zero(mem_ctx, struct rop_response_buffer);
	uint64_t used;
	uint32_t i;

	if (rsp == NULL) return NT_STATUS_NO_MEMORY;
	*result = (struct emsmdb_rop_result) { .first_unprocessed = req->num_rops };
	rsp->num_handles = req->num_handles;
	rsp->handles = es_memdup_pad(rsp, req->handles, req->num_handles * sizeof(uint32_t),
				     sizeof(uint32_t));
	rsp->rops = talloc_zero_array(rsp, struct rop_response *, req->num_rops + 1);
	if (rsp->handles == NULL || rsp->rops == NULL) {
		talloc_free(rsp);
		return NT_STATUS_NO_MEMORY;
	}
	used = 2 + 4ull * req->num_handles;

	for (i = 0; i < req->num_rops; i++) {
		const struct rop_request *rq = req->rops[i];
		const struct rop_info *info = rop_info_by_id(rq->rop_id);
		struct es_call c = { .sess = sess, .req = rq, .handles = rsp->handles,
				     .num_handles = rsp->num_handles };
		struct rop_response *r;
		uint32_t size;
		int slot;

		if (info == NULL || (info->flags & ROP_F_RESPONSE_ONLY)) {
			talloc_free(rsp);
			return NT_STATUS_INVALID_PARAMETER;
		}
		if (info->flags & ROP_F_RELEASE) {
			uint8_t idx = rq->handle_idx[0];
			struct es_object *o = idx < rsp->num_handles ?
				es_object_find(sess, rsp->handles[idx]) : NULL;
			/* RopRelease has no response, not even for a bad index. */
			if (o != NULL) object_release(sess, o);
			continue;
		}
		if (used + ES_MIN_RSP > max_response_size) {
			result->first_unprocessed = i;
			result->size_needed = used + ES_MIN_RSP;
			break;
		}
		r = talloc_zero(rsp->rops, struct rop_response);
		if (r == NULL) { talloc_free(rsp); return NT_STATUS_NO_MEMORY; }
		r->rop_id = rq->rop_id;
		r->request = rq;
		slot = slot_named(info, info->rsp_handle_idx_name);
		r->handle_idx = slot >= 0 ? rq->handle_idx[slot] : 0;
		c.rsp = r;
		c.mem = r;
		c.budget = max_response_size - used - 6;
		es_table_own_rop_begin(sess);
		r->return_value = run_rop(&c, info);
		es_table_own_rop_end(sess);
		if (r->return_value != EC_SUCCESS) {
			/* An error response carries only what its layout
			 * keeps whatever the ReturnValue (MS-OXCROPS 2.2). */
			uint8_t keep[sizeof(r->u)];
			memcpy(keep, &r->u, sizeof(keep));
			memset(&r->u, 0, sizeof(r->u));
			if (rq->rop_id == ROP_ID_MOVECOPYMESSAGES ||
			    rq->rop_id == ROP_ID_DELETEFOLDER ||
			    rq->rop_id == ROP_ID_DELETEMESSAGES ||
			    rq->rop_id == ROP_ID_WRITESTREAM) {
				memcpy(&r->u, keep, sizeof(keep));
			}
		}
		size = es_response_size(r);
		if (size == UINT32_MAX || used + size > max_response_size) {
			/* Only reading ROPs grow past ES_MIN_RSP: undoing
			 * what they opened is all it takes to not run them. */
			if (c.out != NULL) object_release(sess, c.out);
			talloc_free(r);
			result->first_unprocessed = i;
			result->size_needed = size == UINT32_MAX ? 0 : used + size;
			break;
		}
		if (r->return_value == EC_SUCCESS && c.out != NULL) {
			rsp->handles[rq->handle_idx[info->out_slot]] = c.out->handle;
		}
		rsp->rops[rsp->num_rops++] = r;
		used += size;
	}
	*out = rsp;
	return NT_STATUS_OK;
}

NTSTATUS emsmdb_rop_process_blob(struct emsmdb_session *sess,
				 const uint8_t *data, size_t length,
				 uint32_t max_response_size,
				 TALLOC_CTX *mem_ctx, DATA_BLOB *out,
				 struct emsmdb_rop_result *result)
{
	TALLOC_CTX *t = talloc_new(NULL);
	struct rop_request_buffer *req;
	struct rop_response_buffer *rsp, *check;
	NTSTATUS status;

	if (t == NULL) return NT_STATUS_NO_MEMORY;
	status = rop_request_buffer_pull(t, data, length, sess->state, &req);
	if (NT_STATUS_IS_OK(status)) {
		status = emsmdb_rop_process(sess, req, max_response_size, t, &rsp, result);
	}
	if (NT_STATUS_IS_OK(status)) {
		status = rop_response_buffer_push(mem_ctx, rsp, out);
	}
	if (NT_STATUS_IS_OK(status)) {
		/* Keep the decoding state (logon kinds) in step, the way a
		 * client-side parser would. */
		struct rop_request_buffer done = *req;
		done.num_rops = result->first_unprocessed;
		if (!NT_STATUS_IS_OK(rop_response_buffer_pull(t, out->data, out->length,
							      &done, sess->state, &check))) {
			DEBUG(1, ("emsmdb store: own response does not parse back\n"));
		}
	}
	talloc_free(t);
	return status;
}

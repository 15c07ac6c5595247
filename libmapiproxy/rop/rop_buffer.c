/*
 * ROP request and response buffers (MS-OXCROPS 2.2.1): RopSize, the ROPs,
 * the server object handle table.  Parses them into talloc trees, matches
 * each response with the request it answers, keeps the decoding state in
 * step, and serializes the trees back byte for byte.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include "rop/rop_state_private.h"

static NTSTATUS pull_failed(struct rop_pull *p, const char *what, uint8_t rop_id)
{
	const struct rop_info *info = rop_info_by_id(rop_id);

	DEBUG(3, ("rop: cannot decode %s: %s at offset %u (in %s 0x%02x); "
		  "the payload is relayed as is\n", what,
		  p->reason ? p->reason : "unknown error", p->err_ofs,
		  info ? info->name : "ROP", rop_id));
	return NT_STATUS_IS_OK(p->status) ? NT_STATUS_INVALID_PARAMETER : p->status;
}

static NTSTATUS push_failed(struct rop_push *q, const char *what, uint8_t rop_id)
{
	DEBUG(3, ("rop: cannot serialize %s: %s (ROP 0x%02x)\n", what,
		  q->reason ? q->reason : "unknown error", rop_id));
	return NT_STATUS_INVALID_PARAMETER;
}

/* RopSize and the handle table that follows the ROPs. */
static bool pull_frame(struct rop_pull *p, size_t length, uint16_t *rop_size,
		       uint32_t **handles, uint32_t *num_handles, TALLOC_CTX *mem)
{
	uint32_t i, n;

	if (length > 0xffffffffu - 1) {
		return rop_pull_fail(p, NT_STATUS_INVALID_PARAMETER, "buffer too large");
	}
	if (!rop_pull_u16(p, rop_size)) return false;
	if (*rop_size < 2 || *rop_size > length) {
		p->ofs = 0;
		return rop_pull_fail(p, NT_STATUS_INVALID_PARAMETER,
				     "RopSize outside the buffer");
	}
	if ((length - *rop_size) % 4 != 0) {
		p->ofs = *rop_size;
		return rop_pull_fail(p, NT_STATUS_INVALID_PARAMETER,
				     "handle table not a whole number of handles");
	}
	n = (length - *rop_size) / 4;
	*handles = talloc_array(mem, uint32_t, n + 1);
	if (*handles == NULL) return rop_pull_nomem(p);
	p->ofs = *rop_size;
	for (i = 0; i < n; i++) {
		rop_pull_u32(p, &(*handles)[i]);
	}
	*num_handles = n;
	p->ofs = 2;
	p->end = *rop_size;
	return true;
}

static bool grow(TALLOC_CTX *mem, void ***array, uint32_t num, uint32_t *alloc)
{
	if (num == *alloc) {
		uint32_t n = *alloc ? *alloc * 2 : 8;
		void **g = talloc_realloc(mem, *array, void *, n);

		if (g == NULL) return false;
		*array = g;
		*alloc = n;
	}
	return true;
}

/* What a failed parse tells the caller of a _partial pull. */
static void report(const struct rop_pull *p, uint8_t rop_id, uint32_t index,
		   struct rop_pull_error *err)
{
	if (err == NULL) return;
	err->reason = p->reason ? p->reason : "unknown error";
	err->offset = p->err_ofs;
	err->rop_id = rop_id;
	err->rop_index = index;
}

/* Drop the ROP whose parse failed: its fields are half filled. */
static void drop_last(void **rops, uint32_t *num_rops, uint32_t parsed)
{
	while (*num_rops > parsed) {
		talloc_free(rops[--*num_rops]);
	}
}

static NTSTATUS request_pull(TALLOC_CTX *mem_ctx,
			     const uint8_t *data, size_t length,
			     struct rop_state *state,
			     struct rop_request_buffer **out,
			     struct rop_pull_error *err)
{
	struct rop_request_buffer *buf;
	struct rop_pull p = { .data = data, .end = length, .state = state };
	uint16_t rop_size;
	uint32_t alloc = 0, parsed = 0;
	uint8_t id = 0;

	buf = talloc_zero(mem_ctx, struct rop_request_buffer);
	if (buf == NULL) return NT_STATUS_NO_MEMORY;
	if (!pull_frame(&p, length, &rop_size, &buf->handles, &buf->num_handles, buf)) {
		goto fail;
	}
	while (p.ofs < p.end) {
		const struct rop_info *info;
		struct rop_request *r;
		uint8_t i;

		if (!rop_pull_u8(&p, &id)) goto fail;
		info = rop_info_by_id(id);
		if (info == NULL || info->pull_req == NULL) {
			p.ofs--;
			rop_pull_fail(&p, NT_STATUS_NOT_SUPPORTED, "unknown ROP id");
			goto fail;
		}
		if (!grow(buf, (void ***)&buf->rops, buf->num_rops, &alloc)) {
			rop_pull_nomem(&p);
			goto fail;
		}
		r = talloc_zero(buf->rops, struct rop_request);
		if (r == NULL) { rop_pull_nomem(&p); goto fail; }
		buf->rops[buf->num_rops++] = r;
		r->rop_id = id;
		if (!rop_pull_u8(&p, &r->logon_id)) goto fail;
		for (i = 0; i < info->num_handle_idx; i++) {
			if (!rop_pull_u8(&p, &r->handle_idx[i])) goto fail;
		}
		p.mem = r;
		p.logon_id = r->logon_id;
		p.cols = NULL;
		p.ncols = 0;
		if (!info->pull_req(&p, &r->u)) goto fail;
		parsed++;
	}
	*out = buf;
	return NT_STATUS_OK;
fail:
	if (err == NULL) {
		talloc_free(buf);
		return pull_failed(&p, "ROP request buffer", id);
	}
	drop_last((void **)buf->rops, &buf->num_rops, parsed);
	report(&p, id, parsed, err);
	*out = buf;
	return pull_failed(&p, "ROP request buffer", id);
}

NTSTATUS rop_request_buffer_pull(TALLOC_CTX *mem_ctx,
				 const uint8_t *data, size_t length,
				 struct rop_state *state,
				 struct rop_request_buffer **out)
{
	return request_pull(mem_ctx, data, length, state, out, NULL);
}

NTSTATUS rop_request_buffer_pull_partial(TALLOC_CTX *mem_ctx,
					 const uint8_t *data, size_t length,
					 struct rop_state *state,
					 struct rop_request_buffer **out,
					 struct rop_pull_error *err)
{
	return request_pull(mem_ctx, data, length, state, out, err);
}

static bool push_handles(struct rop_push *q, const uint32_t *h, uint32_t n)
{
	uint32_t i;

	if (n > 0 && h == NULL) return rop_push_fail(q, "handle table missing");
	for (i = 0; i < n; i++) {
		if (!rop_push_u32(q, h[i])) return false;
	}
	return true;
}

static NTSTATUS finish_push(TALLOC_CTX *mem_ctx, struct rop_push *q,
			    DATA_BLOB *out, size_t rop_size)
{
	if (!rop_push_patch_u16(q, 0, rop_size)) {
		return push_failed(q, "ROP buffer", 0);
	}
	*out = data_blob_talloc(mem_ctx, q->data, q->len);
	talloc_free(q->mem);
	if (out->data == NULL && q->len > 0) return NT_STATUS_NO_MEMORY;
	return NT_STATUS_OK;
}

NTSTATUS rop_request_buffer_push(TALLOC_CTX *mem_ctx,
				 const struct rop_request_buffer *buf,
				 DATA_BLOB *out)
{
	struct rop_push q = { .mem = talloc_new(mem_ctx) };
	uint32_t k;
	size_t rop_size;
	uint8_t id = 0;

	if (q.mem == NULL || !rop_push_u16(&q, 0)) goto fail;
	for (k = 0; k < buf->num_rops; k++) {
		const struct rop_request *r = buf->rops[k];
		const struct rop_info *info = rop_info_by_id(r->rop_id);
		uint8_t i;

		id = r->rop_id;
		if (info == NULL || info->push_req == NULL) {
			rop_push_fail(&q, "unknown ROP id");
			goto fail;
		}
		if (!rop_push_u8(&q, r->rop_id) || !rop_push_u8(&q, r->logon_id)) goto fail;
		for (i = 0; i < info->num_handle_idx; i++) {
			if (!rop_push_u8(&q, r->handle_idx[i])) goto fail;
		}
		if (!info->push_req(&q, &r->u)) goto fail;
	}
	rop_size = q.len;
	if (!push_handles(&q, buf->handles, buf->num_handles)) goto fail;
	return finish_push(mem_ctx, &q, out, rop_size);
fail:
	talloc_free(q.mem);
	return push_failed(&q, "ROP request buffer", id);
}

/* The handle values as they stand while the responses are walked. */
struct handle_view {
	uint32_t n;
	uint32_t *v;
};

static bool view_get(const struct handle_view *h, uint8_t idx, uint32_t *v)
{
	if (idx >= h->n) return false;
	*v = h->v[idx];
	return true;
}

static void release_request(struct rop_state *state, const struct handle_view *h,
			    const struct rop_request *rq, const struct rop_info *info)
{
	uint32_t hv;

	if ((info->flags & ROP_F_RELEASE) && info->in_slot >= 0 &&
	    view_get(h, rq->handle_idx[info->in_slot], &hv)) {
		rop_state_release(state, hv);
	}
}

/* What a successful response tells the state. */
static void update_state(struct rop_state *state, struct handle_view *h,
			 const struct rop_response_buffer *buf,
			 const struct rop_request *rq, const struct rop_info *info,
			 const struct rop_response *rsp)
{
	uint32_t hv;

	if (rsp->return_value != 0) return;
	if ((info->flags & ROP_F_OPENS) && info->out_slot >= 0) {
		uint8_t out = rq->handle_idx[info->out_slot];
		struct rop_state_object *o;

		if (out < buf->num_handles && out < h->n) {
			h->v[out] = buf->handles[out];
			o = rop_state_open(state, h->v[out], rq->rop_id);
			if (rq->rop_id == ROP_ID_OPENMESSAGE) {
				const struct rop_OpenMessage_rsp *m = &rsp->u.OpenMessage;
				rop_state_set_columns(o, m->RecipientColumns, m->ColumnCount);
			}
		}
	}
	if ((info->flags & ROP_F_SETS_COLUMNS) && info->in_slot >= 0 &&
	    view_get(h, rq->handle_idx[info->in_slot], &hv)) {
		const struct rop_SetColumns_req *sc = &rq->u.SetColumns;
		struct rop_state_object *o = rop_state_find(state, hv);

		/* a table opened where the layer did not see it (an opaque
		 * call) is known from now on */
		if (o == NULL) {
			o = rop_state_open(state, hv, rq->rop_id);
		}
		rop_state_set_columns(o, sc->PropertyTags, sc->PropertyTagCount);
	}
	if (rq->rop_id == ROP_ID_LOGON) {
		rop_state_set_logon(state, rq->logon_id, rq->u.Logon.LogonFlags);
	}
}

/*
 * With err set, a failure keeps what was parsed, and req may be NULL: each
 * response is then parsed on its own (standalone), and those whose layout
 * depends on their request fail.
 */
static NTSTATUS response_pull(TALLOC_CTX *mem_ctx,
			      const uint8_t *data, size_t length,
			      const struct rop_request_buffer *req,
			      struct rop_state *state,
			      struct rop_response_buffer **out,
			      struct rop_pull_error *err)
{
	static const struct rop_request_buffer no_requests;
	struct rop_response_buffer *buf;
	struct rop_pull p = { .data = data, .end = length, .state = state };
	struct handle_view h = { 0 };
	uint16_t rop_size;
	uint32_t alloc = 0, ri = 0, parsed = 0;
	uint8_t id = 0;
	bool standalone = false;

	buf = talloc_zero(mem_ctx, struct rop_response_buffer);
	if (buf == NULL) return NT_STATUS_NO_MEMORY;
	if (req == NULL && err != NULL) {
		standalone = true;
		req = &no_requests;
	}
	if (req == NULL) {
		rop_pull_fail(&p, NT_STATUS_INVALID_PARAMETER, "no request buffer given");
		goto fail;
	}
	if (!pull_frame(&p, length, &rop_size, &buf->handles, &buf->num_handles, buf)) {
		goto fail;
	}
	/* Input handles of this call: the request's table, updated with each
	 * output handle as its ROP succeeds (their values are in the
	 * response's table). */
	h.n = req->num_handles > buf->num_handles ? req->num_handles : buf->num_handles;
	h.v = talloc_zero_array(buf, uint32_t, h.n + 1);
	if (h.v == NULL) { rop_pull_nomem(&p); goto fail; }
	if (req->num_handles > 0) {
		memcpy(h.v, req->handles, req->num_handles * sizeof(uint32_t));
	}

	while (p.ofs < p.end) {
		const struct rop_info *info, *rinfo = NULL;
		const struct rop_request *rq = NULL;
		struct rop_response *r;
		uint32_t hv;

		id = p.data[p.ofs];
		info = rop_info_by_id(id);
		if (info == NULL || info->pull_rsp == NULL) {
			rop_pull_fail(&p, NT_STATUS_NOT_SUPPORTED, "unknown ROP id");
			goto fail;
		}
		if (!(info->flags & ROP_F_RESPONSE_ONLY) && !standalone) {
			while (ri < req->num_rops) {
				rq = req->rops[ri];
				rinfo = rop_info_by_id(rq->rop_id);
				if (rinfo == NULL) {
					rop_pull_fail(&p, NT_STATUS_INVALID_PARAMETER,
						      "unknown ROP in the request buffer");
					goto fail;
				}
				if (!(rinfo->flags & ROP_F_NO_RESPONSE)) break;
				release_request(state, &h, rq, rinfo);
				rq = NULL;
				ri++;
			}
			if (rq == NULL) {
				rop_pull_fail(&p, NT_STATUS_INVALID_PARAMETER,
					      "response without a request");
				goto fail;
			}
			/* RopProgress may stand for an asynchronous ROP's
			 * answer; RopGetMessageStatus is answered with RopId
			 * 0x20 (MS-OXCROPS 2.2.6.9.2), the layout of
			 * RopSetMessageStatus's response. */
			if (id != rq->rop_id && id != ROP_ID_PROGRESS &&
			    !(rq->rop_id == ROP_ID_GETMESSAGESTATUS &&
			      id == ROP_ID_SETMESSAGESTATUS)) {
				rop_pull_fail(&p, NT_STATUS_INVALID_PARAMETER,
					      "response does not match its request");
				goto fail;
			}
		}
		if (!grow(buf, (void ***)&buf->rops, buf->num_rops, &alloc)) {
			rop_pull_nomem(&p);
			goto fail;
		}
		r = talloc_zero(buf->rops, struct rop_response);
		if (r == NULL) { rop_pull_nomem(&p); goto fail; }
		buf->rops[buf->num_rops++] = r;
		rop_pull_u8(&p, &r->rop_id);
		if (!(info->flags & ROP_F_NO_RSP_HEADER)) {
			if (!rop_pull_u8(&p, &r->handle_idx) ||
			    !rop_pull_u32(&p, &r->return_value)) goto fail;
		}
		p.mem = r;
		p.cols = NULL;
		p.ncols = 0;
		p.object = NULL;
		if (rq != NULL) {
			p.logon_id = rq->logon_id;
			if (rinfo->in_slot >= 0 &&
			    view_get(&h, rq->handle_idx[rinfo->in_slot], &hv)) {
				p.object = rop_state_find(state, hv);
			}
		}
		r->request = (id == (rq ? rq->rop_id : 0xFFFF)) ? rq : NULL;
		if (!info->pull_rsp(&p, &r->u, r->request ? &rq->u : NULL, r)) goto fail;
		if (rq != NULL) {
			if (id == rq->rop_id) {
				update_state(state, &h, buf, rq, rinfo, r);
			}
			ri++;
		}
		parsed++;
	}
	/* Releases after the last response still end their objects. */
	for (; ri < req->num_rops; ri++) {
		const struct rop_info *rinfo = rop_info_by_id(req->rops[ri]->rop_id);
		if (rinfo != NULL) release_request(state, &h, req->rops[ri], rinfo);
	}
	talloc_free(h.v);
	*out = buf;
	return NT_STATUS_OK;
fail:
	if (err == NULL) {
		talloc_free(buf);
		return pull_failed(&p, "ROP response buffer", id);
	}
	talloc_free(h.v);
	drop_last((void **)buf->rops, &buf->num_rops, parsed);
	report(&p, id, parsed, err);
	*out = buf;
	return pull_failed(&p, "ROP response buffer", id);
}

NTSTATUS rop_response_buffer_pull(TALLOC_CTX *mem_ctx,
				  const uint8_t *data, size_t length,
				  const struct rop_request_buffer *req,
				  struct rop_state *state,
				  struct rop_response_buffer **out)
{
	return response_pull(mem_ctx, data, length, req, state, out, NULL);
}

NTSTATUS rop_response_buffer_pull_partial(TALLOC_CTX *mem_ctx,
					  const uint8_t *data, size_t length,
					  const struct rop_request_buffer *req,
					  struct rop_state *state,
					  struct rop_response_buffer **out,
					  struct rop_pull_error *err)
{
	return response_pull(mem_ctx, data, length, req, state, out, err);
}

NTSTATUS rop_response_buffer_push(TALLOC_CTX *mem_ctx,
				  const struct rop_response_buffer *buf,
				  DATA_BLOB *out)
{
	struct rop_push q = { .mem = talloc_new(mem_ctx) };
	uint32_t k;
	size_t rop_size;
	uint8_t id = 0;

	if (q.mem == NULL || !rop_push_u16(&q, 0)) goto fail;
	for (k = 0; k < buf->num_rops; k++) {
		const struct rop_response *r = buf->rops[k];
		const struct rop_info *info = rop_info_by_id(r->rop_id);

		id = r->rop_id;
		if (info == NULL || info->push_rsp == NULL) {
			rop_push_fail(&q, "unknown ROP id");
			goto fail;
		}
		if (!rop_push_u8(&q, r->rop_id)) goto fail;
		if (!(info->flags & ROP_F_NO_RSP_HEADER) &&
		    (!rop_push_u8(&q, r->handle_idx) || !rop_push_u32(&q, r->return_value))) {
			goto fail;
		}
		if (!info->push_rsp(&q, &r->u, r->request ? &r->request->u : NULL, r)) goto fail;
	}
	rop_size = q.len;
	if (!push_handles(&q, buf->handles, buf->num_handles)) goto fail;
	return finish_push(mem_ctx, &q, out, rop_size);
fail:
	talloc_free(q.mem);
	return push_failed(&q, "ROP response buffer", id);
}

/* ------------------------------------------------ editing */

static NTSTATUS insert_at(void *owner, void ***array, uint32_t *num,
			  uint32_t pos, void *rop)
{
	void **g;

	if (pos > *num || rop == NULL) return NT_STATUS_INVALID_PARAMETER;
	g = talloc_realloc(owner, *array, void *, *num + 1);
	if (g == NULL) return NT_STATUS_NO_MEMORY;
	memmove(&g[pos + 1], &g[pos], (*num - pos) * sizeof(void *));
	g[pos] = talloc_steal(g, rop);
	*array = g;
	(*num)++;
	return NT_STATUS_OK;
}

static NTSTATUS remove_at(void **array, uint32_t *num, uint32_t pos)
{
	if (pos >= *num) return NT_STATUS_INVALID_PARAMETER;
	talloc_free(array[pos]);
	memmove(&array[pos], &array[pos + 1], (*num - pos - 1) * sizeof(void *));
	(*num)--;
	return NT_STATUS_OK;
}

NTSTATUS rop_request_buffer_insert(struct rop_request_buffer *buf,
				   uint32_t pos, struct rop_request *rop)
{
	return insert_at(buf, (void ***)&buf->rops, &buf->num_rops, pos, rop);
}

NTSTATUS rop_response_buffer_insert(struct rop_response_buffer *buf,
				    uint32_t pos, struct rop_response *rop)
{
	return insert_at(buf, (void ***)&buf->rops, &buf->num_rops, pos, rop);
}

NTSTATUS rop_request_buffer_remove(struct rop_request_buffer *buf, uint32_t pos)
{
	return remove_at((void **)buf->rops, &buf->num_rops, pos);
}

NTSTATUS rop_response_buffer_remove(struct rop_response_buffer *buf, uint32_t pos)
{
	return remove_at((void **)buf->rops, &buf->num_rops, pos);
}

/* ------------------------------------------------ printing */

void ndr_print_rop_request(struct ndr_print *ndr, const char *name,
			   const struct rop_request *r)
{
	const struct rop_info *info = rop_info_by_id(r->rop_id);
	uint8_t i;

	ndr_print_struct(ndr, name, info ? info->name : "UnknownRop");
	ndr->depth++;
	rop_print_u8(ndr, "RopId", r->rop_id);
	rop_print_u8(ndr, "LogonId", r->logon_id);
	if (info != NULL) {
		for (i = 0; i < info->num_handle_idx; i++) {
			rop_print_u8(ndr, info->handle_idx_names[i], r->handle_idx[i]);
		}
		if (info->print_req) info->print_req(ndr, &r->u);
	}
	ndr->depth--;
}

void ndr_print_rop_response(struct ndr_print *ndr, const char *name,
			    const struct rop_response *r)
{
	const struct rop_info *info = rop_info_by_id(r->rop_id);

	ndr_print_struct(ndr, name, info ? info->name : "UnknownRop");
	ndr->depth++;
	rop_print_u8(ndr, "RopId", r->rop_id);
	if (info != NULL && !(info->flags & ROP_F_NO_RSP_HEADER)) {
		rop_print_u8(ndr, info->rsp_handle_idx_name, r->handle_idx);
		rop_print_u32(ndr, "ReturnValue", r->return_value);
	}
	if (info != NULL && info->print_rsp) {
		info->print_rsp(ndr, &r->u, r->request ? &r->request->u : NULL, r);
	}
	ndr->depth--;
}

static void print_handles(struct ndr_print *ndr, const uint32_t *h, uint32_t n)
{
	uint32_t i;

	ndr->print(ndr, "%s: ARRAY(%u)", "ServerObjectHandleTable", n);
	ndr->depth++;
	for (i = 0; i < n; i++) {
		rop_print_u32(ndr, "[]", h[i]);
	}
	ndr->depth--;
}

void ndr_print_rop_request_buffer(struct ndr_print *ndr, const char *name,
				  const struct rop_request_buffer *r)
{
	uint32_t i;

	ndr_print_struct(ndr, name, "rop_request_buffer");
	ndr->depth++;
	for (i = 0; i < r->num_rops; i++) {
		ndr_print_rop_request(ndr, "rop", r->rops[i]);
	}
	print_handles(ndr, r->handles, r->num_handles);
	ndr->depth--;
}

void ndr_print_rop_response_buffer(struct ndr_print *ndr, const char *name,
				   const struct rop_response_buffer *r)
{
	uint32_t i;

	ndr_print_struct(ndr, name, "rop_response_buffer");
	ndr->depth++;
	for (i = 0; i < r->num_rops; i++) {
		ndr_print_rop_response(ndr, "rop", r->rops[i]);
	}
	print_handles(ndr, r->handles, r->num_handles);
	ndr->depth--;
}

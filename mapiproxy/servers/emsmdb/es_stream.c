/*
 * Stream objects (MS-OXCPRPT 2.2.9-2.2.20): a binary or string property
 * of a folder, message or attachment read and written in pieces.  The
 * stream works on a copy of the value; RopCommitStream or the release of
 * the stream writes it back to its owner (the owner's working copy for
 * messages and attachments, the store for folders).  A string stream
 * holds the string's bytes without terminator.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "es_private.h"

#define OPEN_READONLY 0x00
#define OPEN_READWRITE 0x01
#define OPEN_CREATE 0x02
#define OPEN_BEST_ACCESS 0x03
#define STREAM_MAX (64u * 1024 * 1024)
#define READ_MAXIMUM_MARKER 0xBABE

struct es_stream {
	uint32_t tag;
	uint8_t *data;
	uint32_t size;
	uint64_t pos;
	bool writable, dirty;
};

static bool owner_writable(const struct es_object *o)
{
	switch (o->kind) {
	case ES_OBJ_MESSAGE: return o->msg->writable;
	case ES_OBJ_ATTACH: return o->att->writable;
	case ES_OBJ_FOLDER: return true;
	default: return false;
	}
}

static uint32_t rop_open_stream(struct es_call *c)
{
	const struct rop_OpenStream_req *q = &c->req->u.OpenStream;
	uint16_t type = PROP_TYPE(q->PropertyTag);
	const struct rop_tagged_value *tv;
	struct es_props p;
	struct es_object *o;
	struct es_stream *s;

	if (type != ROP_PT_BINARY && type != ROP_PT_STRING8 && type != ROP_PT_UNICODE) {
		return EC_NOT_SUPPORTED;
	}
	if (q->OpenModeFlags > OPEN_BEST_ACCESS) return EC_INVALID_PARAM;
	if (q->OpenModeFlags != OPEN_READONLY && q->OpenModeFlags != OPEN_BEST_ACCESS &&
	    !owner_writable(c->in)) {
		return EC_ACCESS_DENIED;
	}
	if (!es_object_props(c->mem, c, c->in, &p)) return EC_NOT_ENOUGH_MEMORY;
	tv = es_props_find(&p, q->PropertyTag);
	if (tv == NULL && q->OpenModeFlags == OPEN_READONLY) return EC_NOT_FOUND;
	o = es_object_new(c, ES_OBJ_STREAM, c->in);
	if (o == NULL || (s = o->stream = talloc_zero(o, struct es_stream)) == NULL) {
		return EC_NOT_ENOUGH_MEMORY;
	}
	s->tag = q->PropertyTag;
	s->writable = q->OpenModeFlags != OPEN_READONLY && owner_writable(c->in);
	if (tv != NULL && q->OpenModeFlags != OPEN_CREATE) {
		struct rop_propval v;
		if (!es_propval_convert(c->mem, &tv->value, type, &v)) return EC_NOT_SUPPORTED;
		s->data = es_memdup_pad(s, v.bin.data, v.bin.length, 1);
		if (s->data == NULL) return EC_NOT_ENOUGH_MEMORY;
		s->size = v.bin.length;
	}
	/* Create truncates: the empty value is a change to commit. */
	s->dirty = q->OpenModeFlags == OPEN_CREATE;
	c->rsp->u.OpenStream.StreamSize = s->size;
	return EC_SUCCESS;
}

static uint32_t rop_read_stream(struct es_call *c)
{
	const struct rop_ReadStream_req *q = &c->req->u.ReadStream;
	struct rop_ReadStream_rsp *r = &c->rsp->u.ReadStream;
	struct es_stream *s = c->in->stream;
	uint64_t want = q->ByteCount == READ_MAXIMUM_MARKER ? q->MaximumByteCount : q->ByteCount;
	uint64_t left = s->pos < s->size ? s->size - s->pos : 0;

	/* DataSize is 16 bits and the answer must fit the buffer */
	if (want > left) want = left;
	if (want > 0xFFFF) want = 0xFFFF;
	if (c->budget < 2) return EC_ERROR;
	if (want > c->budget - 2) want = c->budget - 2;
	r->DataSize = (uint16_t)want;
	r->Data = (struct rop_blob) { s->data ? s->data + s->pos : NULL, (uint32_t)want };
	s->pos += want;
	return EC_SUCCESS;
}

static bool grow(struct es_stream *s, uint64_t size)
{
	uint8_t *d;
	if (size <= s->size) return true;
	d = talloc_realloc(s, s->data, uint8_t, size + 1);
	if (d == NULL) return false;
	memset(d + s->size, 0, size + 1 - s->size);
	s->data = d;
	s->size = size;
	return true;
}

static uint32_t rop_write_stream(struct es_call *c)
{
	const struct rop_WriteStream_req *q = &c->req->u.WriteStream;
	struct es_stream *s = c->in->stream;
	uint32_t n = q->Data.length;

	if (!s->writable) return EC_STREAM_ACCESS_DENIED;
	if (s->pos > STREAM_MAX) return EC_STREAM_SIZE_ERROR;
	if (s->pos + n > STREAM_MAX) n = STREAM_MAX - s->pos;
	if (!grow(s, s->pos + n)) return EC_NOT_ENOUGH_MEMORY;
	if (n > 0) memcpy(s->data + s->pos, q->Data.data, n);
	s->pos += n;
	s->dirty = true;
	c->rsp->u.WriteStream.WrittenSize = n;
	return n < q->Data.length ? EC_STREAM_SIZE_ERROR : EC_SUCCESS;
}

uint32_t es_stream_commit(struct emsmdb_session *sess, struct es_object *o)
{
	struct es_stream *s = o->stream;
	struct rop_tagged_value tv = { .tag = s->tag };
	struct rop_PropertyProblem *problems;
	uint16_t nproblems;
	uint32_t ret;
	TALLOC_CTX *t;

	if (!s->dirty) return EC_SUCCESS;
	if (PROP_TYPE(s->tag) == ROP_PT_UNICODE && s->size % 2 != 0) return EC_INVALID_PARAM;
	t = talloc_new(NULL);
	tv.value = (struct rop_propval) { .type = PROP_TYPE(s->tag),
					  .bin = { s->data ? s->data : (uint8_t *)"", s->size } };
	ret = es_object_write(t, sess, o->parent, &tv, 1, NULL, 0, &problems, &nproblems);
	if (ret == EC_SUCCESS && nproblems > 0) ret = problems[0].ErrorCode;
	talloc_free(t);
	if (ret == EC_SUCCESS) s->dirty = false;
	return ret;
}

static uint32_t rop_commit_stream(struct es_call *c)
{
	return es_stream_commit(c->sess, c->in);
}

static uint32_t rop_get_stream_size(struct es_call *c)
{
	c->rsp->u.GetStreamSize.StreamSize = c->in->stream->size;
	return EC_SUCCESS;
}

static uint32_t rop_set_stream_size(struct es_call *c)
{
	struct es_stream *s = c->in->stream;
	uint64_t size = c->req->u.SetStreamSize.StreamSize;

	if (!s->writable) return EC_STREAM_ACCESS_DENIED;
	if (size > STREAM_MAX) return EC_STREAM_SIZE_ERROR;
	if (size < s->size) s->size = size;
	else if (!grow(s, size)) return EC_NOT_ENOUGH_MEMORY;
	s->dirty = true;
	return EC_SUCCESS;
}

static uint32_t rop_seek_stream(struct es_call *c)
{
	const struct rop_SeekStream_req *q = &c->req->u.SeekStream;
	struct es_stream *s = c->in->stream;
	int64_t base, off = (int64_t)q->Offset, pos;

	switch (q->Origin) {
	case 0: base = 0; break;
	case 1: base = s->pos; break;
	case 2: base = s->size; break;
	default: return EC_INVALID_PARAM;
	}
	/* MS-OXCPRPT 3.2.5.17: before the start or past 2^31 is an error */
	if ((off < 0 && -off > base) || base + off > 0x7FFFFFFF) return EC_STREAM_SEEK_ERROR;
	pos = base + off;
	s->pos = pos;
	c->rsp->u.SeekStream.NewPosition = pos;
	return EC_SUCCESS;
}

#define OWNERS (ES_KIND_BIT(ES_OBJ_FOLDER) | ES_KIND_BIT(ES_OBJ_MESSAGE) | \
		ES_KIND_BIT(ES_OBJ_ATTACH))
#define STREAM (ES_KIND_BIT(ES_OBJ_STREAM))

const struct es_rop_handler es_rops_stream[] = {
	{ ROP_ID_OPENSTREAM, OWNERS, rop_open_stream },
	{ ROP_ID_READSTREAM, STREAM, rop_read_stream },
	{ ROP_ID_WRITESTREAM, STREAM, rop_write_stream },
	{ ROP_ID_COMMITSTREAM, STREAM, rop_commit_stream },
	{ ROP_ID_GETSTREAMSIZE, STREAM, rop_get_stream_size },
	{ ROP_ID_SETSTREAMSIZE, STREAM, rop_set_stream_size },
	{ ROP_ID_SEEKSTREAM, STREAM, rop_seek_stream },
	{ 0, 0, NULL }
};

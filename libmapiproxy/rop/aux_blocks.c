/*
 * AUX blocks (MS-OXCRPC §2.2.2.2): parse a decoded aux payload into
 * blocks and serialize them back, walking the layout tables, plus the
 * rgbAux wrappers that add the RPC_HEADER_EXT layer.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <string.h>
#include <util/debug.h>
#include "aux_layout.h"

static void field_pull(const struct mapi_aux_field *f, const uint8_t *p,
		       void *body)
{
	uint8_t *dst = (uint8_t *)body + f->offset;

	switch (f->kind) {
	case MAPI_AUX_K_u8:
		*dst = p[0];
		break;
	case MAPI_AUX_K_u16:
	case MAPI_AUX_K_wstr: {
		uint16_t v = p[0] | (uint16_t)p[1] << 8;

		memcpy(dst, &v, sizeof(v));
		break;
	}
	case MAPI_AUX_K_u32: {
		uint32_t v = p[0] | (uint32_t)p[1] << 8 |
			(uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;

		memcpy(dst, &v, sizeof(v));
		break;
	}
	case MAPI_AUX_K_guid:
	case MAPI_AUX_K_pad3:
	case MAPI_AUX_K_pad132:
		memcpy(dst, p, f->wire_size);
		break;
	}
}

static void field_push(const struct mapi_aux_field *f, const void *body,
		       uint8_t *p)
{
	const uint8_t *src = (const uint8_t *)body + f->offset;

	switch (f->kind) {
	case MAPI_AUX_K_u8:
		p[0] = *src;
		break;
	case MAPI_AUX_K_u16:
	case MAPI_AUX_K_wstr: {
		uint16_t v;

		memcpy(&v, src, sizeof(v));
		p[0] = v & 0xff;
		p[1] = v >> 8;
		break;
	}
	case MAPI_AUX_K_u32: {
		uint32_t v;

		memcpy(&v, src, sizeof(v));
		p[0] = v & 0xff;
		p[1] = (v >> 8) & 0xff;
		p[2] = (v >> 16) & 0xff;
		p[3] = v >> 24;
		break;
	}
	case MAPI_AUX_K_guid:
	case MAPI_AUX_K_pad3:
	case MAPI_AUX_K_pad132:
		memcpy(p, src, f->wire_size);
		break;
	}
}

/* Fill b from one block's bytes (header included, len == AUX_HEADER Size). */
static NTSTATUS block_pull(TALLOC_CTX *mem_ctx, const uint8_t *p, size_t len,
			   struct mapi_aux_block *b)
{
	const struct mapi_aux_layout *l;
	size_t body = len - MAPI_AUX_HEADER_SIZE, fixed = 0, i;

	b->size = len;
	b->version = p[2];
	b->type = p[3];
	b->layout = mapi_aux_layout_lookup(b->type, b->version);
	if (b->layout != MAPI_AUX_LAYOUT_OPAQUE) {
		l = &mapi_aux_layout_table[b->layout];
		if (body < l->wire_size) {
			DEBUG(5, ("mapi_aux_parse: %s block of %zu bytes is "
				  "shorter than its %zu fixed bytes, kept opaque\n",
				  l->name, len, MAPI_AUX_HEADER_SIZE + l->wire_size));
			b->layout = MAPI_AUX_LAYOUT_OPAQUE;
		} else {
			const uint8_t *q = p + MAPI_AUX_HEADER_SIZE;

			for (i = 0; i < l->num_fields; i++) {
				field_pull(&l->fields[i], q, &b->u);
				q += l->fields[i].wire_size;
			}
			fixed = l->wire_size;
		}
	}
	b->data = data_blob_talloc(mem_ctx, p + MAPI_AUX_HEADER_SIZE + fixed,
				   body - fixed);
	if (body > fixed && b->data.data == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	return NT_STATUS_OK;
}

NTSTATUS mapi_aux_parse(TALLOC_CTX *mem_ctx, DATA_BLOB payload,
			struct mapi_aux_list **out)
{
	struct mapi_aux_list *list;
	size_t off = 0;

	list = talloc_zero(mem_ctx, struct mapi_aux_list);
	if (list == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	while (off < payload.length) {
		const uint8_t *p = payload.data + off;
		size_t left = payload.length - off;
		struct mapi_aux_block *blocks;
		uint16_t size;
		NTSTATUS status;

		if (left < MAPI_AUX_HEADER_SIZE) {
			DEBUG(3, ("mapi_aux_parse: truncated AUX_HEADER at "
				  "offset %zu (%zu bytes left)\n", off, left));
			goto invalid;
		}
		size = p[0] | (uint16_t)p[1] << 8;
		if (size < MAPI_AUX_HEADER_SIZE || size > left) {
			DEBUG(3, ("mapi_aux_parse: AUX_HEADER at offset %zu has "
				  "Size %u (%zu bytes left)\n", off, size, left));
			goto invalid;
		}
		blocks = talloc_realloc(list, list->blocks, struct mapi_aux_block,
					list->num_blocks + 1);
		if (blocks == NULL) {
			talloc_free(list);
			return NT_STATUS_NO_MEMORY;
		}
		list->blocks = blocks;
		memset(&blocks[list->num_blocks], 0, sizeof(blocks[0]));
		status = block_pull(list->blocks, p, size,
				    &blocks[list->num_blocks]);
		if (!NT_STATUS_IS_OK(status)) {
			talloc_free(list);
			return status;
		}
		list->num_blocks++;
		off += size;
	}
	*out = list;
	return NT_STATUS_OK;

invalid:
	talloc_free(list);
	return NT_STATUS_INVALID_PARAMETER;
}

static size_t block_body_size(const struct mapi_aux_block *b)
{
	return mapi_aux_layout_size(b->layout) + b->data.length;
}

NTSTATUS mapi_aux_push(TALLOC_CTX *mem_ctx, const struct mapi_aux_list *list,
		       DATA_BLOB *payload)
{
	size_t total = 0, off = 0;
	uint32_t i;
	uint8_t *p;

	for (i = 0; i < list->num_blocks; i++) {
		const struct mapi_aux_block *b = &list->blocks[i];
		size_t size = MAPI_AUX_HEADER_SIZE + block_body_size(b);

		if (b->layout >= MAPI_AUX_LAYOUT_COUNT) {
			DEBUG(1, ("mapi_aux_push: block %u has no valid layout\n", i));
			return NT_STATUS_INVALID_PARAMETER;
		}
		if (size > UINT16_MAX) {
			DEBUG(1, ("mapi_aux_push: block %u of %zu bytes does not "
				  "fit AUX_HEADER Size\n", i, size));
			return NT_STATUS_INVALID_PARAMETER;
		}
		total += size;
	}
	/* One spare byte so an empty list still gives a talloc'ed pointer. */
	p = talloc_array(mem_ctx, uint8_t, total + 1);
	if (p == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	for (i = 0; i < list->num_blocks; i++) {
		const struct mapi_aux_block *b = &list->blocks[i];
		size_t size = MAPI_AUX_HEADER_SIZE + block_body_size(b);

		p[off] = size & 0xff;
		p[off + 1] = size >> 8;
		p[off + 2] = b->version;
		p[off + 3] = b->type;
		off += MAPI_AUX_HEADER_SIZE;
		if (b->layout != MAPI_AUX_LAYOUT_OPAQUE) {
			const struct mapi_aux_layout *l =
				&mapi_aux_layout_table[b->layout];
			size_t k;

			for (k = 0; k < l->num_fields; k++) {
				field_push(&l->fields[k], &b->u, p + off);
				off += l->fields[k].wire_size;
			}
		}
		if (b->data.length > 0) {
			memcpy(p + off, b->data.data, b->data.length);
			off += b->data.length;
		}
	}
	*payload = data_blob_const(p, total);
	return NT_STATUS_OK;
}

NTSTATUS mapi_aux_unpack(TALLOC_CTX *mem_ctx, DATA_BLOB in,
			 struct mapi_aux_buffer **out)
{
	TALLOC_CTX *tmp = talloc_new(mem_ctx);
	struct mapi_ext_buffer *ext;
	struct mapi_aux_buffer *aux;
	NTSTATUS status;
	uint32_t i;

	if (tmp == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	status = mapi_ext_unpack(tmp, in, &ext);
	if (!NT_STATUS_IS_OK(status)) {
		talloc_free(tmp);
		return status;
	}
	aux = talloc_zero(mem_ctx, struct mapi_aux_buffer);
	if (aux == NULL) {
		talloc_free(tmp);
		return NT_STATUS_NO_MEMORY;
	}
	aux->flags = ext->segments[0].header.flags &
		(MAPI_EXT_COMPRESSED | MAPI_EXT_XORMAGIC);
	/* Blocks never span segments: each segment's payload is whole blocks. */
	for (i = 0; i < ext->num_segments; i++) {
		struct mapi_aux_list *part;
		struct mapi_aux_block *blocks;
		uint32_t k;

		status = mapi_aux_parse(tmp, ext->segments[i].payload, &part);
		if (!NT_STATUS_IS_OK(status)) {
			talloc_free(aux);
			talloc_free(tmp);
			return status;
		}
		blocks = talloc_realloc(aux, aux->list.blocks, struct mapi_aux_block,
					aux->list.num_blocks + part->num_blocks);
		if (blocks == NULL && aux->list.num_blocks + part->num_blocks > 0) {
			talloc_free(aux);
			talloc_free(tmp);
			return NT_STATUS_NO_MEMORY;
		}
		aux->list.blocks = blocks;
		for (k = 0; k < part->num_blocks; k++) {
			struct mapi_aux_block *b = &blocks[aux->list.num_blocks++];

			*b = part->blocks[k];
			talloc_steal(aux->list.blocks, b->data.data);
		}
	}
	talloc_free(tmp);
	*out = aux;
	return NT_STATUS_OK;
}

NTSTATUS mapi_aux_pack(TALLOC_CTX *mem_ctx, const struct mapi_aux_buffer *aux,
		       size_t max_out, DATA_BLOB *out)
{
	TALLOC_CTX *tmp = talloc_new(mem_ctx);
	struct mapi_ext_segment seg;
	struct mapi_ext_buffer ext = { .num_segments = 1, .segments = &seg };
	NTSTATUS status;

	if (tmp == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	memset(&seg, 0, sizeof(seg));
	status = mapi_aux_push(tmp, &aux->list, &seg.payload);
	if (NT_STATUS_IS_OK(status)) {
		seg.header.flags = aux->flags;
		status = mapi_ext_pack(mem_ctx, &ext, max_out, out);
	}
	talloc_free(tmp);
	return status;
}

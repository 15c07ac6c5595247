/*
 * ndr_print-style dumps of AUX blocks, walking the same layout tables as
 * the parser.  Offset fields that point at UTF-16 strings are printed with
 * the string they point to, when it lies inside the block.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <string.h>
#include <ndr.h>
#include <charset.h>
#include "aux_layout.h"

/* The string at `offset` from the AUX_HEADER, or NULL if it is not there. */
static char *block_wstr(TALLOC_CTX *mem_ctx, const struct mapi_aux_block *b,
			uint16_t offset)
{
	size_t start = MAPI_AUX_HEADER_SIZE + mapi_aux_layout_size(b->layout);
	size_t i, len;
	char *s = NULL;
	size_t slen;

	if (offset < start || offset - start >= b->data.length) {
		return NULL;
	}
	i = offset - start;
	for (len = 0; i + len + 1 < b->data.length; len += 2) {
		if (b->data.data[i + len] == 0 && b->data.data[i + len + 1] == 0) {
			break;
		}
	}
	if (!convert_string_talloc(mem_ctx, CH_UTF16LE, CH_UTF8,
				   b->data.data + i, len, &s, &slen)) {
		return NULL;
	}
	return s;
}

static void print_field(struct ndr_print *ndr, const struct mapi_aux_block *b,
			const struct mapi_aux_field *f)
{
	const uint8_t *v = (const uint8_t *)&b->u + f->offset;
	uint16_t u16;
	uint32_t u32;

	switch (f->kind) {
	case MAPI_AUX_K_u8:
		ndr_print_uint8(ndr, f->name, *v);
		break;
	case MAPI_AUX_K_u16:
		memcpy(&u16, v, sizeof(u16));
		ndr_print_uint16(ndr, f->name, u16);
		break;
	case MAPI_AUX_K_u32:
		memcpy(&u32, v, sizeof(u32));
		ndr_print_uint32(ndr, f->name, u32);
		break;
	case MAPI_AUX_K_guid: {
		DATA_BLOB blob = data_blob_const(v, f->wire_size);
		struct GUID g;

		if (NT_STATUS_IS_OK(GUID_from_ndr_blob(&blob, &g))) {
			ndr_print_GUID(ndr, f->name, &g);
		} else {
			ndr_print_array_uint8(ndr, f->name, v, f->wire_size);
		}
		break;
	}
	case MAPI_AUX_K_pad3:
	case MAPI_AUX_K_pad132:
		ndr_print_array_uint8(ndr, f->name, v, f->wire_size);
		break;
	case MAPI_AUX_K_wstr: {
		char *s;

		memcpy(&u16, v, sizeof(u16));
		s = u16 ? block_wstr(ndr, b, u16) : NULL;
		if (s != NULL) {
			ndr->print(ndr, "%-25s: 0x%04x (%u) -> '%s'", f->name,
				   u16, u16, s);
			talloc_free(s);
		} else {
			ndr_print_uint16(ndr, f->name, u16);
		}
		break;
	}
	}
}

void mapi_aux_print_block(struct ndr_print *ndr, const char *name,
			  const struct mapi_aux_block *b)
{
	const char *tname = mapi_aux_type_name(b->type);
	uint32_t i;

	ndr_print_struct(ndr, name,
			 b->layout ? mapi_aux_layout_name(b->layout) : "AUX_BLOCK (opaque)");
	ndr->depth++;
	ndr_print_struct(ndr, "header", "AUX_HEADER");
	ndr->depth++;
	ndr_print_uint16(ndr, "Size", b->size);
	ndr_print_uint8(ndr, "Version", b->version);
	ndr->print(ndr, "%-25s: 0x%02x (%s)", "Type", b->type,
		   tname ? tname : "unknown");
	ndr->depth--;
	if (b->layout != MAPI_AUX_LAYOUT_OPAQUE && b->layout < MAPI_AUX_LAYOUT_COUNT) {
		const struct mapi_aux_layout *l = &mapi_aux_layout_table[b->layout];

		for (i = 0; i < l->num_fields; i++) {
			print_field(ndr, b, &l->fields[i]);
		}
	}
	if (b->data.length > 0) {
		ndr_print_array_uint8(ndr, b->layout ? "variable" : "body",
				      b->data.data, b->data.length);
	}
	ndr->depth--;
}

void mapi_aux_print_list(struct ndr_print *ndr, const char *name,
			 const struct mapi_aux_list *list)
{
	uint32_t i;

	ndr_print_struct(ndr, name, "mapi_aux_list");
	ndr->depth++;
	ndr_print_uint32(ndr, "num_blocks", list->num_blocks);
	for (i = 0; i < list->num_blocks; i++) {
		mapi_aux_print_block(ndr, "block", &list->blocks[i]);
	}
	ndr->depth--;
}

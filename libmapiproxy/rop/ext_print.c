/*
 * ndr_print-style dumps of RPC_HEADER_EXT chains, in the layout ndrdump
 * uses for generated NDR structures.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <ndr.h>
#include "mapi_ext.h"

void mapi_ext_print_header(struct ndr_print *ndr, const char *name,
			   const struct mapi_ext_header *h)
{
	ndr_print_struct(ndr, name, "RPC_HEADER_EXT");
	ndr->depth++;
	ndr_print_uint16(ndr, "Version", h->version);
	ndr_print_uint16(ndr, "Flags", h->flags);
	ndr->depth++;
	ndr_print_bitmap_flag(ndr, sizeof(uint16_t), "Compressed",
			      MAPI_EXT_COMPRESSED, h->flags);
	ndr_print_bitmap_flag(ndr, sizeof(uint16_t), "XorMagic",
			      MAPI_EXT_XORMAGIC, h->flags);
	ndr_print_bitmap_flag(ndr, sizeof(uint16_t), "Last",
			      MAPI_EXT_LAST, h->flags);
	ndr->depth--;
	ndr_print_uint16(ndr, "Size", h->size);
	ndr_print_uint16(ndr, "SizeActual", h->size_actual);
	ndr->depth--;
}

void mapi_ext_print_buffer(struct ndr_print *ndr, const char *name,
			   const struct mapi_ext_buffer *buf)
{
	uint32_t i;

	ndr_print_struct(ndr, name, "mapi_ext_buffer");
	ndr->depth++;
	ndr_print_uint32(ndr, "num_segments", buf->num_segments);
	for (i = 0; i < buf->num_segments; i++) {
		const struct mapi_ext_segment *s = &buf->segments[i];

		mapi_ext_print_header(ndr, "header", &s->header);
		ndr_print_array_uint8(ndr, "payload", s->payload.data,
				      s->payload.length);
	}
	ndr->depth--;
}

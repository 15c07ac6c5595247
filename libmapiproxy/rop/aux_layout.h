/*
 * Internal: the tables aux_layouts.c generates from the layout descriptions
 * in mapi_aux.h, shared by the parser and the printer.  Not installed.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef MAPIPROXY_AUX_LAYOUT_H
#define MAPIPROXY_AUX_LAYOUT_H

#include "mapi_aux.h"

enum mapi_aux_kind {
	MAPI_AUX_K_u8,
	MAPI_AUX_K_u16,
	MAPI_AUX_K_u32,
	MAPI_AUX_K_guid,
	MAPI_AUX_K_pad3,
	MAPI_AUX_K_pad132,
	MAPI_AUX_K_wstr,
};

struct mapi_aux_field {
	const char *name;
	enum mapi_aux_kind kind;
	size_t wire_size;
	size_t offset;		/* in the layout's struct */
};

struct mapi_aux_layout {
	const char *name;
	const struct mapi_aux_field *fields;
	size_t num_fields;
	size_t wire_size;	/* sum of the fields' wire sizes */
};

/* Indexed by enum mapi_aux_layout_id; entry 0 (opaque) is empty. */
extern const struct mapi_aux_layout mapi_aux_layout_table[MAPI_AUX_LAYOUT_COUNT];

#endif /* MAPIPROXY_AUX_LAYOUT_H */

/*
 * RecipientRow (MS-OXCDATA 2.8.3) <-> the property set of a recipient.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef MAPIPROXY_ES_RECIPIENTS_H
#define MAPIPROXY_ES_RECIPIENTS_H

#include "es_private.h"

/* The properties of a ModifyRecipients row (columns cols). */
uint32_t es_recipient_from_row(TALLOC_CTX *mem, const struct rop_ModifyRecipientRow *row,
			       const uint32_t *cols, uint16_t ncols, struct es_props *p);
/* The RecipientRow of a stored recipient, its properties in columns cols. */
bool es_recipient_to_row(TALLOC_CTX *mem, const struct es_props *p,
			 const uint32_t *cols, uint32_t ncols,
			 struct rop_recipient_row *rr, uint8_t *recipient_type);
/* What the resolution callback is shown of a recipient. */
bool es_recipient_describe(TALLOC_CTX *mem, const struct es_props *p,
			   struct emsmdb_recipient *out);

#endif

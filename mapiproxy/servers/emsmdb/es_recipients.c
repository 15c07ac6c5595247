/*
 * Recipients of a message (MS-OXCMSG 2.2.3): the RecipientRow of
 * MS-OXCDATA 2.8.3 turned into a property set and back.  A row's fixed
 * fields become their properties (PidTagAddressType, PidTagEmailAddress,
 * PidTagDisplayName, ...), its columns are stored as they came.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "es_recipients.h"

#define RR_TYPE_MASK 0x0007
#define RR_X500DN 0x1
#define RR_SMTP 0x3
#define RR_E 0x0008
#define RR_D 0x0010
#define RR_T 0x0020
#define RR_U 0x0200
#define RR_I 0x0400
#define RR_O 0x8000

#define PR_DISPLAY_TYPE 0x39000003
#define PR_TRANSMITTABLE_DISPLAY_NAME 0x3A20001F
#define PR_SIMPLE_DISPLAY_NAME 0x3A40001F

static bool set_rr_string(TALLOC_CTX *mem, struct es_props *p, uint32_t tag,
			  bool unicode, const struct rop_blob *b)
{
	struct rop_propval v = { .type = unicode ? ROP_PT_UNICODE : ROP_PT_STRING8, .bin = *b };
	struct rop_propval u;
	if (!es_propval_convert(mem, &v, ROP_PT_UNICODE, &u)) return false;
	return es_props_set(mem, p, tag, &u);
}

uint32_t es_recipient_from_row(TALLOC_CTX *mem, const struct rop_ModifyRecipientRow *row,
			       const uint32_t *cols, uint16_t ncols, struct es_props *p)
{
	const struct rop_recipient_row *rr = &row->RecipientRow;
	bool u = (rr->flags & RR_U) != 0;
	uint16_t type = rr->flags & RR_TYPE_MASK;
	uint32_t i;

	if (!es_props_set_u32(mem, p, PR_ROWID, row->RowId) ||
	    !es_props_set_u32(mem, p, PR_RECIPIENT_TYPE, row->RecipientType)) {
		return EC_NOT_ENOUGH_MEMORY;
	}
	if (type == RR_X500DN) {
		if (!es_props_set_str(mem, p, PR_ADDRTYPE, "EX") ||
		    !set_rr_string(mem, p, PR_EMAIL_ADDRESS, false, &rr->x500dn) ||
		    !es_props_set_u32(mem, p, PR_DISPLAY_TYPE, rr->display_type)) {
			return EC_NOT_ENOUGH_MEMORY;
		}
	} else if (type == RR_SMTP) {
		if (!es_props_set_str(mem, p, PR_ADDRTYPE, "SMTP")) return EC_NOT_ENOUGH_MEMORY;
	}
	if ((rr->flags & RR_O) && !set_rr_string(mem, p, PR_ADDRTYPE, false, &rr->address_type)) {
		return EC_NOT_ENOUGH_MEMORY;
	}
	if (((rr->flags & RR_E) && !set_rr_string(mem, p, PR_EMAIL_ADDRESS, u, &rr->email_address)) ||
	    ((rr->flags & RR_D) && !set_rr_string(mem, p, PR_DISPLAY_NAME, u, &rr->display_name)) ||
	    ((rr->flags & RR_I) && !set_rr_string(mem, p, PR_SIMPLE_DISPLAY_NAME, u, &rr->simple_display_name)) ||
	    ((rr->flags & RR_T) && !set_rr_string(mem, p, PR_TRANSMITTABLE_DISPLAY_NAME, u,
						  &rr->transmittable_display_name))) {
		return EC_NOT_ENOUGH_MEMORY;
	}
	if (rr->column_count > ncols) return EC_INVALID_PARAM;
	if (rr->column_count > 0 && !rr->decoded) return EC_INVALID_PARAM;
	for (i = 0; i < rr->column_count; i++) {
		const struct rop_rowval *rv = &rr->properties.values[i];
		if (rr->properties.flag && rv->flag != 0) continue;
		if (!es_type_valid(rv->value.type)) return EC_INVALID_PARAM;
		if (!es_props_set(mem, p, PROP_TAG(PROP_ID(cols[i]), rv->value.type), &rv->value)) {
			return EC_NOT_ENOUGH_MEMORY;
		}
	}
	(void)type;
	return EC_SUCCESS;
}

static bool utf16_of(TALLOC_CTX *mem, const struct es_props *p, uint32_t tag, struct rop_blob *b)
{
	const struct rop_tagged_value *tv = es_props_find(p, tag);
	struct rop_propval v;
	if (tv == NULL || !es_propval_convert(mem, &tv->value, ROP_PT_UNICODE, &v)) return false;
	*b = v.bin;
	return true;
}

bool es_recipient_to_row(TALLOC_CTX *mem, const struct es_props *p,
			 const uint32_t *cols, uint32_t ncols,
			 struct rop_recipient_row *rr, uint8_t *recipient_type)
{
	char *addrtype = es_props_get_str(mem, p, PR_ADDRTYPE);
	char *email = es_props_get_str(mem, p, PR_EMAIL_ADDRESS);
	uint32_t v = 0;

	*rr = (struct rop_recipient_row) { .flags = RR_U };
	if (es_props_get_u32(p, PR_RECIPIENT_TYPE, &v)) *recipient_type = (uint8_t)v;
	if (addrtype && email && strcasecmp(addrtype, "EX") == 0) {
		rr->flags |= RR_X500DN;
		rr->x500dn = (struct rop_blob) { (uint8_t *)email, strlen(email) };
		if (es_props_get_u32(p, PR_DISPLAY_TYPE, &v)) rr->display_type = (uint8_t)v;
	} else if (addrtype && strcasecmp(addrtype, "SMTP") == 0) {
		rr->flags |= RR_SMTP;
		if (utf16_of(mem, p, PR_EMAIL_ADDRESS, &rr->email_address)) rr->flags |= RR_E;
	} else {
		if (addrtype) {
			rr->flags |= RR_O;
			rr->address_type = (struct rop_blob) { (uint8_t *)addrtype, strlen(addrtype) };
		}
		if (utf16_of(mem, p, PR_EMAIL_ADDRESS, &rr->email_address)) rr->flags |= RR_E;
	}
	if (utf16_of(mem, p, PR_DISPLAY_NAME, &rr->display_name)) rr->flags |= RR_D;
	if (utf16_of(mem, p, PR_SIMPLE_DISPLAY_NAME, &rr->simple_display_name)) rr->flags |= RR_I;
	if (utf16_of(mem, p, PR_TRANSMITTABLE_DISPLAY_NAME, &rr->transmittable_display_name)) {
		rr->flags |= RR_T;
	}
	rr->column_count = ncols;
	rr->decoded = true;
	return es_make_row(mem, p, cols, ncols, &rr->properties);
}

bool es_recipient_describe(TALLOC_CTX *mem, const struct es_props *p,
			   struct emsmdb_recipient *out)
{
	*out = (struct emsmdb_recipient) {
		.display_name = es_props_get_str(mem, p, PR_DISPLAY_NAME),
		.address_type = es_props_get_str(mem, p, PR_ADDRTYPE),
		.email_address = es_props_get_str(mem, p, PR_EMAIL_ADDRESS),
		.smtp_address = es_props_get_str(mem, p, PR_SMTP_ADDRESS),
	};
	return true;
}

/*
 * The irregular MS-OXCDATA structures of ROP buffers: property values of
 * every type (2.11.1), TaggedPropertyValue, TypedPropertyValue, PropertyRow
 * standard and flagged (2.8.1), PropertyName (2.6.1), TypedString,
 * RecipientRow (2.8.3), restrictions (2.12) and NotificationData.
 *
 * In ROP buffers binary counts are 16 bits and multi-value counts 32 bits
 * (MS-OXCDATA 2.11.1).
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include "rop/rop_private.h"

/* Bytes of a fixed-size type, 0 for a variable one, -1 if not allowed. */
static int fixed_size(uint16_t type)
{
	switch (type) {
	case ROP_PT_NULL: return 0;
	case ROP_PT_BOOLEAN: return 1;
	case ROP_PT_I2: return 2;
	case ROP_PT_LONG: case ROP_PT_FLOAT: case ROP_PT_ERROR: return 4;
	case ROP_PT_DOUBLE: case ROP_PT_CURRENCY: case ROP_PT_APPTIME:
	case ROP_PT_I8: case ROP_PT_SYSTIME: return 8;
	default: return -1;
	}
}

static bool is_bin_type(uint16_t type)
{
	return type == ROP_PT_STRING8 || type == ROP_PT_UNICODE ||
	       type == ROP_PT_CLSID || type == ROP_PT_BINARY ||
	       type == ROP_PT_SVREID;
}

static bool pull_scalar(struct rop_pull *p, int size, uint64_t *v)
{
	uint8_t b[8];
	int i;

	if (!rop_pull_bytes(p, b, size)) return false;
	*v = 0;
	for (i = size - 1; i >= 0; i--) {
		*v = (*v << 8) | b[i];
	}
	return true;
}

static bool push_scalar(struct rop_push *q, int size, uint64_t v)
{
	uint8_t b[8];
	int i;

	for (i = 0; i < size; i++) {
		b[i] = (uint8_t)(v >> (8 * i));
	}
	return rop_push_bytes(q, b, size);
}

static bool pull_bin(struct rop_pull *p, uint16_t type, struct rop_blob *b)
{
	uint16_t n;

	switch (type) {
	case ROP_PT_STRING8: return rop_pull_asciiz(p, b);
	case ROP_PT_UNICODE: return rop_pull_utf16z(p, b);
	case ROP_PT_CLSID: return rop_pull_blob(p, b, 16);
	default:
		return rop_pull_u16(p, &n) && rop_pull_blob(p, b, n);
	}
}

static bool push_bin(struct rop_push *q, uint16_t type, const struct rop_blob *b)
{
	switch (type) {
	case ROP_PT_STRING8: return rop_push_asciiz(q, b);
	case ROP_PT_UNICODE: return rop_push_utf16z(q, b);
	case ROP_PT_CLSID:
		if (b->length != 16) return rop_push_fail(q, "GUID not 16 bytes");
		return rop_push_bytes(q, b->data, 16);
	default:
		if (b->length > 0xffff) return rop_push_fail(q, "binary too long");
		return rop_push_u16(q, b->length) &&
		       rop_push_bytes(q, b->data, b->length);
	}
}

bool rop_pull_propval(struct rop_pull *p, uint16_t type, struct rop_propval *v)
{
	uint16_t base = type & ~ROP_PT_MV;
	int size;
	uint32_t i;

	v->type = type;
	if (type & ROP_PT_MV) {
		size = fixed_size(base);
		if (!rop_pull_u32(p, &v->count)) return false;
		if (size > 0) {
			if (!rop_pull_check_count(p, v->count, size)) return false;
			v->mv_u = talloc_array(p->mem, uint64_t, v->count + 1);
			if (v->mv_u == NULL) return rop_pull_nomem(p);
			for (i = 0; i < v->count; i++) {
				if (!pull_scalar(p, size, &v->mv_u[i])) return false;
			}
			return true;
		}
		if (!is_bin_type(base) || base == ROP_PT_SVREID) {
			return rop_pull_fail(p, NT_STATUS_NOT_SUPPORTED,
					     "multi-valued property type not allowed");
		}
		if (!rop_pull_check_count(p, v->count, 1)) return false;
		v->mv_bin = talloc_zero_array(p->mem, struct rop_blob, v->count + 1);
		if (v->mv_bin == NULL) return rop_pull_nomem(p);
		for (i = 0; i < v->count; i++) {
			if (!pull_bin(p, base, &v->mv_bin[i])) return false;
		}
		return true;
	}
	size = fixed_size(type);
	if (size >= 0) {
		return pull_scalar(p, size, &v->u);
	}
	if (is_bin_type(type)) {
		return pull_bin(p, type, &v->bin);
	}
	if (type == ROP_PT_SRESTRICT) {
		return rop_pull_restriction(p, &v->res);
	}
	/* PtypRuleAction, PtypObject and unknown types: their length cannot
	 * be known here. */
	return rop_pull_fail(p, NT_STATUS_NOT_SUPPORTED,
			     "property type not decodable in a ROP buffer");
}

bool rop_push_propval(struct rop_push *q, const struct rop_propval *v)
{
	uint16_t base = v->type & ~ROP_PT_MV;
	int size;
	uint32_t i;

	if (v->type & ROP_PT_MV) {
		size = fixed_size(base);
		if (!rop_push_u32(q, v->count)) return false;
		if (v->count > 0 && (size > 0 ? v->mv_u == NULL : v->mv_bin == NULL)) {
			return rop_push_fail(q, "multi-valued items missing");
		}
		for (i = 0; i < v->count; i++) {
			if (size > 0) {
				if (!push_scalar(q, size, v->mv_u[i])) return false;
			} else if (!is_bin_type(base)) {
				return rop_push_fail(q, "bad multi-valued type");
			} else if (!push_bin(q, base, &v->mv_bin[i])) {
				return false;
			}
		}
		return true;
	}
	size = fixed_size(v->type);
	if (size >= 0) {
		return push_scalar(q, size, v->u);
	}
	if (is_bin_type(v->type)) {
		return push_bin(q, v->type, &v->bin);
	}
	if (v->type == ROP_PT_SRESTRICT) {
		return rop_push_restriction(q, v->res);
	}
	return rop_push_fail(q, "property type not encodable");
}

static void print_bin(struct ndr_print *ndr, const char *name, uint16_t type,
		      const struct rop_blob *b)
{
	if (type == ROP_PT_STRING8) {
		rop_print_asciiz(ndr, name, b);
	} else if (type == ROP_PT_UNICODE) {
		rop_print_utf16z(ndr, name, b);
	} else {
		ndr_print_array_uint8(ndr, name, b->data, b->length);
	}
}

void rop_print_propval(struct ndr_print *ndr, const char *name,
		       const struct rop_propval *v)
{
	uint16_t base = v->type & ~ROP_PT_MV;
	uint32_t i;

	if (v->type & ROP_PT_MV) {
		ndr->print(ndr, "%s: type 0x%04x, %u values", name, v->type, v->count);
		ndr->depth++;
		for (i = 0; i < v->count; i++) {
			if (v->mv_u != NULL) {
				rop_print_u64(ndr, "[]", v->mv_u[i]);
			} else if (v->mv_bin != NULL) {
				print_bin(ndr, "[]", base, &v->mv_bin[i]);
			}
		}
		ndr->depth--;
	} else if (fixed_size(v->type) >= 0) {
		ndr->print(ndr, "%-25s: (type 0x%04x) 0x%llx", name, v->type,
			   (unsigned long long)v->u);
	} else if (v->type == ROP_PT_SRESTRICT) {
		rop_print_restriction(ndr, name, v->res);
	} else {
		print_bin(ndr, name, v->type, &v->bin);
	}
}

bool rop_pull_tpv(struct rop_pull *p, struct rop_tagged_value *v)
{
	return rop_pull_u32(p, &v->tag) &&
	       rop_pull_propval(p, v->tag & 0xffff, &v->value);
}

bool rop_push_tpv(struct rop_push *q, const struct rop_tagged_value *v)
{
	if (v->value.type != (v->tag & 0xffff)) {
		return rop_push_fail(q, "value type differs from its tag");
	}
	return rop_push_u32(q, v->tag) && rop_push_propval(q, &v->value);
}

void rop_print_tpv(struct ndr_print *ndr, const char *name,
		   const struct rop_tagged_value *v)
{
	ndr->print(ndr, "%s: tag 0x%08x", name, v->tag);
	ndr->depth++;
	rop_print_propval(ndr, "value", &v->value);
	ndr->depth--;
}

bool rop_pull_typedval(struct rop_pull *p, struct rop_propval *v)
{
	uint16_t type;

	return rop_pull_u16(p, &type) && rop_pull_propval(p, type, v);
}

bool rop_push_typedval(struct rop_push *q, const struct rop_propval *v)
{
	return rop_push_u16(q, v->type) && rop_push_propval(q, v);
}

void rop_print_typedval(struct ndr_print *ndr, const char *name,
			const struct rop_propval *v)
{
	rop_print_propval(ndr, name, v);
}

/* ------------------------------------------------------------ rows */

static uint32_t min_row_size(const uint32_t *cols, uint32_t ncols, bool flagged)
{
	uint32_t i, n = 1;

	for (i = 0; i < ncols; i++) {
		uint16_t t = cols[i] & 0xffff;
		int s = fixed_size(t);

		n += flagged ? 1 : (t == ROP_PT_UNSPECIFIED ? 2 : (s > 0 ? (uint32_t)s : 0));
	}
	return n;
}

bool rop_pull_row(struct rop_pull *p, struct rop_property_row *v)
{
	uint32_t i;

	if (p->cols == NULL && p->ncols > 0) {
		return rop_pull_fail(p, NT_STATUS_NOT_FOUND, "row columns unknown");
	}
	if (!rop_pull_u8(p, &v->flag)) return false;
	if (v->flag > 1) {
		return rop_pull_fail(p, NT_STATUS_INVALID_PARAMETER,
				     "PropertyRow flag neither 0 nor 1");
	}
	p->ofs--;
	if (!rop_pull_check_count(p, 1, min_row_size(p->cols, p->ncols, v->flag))) {
		return false;
	}
	p->ofs++;
	v->ncols = p->ncols;
	v->columns = p->cols;
	v->values = talloc_zero_array(p->mem, struct rop_rowval, p->ncols + 1);
	if (v->values == NULL) return rop_pull_nomem(p);
	for (i = 0; i < p->ncols; i++) {
		struct rop_rowval *rv = &v->values[i];
		uint16_t type = p->cols[i] & 0xffff;

		if (type == ROP_PT_UNSPECIFIED && !rop_pull_u16(p, &type)) {
			return false;
		}
		if (v->flag) {
			if (!rop_pull_u8(p, &rv->flag)) return false;
			if (rv->flag == 0x01) {
				rv->value.type = type;
				continue;
			}
			if (rv->flag == 0x0A) {
				uint32_t err;

				rv->value.type = type;
				if (!rop_pull_u32(p, &err)) return false;
				rv->value.u = err;
				continue;
			}
			if (rv->flag != 0x00) {
				return rop_pull_fail(p, NT_STATUS_INVALID_PARAMETER,
						     "bad FlaggedPropertyValue flag");
			}
		}
		if (!rop_pull_propval(p, type, &rv->value)) return false;
	}
	return true;
}

bool rop_push_row(struct rop_push *q, const struct rop_property_row *v)
{
	uint32_t i;

	if (!rop_push_u8(q, v->flag)) return false;
	if (v->ncols > 0 && (v->values == NULL || v->columns == NULL)) {
		return rop_push_fail(q, "row without values or columns");
	}
	for (i = 0; i < v->ncols; i++) {
		const struct rop_rowval *rv = &v->values[i];
		uint16_t ctype = v->columns[i] & 0xffff;

		if (ctype == ROP_PT_UNSPECIFIED) {
			if (!rop_push_u16(q, rv->value.type)) return false;
		} else if (rv->value.type != ctype && !(v->flag && rv->flag != 0)) {
			return rop_push_fail(q, "row value type differs from its column");
		}
		if (v->flag) {
			if (!rop_push_u8(q, rv->flag)) return false;
			if (rv->flag == 0x01) continue;
			if (rv->flag == 0x0A) {
				if (!rop_push_u32(q, (uint32_t)rv->value.u)) return false;
				continue;
			}
		}
		if (!rop_push_propval(q, &rv->value)) return false;
	}
	return true;
}

void rop_print_row(struct ndr_print *ndr, const char *name,
		   const struct rop_property_row *v)
{
	uint32_t i;

	ndr->print(ndr, "%s: PropertyRow (%s, %u columns)", name,
		   v->flag ? "flagged" : "standard", v->ncols);
	ndr->depth++;
	for (i = 0; i < v->ncols && v->values != NULL && v->columns != NULL; i++) {
		char label[32];

		snprintf(label, sizeof(label), "0x%08x", v->columns[i]);
		if (v->flag && v->values[i].flag == 0x01) {
			ndr->print(ndr, "%-25s: (no value)", label);
		} else if (v->flag && v->values[i].flag == 0x0A) {
			ndr->print(ndr, "%-25s: (error 0x%08x)", label,
				   (unsigned)v->values[i].value.u);
		} else {
			rop_print_propval(ndr, label, &v->values[i].value);
		}
	}
	ndr->depth--;
}

/* ------------------------------------------------------ small types */

bool rop_pull_propname(struct rop_pull *p, struct rop_property_name *v)
{
	if (!rop_pull_u8(p, &v->kind) || !rop_pull_bytes(p, v->guid, 16)) {
		return false;
	}
	if (v->kind == 0x00) {
		return rop_pull_u32(p, &v->lid);
	}
	if (v->kind == 0x01) {
		return rop_pull_u8(p, &v->name_size) &&
		       rop_pull_blob(p, &v->name, v->name_size);
	}
	if (v->kind == 0xFF) {
		return true;
	}
	return rop_pull_fail(p, NT_STATUS_INVALID_PARAMETER, "bad PropertyName Kind");
}

bool rop_push_propname(struct rop_push *q, const struct rop_property_name *v)
{
	if (!rop_push_u8(q, v->kind) || !rop_push_bytes(q, v->guid, 16)) {
		return false;
	}
	if (v->kind == 0x00) {
		return rop_push_u32(q, v->lid);
	}
	if (v->kind == 0x01) {
		return rop_push_u8(q, v->name_size) &&
		       rop_push_blob_checked(q, &v->name, v->name_size, "Name");
	}
	return true;
}

void rop_print_propname(struct ndr_print *ndr, const char *name,
			const struct rop_property_name *v)
{
	ndr_print_struct(ndr, name, "PropertyName");
	ndr->depth++;
	rop_print_u8(ndr, "Kind", v->kind);
	ndr_print_array_uint8(ndr, "Guid", v->guid, 16);
	if (v->kind == 0x00) {
		rop_print_u32(ndr, "LID", v->lid);
	} else if (v->kind == 0x01) {
		rop_print_utf16z(ndr, "Name", &v->name);
	}
	ndr->depth--;
}

bool rop_pull_typedstr(struct rop_pull *p, struct rop_typed_string *v)
{
	if (!rop_pull_u8(p, &v->string_type)) return false;
	switch (v->string_type) {
	case 0x00: case 0x01: return true;
	case 0x02: case 0x03: return rop_pull_asciiz(p, &v->string);
	case 0x04: return rop_pull_utf16z(p, &v->string);
	}
	return rop_pull_fail(p, NT_STATUS_INVALID_PARAMETER, "bad TypedString StringType");
}

bool rop_push_typedstr(struct rop_push *q, const struct rop_typed_string *v)
{
	if (!rop_push_u8(q, v->string_type)) return false;
	switch (v->string_type) {
	case 0x00: case 0x01: return true;
	case 0x02: case 0x03: return rop_push_asciiz(q, &v->string);
	case 0x04: return rop_push_utf16z(q, &v->string);
	}
	return rop_push_fail(q, "bad TypedString StringType");
}

void rop_print_typedstr(struct ndr_print *ndr, const char *name,
			const struct rop_typed_string *v)
{
	if (v->string_type == 0x04) {
		rop_print_utf16z(ndr, name, &v->string);
	} else if (v->string_type >= 0x02) {
		rop_print_asciiz(ndr, name, &v->string);
	} else {
		ndr->print(ndr, "%-25s: (%s)", name,
			   v->string_type ? "empty" : "none");
	}
}

/* ------------------------------------------------------ windows */

/* Run a parse inside exactly size bytes: nothing may be left over. */
#define IN_WINDOW(p, size, call) do { \
	uint32_t saved_end_ = (p)->end; \
	if ((size) > (p)->end - (p)->ofs) \
		return rop_pull_fail((p), NT_STATUS_BUFFER_TOO_SMALL, \
				     "sized structure past the end"); \
	(p)->end = (p)->ofs + (size); \
	if (!(call)) return false; \
	if ((p)->ofs != (p)->end) \
		return rop_pull_fail((p), NT_STATUS_INVALID_PARAMETER, \
				     "sized structure shorter than its size"); \
	(p)->end = saved_end_; \
} while (0)

/* ---------------------------------------------------- RecipientRow */

#define RR_TYPE_MASK 0x0007
#define RR_X500DN 0x1
#define RR_PDL1 0x6
#define RR_PDL2 0x7
#define RR_E 0x0008
#define RR_D 0x0010
#define RR_T 0x0020
#define RR_I 0x0400
#define RR_U 0x0200
#define RR_O 0x8000

static bool pull_rr_string(struct rop_pull *p, bool unicode, struct rop_blob *b)
{
	return unicode ? rop_pull_utf16z(p, b) : rop_pull_asciiz(p, b);
}

static bool push_rr_string(struct rop_push *q, bool unicode, const struct rop_blob *b)
{
	return unicode ? rop_push_utf16z(q, b) : rop_push_asciiz(q, b);
}

bool rop_pull_recipient_row(struct rop_pull *p, struct rop_recipient_row *v)
{
	uint16_t type;
	bool u;

	if (!rop_pull_u16(p, &v->flags)) return false;
	type = v->flags & RR_TYPE_MASK;
	u = (v->flags & RR_U) != 0;
	if (type == RR_X500DN) {
		if (!rop_pull_u8(p, &v->address_prefix_used) ||
		    !rop_pull_u8(p, &v->display_type) ||
		    !rop_pull_asciiz(p, &v->x500dn)) {
			return false;
		}
	}
	if (type == RR_PDL1 || type == RR_PDL2) {
		if (!rop_pull_u16(p, &v->entry_id_size) ||
		    !rop_pull_blob(p, &v->entry_id, v->entry_id_size) ||
		    !rop_pull_u16(p, &v->search_key_size) ||
		    !rop_pull_blob(p, &v->search_key, v->search_key_size)) {
			return false;
		}
	}
	if ((v->flags & RR_O) && !rop_pull_asciiz(p, &v->address_type)) return false;
	if ((v->flags & RR_E) && !pull_rr_string(p, u, &v->email_address)) return false;
	if ((v->flags & RR_D) && !pull_rr_string(p, u, &v->display_name)) return false;
	if ((v->flags & RR_I) && !pull_rr_string(p, u, &v->simple_display_name)) return false;
	if ((v->flags & RR_T) && !pull_rr_string(p, u, &v->transmittable_display_name)) return false;
	if (!rop_pull_u16(p, &v->column_count)) return false;
	if (p->cols != NULL && v->column_count <= p->ncols) {
		uint32_t saved = p->ncols;

		/* The row carries the first RecipientColumnCount columns. */
		p->ncols = v->column_count;
		v->decoded = rop_pull_row(p, &v->properties);
		p->ncols = saved;
		return v->decoded;
	}
	/* Columns unknown: the size of the enclosing row bounds the rest. */
	return rop_pull_blob(p, &v->raw_properties, p->end - p->ofs);
}

bool rop_push_recipient_row(struct rop_push *q, const struct rop_recipient_row *v)
{
	uint16_t type = v->flags & RR_TYPE_MASK;
	bool u = (v->flags & RR_U) != 0;

	if (!rop_push_u16(q, v->flags)) return false;
	if (type == RR_X500DN) {
		if (!rop_push_u8(q, v->address_prefix_used) ||
		    !rop_push_u8(q, v->display_type) ||
		    !rop_push_asciiz(q, &v->x500dn)) {
			return false;
		}
	}
	if (type == RR_PDL1 || type == RR_PDL2) {
		if (!rop_push_u16(q, v->entry_id_size) ||
		    !rop_push_blob_checked(q, &v->entry_id, v->entry_id_size, "EntryId") ||
		    !rop_push_u16(q, v->search_key_size) ||
		    !rop_push_blob_checked(q, &v->search_key, v->search_key_size, "SearchKey")) {
			return false;
		}
	}
	if ((v->flags & RR_O) && !rop_push_asciiz(q, &v->address_type)) return false;
	if ((v->flags & RR_E) && !push_rr_string(q, u, &v->email_address)) return false;
	if ((v->flags & RR_D) && !push_rr_string(q, u, &v->display_name)) return false;
	if ((v->flags & RR_I) && !push_rr_string(q, u, &v->simple_display_name)) return false;
	if ((v->flags & RR_T) && !push_rr_string(q, u, &v->transmittable_display_name)) return false;
	if (!rop_push_u16(q, v->column_count)) return false;
	if (v->decoded) {
		return rop_push_row(q, &v->properties);
	}
	return rop_push_bytes(q, v->raw_properties.data, v->raw_properties.length);
}

void rop_print_recipient_row(struct ndr_print *ndr, const char *name,
			     const struct rop_recipient_row *v)
{
	bool u = (v->flags & RR_U) != 0;

	ndr_print_struct(ndr, name, "RecipientRow");
	ndr->depth++;
	if (v->absent) {
		ndr->print(ndr, "(absent)");
		ndr->depth--;
		return;
	}
	rop_print_u16(ndr, "RecipientFlags", v->flags);
	if ((v->flags & RR_TYPE_MASK) == RR_X500DN) {
		rop_print_u8(ndr, "AddressPrefixUsed", v->address_prefix_used);
		rop_print_u8(ndr, "DisplayType", v->display_type);
		rop_print_asciiz(ndr, "X500DN", &v->x500dn);
	}
	if (v->entry_id.length) ndr_print_array_uint8(ndr, "EntryId", v->entry_id.data, v->entry_id.length);
	if (v->search_key.length) ndr_print_array_uint8(ndr, "SearchKey", v->search_key.data, v->search_key.length);
	if (v->flags & RR_O) rop_print_asciiz(ndr, "AddressType", &v->address_type);
#define PRS(flag, label, field) \
	if (v->flags & flag) { \
		if (u) rop_print_utf16z(ndr, label, &v->field); \
		else rop_print_asciiz(ndr, label, &v->field); \
	}
	PRS(RR_E, "EmailAddress", email_address)
	PRS(RR_D, "DisplayName", display_name)
	PRS(RR_I, "SimpleDisplayName", simple_display_name)
	PRS(RR_T, "TransmittableDisplayName", transmittable_display_name)
#undef PRS
	rop_print_u16(ndr, "RecipientColumnCount", v->column_count);
	if (v->decoded) {
		rop_print_row(ndr, "RecipientProperties", &v->properties);
	} else {
		ndr_print_array_uint8(ndr, "RecipientProperties (columns unknown)",
				      v->raw_properties.data, v->raw_properties.length);
	}
	ndr->depth--;
}

bool rop_pull_sized_recipient_row(struct rop_pull *p,
				  struct rop_recipient_row *v, uint32_t size)
{
	if (size == 0) {
		v->absent = true;
		return true;
	}
	IN_WINDOW(p, size, rop_pull_recipient_row(p, v));
	return true;
}

bool rop_push_sized_recipient_row(struct rop_push *q,
				  const struct rop_recipient_row *v,
				  size_t size_ofs)
{
	size_t start = q->len;

	if (!v->absent && !rop_push_recipient_row(q, v)) return false;
	return rop_push_patch_u16(q, size_ofs, q->len - start);
}

/* ---------------------------------------------------- restrictions */

enum {
	RES_AND = 0x00, RES_OR = 0x01, RES_NOT = 0x02, RES_CONTENT = 0x03,
	RES_PROPERTY = 0x04, RES_COMPAREPROPS = 0x05, RES_BITMASK = 0x06,
	RES_SIZE = 0x07, RES_EXIST = 0x08, RES_SUBOBJECT = 0x09,
	RES_COMMENT = 0x0A, RES_COUNT = 0x0B,
};

static bool pull_res(struct rop_pull *p, struct rop_restriction *r);

static bool pull_sub(struct rop_pull *p, struct rop_restriction *r)
{
	r->subs = talloc_zero(p->mem, struct rop_restriction);
	if (r->subs == NULL) return rop_pull_nomem(p);
	r->has_sub = true;
	r->count = 1;
	return pull_res(p, r->subs);
}

static bool pull_res(struct rop_pull *p, struct rop_restriction *r)
{
	uint16_t n16;
	uint8_t present;
	uint32_t i;
	bool ok = false;

	if (++p->depth > ROP_RESTRICTION_MAX_DEPTH) {
		return rop_pull_fail(p, NT_STATUS_INVALID_PARAMETER,
				     "restriction nested too deep");
	}
	if (!rop_pull_u8(p, &r->rt)) goto done;
	switch (r->rt) {
	case RES_AND:
	case RES_OR:
		if (!rop_pull_u16(p, &n16)) goto done;
		r->count = n16;
		if (!rop_pull_check_count(p, n16, 1)) goto done;
		r->subs = talloc_zero_array(p->mem, struct rop_restriction, n16 + 1);
		if (r->subs == NULL) { rop_pull_nomem(p); goto done; }
		for (i = 0; i < n16; i++) {
			if (!pull_res(p, &r->subs[i])) goto done;
		}
		break;
	case RES_NOT:
		if (!pull_sub(p, r)) goto done;
		break;
	case RES_CONTENT:
		r->nvalues = 1;
		r->values = talloc_zero(p->mem, struct rop_tagged_value);
		if (r->values == NULL) { rop_pull_nomem(p); goto done; }
		if (!rop_pull_u16(p, &r->fuzzy_low) || !rop_pull_u16(p, &r->fuzzy_high) ||
		    !rop_pull_u32(p, &r->tag) || !rop_pull_tpv(p, r->values)) goto done;
		break;
	case RES_PROPERTY:
		r->nvalues = 1;
		r->values = talloc_zero(p->mem, struct rop_tagged_value);
		if (r->values == NULL) { rop_pull_nomem(p); goto done; }
		if (!rop_pull_u8(p, &r->relop) || !rop_pull_u32(p, &r->tag) ||
		    !rop_pull_tpv(p, r->values)) goto done;
		break;
	case RES_COMPAREPROPS:
		if (!rop_pull_u8(p, &r->relop) || !rop_pull_u32(p, &r->tag) ||
		    !rop_pull_u32(p, &r->tag2)) goto done;
		break;
	case RES_BITMASK:
	case RES_SIZE:
		if (!rop_pull_u8(p, &r->relop) || !rop_pull_u32(p, &r->tag) ||
		    !rop_pull_u32(p, &r->value32)) goto done;
		break;
	case RES_EXIST:
		if (!rop_pull_u32(p, &r->tag)) goto done;
		break;
	case RES_SUBOBJECT:
	case RES_COUNT:
		if (!rop_pull_u32(p, &r->value32) || !pull_sub(p, r)) goto done;
		break;
	case RES_COMMENT:
		if (!rop_pull_u8(p, &r->nvalues)) goto done;
		if (!rop_pull_check_count(p, r->nvalues, 4)) goto done;
		r->values = talloc_zero_array(p->mem, struct rop_tagged_value, r->nvalues + 1);
		if (r->values == NULL) { rop_pull_nomem(p); goto done; }
		for (i = 0; i < r->nvalues; i++) {
			if (!rop_pull_tpv(p, &r->values[i])) goto done;
		}
		if (!rop_pull_u8(p, &present)) goto done;
		if (present > 1) {
			rop_pull_fail(p, NT_STATUS_INVALID_PARAMETER,
				      "bad RestrictionPresent");
			goto done;
		}
		if (present && !pull_sub(p, r)) goto done;
		break;
	default:
		rop_pull_fail(p, NT_STATUS_INVALID_PARAMETER, "unknown RestrictType");
		goto done;
	}
	ok = true;
done:
	p->depth--;
	return ok;
}

bool rop_pull_restriction(struct rop_pull *p, struct rop_restriction **v)
{
	*v = talloc_zero(p->mem, struct rop_restriction);
	if (*v == NULL) return rop_pull_nomem(p);
	return pull_res(p, *v);
}

static bool push_res(struct rop_push *q, const struct rop_restriction *r, unsigned depth)
{
	uint32_t i;

	if (depth > ROP_RESTRICTION_MAX_DEPTH) {
		return rop_push_fail(q, "restriction nested too deep");
	}
	if (!rop_push_u8(q, r->rt)) return false;
	switch (r->rt) {
	case RES_AND:
	case RES_OR:
		if (r->count > 0xffff) return rop_push_fail(q, "too many restrictions");
		if (!rop_push_u16(q, r->count)) return false;
		for (i = 0; i < r->count; i++) {
			if (!push_res(q, &r->subs[i], depth + 1)) return false;
		}
		return true;
	case RES_NOT:
		return r->subs && push_res(q, r->subs, depth + 1);
	case RES_CONTENT:
		return r->values && rop_push_u16(q, r->fuzzy_low) &&
		       rop_push_u16(q, r->fuzzy_high) && rop_push_u32(q, r->tag) &&
		       rop_push_tpv(q, r->values);
	case RES_PROPERTY:
		return r->values && rop_push_u8(q, r->relop) &&
		       rop_push_u32(q, r->tag) && rop_push_tpv(q, r->values);
	case RES_COMPAREPROPS:
		return rop_push_u8(q, r->relop) && rop_push_u32(q, r->tag) &&
		       rop_push_u32(q, r->tag2);
	case RES_BITMASK:
	case RES_SIZE:
		return rop_push_u8(q, r->relop) && rop_push_u32(q, r->tag) &&
		       rop_push_u32(q, r->value32);
	case RES_EXIST:
		return rop_push_u32(q, r->tag);
	case RES_SUBOBJECT:
	case RES_COUNT:
		return r->subs && rop_push_u32(q, r->value32) &&
		       push_res(q, r->subs, depth + 1);
	case RES_COMMENT:
		if (!rop_push_u8(q, r->nvalues)) return false;
		for (i = 0; i < r->nvalues; i++) {
			if (!rop_push_tpv(q, &r->values[i])) return false;
		}
		if (!rop_push_u8(q, r->has_sub ? 1 : 0)) return false;
		return !r->has_sub || push_res(q, r->subs, depth + 1);
	}
	return rop_push_fail(q, "unknown RestrictType");
}

bool rop_push_restriction(struct rop_push *q, const struct rop_restriction *v)
{
	if (v == NULL) return rop_push_fail(q, "restriction missing");
	return push_res(q, v, 1);
}

static void print_res(struct ndr_print *ndr, const char *name,
		      const struct rop_restriction *r)
{
	static const char *names[] = { "And", "Or", "Not", "Content", "Property",
		"CompareProps", "Bitmask", "Size", "Exist", "SubObject",
		"Comment", "Count" };
	uint32_t i;

	ndr->print(ndr, "%s: %sRestriction", name,
		   r->rt < 12 ? names[r->rt] : "Unknown");
	ndr->depth++;
	switch (r->rt) {
	case RES_CONTENT:
		rop_print_u16(ndr, "FuzzyLevelLow", r->fuzzy_low);
		rop_print_u16(ndr, "FuzzyLevelHigh", r->fuzzy_high);
		/* fall through */
	case RES_PROPERTY:
		if (r->rt == RES_PROPERTY) rop_print_u8(ndr, "RelOp", r->relop);
		rop_print_u32(ndr, "PropertyTag", r->tag);
		if (r->values) rop_print_tpv(ndr, "TaggedValue", r->values);
		break;
	case RES_COMPAREPROPS:
		rop_print_u8(ndr, "RelOp", r->relop);
		rop_print_u32(ndr, "PropTag1", r->tag);
		rop_print_u32(ndr, "PropTag2", r->tag2);
		break;
	case RES_BITMASK:
	case RES_SIZE:
		rop_print_u8(ndr, "RelOp", r->relop);
		rop_print_u32(ndr, "PropTag", r->tag);
		rop_print_u32(ndr, r->rt == RES_SIZE ? "Size" : "Mask", r->value32);
		break;
	case RES_EXIST:
		rop_print_u32(ndr, "PropTag", r->tag);
		break;
	case RES_SUBOBJECT:
	case RES_COUNT:
		rop_print_u32(ndr, r->rt == RES_COUNT ? "Count" : "SubObject", r->value32);
		break;
	case RES_COMMENT:
		for (i = 0; i < r->nvalues && r->values; i++) {
			rop_print_tpv(ndr, "TaggedValue", &r->values[i]);
		}
		break;
	}
	for (i = 0; i < r->count && r->subs; i++) {
		print_res(ndr, "[]", &r->subs[i]);
	}
	ndr->depth--;
}

void rop_print_restriction(struct ndr_print *ndr, const char *name,
			   const struct rop_restriction *v)
{
	if (v == NULL) {
		ndr->print(ndr, "%-25s: (none)", name);
		return;
	}
	print_res(ndr, name, v);
}

bool rop_pull_sized_restriction(struct rop_pull *p, struct rop_restriction **v,
				uint32_t size)
{
	*v = NULL;
	if (size == 0) {
		return true;
	}
	IN_WINDOW(p, size, rop_pull_restriction(p, v));
	return true;
}

bool rop_push_sized_restriction(struct rop_push *q,
				struct rop_restriction *const *v, size_t size_ofs)
{
	size_t start = q->len;

	if (*v != NULL && !rop_push_restriction(q, *v)) return false;
	return rop_push_patch_u16(q, size_ofs, q->len - start);
}

/* ---------------------------------------------------- notifications */

/*
 * NotificationData (MS-OXCNOTIF 2.2.1.4.1.2): which fields are present
 * depends on the NotificationType (low 12 bits of NotificationFlags), the
 * flag bits T (0x1000 TotalMessageCount), U (0x2000 UnreadMessageCount),
 * S (0x4000 search folder) and M (0x8000 about a message), and for
 * TableModified on TableEventType.  The conditions below are the
 * specification's field by field, as its requirement list words them
 * (OfficeDev/Interop-TestSuites, ExchangeMAPI/Source/MS-OXCNOTIF/TestSuite/
 * MS-OXCNOTIF_RequirementSpecification.xml, R124-R221).  A type the
 * specification does not define keeps the rest of the ROP area in raw
 * (byte-exact, enough to relay); a following RopNotify then stays inside
 * raw.
 */
#define NT_NEW_MAIL	0x0002
#define NT_CREATED	0x0004
#define NT_DELETED	0x0008
#define NT_MODIFIED	0x0010
#define NT_MOVED	0x0020
#define NT_COPIED	0x0040
#define NT_SEARCH_DONE	0x0080
#define NT_TABLE	0x0100
#define NT_EXTENDED	0x0400
#define NF_TOTAL	0x1000
#define NF_UNREAD	0x2000
#define NF_SEARCH	0x4000
#define NF_MESSAGE	0x8000
#define TABLE_ROW_ADDED		0x0003
#define TABLE_ROW_DELETED	0x0004
#define TABLE_ROW_MODIFIED	0x0005

/* Which optional fields a NotificationFlags (and TableEventType) carry. */
struct notif_layout {
	bool table, row_id, row_msg, insert_after, row_data;
	bool fid, mid, parent, old_ids, old_mid, old_parent, tags, total, unread,
	     new_mail;
};

static bool notif_layout(uint16_t flags, uint16_t event, struct notif_layout *l)
{
	uint16_t type = flags & 0x0FFF;
	bool msg = (flags & NF_MESSAGE) != 0;
	bool search = (flags & NF_SEARCH) != 0;
	bool moved = type == NT_MOVED || type == NT_COPIED;

	*l = (struct notif_layout) { 0 };
	/* R207, R211: the counts hang on T and U alone, whatever the type. */
	l->total = (flags & NF_TOTAL) != 0;
	l->unread = (flags & NF_UNREAD) != 0;
	switch (type) {
	case NT_TABLE:
		l->table = true;
		l->row_id = event == TABLE_ROW_ADDED || event == TABLE_ROW_DELETED ||
			    event == TABLE_ROW_MODIFIED;
		l->row_msg = l->row_id && msg;
		l->insert_after = event == TABLE_ROW_ADDED || event == TABLE_ROW_MODIFIED;
		l->row_data = l->insert_after;
		return true;
	case NT_EXTENDED:
		/* Reserved and never sent by servers (R111001), but its layout
		 * is defined: no FolderId nor MessageId (R171, R175) and none
		 * of the per-type fields, so only the T/U counts can follow. */
		return true;
	case NT_NEW_MAIL: case NT_CREATED: case NT_DELETED: case NT_MODIFIED:
	case NT_MOVED: case NT_COPIED: case NT_SEARCH_DONE:
		break;
	default:
		return false;
	}
	l->fid = true;
	l->mid = msg;
	/* R179: a message in a search folder (S and M) or a folder (neither);
	 * not a message in a normal folder, nor S without M (which R120
	 * forbids anyway). */
	l->parent = (type == NT_CREATED || type == NT_DELETED || moved) &&
		    msg == search;
	l->old_ids = moved;
	l->old_mid = moved && msg;
	l->old_parent = moved && !msg;
	l->tags = type == NT_CREATED || type == NT_MODIFIED;
	l->new_mail = type == NT_NEW_MAIL;
	return true;
}

bool rop_pull_notification(struct rop_pull *p, struct rop_notification *v)
{
	struct notif_layout l;
	uint16_t i;

	if (!rop_pull_u16(p, &v->flags)) return false;
	v->decoded = false;
	if ((v->flags & 0x0FFF) == NT_TABLE && !rop_pull_u16(p, &v->table_event)) {
		return false;
	}
	if (!notif_layout(v->flags, v->table_event, &l)) {
		return rop_pull_blob(p, &v->raw, p->end - p->ofs);
	}
	if (l.row_id && !rop_pull_u64(p, &v->fid)) return false;
	if (l.row_msg && (!rop_pull_u64(p, &v->mid) || !rop_pull_u32(p, &v->instance))) {
		return false;
	}
	if (l.insert_after) {
		if (!rop_pull_u64(p, &v->insert_after_fid)) return false;
		if (l.row_msg && (!rop_pull_u64(p, &v->insert_after_mid) ||
				  !rop_pull_u32(p, &v->insert_after_instance))) {
			return false;
		}
	}
	if (l.row_data && (!rop_pull_u16(p, &v->row_data_size) ||
			   !rop_pull_blob(p, &v->row_data, v->row_data_size))) {
		return false;
	}
	if (l.fid && !rop_pull_u64(p, &v->fid)) return false;
	if (l.mid && !rop_pull_u64(p, &v->mid)) return false;
	if (l.parent && !rop_pull_u64(p, &v->parent_fid)) return false;
	if (l.old_ids && !rop_pull_u64(p, &v->old_fid)) return false;
	if (l.old_mid && !rop_pull_u64(p, &v->old_mid)) return false;
	if (l.old_parent && !rop_pull_u64(p, &v->old_parent_fid)) return false;
	if (l.tags) {
		if (!rop_pull_u16(p, &v->tag_count)) return false;
		/* 0xFFFF: the tags are not given */
		if (v->tag_count != 0xFFFF && v->tag_count > 0) {
			if (!rop_pull_check_count(p, v->tag_count, 4)) return false;
			v->tags = talloc_array(p->mem, uint32_t, v->tag_count);
			if (v->tags == NULL) return rop_pull_nomem(p);
			for (i = 0; i < v->tag_count; i++) {
				if (!rop_pull_u32(p, &v->tags[i])) return false;
			}
		}
	}
	if (l.total && !rop_pull_u32(p, &v->total_message_count)) return false;
	if (l.unread && !rop_pull_u32(p, &v->unread_message_count)) return false;
	if (l.new_mail) {
		if (!rop_pull_u32(p, &v->message_flags) || !rop_pull_u8(p, &v->unicode_flag)) {
			return false;
		}
		if (!(v->unicode_flag ? rop_pull_utf16z(p, &v->message_class) :
					rop_pull_asciiz(p, &v->message_class))) {
			return false;
		}
	}
	v->decoded = true;
	return true;
}

bool rop_push_notification(struct rop_push *q, const struct rop_notification *v)
{
	struct notif_layout l;
	uint16_t i;

	if (!rop_push_u16(q, v->flags)) return false;
	if (!v->decoded) return rop_push_bytes(q, v->raw.data, v->raw.length);
	if (!notif_layout(v->flags, v->table_event, &l)) {
		return rop_push_fail(q, "NotificationData of an unknown type marked decoded");
	}
	if (l.table && !rop_push_u16(q, v->table_event)) return false;
	if (l.row_id && !rop_push_u64(q, v->fid)) return false;
	if (l.row_msg && (!rop_push_u64(q, v->mid) || !rop_push_u32(q, v->instance))) {
		return false;
	}
	if (l.insert_after) {
		if (!rop_push_u64(q, v->insert_after_fid)) return false;
		if (l.row_msg && (!rop_push_u64(q, v->insert_after_mid) ||
				  !rop_push_u32(q, v->insert_after_instance))) {
			return false;
		}
	}
	if (l.row_data && (!rop_push_u16(q, v->row_data_size) ||
			   !rop_push_blob_checked(q, &v->row_data, v->row_data_size,
						  "TableRowData"))) {
		return false;
	}
	if (l.fid && !rop_push_u64(q, v->fid)) return false;
	if (l.mid && !rop_push_u64(q, v->mid)) return false;
	if (l.parent && !rop_push_u64(q, v->parent_fid)) return false;
	if (l.old_ids && !rop_push_u64(q, v->old_fid)) return false;
	if (l.old_mid && !rop_push_u64(q, v->old_mid)) return false;
	if (l.old_parent && !rop_push_u64(q, v->old_parent_fid)) return false;
	if (l.tags) {
		if (!rop_push_u16(q, v->tag_count)) return false;
		for (i = 0; v->tag_count != 0xFFFF && i < v->tag_count; i++) {
			if (v->tags == NULL) return rop_push_fail(q, "TagCount without Tags");
			if (!rop_push_u32(q, v->tags[i])) return false;
		}
	}
	if (l.total && !rop_push_u32(q, v->total_message_count)) return false;
	if (l.unread && !rop_push_u32(q, v->unread_message_count)) return false;
	if (l.new_mail) {
		if (!rop_push_u32(q, v->message_flags) || !rop_push_u8(q, v->unicode_flag)) {
			return false;
		}
		return v->unicode_flag ? rop_push_utf16z(q, &v->message_class) :
					 rop_push_asciiz(q, &v->message_class);
	}
	return true;
}

void rop_print_notification(struct ndr_print *ndr, const char *name,
			    const struct rop_notification *v)
{
	struct notif_layout l;
	uint16_t i;

	ndr_print_struct(ndr, name, "NotificationData");
	ndr->depth++;
	rop_print_u16(ndr, "NotificationFlags", v->flags);
	if (!v->decoded || !notif_layout(v->flags, v->table_event, &l)) {
		ndr_print_array_uint8(ndr, "(undecoded)", v->raw.data, v->raw.length);
		ndr->depth--;
		return;
	}
	if (l.table) rop_print_u16(ndr, "TableEventType", v->table_event);
	if (l.row_id) rop_print_u64(ndr, "TableRowFolderID", v->fid);
	if (l.row_msg) {
		rop_print_u64(ndr, "TableRowMessageID", v->mid);
		rop_print_u32(ndr, "TableRowInstance", v->instance);
	}
	if (l.insert_after) rop_print_u64(ndr, "InsertAfterTableRowFolderID", v->insert_after_fid);
	if (l.insert_after && l.row_msg) {
		rop_print_u64(ndr, "InsertAfterTableRowID", v->insert_after_mid);
		rop_print_u32(ndr, "InsertAfterTableRowInstance", v->insert_after_instance);
	}
	if (l.row_data) {
		ndr_print_array_uint8(ndr, "TableRowData", v->row_data.data, v->row_data.length);
	}
	if (l.fid) rop_print_u64(ndr, "FolderId", v->fid);
	if (l.mid) rop_print_u64(ndr, "MessageId", v->mid);
	if (l.parent) rop_print_u64(ndr, "ParentFolderId", v->parent_fid);
	if (l.old_ids) rop_print_u64(ndr, "OldFolderId", v->old_fid);
	if (l.old_mid) rop_print_u64(ndr, "OldMessageId", v->old_mid);
	if (l.old_parent) rop_print_u64(ndr, "OldParentFolderId", v->old_parent_fid);
	if (l.tags) {
		rop_print_u16(ndr, "TagCount", v->tag_count);
		for (i = 0; v->tags != NULL && v->tag_count != 0xFFFF && i < v->tag_count; i++) {
			rop_print_u32(ndr, "Tag", v->tags[i]);
		}
	}
	if (l.total) rop_print_u32(ndr, "TotalMessageCount", v->total_message_count);
	if (l.unread) rop_print_u32(ndr, "UnreadMessageCount", v->unread_message_count);
	if (l.new_mail) {
		rop_print_u32(ndr, "MessageFlags", v->message_flags);
		rop_print_u8(ndr, "UnicodeFlag", v->unicode_flag);
		if (v->unicode_flag) {
			rop_print_utf16z(ndr, "MessageClass", &v->message_class);
		} else {
			rop_print_asciiz(ndr, "MessageClass", &v->message_class);
		}
	}
	ndr->depth--;
}

/* ------------------------------------------------ a PropertyRow alone */

NTSTATUS rop_property_row_push(TALLOC_CTX *mem_ctx, const struct rop_property_row *row,
			       struct rop_blob *out)
{
	struct rop_push q = { .mem = talloc_new(mem_ctx) };

	*out = (struct rop_blob) { NULL, 0 };
	if (q.mem == NULL) return NT_STATUS_NO_MEMORY;
	if (!rop_push_row(&q, row)) {
		DEBUG(3, ("rop: PropertyRow not encoded: %s\n", q.reason));
		talloc_free(q.mem);
		return NT_STATUS_INVALID_PARAMETER;
	}
	out->data = talloc_steal(mem_ctx, q.data);
	out->length = q.len;
	talloc_free(q.mem);
	return NT_STATUS_OK;
}

NTSTATUS rop_property_row_pull(TALLOC_CTX *mem_ctx, const uint8_t *data, size_t length,
			       const uint32_t *cols, uint32_t ncols,
			       struct rop_property_row *out)
{
	struct rop_pull p = { .data = data, .mem = mem_ctx, .cols = cols, .ncols = ncols,
			      .status = NT_STATUS_OK };

	*out = (struct rop_property_row) { .flag = 0 };
	if (length > UINT32_MAX) return NT_STATUS_INVALID_PARAMETER;
	p.end = length;
	if (!rop_pull_row(&p, out)) {
		return NT_STATUS_IS_OK(p.status) ? NT_STATUS_INVALID_PARAMETER : p.status;
	}
	/* bytes left over: the columns are not the ones the row was made with */
	return p.ofs == p.end ? NT_STATUS_OK : NT_STATUS_INVALID_PARAMETER;
}

/*
 * Restrictions of MS-OXCDATA 2.12 evaluated against a row's properties
 * (RopRestrict, RopFindRow).  A property the row lacks makes a comparison
 * false.  Not evaluated: RelOp RE (regular expressions) and
 * MEMBER_OF_DL, which are false; a Count restriction is its
 * sub-restriction (the count limit applies to a whole table, not a row).
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "es_private.h"
#include <charset.h>

enum { RES_AND, RES_OR, RES_NOT, RES_CONTENT, RES_PROPERTY, RES_COMPAREPROPS,
       RES_BITMASK, RES_SIZE, RES_EXIST, RES_SUBOBJECT, RES_COMMENT, RES_COUNT };
enum { RELOP_LT, RELOP_LE, RELOP_GT, RELOP_GE, RELOP_EQ, RELOP_NE, RELOP_RE };
#define FL_SUBSTRING 0x0001
#define FL_PREFIX 0x0002
#define FL_IGNORECASE 0x0001

static bool relop_holds(uint8_t relop, int cmp)
{
	switch (relop) {
	case RELOP_LT: return cmp < 0;
	case RELOP_LE: return cmp <= 0;
	case RELOP_GT: return cmp > 0;
	case RELOP_GE: return cmp >= 0;
	case RELOP_EQ: return cmp == 0;
	case RELOP_NE: return cmp != 0;
	default: return false;
	}
}

/* Compare two values, converting string types to one another. */
static bool compare(const struct rop_propval *a, const struct rop_propval *b, int *cmp)
{
	TALLOC_CTX *t = talloc_new(NULL);
	struct rop_propval bb;
	bool ok = es_propval_convert(t, b, a->type, &bb);
	if (ok) *cmp = es_propval_compare(a, &bb);
	talloc_free(t);
	return ok;
}

static bool content_match(const struct rop_restriction *r, const struct rop_propval *have)
{
	TALLOC_CTX *t = talloc_new(NULL);
	const struct rop_propval *want = &r->values[0].value;
	bool icase = (r->fuzzy_high & FL_IGNORECASE) != 0, ok = false;
	uint16_t mode = r->fuzzy_low & 0x3;

	if ((have->type == ROP_PT_STRING8 || have->type == ROP_PT_UNICODE) &&
	    (want->type == ROP_PT_STRING8 || want->type == ROP_PT_UNICODE)) {
		char *h = es_propval_utf8(t, have), *w = es_propval_utf8(t, want);
		if (h && w && icase) { h = strlower_talloc(t, h); w = strlower_talloc(t, w); }
		if (h && w) {
			size_t hl = strlen(h), wl = strlen(w);
			if (mode == FL_SUBSTRING) ok = strstr(h, w) != NULL;
			else if (mode == FL_PREFIX) ok = hl >= wl && memcmp(h, w, wl) == 0;
			else ok = strcmp(h, w) == 0;
		}
	} else if (have->type == ROP_PT_BINARY && want->type == ROP_PT_BINARY) {
		const struct rop_blob *h = &have->bin, *w = &want->bin;
		if (mode == FL_SUBSTRING) {
			ok = w->length == 0 || (h->length >= w->length &&
				memmem(h->data, h->length, w->data, w->length) != NULL);
		} else if (mode == FL_PREFIX) {
			ok = h->length >= w->length && memcmp(h->data, w->data, w->length) == 0;
		} else {
			ok = h->length == w->length && memcmp(h->data, w->data, w->length) == 0;
		}
	}
	talloc_free(t);
	return ok;
}

static bool sub_objects(const struct rop_restriction *r, const struct es_message *m)
{
	uint32_t i;
	if (m == NULL || !r->has_sub) return false;
	if (r->value32 == PR_MESSAGE_RECIPIENTS) {
		for (i = 0; i < m->nrecip; i++) {
			if (es_restriction_eval(r->subs, &m->recips[i], NULL)) return true;
		}
	} else if (r->value32 == PR_MESSAGE_ATTACHMENTS) {
		for (i = 0; i < m->natt; i++) {
			if (es_restriction_eval(r->subs, &m->atts[i].props, NULL)) return true;
		}
	}
	return false;
}

bool es_restriction_eval(const struct rop_restriction *r, const struct es_props *p,
			 const struct es_message *m)
{
	const struct rop_tagged_value *a, *b;
	uint32_t i;
	int cmp;

	if (r == NULL) return true;
	switch (r->rt) {
	case RES_AND:
		for (i = 0; i < r->count; i++) {
			if (!es_restriction_eval(&r->subs[i], p, m)) return false;
		}
		return true;
	case RES_OR:
		for (i = 0; i < r->count; i++) {
			if (es_restriction_eval(&r->subs[i], p, m)) return true;
		}
		return false;
	case RES_NOT:
		return r->has_sub && !es_restriction_eval(r->subs, p, m);
	case RES_CONTENT:
		a = es_props_find(p, r->tag);
		return a && r->nvalues > 0 && content_match(r, &a->value);
	case RES_PROPERTY:
		a = es_props_find(p, r->tag);
		return a && r->nvalues > 0 && compare(&a->value, &r->values[0].value, &cmp) &&
		       relop_holds(r->relop, cmp);
	case RES_COMPAREPROPS:
		a = es_props_find(p, r->tag);
		b = es_props_find(p, r->tag2);
		return a && b && compare(&a->value, &b->value, &cmp) && relop_holds(r->relop, cmp);
	case RES_BITMASK:
		a = es_props_find(p, r->tag);
		if (a == NULL || a->value.type != ROP_PT_LONG) return false;
		/* BMR_EQZ 0, BMR_NEZ 1 */
		return r->relop == 0 ? ((uint32_t)a->value.u & r->value32) == 0
				     : ((uint32_t)a->value.u & r->value32) != 0;
	case RES_SIZE:
		a = es_props_find(p, r->tag);
		if (a == NULL) return false;
		cmp = es_propval_wire_size(&a->value) < r->value32 ? -1 :
		      es_propval_wire_size(&a->value) > r->value32;
		return relop_holds(r->relop, cmp);
	case RES_EXIST:
		return es_props_find(p, r->tag) != NULL;
	case RES_SUBOBJECT:
		return sub_objects(r, m);
	case RES_COMMENT:
	case RES_COUNT:
		return r->has_sub ? es_restriction_eval(r->subs, p, m) : true;
	default:
		return false;
	}
}

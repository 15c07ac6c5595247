/*
 * Restriction evaluation for NspiGetMatches (MS-NSPI 2.2.5, the semantics
 * of MS-OXCDATA 2.12): does a directory entry satisfy a restriction tree?
 * Strings compare without regard to case, as the address book's sort does;
 * multi-valued properties match when any value does.  What this server
 * does not evaluate (RELOP_RE, sub-object restrictions: the model has no
 * sub-objects) is NSPI_E_TOO_COMPLEX, which MS-NSPI allows for any
 * restriction a server declines.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <string.h>
#include "mapiproxy/servers/nspi/nspi.h"

enum { RES_AND, RES_OR, RES_NOT, RES_CONTENT, RES_PROPERTY, RES_COMPAREPROPS,
       RES_BITMASK, RES_SIZE, RES_EXIST, RES_SUBRESTRICTION };
enum { RELOP_LT, RELOP_LE, RELOP_GT, RELOP_GE, RELOP_EQ, RELOP_NE, RELOP_RE };
#define FL_FULLSTRING	0x0000
#define FL_SUBSTRING	0x0001
#define FL_PREFIX	0x0002
#define BMR_EQZ		0
#define BMR_NEZ		1
/* deeper trees than this are refused; the wire allows 256 */
#define MAX_DEPTH	32

/* A value reduced to what comparisons need: strings as UTF-8. */
struct cmp_value {
	enum { V_NUM, V_STR, V_BIN } kind;
	int64_t num;
	const char *str;
	DATA_BLOB bin;
};

/* One scalar of a PropertyValue_r (index i of a multi-value). */
static bool scalar(TALLOC_CTX *mem_ctx, const struct PropertyValue_r *v, uint32_t i,
		   uint32_t codepage, struct cmp_value *out)
{
	switch (PROP_TYPE(v->ulPropTag)) {
	case PT_SHORT:
		out->kind = V_NUM;
		out->num = v->Value.i;
		return i == 0;
	case PT_LONG:
		out->kind = V_NUM;
		out->num = v->Value.l;
		return i == 0;
	case PT_BOOLEAN:
		out->kind = V_NUM;
		out->num = v->Value.b != 0;
		return i == 0;
	case PT_UNICODE:
		out->kind = V_STR;
		out->str = v->Value.lpszW;
		return i == 0 && out->str != NULL;
	case PT_STRING8:
		out->kind = V_STR;
		out->str = v->Value.lpszA ? nspi_cp_to_utf8(mem_ctx, v->Value.lpszA, codepage)
			: NULL;
		return i == 0 && out->str != NULL;
	case PT_BINARY:
		out->kind = V_BIN;
		out->bin = data_blob_const(v->Value.bin.lpb, v->Value.bin.cb);
		return i == 0 && (v->Value.bin.lpb != NULL || v->Value.bin.cb == 0);
	case PT_MV_UNICODE:
		out->kind = V_STR;
		if (i >= v->Value.MVszW.cValues) {
			return false;
		}
		out->str = v->Value.MVszW.lppszW[i];
		return out->str != NULL;
	case PT_MV_STRING8:
		out->kind = V_STR;
		if (i >= v->Value.MVszA.cValues || v->Value.MVszA.lppszA[i] == NULL) {
			return false;
		}
		out->str = nspi_cp_to_utf8(mem_ctx, v->Value.MVszA.lppszA[i], codepage);
		return out->str != NULL;
	}
	return false;
}

/* The entry's value of tag, strings fetched as UTF-8; false if absent. */
static bool entry_value(TALLOC_CTX *mem_ctx, const struct nspi_directory *dir,
			const struct nspi_entry *e, uint32_t tag,
			struct PropertyValue_r *out)
{
	uint16_t type = PROP_TYPE(tag);

	if (type == PT_STRING8) {
		type = PT_UNICODE;
	} else if (type == PT_MV_STRING8) {
		type = PT_MV_UNICODE;
	}
	return nspi_entry_prop(mem_ctx, dir, e, PROP_TAG(type, PROP_ID(tag)), 0, true,
			       false, out) == MAPI_E_SUCCESS;
}

/* <0, 0, >0 as a is below, equal to, above b; false if incomparable. */
static bool compare(const struct cmp_value *a, const struct cmp_value *b, int *cmp)
{
	if (a->kind != b->kind) {
		return false;
	}
	switch (a->kind) {
	case V_NUM:
		*cmp = a->num < b->num ? -1 : (a->num > b->num);
		return true;
	case V_STR:
		*cmp = strcasecmp_m(a->str, b->str);
		return true;
	case V_BIN: {
		size_t n = a->bin.length < b->bin.length ? a->bin.length : b->bin.length;
		int c = n ? memcmp(a->bin.data, b->bin.data, n) : 0;

		*cmp = c != 0 ? c : (a->bin.length < b->bin.length ? -1 :
				     (a->bin.length > b->bin.length));
		return true;
	}
	}
	return false;
}

static bool relop_holds(uint32_t relop, int cmp)
{
	switch (relop) {
	case RELOP_LT: return cmp < 0;
	case RELOP_LE: return cmp <= 0;
	case RELOP_GT: return cmp > 0;
	case RELOP_GE: return cmp >= 0;
	case RELOP_EQ: return cmp == 0;
	case RELOP_NE: return cmp != 0;
	}
	return false;
}

static enum MAPISTATUS match(TALLOC_CTX *mem, const struct nspi_directory *dir,
			     const struct nspi_entry *e, const struct Restriction_r *res,
			     uint32_t codepage, int depth, bool *m);

static enum MAPISTATUS match_content(TALLOC_CTX *mem, const struct nspi_directory *dir,
				     const struct nspi_entry *e,
				     const struct ContentRestriction_r *c, uint32_t codepage,
				     bool *m)
{
	struct PropertyValue_r have;
	struct cmp_value want, v;
	uint32_t i;

	*m = false;
	if (c->lpProp == NULL || !scalar(mem, c->lpProp, 0, codepage, &want) ||
	    want.kind == V_NUM) {
		return MAPI_E_INVALID_PARAMETER;
	}
	if (!entry_value(mem, dir, e, c->ulPropTag, &have)) {
		return MAPI_E_SUCCESS;
	}
	for (i = 0; !*m && scalar(mem, &have, i, codepage, &v); i++) {
		if (v.kind != want.kind) {
			continue;
		}
		if (v.kind == V_STR) {
			/* case is ignored whatever FL_IGNORECASE says: the GAL's
			 * collation is case-insensitive */
			char *hay = strupper_talloc(mem, v.str);
			char *needle = strupper_talloc(mem, want.str);
			size_t nl;

			if (hay == NULL || needle == NULL) {
				return MAPI_E_NOT_ENOUGH_MEMORY;
			}
			nl = strlen(needle);
			switch (c->ulFuzzyLevel & 0xFFFF) {
			case FL_SUBSTRING:
				*m = strstr(hay, needle) != NULL;
				break;
			case FL_PREFIX:
				*m = strncmp(hay, needle, nl) == 0;
				break;
			default:
				*m = strcmp(hay, needle) == 0;
				break;
			}
		} else {
			const DATA_BLOB *h = &v.bin, *n = &want.bin;

			switch (c->ulFuzzyLevel & 0xFFFF) {
			case FL_SUBSTRING:
				*m = n->length == 0 ||
					(h->length >= n->length &&
					 memmem(h->data, h->length, n->data, n->length) != NULL);
				break;
			case FL_PREFIX:
				*m = h->length >= n->length &&
					(n->length == 0 || memcmp(h->data, n->data, n->length) == 0);
				break;
			default:
				*m = data_blob_cmp(h, n) == 0;
				break;
			}
		}
	}
	return MAPI_E_SUCCESS;
}

static enum MAPISTATUS match_property(TALLOC_CTX *mem, const struct nspi_directory *dir,
				      const struct nspi_entry *e,
				      const struct PropertyRestriction_r *p, uint32_t codepage,
				      bool *m)
{
	struct PropertyValue_r have;
	struct cmp_value want, v;
	uint32_t i;
	int cmp;

	*m = false;
	if (p->relop == RELOP_RE) {
		return NSPI_E_TOO_COMPLEX;
	}
	if (p->relop > RELOP_NE || p->lpProp == NULL ||
	    !scalar(mem, p->lpProp, 0, codepage, &want)) {
		return MAPI_E_INVALID_PARAMETER;
	}
	if (!entry_value(mem, dir, e, p->ulPropTag, &have)) {
		return MAPI_E_SUCCESS;
	}
	for (i = 0; !*m && scalar(mem, &have, i, codepage, &v); i++) {
		*m = compare(&v, &want, &cmp) && relop_holds(p->relop, cmp);
	}
	return MAPI_E_SUCCESS;
}

static enum MAPISTATUS match_compare_props(TALLOC_CTX *mem,
					   const struct nspi_directory *dir,
					   const struct nspi_entry *e,
					   const struct ComparePropsRestriction_r *c,
					   bool *m)
{
	struct PropertyValue_r a, b;
	struct cmp_value va, vb;
	int cmp;

	*m = false;
	if (c->relop == RELOP_RE) {
		return NSPI_E_TOO_COMPLEX;
	}
	if (c->relop > RELOP_NE) {
		return MAPI_E_INVALID_PARAMETER;
	}
	if (entry_value(mem, dir, e, c->ulPropTag1, &a) &&
	    entry_value(mem, dir, e, c->ulPropTag2, &b) &&
	    scalar(mem, &a, 0, 0, &va) && scalar(mem, &b, 0, 0, &vb)) {
		*m = compare(&va, &vb, &cmp) && relop_holds(c->relop, cmp);
	}
	return MAPI_E_SUCCESS;
}

/* The size MS-OXCDATA gives a value: bytes, strings with their NUL. */
static uint32_t value_size(TALLOC_CTX *mem, const struct PropertyValue_r *v, uint32_t tag,
			   uint32_t codepage)
{
	switch (PROP_TYPE(v->ulPropTag)) {
	case PT_SHORT:
	case PT_BOOLEAN:
		return 2;
	case PT_LONG:
		return 4;
	case PT_BINARY:
		return v->Value.bin.cb;
	case PT_UNICODE: {
		/* UTF-16 code units of the string, and its terminator */
		const unsigned char *p = (const unsigned char *)v->Value.lpszW;
		uint32_t units = 1;

		for (; *p; p++) {
			if ((*p & 0xC0) != 0x80) {
				units += (*p >= 0xF0) ? 2 : 1;
			}
		}
		if (PROP_TYPE(tag) == PT_STRING8) {
			char *s = nspi_utf8_to_cp(mem, v->Value.lpszW, codepage);

			return s ? strlen(s) + 1 : 0;
		}
		return units * 2;
	}
	}
	return 0;
}

static enum MAPISTATUS match(TALLOC_CTX *mem, const struct nspi_directory *dir,
			     const struct nspi_entry *e, const struct Restriction_r *res,
			     uint32_t codepage, int depth, bool *m)
{
	enum MAPISTATUS st;
	uint32_t i;

	*m = false;
	if (res == NULL) {
		return MAPI_E_INVALID_PARAMETER;
	}
	if (depth > MAX_DEPTH) {
		return NSPI_E_TOO_COMPLEX;
	}
	switch (res->rt) {
	case RES_AND:
	case RES_OR: {
		const struct AndRestriction_r *a = &res->res.resAnd;
		bool want_all = res->rt == RES_AND;

		if (res->rt == RES_OR) {
			a = (const struct AndRestriction_r *)&res->res.resOr;
		}
		*m = want_all;
		for (i = 0; i < a->cRes; i++) {
			bool sub;

			st = match(mem, dir, e, &a->lpRes[i], codepage, depth + 1, &sub);
			if (st != MAPI_E_SUCCESS) {
				return st;
			}
			if (sub != want_all) {
				*m = sub;
				break;
			}
		}
		return MAPI_E_SUCCESS;
	}
	case RES_NOT:
		st = match(mem, dir, e, res->res.resNot.lpRes, codepage, depth + 1, m);
		*m = !*m;
		return st;
	case RES_CONTENT:
		return match_content(mem, dir, e, &res->res.resContent, codepage, m);
	case RES_PROPERTY:
		return match_property(mem, dir, e, &res->res.resProperty, codepage, m);
	case RES_COMPAREPROPS:
		return match_compare_props(mem, dir, e, &res->res.resCompareProps, m);
	case RES_BITMASK: {
		const struct BitMaskRestriction_r *b = &res->res.resBitMask;
		struct PropertyValue_r v;

		if (b->relBMR != BMR_EQZ && b->relBMR != BMR_NEZ) {
			return MAPI_E_INVALID_PARAMETER;
		}
		if (entry_value(mem, dir, e, b->ulPropTag, &v) &&
		    PROP_TYPE(v.ulPropTag) == PT_LONG) {
			bool zero = ((uint32_t)v.Value.l & b->ulMask) == 0;

			*m = (b->relBMR == BMR_EQZ) == zero;
		}
		return MAPI_E_SUCCESS;
	}
	case RES_SIZE: {
		const struct SizeRestriction_r *s = &res->res.resSize;
		struct PropertyValue_r v;
		uint32_t size;

		if (s->relop > RELOP_NE) {
			return s->relop == RELOP_RE ? NSPI_E_TOO_COMPLEX
				: MAPI_E_INVALID_PARAMETER;
		}
		if (entry_value(mem, dir, e, s->ulPropTag, &v)) {
			size = value_size(mem, &v, s->ulPropTag, codepage);
			*m = relop_holds(s->relop, size < s->cb ? -1 : (size > s->cb));
		}
		return MAPI_E_SUCCESS;
	}
	case RES_EXIST: {
		struct PropertyValue_r v;

		*m = entry_value(mem, dir, e, res->res.resExist.ulPropTag, &v);
		return MAPI_E_SUCCESS;
	}
	case RES_SUBRESTRICTION:
		return NSPI_E_TOO_COMPLEX;
	}
	return MAPI_E_INVALID_PARAMETER;
}

enum MAPISTATUS nspi_restriction_match(const struct nspi_directory *dir,
				       const struct nspi_entry *e,
				       const struct Restriction_r *res,
				       uint32_t codepage, bool *m)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	enum MAPISTATUS st;

	if (mem == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	st = match(mem, dir, e, res, codepage, 0, m);
	talloc_free(mem);
	return st;
}

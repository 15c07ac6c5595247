/*
 * Property sets of the mailbox store: typed values of every MS-OXCDATA
 * 2.11.1 type kept as struct rop_tagged_value (the ROP layer's own
 * representation, so that ROP values go in and out without conversion),
 * their record format in the store, string conversions, ordering and the
 * size a value takes in a ROP buffer.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "es_private.h"
#include <charset.h>
#include <sys/time.h>

/* ------------------------------------------------------- record format */

static bool buf_grow(struct es_buf *b, size_t n)
{
	if (b->failed) return false;
	if (n > SIZE_MAX / 2 - b->len) { b->failed = true; return false; }
	if (b->len + n > b->alloc) {
		size_t a = b->alloc ? b->alloc : 256;
		uint8_t *d;
		while (a < b->len + n) a *= 2;
		d = talloc_realloc(b->mem, b->data, uint8_t, a);
		if (d == NULL) { b->failed = true; return false; }
		b->data = d;
		b->alloc = a;
	}
	return true;
}

void es_put_bytes(struct es_buf *b, const void *p, size_t n)
{
	if (n == 0 || !buf_grow(b, n)) return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

static void put_le(struct es_buf *b, uint64_t v, int size)
{
	uint8_t t[8];
	int i;
	for (i = 0; i < size; i++) t[i] = (uint8_t)(v >> (8 * i));
	es_put_bytes(b, t, size);
}

void es_put_u8(struct es_buf *b, uint8_t v) { put_le(b, v, 1); }
void es_put_u16(struct es_buf *b, uint16_t v) { put_le(b, v, 2); }
void es_put_u32(struct es_buf *b, uint32_t v) { put_le(b, v, 4); }
void es_put_u64(struct es_buf *b, uint64_t v) { put_le(b, v, 8); }

void es_put_blob(struct es_buf *b, const struct rop_blob *v)
{
	es_put_u32(b, v->length);
	es_put_bytes(b, v->data, v->length);
}

bool es_get_bytes(struct es_rd *r, void *out, size_t n)
{
	if (r->failed || n > r->len - r->ofs) {
		r->failed = true;
		if (out != NULL) memset(out, 0, n);
		return false;
	}
	if (out != NULL) memcpy(out, r->data + r->ofs, n);
	r->ofs += n;
	return true;
}

static uint64_t get_le(struct es_rd *r, int size)
{
	uint8_t t[8];
	uint64_t v = 0;
	int i;
	if (!es_get_bytes(r, t, size)) return 0;
	for (i = size - 1; i >= 0; i--) v = (v << 8) | t[i];
	return v;
}

uint8_t es_get_u8(struct es_rd *r) { return (uint8_t)get_le(r, 1); }
uint16_t es_get_u16(struct es_rd *r) { return (uint16_t)get_le(r, 2); }
uint32_t es_get_u32(struct es_rd *r) { return (uint32_t)get_le(r, 4); }
uint64_t es_get_u64(struct es_rd *r) { return get_le(r, 8); }

bool es_get_count(struct es_rd *r, uint32_t *n, size_t min_size)
{
	*n = es_get_u32(r);
	if (r->failed || (min_size > 0 && *n > (r->len - r->ofs) / min_size)) {
		r->failed = true;
		*n = 0;
		return false;
	}
	return true;
}

bool es_get_blob(struct es_rd *r, TALLOC_CTX *mem, struct rop_blob *v)
{
	uint32_t n;
	if (!es_get_count(r, &n, 1)) return false;
	v->length = n;
	v->data = es_memdup_pad(mem, r->data + r->ofs, n, 1);
	if (v->data == NULL) { r->failed = true; return false; }
	r->ofs += n;
	return true;
}

/* ------------------------------------------------------- types */

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

static bool is_bin(uint16_t type)
{
	return type == ROP_PT_STRING8 || type == ROP_PT_UNICODE ||
	       type == ROP_PT_CLSID || type == ROP_PT_BINARY ||
	       type == ROP_PT_SVREID;
}

/* The types a store keeps: every fixed and counted type of MS-OXCDATA
 * 2.11.1 and their multi-valued forms; not PtypObject, restrictions nor
 * rule actions, which are not property values of a stored object. */
bool es_type_valid(uint16_t type)
{
	uint16_t base = type & ~ROP_PT_MV;
	if (type & ROP_PT_MV) {
		return base != ROP_PT_NULL && base != ROP_PT_BOOLEAN &&
		       base != ROP_PT_ERROR && base != ROP_PT_SVREID &&
		       (fixed_size(base) > 0 || is_bin(base));
	}
	return fixed_size(type) >= 0 || is_bin(type);
}

uint32_t es_propval_wire_size(const struct rop_propval *v)
{
	uint16_t base = v->type & ~ROP_PT_MV;
	uint32_t i, n;
	int s;

	if (v->type & ROP_PT_MV) {
		s = fixed_size(base);
		n = 4;
		for (i = 0; i < v->count; i++) {
			struct rop_propval one = { .type = base };
			if (s >= 0) { n += s; continue; }
			one.bin = v->mv_bin[i];
			n += es_propval_wire_size(&one);
		}
		return n;
	}
	s = fixed_size(v->type);
	if (s >= 0) return s;
	switch (v->type) {
	case ROP_PT_STRING8: return v->bin.length + 1;
	case ROP_PT_UNICODE: return v->bin.length + 2;
	case ROP_PT_CLSID: return 16;
	default: return v->bin.length + 2;
	}
}

/* ------------------------------------------------------- copies */

bool es_propval_copy(TALLOC_CTX *mem, struct rop_propval *dst,
		     const struct rop_propval *src)
{
	uint32_t i;

	*dst = (struct rop_propval) { .type = src->type, .u = src->u,
				      .count = src->count };
	if (src->bin.length > 0 || src->bin.data != NULL) {
		/* one more byte, zero: strings stay NUL-terminated */
		dst->bin.length = src->bin.length;
		dst->bin.data = talloc_zero_array(mem, uint8_t, src->bin.length + 1);
		if (dst->bin.data == NULL) return false;
		if (src->bin.length) memcpy(dst->bin.data, src->bin.data, src->bin.length);
	}
	if (src->mv_u != NULL) {
		dst->mv_u = es_memdup_pad(mem, src->mv_u, src->count * sizeof(uint64_t), sizeof(uint64_t));
		if (dst->mv_u == NULL) return false;
	}
	if (src->mv_bin != NULL) {
		dst->mv_bin = talloc_zero_array(mem, struct rop_blob, src->count + 1);
		if (dst->mv_bin == NULL) return false;
		for (i = 0; i < src->count; i++) {
			dst->mv_bin[i].length = src->mv_bin[i].length;
			dst->mv_bin[i].data = talloc_zero_array(dst->mv_bin, uint8_t,
								src->mv_bin[i].length + 1);
			if (dst->mv_bin[i].data == NULL) return false;
			if (src->mv_bin[i].length) {
				memcpy(dst->mv_bin[i].data, src->mv_bin[i].data, src->mv_bin[i].length);
			}
		}
	}
	return true;
}

struct rop_tagged_value *es_props_find(const struct es_props *p, uint32_t tag)
{
	uint32_t i;
	uint16_t t = PROP_TYPE(tag);

	for (i = 0; i < p->count; i++) {
		uint32_t have = p->v[i].tag;
		uint16_t ht = PROP_TYPE(have);
		if (PROP_ID(have) != PROP_ID(tag)) continue;
		if (ht == t || t == ROP_PT_UNSPECIFIED ||
		    ((ht == ROP_PT_STRING8 || ht == ROP_PT_UNICODE) &&
		     (t == ROP_PT_STRING8 || t == ROP_PT_UNICODE)) ||
		    ((ht & ROP_PT_MV) && (t & ROP_PT_MV) &&
		     ((ht & ~ROP_PT_MV) == ROP_PT_STRING8 || (ht & ~ROP_PT_MV) == ROP_PT_UNICODE) &&
		     ((t & ~ROP_PT_MV) == ROP_PT_STRING8 || (t & ~ROP_PT_MV) == ROP_PT_UNICODE))) {
			return &p->v[i];
		}
	}
	return NULL;
}

/* The slot of id, whatever its type: a property id has one value. */
static int find_id(const struct es_props *p, uint16_t id)
{
	uint32_t i;
	for (i = 0; i < p->count; i++) {
		if (PROP_ID(p->v[i].tag) == id) return (int)i;
	}
	return -1;
}

bool es_props_set(TALLOC_CTX *mem, struct es_props *p, uint32_t tag,
		  const struct rop_propval *v)
{
	int i = find_id(p, PROP_ID(tag));
	struct rop_tagged_value *slot;
	struct rop_propval copy;

	if (!es_propval_copy(mem, &copy, v)) return false;
	copy.type = PROP_TYPE(tag);
	if (i < 0) {
		struct rop_tagged_value *n = talloc_realloc(mem, p->v, struct rop_tagged_value,
							   p->count + 1);
		if (n == NULL) return false;
		p->v = n;
		i = p->count++;
	} else {
		/* The old value's buffers hang off mem too: freed with it. */
		talloc_free(p->v[i].value.bin.data);
		talloc_free(p->v[i].value.mv_u);
		talloc_free(p->v[i].value.mv_bin);
	}
	slot = &p->v[i];
	slot->tag = tag;
	slot->value = copy;
	return true;
}

bool es_props_delete(struct es_props *p, uint32_t tag)
{
	int i = find_id(p, PROP_ID(tag));
	if (i < 0) return false;
	memmove(&p->v[i], &p->v[i + 1], (p->count - i - 1) * sizeof(p->v[0]));
	p->count--;
	return true;
}

bool es_props_copy(TALLOC_CTX *mem, struct es_props *dst, const struct es_props *src)
{
	uint32_t i;
	for (i = 0; i < src->count; i++) {
		if (!es_props_set(mem, dst, src->v[i].tag, &src->v[i].value)) return false;
	}
	return true;
}

bool es_props_set_u32(TALLOC_CTX *mem, struct es_props *p, uint32_t tag, uint32_t v)
{
	struct rop_propval pv = { .type = PROP_TYPE(tag), .u = v };
	return es_props_set(mem, p, tag, &pv);
}

bool es_props_set_u64(TALLOC_CTX *mem, struct es_props *p, uint32_t tag, uint64_t v)
{
	struct rop_propval pv = { .type = PROP_TYPE(tag), .u = v };
	return es_props_set(mem, p, tag, &pv);
}

bool es_props_set_bin(TALLOC_CTX *mem, struct es_props *p, uint32_t tag,
		      const uint8_t *data, size_t len)
{
	struct rop_propval pv = { .type = PROP_TYPE(tag),
				  .bin = { (uint8_t *)data, len } };
	return es_props_set(mem, p, tag, &pv);
}

bool es_utf8_to_utf16(TALLOC_CTX *mem, const char *s, struct rop_blob *out)
{
	void *d = NULL;
	size_t n = 0;

	if (*s == '\0') {
		out->data = talloc_zero_array(mem, uint8_t, 2);
		out->length = 0;
		return out->data != NULL;
	}
	if (!convert_string_talloc(mem, CH_UTF8, CH_UTF16LE, s, strlen(s), &d, &n)) {
		return false;
	}
	out->data = d;
	out->length = n;
	return true;
}

bool es_props_set_str(TALLOC_CTX *mem, struct es_props *p, uint32_t tag, const char *s)
{
	struct rop_propval pv = { .type = ROP_PT_UNICODE };
	bool ok;
	if (!es_utf8_to_utf16(mem, s, &pv.bin)) return false;
	ok = es_props_set(mem, p, PROP_TAG(PROP_ID(tag), ROP_PT_UNICODE), &pv);
	talloc_free(pv.bin.data);
	return ok;
}

bool es_props_get_u32(const struct es_props *p, uint32_t tag, uint32_t *v)
{
	const struct rop_tagged_value *tv = es_props_find(p, tag);
	if (tv == NULL || tv->value.type != PROP_TYPE(tag)) return false;
	*v = (uint32_t)tv->value.u;
	return true;
}

char *es_propval_utf8(TALLOC_CTX *mem, const struct rop_propval *v)
{
	void *d = NULL;
	size_t n = 0;

	if (v->type == ROP_PT_STRING8) {
		return talloc_strndup(mem, (const char *)v->bin.data, v->bin.length);
	}
	if (v->type != ROP_PT_UNICODE) return NULL;
	if (v->bin.length == 0) return talloc_strdup(mem, "");
	if (!convert_string_talloc(mem, CH_UTF16LE, CH_UTF8, v->bin.data,
				   v->bin.length, &d, &n)) {
		return NULL;
	}
	return talloc_strndup(mem, d, n);
}

char *es_props_get_str(TALLOC_CTX *mem, const struct es_props *p, uint32_t tag)
{
	const struct rop_tagged_value *tv = es_props_find(p, PROP_TAG(PROP_ID(tag), ROP_PT_UNICODE));
	return tv ? es_propval_utf8(mem, &tv->value) : NULL;
}

/* One string between the 8-bit code page (taken as UTF-8) and UTF-16LE. */
static bool convert_str(TALLOC_CTX *mem, uint16_t from, uint16_t to,
			const struct rop_blob *in, struct rop_blob *out)
{
	void *d = NULL;
	size_t n = 0;

	if (in->length == 0) {
		out->data = talloc_zero_array(mem, uint8_t, 2);
		out->length = 0;
		return out->data != NULL;
	}
	if (!convert_string_talloc(mem, from == ROP_PT_UNICODE ? CH_UTF16LE : CH_UTF8,
				   to == ROP_PT_UNICODE ? CH_UTF16LE : CH_UTF8,
				   in->data, in->length, &d, &n)) {
		return false;
	}
	out->data = d;
	out->length = n;
	return true;
}

bool es_propval_convert(TALLOC_CTX *mem, const struct rop_propval *v,
			uint16_t want, struct rop_propval *out)
{
	uint16_t vb = v->type & ~ROP_PT_MV, wb = want & ~ROP_PT_MV;
	uint32_t i;

	if (want == v->type || want == ROP_PT_UNSPECIFIED) {
		*out = *v;
		return true;
	}
	if ((v->type & ROP_PT_MV) != (want & ROP_PT_MV) ||
	    !(vb == ROP_PT_STRING8 || vb == ROP_PT_UNICODE) ||
	    !(wb == ROP_PT_STRING8 || wb == ROP_PT_UNICODE)) {
		return false;
	}
	*out = (struct rop_propval) { .type = want, .count = v->count };
	if (!(want & ROP_PT_MV)) {
		return convert_str(mem, vb, wb, &v->bin, &out->bin);
	}
	out->mv_bin = talloc_zero_array(mem, struct rop_blob, v->count + 1);
	if (out->mv_bin == NULL) return false;
	for (i = 0; i < v->count; i++) {
		if (!convert_str(out->mv_bin, vb, wb, &v->mv_bin[i], &out->mv_bin[i])) return false;
	}
	return true;
}

/* ------------------------------------------------------- ordering */

static int cmp_u(uint64_t a, uint64_t b) { return a < b ? -1 : a > b; }

static int cmp_bytes(const struct rop_blob *a, const struct rop_blob *b)
{
	size_t n = a->length < b->length ? a->length : b->length;
	int r = n ? memcmp(a->data, b->data, n) : 0;
	return r ? (r < 0 ? -1 : 1) : cmp_u(a->length, b->length);
}

static double as_double(uint64_t u)
{
	double d;
	memcpy(&d, &u, sizeof(d));
	return d;
}

int es_propval_compare(const struct rop_propval *a, const struct rop_propval *b)
{
	if (a->type != b->type) return cmp_u(a->type, b->type);
	switch (a->type) {
	case ROP_PT_I2: return cmp_u((uint64_t)(int64_t)(int16_t)a->u + (1ull << 63),
				     (uint64_t)(int64_t)(int16_t)b->u + (1ull << 63));
	case ROP_PT_LONG: return cmp_u((uint64_t)(int64_t)(int32_t)a->u + (1ull << 63),
				       (uint64_t)(int64_t)(int32_t)b->u + (1ull << 63));
	case ROP_PT_I8: case ROP_PT_CURRENCY:
		return cmp_u(a->u + (1ull << 63), b->u + (1ull << 63));
	case ROP_PT_FLOAT: {
		float fa, fb;
		uint32_t ua = a->u, ub = b->u;
		memcpy(&fa, &ua, 4);
		memcpy(&fb, &ub, 4);
		return fa < fb ? -1 : fa > fb;
	}
	case ROP_PT_DOUBLE: case ROP_PT_APPTIME: {
		double da = as_double(a->u), db = as_double(b->u);
		return da < db ? -1 : da > db;
	}
	case ROP_PT_STRING8: case ROP_PT_UNICODE: {
		TALLOC_CTX *t = talloc_new(NULL);
		char *sa = es_propval_utf8(t, a), *sb = es_propval_utf8(t, b);
		int r = (sa && sb) ? strcasecmp_m(sa, sb) : cmp_bytes(&a->bin, &b->bin);
		talloc_free(t);
		return r < 0 ? -1 : r > 0;
	}
	case ROP_PT_CLSID: case ROP_PT_BINARY: case ROP_PT_SVREID:
		return cmp_bytes(&a->bin, &b->bin);
	default:
		if (a->type & ROP_PT_MV) return cmp_u(a->count, b->count);
		return cmp_u(a->u, b->u);
	}
}

void *es_memdup_pad(TALLOC_CTX *mem, const void *src, size_t n, size_t pad)
{
	uint8_t *d = talloc_zero_size(mem, n + pad);
	if (d != NULL && n > 0) memcpy(d, src, n);
	return d;
}

uint64_t es_nttime_now(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return ((uint64_t)tv.tv_sec + 11644473600ull) * 10000000ull + tv.tv_usec * 10ull;
}

/* ------------------------------------------------------- records */

bool es_props_pack(struct es_buf *b, const struct es_props *p)
{
	uint32_t i, k;

	es_put_u32(b, p->count);
	for (i = 0; i < p->count; i++) {
		const struct rop_propval *v = &p->v[i].value;
		es_put_u32(b, p->v[i].tag);
		if (v->type & ROP_PT_MV) {
			es_put_u32(b, v->count);
			for (k = 0; k < v->count; k++) {
				if (fixed_size(v->type & ~ROP_PT_MV) > 0) es_put_u64(b, v->mv_u[k]);
				else es_put_blob(b, &v->mv_bin[k]);
			}
		} else if (is_bin(v->type)) {
			es_put_blob(b, &v->bin);
		} else {
			es_put_u64(b, v->u);
		}
	}
	return !b->failed;
}

bool es_props_unpack(TALLOC_CTX *mem, struct es_rd *r, struct es_props *p)
{
	uint32_t n, i, k;

	if (!es_get_count(r, &n, 12)) return false;
	p->count = 0;
	p->v = talloc_zero_array(mem, struct rop_tagged_value, n + 1);
	if (p->v == NULL) return false;
	for (i = 0; i < n; i++) {
		struct rop_tagged_value *tv = &p->v[i];
		uint16_t type;
		tv->tag = es_get_u32(r);
		type = PROP_TYPE(tv->tag);
		tv->value.type = type;
		if (!es_type_valid(type)) { r->failed = true; return false; }
		if (type & ROP_PT_MV) {
			bool fixed = fixed_size(type & ~ROP_PT_MV) > 0;
			if (!es_get_count(r, &tv->value.count, fixed ? 8 : 4)) return false;
			if (fixed) {
				tv->value.mv_u = talloc_zero_array(p->v, uint64_t, tv->value.count + 1);
				if (tv->value.mv_u == NULL) return false;
				for (k = 0; k < tv->value.count; k++) tv->value.mv_u[k] = es_get_u64(r);
			} else {
				tv->value.mv_bin = talloc_zero_array(p->v, struct rop_blob, tv->value.count + 1);
				if (tv->value.mv_bin == NULL) return false;
				for (k = 0; k < tv->value.count; k++) {
					if (!es_get_blob(r, tv->value.mv_bin, &tv->value.mv_bin[k])) return false;
				}
			}
		} else if (is_bin(type)) {
			if (!es_get_blob(r, p->v, &tv->value.bin)) return false;
		} else {
			tv->value.u = es_get_u64(r);
		}
		if (r->failed) return false;
		p->count++;
	}
	return true;
}

/*
 * Primitive codecs of the ROP layer: a read cursor bounded by the end of
 * its window (every count is checked against the bytes left before anything
 * is allocated), a talloc-grown write buffer, and the ndr_print helpers.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include "rop/rop_private.h"

bool rop_pull_fail(struct rop_pull *p, NTSTATUS status, const char *reason)
{
	/* Keep the innermost (first) reason: it names the real problem. */
	if (p->reason == NULL) {
		p->status = status;
		p->reason = reason;
		p->err_ofs = p->ofs;
	}
	return false;
}

bool rop_pull_nomem(struct rop_pull *p)
{
	return rop_pull_fail(p, NT_STATUS_NO_MEMORY, "out of memory");
}

bool rop_pull_check_count(struct rop_pull *p, uint64_t count, uint32_t min_size)
{
	if (count * min_size > (uint64_t)(p->end - p->ofs)) {
		return rop_pull_fail(p, NT_STATUS_BUFFER_TOO_SMALL,
				     "count larger than the bytes left");
	}
	return true;
}

static bool need(struct rop_pull *p, uint32_t n)
{
	if (n > p->end - p->ofs) {
		return rop_pull_fail(p, NT_STATUS_BUFFER_TOO_SMALL,
				     "truncated field");
	}
	return true;
}

bool rop_pull_u8(struct rop_pull *p, uint8_t *v)
{
	if (!need(p, 1)) return false;
	*v = p->data[p->ofs++];
	return true;
}

bool rop_pull_u16(struct rop_pull *p, uint16_t *v)
{
	if (!need(p, 2)) return false;
	*v = (uint16_t)(p->data[p->ofs] | (p->data[p->ofs + 1] << 8));
	p->ofs += 2;
	return true;
}

bool rop_pull_u32(struct rop_pull *p, uint32_t *v)
{
	const uint8_t *d;

	if (!need(p, 4)) return false;
	d = p->data + p->ofs;
	*v = (uint32_t)d[0] | ((uint32_t)d[1] << 8) | ((uint32_t)d[2] << 16) |
	     ((uint32_t)d[3] << 24);
	p->ofs += 4;
	return true;
}

bool rop_pull_u64(struct rop_pull *p, uint64_t *v)
{
	uint32_t lo, hi;

	if (!need(p, 8)) return false;
	rop_pull_u32(p, &lo);
	rop_pull_u32(p, &hi);
	*v = ((uint64_t)hi << 32) | lo;
	return true;
}

bool rop_pull_bytes(struct rop_pull *p, uint8_t *v, uint32_t n)
{
	if (!need(p, n)) return false;
	memcpy(v, p->data + p->ofs, n);
	p->ofs += n;
	return true;
}

bool rop_pull_blob(struct rop_pull *p, struct rop_blob *b, uint32_t n)
{
	if (!need(p, n)) return false;
	b->length = n;
	/* One spare zero byte so that strings can be printed directly. */
	b->data = talloc_zero_size(p->mem, n + 2);
	if (b->data == NULL) return rop_pull_nomem(p);
	memcpy(b->data, p->data + p->ofs, n);
	p->ofs += n;
	return true;
}

bool rop_pull_asciiz(struct rop_pull *p, struct rop_blob *b)
{
	const uint8_t *s = p->data + p->ofs;
	const uint8_t *z = memchr(s, 0, p->end - p->ofs);

	if (z == NULL) {
		return rop_pull_fail(p, NT_STATUS_BUFFER_TOO_SMALL,
				     "unterminated string");
	}
	if (!rop_pull_blob(p, b, z - s)) return false;
	p->ofs++;
	return true;
}

bool rop_pull_utf16z(struct rop_pull *p, struct rop_blob *b)
{
	uint32_t n;

	for (n = 0; p->ofs + n + 1 < p->end; n += 2) {
		if (p->data[p->ofs + n] == 0 && p->data[p->ofs + n + 1] == 0) {
			if (!rop_pull_blob(p, b, n)) return false;
			p->ofs += 2;
			return true;
		}
	}
	return rop_pull_fail(p, NT_STATUS_BUFFER_TOO_SMALL,
			     "unterminated UTF-16 string");
}

bool rop_push_fail(struct rop_push *q, const char *reason)
{
	if (q->reason == NULL) {
		q->reason = reason;
	}
	return false;
}

static bool room(struct rop_push *q, size_t n)
{
	if (q->len + n > q->alloc) {
		size_t want = q->alloc ? q->alloc * 2 : 256;
		uint8_t *d;

		while (want < q->len + n) {
			want *= 2;
		}
		d = talloc_realloc(q->mem, q->data, uint8_t, want);
		if (d == NULL) return rop_push_fail(q, "out of memory");
		q->data = d;
		q->alloc = want;
	}
	return true;
}

bool rop_push_bytes(struct rop_push *q, const uint8_t *v, size_t n)
{
	if (n == 0) return true;
	if (v == NULL) return rop_push_fail(q, "bytes missing");
	if (!room(q, n)) return false;
	memcpy(q->data + q->len, v, n);
	q->len += n;
	return true;
}

bool rop_push_u8(struct rop_push *q, uint8_t v)
{
	return rop_push_bytes(q, &v, 1);
}

bool rop_push_u16(struct rop_push *q, uint16_t v)
{
	uint8_t b[2] = { v & 0xff, v >> 8 };
	return rop_push_bytes(q, b, 2);
}

bool rop_push_u32(struct rop_push *q, uint32_t v)
{
	uint8_t b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };
	return rop_push_bytes(q, b, 4);
}

bool rop_push_u64(struct rop_push *q, uint64_t v)
{
	return rop_push_u32(q, (uint32_t)v) && rop_push_u32(q, (uint32_t)(v >> 32));
}

bool rop_push_blob_checked(struct rop_push *q, const struct rop_blob *b,
			   uint64_t declared, const char *name)
{
	if (b->length != declared) {
		return rop_push_fail(q, "length field disagrees with its data");
	}
	return rop_push_bytes(q, b->data, b->length);
}

bool rop_push_asciiz(struct rop_push *q, const struct rop_blob *b)
{
	if (b->length > 0 && memchr(b->data, 0, b->length) != NULL) {
		return rop_push_fail(q, "string holds a NUL");
	}
	return rop_push_bytes(q, b->data, b->length) && rop_push_u8(q, 0);
}

bool rop_push_utf16z(struct rop_push *q, const struct rop_blob *b)
{
	if (b->length % 2 != 0) {
		return rop_push_fail(q, "odd UTF-16 length");
	}
	return rop_push_bytes(q, b->data, b->length) && rop_push_u16(q, 0);
}

bool rop_push_patch_u16(struct rop_push *q, size_t ofs, size_t value)
{
	if (value > 0xffff) {
		return rop_push_fail(q, "structure too large for its 16-bit size");
	}
	q->data[ofs] = value & 0xff;
	q->data[ofs + 1] = value >> 8;
	return true;
}

void rop_print_u8(struct ndr_print *ndr, const char *name, uint8_t v)
{
	ndr->print(ndr, "%-25s: 0x%02x (%u)", name, v, v);
}

void rop_print_u16(struct ndr_print *ndr, const char *name, uint16_t v)
{
	ndr->print(ndr, "%-25s: 0x%04x (%u)", name, v, v);
}

void rop_print_u32(struct ndr_print *ndr, const char *name, uint32_t v)
{
	ndr->print(ndr, "%-25s: 0x%08x (%u)", name, v, v);
}

void rop_print_u64(struct ndr_print *ndr, const char *name, uint64_t v)
{
	ndr->print(ndr, "%-25s: 0x%016llx (%llu)", name,
		   (unsigned long long)v, (unsigned long long)v);
}

void rop_print_asciiz(struct ndr_print *ndr, const char *name, const struct rop_blob *b)
{
	ndr->print(ndr, "%-25s: '%.*s'", name, (int)b->length,
		   b->data ? (const char *)b->data : "");
}

void rop_print_utf16z(struct ndr_print *ndr, const char *name, const struct rop_blob *b)
{
	/* Enough for a dump: ASCII shown, anything else as '?'. */
	char buf[128];
	uint32_t i, n = 0;

	for (i = 0; i + 1 < b->length && n + 1 < sizeof(buf); i += 2) {
		uint16_t c = b->data[i] | (b->data[i + 1] << 8);
		buf[n++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	buf[n] = '\0';
	ndr->print(ndr, "%-25s: u'%s'%s", name, buf,
		   i + 1 < b->length ? "..." : "");
}

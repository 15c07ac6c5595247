/*
 * RPC_HEADER_EXT chains (MS-OXCRPC §2.2.2.1, §3.1.4.2.1): split a buffer
 * into segments and decode them, or build one from payloads.
 *
 * Unpack is strict about the framing (a proxy must not guess where a
 * payload ends) and the caller relays the original bytes when it fails.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <util/debug.h>
#include "mapi_ext.h"
#include "mapi_lz77.h"

static inline uint16_t get_le16(const uint8_t *p)
{
	return p[0] | (uint16_t)p[1] << 8;
}

static inline void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8;
}

bool mapi_ext_header_pull(const uint8_t *p, size_t len,
			  struct mapi_ext_header *h)
{
	if (len < MAPI_EXT_HEADER_SIZE) {
		return false;
	}
	h->version = get_le16(p);
	h->flags = get_le16(p + 2);
	h->size = get_le16(p + 4);
	h->size_actual = get_le16(p + 6);
	return true;
}

void mapi_ext_header_push(uint8_t *p, const struct mapi_ext_header *h)
{
	put_le16(p, h->version);
	put_le16(p + 2, h->flags);
	put_le16(p + 4, h->size);
	put_le16(p + 6, h->size_actual);
}

/* Log why unpacking stopped, and tell the caller who asked. */
static void PRINTF_ATTRIBUTE(4, 5) explain(struct mapi_ext_error *err,
					   unsigned n, size_t off,
					   const char *fmt, ...)
{
	char why[sizeof(err->reason)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	DEBUG(3, ("mapi_ext_unpack: segment %u at offset %zu: %s\n", n, off, why));
	if (err != NULL) {
		memcpy(err->reason, why, sizeof(why));
		err->segment = n;
		err->offset = off;
	}
}

#define BAD_EXT(...) do { \
	explain(err, n, off, __VA_ARGS__); \
	return NT_STATUS_INVALID_PARAMETER; \
} while (0)

/* Check one header against the rules of §2.2.2.1. */
static NTSTATUS check_header(const struct mapi_ext_header *h, size_t avail,
			     unsigned n, size_t off, struct mapi_ext_error *err)
{
	if (h->version != MAPI_EXT_VERSION) {
		BAD_EXT("Version 0x%04x, must be 0", h->version);
	}
	if (h->flags & ~MAPI_EXT_FLAGS_ALL) {
		BAD_EXT("unknown Flags 0x%04x", h->flags);
	}
	if (h->size > avail) {
		BAD_EXT("Size %u but only %zu bytes follow", h->size, avail);
	}
	if (h->size_actual > MAPI_EXT_MAX_PAYLOAD) {
		BAD_EXT("SizeActual %u above 32 KiB", h->size_actual);
	}
	if (h->flags & MAPI_EXT_COMPRESSED) {
		if (h->size >= h->size_actual) {
			BAD_EXT("compressed Size %u not below SizeActual %u",
				h->size, h->size_actual);
		}
	} else if (h->size != h->size_actual) {
		BAD_EXT("uncompressed Size %u != SizeActual %u",
			h->size, h->size_actual);
	}
	return NT_STATUS_OK;
}

static NTSTATUS decode_payload(TALLOC_CTX *mem_ctx,
			       const struct mapi_ext_header *h,
			       const uint8_t *wire, DATA_BLOB *payload)
{
	/* One spare byte so that an empty payload still has a talloc parent. */
	DATA_BLOB raw = data_blob_talloc(mem_ctx, NULL, h->size + 1);
	NTSTATUS status;

	if (raw.data == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	raw.length = h->size;
	memcpy(raw.data, wire, h->size);
	if (h->flags & MAPI_EXT_XORMAGIC) {
		mapi_xor_apply(raw.data, raw.length);
	}
	if (!(h->flags & MAPI_EXT_COMPRESSED)) {
		*payload = raw;
		return NT_STATUS_OK;
	}
	status = mapi_lz77_decompress(mem_ctx, raw, h->size_actual, payload);
	data_blob_free(&raw);
	return status;
}

NTSTATUS mapi_ext_unpack_explain(TALLOC_CTX *mem_ctx, DATA_BLOB in,
				 struct mapi_ext_buffer **out,
				 struct mapi_ext_error *err)
{
	struct mapi_ext_buffer *buf;
	size_t off = 0;
	unsigned n = 0;
	bool last = false;

	if (in.length == 0) {
		explain(err, 0, 0, "empty buffer, no RPC_HEADER_EXT");
		return NT_STATUS_INVALID_PARAMETER;
	}
	buf = talloc_zero(mem_ctx, struct mapi_ext_buffer);
	if (buf == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	while (!last) {
		struct mapi_ext_segment *seg;
		struct mapi_ext_header h;
		NTSTATUS status;

		if (!mapi_ext_header_pull(in.data + off, in.length - off, &h)) {
			explain(err, n, off, "%s (%zu bytes left)",
				in.length == off ? "no segment with the Last flag" :
				"truncated header", in.length - off);
			talloc_free(buf);
			return NT_STATUS_INVALID_PARAMETER;
		}
		status = check_header(&h, in.length - off - MAPI_EXT_HEADER_SIZE,
				      n, off, err);
		if (!NT_STATUS_IS_OK(status)) {
			talloc_free(buf);
			return status;
		}
		/* Segments are at least 8 bytes, so n never gets near overflow. */
		seg = talloc_realloc(buf, buf->segments, struct mapi_ext_segment,
				     n + 1);
		if (seg == NULL) {
			talloc_free(buf);
			return NT_STATUS_NO_MEMORY;
		}
		buf->segments = seg;
		seg = &buf->segments[n];
		seg->header = h;
		status = decode_payload(buf->segments, &h,
					in.data + off + MAPI_EXT_HEADER_SIZE,
					&seg->payload);
		if (!NT_STATUS_IS_OK(status)) {
			explain(err, n, off, "payload does not decode: %s",
				nt_errstr(status));
			talloc_free(buf);
			return status;
		}
		buf->num_segments = ++n;
		off += MAPI_EXT_HEADER_SIZE + h.size;
		last = (h.flags & MAPI_EXT_LAST) != 0;
	}
	if (off != in.length) {
		explain(err, n, off, "%zu bytes after the Last segment",
			in.length - off);
		talloc_free(buf);
		return NT_STATUS_INVALID_PARAMETER;
	}
	*out = buf;
	return NT_STATUS_OK;
}

NTSTATUS mapi_ext_unpack(TALLOC_CTX *mem_ctx, DATA_BLOB in,
			 struct mapi_ext_buffer **out)
{
	return mapi_ext_unpack_explain(mem_ctx, in, out, NULL);
}

/*
 * Encode one payload at out + HEADER_SIZE (room for the worst case is
 * there), returning the header that describes it.
 */
static NTSTATUS encode_segment(TALLOC_CTX *tmp,
			       const struct mapi_ext_segment *seg, bool final,
			       uint8_t *out, struct mapi_ext_header *h)
{
	const DATA_BLOB *p = &seg->payload;
	uint16_t flags = seg->header.flags & (MAPI_EXT_COMPRESSED | MAPI_EXT_XORMAGIC);
	uint8_t *body = out + MAPI_EXT_HEADER_SIZE;
	size_t size = p->length;

	if (p->length > MAPI_EXT_MAX_PAYLOAD) {
		DEBUG(1, ("mapi_ext_pack: payload of %zu bytes above 32 KiB\n",
			  p->length));
		return NT_STATUS_INVALID_PARAMETER;
	}
	if (flags & MAPI_EXT_COMPRESSED) {
		DATA_BLOB z;
		NTSTATUS status = mapi_lz77_compress(tmp, *p, &z);

		if (!NT_STATUS_IS_OK(status)) {
			return status;
		}
		if (z.length < p->length) {
			memcpy(body, z.data, z.length);
			size = z.length;
		} else {
			flags &= ~MAPI_EXT_COMPRESSED;
		}
		data_blob_free(&z);
	}
	if (!(flags & MAPI_EXT_COMPRESSED) && p->length > 0) {
		memcpy(body, p->data, p->length);
	}
	if (flags & MAPI_EXT_XORMAGIC) {
		mapi_xor_apply(body, size);
	}
	h->version = MAPI_EXT_VERSION;
	h->flags = flags | (final ? MAPI_EXT_LAST : 0);
	h->size = size;
	h->size_actual = p->length;
	mapi_ext_header_push(out, h);
	return NT_STATUS_OK;
}

NTSTATUS mapi_ext_pack(TALLOC_CTX *mem_ctx, const struct mapi_ext_buffer *buf,
		       size_t max_out, DATA_BLOB *out)
{
	TALLOC_CTX *tmp;
	uint8_t *data;
	size_t total = 0, used = 0;
	uint32_t i;

	if (buf == NULL || buf->num_segments == 0) {
		DEBUG(1, ("mapi_ext_pack: no segment to pack\n"));
		return NT_STATUS_INVALID_PARAMETER;
	}
	/* Never more than header + uncompressed payload per segment. */
	for (i = 0; i < buf->num_segments; i++) {
		total += MAPI_EXT_HEADER_SIZE + buf->segments[i].payload.length;
	}
	tmp = talloc_new(mem_ctx);
	data = tmp ? talloc_array(tmp, uint8_t, total) : NULL;
	if (data == NULL) {
		talloc_free(tmp);
		return NT_STATUS_NO_MEMORY;
	}
	for (i = 0; i < buf->num_segments; i++) {
		struct mapi_ext_header h;
		NTSTATUS status;

		status = encode_segment(tmp, &buf->segments[i],
					i + 1 == buf->num_segments,
					data + used, &h);
		if (!NT_STATUS_IS_OK(status)) {
			talloc_free(tmp);
			return status;
		}
		used += MAPI_EXT_HEADER_SIZE + h.size;
		if (used > max_out) {
			DEBUG(3, ("mapi_ext_pack: %zu bytes after segment %u "
				  "exceed the limit of %zu\n", used, i, max_out));
			talloc_free(tmp);
			return NT_STATUS_BUFFER_TOO_SMALL;
		}
	}
	*out = data_blob_talloc(mem_ctx, data, used);
	talloc_free(tmp);
	if (out->data == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	return NT_STATUS_OK;
}

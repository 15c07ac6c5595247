/*
 * LZ77 + DIRECT2 decompression (MS-XCA §2.4, MS-OXCRPC §3.1.4.1.1.2).
 *
 * Bounds are checked on every read and every write, so a hostile stream can
 * only produce an error.  The caller knows the decompressed size from the
 * RPC_HEADER_EXT (SizeActual), which makes the end-of-stream rule easy to
 * enforce: the stream must produce exactly that many bytes and be consumed
 * to its last byte.  We accept the end at a flag-word boundary without the
 * trailing 0xFFFFFFFF word, and trailing 0 bits once the output is complete,
 * as other decoders do: with the size known these are unambiguous, and a
 * proxy gains nothing by refusing them.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <string.h>
#include <util/debug.h>
#include "mapi_lz77.h"

struct lz77_reader {
	const uint8_t *in;
	size_t in_len;
	size_t in_pos;
};

static bool read_bytes(struct lz77_reader *r, size_t n, uint32_t *v)
{
	uint32_t x = 0;
	size_t i;

	if (r->in_len - r->in_pos < n) {
		return false;
	}
	for (i = 0; i < n; i++) {
		x |= (uint32_t)r->in[r->in_pos + i] << (8 * i);
	}
	r->in_pos += n;
	*v = x;
	return true;
}

#define BAD_STREAM(why) do { \
	DEBUG(3, ("mapi_lz77_decompress: %s at input offset %zu, output offset %zu\n", \
		  why, r.in_pos, out_pos)); \
	return NT_STATUS_BAD_COMPRESSION_BUFFER; \
} while (0)

static NTSTATUS lz77_decompress_into(const uint8_t *in, size_t in_len,
				     uint8_t *out, size_t out_size)
{
	struct lz77_reader r = { .in = in, .in_len = in_len, .in_pos = 0 };
	size_t out_pos = 0;
	uint32_t flags = 0;
	unsigned flag_count = 0;
	/* Position of the half byte shared by two long matches, if one is open. */
	size_t nibble_pos = 0;
	bool nibble_open = false;

	for (;;) {
		uint32_t meta, len, extra;
		size_t offset;

		if (flag_count == 0) {
			if (r.in_pos == r.in_len) {
				break;
			}
			if (!read_bytes(&r, 4, &flags)) {
				BAD_STREAM("truncated flag word");
			}
			flag_count = 32;
		}
		flag_count--;

		if ((flags & (1U << flag_count)) == 0) {
			if (r.in_pos == r.in_len) {
				if (out_pos == out_size) {
					break;
				}
				BAD_STREAM("literal missing (truncated stream)");
			}
			if (out_pos == out_size) {
				BAD_STREAM("literal beyond the declared size");
			}
			out[out_pos++] = r.in[r.in_pos++];
			continue;
		}

		if (r.in_pos == r.in_len) {
			break;	/* the end-of-stream bit */
		}
		if (!read_bytes(&r, 2, &meta)) {
			BAD_STREAM("truncated match");
		}
		offset = (meta >> 3) + 1;
		len = meta & 7;
		if (len == 7) {
			if (!nibble_open) {
				if (r.in_pos == r.in_len) {
					BAD_STREAM("truncated length half byte");
				}
				nibble_pos = r.in_pos++;
				len = r.in[nibble_pos] & 0x0f;
				nibble_open = true;
			} else {
				len = r.in[nibble_pos] >> 4;
				nibble_open = false;
			}
			if (len == 15) {
				if (!read_bytes(&r, 1, &len)) {
					BAD_STREAM("truncated length byte");
				}
				if (len == 255) {
					if (!read_bytes(&r, 2, &len)) {
						BAD_STREAM("truncated 2-byte length");
					}
					if (len == 0 && !read_bytes(&r, 4, &len)) {
						BAD_STREAM("truncated 4-byte length");
					}
					if (len < 15 + 7) {
						BAD_STREAM("extended length below its minimum");
					}
					len -= 15 + 7;
				}
				len += 15;
			}
			len += 7;
		}
		extra = len;	/* len is now the match length minus 3 */
		if (offset > out_pos) {
			BAD_STREAM("match offset before the start of the output");
		}
		if (out_size - out_pos < 3 || out_size - out_pos - 3 < extra) {
			BAD_STREAM("match beyond the declared size");
		}
		len = extra + 3;
		if (offset >= len) {
			memcpy(out + out_pos, out + out_pos - offset, len);
			out_pos += len;
		} else {
			/* Overlapping: the match repeats its own output. */
			const uint8_t *src = out + out_pos - offset;
			uint8_t *dst = out + out_pos;
			uint32_t i;

			for (i = 0; i < len; i++) {
				dst[i] = src[i];
			}
			out_pos += len;
		}
	}

	if (out_pos != out_size) {
		BAD_STREAM("stream ended before the declared size");
	}
	return NT_STATUS_OK;
}

NTSTATUS mapi_lz77_decompress(TALLOC_CTX *mem_ctx, DATA_BLOB in,
			      size_t out_size, DATA_BLOB *out)
{
	NTSTATUS status;
	DATA_BLOB blob;

	/* One extra byte so that a 0-byte result still has a talloc parent. */
	blob = data_blob_talloc(mem_ctx, NULL, out_size + 1);
	if (blob.data == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	blob.length = out_size;
	status = lz77_decompress_into(in.data, in.length, blob.data, out_size);
	if (!NT_STATUS_IS_OK(status)) {
		data_blob_free(&blob);
		return status;
	}
	*out = blob;
	return NT_STATUS_OK;
}

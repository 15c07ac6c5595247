/*
 * LZ77 + DIRECT2 compression (MS-XCA §2.3, MS-OXCRPC §3.1.4.1.1.2).
 *
 * It runs on every payload the proxy re-encodes, so it trades ratio for
 * speed the way zlib's fast levels do: a hash of the next 3 bytes selects a
 * chain of earlier positions inside the 8 KiB window, at most
 * LZ77_MAX_CHAIN of them are compared, and a match of LZ77_NICE_LEN bytes
 * ends the search.  The parse is greedy.  Matches may overlap the bytes
 * they produce (offset 1 encodes a run), which the decoder must support.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <string.h>
#include <util/debug.h>
#include "mapi_lz77.h"

#define LZ77_MIN_MATCH	3
#define LZ77_MAX_CHAIN	16
#define LZ77_NICE_LEN	128
#define LZ77_MAX_HASH_BITS 14

struct lz77_writer {
	uint8_t *out;
	size_t pos;
	size_t flag_pos;	/* where the current flag word goes */
	uint32_t flags;
	unsigned flag_count;
	size_t nibble_pos;	/* half byte waiting for a second long match */
	bool nibble_open;
};

static inline void put_le16(uint8_t *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
	put_le16(p, v & 0xffff);
	put_le16(p + 2, v >> 16);
}

static inline void push_flag(struct lz77_writer *w, uint32_t bit)
{
	w->flags = (w->flags << 1) | bit;
	if (++w->flag_count == 32) {
		put_le32(w->out + w->flag_pos, w->flags);
		w->flag_pos = w->pos;
		w->pos += 4;
		w->flags = 0;
		w->flag_count = 0;
	}
}

static inline void emit_literal(struct lz77_writer *w, uint8_t b)
{
	w->out[w->pos++] = b;
	push_flag(w, 0);
}

static void emit_match(struct lz77_writer *w, size_t offset, size_t length)
{
	size_t m = length - LZ77_MIN_MATCH;
	uint32_t meta = (uint32_t)(offset - 1) << 3;

	if (m < 7) {
		put_le16(w->out + w->pos, meta | m);
		w->pos += 2;
		push_flag(w, 1);
		return;
	}
	put_le16(w->out + w->pos, meta | 7);
	w->pos += 2;

	m -= 7;
	{
		uint8_t nib = m < 15 ? m : 15;

		if (!w->nibble_open) {
			w->nibble_pos = w->pos;
			w->out[w->pos++] = nib;
			w->nibble_open = true;
		} else {
			w->out[w->nibble_pos] |= nib << 4;
			w->nibble_open = false;
		}
	}
	if (m >= 15) {
		m -= 15;
		if (m < 255) {
			w->out[w->pos++] = m;
		} else {
			/* The wide forms carry the whole length minus 3. */
			size_t total = length - LZ77_MIN_MATCH;

			w->out[w->pos++] = 255;
			if (total < 0x10000) {
				put_le16(w->out + w->pos, total);
				w->pos += 2;
			} else {
				put_le16(w->out + w->pos, 0);
				put_le32(w->out + w->pos + 2, total);
				w->pos += 6;
			}
		}
	}
	push_flag(w, 1);
}

static void finish(struct lz77_writer *w)
{
	uint32_t flags;

	/* The bit after the last symbol is 1, and so is the padding. */
	if (w->flag_count == 0) {
		flags = 0xffffffff;
	} else {
		unsigned rest = 32 - w->flag_count;

		flags = (w->flags << rest) | ((1U << rest) - 1);
	}
	put_le32(w->out + w->flag_pos, flags);
}

static inline uint32_t hash3(const uint8_t *p, unsigned bits)
{
	uint32_t v = p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;

	return (v * 2654435761U) >> (32 - bits);
}

static inline size_t match_length(const uint8_t *a, const uint8_t *b,
				  size_t max)
{
	size_t n = 0;

	while (n + 8 <= max) {
		uint64_t x, y;

		memcpy(&x, a + n, 8);
		memcpy(&y, b + n, 8);
		if (x != y) {
			return n + (__builtin_ctzll(x ^ y) >> 3);
		}
		n += 8;
	}
	while (n < max && a[n] == b[n]) {
		n++;
	}
	return n;
}

size_t mapi_lz77_compress_bound(size_t in_len)
{
	/* All literals: one flag word per 32, plus the end-of-stream word. */
	return in_len + 4 * (in_len / 32) + 8;
}

NTSTATUS mapi_lz77_compress(TALLOC_CTX *mem_ctx, DATA_BLOB in, DATA_BLOB *out)
{
	const uint8_t *src = in.data;
	size_t n = in.length, i = 0;
	unsigned hash_bits = 8;
	size_t ring = 1;
	int32_t *head, *prev;
	struct lz77_writer w = { .pos = 4 };
	TALLOC_CTX *tmp;
	DATA_BLOB blob;

	if (n > UINT32_MAX - 64) {
		DEBUG(1, ("mapi_lz77_compress: %zu bytes is too large\n", n));
		return NT_STATUS_INVALID_PARAMETER;
	}
	/* Size the tables to the input: payloads are often a few hundred bytes. */
	while (hash_bits < LZ77_MAX_HASH_BITS && ((size_t)1 << hash_bits) < n) {
		hash_bits++;
	}
	while (ring < n && ring < MAPI_LZ77_WINDOW) {
		ring <<= 1;
	}

	blob = data_blob_talloc(mem_ctx, NULL, mapi_lz77_compress_bound(n));
	tmp = talloc_new(mem_ctx);
	if (blob.data == NULL || tmp == NULL) {
		goto nomem;
	}
	head = talloc_array(tmp, int32_t, (size_t)1 << hash_bits);
	prev = talloc_array(tmp, int32_t, ring);
	if (head == NULL || prev == NULL) {
		goto nomem;
	}
	memset(head, 0xff, sizeof(int32_t) << hash_bits);
	w.out = blob.data;

	while (i < n) {
		size_t best_len = 0, best_off = 0;

		if (n - i >= LZ77_MIN_MATCH) {
			uint32_t h = hash3(src + i, hash_bits);
			int32_t cand = head[h];
			size_t limit = i > MAPI_LZ77_WINDOW ? i - MAPI_LZ77_WINDOW : 0;
			size_t max_len = n - i;
			unsigned chain = LZ77_MAX_CHAIN;

			while (cand >= 0 && (size_t)cand >= limit && chain-- > 0) {
				const uint8_t *c = src + cand;

				if (c[best_len] == src[i + best_len]) {
					size_t len = match_length(c, src + i, max_len);

					if (len > best_len) {
						best_len = len;
						best_off = i - cand;
						if (len >= LZ77_NICE_LEN || len == max_len) {
							break;
						}
					}
				}
				{
					int32_t next = prev[cand & (ring - 1)];

					if (next >= cand) {
						break;
					}
					cand = next;
				}
			}
			prev[i & (ring - 1)] = head[h];
			head[h] = i;
		}

		if (best_len >= LZ77_MIN_MATCH) {
			size_t end = i + best_len, j;

			emit_match(&w, best_off, best_len);
			/* Index the positions the match covers, for later matches. */
			for (j = i + 1; j < end && n - j >= LZ77_MIN_MATCH; j++) {
				uint32_t h = hash3(src + j, hash_bits);

				prev[j & (ring - 1)] = head[h];
				head[h] = j;
			}
			i = end;
		} else {
			emit_literal(&w, src[i]);
			i++;
		}
	}
	finish(&w);
	talloc_free(tmp);
	blob.length = w.pos;
	*out = blob;
	return NT_STATUS_OK;

nomem:
	talloc_free(tmp);
	data_blob_free(&blob);
	return NT_STATUS_NO_MEMORY;
}

/*
 * LZ77 + DIRECT2 ("plain LZ77" of MS-XCA §2.3/§2.4), the compression that
 * MS-OXCRPC §3.1.4.1.1.2 applies to RPC_HEADER_EXT payloads.
 *
 * The stream is a sequence of 32-bit little-endian flag words, each followed
 * by the 32 symbols it describes (bit 31 first): a 0 bit is one literal byte,
 * a 1 bit a match (2 metadata bytes: 13-bit offset-1, 3-bit length-3, with
 * length extensions through a half byte shared by two matches, one byte,
 * then 2 or 4 bytes).  After the last symbol the stream carries a 1 bit and
 * ends, so the last flag word is padded with ones.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef MAPIPROXY_MAPI_LZ77_H
#define MAPIPROXY_MAPI_LZ77_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <talloc.h>
#include <util/data_blob.h>
#include <core/ntstatus.h>

/* Matches reach at most this far back (13 bits of offset). */
#define MAPI_LZ77_WINDOW 8192

/*
 * Decompress `in` into a new blob of exactly `out_size` bytes (SizeActual
 * of the RPC_HEADER_EXT).  Any valid stream is accepted, whichever encoder
 * produced it.  A stream that produces fewer or more bytes than out_size,
 * refers before the start of the output, or ends inside a symbol gives
 * NT_STATUS_BAD_COMPRESSION_BUFFER and a DEBUG line saying why.
 * out->data hangs off mem_ctx.
 */
NTSTATUS mapi_lz77_decompress(TALLOC_CTX *mem_ctx, DATA_BLOB in,
			      size_t out_size, DATA_BLOB *out);

/* The largest stream mapi_lz77_compress() can produce for in_len bytes. */
size_t mapi_lz77_compress_bound(size_t in_len);

/*
 * Compress `in` (any size below 4 GiB) into a new blob hanging off mem_ctx.
 * Greedy parse over a hash-chain match finder with bounded effort; the
 * result always ends with the end-of-stream bit.  The output may be larger
 * than the input for incompressible data: callers decide whether to use it.
 */
NTSTATUS mapi_lz77_compress(TALLOC_CTX *mem_ctx, DATA_BLOB in, DATA_BLOB *out);

#endif /* MAPIPROXY_MAPI_LZ77_H */

/*
 * Extended buffers of EcDoRpcExt2 and EcDoConnectEx (rgbIn, rgbOut,
 * rgbAuxIn, rgbAuxOut): a chain of RPC_HEADER_EXT + payload segments
 * (MS-OXCRPC §2.2.2.1, §3.1.4.2.1), each payload optionally LZ77-compressed
 * and XOR-obfuscated.  mapi_ext_unpack() gives the decoded payloads,
 * mapi_ext_pack() builds a buffer from payloads and the wanted flags.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef MAPIPROXY_MAPI_EXT_H
#define MAPIPROXY_MAPI_EXT_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <talloc.h>
#include <util/data_blob.h>
#include <core/ntstatus.h>

struct ndr_print;

/* RPC_HEADER_EXT Flags (MS-OXCRPC §2.2.2.1). */
#define MAPI_EXT_COMPRESSED	0x0001
#define MAPI_EXT_XORMAGIC	0x0002
#define MAPI_EXT_LAST		0x0004
#define MAPI_EXT_FLAGS_ALL	(MAPI_EXT_COMPRESSED | MAPI_EXT_XORMAGIC | MAPI_EXT_LAST)

#define MAPI_EXT_HEADER_SIZE	8
#define MAPI_EXT_VERSION	0x0000
/* "A single payload MUST NOT exceed 32 KB in size" (§3.1.4.2.1). */
#define MAPI_EXT_MAX_PAYLOAD	0x8000

/* The byte every obfuscated byte is XORed with (§3.1.4.1.1.3). */
#define MAPI_XOR_MAGIC		0xA5

struct mapi_ext_header {
	uint16_t version;
	uint16_t flags;
	uint16_t size;		/* bytes of payload on the wire */
	uint16_t size_actual;	/* bytes of payload once decompressed */
};

struct mapi_ext_segment {
	struct mapi_ext_header header;	/* as read, or as written by pack */
	DATA_BLOB payload;		/* decoded: no XOR, no compression */
};

struct mapi_ext_buffer {
	uint32_t num_segments;
	struct mapi_ext_segment *segments;
};

/* Obfuscate or reveal len bytes in place (the operation is its own inverse). */
void mapi_xor_apply(uint8_t *data, size_t len);

/* Read / write one 8-byte header; no validation beyond the length. */
bool mapi_ext_header_pull(const uint8_t *p, size_t len,
			  struct mapi_ext_header *h);
void mapi_ext_header_push(uint8_t *p, const struct mapi_ext_header *h);

/*
 * Split `in` into its segments and decode every payload.  Rejects, with
 * NT_STATUS_INVALID_PARAMETER (NT_STATUS_BAD_COMPRESSION_BUFFER for a bad
 * LZ77 stream) and a DEBUG line: an empty buffer, a truncated header, a
 * Version other than 0, unknown Flags bits, Size past the end of the buffer,
 * Size != SizeActual without Compressed, Size >= SizeActual with it,
 * SizeActual above 32 KiB, no Last flag, and bytes after the Last segment.
 * *out and every payload hang off mem_ctx.
 */
NTSTATUS mapi_ext_unpack(TALLOC_CTX *mem_ctx, DATA_BLOB in,
			 struct mapi_ext_buffer **out);

/* Why mapi_ext_unpack_explain() failed, for tools that show it. */
struct mapi_ext_error {
	char reason[160];
	uint32_t segment;	/* counted from 0 */
	size_t offset;		/* of that segment's header in the input */
};

/* As mapi_ext_unpack(), filling *err (if not NULL) when it fails. */
NTSTATUS mapi_ext_unpack_explain(TALLOC_CTX *mem_ctx, DATA_BLOB in,
				 struct mapi_ext_buffer **out,
				 struct mapi_ext_error *err);

/*
 * Build a buffer from buf's segments.  For each segment, header.flags says
 * what is wanted (Compressed, XorMagic); the other header fields are
 * ignored and computed.  Compression is used only when it makes the payload
 * smaller, as §2.2.2.1 requires Size < SizeActual for a compressed payload;
 * otherwise the segment goes uncompressed.  Obfuscation applies after
 * compression.  Last is set on the final segment and cleared on the others.
 * If the result would exceed max_out bytes (the caller's cbMaxOut; SIZE_MAX
 * for no limit) it returns NT_STATUS_BUFFER_TOO_SMALL.  Payloads above
 * 32 KiB or an empty segment list give NT_STATUS_INVALID_PARAMETER.
 * out->data hangs off mem_ctx.
 */
NTSTATUS mapi_ext_pack(TALLOC_CTX *mem_ctx, const struct mapi_ext_buffer *buf,
		       size_t max_out, DATA_BLOB *out);

/* ndr_print-style dumps, for mapiproxy-ndrdump. */
void mapi_ext_print_header(struct ndr_print *ndr, const char *name,
			   const struct mapi_ext_header *h);
void mapi_ext_print_buffer(struct ndr_print *ndr, const char *name,
			   const struct mapi_ext_buffer *buf);

#endif /* MAPIPROXY_MAPI_EXT_H */

/*
 * The ROP mode of mapiproxy-ndrdump: decode an EcDoRpcExt2 rgbIn or rgbOut
 * (RPC_HEADER_EXT chain, LZ77, XOR, then the ROP buffers), or with legacy
 * a legacy EcDoRpc mapi_request or mapi_response (one ROP buffer XORed
 * with 0xA5), and print it.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef MAPIPROXY_NDRDUMP_ROP_H
#define MAPIPROXY_NDRDUMP_ROP_H

#include <stdbool.h>
#include <talloc.h>

struct ndrdump_rop_options {
	const char *request;	/* --rop-request: an rgbIn */
	const char *response;	/* --rop-response: an rgbOut */
	const char *context;	/* --rop-request-context: rgbIn of the response */
	const char *output;	/* --output: write the re-encoded buffer */
	bool reencode;
	bool legacy;		/* --legacy: the three are EcDoRpc payloads */
};

/*
 * Exit status as for the NDR mode: 0 decoded (and re-encoded identically
 * if asked), 1 unreadable or undecodable input (reason and offset
 * printed), 2 re-encoded bytes different from the input.
 */
int ndrdump_rop(TALLOC_CTX *mem, const struct ndrdump_rop_options *o);

#endif

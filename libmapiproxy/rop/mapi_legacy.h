/*
 * The payloads of the legacy EcDoRpc (EMSMDB opnum 2, Exchange 2003/2007
 * and Outlook 2003): mapi_request and mapi_response are one ROP buffer
 * each (RopSize, ROPs, server object handle table), with no RPC_HEADER_EXT
 * and no compression, every byte XORed with 0xA5 on the wire.
 *
 * The functions speak struct mapi_ext_buffer so that the code walking
 * EcDoRpcExt2's segments walks these too: a legacy payload is one segment,
 * whose header is never on the wire (unpack reports it as XorMagic|Last).
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef MAPIPROXY_MAPI_LEGACY_H
#define MAPIPROXY_MAPI_LEGACY_H

#include "mapi_ext.h"

/* RopSize: the smallest ROP buffer there is (MS-OXCROPS 2.2.1). */
#define MAPI_LEGACY_MIN_PAYLOAD	2
/* EcDoRpc's length, which repeats the payload's size, is 16 bits. */
#define MAPI_LEGACY_MAX_PAYLOAD	0xFFFF

/*
 * The one payload of `in`, revealed (XOR undone) in a copy.  Rejects with
 * NT_STATUS_INVALID_PARAMETER and a DEBUG line a buffer shorter than
 * RopSize or longer than MAPI_LEGACY_MAX_PAYLOAD.  *out hangs off mem_ctx.
 */
NTSTATUS mapi_legacy_unpack(TALLOC_CTX *mem_ctx, DATA_BLOB in,
			    struct mapi_ext_buffer **out);

/*
 * The wire form of buf's single segment: obfuscated, the header flags
 * ignored.  NT_STATUS_INVALID_PARAMETER unless there is exactly one
 * segment of a valid size; NT_STATUS_BUFFER_TOO_SMALL past max_out bytes.
 * out->data hangs off mem_ctx.
 */
NTSTATUS mapi_legacy_pack(TALLOC_CTX *mem_ctx, const struct mapi_ext_buffer *buf,
			  size_t max_out, DATA_BLOB *out);

#endif /* MAPIPROXY_MAPI_LEGACY_H */

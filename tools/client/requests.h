/*
 * Requests as an Outlook-class client builds them, shared by
 * mapiproxy-client (one scripted session, synchronous calls) and the relay
 * benchmark (many sessions, asynchronous calls), so that both put the same
 * bytes on the wire.
 */
#ifndef MAPIPROXY_CLIENT_REQUESTS_H
#define MAPIPROXY_CLIENT_REQUESTS_H

#include <stdint.h>
#include <talloc.h>
#include <util/data_blob.h>
#include <core/ntstatus.h>
#include "gen_ndr/exchange_nsp.h"
#include "gen_ndr/exchange_emsmdb.h"
#include "rop/rop.h"
#include "rop/mapi_ext.h"

/* The legacy DN of account's mailbox (what EcDoConnectEx and RopLogon name). */
const char *client_mailbox_dn(TALLOC_CTX *mem_ctx, const char *account);

/* A STAT positioned at the start of the GAL, code page 1252, locale en-US. */
void client_nspi_stat_init(struct STAT *stat);

/* A property tag array of the n tags t. */
struct PropertyTagArray_r *client_prop_tags(TALLOC_CTX *mem_ctx, uint32_t n,
					    const uint32_t *t);

/* EcDoConnectEx as Outlook 2007 (12.0.4518.1014) connects to account's
 * mailbox; every [out] pointer allocated on the returned structure. */
struct EcDoConnectEx *client_ecdoconnectex_new(TALLOC_CTX *mem_ctx, const char *account);

/*
 * EcDoRpcExt2 carrying one ROP buffer behind cxh, framed as one
 * RPC_HEADER_EXT segment; pulFlags (NoCompression 0x1, NoXorMagic 0x2)
 * also decide how the request itself is framed.  cb_out: the room the
 * client offers for the answer.
 */
struct EcDoRpcExt2 *client_ecdorpcext2_new(TALLOC_CTX *mem_ctx, struct policy_handle *cxh,
					   DATA_BLOB rops, uint32_t flags, uint32_t cb_out);

/* The answer of a completed EcDoRpcExt2 as segments; an error when the
 * call failed (result) or the answer does not unpack. */
NTSTATUS client_ecdorpcext2_answer(TALLOC_CTX *mem_ctx, const struct EcDoRpcExt2 *r,
				   struct mapi_ext_buffer **ob);

/* s (ASCII) as UTF-16LE with its terminator; length excludes it. */
struct rop_blob client_utf16(TALLOC_CTX *mem_ctx, const char *s);

/* A ROP with its input and output handle indexes, the rest zeroed. */
struct rop_request *client_rop_new(TALLOC_CTX *mem_ctx, uint8_t id, uint8_t h0, uint8_t h1);

/* RopLogon to account's private mailbox, output handle index 0. */
struct rop_request *client_rop_logon(TALLOC_CTX *mem_ctx, const char *account);

#endif /* MAPIPROXY_CLIENT_REQUESTS_H */

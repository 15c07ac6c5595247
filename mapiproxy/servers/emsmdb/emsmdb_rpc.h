/*
 * The EMSMDB connection level's samba-independent parts (MS-OXCRPC): the
 * EcDoRpcExt2 payload round (RPC_HEADER_EXT in, ROPs through the store,
 * RPC_HEADER_EXT out) and the legacy EcDoRpc's (one obfuscated ROP buffer
 * each way), version negotiation, and the mapping between
 * accounts and the X.500 addresses of mailboxes.  The provider
 * (emsmdb_provider.c) wires these to the DCE/RPC calls; keeping them apart
 * lets the unit tests drive them without a samba instance.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef MAPIPROXY_EMSMDB_RPC_H
#define MAPIPROXY_EMSMDB_RPC_H

#include "emsmdb_store.h"

/* EcDoRpcExt2 pulFlags (MS-OXCRPC 3.1.4.2). */
#define EMSMDB_RPC_NO_COMPRESSION	0x00000001
#define EMSMDB_RPC_NO_XOR_MAGIC		0x00000002
#define EMSMDB_RPC_CHAIN		0x00000004

/* Return codes of MS-OXCRPC 3.1.4.2 not in gen_ndr's MAPISTATUS. */
#define EMSMDB_EC_RPC_FORMAT		0x000004B6
#define EMSMDB_EC_BUFFER_TOO_SMALL	0x0000047D
#define EMSMDB_EC_CALL_FAILED		0x80004005
#define EMSMDB_EC_RPC_FAILED		0x80040115

/* RPC_X_BAD_STUB_DATA: the fault MS-OXCRPC prescribes for sizes past
 * their limits (samba's DCERPC_FAULT_NDR) */
#define EMSMDB_FAULT_BAD_STUB_DATA	0x000006F7

/* The size limits of MS-OXCRPC 3.1.4.1 and 3.1.4.2. */
#define EMSMDB_MAX_AUX			0x00001008
#define EMSMDB_MAX_RPC_BUFFER		0x00040000

/*
 * The size checks of the call parameters, before anything else runs:
 * EcDoConnectEx (MS-OXCRPC 3.1.4.1: cbAuxIn, pcbAuxOut) and EcDoRpcExt2
 * (3.1.4.2: cbIn, pcbOut, cbAuxIn, pcbAuxOut).  Return 0, a return code
 * for the call (ecRpcFailed), or EMSMDB_FAULT_BAD_STUB_DATA in *fault
 * (then the call answers with that fault) and a non-zero return.
 */
uint32_t emsmdb_rpc_connect_sizes(uint32_t cb_aux_in, uint32_t cb_aux_out,
				  uint32_t *fault);
uint32_t emsmdb_rpc_ext2_sizes(uint32_t cb_in, uint32_t cb_out, uint32_t cb_aux_in,
			       uint32_t cb_aux_out, uint32_t *fault);

/*
 * One EcDoRpcExt2 round: rgbIn (cbIn bytes) holds one RPC_HEADER_EXT
 * segment whose payload is a ROP request buffer; run it through the store
 * and build rgbOut, at most cb_out bytes, compressed and obfuscated unless
 * ul_flags forbids it.  Responses that do not fit end in RopBufferTooSmall
 * (MS-OXCROPS 2.2.15.1) carrying the requests not processed.  state is the
 * session's ROP decoding state (rop_state_new), kept in step here.
 * Returns the call's return value: 0, ecRpcFormat (rgbIn does not parse),
 * ecBufferTooSmall (cb_out cannot hold even RopBufferTooSmall) or
 * MAPI_E_CALL_FAILED.  *out hangs off mem_ctx (empty on error).
 */
uint32_t emsmdb_rpc_ext2(struct emsmdb_session *sess, struct rop_state *state,
			 uint32_t ul_flags, const uint8_t *rgb_in, size_t cb_in,
			 uint32_t cb_out, TALLOC_CTX *mem_ctx, DATA_BLOB *out);

/*
 * The checks of a legacy EcDoRpc's parameters (doc/legacy-emsmdb.md), as
 * emsmdb_rpc_ext2_sizes() for EcDoRpcExt2.  The payload travels as a
 * conformant varying array: an offset other than 0, a maximum count
 * (size) below the payload's length, or a length field that is not the
 * payload's, are what a MIDL stub refuses as RPC_X_BAD_STUB_DATA, and so
 * is a payload past 0x40000 bytes; a payload or max_data too small for
 * RopSize gives ecRpcFailed.
 */
uint32_t emsmdb_rpc_legacy_sizes(uint32_t size, uint32_t offset, uint32_t cb_in,
				 uint16_t length, uint16_t max_data, uint32_t *fault);

/*
 * One legacy EcDoRpc round: rgb_in (cb_in bytes) is a ROP request buffer
 * XORed with 0xA5; the answer, at most cb_out bytes, is a ROP response
 * buffer XORed the same way, ending in RopBufferTooSmall when the
 * responses do not all fit.  Return values as emsmdb_rpc_ext2().
 */
uint32_t emsmdb_rpc_legacy(struct emsmdb_session *sess, struct rop_state *state,
			   const uint8_t *rgb_in, size_t cb_in, uint32_t cb_out,
			   TALLOC_CTX *mem_ctx, DATA_BLOB *out);

/*
 * Version negotiation of EcDoConnectEx (MS-OXCRPC 3.1.4.1.3): fill the
 * server's version and the best client version, and return 0, or
 * ecVersionMismatch for clients older than the protocol's minimum
 * (11.0.0.0, MS-OXCRPC 3.2.4.1.3.2).
 */
uint32_t emsmdb_rpc_versions(const uint16_t client[3], uint16_t server[3],
			     uint16_t best[3]);

/* A 3-word wire version as major.minor.build_major.build_minor. */
void emsmdb_rpc_version_decode(const uint16_t v[3], uint16_t out[4]);

/* "<prefix>/cn=<account>": the legacyExchangeDN of an account's mailbox. */
char *emsmdb_account_dn(TALLOC_CTX *mem_ctx, const char *recipients_prefix,
			const char *account);

/*
 * The account an address names: an SMTP address "<account>@<dns_domain>"
 * (the domain compared without case) or a legacyExchangeDN
 * "<recipients_prefix>/cn=<account>".  NULL for anything else.
 */
char *emsmdb_account_of_address(TALLOC_CTX *mem_ctx, const char *recipients_prefix,
				const char *dns_domain, const char *address);

#endif

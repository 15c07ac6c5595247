/*
 * EcDoRpcExt2 and legacy EcDoRpc payload handling, version negotiation and
 * mailbox addresses for the built-in EMSMDB server: see emsmdb_rpc.h.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <util/debug.h>
#include "rop/mapi_ext.h"
#include "rop/mapi_legacy.h"
#include "emsmdb_rpc.h"

#define ROP_SIZE_FIELD		2	/* RopSize (MS-OXCROPS 2.2.1) */
#define BUFFER_TOO_SMALL_FIXED	3	/* RopId + SizeNeeded */
#define EC_VERSION_MISMATCH	0x80040110

/*
 * The bytes of req's requests from `first` on, as RopBufferTooSmall's
 * RequestBuffers carries them: the RopsList part of a serialized buffer.
 */
static bool unprocessed_requests(TALLOC_CTX *mem, const struct rop_request_buffer *req,
				 uint32_t first, struct rop_blob *out)
{
	struct rop_request_buffer rest = *req;
	DATA_BLOB blob;
	uint16_t rop_size;

	rest.num_rops = req->num_rops - first;
	rest.rops = req->rops + first;
	if (!NT_STATUS_IS_OK(rop_request_buffer_push(mem, &rest, &blob)) ||
	    blob.length < ROP_SIZE_FIELD) {
		return false;
	}
	rop_size = blob.data[0] | (blob.data[1] << 8);
	if (rop_size < ROP_SIZE_FIELD || rop_size > blob.length) {
		return false;
	}
	out->data = blob.data + ROP_SIZE_FIELD;
	out->length = rop_size - ROP_SIZE_FIELD;
	return true;
}

/*
 * The ROP round proper: request payload in, response payload out, at most
 * limit bytes.  Room for RopBufferTooSmall and every request's bytes is
 * set aside before the store runs the ROPs, so that whatever it could not
 * process still reaches the client, and no ROP runs whose effect the
 * client would never hear of.  framing is what the payload's wrapping adds
 * to the output buffer (an RPC_HEADER_EXT, or nothing for EcDoRpc), which
 * RopBufferTooSmall's SizeNeeded counts.
 */
static uint32_t rop_round(struct emsmdb_session *sess, struct rop_state *state,
			  const DATA_BLOB *payload, size_t limit, size_t framing,
			  TALLOC_CTX *mem, DATA_BLOB *rsp_out)
{
	struct rop_request_buffer *req, done;
	struct rop_response_buffer *rsp, *check;
	struct emsmdb_rop_result res;
	struct rop_response *bts;
	size_t ropslist, reserve, budget;
	DATA_BLOB rsp_blob;
	NTSTATUS status;

	status = rop_request_buffer_pull(mem, payload->data, payload->length, state, &req);
	if (!NT_STATUS_IS_OK(status)) {
		DEBUG(2, ("emsmdb: ROP request buffer does not parse: %s\n",
			  nt_errstr(status)));
		return EMSMDB_EC_RPC_FORMAT;
	}
	/* RopSize counts itself and the RopsList; the parser checked it */
	ropslist = (payload->data[0] | (payload->data[1] << 8)) - ROP_SIZE_FIELD;
	reserve = BUFFER_TOO_SMALL_FIXED + ropslist;
	budget = limit > reserve ? limit - reserve : 0;

	status = emsmdb_rop_process(sess, req, budget, mem, &rsp, &res);
	if (!NT_STATUS_IS_OK(status)) {
		DEBUG(1, ("emsmdb: ROP processing failed: %s\n", nt_errstr(status)));
		return EMSMDB_EC_CALL_FAILED;
	}
	status = rop_response_buffer_push(mem, rsp, &rsp_blob);
	if (!NT_STATUS_IS_OK(status)) {
		DEBUG(1, ("emsmdb: cannot serialize the ROP responses: %s\n",
			  nt_errstr(status)));
		return EMSMDB_EC_CALL_FAILED;
	}
	/* keep the decoding state (logons, objects) in step, as a client does */
	done = *req;
	done.num_rops = res.first_unprocessed;
	if (!NT_STATUS_IS_OK(rop_response_buffer_pull(mem, rsp_blob.data, rsp_blob.length,
						      &done, state, &check))) {
		DEBUG(1, ("emsmdb: own ROP response does not parse back\n"));
	}
	emsmdb_session_touch(sess);
	if (res.first_unprocessed >= req->num_rops) {
		/* MS-OXCROPS 2.2.14.2: RopNotify after the responses, as many
		 * as the room left holds; the others wait for the next call */
		if (rsp_blob.length < limit &&
		    emsmdb_session_add_notifications(sess, rsp, limit - rsp_blob.length) > 0) {
			status = rop_response_buffer_push(mem, rsp, &rsp_blob);
			if (!NT_STATUS_IS_OK(status)) {
				DEBUG(1, ("emsmdb: cannot serialize RopNotify: %s\n",
					  nt_errstr(status)));
				return EMSMDB_EC_CALL_FAILED;
			}
		}
		*rsp_out = rsp_blob;
		return 0;
	}

	/* MS-OXCROPS 2.2.15.1: the last response names what was not done */
	bts = talloc_zero(rsp, struct rop_response);
	if (bts == NULL ||
	    !unprocessed_requests(bts, req, res.first_unprocessed,
				  &bts->u.BufferTooSmall.RequestBuffers)) {
		return EMSMDB_EC_CALL_FAILED;
	}
	bts->rop_id = ROP_ID_BUFFERTOOSMALL;
	{
		/* what rgbOut must hold for the first unprocessed answer */
		size_t need = framing + (size_t)res.size_needed + reserve;

		bts->u.BufferTooSmall.SizeNeeded = need > 0xFFFF ? 0xFFFF : need;
	}
	status = rop_response_buffer_insert(rsp, rsp->num_rops, bts);
	if (NT_STATUS_IS_OK(status)) {
		status = rop_response_buffer_push(mem, rsp, &rsp_blob);
	}
	if (!NT_STATUS_IS_OK(status)) {
		return EMSMDB_EC_CALL_FAILED;
	}
	if (rsp_blob.length > limit) {
		/* even the requests themselves do not fit in what the
		 * client accepts: only possible when none was processed */
		DEBUG(2, ("emsmdb: a response payload of %zu bytes cannot hold "
			  "RopBufferTooSmall (%zu)\n", limit, rsp_blob.length));
		return EMSMDB_EC_BUFFER_TOO_SMALL;
	}
	DEBUG(5, ("emsmdb: %u of %u ROPs processed, RopBufferTooSmall asks %u\n",
		  res.first_unprocessed, req->num_rops,
		  bts->u.BufferTooSmall.SizeNeeded));
	*rsp_out = rsp_blob;
	return 0;
}

uint32_t emsmdb_rpc_ext2(struct emsmdb_session *sess, struct rop_state *state,
			 uint32_t ul_flags, const uint8_t *rgb_in, size_t cb_in,
			 uint32_t cb_out, TALLOC_CTX *mem_ctx, DATA_BLOB *out)
{
	TALLOC_CTX *t = talloc_new(mem_ctx);
	struct mapi_ext_buffer *in, reply;
	struct mapi_ext_segment seg;
	DATA_BLOB rsp;
	size_t limit;
	uint32_t ec;
	NTSTATUS status;

	*out = data_blob_null;
	if (t == NULL) {
		return EMSMDB_EC_CALL_FAILED;
	}
	status = mapi_ext_unpack(t, data_blob_const(rgb_in, cb_in), &in);
	if (!NT_STATUS_IS_OK(status) || in->num_segments != 1) {
		/* a request is one ROP buffer (MS-OXCRPC 3.1.4.2.1.1) */
		DEBUG(2, ("emsmdb: EcDoRpcExt2 rgbIn is not one extended buffer: %s\n",
			  nt_errstr(status)));
		talloc_free(t);
		return EMSMDB_EC_RPC_FORMAT;
	}
	if (cb_out <= MAPI_EXT_HEADER_SIZE) {
		talloc_free(t);
		return EMSMDB_EC_BUFFER_TOO_SMALL;
	}
	limit = cb_out - MAPI_EXT_HEADER_SIZE;
	if (limit > MAPI_EXT_MAX_PAYLOAD) {
		limit = MAPI_EXT_MAX_PAYLOAD;
	}
	ec = rop_round(sess, state, &in->segments[0].payload, limit, MAPI_EXT_HEADER_SIZE,
		       t, &rsp);
	if (ec != 0) {
		talloc_free(t);
		return ec;
	}

	seg = (struct mapi_ext_segment) { .payload = rsp };
	if (!(ul_flags & EMSMDB_RPC_NO_COMPRESSION)) {
		seg.header.flags |= MAPI_EXT_COMPRESSED;
	}
	if (!(ul_flags & EMSMDB_RPC_NO_XOR_MAGIC)) {
		seg.header.flags |= MAPI_EXT_XORMAGIC;
	}
	reply = (struct mapi_ext_buffer) { .num_segments = 1, .segments = &seg };
	status = mapi_ext_pack(mem_ctx, &reply, cb_out, out);
	talloc_free(t);
	if (NT_STATUS_EQUAL(status, NT_STATUS_BUFFER_TOO_SMALL)) {
		return EMSMDB_EC_BUFFER_TOO_SMALL;
	}
	return NT_STATUS_IS_OK(status) ? 0 : EMSMDB_EC_CALL_FAILED;
}

uint32_t emsmdb_rpc_legacy(struct emsmdb_session *sess, struct rop_state *state,
			   const uint8_t *rgb_in, size_t cb_in, uint32_t cb_out,
			   TALLOC_CTX *mem_ctx, DATA_BLOB *out)
{
	TALLOC_CTX *t = talloc_new(mem_ctx);
	struct mapi_ext_buffer *in, reply;
	struct mapi_ext_segment seg;
	DATA_BLOB rsp;
	size_t limit;
	uint32_t ec;
	NTSTATUS status;

	*out = data_blob_null;
	if (t == NULL) {
		return EMSMDB_EC_CALL_FAILED;
	}
	if (!NT_STATUS_IS_OK(mapi_legacy_unpack(t, data_blob_const(rgb_in, cb_in), &in))) {
		talloc_free(t);
		return EMSMDB_EC_RPC_FORMAT;
	}
	limit = cb_out < MAPI_LEGACY_MAX_PAYLOAD ? cb_out : MAPI_LEGACY_MAX_PAYLOAD;
	ec = rop_round(sess, state, &in->segments[0].payload, limit, 0, t, &rsp);
	if (ec != 0) {
		talloc_free(t);
		return ec;
	}
	seg = (struct mapi_ext_segment) { .payload = rsp };
	reply = (struct mapi_ext_buffer) { .num_segments = 1, .segments = &seg };
	status = mapi_legacy_pack(mem_ctx, &reply, cb_out, out);
	talloc_free(t);
	if (NT_STATUS_EQUAL(status, NT_STATUS_BUFFER_TOO_SMALL)) {
		return EMSMDB_EC_BUFFER_TOO_SMALL;
	}
	return NT_STATUS_IS_OK(status) ? 0 : EMSMDB_EC_CALL_FAILED;
}

/*
 * MS-OXCRPC 3.1.4.1, cbAuxIn: past 0x1008 the server SHOULD fail with
 * RPC_X_BAD_STUB_DATA, between 1 and 7 (shorter than an RPC_HEADER_EXT)
 * with ecRpcFailed; pcbAuxOut past 0x1008 MUST fail with the fault (the
 * IDL's range() already refuses it; checked again for calls a module
 * built).
 */
uint32_t emsmdb_rpc_connect_sizes(uint32_t cb_aux_in, uint32_t cb_aux_out,
				  uint32_t *fault)
{
	if (cb_aux_in > EMSMDB_MAX_AUX || cb_aux_out > EMSMDB_MAX_AUX) {
		*fault = EMSMDB_FAULT_BAD_STUB_DATA;
		return EMSMDB_EC_RPC_FAILED;
	}
	if (cb_aux_in > 0 && cb_aux_in < MAPI_EXT_HEADER_SIZE) {
		return EMSMDB_EC_RPC_FAILED;
	}
	return 0;
}

/*
 * MS-OXCRPC 3.1.4.2: cbIn past 0x40000 SHOULD fail with RPC_X_BAD_STUB_DATA
 * and below 8 (no RPC_HEADER_EXT) with ecRpcFailed; pcbOut below 8 SHOULD
 * fail with ecRpcFailed and past 0x40000 MUST fail with the fault (we
 * announce no ULTRA_LARGE_PACKED_DOWNLOAD_BUFFERS); cbAuxIn past 0x1008
 * SHOULD and pcbAuxOut past 0x1008 MUST fail with the fault.
 */
uint32_t emsmdb_rpc_ext2_sizes(uint32_t cb_in, uint32_t cb_out, uint32_t cb_aux_in,
			       uint32_t cb_aux_out, uint32_t *fault)
{
	if (cb_in > EMSMDB_MAX_RPC_BUFFER || cb_out > EMSMDB_MAX_RPC_BUFFER ||
	    cb_aux_in > EMSMDB_MAX_AUX || cb_aux_out > EMSMDB_MAX_AUX) {
		*fault = EMSMDB_FAULT_BAD_STUB_DATA;
		return EMSMDB_EC_RPC_FAILED;
	}
	if (cb_in < MAPI_EXT_HEADER_SIZE || cb_out < MAPI_EXT_HEADER_SIZE) {
		return EMSMDB_EC_RPC_FAILED;
	}
	return 0;
}

uint32_t emsmdb_rpc_legacy_sizes(uint32_t size, uint32_t offset, uint32_t cb_in,
				 uint16_t length, uint16_t max_data, uint32_t *fault)
{
	if (cb_in > EMSMDB_MAX_RPC_BUFFER || offset != 0 || size < cb_in || length != cb_in) {
		*fault = EMSMDB_FAULT_BAD_STUB_DATA;
		return EMSMDB_EC_RPC_FAILED;
	}
	if (cb_in < MAPI_LEGACY_MIN_PAYLOAD || max_data < MAPI_LEGACY_MIN_PAYLOAD) {
		return EMSMDB_EC_RPC_FAILED;
	}
	return 0;
}

/*
 * MS-OXCRPC 3.1.4.1.3.1: with the high bit of the second word set, the
 * first word holds major (high byte) and minor (low byte), the second the
 * build major and the third the build minor; otherwise the words are
 * major, build major and build minor.
 */
void emsmdb_rpc_version_decode(const uint16_t v[3], uint16_t out[4])
{
	if (v[1] & 0x8000) {
		out[0] = v[0] >> 8;
		out[1] = v[0] & 0xFF;
		out[2] = v[1] & 0x7FFF;
		out[3] = v[2];
	} else {
		out[0] = v[0];
		out[1] = 0;
		out[2] = v[1];
		out[3] = v[2];
	}
}

/* We speak as Exchange 2010 (14.0.639.21): past every server version a
 * client checks for (asynchronous notifications, Unicode recipients). */
static const uint16_t server_version[3] = { (14 << 8) | 0, 0x8000 | 639, 21 };
/* MS-OXCRPC 3.2.4.1.3.2: 11.0.0.0 is the minimum client version. */
#define MIN_CLIENT_MAJOR 11

uint32_t emsmdb_rpc_versions(const uint16_t client[3], uint16_t server[3],
			     uint16_t best[3])
{
	uint16_t c[4];

	memcpy(server, server_version, sizeof(server_version));
	emsmdb_rpc_version_decode(client, c);
	if (c[0] < MIN_CLIENT_MAJOR) {
		/* the oldest client we serve, in the same format */
		best[0] = MIN_CLIENT_MAJOR << 8;
		best[1] = 0x8000;
		best[2] = 0;
		return EC_VERSION_MISMATCH;
	}
	/* we serve this client as it is */
	memcpy(best, client, 3 * sizeof(uint16_t));
	return 0;
}

char *emsmdb_account_dn(TALLOC_CTX *mem_ctx, const char *recipients_prefix,
			const char *account)
{
	return talloc_asprintf(mem_ctx, "%s/cn=%s", recipients_prefix, account);
}

/* sAMAccountName's characters that can stand in a DN element or an SMTP
 * local part unquoted; anything else is not an address of ours. */
static bool plain_account(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > 64) {
		return false;
	}
	for (i = 0; i < len; i++) {
		if (!isalnum((unsigned char)s[i]) && strchr("._-$", s[i]) == NULL) {
			return false;
		}
	}
	return true;
}

char *emsmdb_account_of_address(TALLOC_CTX *mem_ctx, const char *recipients_prefix,
				const char *dns_domain, const char *address)
{
	size_t plen = strlen(recipients_prefix);
	const char *at;

	if (address == NULL) {
		return NULL;
	}
	if (strncasecmp(address, recipients_prefix, plen) == 0 &&
	    strncasecmp(address + plen, "/cn=", 4) == 0) {
		const char *acct = address + plen + 4;

		return plain_account(acct, strlen(acct)) ?
			talloc_strdup(mem_ctx, acct) : NULL;
	}
	at = strchr(address, '@');
	if (at != NULL && dns_domain != NULL && strcasecmp(at + 1, dns_domain) == 0 &&
	    plain_account(address, at - address)) {
		return talloc_strndup(mem_ctx, address, at - address);
	}
	return NULL;
}

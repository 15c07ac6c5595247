/*
 * The relay benchmark's mailbox set-up, before anything is measured: the
 * account's Inbox is found and filled up to a fixed number of messages
 * (so that every run, direct or relayed, reads the same rows), and the
 * mix's ROP request is built once; each EcDoRpcExt2 of the mix frames it
 * anew (compression, obfuscation), as a client would.
 */
#include "config.h"
#include "tests/bench/bench_relay.h"
#include "gen_ndr/ndr_exchange_emsmdb_c.h"

#define NH 3
#define CB_OUT 0x8008
#define PR_SUBJECT_W		0x0037001F
#define PR_MID			0x674A0014
#define PR_MESSAGE_SIZE		0x0E080003
#define PR_MESSAGE_FLAGS	0x0E070003
#define PR_MESSAGE_CLASS_W	0x001A001F
#define INBOX 4			/* RopLogon's FolderIds[4] */

static uint32_t *no_handles(TALLOC_CTX *mem_ctx)
{
	uint32_t *h = talloc_array(mem_ctx, uint32_t, NH);
	int i;

	for (i = 0; h != NULL && i < NH; i++) h[i] = 0xFFFFFFFF;
	return h;
}

NTSTATUS bench_rops_answer(TALLOC_CTX *mem_ctx, const struct EcDoRpcExt2 *r,
			   const struct rop_request_buffer *req,
			   struct rop_response_buffer **rsp)
{
	struct mapi_ext_buffer *ob;
	NTSTATUS status = client_ecdorpcext2_answer(mem_ctx, r, &ob);
	uint32_t i;

	if (!NT_STATUS_IS_OK(status)) return status;
	status = rop_response_buffer_pull(mem_ctx, ob->segments[0].payload.data,
					  ob->segments[0].payload.length, req,
					  rop_state_new(mem_ctx), rsp);
	if (!NT_STATUS_IS_OK(status)) return status;
	if ((*rsp)->num_rops != req->num_rops) return NT_STATUS_NOT_FOUND;
	for (i = 0; i < req->num_rops; i++) {
		if ((*rsp)->rops[i]->return_value != 0) {
			fprintf(stderr, "bench_relay: ROP 0x%02x failed: 0x%08x\n",
				req->rops[i]->rop_id, (unsigned)(*rsp)->rops[i]->return_value);
			return NT_STATUS_UNSUCCESSFUL;
		}
	}
	return NT_STATUS_OK;
}

/* One EcDoRpcExt2 of n ROPs that must all succeed. */
static NTSTATUS rops_call(TALLOC_CTX *mem_ctx, struct bench *b, struct dcerpc_pipe *p,
			  struct policy_handle *cxh, struct rop_request **rops, uint32_t n,
			  struct rop_response_buffer **rsp)
{
	struct rop_request_buffer req = { .num_rops = n, .rops = rops, .num_handles = NH,
					  .handles = no_handles(mem_ctx) };
	struct EcDoRpcExt2 *r;
	DATA_BLOB payload;
	NTSTATUS status;
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (rops[i] == NULL) return NT_STATUS_NO_MEMORY;
	}
	if (req.handles == NULL) return NT_STATUS_NO_MEMORY;
	status = rop_request_buffer_push(mem_ctx, &req, &payload);
	if (!NT_STATUS_IS_OK(status)) return status;
	r = client_ecdorpcext2_new(mem_ctx, cxh, payload, b->ext2_flags, CB_OUT);
	if (r == NULL) return NT_STATUS_NO_MEMORY;
	status = dcerpc_EcDoRpcExt2_r(p->binding_handle, mem_ctx, r);
	if (!NT_STATUS_IS_OK(status)) return status;
	return bench_rops_answer(mem_ctx, r, &req, rsp);
}

static struct rop_request *open_inbox(TALLOC_CTX *mem_ctx, struct bench *b)
{
	struct rop_request *r = client_rop_new(mem_ctx, ROP_ID_OPENFOLDER, 0, 1);

	if (r != NULL) r->u.OpenFolder.FolderId = b->inbox;
	return r;
}

/* Logon, OpenFolder Inbox, GetContentsTable: how many messages it holds. */
static NTSTATUS count_inbox(TALLOC_CTX *mem_ctx, struct bench *b, struct dcerpc_pipe *p,
			    struct policy_handle *cxh, uint32_t *count)
{
	struct rop_request *rops[3] = {
		client_rop_logon(mem_ctx, b->account), open_inbox(mem_ctx, b),
		client_rop_new(mem_ctx, ROP_ID_GETCONTENTSTABLE, 1, 2)
	};
	struct rop_response_buffer *rsp;
	NTSTATUS status = rops_call(mem_ctx, b, p, cxh, rops, 3, &rsp);

	if (NT_STATUS_IS_OK(status)) *count = rsp->rops[2]->u.GetContentsTable.RowCount;
	return status;
}

/* One message with a subject, saved straight into the Inbox. */
static NTSTATUS add_message(TALLOC_CTX *mem_ctx, struct bench *b, struct dcerpc_pipe *p,
			    struct policy_handle *cxh, uint32_t i)
{
	struct rop_request *rops[5] = {
		client_rop_logon(mem_ctx, b->account), open_inbox(mem_ctx, b),
		client_rop_new(mem_ctx, ROP_ID_CREATEMESSAGE, 1, 2),
		client_rop_new(mem_ctx, ROP_ID_SETPROPERTIES, 2, 0),
		client_rop_new(mem_ctx, ROP_ID_SAVECHANGESMESSAGE, 2, 2)
	};
	struct rop_tagged_value *subject = talloc_zero(mem_ctx, struct rop_tagged_value);
	struct rop_response_buffer *rsp;

	if (rops[2] == NULL || rops[3] == NULL || rops[4] == NULL || subject == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	rops[2]->u.CreateMessage.CodePageId = 0x0FFF;
	rops[2]->u.CreateMessage.FolderId = b->inbox;
	subject->tag = PR_SUBJECT_W;
	subject->value.type = PR_SUBJECT_W & 0xFFFF;
	subject->value.bin = client_utf16(mem_ctx, talloc_asprintf(mem_ctx,
		"Relay benchmark message %u: the quarterly figures", (unsigned)i));
	rops[3]->u.SetProperties.PropertyValueCount = 1;
	rops[3]->u.SetProperties.PropertyValues = subject;
	rops[4]->u.SaveChangesMessage.SaveFlags = 0x02;	/* KeepOpenReadWrite */
	return rops_call(mem_ctx, b, p, cxh, rops, 5, &rsp);
}

/* The mix's ROPs: Logon, OpenFolder Inbox, GetContentsTable, SetColumns, QueryRows. */
static NTSTATUS build_mix(struct bench *b)
{
	static const uint32_t cols[] = { PR_MID, PR_SUBJECT_W, PR_MESSAGE_SIZE,
					 PR_MESSAGE_FLAGS, PR_MESSAGE_CLASS_W };
	struct rop_request_buffer *req = talloc_zero(b, struct rop_request_buffer);
	struct rop_request **rops = talloc_array(req, struct rop_request *, 5);

	if (req == NULL || rops == NULL) return NT_STATUS_NO_MEMORY;
	rops[0] = client_rop_logon(rops, b->account);
	rops[1] = open_inbox(rops, b);
	rops[2] = client_rop_new(rops, ROP_ID_GETCONTENTSTABLE, 1, 2);
	rops[3] = client_rop_new(rops, ROP_ID_SETCOLUMNS, 2, 0);
	rops[4] = client_rop_new(rops, ROP_ID_QUERYROWS, 2, 0);
	req->handles = no_handles(req);
	if (rops[0] == NULL || rops[1] == NULL || rops[2] == NULL || rops[3] == NULL ||
	    rops[4] == NULL || req->handles == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	rops[3]->u.SetColumns.PropertyTagCount = 5;
	rops[3]->u.SetColumns.PropertyTags = discard_const_p(uint32_t, cols);
	rops[4]->u.QueryRows.ForwardRead = 1;
	rops[4]->u.QueryRows.RowCount = 50;
	req->num_rops = 5;
	req->rops = rops;
	req->num_handles = NH;
	b->rops = req;
	return rop_request_buffer_push(b, req, &b->rops_blob);
}

NTSTATUS bench_mix_prepare(struct bench *b, struct dcerpc_pipe *ems, unsigned seed)
{
	TALLOC_CTX *mem = talloc_new(b);
	struct EcDoConnectEx *c = client_ecdoconnectex_new(mem, b->account);
	struct policy_handle cxh;
	struct rop_request *logon = client_rop_logon(mem, b->account);
	struct rop_response_buffer *rsp;
	uint32_t count = 0;
	NTSTATUS status;

	if (c == NULL || logon == NULL) {
		talloc_free(mem);
		return NT_STATUS_NO_MEMORY;
	}
	status = dcerpc_EcDoConnectEx_r(ems->binding_handle, mem, c);
	if (NT_STATUS_IS_OK(status) && c->out.result != 0) status = NT_STATUS_LOGON_FAILURE;
	if (!NT_STATUS_IS_OK(status)) {
		fprintf(stderr, "bench_relay: EcDoConnectEx: %s result 0x%08x\n",
			nt_errstr(status), (unsigned)c->out.result);
		talloc_free(mem);
		return status;
	}
	cxh = *c->out.handle;
	status = rops_call(mem, b, ems, &cxh, &logon, 1, &rsp);
	if (NT_STATUS_IS_OK(status)) {
		b->inbox = rsp->rops[0]->u.Logon.FolderIds[INBOX];
		status = count_inbox(mem, b, ems, &cxh, &count);
	}
	while (NT_STATUS_IS_OK(status) && count < seed) {
		status = add_message(mem, b, ems, &cxh, count);
		count++;
	}
	if (NT_STATUS_IS_OK(status)) status = count_inbox(mem, b, ems, &cxh, &count);
	if (NT_STATUS_IS_OK(status)) {
		b->inbox_rows = count < 50 ? count : 50;
		status = build_mix(b);
	}
	if (!NT_STATUS_IS_OK(status)) {
		fprintf(stderr, "bench_relay: mailbox set-up: %s\n", nt_errstr(status));
	}
	dcerpc_EcDoDisconnect(ems->binding_handle, mem, &cxh, &c->out.result);
	talloc_free(mem);
	return status;
}

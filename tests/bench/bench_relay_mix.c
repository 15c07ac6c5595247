/*
 * The relay benchmark's call mix: one iteration is what an Outlook-class
 * client does when it opens its address book and its Inbox.
 *
 *   NSPI    NspiBind, NspiGetSpecialTable (the hierarchy), NspiQueryRows
 *           (the first 50 GAL rows), NspiResolveNamesW (two names),
 *           NspiGetProps (the account's entry), NspiUnbind
 *   EMSMDB  EcDoConnectEx, EcDoRpcExt2 with one ROP buffer (Logon,
 *           OpenFolder Inbox, GetContentsTable, SetColumns, QueryRows),
 *           EcDoDisconnect
 *
 * The DCE/RPC associations (TCP connection, sealed NTLM bind) are made
 * once per client before the measurement: they are set-up, not calls.
 * Every answer is checked; a call that fails stops its client.
 */
#include "config.h"
#include "tests/bench/bench_relay.h"
#include "gen_ndr/ndr_exchange_nsp_c.h"
#include "gen_ndr/ndr_exchange_emsmdb_c.h"

#define CB_OUT 0x8008
#define GAL_PAGE 50
#define PR_DISPLAY_NAME_W	0x3001001F
#define PR_EMAIL_ADDRESS_W	0x3003001F
#define PR_SMTP_ADDRESS_W	0x39FE001F
#define PR_DISPLAY_TYPE		0x39000003
#define PR_OBJECT_TYPE		0x0FFE0003
#define PR_ENTRYID		0x0FFF0102
#define PR_TITLE_W		0x3A17001F

static const uint32_t gal_cols[] = { PR_DISPLAY_NAME_W, PR_SMTP_ADDRESS_W,
				     PR_DISPLAY_TYPE, PR_EMAIL_ADDRESS_W };
static const uint32_t name_cols[] = { PR_DISPLAY_NAME_W, PR_EMAIL_ADDRESS_W };
static const uint32_t entry_cols[] = { PR_DISPLAY_NAME_W, PR_EMAIL_ADDRESS_W,
				       PR_SMTP_ADDRESS_W, PR_OBJECT_TYPE, PR_TITLE_W };

#define ARGS(cl, type) ((type *)(cl)->r)

static NTSTATUS mapi_result(enum MAPISTATUS result)
{
	return result == MAPI_E_SUCCESS ? NT_STATUS_OK : NT_STATUS_UNSUCCESSFUL;
}

static struct STAT *new_stat(TALLOC_CTX *mem_ctx)
{
	struct STAT *stat = talloc(mem_ctx, struct STAT);

	if (stat != NULL) {
		client_nspi_stat_init(stat);
	}
	return stat;
}

/* NSPI */

static struct tevent_req *nspi_bind_send(struct bench_client *cl)
{
	struct NspiBind *r = talloc_zero(cl->iter, struct NspiBind);

	if (r == NULL) return NULL;
	r->in.pStat = new_stat(r);
	r->in.pServerGuid = talloc_zero(r, struct FlatUID_r);
	r->out.pServerGuid = r->in.pServerGuid;
	r->out.handle = &cl->nsp_handle;
	cl->r = r;
	return dcerpc_NspiBind_r_send(r, cl->bench->ev, cl->nsp->binding_handle, r);
}

static NTSTATUS nspi_bind_recv(struct bench_client *cl, struct tevent_req *req)
{
	NTSTATUS status = dcerpc_NspiBind_r_recv(req, cl->iter);

	if (NT_STATUS_IS_OK(status)) {
		cl->nsp_handle = *ARGS(cl, struct NspiBind)->out.handle;
	}
	return NT_STATUS_IS_OK(status) ? mapi_result(ARGS(cl, struct NspiBind)->out.result)
				       : status;
}

static struct tevent_req *nspi_special_send(struct bench_client *cl)
{
	struct NspiGetSpecialTable *r = talloc_zero(cl->iter, struct NspiGetSpecialTable);

	if (r == NULL) return NULL;
	r->in.handle = &cl->nsp_handle;
	r->in.dwFlags = 0x4;	/* NspiUnicodeStrings */
	r->in.pStat = new_stat(r);
	r->in.lpVersion = talloc_zero(r, uint32_t);
	r->out.lpVersion = r->in.lpVersion;
	r->out.ppRows = talloc_zero(r, struct PropertyRowSet_r *);
	cl->r = r;
	return dcerpc_NspiGetSpecialTable_r_send(r, cl->bench->ev, cl->nsp->binding_handle, r);
}

static NTSTATUS nspi_special_recv(struct bench_client *cl, struct tevent_req *req)
{
	NTSTATUS status = dcerpc_NspiGetSpecialTable_r_recv(req, cl->iter);
	struct NspiGetSpecialTable *r = ARGS(cl, struct NspiGetSpecialTable);

	if (NT_STATUS_IS_OK(status) && (*r->out.ppRows == NULL || (*r->out.ppRows)->cRows == 0)) {
		return NT_STATUS_NOT_FOUND;
	}
	return NT_STATUS_IS_OK(status) ? mapi_result(r->out.result) : status;
}

static struct tevent_req *nspi_query_send(struct bench_client *cl)
{
	struct NspiQueryRows *r = talloc_zero(cl->iter, struct NspiQueryRows);

	if (r == NULL) return NULL;
	r->in.handle = &cl->nsp_handle;
	r->in.pStat = new_stat(r);
	r->in.Count = GAL_PAGE;
	r->in.pPropTags = client_prop_tags(r, 4, gal_cols);
	r->out.pStat = r->in.pStat;
	r->out.ppRows = talloc_zero(r, struct PropertyRowSet_r *);
	cl->r = r;
	return dcerpc_NspiQueryRows_r_send(r, cl->bench->ev, cl->nsp->binding_handle, r);
}

static NTSTATUS nspi_query_recv(struct bench_client *cl, struct tevent_req *req)
{
	NTSTATUS status = dcerpc_NspiQueryRows_r_recv(req, cl->iter);
	struct NspiQueryRows *r = ARGS(cl, struct NspiQueryRows);

	if (NT_STATUS_IS_OK(status) && (*r->out.ppRows == NULL ||
					(*r->out.ppRows)->cRows != GAL_PAGE)) {
		return NT_STATUS_NOT_FOUND;
	}
	return NT_STATUS_IS_OK(status) ? mapi_result(r->out.result) : status;
}

static struct tevent_req *nspi_resolve_send(struct bench_client *cl)
{
	struct NspiResolveNamesW *r = talloc_zero(cl->iter, struct NspiResolveNamesW);
	const char **names = talloc_array(r, const char *, 2);

	if (r == NULL || names == NULL) return NULL;
	names[0] = cl->bench->account;
	names[1] = "Lena";
	r->in.handle = &cl->nsp_handle;
	r->in.pStat = new_stat(r);
	r->in.pPropTags = client_prop_tags(r, 2, name_cols);
	r->in.paWStr = talloc_zero(r, struct WStringsArray_r);
	if (r->in.paWStr == NULL) return NULL;
	r->in.paWStr->Count = 2;
	r->in.paWStr->Strings = names;
	r->out.ppMIds = talloc_zero(r, struct PropertyTagArray_r *);
	r->out.ppRows = talloc_zero(r, struct PropertyRowSet_r *);
	cl->r = r;
	return dcerpc_NspiResolveNamesW_r_send(r, cl->bench->ev, cl->nsp->binding_handle, r);
}

static NTSTATUS nspi_resolve_recv(struct bench_client *cl, struct tevent_req *req)
{
	NTSTATUS status = dcerpc_NspiResolveNamesW_r_recv(req, cl->iter);
	struct NspiResolveNamesW *r = ARGS(cl, struct NspiResolveNamesW);
	struct PropertyTagArray_r *mids;

	if (!NT_STATUS_IS_OK(status)) return status;
	mids = *r->out.ppMIds;
	/* the account resolves to one entry: MID_RESOLVED are above 0x10 */
	if (mids == NULL || mids->cValues != 2 || mids->aulPropTag[0] <= 0x10) {
		return NT_STATUS_NOT_FOUND;
	}
	cl->mid = mids->aulPropTag[0];
	return mapi_result(r->out.result);
}

static struct tevent_req *nspi_props_send(struct bench_client *cl)
{
	struct NspiGetProps *r = talloc_zero(cl->iter, struct NspiGetProps);

	if (r == NULL) return NULL;
	r->in.handle = &cl->nsp_handle;
	r->in.pStat = new_stat(r);
	if (r->in.pStat == NULL) return NULL;
	r->in.pStat->CurrentRec = cl->mid;
	r->in.pPropTags = client_prop_tags(r, 5, entry_cols);
	r->out.ppRows = talloc_zero(r, struct PropertyRow_r *);
	cl->r = r;
	return dcerpc_NspiGetProps_r_send(r, cl->bench->ev, cl->nsp->binding_handle, r);
}

static NTSTATUS nspi_props_recv(struct bench_client *cl, struct tevent_req *req)
{
	NTSTATUS status = dcerpc_NspiGetProps_r_recv(req, cl->iter);
	struct NspiGetProps *r = ARGS(cl, struct NspiGetProps);

	if (!NT_STATUS_IS_OK(status)) return status;
	if (*r->out.ppRows == NULL || (*r->out.ppRows)->cValues != 5) {
		return NT_STATUS_NOT_FOUND;
	}
	/* some of the columns may be missing on the entry: MAPI_W_ERRORS_RETURNED */
	return r->out.result == 0x00040380 ? NT_STATUS_OK : mapi_result(r->out.result);
}

static struct tevent_req *nspi_unbind_send(struct bench_client *cl)
{
	struct NspiUnbind *r = talloc_zero(cl->iter, struct NspiUnbind);

	if (r == NULL) return NULL;
	r->in.handle = &cl->nsp_handle;
	r->out.handle = &cl->nsp_handle;
	cl->r = r;
	return dcerpc_NspiUnbind_r_send(r, cl->bench->ev, cl->nsp->binding_handle, r);
}

static NTSTATUS nspi_unbind_recv(struct bench_client *cl, struct tevent_req *req)
{
	NTSTATUS status = dcerpc_NspiUnbind_r_recv(req, cl->iter);

	/* NspiUnbind answers 1 (MS-NSPI 3.1.4.1.2) */
	if (NT_STATUS_IS_OK(status) && ARGS(cl, struct NspiUnbind)->out.result != 1) {
		return NT_STATUS_UNSUCCESSFUL;
	}
	return status;
}

/* EMSMDB */

static struct tevent_req *ems_connect_send(struct bench_client *cl)
{
	struct EcDoConnectEx *r = client_ecdoconnectex_new(cl->iter, cl->bench->account);

	if (r == NULL) return NULL;
	cl->r = r;
	return dcerpc_EcDoConnectEx_r_send(r, cl->bench->ev, cl->ems->binding_handle, r);
}

static NTSTATUS ems_connect_recv(struct bench_client *cl, struct tevent_req *req)
{
	NTSTATUS status = dcerpc_EcDoConnectEx_r_recv(req, cl->iter);
	struct EcDoConnectEx *r = ARGS(cl, struct EcDoConnectEx);

	if (NT_STATUS_IS_OK(status)) {
		cl->cxh = *r->out.handle;
	}
	return NT_STATUS_IS_OK(status) ? mapi_result(r->out.result) : status;
}

static struct tevent_req *ems_rpc_send(struct bench_client *cl)
{
	struct EcDoRpcExt2 *r = client_ecdorpcext2_new(cl->iter, &cl->cxh, cl->bench->rops_blob,
						       cl->bench->ext2_flags, CB_OUT);

	if (r == NULL) return NULL;
	cl->r = r;
	return dcerpc_EcDoRpcExt2_r_send(r, cl->bench->ev, cl->ems->binding_handle, r);
}

/* Every ROP answered with success, and QueryRows returned the Inbox. */
static NTSTATUS ems_rpc_recv(struct bench_client *cl, struct tevent_req *req)
{
	NTSTATUS status = dcerpc_EcDoRpcExt2_r_recv(req, cl->iter);
	struct bench *b = cl->bench;
	struct rop_response_buffer *rsp;

	if (!NT_STATUS_IS_OK(status)) return status;
	status = bench_rops_answer(cl->iter, ARGS(cl, struct EcDoRpcExt2), b->rops, &rsp);
	if (!NT_STATUS_IS_OK(status)) return status;
	if (rsp->rops[rsp->num_rops - 1]->u.QueryRows.RowCount != b->inbox_rows) {
		return NT_STATUS_NOT_FOUND;
	}
	return NT_STATUS_OK;
}

static struct tevent_req *ems_disconnect_send(struct bench_client *cl)
{
	struct EcDoDisconnect *r = talloc_zero(cl->iter, struct EcDoDisconnect);

	if (r == NULL) return NULL;
	r->in.handle = &cl->cxh;
	r->out.handle = &cl->cxh;
	cl->r = r;
	return dcerpc_EcDoDisconnect_r_send(r, cl->bench->ev, cl->ems->binding_handle, r);
}

static NTSTATUS ems_disconnect_recv(struct bench_client *cl, struct tevent_req *req)
{
	NTSTATUS status = dcerpc_EcDoDisconnect_r_recv(req, cl->iter);

	return NT_STATUS_IS_OK(status)
		? mapi_result(ARGS(cl, struct EcDoDisconnect)->out.result) : status;
}

const struct bench_step bench_mix[] = {
	{ "NspiBind", BENCH_NSPI, false, nspi_bind_send, nspi_bind_recv },
	{ "NspiGetSpecialTable", BENCH_NSPI, false, nspi_special_send, nspi_special_recv },
	{ "NspiQueryRows", BENCH_NSPI, false, nspi_query_send, nspi_query_recv },
	{ "NspiResolveNamesW", BENCH_NSPI, false, nspi_resolve_send, nspi_resolve_recv },
	{ "NspiGetProps", BENCH_NSPI, false, nspi_props_send, nspi_props_recv },
	{ "NspiUnbind", BENCH_NSPI, true, nspi_unbind_send, nspi_unbind_recv },
	{ "EcDoConnectEx", BENCH_EMSMDB, false, ems_connect_send, ems_connect_recv },
	{ "EcDoRpcExt2", BENCH_EMSMDB, false, ems_rpc_send, ems_rpc_recv },
	{ "EcDoDisconnect", BENCH_EMSMDB, true, ems_disconnect_send, ems_disconnect_recv },
};
const size_t bench_mix_len = sizeof(bench_mix) / sizeof(bench_mix[0]);

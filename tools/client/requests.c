/*
 * Requests as an Outlook-class client builds them (see requests.h).
 */
#include "config.h"
#include <string.h>
#include "tools/client/requests.h"

#define RECIPIENTS "/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn="

const char *client_mailbox_dn(TALLOC_CTX *mem_ctx, const char *account)
{
	return talloc_asprintf(mem_ctx, RECIPIENTS "%s", account);
}

void client_nspi_stat_init(struct STAT *stat)
{
	memset(stat, 0, sizeof(*stat));
	stat->CodePage = 1252;
	stat->TemplateLocale = 0x409;
	stat->SortLocale = 0x409;
}

struct PropertyTagArray_r *client_prop_tags(TALLOC_CTX *mem_ctx, uint32_t n,
					    const uint32_t *t)
{
	struct PropertyTagArray_r *a = talloc_zero(mem_ctx, struct PropertyTagArray_r);

	if (a != NULL) {
		a->cValues = n;
		a->aulPropTag = talloc_memdup(a, t, n * sizeof(uint32_t));
	}
	return a;
}

struct EcDoConnectEx *client_ecdoconnectex_new(TALLOC_CTX *mem_ctx, const char *account)
{
	static const uint16_t outlook2007[3] = { 0x0C00, 0x8000 | 4518, 1014 };
	struct EcDoConnectEx *r = talloc_zero(mem_ctx, struct EcDoConnectEx);

	if (r == NULL) {
		return NULL;
	}
	r->in.szUserDN = client_mailbox_dn(r, account);
	r->in.ulCpid = 1252;
	r->in.ulLcidString = 0x409;
	r->in.ulLcidSort = 0x409;
	r->in.ulIcxrLink = 0xFFFFFFFF;
	r->in.usFCanConvertCodePages = 1;
	memcpy(r->in.rgwClientVersion, outlook2007, sizeof(outlook2007));
	r->in.pulTimeStamp = talloc_zero(r, uint32_t);
	r->in.pcbAuxOut = talloc_zero(r, uint32_t);
	r->out.handle = talloc_zero(r, struct policy_handle);
	r->out.pcmsPollsMax = talloc_zero(r, uint32_t);
	r->out.pcRetry = talloc_zero(r, uint32_t);
	r->out.pcmsRetryDelay = talloc_zero(r, uint32_t);
	r->out.picxr = talloc_zero(r, uint16_t);
	r->out.szDNPrefix = talloc_zero(r, const char *);
	r->out.szDisplayName = talloc_zero(r, const char *);
	r->out.pulTimeStamp = r->in.pulTimeStamp;
	r->out.pcbAuxOut = r->in.pcbAuxOut;
	if (r->in.szUserDN == NULL || r->in.pulTimeStamp == NULL || r->in.pcbAuxOut == NULL ||
	    r->out.handle == NULL || r->out.pcmsPollsMax == NULL || r->out.pcRetry == NULL ||
	    r->out.pcmsRetryDelay == NULL || r->out.picxr == NULL ||
	    r->out.szDNPrefix == NULL || r->out.szDisplayName == NULL) {
		talloc_free(r);
		return NULL;
	}
	return r;
}

struct EcDoRpcExt2 *client_ecdorpcext2_new(TALLOC_CTX *mem_ctx, struct policy_handle *cxh,
					   DATA_BLOB rops, uint32_t flags, uint32_t cb_out)
{
	struct mapi_ext_segment seg = { .payload = rops };
	struct mapi_ext_buffer b = { .num_segments = 1, .segments = &seg };
	struct EcDoRpcExt2 *r = talloc_zero(mem_ctx, struct EcDoRpcExt2);
	DATA_BLOB in;

	if (r == NULL) {
		return NULL;
	}
	if (!(flags & 0x1)) seg.header.flags |= MAPI_EXT_COMPRESSED;
	if (!(flags & 0x2)) seg.header.flags |= MAPI_EXT_XORMAGIC;
	r->in.handle = cxh;
	r->out.handle = cxh;
	r->in.pulFlags = talloc(r, uint32_t);
	r->in.pcbOut = talloc(r, uint32_t);
	r->in.pcbAuxOut = talloc_zero(r, uint32_t);
	r->out.rgbOut = talloc_zero_array(r, uint8_t, cb_out);
	r->out.rgbAuxOut = NULL;
	r->out.pulTransTime = talloc_zero(r, uint32_t);
	if (r->in.pulFlags == NULL || r->in.pcbOut == NULL || r->in.pcbAuxOut == NULL ||
	    r->out.rgbOut == NULL || r->out.pulTransTime == NULL ||
	    !NT_STATUS_IS_OK(mapi_ext_pack(r, &b, SIZE_MAX, &in))) {
		talloc_free(r);
		return NULL;
	}
	*r->in.pulFlags = flags;
	*r->in.pcbOut = cb_out;
	r->out.pulFlags = r->in.pulFlags;
	r->out.pcbOut = r->in.pcbOut;
	r->out.pcbAuxOut = r->in.pcbAuxOut;
	r->in.rgbIn = in.data;
	r->in.cbIn = in.length;
	return r;
}

NTSTATUS client_ecdorpcext2_answer(TALLOC_CTX *mem_ctx, const struct EcDoRpcExt2 *r,
				   struct mapi_ext_buffer **ob)
{
	if (r->out.result != 0) {
		return NT_STATUS_UNSUCCESSFUL;
	}
	return mapi_ext_unpack(mem_ctx, data_blob_const(r->out.rgbOut, *r->out.pcbOut), ob);
}

struct rop_blob client_utf16(TALLOC_CTX *mem_ctx, const char *s)
{
	size_t i, n = strlen(s);
	struct rop_blob b = { talloc_zero_array(mem_ctx, uint8_t, 2 * n + 2), 2 * n };

	for (i = 0; b.data != NULL && i < n; i++) b.data[2 * i] = (uint8_t)s[i];
	return b;
}

struct rop_request *client_rop_new(TALLOC_CTX *mem_ctx, uint8_t id, uint8_t h0, uint8_t h1)
{
	struct rop_request *r = talloc_zero(mem_ctx, struct rop_request);

	if (r != NULL) {
		r->rop_id = id;
		r->handle_idx[0] = h0;
		r->handle_idx[1] = h1;
	}
	return r;
}

struct rop_request *client_rop_logon(TALLOC_CTX *mem_ctx, const char *account)
{
	struct rop_request *r = client_rop_new(mem_ctx, ROP_ID_LOGON, 0, 0);
	const char *dn = client_mailbox_dn(r, account);

	if (r == NULL || dn == NULL) {
		talloc_free(r);
		return NULL;
	}
	r->u.Logon.LogonFlags = 0x01;		/* Private */
	r->u.Logon.OpenFlags = 0x01000000;	/* USE_PER_MDB_REPLID_MAPPING */
	r->u.Logon.Essdn = (struct rop_blob) { (uint8_t *)discard_const_p(char, dn), strlen(dn) + 1 };
	r->u.Logon.EssdnSize = strlen(dn) + 1;
	return r;
}

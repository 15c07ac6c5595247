/*
 * An Outlook-like EMSMDB session (MS-OXCRPC, MS-OXCROPS): alice logs on,
 * lists her folders, sends bob a message with a body and a 1 MiB
 * attachment written by stream; bob logs on, finds it in his Inbox and
 * reads recipients, subject and comment (RopGetPropertiesSpecific), body
 * and attachment back by stream.  The transcript
 * holds subjects, sizes, counts and an FNV-1a hash of the attachment:
 * nothing that differs between runs (no handles, ids or times).
 *
 * With --legacy the session runs over the legacy EcDoConnect and EcDoRpc
 * (Exchange 2003/2007, Outlook 2003): the same ROPs, one obfuscated ROP
 * buffer per call; the transcript differs only in the connect call's name
 * and in how answers were framed.
 */
#include "config.h"
#include "tools/client/client.h"
#include "gen_ndr/ndr_exchange_emsmdb_c.h"
#include "rop/rop.h"
#include "rop/mapi_ext.h"
#include "rop/mapi_legacy.h"
#include "tools/client/ems.h"
#include "tools/client/requests.h"

#define ATTACH_SIZE (1024 * 1024)

static uint64_t fnv1a(const uint8_t *d, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h = (h ^ d[i]) * 0x100000001b3ULL;
	}
	return h;
}

/* UTF-16LE (ASCII part) to text, for the transcript. */
char *ems_text(TALLOC_CTX *mem, const struct rop_blob *b)
{
	char *s = talloc_zero_size(mem, b->length / 2 + 1);
	uint32_t i;

	for (i = 0; s != NULL && i + 1 < b->length && b->data[i] != 0; i += 2) {
		s[i / 2] = (char)b->data[i];
	}
	return s;
}

static const char *connect_name(const struct client_ctx *c)
{
	return c->legacy ? "EcDoConnect" : "EcDoConnectEx";
}

NTSTATUS client_emsmdb_connect(TALLOC_CTX *mem_ctx, struct client_ctx *c,
			       struct dcerpc_pipe *p, const char *account,
			       struct policy_handle *cxh, uint32_t *result,
			       const char **display)
{
	struct EcDoConnectEx *r;
	NTSTATUS status;

	*display = NULL;
	if (c->legacy) {
		uint16_t client_version[3] = { 0x0C00, 0x8000 | 4518, 1014 };	/* 12.0.4518.1014 */
		uint16_t server_version[3], icxr;
		uint32_t polls, retry, delay, ts = 0;
		const char *prefix = NULL, *dn = client_mailbox_dn(mem_ctx, account);
		enum MAPISTATUS ec = 0;

		if (dn == NULL) {
			return NT_STATUS_NO_MEMORY;
		}
		/* the client version comes back as the server would serve it */
		status = dcerpc_EcDoConnect(p->binding_handle, mem_ctx, cxh, dn, 0, 0, 0,
					    1252, 0x409, 0x409, 0xFFFFFFFF, 1, &polls, &retry,
					    &delay, &icxr, &prefix, display, server_version,
					    client_version, &ts, &ec);
		*result = ec;
		return status;
	}
	r = client_ecdoconnectex_new(mem_ctx, account);
	if (r == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	status = dcerpc_EcDoConnectEx_r(p->binding_handle, mem_ctx, r);
	*cxh = *r->out.handle;
	*display = *r->out.szDisplayName;
	*result = r->out.result;
	return status;
}

bool ems_connect(struct ems *e, const char *account)
{
	const char *display = NULL;
	uint32_t result = 0;
	NTSTATUS status;
	int i;

	if (!NT_STATUS_IS_OK(client_connect(e->mem, e->c, &ndr_table_exchange_emsmdb, &e->p))) {
		return false;
	}
	status = client_emsmdb_connect(e->mem, e->c, e->p, account, &e->cxh, &result,
				       &display);
	client_say(e->c, "emsmdb %s %s status %s result 0x%08x display %s", account,
		   connect_name(e->c), nt_errstr(status), (unsigned)result,
		   display ? display : "(null)");
	for (i = 0; i < NH; i++) e->handles[i] = 0xFFFFFFFF;
	e->state = rop_state_new(e->mem);
	return NT_STATUS_IS_OK(status) && result == 0 && e->state != NULL;
}

/* EcDoRpcExt2 with the ROP buffer `payload`: the answer's segments. */
static bool rpc_ext2(struct ems *e, DATA_BLOB payload, struct mapi_ext_buffer **ob)
{
	struct EcDoRpcExt2 *r = client_ecdorpcext2_new(e->mem, &e->cxh, payload, e->flags,
						       CB_OUT);
	NTSTATUS status;

	if (r == NULL) {
		return false;
	}
	status = dcerpc_EcDoRpcExt2_r(e->p->binding_handle, e->mem, r);
	if (!NT_STATUS_IS_OK(status) ||
	    !NT_STATUS_IS_OK(client_ecdorpcext2_answer(e->mem, r, ob))) {
		client_say(e->c, "emsmdb EcDoRpcExt2 failed: status %s result 0x%08x",
			   nt_errstr(status), (unsigned)r->out.result);
		return false;
	}
	/* MS-OXCRPC 3.1.4.2: NoCompression and NoXorMagic bind the server */
	if (((*r->out.pulFlags & 0x1) &&
	     ((*ob)->segments[0].header.flags & MAPI_EXT_COMPRESSED)) ||
	    ((*r->out.pulFlags & 0x2) &&
	     ((*ob)->segments[0].header.flags & MAPI_EXT_XORMAGIC))) {
		client_say(e->c, "emsmdb EcDoRpcExt2 answer flags 0x%04x despite pulFlags "
			   "0x%08x", (*ob)->segments[0].header.flags, (unsigned)e->flags);
		return false;
	}
	return true;
}

/* The legacy EcDoRpc with the same ROP buffer: the answer as one segment
 * (obfuscated: the legacy framing knows no other). */
static bool rpc_legacy(struct ems *e, DATA_BLOB payload, struct mapi_ext_buffer **ob)
{
	struct mapi_ext_segment seg = { .payload = payload };
	struct mapi_ext_buffer b = { .num_segments = 1, .segments = &seg };
	DATA_BLOB in, out = data_blob_null;
	uint32_t size = LEGACY_MAX_DATA, offset = 0;
	uint16_t length;
	enum MAPISTATUS result = 0;
	NTSTATUS status;

	if (!NT_STATUS_IS_OK(mapi_legacy_pack(e->mem, &b, SIZE_MAX, &in))) {
		return false;
	}
	length = (uint16_t)in.length;
	status = dcerpc_EcDoRpc(e->p->binding_handle, e->mem, &e->cxh, &size, &offset, &in,
				&out, &length, LEGACY_MAX_DATA, &result);
	if (!NT_STATUS_IS_OK(status) || result != 0 || length != out.length ||
	    !NT_STATUS_IS_OK(mapi_legacy_unpack(e->mem, out, ob))) {
		client_say(e->c, "emsmdb EcDoRpc failed: status %s result 0x%08x",
			   nt_errstr(status), (unsigned)result);
		return false;
	}
	return true;
}

/* One round trip of ROPs; the parsed responses, NULL on failure. */
struct rop_response_buffer *ems_rpc(struct ems *e, struct rop_request **rops, uint32_t n)
{
	struct rop_request_buffer req = { .num_rops = n, .rops = rops,
					  .num_handles = NH, .handles = e->handles };
	struct mapi_ext_buffer *ob;
	struct rop_response_buffer *rsp;
	DATA_BLOB payload;

	if (e->failed ||
	    !NT_STATUS_IS_OK(rop_request_buffer_push(e->mem, &req, &payload)) ||
	    !(e->legacy ? rpc_legacy(e, payload, &ob) : rpc_ext2(e, payload, &ob))) {
		e->failed = true;
		return NULL;
	}
	if (!NT_STATUS_IS_OK(rop_response_buffer_pull(e->mem, ob->segments[0].payload.data,
						      ob->segments[0].payload.length,
						      &req, e->state, &rsp))) {
		client_say(e->c, "emsmdb ROP response does not parse");
		e->failed = true;
		return NULL;
	}
	e->answer_flags |= ob->segments[0].header.flags;
	if (rsp->num_handles == NH) {
		memcpy(e->handles, rsp->handles, sizeof(e->handles));
	}
	return rsp;
}

struct rop_request *ems_rq(struct ems *e, uint8_t id, uint8_t h0, uint8_t h1)
{
	return client_rop_new(e->mem, id, h0, h1);
}

/* One ROP that must succeed; its response, NULL (and e->failed) if not. */
struct rop_response *ems_ok(struct ems *e, struct rop_request *r)
{
	struct rop_response_buffer *rsp = ems_rpc(e, &r, 1);

	if (rsp == NULL) return NULL;
	if (r->rop_id == ROP_ID_RELEASE) return NULL;
	if (rsp->num_rops != 1 || rsp->rops[0]->return_value != 0) {
		client_say(e->c, "emsmdb ROP 0x%02x failed: 0x%08x", r->rop_id,
			   rsp->num_rops ? (unsigned)rsp->rops[0]->return_value : 0);
		e->failed = true;
		return NULL;
	}
	return rsp->rops[0];
}
struct rop_Logon_rsp *ems_logon(struct ems *e, const char *account)
{
	return OK(e, client_rop_logon(e->mem, account), Logon);
}

bool ems_set_columns(struct ems *e, uint8_t table, uint32_t *cols, uint16_t n)
{
	struct rop_request *r = ems_rq(e, ROP_ID_SETCOLUMNS, table, 0);

	r->u.SetColumns.PropertyTagCount = n;
	r->u.SetColumns.PropertyTags = cols;
	return ems_ok(e, r) != NULL;
}

struct rop_QueryRows_rsp *ems_query_rows(struct ems *e, uint8_t table)
{
	struct rop_request *r = ems_rq(e, ROP_ID_QUERYROWS, table, 0);

	r->u.QueryRows.ForwardRead = 1;
	r->u.QueryRows.RowCount = 100;
	return OK(e, r, QueryRows);
}

void ems_set_prop(struct ems *e, uint8_t obj, uint32_t tag, struct rop_propval v)
{
	struct rop_request *r = ems_rq(e, ROP_ID_SETPROPERTIES, obj, 0);
	struct rop_tagged_value *tv = talloc_zero(e->mem, struct rop_tagged_value);

	tv->tag = tag;
	tv->value = v;
	tv->value.type = tag & 0xffff;
	r->u.SetProperties.PropertyValueCount = 1;
	r->u.SetProperties.PropertyValues = tv;
	ems_ok(e, r);
}

static void write_stream(struct ems *e, uint8_t obj, uint32_t tag, const uint8_t *d, size_t len)
{
	struct rop_request *r = ems_rq(e, ROP_ID_OPENSTREAM, obj, 9);
	size_t done = 0;

	r->u.OpenStream.PropertyTag = tag;
	r->u.OpenStream.OpenModeFlags = 0x02;	/* Create */
	ems_ok(e, r);
	while (!e->failed && done < len) {
		size_t n = len - done > 16000 ? 16000 : len - done;

		r = ems_rq(e, ROP_ID_WRITESTREAM, 9, 0);
		r->u.WriteStream.DataSize = n;
		r->u.WriteStream.Data = (struct rop_blob) { discard_const_p(uint8_t, d + done), n };
		ems_ok(e, r);
		done += n;
	}
	ems_ok(e, ems_rq(e, ROP_ID_COMMITSTREAM, 9, 0));
	ems_ok(e, ems_rq(e, ROP_ID_RELEASE, 9, 0));
}

static uint8_t *read_stream(struct ems *e, uint8_t obj, uint32_t tag, uint32_t *len)
{
	struct rop_request *r = ems_rq(e, ROP_ID_OPENSTREAM, obj, 9);
	struct rop_OpenStream_rsp *os;
	uint8_t *buf;
	uint32_t done = 0;

	r->u.OpenStream.PropertyTag = tag;
	r->u.OpenStream.OpenModeFlags = 0x00;	/* ReadOnly */
	os = OK(e, r, OpenStream);
	if (os == NULL) return NULL;
	*len = os->StreamSize;
	buf = talloc_size(e->mem, *len + 1);
	while (buf != NULL && !e->failed) {
		struct rop_ReadStream_rsp *rs;

		r = ems_rq(e, ROP_ID_READSTREAM, 9, 0);
		r->u.ReadStream.ByteCount = 0xBABE;
		r->u.ReadStream.MaximumByteCount = 0x100000;
		rs = OK(e, r, ReadStream);
		if (rs == NULL || rs->DataSize == 0) break;
		if (done + rs->DataSize > *len) { e->failed = true; break; }
		memcpy(buf + done, rs->Data.data, rs->DataSize);
		done += rs->DataSize;
	}
	ems_ok(e, ems_rq(e, ROP_ID_RELEASE, 9, 0));
	if (done != *len) e->failed = true;
	return buf;
}

static void list_folders(struct ems *e, uint64_t root)
{
	struct rop_request *r = ems_rq(e, ROP_ID_OPENFOLDER, 0, 1);
	uint32_t cols[1] = { PR_DISPLAY_NAME };
	struct rop_QueryRows_rsp *q;
	uint16_t i;

	r->u.OpenFolder.FolderId = root;
	ems_ok(e, r);
	r = ems_rq(e, ROP_ID_GETHIERARCHYTABLE, 1, 2);
	r->u.GetHierarchyTable.TableFlags = 0x04;	/* Depth (MS-OXCFOLD 2.2.1.13.1) */
	ems_ok(e, r);
	if (!ems_set_columns(e, 2, cols, 1) || (q = ems_query_rows(e, 2)) == NULL) return;
	client_say(e->c, "emsmdb folders: %u", q->RowCount);
	for (i = 0; i < q->RowCount; i++) {
		client_say(e->c, "emsmdb folder %s", ems_text(e->mem, &q->RowData[i].values[0].value.bin));
	}
	ems_ok(e, ems_rq(e, ROP_ID_RELEASE, 2, 0));
	ems_ok(e, ems_rq(e, ROP_ID_RELEASE, 1, 0));
}

void ems_compose(struct ems *e, const struct rop_Logon_rsp *l, const char *to,
		 const char *subject)
{
	struct rop_request *r;
	struct rop_ModifyRecipientRow *row;
	struct rop_rowval *cell;
	uint32_t *cols;
	const char *smtp = talloc_asprintf(e->mem, "%s@%s", to, e->c->mail_domain);

	r = ems_rq(e, ROP_ID_OPENFOLDER, 0, 3);
	r->u.OpenFolder.FolderId = l->FolderIds[FOLDER_OUTBOX];
	ems_ok(e, r);
	r = ems_rq(e, ROP_ID_CREATEMESSAGE, 3, 4);
	r->u.CreateMessage.CodePageId = 0x0FFF;
	r->u.CreateMessage.FolderId = l->FolderIds[FOLDER_OUTBOX];
	ems_ok(e, r);
	ems_set_prop(e, 4, PR_SUBJECT, (struct rop_propval) { .bin = client_utf16(e->mem, subject) });

	r = ems_rq(e, ROP_ID_MODIFYRECIPIENTS, 4, 0);
	cols = talloc_array(e->mem, uint32_t, 1);
	row = talloc_zero(e->mem, struct rop_ModifyRecipientRow);
	cell = talloc_zero(e->mem, struct rop_rowval);
	if (smtp == NULL || cols == NULL || row == NULL || cell == NULL) {
		e->failed = true;
		return;
	}
	cols[0] = PR_SMTP_ADDRESS;
	cell->value = (struct rop_propval) { .type = 0x001F, .bin = client_utf16(e->mem, smtp) };
	row->RecipientType = 0x01;	/* To */
	row->RecipientRow = (struct rop_recipient_row) {
		.flags = 0x0003 | 0x0008 | 0x0010 | 0x0200,	/* SMTP, E, D, U */
		.email_address = client_utf16(e->mem, smtp),
		.display_name = client_utf16(e->mem, to),
		.column_count = 1, .decoded = true,
		.properties = { .flag = 0, .ncols = 1, .columns = cols, .values = cell } };
	r->u.ModifyRecipients.ColumnCount = 1;
	r->u.ModifyRecipients.RecipientColumns = cols;
	r->u.ModifyRecipients.RowCount = 1;
	r->u.ModifyRecipients.RecipientRows = row;
	ems_ok(e, r);
}

void ems_submit(struct ems *e)
{
	struct rop_request *r = ems_rq(e, ROP_ID_SAVECHANGESMESSAGE, 4, 4);

	r->u.SaveChangesMessage.SaveFlags = 0x02;	/* KeepOpenReadWrite */
	ems_ok(e, r);
	ems_ok(e, ems_rq(e, ROP_ID_SUBMITMESSAGE, 4, 0));
}

static void alice_sends(struct ems *e, const char *to, const uint8_t *att)
{
	struct rop_Logon_rsp *l = ems_logon(e, e->c->user);
	struct rop_request *r;
	struct rop_blob body = client_utf16(e->mem, "Hello, the report is attached.");

	if (l == NULL) return;
	list_folders(e, l->FolderIds[FOLDER_ROOT]);
	ems_compose(e, l, to, "Quarterly report");
	write_stream(e, 4, PR_BODY, body.data, body.length);

	r = ems_rq(e, ROP_ID_CREATEATTACHMENT, 4, 6);
	ems_ok(e, r);
	ems_set_prop(e, 6, PR_ATTACH_METHOD, (struct rop_propval) { .u = 1 });	/* afByValue */
	write_stream(e, 6, PR_ATTACH_DATA_BIN, att, ATTACH_SIZE);
	ems_ok(e, ems_rq(e, ROP_ID_SAVECHANGESATTACHMENT, 6, 6));
	ems_ok(e, ems_rq(e, ROP_ID_RELEASE, 6, 0));
	ems_submit(e);
	client_say(e->c, "emsmdb %s sent \"Quarterly report\" to %s@%s: body %u bytes, "
		   "attachment %u bytes fnv1a %016llx: %s", e->c->user, to, e->c->mail_domain,
		   (unsigned)body.length, ATTACH_SIZE,
		   (unsigned long long)fnv1a(att, ATTACH_SIZE), e->failed ? "FAILED" : "ok");
}

/* A string column of a PropertyRow, "(none)" for a missing one. */
static const char *row_text(TALLOC_CTX *mem, const struct rop_property_row *row, uint32_t i)
{
	const struct rop_rowval *v = &row->values[i];

	if (row->flag != 0 && v->flag != 0) {
		return "(none)";
	}
	return ems_text(mem, &v->value.bin);
}

/* The message's subject and comment as RopGetPropertiesSpecific reads them
 * (a table and RopOpenMessage are two other ways; proxies may treat each
 * differently). */
static void read_properties(struct ems *e, const char *account, uint8_t obj)
{
	struct rop_request *r = ems_rq(e, ROP_ID_GETPROPERTIESSPECIFIC, obj, 0);
	struct rop_GetPropertiesSpecific_rsp *g;
	uint32_t *tags = talloc_array(e->mem, uint32_t, 2);

	if (tags == NULL) { e->failed = true; return; }
	tags[0] = PR_SUBJECT;
	tags[1] = PR_COMMENT;
	r->u.GetPropertiesSpecific.WantUnicode = 1;
	r->u.GetPropertiesSpecific.PropertyTagCount = 2;
	r->u.GetPropertiesSpecific.PropertyTags = tags;
	if ((g = OK(e, r, GetPropertiesSpecific)) == NULL) return;
	if (g->RowData.ncols != 2) { e->failed = true; return; }
	client_say(e->c, "emsmdb %s properties: subject \"%s\", comment \"%s\"", account,
		   row_text(e->mem, &g->RowData, 0), row_text(e->mem, &g->RowData, 1));
}

static void bob_reads(struct ems *e, const char *account)
{
	struct rop_Logon_rsp *l = ems_logon(e, account);
	struct rop_request *r;
	struct rop_QueryRows_rsp *q;
	struct rop_OpenMessage_rsp *om;
	struct rop_ReadRecipients_rsp *rr;
	uint32_t cols[2] = { PR_MID, PR_SUBJECT }, len = 0;
	uint8_t *data;
	uint16_t i;

	if (l == NULL) return;
	r = ems_rq(e, ROP_ID_OPENFOLDER, 0, 1);
	r->u.OpenFolder.FolderId = l->FolderIds[4];	/* Inbox */
	ems_ok(e, r);
	ems_ok(e, ems_rq(e, ROP_ID_GETCONTENTSTABLE, 1, 2));
	if (!ems_set_columns(e, 2, cols, 2) || (q = ems_query_rows(e, 2)) == NULL) return;
	/* the newest row: earlier runs may have left messages behind, and
	 * the transcript must not depend on them */
	if (q->RowCount == 0) { e->failed = true; return; }
	client_say(e->c, "emsmdb %s Inbox newest subject \"%s\"", account,
		   ems_text(e->mem, &q->RowData[q->RowCount - 1].values[1].value.bin));
	r = ems_rq(e, ROP_ID_OPENMESSAGE, 1, 3);
	r->u.OpenMessage.CodePageId = 0x0FFF;
	r->u.OpenMessage.FolderId = l->FolderIds[4];
	r->u.OpenMessage.MessageId = q->RowData[q->RowCount - 1].values[0].value.u;
	if ((om = OK(e, r, OpenMessage)) == NULL) return;
	client_say(e->c, "emsmdb %s message: subject \"%s\", %u recipient(s)", account,
		   ems_text(e->mem, &om->NormalizedSubject.string), om->RecipientCount);
	read_properties(e, account, 3);
	if ((rr = OK(e, ems_rq(e, ROP_ID_READRECIPIENTS, 3, 0), ReadRecipients)) == NULL) return;
	for (i = 0; i < rr->RowCount; i++) {
		client_say(e->c, "emsmdb %s recipient type %u %s <%s>", account,
			   rr->RecipientRows[i].RecipientType,
			   ems_text(e->mem, &rr->RecipientRows[i].RecipientRow.display_name),
			   ems_text(e->mem, &rr->RecipientRows[i].RecipientRow.email_address));
	}
	data = read_stream(e, 3, PR_BODY, &len);
	if (data != NULL) {
		struct rop_blob b = { data, len };
		client_say(e->c, "emsmdb %s body %u bytes: \"%s\"", account, len, ems_text(e->mem, &b));
	}
	r = ems_rq(e, ROP_ID_OPENATTACHMENT, 3, 5);
	r->u.OpenAttachment.AttachmentID = 0;
	ems_ok(e, r);
	data = read_stream(e, 5, PR_ATTACH_DATA_BIN, &len);
	if (data != NULL) {
		client_say(e->c, "emsmdb %s attachment %u bytes fnv1a %016llx", account, len,
			   (unsigned long long)fnv1a(data, len));
	}
}

/*
 * The notification calls (MS-OXCRPC 3.1.4.4-6, 3.3.4.1): EcDoAsyncWaitEx
 * goes on exchange_async_emsmdb, in the same association group (a second
 * presentation context of the same connection).  Only with an invalid
 * ACXH here, which answers at once; a valid one waits for notifications
 * (the notify scenario, notify.c).
 */
static void ems_notification_calls(struct ems *e)
{
	struct policy_handle acxh = { 0 }, bogus = { .handle_type = 2 };
	struct dcerpc_pipe *async = NULL;
	enum MAPISTATUS result = 0;
	uint32_t hnotif = 0, flags_out = 0;
	uint8_t ctx[4] = { 0 }, addr[16] = { 0x02, 0x00 };
	NTSTATUS status;

	status = dcerpc_EcDummyRpc(e->p->binding_handle, e->mem, &result);
	client_say(e->c, "emsmdb EcDummyRpc status %s result 0x%08x", nt_errstr(status),
		   (unsigned)result);
	status = dcerpc_EcRRegisterPushNotification(e->p->binding_handle, e->mem, &e->cxh, 0,
						    ctx, sizeof(ctx), 0xFFFFFFFF, addr,
						    sizeof(addr), &hnotif, &result);
	client_say(e->c, "emsmdb EcRRegisterPushNotification status %s result 0x%08x",
		   nt_errstr(status), (unsigned)result);
	status = dcerpc_EcDoAsyncConnectEx(e->p->binding_handle, e->mem, e->cxh, &acxh,
					   &result);
	client_say(e->c, "emsmdb EcDoAsyncConnectEx status %s result 0x%08x",
		   nt_errstr(status), (unsigned)result);
	status = dcerpc_secondary_context(e->p, &async, &ndr_table_exchange_async_emsmdb);
	if (!NT_STATUS_IS_OK(status)) {
		client_say(e->c, "emsmdb async context: %s", nt_errstr(status));
		return;
	}
	status = dcerpc_EcDoAsyncWaitEx(async->binding_handle, e->mem, bogus, 0, &flags_out,
					&result);
	client_say(e->c, "emsmdb EcDoAsyncWaitEx(invalid) status %s result 0x%08x "
		   "flags 0x%08x", nt_errstr(status), (unsigned)result, (unsigned)flags_out);
	talloc_free(async);
}

/* EcDoDisconnect, then the handle must be gone. */
void ems_disconnect(struct ems *e)
{
	struct policy_handle old = e->cxh;
	enum MAPISTATUS result = 0;
	NTSTATUS status;

	client_say(e->c, "emsmdb answers compressed %s, obfuscated %s",
		   (e->answer_flags & MAPI_EXT_COMPRESSED) ? "yes" : "no",
		   (e->answer_flags & MAPI_EXT_XORMAGIC) ? "yes" : "no");
	status = dcerpc_EcDoDisconnect(e->p->binding_handle, e->mem, &e->cxh, &result);

	client_say(e->c, "emsmdb EcDoDisconnect status %s result 0x%08x", nt_errstr(status),
		   (unsigned)result);
	result = 0;
	status = dcerpc_EcDoDisconnect(e->p->binding_handle, e->mem, &old, &result);
	client_say(e->c, "emsmdb EcDoDisconnect(again) status %s result 0x%08x",
		   nt_errstr(status), (unsigned)result);
}

int client_scenario_emsmdb(TALLOC_CTX *mem_ctx, struct client_ctx *c)
{
	struct ems alice = { .c = c, .flags = c->emsmdb_flags, .legacy = c->legacy }, bob;
	struct cli_credentials *creds1 = c->creds;
	const char *user1 = c->user, *binding1 = c->binding;
	uint8_t *att = talloc_size(mem_ctx, ATTACH_SIZE);
	size_t i;
	int rc = 0;

	if (c->creds2 == NULL || att == NULL) {
		fprintf(stderr, "mapiproxy-client: the emsmdb scenario needs --user2\n");
		return 1;
	}
	for (i = 0; i < ATTACH_SIZE; i++) att[i] = (uint8_t)((i * 2654435761u) >> 13);
	client_say(c, "emsmdb flags 0x%08x", c->emsmdb_flags);

	alice.mem = talloc_new(mem_ctx);
	if (!ems_connect(&alice, c->user)) return 1;
	ems_notification_calls(&alice);
	alice_sends(&alice, cli_credentials_get_username(c->creds2), att);
	ems_disconnect(&alice);
	rc |= alice.failed;
	talloc_free(alice.mem);

	bob = (struct ems) { .c = c, .flags = c->emsmdb_flags, .legacy = c->legacy,
			     .mem = talloc_new(mem_ctx) };
	c->creds = c->creds2;
	c->user = cli_credentials_get_username(c->creds2);
	if (c->binding2 != NULL) {
		c->binding = c->binding2;
	}
	if (ems_connect(&bob, c->user)) {
		bob_reads(&bob, c->user);
		ems_disconnect(&bob);
	} else {
		bob.failed = true;
	}
	rc |= bob.failed;
	talloc_free(bob.mem);
	c->creds = creds1;
	c->user = user1;
	c->binding = binding1;
	return rc;
}

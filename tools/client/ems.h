/*
 * mapiproxy-client's EMSMDB session helpers (emsmdb.c), shared by the
 * scenarios that drive mailbox sessions (emsmdb.c, notify.c).
 */
#ifndef MAPIPROXY_CLIENT_EMS_H
#define MAPIPROXY_CLIENT_EMS_H

#include "tools/client/client.h"
#include "rop/rop.h"

#define NH 12
#define CB_OUT 0x8008
/* EcDoRpc's max_data: what CB_OUT leaves for the ROPs behind an
 * RPC_HEADER_EXT, so that both kinds of session see the same limits */
#define LEGACY_MAX_DATA (CB_OUT - 8)
#define PR_SUBJECT 0x0037001F
#define PR_MID 0x674A0014
#define PR_MESSAGE_CLASS 0x001A001F
#define PR_MESSAGE_FLAGS 0x0E070003
#define PR_BODY 0x1000001F
#define PR_DISPLAY_NAME 0x3001001F
#define PR_COMMENT 0x3004001F
#define PR_ATTACH_DATA_BIN 0x37010102
#define PR_ATTACH_METHOD 0x37050003
#define PR_SMTP_ADDRESS 0x39FE001F
/* RopLogon's FolderIds (MS-OXCSTOR 2.2.1.1.3) */
#define FOLDER_ROOT 0
#define FOLDER_INBOX 4
#define FOLDER_OUTBOX 5

/* One mailbox session: its pipe, CXH, ROP state and handle table. */
struct ems {
	struct client_ctx *c;
	TALLOC_CTX *mem;
	struct dcerpc_pipe *p;
	struct policy_handle cxh;
	struct rop_state *state;
	uint32_t handles[NH];
	uint32_t flags;
	bool legacy;
	uint16_t answer_flags;	/* RPC_HEADER_EXT flags seen in answers */
	bool failed;
};

/* EcDoConnectEx (or EcDoConnect) as account on a new pipe. */
bool ems_connect(struct ems *e, const char *account);
/* One round trip of ROPs; the parsed responses, NULL on failure. */
struct rop_response_buffer *ems_rpc(struct ems *e, struct rop_request **rops, uint32_t n);
struct rop_request *ems_rq(struct ems *e, uint8_t id, uint8_t h0, uint8_t h1);
/* One ROP that must succeed; its response, NULL (and e->failed) if not. */
struct rop_response *ems_ok(struct ems *e, struct rop_request *r);
#define OK(e, r, field) ({ struct rop_response *_p = ems_ok(e, r); _p ? &_p->u.field : NULL; })
struct rop_Logon_rsp *ems_logon(struct ems *e, const char *account);
bool ems_set_columns(struct ems *e, uint8_t table, uint32_t *cols, uint16_t n);
struct rop_QueryRows_rsp *ems_query_rows(struct ems *e, uint8_t table);
void ems_set_prop(struct ems *e, uint8_t obj, uint32_t tag, struct rop_propval v);
/* A new message to `to` (account, SMTP in c->mail_domain) with subject,
 * in the Outbox (folder at handle index 3), as handle index 4. */
void ems_compose(struct ems *e, const struct rop_Logon_rsp *l, const char *to,
		 const char *subject);
/* Save handle index 4 and submit it. */
void ems_submit(struct ems *e);
void ems_disconnect(struct ems *e);
char *ems_text(TALLOC_CTX *mem, const struct rop_blob *b);

#endif

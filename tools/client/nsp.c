/*
 * The address book part of an Outlook session (MS-NSPI): bind, the
 * hierarchy table, the whole GAL paged through, seek, a nested-restriction
 * search, name resolution (unique, ambiguous, unknown), DN to MId, one
 * entry's properties, MId comparison, a refused modification, unbind.
 */
#include "config.h"
#include "tools/client/client.h"
#include "gen_ndr/ndr_exchange_nsp_c.h"
#include "tools/client/requests.h"

#define PT_LONG		0x0003
#define PT_ERROR	0x000A
#define PT_BOOLEAN	0x000B
#define PT_STRING8	0x001E
#define PT_UNICODE	0x001F
#define PT_BINARY	0x0102
#define PT_MV_STRING8	0x101E
#define PT_MV_UNICODE	0x101F
#define TAG(type, id)	((((uint32_t)(id)) << 16) | (type))

#define PR_DISPLAY_NAME_W	TAG(PT_UNICODE, 0x3001)
#define PR_EMAIL_ADDRESS_W	TAG(PT_UNICODE, 0x3003)
#define PR_SMTP_ADDRESS_W	TAG(PT_UNICODE, 0x39FE)
#define PR_SURNAME_W		TAG(PT_UNICODE, 0x3A11)
#define PR_DISPLAY_TYPE		TAG(PT_LONG, 0x3900)
#define PR_ENTRYID		TAG(PT_BINARY, 0x0FFF)
#define PAGE			10

static char *hex(TALLOC_CTX *mem, const uint8_t *p, uint32_t n)
{
	char *s = talloc_strdup(mem, "");
	uint32_t i;

	for (i = 0; s != NULL && i < n && p != NULL; i++) {
		s = talloc_asprintf_append(s, "%02x", p[i]);
	}
	return s;
}

static char *value_text(TALLOC_CTX *mem, const struct PropertyValue_r *v)
{
	uint32_t i;
	char *s;

	switch (v->ulPropTag & 0xFFFF) {
	case PT_LONG:
		return talloc_asprintf(mem, "%d", (int)v->Value.l);
	case PT_BOOLEAN:
		return talloc_asprintf(mem, "%u", (unsigned)v->Value.b);
	case PT_ERROR:
		return talloc_asprintf(mem, "error 0x%08x", (unsigned)v->Value.err);
	case PT_STRING8:
		return talloc_asprintf(mem, "'%s'", v->Value.lpszA ? v->Value.lpszA : "");
	case PT_UNICODE:
		return talloc_asprintf(mem, "'%s'", v->Value.lpszW ? v->Value.lpszW : "");
	case PT_BINARY:
		return hex(mem, v->Value.bin.lpb, v->Value.bin.cb);
	case PT_MV_STRING8:
	case PT_MV_UNICODE:
		s = talloc_strdup(mem, "[");
		for (i = 0; s != NULL && i < v->Value.MVszW.cValues; i++) {
			s = talloc_asprintf_append(s, "%s'%s'", i ? " " : "",
						   v->Value.MVszW.lppszW[i]);
		}
		return s ? talloc_asprintf_append(s, "]") : NULL;
	}
	return talloc_strdup(mem, "?");
}

/*
 * The home server in PidTagAddressBookHomeMessageDatabase names each
 * proxy by design (referral rewriting): shown through client_server_name.
 */
static char *home_mdb_text(struct client_ctx *c, TALLOC_CTX *mem, const char *dn)
{
	const char *p = dn ? strstr(dn, "/cn=Servers/cn=") : NULL;
	const char *name, *end;
	char *server;

	if (p == NULL) {
		return talloc_asprintf(mem, "'%s'", dn ? dn : "");
	}
	name = p + strlen("/cn=Servers/cn=");
	end = strchr(name, '/');
	server = talloc_strndup(mem, name, end ? (size_t)(end - name) : strlen(name));
	return talloc_asprintf(mem, "'%.*s%s%s'", (int)(name - dn), dn,
			       client_server_name(c, server), end ? end : "");
}

static void say_row(struct client_ctx *c, TALLOC_CTX *mem, const char *what,
		    const struct PropertyRow_r *row)
{
	char *line = talloc_asprintf(mem, "%s:", what);
	uint32_t i;

	for (i = 0; line != NULL && i < row->cValues; i++) {
		const struct PropertyValue_r *v = &row->lpProps[i];

		line = talloc_asprintf_append(line, " %08x=%s", v->ulPropTag,
					      v->ulPropTag == TAG(PT_STRING8, 0x8006)
					      ? home_mdb_text(c, mem, v->Value.lpszA)
					      : value_text(mem, v));
	}
	client_say(c, "%s", line ? line : "(out of memory)");
}

static void say_rows(struct client_ctx *c, TALLOC_CTX *mem, const char *what,
		     const struct PropertyRowSet_r *rows)
{
	uint32_t i;

	if (rows == NULL) {
		client_say(c, "%s: no rows", what);
		return;
	}
	for (i = 0; i < rows->cRows; i++) {
		say_row(c, mem, what, &rows->aRow[i]);
	}
}

static void say_mids(struct client_ctx *c, TALLOC_CTX *mem, const char *what,
		     const struct PropertyTagArray_r *mids)
{
	char *line = talloc_asprintf(mem, "%s:", what);
	uint32_t i;

	for (i = 0; line != NULL && mids != NULL && i < mids->cValues; i++) {
		line = talloc_asprintf_append(line, " 0x%x", mids->aulPropTag[i]);
	}
	client_say(c, "%s", line ? line : "(out of memory)");
}

/* The whole GAL, PAGE rows at a time, as Outlook's address book does. */
static void page_through(struct client_ctx *c, TALLOC_CTX *mem,
			 struct dcerpc_binding_handle *b, struct policy_handle *h)
{
	static const uint32_t cols[] = { PR_DISPLAY_NAME_W, PR_SMTP_ADDRESS_W,
					 PR_DISPLAY_TYPE, PR_EMAIL_ADDRESS_W };
	struct PropertyTagArray_r *t = client_prop_tags(mem, 4, cols);
	struct STAT stat;
	int page;

	client_nspi_stat_init(&stat);
	for (page = 0; page < 1000; page++) {
		struct PropertyRowSet_r *rows = NULL;
		enum MAPISTATUS result;
		NTSTATUS status;

		status = dcerpc_NspiQueryRows(b, mem, h, 0, &stat, 0, NULL, PAGE, t, &rows,
					      &result);
		client_say(c, "nsp QueryRows page %d status %s result 0x%08x pos %u/%u",
			   page, nt_errstr(status), (unsigned)result, stat.NumPos,
			   stat.TotalRecs);
		if (!NT_STATUS_IS_OK(status) || result != MAPI_E_SUCCESS) {
			return;
		}
		say_rows(c, mem, "  row", rows);
		if (stat.CurrentRec == 2 /* MID_END_OF_TABLE */) {
			return;
		}
	}
}

/* ((surname starts "Brandt" or SMTP contains "partner") and not a list)
 * and an SMTP address exists */
static struct Restriction_r *nested_filter(TALLOC_CTX *mem)
{
	struct Restriction_r *top = talloc_zero(mem, struct Restriction_r);
	struct Restriction_r *and2 = talloc_zero_array(mem, struct Restriction_r, 2);
	struct Restriction_r *or2 = talloc_zero_array(mem, struct Restriction_r, 2);
	struct Restriction_r *not1 = talloc_zero(mem, struct Restriction_r);
	struct Restriction_r *inner = talloc_zero_array(mem, struct Restriction_r, 2);
	struct PropertyValue_r *v = talloc_zero_array(mem, struct PropertyValue_r, 3);

	v[0].ulPropTag = PR_SURNAME_W;
	v[0].Value.lpszW = "brandt";
	v[1].ulPropTag = PR_SMTP_ADDRESS_W;
	v[1].Value.lpszW = "partner";
	v[2].ulPropTag = PR_DISPLAY_TYPE;
	v[2].Value.l = 1;	/* DT_DISTLIST */

	or2[0].rt = 3;		/* content, prefix */
	or2[0].res.resContent.ulFuzzyLevel = 0x00010002;
	or2[0].res.resContent.ulPropTag = PR_SURNAME_W;
	or2[0].res.resContent.lpProp = &v[0];
	or2[1].rt = 3;		/* content, substring */
	or2[1].res.resContent.ulFuzzyLevel = 0x00010001;
	or2[1].res.resContent.ulPropTag = PR_SMTP_ADDRESS_W;
	or2[1].res.resContent.lpProp = &v[1];
	not1->rt = 4;		/* property, EQ */
	not1->res.resProperty.relop = 4;
	not1->res.resProperty.ulPropTag = PR_DISPLAY_TYPE;
	not1->res.resProperty.lpProp = &v[2];

	inner[0].rt = 1;	/* or */
	inner[0].res.resOr.cRes = 2;
	inner[0].res.resOr.lpRes = or2;
	inner[1].rt = 2;	/* not */
	inner[1].res.resNot.lpRes = not1;
	and2[0].rt = 0;		/* and */
	and2[0].res.resAnd.cRes = 2;
	and2[0].res.resAnd.lpRes = inner;
	and2[1].rt = 8;		/* exist */
	and2[1].res.resExist.ulPropTag = PR_SMTP_ADDRESS_W;
	top->rt = 0;
	top->res.resAnd.cRes = 2;
	top->res.resAnd.lpRes = and2;
	return top;
}

int client_scenario_nsp(TALLOC_CTX *mem_ctx, struct client_ctx *c)
{
	static const uint32_t name_cols[] = { PR_DISPLAY_NAME_W, PR_EMAIL_ADDRESS_W };
	struct dcerpc_pipe *p;
	struct dcerpc_binding_handle *b;
	struct policy_handle h;
	struct FlatUID_r guid;
	struct STAT stat;
	enum MAPISTATUS result;
	NTSTATUS status;
	struct PropertyRowSet_r *rows = NULL;
	struct PropertyTagArray_r *mids = NULL, *names_tags = client_prop_tags(mem_ctx, 2, name_cols);
	struct PropertyRow_r *row = NULL;
	uint32_t version = 0, alice = 0, bob = 0;
	const char *wnames[] = { c->user ? c->user : "alice", "Lena", "nobody-such-name" };
	struct WStringsArray_r wstrs = { 3, wnames };
	const char *anames[] = { "bob" };
	struct StringsArray_r astrs = { 1, anames };
	const char *dns[2];
	struct StringsArray_r dnstrs = { 2, dns };
	struct PropertyValue_r target;
	int32_t cmp = 0;

	if (!NT_STATUS_IS_OK(client_connect(mem_ctx, c, &ndr_table_exchange_nsp, &p))) {
		return 1;
	}
	b = p->binding_handle;
	client_nspi_stat_init(&stat);
	memset(&guid, 0, sizeof(guid));
	status = dcerpc_NspiBind(b, mem_ctx, 0, &stat, &guid, &h, &result);
	client_say(c, "nsp Bind status %s result 0x%08x server guid %s", nt_errstr(status),
		   (unsigned)result, hex(mem_ctx, guid.ab, 16));
	if (!NT_STATUS_IS_OK(status) || result != MAPI_E_SUCCESS) {
		talloc_free(p);
		return 0;
	}

	status = dcerpc_NspiGetSpecialTable(b, mem_ctx, &h, 0x4 /* unicode */, &stat,
					    &version, &rows, &result);
	client_say(c, "nsp GetSpecialTable status %s result 0x%08x version %u",
		   nt_errstr(status), (unsigned)result, version);
	say_rows(c, mem_ctx, "  hierarchy", rows);

	page_through(c, mem_ctx, b, &h);

	client_nspi_stat_init(&stat);
	target.ulPropTag = PR_DISPLAY_NAME_W;
	target.ulReserved = 0;
	target.Value.lpszW = "Lena";
	rows = NULL;
	status = dcerpc_NspiSeekEntries(b, mem_ctx, &h, 0, &stat, &target, NULL,
					names_tags, &rows, &result);
	client_say(c, "nsp SeekEntries(Lena) status %s result 0x%08x current 0x%x pos %u/%u",
		   nt_errstr(status), (unsigned)result, stat.CurrentRec, stat.NumPos,
		   stat.TotalRecs);
	say_rows(c, mem_ctx, "  seek", rows);

	client_nspi_stat_init(&stat);
	rows = NULL;
	status = dcerpc_NspiGetMatches(b, mem_ctx, &h, 0, &stat, NULL, 0,
				       nested_filter(mem_ctx), NULL, 100, &mids, names_tags,
				       &rows, &result);
	client_say(c, "nsp GetMatches(nested) status %s result 0x%08x", nt_errstr(status),
		   (unsigned)result);
	say_mids(c, mem_ctx, "  mids", mids);
	say_rows(c, mem_ctx, "  match", rows);
	mids = NULL;
	status = dcerpc_NspiGetMatches(b, mem_ctx, &h, 0, &stat, NULL, 0,
				       nested_filter(mem_ctx), NULL, 2, &mids, NULL,
				       &rows, &result);
	client_say(c, "nsp GetMatches(nested, at most 2) status %s result 0x%08x",
		   nt_errstr(status), (unsigned)result);

	client_nspi_stat_init(&stat);
	mids = NULL;
	rows = NULL;
	status = dcerpc_NspiResolveNamesW(b, mem_ctx, &h, 0, &stat, names_tags, &wstrs,
					  &mids, &rows, &result);
	client_say(c, "nsp ResolveNamesW(%s, Lena, nobody-such-name) status %s result 0x%08x",
		   wnames[0], nt_errstr(status), (unsigned)result);
	say_mids(c, mem_ctx, "  mids", mids);
	say_rows(c, mem_ctx, "  resolved", rows);
	if (mids != NULL && mids->cValues > 0) {
		alice = mids->aulPropTag[0];
	}
	dns[0] = (rows != NULL && rows->cRows > 0 && rows->aRow[0].cValues > 1 &&
		  rows->aRow[0].lpProps[1].ulPropTag == PR_EMAIL_ADDRESS_W)
		? rows->aRow[0].lpProps[1].Value.lpszW : "/o=none";
	mids = NULL;
	rows = NULL;
	status = dcerpc_NspiResolveNames(b, mem_ctx, &h, 0, &stat, NULL, &astrs, &mids,
					 &rows, &result);
	client_say(c, "nsp ResolveNames(bob) status %s result 0x%08x", nt_errstr(status),
		   (unsigned)result);
	say_mids(c, mem_ctx, "  mids", mids);
	say_rows(c, mem_ctx, "  resolved", rows);
	if (mids != NULL && mids->cValues > 0) {
		bob = mids->aulPropTag[0];
	}

	dns[1] = "/o=First Organization/ou=Nowhere/cn=Recipients/cn=nobody";
	mids = NULL;
	status = dcerpc_NspiDNToMId(b, mem_ctx, &h, 0, &dnstrs, &mids, &result);
	client_say(c, "nsp DNToMId(%s, unknown) status %s result 0x%08x", dns[0],
		   nt_errstr(status), (unsigned)result);
	say_mids(c, mem_ctx, "  mids", mids);

	client_nspi_stat_init(&stat);
	stat.CurrentRec = alice;
	status = dcerpc_NspiGetProps(b, mem_ctx, &h, 0, &stat, NULL, &row, &result);
	client_say(c, "nsp GetProps(all) status %s result 0x%08x", nt_errstr(status),
		   (unsigned)result);
	if (row != NULL) {
		say_row(c, mem_ctx, "  props", row);
	}
	row = NULL;
	status = dcerpc_NspiGetProps(b, mem_ctx, &h, 0x2 /* fEphID */, &stat,
				     client_prop_tags(mem_ctx, 1, (const uint32_t[]){ PR_ENTRYID }),
				     &row, &result);
	client_say(c, "nsp GetProps(ephemeral entry id) status %s result 0x%08x",
		   nt_errstr(status), (unsigned)result);
	if (row != NULL) {
		say_row(c, mem_ctx, "  props", row);
	}

	status = dcerpc_NspiCompareMIds(b, mem_ctx, &h, 0, &stat, alice, bob, &cmp, &result);
	client_say(c, "nsp CompareMIds(alice, bob) status %s result 0x%08x order %d",
		   nt_errstr(status), (unsigned)result, (int)cmp);
	status = dcerpc_NspiCompareMIds(b, mem_ctx, &h, 0, &stat, alice, 0x7fffff00, &cmp,
					&result);
	client_say(c, "nsp CompareMIds(alice, unknown) status %s result 0x%08x",
		   nt_errstr(status), (unsigned)result);

	status = dcerpc_NspiModProps(b, mem_ctx, &h, 0, &stat, NULL,
				     &(struct PropertyRow_r){ 0, 0, NULL }, &result);
	client_say(c, "nsp ModProps status %s result 0x%08x", nt_errstr(status),
		   (unsigned)result);

	status = dcerpc_NspiUnbind(b, mem_ctx, &h, 0, &result);
	client_say(c, "nsp Unbind status %s result 0x%08x", nt_errstr(status),
		   (unsigned)result);
	talloc_free(p);
	return 0;
}

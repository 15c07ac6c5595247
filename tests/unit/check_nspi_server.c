/*
 * The NSPI server's directory model, restriction evaluation, STAT
 * positioning and a few answers, against an ldb file built here with
 * entries shaped like Samba's (objectGUID, uSNCreated, objectClass chains),
 * so no samba instance is needed.
 */
#include "config.h"
#include <check.h>
#include "suite_main.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mapiproxy/servers/nspi/nspi.h"

#define BASE "DC=example,DC=com"
#define PREFIX "/o=Org/ou=Group/cn=Recipients"
#define HOME "/o=Org/ou=Group/cn=Configuration/cn=Servers/cn=DC1/cn=Microsoft Private MDB"

static TALLOC_CTX *mem;
static struct tevent_context *ev;
static char dirpath[64];
static char *url;
static struct nspi_directory *dir;

/* Add one object; classes is a comma-separated objectClass chain. */
static void add(struct ldb_context *ldb, const char *cn, const char *classes,
		unsigned usn, const char *account, const char *mail, const char *extra_attr,
		const char *extra_value)
{
	struct ldb_message *msg = ldb_msg_new(mem);
	uint8_t guid[16];
	char *list = talloc_strdup(mem, classes), *tok, *save = NULL;
	struct ldb_val gv;
	int i;

	msg->dn = ldb_dn_new_fmt(msg, ldb, "CN=%s,CN=Users," BASE, cn);
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		ldb_msg_add_string(msg, "objectClass", tok);
	}
	for (i = 0; i < 16; i++) {
		guid[i] = (uint8_t)(usn + i);
	}
	gv = data_blob_const(guid, 16);
	ldb_msg_add_value(msg, "objectGUID", &gv, NULL);
	ldb_msg_add_fmt(msg, "uSNCreated", "%u", usn);
	ldb_msg_add_string(msg, "cn", cn);
	ldb_msg_add_string(msg, "displayName", cn);
	if (account) {
		ldb_msg_add_string(msg, "sAMAccountName", account);
	}
	if (mail) {
		ldb_msg_add_string(msg, "mail", mail);
		ldb_msg_add_fmt(msg, "proxyAddresses", "SMTP:%s", mail);
	}
	if (extra_attr) {
		ldb_msg_add_string(msg, extra_attr, extra_value);
	}
	ck_assert_int_eq(ldb_add(ldb, msg), LDB_SUCCESS);
}

static struct ldb_context *writer(void)
{
	const char *options[] = { "modules:", NULL };
	struct ldb_context *ldb = ldb_init(mem, ev);

	ck_assert_int_eq(ldb_connect(ldb, url, 0, options), LDB_SUCCESS);
	return ldb;
}

static void setup(void)
{
	struct ldb_context *ldb;
	struct ldb_message *msg;
	static const uint8_t dom_guid[16] = { 0xd0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
					      12, 13, 14, 0xdf };
	struct ldb_val gv = data_blob_const(dom_guid, 16);

	mem = talloc_new(NULL);
	ev = tevent_context_init(mem);
	strcpy(dirpath, "/tmp/check_nspi.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dirpath));
	url = talloc_asprintf(mem, "tdb://%s/dom.ldb", dirpath);
	ldb = writer();
	msg = ldb_msg_new(mem);
	msg->dn = ldb_dn_new(msg, ldb, BASE);
	ldb_msg_add_string(msg, "objectClass", "domainDNS");
	ldb_msg_add_value(msg, "objectGUID", &gv, NULL);
	ck_assert_int_eq(ldb_add(ldb, msg), LDB_SUCCESS);
	add(ldb, "Bob Test", "top,person,organizationalPerson,user", 101, "bob",
	    "bob@example.com", "sn", "Test");
	add(ldb, "Alice Test", "top,person,organizationalPerson,user", 100, "alice",
	    "alice@example.com", "givenName", "Alice");
	add(ldb, "Boris Brandt", "top,person,organizationalPerson,user", 102, "u1",
	    "boris@example.com", "sn", "Brandt");
	add(ldb, "All Staff", "top,group", 103, "all-staff", "all@example.com", NULL, NULL);
	add(ldb, "Zed Partner", "top,person,organizationalPerson,contact", 104, NULL,
	    "zed@partner.example", NULL, NULL);
	/* not in the GAL: no mail, a computer, a deleted object */
	add(ldb, "Carl Nomail", "top,person,organizationalPerson,user", 105, "carl", NULL,
	    NULL, NULL);
	add(ldb, "PC1", "top,person,organizationalPerson,user,computer", 106, "PC1$",
	    "pc1@example.com", NULL, NULL);
	add(ldb, "Gone", "top,person,organizationalPerson,user", 107, "gone",
	    "gone@example.com", "isDeleted", "TRUE");
	talloc_free(ldb);
	dir = nspi_directory_open(mem, ev, url, BASE, PREFIX, HOME);
	ck_assert_ptr_nonnull(dir);
}

static void teardown(void)
{
	char *cmd = talloc_asprintf(mem, "rm -rf '%s'", dirpath);

	talloc_free(dir);
	ck_assert_int_eq(system(cmd), 0);
	talloc_free(mem);
}

START_TEST(gal_holds_mail_recipients_sorted_by_display_name)
{
	static const char *const names[] = { "Alice Test", "All Staff", "Bob Test",
					     "Boris Brandt", "Zed Partner" };
	uint32_t i;

	ck_assert_uint_eq(dir->count, 5);
	for (i = 0; i < 5; i++) {
		ck_assert_str_eq(dir->entries[i].display_name, names[i]);
	}
	/* MIds are the objects' uSNCreated */
	ck_assert_uint_eq(dir->entries[0].mid, 100);
	ck_assert_int_eq(dir->entries[1].kind, NSPI_GROUP);
	ck_assert_int_eq(dir->entries[4].kind, NSPI_CONTACT);
	ck_assert_str_eq(dir->entries[0].legacy_dn, PREFIX "/cn=alice");
	/* a contact has no account: its objectGUID (bytes 104..119) names it */
	ck_assert_str_eq(dir->entries[4].legacy_dn,
			 PREFIX "/cn=68696a6b6c6d6e6f7071727374757677");
	ck_assert_ptr_eq(nspi_directory_by_dn(dir, PREFIX "/CN=BOB"), &dir->entries[2]);
	ck_assert_ptr_eq(nspi_directory_by_mid(dir, 104, NULL), &dir->entries[4]);
	ck_assert_ptr_null(nspi_directory_by_mid(dir, 105, NULL));
	/* the server GUID is the domain's objectGUID */
	ck_assert_uint_eq(dir->server_guid[0], 0xd0);
	ck_assert_uint_eq(dir->server_guid[15], 0xdf);
}
END_TEST

START_TEST(new_users_appear_after_a_refresh)
{
	struct ldb_context *ldb = writer();

	ck_assert(nspi_directory_refresh(dir));
	ck_assert_uint_eq(dir->count, 5);
	add(ldb, "Aaron New", "top,person,organizationalPerson,user", 200, "aaron",
	    "aaron@example.com", NULL, NULL);
	talloc_free(ldb);
	ck_assert(nspi_directory_refresh(dir));
	ck_assert_uint_eq(dir->count, 6);
	ck_assert_str_eq(dir->entries[0].display_name, "Aaron New");
	/* the others keep their MIds */
	ck_assert_ptr_nonnull(nspi_directory_by_mid(dir, 100, NULL));
	ck_assert_str_eq(nspi_directory_by_mid(dir, 100, NULL)->account, "alice");
}
END_TEST

static const uint32_t table[] = { 100, 103, 101, 102, 104 };

static struct STAT stat_at(uint32_t cur, int32_t delta, uint32_t numpos, uint32_t total)
{
	struct STAT s;

	memset(&s, 0, sizeof(s));
	s.CurrentRec = cur;
	s.Delta = delta;
	s.NumPos = numpos;
	s.TotalRecs = total;
	return s;
}

/* MS-NSPI 3.1.4.5: absolute and fractional positioning, then Delta */
START_TEST(stat_positions_as_the_specification_says)
{
	struct STAT s;
	uint32_t pos;
	int32_t moved;

	s = stat_at(MID_BEGINNING_OF_TABLE, 2, 0, 0);
	ck_assert_int_eq(nspi_stat_locate(table, 5, &s, &pos, &moved), MAPI_E_SUCCESS);
	ck_assert_uint_eq(pos, 2);
	ck_assert_int_eq(moved, 2);
	s = stat_at(MID_END_OF_TABLE, -1, 0, 0);
	nspi_stat_locate(table, 5, &s, &pos, &moved);
	ck_assert_uint_eq(pos, 4);
	/* absolute: the row of the MId, then Delta, clamped at either end */
	s = stat_at(101, 10, 0, 0);
	nspi_stat_locate(table, 5, &s, &pos, &moved);
	ck_assert_uint_eq(pos, 5);
	ck_assert_int_eq(moved, 3);
	s = stat_at(101, -10, 0, 0);
	nspi_stat_locate(table, 5, &s, &pos, &moved);
	ck_assert_uint_eq(pos, 0);
	ck_assert_int_eq(moved, -2);
	/* fractional: NumPos/TotalRecs of this table's size, truncated */
	s = stat_at(MID_CURRENT, 0, 50, 100);
	nspi_stat_locate(table, 5, &s, &pos, NULL);
	ck_assert_uint_eq(pos, 2);
	s = stat_at(MID_CURRENT, 0, 500, 100);
	nspi_stat_locate(table, 5, &s, &pos, NULL);
	ck_assert_uint_eq(pos, 5);
	s = stat_at(MID_CURRENT, 0, 7, 0);
	nspi_stat_locate(table, 5, &s, &pos, NULL);
	ck_assert_uint_eq(pos, 0);
	/* a MId not in the table */
	s = stat_at(999, 0, 0, 0);
	ck_assert_int_eq(nspi_stat_locate(table, 5, &s, &pos, NULL), MAPI_E_NOT_FOUND);
}
END_TEST

START_TEST(stat_reports_row_or_end_of_table)
{
	struct STAT s = stat_at(101, 3, 0, 0);

	nspi_stat_report(&s, table, 5, 1);
	ck_assert_uint_eq(s.CurrentRec, 103);
	ck_assert_int_eq(s.Delta, 0);
	ck_assert_uint_eq(s.NumPos, 1);
	ck_assert_uint_eq(s.TotalRecs, 5);
	nspi_stat_report(&s, table, 5, 5);
	ck_assert_uint_eq(s.CurrentRec, MID_END_OF_TABLE);
	ck_assert_uint_eq(s.NumPos, 5);
}
END_TEST

#define DISPLAY_NAME_W PROP_TAG(PT_UNICODE, 0x3001)
#define SMTP_W PROP_TAG(PT_UNICODE, 0x39FE)
#define SURNAME_W PROP_TAG(PT_UNICODE, 0x3A11)
#define DISPLAY_TYPE PROP_TAG(PT_LONG, 0x3900)

/* The MIds of the GAL entries matching res, as a string "100 103 ...". */
static const char *matches(const struct Restriction_r *res, enum MAPISTATUS *st)
{
	char *s = talloc_strdup(mem, "");
	uint32_t i;

	*st = MAPI_E_SUCCESS;
	for (i = 0; i < dir->count; i++) {
		bool m = false;

		*st = nspi_restriction_match(dir, &dir->entries[i], res, 1252, &m);
		if (*st != MAPI_E_SUCCESS) {
			return NULL;
		}
		if (m) {
			s = talloc_asprintf_append(s, "%s%u", *s ? " " : "", dir->entries[i].mid);
		}
	}
	return s;
}

static struct Restriction_r content(uint32_t tag, uint32_t fuzzy, const char *str)
{
	struct Restriction_r r;
	struct PropertyValue_r *v = talloc_zero(mem, struct PropertyValue_r);

	memset(&r, 0, sizeof(r));
	v->ulPropTag = tag;
	if (PROP_TYPE(tag) == PT_STRING8) {
		v->Value.lpszA = str;
	} else {
		v->Value.lpszW = str;
	}
	r.rt = 3;
	r.res.resContent.ulFuzzyLevel = fuzzy;
	r.res.resContent.ulPropTag = tag;
	r.res.resContent.lpProp = v;
	return r;
}

static struct Restriction_r prop_long(uint32_t relop, uint32_t tag, int32_t l)
{
	struct Restriction_r r;
	struct PropertyValue_r *v = talloc_zero(mem, struct PropertyValue_r);

	memset(&r, 0, sizeof(r));
	v->ulPropTag = tag;
	v->Value.l = l;
	r.rt = 4;
	r.res.resProperty.relop = relop;
	r.res.resProperty.ulPropTag = tag;
	r.res.resProperty.lpProp = v;
	return r;
}

START_TEST(restrictions_content_property_exist_bitmask)
{
	struct Restriction_r r;
	enum MAPISTATUS st;

	/* FL_PREFIX | FL_IGNORECASE on the display name */
	r = content(DISPLAY_NAME_W, 0x00010002, "bo");
	ck_assert_str_eq(matches(&r, &st), "101 102");
	/* FL_SUBSTRING, 8-bit value in the code page */
	r = content(PROP_TAG(PT_STRING8, 0x39FE), 0x00010001, "PARTNER");
	ck_assert_str_eq(matches(&r, &st), "104");
	/* FL_FULLSTRING */
	r = content(SMTP_W, 0, "bob@example.com");
	ck_assert_str_eq(matches(&r, &st), "101");
	/* RELOP_GE on the display type: lists (1) and remote users (6) */
	r = prop_long(3, DISPLAY_TYPE, 1);
	ck_assert_str_eq(matches(&r, &st), "103 104");
	/* exist: only Bob and Boris have a surname */
	memset(&r, 0, sizeof(r));
	r.rt = 8;
	r.res.resExist.ulPropTag = SURNAME_W;
	ck_assert_str_eq(matches(&r, &st), "101 102");
	/* BMR_NEZ display type & 0x6: the contact only */
	memset(&r, 0, sizeof(r));
	r.rt = 6;
	r.res.resBitMask.relBMR = 1;
	r.res.resBitMask.ulPropTag = DISPLAY_TYPE;
	r.res.resBitMask.ulMask = 0x6;
	ck_assert_str_eq(matches(&r, &st), "104");
	/* size: display names under 20 bytes as UTF-16 with the NUL ("Bob Test": 18) */
	memset(&r, 0, sizeof(r));
	r.rt = 7;
	r.res.resSize.relop = 0;
	r.res.resSize.ulPropTag = DISPLAY_NAME_W;
	r.res.resSize.cb = 20;
	ck_assert_str_eq(matches(&r, &st), "101");
}
END_TEST

START_TEST(restrictions_nest_and_refuse_what_they_cannot_do)
{
	struct Restriction_r top, and2[2], or2[2], notr, *leaf;
	enum MAPISTATUS st;

	/* (name starts "A" or surname exists) and not a distribution list */
	or2[0] = content(DISPLAY_NAME_W, 0x00010002, "a");
	memset(&or2[1], 0, sizeof(or2[1]));
	or2[1].rt = 8;
	or2[1].res.resExist.ulPropTag = SURNAME_W;
	leaf = talloc(mem, struct Restriction_r);
	*leaf = prop_long(4, DISPLAY_TYPE, DT_DISTLIST);
	memset(&notr, 0, sizeof(notr));
	notr.rt = 2;
	notr.res.resNot.lpRes = leaf;
	memset(and2, 0, sizeof(and2));
	and2[0].rt = 1;
	and2[0].res.resOr.cRes = 2;
	and2[0].res.resOr.lpRes = or2;
	and2[1] = notr;
	memset(&top, 0, sizeof(top));
	top.rt = 0;
	top.res.resAnd.cRes = 2;
	top.res.resAnd.lpRes = and2;
	ck_assert_str_eq(matches(&top, &st), "100 101 102");

	/* compare props: given name vs display name, only Alice has both */
	memset(&top, 0, sizeof(top));
	top.rt = 5;
	top.res.resCompareProps.relop = 0;
	top.res.resCompareProps.ulPropTag1 = PROP_TAG(PT_UNICODE, 0x3A06);
	top.res.resCompareProps.ulPropTag2 = DISPLAY_NAME_W;
	ck_assert_str_eq(matches(&top, &st), "100");

	/* sub-object restrictions and RELOP_RE: MS-NSPI's TooComplex */
	memset(&top, 0, sizeof(top));
	top.rt = 9;
	top.res.resSubRestriction.lpRes = leaf;
	ck_assert_ptr_null(matches(&top, &st));
	ck_assert_uint_eq(st, NSPI_E_TOO_COMPLEX);
	top = prop_long(6, DISPLAY_TYPE, 0);
	ck_assert_ptr_null(matches(&top, &st));
	ck_assert_uint_eq(st, NSPI_E_TOO_COMPLEX);
	/* an unknown restriction type, a NULL value */
	memset(&top, 0, sizeof(top));
	top.rt = 42;
	ck_assert_ptr_null(matches(&top, &st));
	ck_assert_uint_eq(st, MAPI_E_INVALID_PARAMETER);
	top = prop_long(4, DISPLAY_TYPE, 0);
	top.res.resProperty.lpProp = NULL;
	ck_assert_ptr_null(matches(&top, &st));
	ck_assert_uint_eq(st, MAPI_E_INVALID_PARAMETER);
}
END_TEST

START_TEST(names_resolve_unique_ambiguous_unknown)
{
	ck_assert_uint_eq(nspi_resolve_name(dir, "alice"), 100);
	ck_assert_uint_eq(nspi_resolve_name(dir, "SMTP:BOB@example.com"), 101);
	ck_assert_uint_eq(nspi_resolve_name(dir, PREFIX "/cn=u1"), 102);
	/* "Bo": Bob Test and Boris Brandt */
	ck_assert_uint_eq(nspi_resolve_name(dir, "Bo"), MID_AMBIGUOUS);
	/* an exact account beats prefixes of others' names */
	ck_assert_uint_eq(nspi_resolve_name(dir, "bob"), 101);
	ck_assert_uint_eq(nspi_resolve_name(dir, "nobody"), MID_UNRESOLVED);
	ck_assert_uint_eq(nspi_resolve_name(dir, ""), MID_UNRESOLVED);
}
END_TEST

/* MS-NSPI 2.2.9.2 EphemeralEntryID: 0x87, R1-R3, ProviderUID (the server
 * GUID), R4 = 1, DisplayType, MId, little-endian. */
START_TEST(ephemeral_entry_id_bytes)
{
	static const uint8_t guid[16] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
					  0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00 };
	static const uint8_t want[32] = {
		0x87, 0x00, 0x00, 0x00,
		0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
		0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00,
		0x01, 0x00, 0x00, 0x00,
		0x06, 0x00, 0x00, 0x00,
		0x34, 0x12, 0x00, 0x00 };
	DATA_BLOB b = nspi_ephemeral_entryid(mem, guid, DT_REMOTE_MAILUSER, 0x1234);

	ck_assert_uint_eq(b.length, 32);
	ck_assert_mem_eq(b.data, want, 32);
}
END_TEST

/* 2.2.9.3 PermanentEntryID of the GAL: GUID_NSPI
 * {C840A7DC-42C0-1A10-B4B9-08002B2FE182}, DT_CONTAINER, DN "/". */
START_TEST(permanent_entry_id_bytes)
{
	static const uint8_t want[30] = {
		0x00, 0x00, 0x00, 0x00,
		0xDC, 0xA7, 0x40, 0xC8, 0xC0, 0x42, 0x10, 0x1A,
		0xB4, 0xB9, 0x08, 0x00, 0x2B, 0x2F, 0xE1, 0x82,
		0x01, 0x00, 0x00, 0x00,
		0x00, 0x01, 0x00, 0x00,
		'/', 0x00 };
	DATA_BLOB b = nspi_permanent_entryid(mem, DT_CONTAINER, "/");

	ck_assert_uint_eq(b.length, 30);
	ck_assert_mem_eq(b.data, want, 30);
}
END_TEST

START_TEST(strings_in_the_code_page_asked_for)
{
	char *s = nspi_utf8_to_cp(mem, "Zo\xc3\xab \xe2\x82\xac", 1252);

	/* CP1252: e-diaeresis 0xEB, euro 0x80 */
	ck_assert_str_eq(s, "Zo\xeb \x80");
	/* not in ISO-8859-1: '?' */
	ck_assert_str_eq(nspi_utf8_to_cp(mem, "\xe2\x82\xac!", 28591), "?!");
	ck_assert_str_eq(nspi_cp_to_utf8(mem, "Zo\xeb", 1252), "Zo\xc3\xab");
	ck_assert(!nspi_codepage_supported(CP_WINUNICODE));
	ck_assert(nspi_codepage_supported(1252));
}
END_TEST

START_TEST(query_rows_pages_and_moves_the_position)
{
	struct nspi_server srv = { .dir = dir };
	struct nspi_session sess = { .srv = &srv, .codepage = 1252 };
	struct STAT stat;
	struct PropertyRowSet_r *rows = NULL;
	struct NspiQueryRows r;
	uint32_t cols[] = { PROP_TAG(PT_STRING8, 0x3001), PROP_TAG(PT_UNICODE, 0x3A00) };
	struct PropertyTagArray_r tags = { 2, cols };

	memset(&r, 0, sizeof(r));
	memset(&stat, 0, sizeof(stat));
	stat.CodePage = 1252;
	r.in.pStat = &stat;
	r.in.Count = 3;
	r.in.pPropTags = &tags;
	r.out.ppRows = &rows;
	ck_assert_uint_eq(nspi_query_rows(&sess, mem, &r), MAPI_E_SUCCESS);
	ck_assert_uint_eq(rows->cRows, 3);
	ck_assert_str_eq(rows->aRow[0].lpProps[0].Value.lpszA, "Alice Test");
	ck_assert_str_eq(rows->aRow[0].lpProps[1].Value.lpszW, "alice");
	/* the contact has no account: PT_ERROR, NotFound */
	ck_assert_uint_eq(stat.CurrentRec, 102);
	ck_assert_uint_eq(stat.NumPos, 3);
	ck_assert_uint_eq(nspi_query_rows(&sess, mem, &r), MAPI_E_SUCCESS);
	ck_assert_uint_eq(rows->cRows, 2);
	ck_assert_uint_eq(rows->aRow[1].lpProps[1].ulPropTag, PROP_TAG(PT_ERROR, 0x3A00));
	ck_assert_uint_eq(rows->aRow[1].lpProps[1].Value.err, MAPI_E_NOT_FOUND);
	ck_assert_uint_eq(stat.CurrentRec, MID_END_OF_TABLE);
	ck_assert_uint_eq(stat.TotalRecs, 5);
	/* Count 0, a container that does not exist */
	r.in.Count = 0;
	ck_assert_uint_eq(nspi_query_rows(&sess, mem, &r), MAPI_E_INVALID_PARAMETER);
	r.in.Count = 1;
	stat.ContainerID = 77;
	ck_assert_uint_eq(nspi_query_rows(&sess, mem, &r), MAPI_E_INVALID_BOOKMARK);
}
END_TEST

START_TEST(get_matches_caps_at_ul_requested)
{
	struct nspi_server srv = { .dir = dir };
	struct nspi_session sess = { .srv = &srv, .codepage = 1252 };
	struct STAT stat;
	struct PropertyTagArray_r *mids = NULL;
	struct PropertyRowSet_r *rows = NULL;
	struct NspiGetMatches r;
	struct Restriction_r f = content(DISPLAY_NAME_W, 0x00010002, "bo");

	memset(&r, 0, sizeof(r));
	memset(&stat, 0, sizeof(stat));
	stat.CodePage = 1252;
	r.in.pStat = &stat;
	r.in.Filter = &f;
	r.in.ulRequested = 5;
	r.out.ppOutMIds = &mids;
	r.out.ppRows = &rows;
	ck_assert_uint_eq(nspi_get_matches(&sess, mem, &r), MAPI_E_SUCCESS);
	ck_assert_uint_eq(mids->cValues, 2);
	ck_assert_uint_eq(mids->aulPropTag[0], 101);
	r.in.ulRequested = 1;
	ck_assert_uint_eq(nspi_get_matches(&sess, mem, &r), MAPI_E_TABLE_TOO_BIG);
	r.in.Filter = NULL;
	ck_assert_uint_eq(nspi_get_matches(&sess, mem, &r), NSPI_E_TOO_COMPLEX);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("nspi_server");
	TCase *tc = tcase_create("model");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, gal_holds_mail_recipients_sorted_by_display_name);
	tcase_add_test(tc, new_users_appear_after_a_refresh);
	tcase_add_test(tc, stat_positions_as_the_specification_says);
	tcase_add_test(tc, stat_reports_row_or_end_of_table);
	tcase_add_test(tc, restrictions_content_property_exist_bitmask);
	tcase_add_test(tc, restrictions_nest_and_refuse_what_they_cannot_do);
	tcase_add_test(tc, names_resolve_unique_ambiguous_unknown);
	tcase_add_test(tc, ephemeral_entry_id_bytes);
	tcase_add_test(tc, permanent_entry_id_bytes);
	tcase_add_test(tc, strings_in_the_code_page_asked_for);
	tcase_add_test(tc, query_rows_pages_and_moves_the_position);
	tcase_add_test(tc, get_matches_caps_at_ul_requested);
	suite_add_tcase(s, tc);
	return check_main(s);
}

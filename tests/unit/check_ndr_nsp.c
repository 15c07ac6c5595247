/*
 * NSPI (MS-NSPI) wire format.  Every vector here is built by hand from the
 * NDR20 rules (C706 chapter 14, MS-RPCE 2.2.5) and the IDL of MS-NSPI 2.2
 * and 3.1.4.1, never produced by our encoder: alignment, conformant and
 * conformant-varying arrays, unique pointers with Windows' referent ids
 * (0x00020000, +4 per pointer), deferred pointees, embedded 8-bit and
 * UTF-16 strings, unions with their discriminants, nested restrictions.
 */
#include "config.h"
#include <check.h>
#include "suite_main.h"
#include <stdlib.h>
#include <string.h>
#include "gen_ndr/ndr_exchange_nsp.h"
#include "ndr_test_util.h"

#define T (&ndr_table_exchange_nsp)
#define U32(v) (uint8_t)((v) & 0xff), (uint8_t)(((v) >> 8) & 0xff), \
	(uint8_t)(((v) >> 16) & 0xff), (uint8_t)(((uint32_t)(v) >> 24) & 0xff)
#define HANDLE 0x00, 0x00, 0x00, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, \
	0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00
/* STAT (2.2.8): SortType 0, ContainerID 0, CurrentRec 0 (MID_BEGINNING_OF_TABLE),
 * Delta 0, NumPos 0, TotalRecs 0, CodePage 1252, TemplateLocale and
 * SortLocale 1033 */
#define STAT_BYTES U32(0), U32(0), U32(0), U32(0), U32(0), U32(0), U32(1252), U32(1033), U32(1033)

static const uint8_t bind_in[] = {
	U32(0),				/* dwFlags */
	STAT_BYTES,			/* pStat: top-level [ref], no referent id */
	U32(0x00020000),		/* pServerGuid: unique, present */
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
	0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
};

static const uint8_t bind_out[] = {
	U32(0x00020000),
	0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8,
	0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0,
	HANDLE,				/* [out,ref] context handle: 20 bytes */
	U32(0),				/* result */
};

/* NspiQueryRows request: lpETable is a unique pointer to a conformant
 * array; pPropTags points to a conformant varying structure whose max
 * count (cValues + 1) comes before the structure's other fields. */
static const uint8_t queryrows_in[] = {
	HANDLE,
	U32(0),				/* dwFlags */
	STAT_BYTES,
	U32(2),				/* dwETableCount */
	U32(0x00020000), U32(2), U32(0x11), U32(0x22),	/* lpETable */
	U32(5),				/* Count */
	U32(0x00020004),		/* pPropTags */
	U32(3),				/* max count = cValues + 1 */
	U32(2),				/* cValues */
	U32(0), U32(2),			/* offset, actual count */
	U32(0x3001001F), U32(0x0FFE0003),
};

/* NspiQueryRows answer: one row of three values.  The row's lpProps is
 * deferred after the row set; each value's union carries its property type
 * as discriminant; the UTF-16 string is deferred after all values; the
 * 16-bit value is padded to the next 32-bit boundary. */
static const uint8_t queryrows_out[] = {
	STAT_BYTES,
	U32(0x00020000),		/* *ppRows */
	U32(1),				/* aRow max count (cRows) */
	U32(1),				/* cRows */
	U32(0), U32(3), U32(0x00020004),	/* aRow[0]: Reserved, cValues, lpProps */
	U32(3),				/* lpProps max count */
	U32(0x3001001F), U32(0), U32(0x1F), U32(0x00020008),	/* PR_DISPLAY_NAME_W */
	U32(0x0FFE0003), U32(0), U32(0x03), U32(6),		/* PR_OBJECT_TYPE = 6 */
	U32(0x39000002), U32(0), U32(0x02), 0xfe, 0xff, 0x00, 0x00, /* int16 -2, pad */
	U32(3), U32(0), U32(3), 'A', 0, 'B', 0, 0, 0,		/* L"AB" */
	0x00, 0x00,			/* align to 4 */
	U32(0),				/* result */
};

/* NspiGetMatches request with a filter: AND(EXIST(tag), PROPERTY(EQ, tag,
 * "ab")).  The AND's array of restrictions is deferred; its elements'
 * scalars come first, then the PROPERTY's value, then that value's string. */
static const uint8_t getmatches_in[] = {
	HANDLE,
	U32(0),				/* Reserved1 */
	STAT_BYTES,
	U32(0),				/* pReserved: NULL */
	U32(0),				/* Reserved2 */
	U32(0x00020000),		/* Filter */
	U32(0), U32(0), U32(2), U32(0x00020004),	/* rt AND, discriminant, cRes, lpRes */
	U32(2),				/* lpRes max count */
	U32(8), U32(8), U32(0), U32(0x3001001E), U32(0),	/* EXIST */
	U32(4), U32(4), U32(4), U32(0x3001001E), U32(0x00020008), /* PROPERTY EQ */
	U32(0x3001001E), U32(0), U32(0x1E), U32(0x0002000C),	/* its value */
	U32(3), U32(0), U32(3), 'a', 'b', 0,	/* "ab" */
	0x00,				/* align to 4 */
	U32(0),				/* lpPropName: NULL */
	U32(50),			/* ulRequested */
	U32(0),				/* pPropTags: NULL */
};

/* NspiDNToMId request: StringsArray_r ends with a conformant array of
 * string pointers, so its max count leads the structure. */
static const uint8_t dntomid_in[] = {
	HANDLE,
	U32(0),				/* Reserved */
	U32(2),				/* Strings max count */
	U32(2),				/* Count */
	U32(0x00020000), U32(0x00020004),
	U32(3), U32(0), U32(3), '/', 'o', 0, 0x00,
	U32(2), U32(0), U32(2), 'x', 0,
};

/* NspiGetIDsFromNames request: a top-level conformant array of unique
 * pointers; referent ids first, then the pointees. */
static const uint8_t getids_in[] = {
	HANDLE,
	U32(0), U32(2),			/* Reserved, dwFlags */
	U32(2),				/* cPropNames */
	U32(2), U32(0x00020000), U32(0x00020004),
	U32(0x00020008), U32(0), U32(0x8001),		/* pNames[0]: lpguid, reserved, lID */
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
	0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
	U32(0), U32(0), U32(0x8002),			/* pNames[1]: no guid */
};

START_TEST(table_has_all_21_methods)
{
	static const char *names[] = {
		"NspiBind", "NspiUnbind", "NspiUpdateStat", "NspiQueryRows",
		"NspiSeekEntries", "NspiGetMatches", "NspiResortRestriction",
		"NspiDNToMId", "NspiGetPropList", "NspiGetProps", "NspiCompareMIds",
		"NspiModProps", "NspiGetSpecialTable", "NspiGetTemplateInfo",
		"NspiModLinkAtt", "NspiDeleteEntries", "NspiQueryColumns",
		"NspiGetNamesFromIDs", "NspiGetIDsFromNames", "NspiResolveNames",
		"NspiResolveNamesW",
	};
	struct GUID want;
	uint32_t i;

	ck_assert_uint_eq(T->num_calls, 21);
	for (i = 0; i < 21; i++) {
		ck_assert_str_eq(T->calls[i].name, names[i]);
	}
	ck_assert(NT_STATUS_IS_OK(GUID_from_string("f5cc5a18-4264-101a-8c59-08002b2f8426", &want)));
	ck_assert(GUID_equal(&T->syntax_id.uuid, &want));
	ck_assert_uint_eq(T->syntax_id.if_version, 56);
	ck_assert_ptr_nonnull(T->endpoints);
	ck_assert_ptr_nonnull(T->authservices);
}
END_TEST

START_TEST(vectors_decode_and_reencode)
{
	ck_assert(ndr_test_roundtrip(T, NDR_NSPIBIND, NDR_IN, bind_in, sizeof(bind_in)));
	ck_assert(ndr_test_roundtrip(T, NDR_NSPIBIND, NDR_OUT, bind_out, sizeof(bind_out)));
	ck_assert(ndr_test_roundtrip(T, NDR_NSPIQUERYROWS, NDR_IN, queryrows_in, sizeof(queryrows_in)));
	ck_assert(ndr_test_roundtrip(T, NDR_NSPIQUERYROWS, NDR_OUT, queryrows_out, sizeof(queryrows_out)));
	ck_assert(ndr_test_roundtrip(T, NDR_NSPIGETMATCHES, NDR_IN, getmatches_in, sizeof(getmatches_in)));
	ck_assert(ndr_test_roundtrip(T, NDR_NSPIDNTOMID, NDR_IN, dntomid_in, sizeof(dntomid_in)));
	ck_assert(ndr_test_roundtrip(T, NDR_NSPIGETIDSFROMNAMES, NDR_IN, getids_in, sizeof(getids_in)));
}
END_TEST

START_TEST(queryrows_values_are_decoded)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	enum ndr_err_code err;
	uint32_t off;
	struct NspiQueryRows *q = ndr_test_pull(mem, T, NDR_NSPIQUERYROWS, NDR_IN, queryrows_in,
						sizeof(queryrows_in), &err, &off);
	struct NspiQueryRows *a = ndr_test_pull(mem, T, NDR_NSPIQUERYROWS, NDR_OUT, queryrows_out,
						sizeof(queryrows_out), &err, &off);
	struct PropertyRow_r *row;

	ck_assert_ptr_nonnull(q);
	ck_assert_uint_eq(q->in.pStat->CodePage, 1252);
	ck_assert_uint_eq(q->in.lpETable[1], 0x22);
	ck_assert_uint_eq(q->in.pPropTags->cValues, 2);
	ck_assert_uint_eq(q->in.pPropTags->aulPropTag[1], 0x0FFE0003);
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq((*a->out.ppRows)->cRows, 1);
	row = &(*a->out.ppRows)->aRow[0];
	ck_assert_uint_eq(row->cValues, 3);
	ck_assert_str_eq(row->lpProps[0].Value.lpszW, "AB");
	ck_assert_int_eq(row->lpProps[1].Value.l, 6);
	ck_assert_int_eq(row->lpProps[2].Value.i, -2);
	talloc_free(mem);
}
END_TEST

START_TEST(restriction_tree_is_decoded)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	enum ndr_err_code err;
	uint32_t off;
	struct NspiGetMatches *m = ndr_test_pull(mem, T, NDR_NSPIGETMATCHES, NDR_IN, getmatches_in,
						 sizeof(getmatches_in), &err, &off);
	struct AndRestriction_r *and_r;

	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->in.Filter->rt, 0);
	and_r = &m->in.Filter->res.resAnd;
	ck_assert_uint_eq(and_r->cRes, 2);
	ck_assert_uint_eq(and_r->lpRes[0].res.resExist.ulPropTag, 0x3001001E);
	ck_assert_str_eq(and_r->lpRes[1].res.resProperty.lpProp->Value.lpszA, "ab");
	ck_assert_uint_eq(m->in.ulRequested, 50);
	talloc_free(mem);
}
END_TEST

static void expect_error(int opnum, int flags, const uint8_t *data, size_t len)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	enum ndr_err_code err;
	uint32_t off;

	ck_assert_ptr_null(ndr_test_pull(mem, T, opnum, flags, data, len, &err, &off));
	ck_assert_int_ne(err, NDR_ERR_SUCCESS);
	talloc_free(mem);
}

START_TEST(wrong_discriminant_is_refused)
{
	uint8_t bad[sizeof(queryrows_out)];

	/* PR_DISPLAY_NAME_W's union says PtypString8 */
	memcpy(bad, queryrows_out, sizeof(bad));
	bad[36 + 4 * 9] = 0x1E;
	expect_error(NDR_NSPIQUERYROWS, NDR_OUT, bad, sizeof(bad));
	/* a property type the union does not have (PtypInteger64) on both sides */
	memcpy(bad, queryrows_out, sizeof(bad));
	bad[36 + 4 * 11] = 0x14;
	bad[36 + 4 * 11 + 1] = 0x00;
	bad[36 + 4 * 13] = 0x14;
	expect_error(NDR_NSPIQUERYROWS, NDR_OUT, bad, sizeof(bad));
}
END_TEST

START_TEST(huge_counts_are_refused)
{
	uint8_t bad[sizeof(queryrows_in)];

	/* pPropTags max count 0xFFFFFFFF: more than the buffer can hold */
	memcpy(bad, queryrows_in, sizeof(bad));
	memset(bad + 20 + 4 + 36 + 4 + 16 + 4 + 4, 0xff, 4);
	expect_error(NDR_NSPIQUERYROWS, NDR_IN, bad, sizeof(bad));
	/* dwETableCount beyond range(0,100000) */
	memcpy(bad, queryrows_in, sizeof(bad));
	bad[20 + 4 + 36 + 2] = 0x10;
	expect_error(NDR_NSPIQUERYROWS, NDR_IN, bad, sizeof(bad));
}
END_TEST

START_TEST(every_truncation_is_an_error)
{
	size_t n;

	for (n = 0; n < sizeof(queryrows_out); n++) {
		expect_error(NDR_NSPIQUERYROWS, NDR_OUT, queryrows_out, n);
	}
	for (n = 0; n < sizeof(getmatches_in); n++) {
		expect_error(NDR_NSPIGETMATCHES, NDR_IN, getmatches_in, n);
	}
}
END_TEST

/* NOT(NOT(...(EXIST))) nested deeper than the decoder's recursion limit */
START_TEST(deep_restrictions_are_refused)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	const size_t depth = 5000;
	size_t head = 20 + 4 + 36 + 4 + 4;
	size_t len = head + 4 + depth * 12 + 20 + 12;
	uint8_t *b = talloc_zero_array(mem, uint8_t, len);
	uint8_t *p = b + head;
	size_t i;
	uint32_t ref = 0x00020000;

#define PUT(v) do { uint32_t _v = (v); memcpy(p, &_v, 4); p += 4; } while (0)
	PUT(ref); ref += 4;			/* Filter */
	for (i = 0; i < depth; i++) {
		PUT(2); PUT(2); PUT(ref); ref += 4;	/* NOT -> next */
	}
	PUT(8); PUT(8); PUT(0); PUT(0x3001001E); PUT(0);
	PUT(0); PUT(0); PUT(0);		/* lpPropName, ulRequested, pPropTags */
#undef PUT
	ck_assert_uint_eq((size_t)(p - b), len);
	expect_error(NDR_NSPIGETMATCHES, NDR_IN, b, len);
	talloc_free(mem);
}
END_TEST

START_TEST(populated_values_round_trip)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct FlatUID_r guid = { .ab = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 } };
	struct FlatUID_r *guids[2] = { &guid, &guid };
	uint8_t bin[3] = { 0xde, 0xad, 0x00 };
	struct Binary_r bins[2] = { { 3, bin }, { 0, NULL } };
	const char *sa[2] = { "x", "yz" };
	const char *sw[2] = { "\xc3\xa9t\xc3\xa9", "w" };
	int16_t shorts[2] = { -1, 7 };
	int32_t longs[2] = { -100000, 3 };
	struct FILETIME ft[2] = { { 1, 2 }, { 3, 4 } };
	struct PropertyValue_r v[] = {
		{ .ulPropTag = 0x00010002, .Value.i = -5 },
		{ .ulPropTag = 0x00020003, .Value.l = 0x12345678 },
		{ .ulPropTag = 0x0003000B, .Value.b = 1 },
		{ .ulPropTag = 0x0004001E, .Value.lpszA = "8-bit \xe9" },
		{ .ulPropTag = 0x00050102, .Value.bin = { 3, bin } },
		{ .ulPropTag = 0x0006001F, .Value.lpszW = "wide \xe2\x82\xac" },
		{ .ulPropTag = 0x00070048, .Value.lpguid = &guid },
		{ .ulPropTag = 0x00080040, .Value.ft = { 0x11, 0x22 } },
		{ .ulPropTag = 0x0009000A, .Value.err = 0x8004010F },
		{ .ulPropTag = 0x000A1002, .Value.MVi = { 2, shorts } },
		{ .ulPropTag = 0x000B1003, .Value.MVl = { 2, longs } },
		{ .ulPropTag = 0x000C101E, .Value.MVszA = { 2, sa } },
		{ .ulPropTag = 0x000D1102, .Value.MVbin = { 2, bins } },
		{ .ulPropTag = 0x000E1048, .Value.MVguid = { 2, guids } },
		{ .ulPropTag = 0x000F101F, .Value.MVszW = { 2, sw } },
		{ .ulPropTag = 0x00101040, .Value.MVft = { 2, ft } },
		{ .ulPropTag = 0x00110001, .Value.lReserved = 0 },
		{ .ulPropTag = 0x0012000D, .Value.lReserved = 0 },
	};
	struct PropertyRowSet_r *rs = talloc_size(mem, sizeof(*rs));
	struct STAT stat = { 1, 2, 3, -4, 5, 6, 1252, 1033, 1036 };
	struct policy_handle h = { 1, { 1, 2, 3, { 4, 5 }, { 6, 7, 8, 9, 10, 11 } } };
	struct PropertyTagArray_r *tags = talloc_size(mem, sizeof(*tags));
	uint32_t tagv[3] = { 0x3001001F, 0x0FFE0003, 0 };
	uint32_t etable[2] = { 9, 10 };
	struct NspiQueryRows q = { { 0 } };

	tags->cValues = 2;
	tags->aulPropTag = tagv;
	rs->cRows = 2;
	rs->aRow = talloc_array(rs, struct PropertyRow_r, 2);
	rs->aRow[0] = (struct PropertyRow_r){ 0, (uint32_t)(sizeof(v) / sizeof(v[0])), v };
	rs->aRow[1] = (struct PropertyRow_r){ 0, 1, v + 3 };
	q.in.handle = &h;
	q.in.dwFlags = 0x2;
	q.in.pStat = &stat;
	q.in.dwETableCount = 2;
	q.in.lpETable = etable;
	q.in.Count = 10;
	q.in.pPropTags = tags;
	q.out.pStat = &stat;
	q.out.ppRows = &rs;
	q.out.result = MAPI_E_SUCCESS;
	ck_assert(ndr_test_roundtrip_struct(T, NDR_NSPIQUERYROWS, NDR_IN, &q));
	ck_assert(ndr_test_roundtrip_struct(T, NDR_NSPIQUERYROWS, NDR_OUT, &q));
	talloc_free(mem);
}
END_TEST

static Suite *nsp_suite(void)
{
	Suite *s = suite_create("ndr_nsp");
	TCase *tc = tcase_create("nsp");

	tcase_add_test(tc, table_has_all_21_methods);
	tcase_add_test(tc, vectors_decode_and_reencode);
	tcase_add_test(tc, queryrows_values_are_decoded);
	tcase_add_test(tc, restriction_tree_is_decoded);
	tcase_add_test(tc, wrong_discriminant_is_refused);
	tcase_add_test(tc, huge_counts_are_refused);
	tcase_add_test(tc, every_truncation_is_an_error);
	tcase_add_test(tc, deep_restrictions_are_refused);
	tcase_add_test(tc, populated_values_round_trip);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_main(nsp_suite());
}

/*
 * Round trip of every function of every interface, in and out, filled by
 * the generated fillers (gen_ndr/ndr_X_fill.c) with non-zero values that
 * reach every union arm: push -> pull -> push gives identical bytes and
 * printing is stable.  This checks the encoder and decoder against each
 * other only; the specification vectors are in check_ndr_{nsp,emsmdb,rfr}.
 */
#include "config.h"
#include <check.h>
#include "suite_main.h"
#include <stdlib.h>
#include "gen_ndr/ndr_exchange_nsp_fill.h"
#include "gen_ndr/ndr_exchange_emsmdb_fill.h"
#include "gen_ndr/ndr_exchange_ds_rfr_fill.h"
#include "ndr_test_util.h"

typedef void (*fill_fn)(TALLOC_CTX *, void *, unsigned, unsigned);

/* The fillers of each table, in opnum order, gathered by name. */
#define F(name) (fill_fn)mpidl_fill_##name
static const fill_fn nsp_fill[] = {
	F(NspiBind), F(NspiUnbind), F(NspiUpdateStat), F(NspiQueryRows),
	F(NspiSeekEntries), F(NspiGetMatches), F(NspiResortRestriction),
	F(NspiDNToMId), F(NspiGetPropList), F(NspiGetProps), F(NspiCompareMIds),
	F(NspiModProps), F(NspiGetSpecialTable), F(NspiGetTemplateInfo),
	F(NspiModLinkAtt), F(NspiDeleteEntries), F(NspiQueryColumns),
	F(NspiGetNamesFromIDs), F(NspiGetIDsFromNames), F(NspiResolveNames),
	F(NspiResolveNamesW),
};
static const fill_fn emsmdb_fill[] = {
	F(EcDoConnect), F(EcDoDisconnect), F(EcDoRpc),
	F(Opnum3NotUsedOnWire), F(EcRRegisterPushNotification),
	F(Opnum5NotUsedOnWire), F(EcDummyRpc), F(Opnum7NotUsedOnWire),
	F(Opnum8NotUsedOnWire), F(Opnum9NotUsedOnWire), F(EcDoConnectEx),
	F(EcDoRpcExt2), F(Opnum12NotUsedOnWire), F(Opnum13NotUsedOnWire),
	F(EcDoAsyncConnectEx),
};
static const fill_fn async_fill[] = { F(EcDoAsyncWaitEx) };
static const fill_fn rfr_fill[] = { F(RfrGetNewDSA), F(RfrGetFQDNFromServerDN) };
#undef F

static void roundtrip_table(const struct ndr_interface_table *t, const fill_fn *fill, size_t n)
{
	uint32_t op;
	unsigned seed;

	ck_assert_uint_eq(t->num_calls, n);
	for (op = 0; op < t->num_calls; op++) {
		for (seed = 0; seed < 20; seed++) {
			TALLOC_CTX *mem = talloc_new(NULL);
			void *r = talloc_zero_size(mem, t->calls[op].struct_size);

			fill[op](mem, r, seed, 0);
			ck_assert_msg(ndr_test_roundtrip_struct(t, op, NDR_IN, r),
				      "%s in, seed %u", t->calls[op].name, seed);
			ck_assert_msg(ndr_test_roundtrip_struct(t, op, NDR_OUT, r),
				      "%s out, seed %u", t->calls[op].name, seed);
			talloc_free(mem);
		}
	}
}

START_TEST(nsp_every_call)
{
	roundtrip_table(&ndr_table_exchange_nsp, nsp_fill, sizeof(nsp_fill) / sizeof(nsp_fill[0]));
}
END_TEST

START_TEST(emsmdb_every_call)
{
	roundtrip_table(&ndr_table_exchange_emsmdb, emsmdb_fill, sizeof(emsmdb_fill) / sizeof(emsmdb_fill[0]));
	roundtrip_table(&ndr_table_exchange_async_emsmdb, async_fill, 1);
}
END_TEST

START_TEST(rfr_every_call)
{
	roundtrip_table(&ndr_table_exchange_ds_rfr, rfr_fill, 2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ndr_generated");
	TCase *tc = tcase_create("roundtrip");

	tcase_add_test(tc, nsp_every_call);
	tcase_add_test(tc, emsmdb_every_call);
	tcase_add_test(tc, rfr_every_call);
	suite_add_tcase(s, tc);
	return check_main(s);
}

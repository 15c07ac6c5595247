/*
 * Referral rewriting on decoded calls: answers name the proxy, requests
 * carry the upstream's name again, and nothing else is touched.
 */
#include "config.h"
#include <check.h>
#include "suite_main.h"
#include <stdlib.h>
#include "mapiproxy/mapiproxy.h"
#include "gen_ndr/ndr_exchange_nsp.h"
#include "gen_ndr/ndr_exchange_ds_rfr.h"

static TALLOC_CTX *mem;
static struct mapiproxy_referral *ref;

#define HOME_MDB_A 0x8006001E
#define NETWORK_ADDRESS_W 0x8170101F
#define DISPLAY_NAME_A 0x3001001E

static void setup(void)
{
	struct loadparm_context *lp;

	mem = talloc_new(NULL);
	lp = loadparm_init(mem);
	ck_assert_ptr_nonnull(lp);
	ck_assert(lpcfg_set_option(lp, "dcerpc_mapiproxy:fqdn=proxy1.mapi.test"));
	ref = mapiproxy_referral_new(mem, lp);
	ck_assert_ptr_nonnull(ref);
}

static void teardown(void)
{
	talloc_free(mem);
}

static struct NspiQueryRows *query_rows_answer(void)
{
	struct NspiQueryRows *q = talloc_zero(mem, struct NspiQueryRows);
	struct PropertyRowSet_r *rows = talloc_zero(mem, struct PropertyRowSet_r);
	struct PropertyValue_r *v = talloc_zero_array(mem, struct PropertyValue_r, 3);
	const char **addrs = talloc_array(mem, const char *, 2);

	addrs[0] = "ncacn_ip_tcp:exch01.corp.example";
	addrs[1] = "ncacn_np:EXCH01";
	v[0].ulPropTag = DISPLAY_NAME_A;
	v[0].Value.lpszA = "/cn=Servers/cn=EXCH01 is not a DN here";
	v[1].ulPropTag = HOME_MDB_A;
	v[1].Value.lpszA = "/o=Corp/ou=First Administrative Group/cn=Configuration/"
		"cn=Servers/cn=EXCH01/cn=Microsoft Private MDB";
	v[2].ulPropTag = NETWORK_ADDRESS_W;
	v[2].Value.MVszW.cValues = 2;
	v[2].Value.MVszW.lppszW = addrs;
	rows->cRows = 1;
	rows->aRow = talloc_zero(mem, struct PropertyRow_r);
	rows->aRow->cValues = 3;
	rows->aRow->lpProps = v;
	q->out.ppRows = talloc(mem, struct PropertyRowSet_r *);
	*q->out.ppRows = rows;
	return q;
}

START_TEST(address_book_answers_name_the_proxy)
{
	struct NspiQueryRows *q = query_rows_answer();
	struct PropertyValue_r *v = (*q->out.ppRows)->aRow->lpProps;

	ck_assert(mapiproxy_referral_response(ref, mem, &ndr_table_exchange_nsp,
					      NDR_NSPIQUERYROWS, q));
	ck_assert_str_eq(v[1].Value.lpszA, "/o=Corp/ou=First Administrative Group/"
			 "cn=Configuration/cn=Servers/cn=proxy1/cn=Microsoft Private MDB");
	ck_assert_str_eq(v[2].Value.MVszW.lppszW[0], "ncacn_ip_tcp:proxy1.mapi.test");
	ck_assert_str_eq(v[2].Value.MVszW.lppszW[1], "ncacn_np:proxy1");
	/* only the referral properties */
	ck_assert_str_eq(v[0].Value.lpszA, "/cn=Servers/cn=EXCH01 is not a DN here");
	/* a second pass finds nothing left to change */
	ck_assert(!mapiproxy_referral_response(ref, mem, &ndr_table_exchange_nsp,
					       NDR_NSPIQUERYROWS, q));
}
END_TEST

START_TEST(dn_to_mid_maps_the_proxy_back)
{
	struct NspiQueryRows *q = query_rows_answer();
	struct NspiDNToMId *d = talloc_zero(mem, struct NspiDNToMId);
	const char **names = talloc_array(mem, const char *, 2);

	/* nothing learned yet: nothing to map */
	names[0] = "/o=Corp/ou=First Administrative Group/cn=Configuration/cn=Servers/cn=proxy1";
	names[1] = "/o=Corp/ou=First Administrative Group/cn=Recipients/cn=alice";
	d->in.pNames = talloc_zero(mem, struct StringsArray_r);
	d->in.pNames->Count = 2;
	d->in.pNames->Strings = names;
	ck_assert(!mapiproxy_referral_request(ref, mem, &ndr_table_exchange_nsp,
					      NDR_NSPIDNTOMID, d));

	mapiproxy_referral_response(ref, mem, &ndr_table_exchange_nsp, NDR_NSPIQUERYROWS, q);
	ck_assert(mapiproxy_referral_request(ref, mem, &ndr_table_exchange_nsp,
					     NDR_NSPIDNTOMID, d));
	ck_assert_str_eq(names[0], "/o=Corp/ou=First Administrative Group/"
			 "cn=Configuration/cn=Servers/cn=EXCH01");
	ck_assert_str_eq(names[1], "/o=Corp/ou=First Administrative Group/cn=Recipients/cn=alice");
}
END_TEST

START_TEST(rfr_answers_name_the_proxy_and_questions_the_upstream)
{
	struct RfrGetNewDSA *g = talloc_zero(mem, struct RfrGetNewDSA);
	struct RfrGetFQDNFromServerDN *f = talloc_zero(mem, struct RfrGetFQDNFromServerDN);
	const char *server = "exch01.corp.example";
	const char *dn = "/o=Corp/ou=G/cn=Configuration/cn=Servers/cn=proxy1";

	g->out.ppszServer = &server;
	g->out.result = MAPI_E_SUCCESS;
	ck_assert(mapiproxy_referral_response(ref, mem, &ndr_table_exchange_ds_rfr,
					      NDR_RFRGETNEWDSA, g));
	ck_assert_str_eq(server, "proxy1.mapi.test");

	f->in.szMailboxServerDN = dn;
	f->in.cbMailboxServerDN = strlen(dn) + 1;
	ck_assert(mapiproxy_referral_request(ref, mem, &ndr_table_exchange_ds_rfr,
					     NDR_RFRGETFQDNFROMSERVERDN, f));
	ck_assert_str_eq(f->in.szMailboxServerDN,
			 "/o=Corp/ou=G/cn=Configuration/cn=Servers/cn=exch01");
	ck_assert_uint_eq(f->in.cbMailboxServerDN, strlen(f->in.szMailboxServerDN) + 1);
}
END_TEST

START_TEST(failed_answers_are_left_alone)
{
	struct RfrGetNewDSA *g = talloc_zero(mem, struct RfrGetNewDSA);
	const char *server = "exch01.corp.example";

	g->out.ppszServer = &server;
	g->out.result = MAPI_E_CALL_FAILED;
	ck_assert(!mapiproxy_referral_response(ref, mem, &ndr_table_exchange_ds_rfr,
					       NDR_RFRGETNEWDSA, g));
	ck_assert_str_eq(server, "exch01.corp.example");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("referral");
	TCase *tc = tcase_create("rewrite");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, address_book_answers_name_the_proxy);
	tcase_add_test(tc, dn_to_mid_maps_the_proxy_back);
	tcase_add_test(tc, rfr_answers_name_the_proxy_and_questions_the_upstream);
	tcase_add_test(tc, failed_answers_are_left_alone);
	suite_add_tcase(s, tc);
	return check_main(s);
}

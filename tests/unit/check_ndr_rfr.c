/*
 * RFR (MS-OXABREF) wire format: vectors built by hand from the NDR20 rules
 * of C706 chapter 14 and MS-RPCE 2.2.5, checked against the decoder, the
 * encoder and the interface table the endpoint server relays through.
 */
#include "config.h"
#include <check.h>
#include "suite_main.h"
#include <stdlib.h>
#include <string.h>
#include "gen_ndr/ndr_exchange_ds_rfr.h"
#include "gen_ndr/ndr_exchange_ds_rfr_c.h"
#include "ndr_test_util.h"

/*
 * RfrGetNewDSA request (MS-OXABREF 3.1.4.1): ulFlags; pUserDN, a top-level
 * [string] pointer, hence [ref] and without referent id: conformant varying
 * string (max count, offset 0, actual count, bytes with the NUL); ppszUnused
 * NULL (referent id 0); ppszServer: unique pointer to a unique pointer to a
 * string, referent ids 0x00020000 and 0x00020004 as Windows' and Samba's
 * NDR engines number them.
 */
static const uint8_t getnewdsa_in[] = {
	0x00, 0x00, 0x00, 0x00,			/* ulFlags */
	0x05, 0x00, 0x00, 0x00,			/* pUserDN max count */
	0x00, 0x00, 0x00, 0x00,			/* offset */
	0x05, 0x00, 0x00, 0x00,			/* actual count */
	'/', 'o', '=', 'x', 0x00,
	0x00, 0x00, 0x00,			/* align to 4 */
	0x00, 0x00, 0x00, 0x00,			/* ppszUnused: NULL */
	0x00, 0x00, 0x02, 0x00,			/* ppszServer referent */
	0x04, 0x00, 0x02, 0x00,			/* *ppszServer referent */
	0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
	's', 'r', 'v', 0x00,
};

/* The answer: the server names an 16-character FQDN, padding before the
 * 32-bit result. */
static const uint8_t getnewdsa_out[] = {
	0x00, 0x00, 0x00, 0x00,			/* ppszUnused: NULL */
	0x00, 0x00, 0x02, 0x00,
	0x04, 0x00, 0x02, 0x00,
	0x11, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x11, 0x00, 0x00, 0x00,
	'e', 'x', 'c', 'h', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'c', 'o', 'm', 0x00,
	0x00, 0x00, 0x00,			/* align to 4 */
	0x00, 0x00, 0x00, 0x00,			/* result MAPI_E_SUCCESS */
};

/* RfrGetFQDNFromServerDN request: the string's max count is
 * cbMailboxServerDN ([size_is]); range(10,1024) */
static const uint8_t getfqdn_in[] = {
	0x00, 0x00, 0x00, 0x00,			/* ulFlags */
	0x0b, 0x00, 0x00, 0x00,			/* cbMailboxServerDN = 11 */
	0x0b, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b, 0x00, 0x00, 0x00,
	'/', 'o', '=', 'o', '/', 'o', 'u', '=', 'a', 'g', 0x00,
};

START_TEST(table_describes_the_interface)
{
	const struct ndr_interface_table *t = &ndr_table_exchange_ds_rfr;
	struct GUID want;

	ck_assert_str_eq(t->name, "exchange_ds_rfr");
	ck_assert(NT_STATUS_IS_OK(GUID_from_string("1544f5e0-613c-11d1-93df-00c04fd7bd09", &want)));
	ck_assert(GUID_equal(&t->syntax_id.uuid, &want));
	ck_assert_uint_eq(t->syntax_id.if_version, 1);
	ck_assert_uint_eq(t->num_calls, 2);
	ck_assert_uint_eq(NDR_RFRGETNEWDSA, 0);
	ck_assert_uint_eq(NDR_RFRGETFQDNFROMSERVERDN, 1);
	ck_assert_str_eq(t->calls[NDR_RFRGETFQDNFROMSERVERDN].name, "RfrGetFQDNFromServerDN");
	ck_assert_uint_eq(t->calls[0].struct_size, sizeof(struct RfrGetNewDSA));
	ck_assert_ptr_nonnull(t->endpoints);
	ck_assert_uint_ge(t->endpoints->count, 1);
	ck_assert_ptr_nonnull(t->authservices);
	ck_assert_uint_ge(t->authservices->count, 1);
}
END_TEST

START_TEST(getnewdsa_in_decodes_and_reencodes)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	enum ndr_err_code err;
	uint32_t off;
	struct RfrGetNewDSA *r = ndr_test_pull(mem, &ndr_table_exchange_ds_rfr, NDR_RFRGETNEWDSA,
					       NDR_IN, getnewdsa_in, sizeof(getnewdsa_in), &err, &off);

	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->in.pUserDN, "/o=x");
	ck_assert_ptr_null(r->in.ppszUnused);
	ck_assert_ptr_nonnull(r->in.ppszServer);
	ck_assert_str_eq(*r->in.ppszServer, "srv");
	ck_assert(ndr_test_roundtrip(&ndr_table_exchange_ds_rfr, NDR_RFRGETNEWDSA, NDR_IN,
				     getnewdsa_in, sizeof(getnewdsa_in)));
	talloc_free(mem);
}
END_TEST

START_TEST(getnewdsa_out_decodes_and_reencodes)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	enum ndr_err_code err;
	uint32_t off;
	struct RfrGetNewDSA *r = ndr_test_pull(mem, &ndr_table_exchange_ds_rfr, NDR_RFRGETNEWDSA,
					       NDR_OUT, getnewdsa_out, sizeof(getnewdsa_out), &err, &off);
	char *s;

	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_null(r->out.ppszUnused);
	ck_assert_str_eq(*r->out.ppszServer, "exch.example.com");
	ck_assert_uint_eq(r->out.result, MAPI_E_SUCCESS);
	s = ndr_test_print(mem, &ndr_table_exchange_ds_rfr, NDR_RFRGETNEWDSA, NDR_OUT, r);
	ck_assert_ptr_nonnull(strstr(s, "exch.example.com"));
	ck_assert_ptr_nonnull(strstr(s, "MAPI_E_SUCCESS"));
	ck_assert(ndr_test_roundtrip(&ndr_table_exchange_ds_rfr, NDR_RFRGETNEWDSA, NDR_OUT,
				     getnewdsa_out, sizeof(getnewdsa_out)));
	talloc_free(mem);
}
END_TEST

START_TEST(getfqdn_in_checks_size_and_range)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	enum ndr_err_code err;
	uint32_t off;
	uint8_t bad[sizeof(getfqdn_in)];
	struct RfrGetFQDNFromServerDN *r;

	r = ndr_test_pull(mem, &ndr_table_exchange_ds_rfr, 1, NDR_IN,
			  getfqdn_in, sizeof(getfqdn_in), &err, &off);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->in.cbMailboxServerDN, 11);
	ck_assert_str_eq(r->in.szMailboxServerDN, "/o=o/ou=ag");
	/* the answer's [out,ref] pointer is ready for a server to fill */
	ck_assert_ptr_nonnull(r->out.ppszServerFQDN);
	ck_assert(ndr_test_roundtrip(&ndr_table_exchange_ds_rfr, 1, NDR_IN,
				     getfqdn_in, sizeof(getfqdn_in)));

	/* cbMailboxServerDN below range(10,1024) */
	memcpy(bad, getfqdn_in, sizeof(bad));
	bad[4] = 9;
	ck_assert_ptr_null(ndr_test_pull(mem, &ndr_table_exchange_ds_rfr, 1, NDR_IN,
					 bad, sizeof(bad), &err, &off));
	ck_assert_int_eq(err, NDR_ERR_RANGE);

	/* max count disagreeing with [size_is(cbMailboxServerDN)] */
	memcpy(bad, getfqdn_in, sizeof(bad));
	bad[8] = 0x0c;
	ck_assert_ptr_null(ndr_test_pull(mem, &ndr_table_exchange_ds_rfr, 1, NDR_IN,
					 bad, sizeof(bad), &err, &off));
	ck_assert_int_eq(err, NDR_ERR_ARRAY_SIZE);

	/* string without its terminating NUL */
	memcpy(bad, getfqdn_in, sizeof(bad));
	bad[sizeof(bad) - 1] = 'x';
	ck_assert_ptr_null(ndr_test_pull(mem, &ndr_table_exchange_ds_rfr, 1, NDR_IN,
					 bad, sizeof(bad), &err, &off));
	talloc_free(mem);
}
END_TEST

START_TEST(every_truncation_is_an_error)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	enum ndr_err_code err;
	uint32_t off;
	size_t n;

	for (n = 0; n < sizeof(getnewdsa_in); n++) {
		uint8_t *copy = talloc_memdup(mem, getnewdsa_in, n);
		ck_assert_ptr_null(ndr_test_pull(mem, &ndr_table_exchange_ds_rfr, 0, NDR_IN,
						 copy, n, &err, &off));
		ck_assert_int_ne(err, NDR_ERR_SUCCESS);
	}
	for (n = 0; n < sizeof(getnewdsa_out); n++) {
		uint8_t *copy = talloc_memdup(mem, getnewdsa_out, n);
		ck_assert_ptr_null(ndr_test_pull(mem, &ndr_table_exchange_ds_rfr, 0, NDR_OUT,
						 copy, n, &err, &off));
	}
	talloc_free(mem);
}
END_TEST

START_TEST(embedded_nul_in_8bit_string_is_refused)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	enum ndr_err_code err;
	uint32_t off;
	uint8_t bad[sizeof(getnewdsa_in)];

	memcpy(bad, getnewdsa_in, sizeof(bad));
	bad[17] = 0x00;		/* "/o\0x\0": could not be re-encoded as it came */
	ck_assert_ptr_null(ndr_test_pull(mem, &ndr_table_exchange_ds_rfr, 0, NDR_IN,
					 bad, sizeof(bad), &err, &off));
	ck_assert_int_eq(err, NDR_ERR_STRING);
	talloc_free(mem);
}
END_TEST

START_TEST(populated_structures_round_trip)
{
	const char *server = "mail.example.org";
	const char *unused = "x";
	struct RfrGetNewDSA r = {
		.in.ulFlags = 0x12345678,
		.in.pUserDN = "/o=First Organization/ou=Exchange Administrative Group/cn=Recipients/cn=u",
		.in.ppszUnused = &unused,
		.in.ppszServer = &server,
		.out.ppszUnused = &unused,
		.out.ppszServer = &server,
		.out.result = MAPI_E_LOGON_FAILED,
	};
	const char *fqdn = "a.b";
	struct RfrGetFQDNFromServerDN f = {
		.in.ulFlags = 1,
		.in.cbMailboxServerDN = 12,
		.in.szMailboxServerDN = "/o=x/cn=srv",
		.out.ppszServerFQDN = &fqdn,
		.out.result = 0x8004010F,
	};

	ck_assert(ndr_test_roundtrip_struct(&ndr_table_exchange_ds_rfr, 0, NDR_IN, &r));
	ck_assert(ndr_test_roundtrip_struct(&ndr_table_exchange_ds_rfr, 0, NDR_OUT, &r));
	ck_assert(ndr_test_roundtrip_struct(&ndr_table_exchange_ds_rfr, 1, NDR_IN, &f));
	ck_assert(ndr_test_roundtrip_struct(&ndr_table_exchange_ds_rfr, 1, NDR_OUT, &f));
}
END_TEST

static Suite *rfr_suite(void)
{
	Suite *s = suite_create("ndr_rfr");
	TCase *tc = tcase_create("rfr");

	tcase_add_test(tc, table_describes_the_interface);
	tcase_add_test(tc, getnewdsa_in_decodes_and_reencodes);
	tcase_add_test(tc, getnewdsa_out_decodes_and_reencodes);
	tcase_add_test(tc, getfqdn_in_checks_size_and_range);
	tcase_add_test(tc, every_truncation_is_an_error);
	tcase_add_test(tc, embedded_nul_in_8bit_string_is_refused);
	tcase_add_test(tc, populated_structures_round_trip);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_main(rfr_suite());
}

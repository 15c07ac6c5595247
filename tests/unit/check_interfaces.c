/*
 * Where the interfaces are served: every interface on TCP through the
 * endpoint mapper, on ncalrpc, and on the named pipes the original
 * OpenChange IDL declared, except \pipe\lsass outside the AD DC role, where
 * samba-dcerpcd owns that pipe.
 */
#include "config.h"
#include <check.h>
#include "suite_main.h"
#include <stdlib.h>
#include <string.h>
#include "mapiproxy/mapiproxy.h"

static const char *const served[] = {
	"exchange_emsmdb", "exchange_async_emsmdb", "exchange_nsp", "exchange_ds_rfr",
};

static bool has_endpoint(const struct ndr_interface_table *t, const char *ep)
{
	uint32_t i;

	for (i = 0; i < t->endpoints->count; i++) {
		if (strcmp(t->endpoints->names[i], ep) == 0) {
			return true;
		}
	}
	return false;
}

START_TEST(every_interface_is_on_tcp_ncalrpc_and_two_pipes)
{
	size_t i;

	for (i = 0; i < sizeof(served) / sizeof(served[0]); i++) {
		const struct ndr_interface_table *t = mapiproxy_table_byname(served[i]);

		ck_assert_ptr_nonnull(t);
		ck_assert_msg(has_endpoint(t, "ncacn_ip_tcp:"), "%s", served[i]);
		ck_assert_msg(has_endpoint(t, "ncalrpc:"), "%s", served[i]);
		ck_assert_msg(has_endpoint(t, "ncacn_np:[\\pipe\\lsass]"), "%s", served[i]);
		ck_assert_msg(has_endpoint(t, "ncacn_np:[\\pipe\\protected_storage]"),
			      "%s", served[i]);
	}
}
END_TEST

static struct loadparm_context *lp_with_role(TALLOC_CTX *mem, const char *role)
{
	struct loadparm_context *lp = loadparm_init(mem);
	char *opt = talloc_asprintf(mem, "server role=%s", role);

	ck_assert_ptr_nonnull(lp);
	ck_assert(lpcfg_set_option(lp, opt));
	return lp;
}

START_TEST(a_dc_registers_every_endpoint)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct loadparm_context *lp = lp_with_role(mem, "active directory domain controller");

	ck_assert(mapiproxy_endpoint_wanted(lp, "ncacn_ip_tcp:"));
	ck_assert(mapiproxy_endpoint_wanted(lp, "ncalrpc:"));
	ck_assert(mapiproxy_endpoint_wanted(lp, "ncacn_np:[\\pipe\\lsass]"));
	ck_assert(mapiproxy_endpoint_wanted(lp, "ncacn_np:[\\pipe\\protected_storage]"));
	talloc_free(mem);
}
END_TEST

START_TEST(other_roles_leave_lsass_to_samba_dcerpcd)
{
	static const char *const roles[] = { "member server", "standalone" };
	size_t i;

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		TALLOC_CTX *mem = talloc_new(NULL);
		struct loadparm_context *lp = lp_with_role(mem, roles[i]);

		ck_assert_msg(!mapiproxy_endpoint_wanted(lp, "ncacn_np:[\\pipe\\lsass]"),
			      "%s", roles[i]);
		ck_assert(!mapiproxy_endpoint_wanted(lp, "ncacn_np:[\\PIPE\\LSASS]"));
		ck_assert(mapiproxy_endpoint_wanted(lp, "ncacn_np:[\\pipe\\protected_storage]"));
		ck_assert(mapiproxy_endpoint_wanted(lp, "ncacn_ip_tcp:"));
		ck_assert(mapiproxy_endpoint_wanted(lp, "ncalrpc:"));
		talloc_free(mem);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("interfaces");
	TCase *tc = tcase_create("endpoints");

	tcase_add_test(tc, every_interface_is_on_tcp_ncalrpc_and_two_pipes);
	tcase_add_test(tc, a_dc_registers_every_endpoint);
	tcase_add_test(tc, other_roles_leave_lsass_to_samba_dcerpcd);
	suite_add_tcase(s, tc);
	return check_main(s);
}

/*
 * The endpoint server's start-up checks of smb.conf (config.c), for the
 * options whose values matter beyond their syntax: a wrong value stops
 * samba from starting rather than being guessed at.
 */
#include "config.h"
#include <check.h>
#include "suite_main.h"
#include <stdlib.h>
#include "mapiproxy/mapiproxy.h"

/* A server-mode configuration plus one option line. */
static NTSTATUS load(TALLOC_CTX *mem, const char *option, struct mapiproxy_config **c)
{
	struct loadparm_context *lp = loadparm_init(mem);

	ck_assert_ptr_nonnull(lp);
	ck_assert(lpcfg_set_option(lp, "dcerpc_mapiproxy:server=yes"));
	if (option != NULL) {
		ck_assert(lpcfg_set_option(lp, option));
	}
	return mapiproxy_config_load(mem, lp, c);
}

/* MS-OXCRPC 3.3.4.1's 5 minutes unless told otherwise; 1 to 3600 s. */
START_TEST(async_wait_timeout)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct mapiproxy_config *c = NULL;

	ck_assert(NT_STATUS_IS_OK(load(mem, NULL, &c)));
	ck_assert_int_eq(c->emsmdb_async_wait_timeout, 300);
	ck_assert(NT_STATUS_IS_OK(load(mem, "dcerpc_mapiproxy:emsmdb_async_wait_timeout=2", &c)));
	ck_assert_int_eq(c->emsmdb_async_wait_timeout, 2);
	ck_assert(!NT_STATUS_IS_OK(load(mem, "dcerpc_mapiproxy:emsmdb_async_wait_timeout=0", &c)));
	ck_assert(!NT_STATUS_IS_OK(load(mem, "dcerpc_mapiproxy:emsmdb_async_wait_timeout=3601",
					&c)));
	ck_assert(!NT_STATUS_IS_OK(load(mem, "dcerpc_mapiproxy:emsmdb_async_wait_timeout=5m",
					&c)));
	talloc_free(mem);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("server_config");
	TCase *tc = tcase_create("options");

	tcase_add_test(tc, async_wait_timeout);
	suite_add_tcase(s, tc);
	return check_main(s);
}

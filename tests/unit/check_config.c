/*
 * Tests for the parsing of list-valued smb.conf options: the modules list is
 * the chain order, so order and exact names matter.
 */
#include "config.h"
#include <check.h>
#include "suite_main.h"
#include <stdlib.h>
#include "libmapiproxy.h"

static size_t list_len(char **l)
{
	size_t n = 0;
	while (l[n] != NULL) {
		n++;
	}
	return n;
}

START_TEST(split_keeps_order_and_drops_separators)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	char **l = mapiproxy_split_list(mem, " downgrade,  dumpdata ,cache\tlast ");

	ck_assert_ptr_nonnull(l);
	ck_assert_uint_eq(list_len(l), 4);
	ck_assert_str_eq(l[0], "downgrade");
	ck_assert_str_eq(l[1], "dumpdata");
	ck_assert_str_eq(l[2], "cache");
	ck_assert_str_eq(l[3], "last");
	talloc_free(mem);
}
END_TEST

START_TEST(split_empty_and_null_give_empty_list)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	char **a = mapiproxy_split_list(mem, NULL);
	char **b = mapiproxy_split_list(mem, " , ,, ");

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(list_len(a), 0);
	ck_assert_uint_eq(list_len(b), 0);
	talloc_free(mem);
}
END_TEST

START_TEST(split_items_hang_off_the_list)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	char **l = mapiproxy_split_list(mem, "a,b");

	ck_assert_ptr_eq(talloc_parent(l[0]), l);
	talloc_free(l);
	ck_assert_uint_eq(talloc_total_blocks(mem), 1);
	talloc_free(mem);
}
END_TEST

START_TEST(version_is_the_package_version)
{
	ck_assert_str_eq(mapiproxy_version(), PACKAGE_VERSION);
}
END_TEST

static Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("split");

	tcase_add_test(tc, split_keeps_order_and_drops_separators);
	tcase_add_test(tc, split_empty_and_null_give_empty_list);
	tcase_add_test(tc, split_items_hang_off_the_list);
	suite_add_tcase(s, tc);

	tc = tcase_create("version");
	tcase_add_test(tc, version_is_the_package_version);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_main(config_suite());
}

/*
 * The main() of every unit suite: Check's runner in CK_NORMAL (so
 * CK_RUN_SUITE, CK_RUN_CASE, CK_FORK and CK_VERBOSITY from the environment
 * apply, as README says) and an exit status automake's harness reads.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef MAPIPROXY_TESTS_SUITE_MAIN_H
#define MAPIPROXY_TESTS_SUITE_MAIN_H

#include <stdlib.h>
#include <check.h>

static inline int check_main(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif

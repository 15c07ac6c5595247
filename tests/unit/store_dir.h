/*
 * A throwaway state directory for the suites that open the EMSMDB store:
 * one per test (a Check fixture, store_dir_fixture), so no test sees
 * another's mailboxes.  Each suite including this has its own state_dir.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef MAPIPROXY_TESTS_STORE_DIR_H
#define MAPIPROXY_TESTS_STORE_DIR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <check.h>
#include "emsmdb_store.h"

static char *state_dir;

static inline void store_dir_setup(void)
{
	char tmpl[] = "/tmp/check_emsmdb_XXXXXX";
	char *d = mkdtemp(tmpl);

	ck_assert_msg(d != NULL, "mkdtemp %s failed", tmpl);
	state_dir = strdup(d);
}

/* The store file and the directory: nothing else goes there. */
static inline void store_dir_teardown(void)
{
	char f[512];

	snprintf(f, sizeof(f), "%s/emsmdb-store.tdb", state_dir);
	unlink(f);
	rmdir(state_dir);
	free(state_dir);
	state_dir = NULL;
}

static inline void store_dir_fixture(TCase *tc)
{
	tcase_add_checked_fixture(tc, store_dir_setup, store_dir_teardown);
}

/* The store of this test's directory. */
static inline struct emsmdb_store *open_store(TALLOC_CTX *mem)
{
	struct emsmdb_store *st;

	ck_assert(NT_STATUS_IS_OK(emsmdb_store_open(mem, state_dir, &st)));
	return st;
}

#endif

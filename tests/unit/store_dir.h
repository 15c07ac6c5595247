/*
 * A throwaway state directory for the suites that open the EMSMDB store:
 * one per test (a Check fixture), so no test sees another's mailboxes.
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

/* A new directory under /tmp named after the suite; free with
 * store_dir_remove. */
static inline char *store_dir_new(const char *suite)
{
	char tmpl[256];
	char *d;

	snprintf(tmpl, sizeof(tmpl), "/tmp/%s_XXXXXX", suite);
	d = mkdtemp(tmpl);
	ck_assert_msg(d != NULL, "mkdtemp %s failed", tmpl);
	return strdup(d);
}

/* The store file and the directory: nothing else goes there. */
static inline void store_dir_remove(char *dir)
{
	char f[512];

	snprintf(f, sizeof(f), "%s/emsmdb-store.tdb", dir);
	unlink(f);
	rmdir(dir);
	free(dir);
}

#endif

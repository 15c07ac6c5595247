# Tests.  Unit suites use Check; each prints Check's summary line.
# Run one suite:  make check TESTS=tests/unit/check_config
# Run one case:   CK_RUN_CASE=split make check TESTS=tests/unit/check_config
TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
TEST_LIBS = libmapiproxy/libmapiproxy.la $(CHECK_LIBS) $(SAMBA_ALL_LIBS)
# Every suite's main() (suite_main.h).
EXTRA_DIST += tests/unit/suite_main.h tests/unit/store_dir.h

check_PROGRAMS += tests/unit/check_config
tests_unit_check_config_SOURCES = tests/unit/check_config.c
tests_unit_check_config_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_config_LDADD = $(TEST_LIBS)
TESTS += tests/unit/check_config

check_PROGRAMS += tests/unit/check_chain
tests_unit_check_chain_SOURCES = tests/unit/check_chain.c
tests_unit_check_chain_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_chain_LDADD = $(TEST_LIBS)
TESTS += tests/unit/check_chain

# Real Outlook traffic through the codec and the ROP layer together.
check_PROGRAMS += tests/unit/check_rop_outlook
tests_unit_check_rop_outlook_SOURCES = tests/unit/check_rop_outlook.c
tests_unit_check_rop_outlook_CFLAGS = $(TEST_CFLAGS) \
	-DOUTLOOK_TEST_DATA=\"$(abs_top_srcdir)/tests/data/outlook2007\"
tests_unit_check_rop_outlook_LDADD = $(TEST_LIBS)
TESTS += tests/unit/check_rop_outlook

check_PROGRAMS += tests/unit/check_rop_view
tests_unit_check_rop_view_SOURCES = tests/unit/check_rop_view.c
tests_unit_check_rop_view_CFLAGS = $(tests_unit_check_rop_outlook_CFLAGS)
tests_unit_check_rop_view_LDADD = $(TEST_LIBS)
TESTS += tests/unit/check_rop_view

include tests/ndr.mk
include tests/testenv/local.mk

# Referral rewriting, on decoded calls (the code is mapiproxy.so's).
check_PROGRAMS += tests/unit/check_referral
tests_unit_check_referral_SOURCES = tests/unit/check_referral.c
tests_unit_check_referral_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_referral_LDADD = tests/unit/libmapiproxy_server_test.la $(TEST_LIBS)

# The endpoint server's code as a shared library for unit tests: DEBUG()
# needs libsamba-debug, which only samba-util's RUNPATH reaches, so code
# that logs is linked the way samba loads it, as a shared object.
check_LTLIBRARIES += tests/unit/libmapiproxy_server_test.la
tests_unit_libmapiproxy_server_test_la_SOURCES = \
	mapiproxy/referral.c mapiproxy/config.c mapiproxy/interfaces.c
tests_unit_libmapiproxy_server_test_la_LIBADD = libmapiproxy/libmapiproxy.la $(SAMBA_ALL_LIBS)
tests_unit_libmapiproxy_server_test_la_LDFLAGS = $(AM_LDFLAGS) -rpath $(abs_builddir) \
	-avoid-version -no-undefined
TESTS += tests/unit/check_referral

# Start-up checks of option values (config.c).
check_PROGRAMS += tests/unit/check_server_config
tests_unit_check_server_config_SOURCES = tests/unit/check_server_config.c
tests_unit_check_server_config_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_server_config_LDADD = tests/unit/libmapiproxy_server_test.la $(TEST_LIBS)
TESTS += tests/unit/check_server_config

# Which endpoints the interfaces are registered on (interfaces.c).
check_PROGRAMS += tests/unit/check_interfaces
tests_unit_check_interfaces_SOURCES = tests/unit/check_interfaces.c
tests_unit_check_interfaces_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_interfaces_LDADD = tests/unit/libmapiproxy_server_test.la $(TEST_LIBS)
TESTS += tests/unit/check_interfaces

# A module for the integration tests (norelay, suspend, ahead, fail).
check_LTLIBRARIES += tests/modules/testhooks.la
tests_modules_testhooks_la_SOURCES = tests/modules/testhooks.c
tests_modules_testhooks_la_LIBADD = $(MODULE_LIBADD)
tests_modules_testhooks_la_LDFLAGS = $(AM_LDFLAGS) $(MODULE_LDFLAGS) -rpath $(abs_builddir)

# A module for the integration tests that edits ROPs (roprewrite.test).
check_LTLIBRARIES += tests/modules/roprewrite.la
tests_modules_roprewrite_la_SOURCES = tests/modules/roprewrite.c
tests_modules_roprewrite_la_LIBADD = $(MODULE_LIBADD)
tests_modules_roprewrite_la_LDFLAGS = $(AM_LDFLAGS) $(MODULE_LDFLAGS) -rpath $(abs_builddir)
EXTRA_DIST += tests/integration/roprewrite.test
TESTS += tests/integration/roprewrite.test

# The watch that ends long calls whose client left (libmapiproxy/abandoned.c).
check_PROGRAMS += tests/unit/check_abandoned
tests_unit_check_abandoned_SOURCES = tests/unit/check_abandoned.c
tests_unit_check_abandoned_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_abandoned_LDADD = $(TEST_LIBS)
TESTS += tests/unit/check_abandoned

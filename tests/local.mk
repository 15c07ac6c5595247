# Tests.  Unit suites use Check; each prints Check's summary line.
# Run one suite:  make check TESTS=tests/unit/check_config
# Run one case:   CK_RUN_CASE=split make check TESTS=tests/unit/check_config
TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
TEST_LIBS = libmapiproxy/libmapiproxy.la $(CHECK_LIBS) $(SAMBA_ALL_LIBS)

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

include tests/ndr.mk
include tests/testenv/local.mk

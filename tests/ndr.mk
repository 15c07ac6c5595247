# Wire layer tests: NDR round trips, specification vectors, hostile input (issue 3).
check_PROGRAMS += tests/unit/check_ndr_rfr
tests_unit_check_ndr_rfr_SOURCES = tests/unit/check_ndr_rfr.c tests/unit/ndr_test_util.c tests/unit/ndr_test_util.h
tests_unit_check_ndr_rfr_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_ndr_rfr_LDADD = $(TEST_LIBS)
TESTS += tests/unit/check_ndr_rfr

check_PROGRAMS += tests/unit/check_ndr_nsp
tests_unit_check_ndr_nsp_SOURCES = tests/unit/check_ndr_nsp.c tests/unit/ndr_test_util.c tests/unit/ndr_test_util.h
tests_unit_check_ndr_nsp_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_ndr_nsp_LDADD = $(TEST_LIBS)
TESTS += tests/unit/check_ndr_nsp

check_PROGRAMS += tests/unit/check_ndr_emsmdb
tests_unit_check_ndr_emsmdb_SOURCES = tests/unit/check_ndr_emsmdb.c tests/unit/ndr_test_util.c tests/unit/ndr_test_util.h
tests_unit_check_ndr_emsmdb_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_ndr_emsmdb_LDADD = $(TEST_LIBS)
TESTS += tests/unit/check_ndr_emsmdb

# Real EcDoRpcExt2 requests from Outlook 2007 (OpenChange test data, GPL-3.0-or-later).
EXTRA_DIST += \
	tests/data/outlook2007/README.md \
	tests/data/outlook2007/001_Outlook_2007_in_ModifyRecipients_comp.dat \
	tests/data/outlook2007/002_Outlook_2007_in_Tables_operations_comp.dat

# libFuzzer target (--enable-fuzz CC=clang): every function's in and out pull.
FUZZ_PROGS += tests/fuzz/fuzz_ndr
tests_fuzz_fuzz_ndr_SOURCES = tests/fuzz/fuzz_ndr.c
tests_fuzz_fuzz_ndr_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_ndr_LDADD = libmapiproxy/libmapiproxy.la $(SAMBA_ALL_LIBS)

# Every function in and out, filled by generated fillers (self-consistency).
check_PROGRAMS += tests/unit/check_ndr_generated
tests_unit_check_ndr_generated_SOURCES = tests/unit/check_ndr_generated.c tests/unit/ndr_test_util.c tests/unit/ndr_test_util.h
nodist_tests_unit_check_ndr_generated_SOURCES = \
	gen_ndr/ndr_exchange_nsp_fill.c gen_ndr/ndr_exchange_emsmdb_fill.c \
	gen_ndr/ndr_exchange_ds_rfr_fill.c
tests_unit_check_ndr_generated_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_ndr_generated_LDADD = $(TEST_LIBS)
TESTS += tests/unit/check_ndr_generated

# The IDL compiler's error reporting (file:line: message).
TESTS += tests/mpidl_errors.sh
EXTRA_DIST += tests/mpidl_errors.sh

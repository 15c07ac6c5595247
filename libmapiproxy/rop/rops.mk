# ROP buffers: parse and serialize every ROP of MS-OXCROPS (issue 6).
# The per-ROP code is generated from rops.desc into the build tree.
ROP_GEN = $(top_srcdir)/libmapiproxy/rop/rop_gen.py
ROP_DESC = $(top_srcdir)/libmapiproxy/rop/rops.desc
ROP_GENERATED = libmapiproxy/rop/rop_gen.h libmapiproxy/rop/rop_gen.c

AM_CPPFLAGS += -I$(top_srcdir)/libmapiproxy/rop -I$(top_builddir)/libmapiproxy/rop

libmapiproxy/rop/rop_gen.stamp: $(ROP_GEN) $(ROP_DESC)
	@$(MKDIR_P) libmapiproxy/rop
	$(AM_V_GEN)PYTHONDONTWRITEBYTECODE=1 $(PYTHON) $(ROP_GEN) $(ROP_DESC) $(ROP_GENERATED) && touch $@
$(ROP_GENERATED): libmapiproxy/rop/rop_gen.stamp
	@test -f $@ || { rm -f libmapiproxy/rop/rop_gen.stamp; \
		$(MAKE) $(AM_MAKEFLAGS) libmapiproxy/rop/rop_gen.stamp; }

BUILT_SOURCES += $(ROP_GENERATED)
CLEANFILES += $(ROP_GENERATED) libmapiproxy/rop/rop_gen.stamp
EXTRA_DIST += $(ROP_GEN) $(ROP_DESC)

libmapiproxy_libmapiproxy_la_SOURCES += \
	libmapiproxy/rop/rop_private.h \
	libmapiproxy/rop/rop_state_private.h \
	libmapiproxy/rop/rop_wire.c \
	libmapiproxy/rop/rop_data.c \
	libmapiproxy/rop/rop_state.c \
	libmapiproxy/rop/rop_buffer.c
nodist_libmapiproxy_libmapiproxy_la_SOURCES += $(ROP_GENERATED)
pkginclude_HEADERS += libmapiproxy/rop/rop.h
nodist_pkginclude_HEADERS += libmapiproxy/rop/rop_gen.h

# Tests: specification vectors, round trips of every ROP, hostile input.
ROP_TESTS = tests/unit/check_rop_vectors tests/unit/check_rop_roundtrip \
	tests/unit/check_rop_hostile
check_PROGRAMS += $(ROP_TESTS)
TESTS += $(ROP_TESTS)
tests_unit_check_rop_vectors_SOURCES = tests/unit/check_rop_vectors.c tests/unit/rop_test_util.h
tests_unit_check_rop_vectors_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_rop_vectors_LDADD = $(TEST_LIBS)
tests_unit_check_rop_roundtrip_SOURCES = tests/unit/check_rop_roundtrip.c tests/unit/rop_test_util.h
tests_unit_check_rop_roundtrip_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_rop_roundtrip_LDADD = $(TEST_LIBS)
tests_unit_check_rop_hostile_SOURCES = tests/unit/check_rop_hostile.c tests/unit/rop_test_util.h
tests_unit_check_rop_hostile_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_rop_hostile_LDADD = $(TEST_LIBS)

# libFuzzer targets (--enable-fuzz CC=clang): parse, serialize, parse again.
FUZZ_PROGS += tests/fuzz/fuzz_rop_request tests/fuzz/fuzz_rop_response
tests_fuzz_fuzz_rop_request_SOURCES = tests/fuzz/fuzz_rop_request.c
tests_fuzz_fuzz_rop_request_LDADD = libmapiproxy/libmapiproxy.la $(SAMBA_ALL_LIBS)
tests_fuzz_fuzz_rop_request_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_rop_response_SOURCES = tests/fuzz/fuzz_rop_response.c
tests_fuzz_fuzz_rop_response_LDADD = libmapiproxy/libmapiproxy.la $(SAMBA_ALL_LIBS)
tests_fuzz_fuzz_rop_response_LDFLAGS = $(FUZZ_LDFLAGS)
# The legacy EcDoRpc framing and the ROP view over it.
FUZZ_PROGS += tests/fuzz/fuzz_legacy
tests_fuzz_fuzz_legacy_SOURCES = tests/fuzz/fuzz_legacy.c
tests_fuzz_fuzz_legacy_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/libmapiproxy/rop
tests_fuzz_fuzz_legacy_LDADD = libmapiproxy/libmapiproxy.la $(SAMBA_ALL_LIBS)
tests_fuzz_fuzz_legacy_LDFLAGS = $(FUZZ_LDFLAGS)
# A PropertyRow read with its columns (TableModified's TableRowData).
FUZZ_PROGS += tests/fuzz/fuzz_property_row
tests_fuzz_fuzz_property_row_SOURCES = tests/fuzz/fuzz_property_row.c
tests_fuzz_fuzz_property_row_LDADD = libmapiproxy/libmapiproxy.la $(SAMBA_ALL_LIBS)
tests_fuzz_fuzz_property_row_LDFLAGS = $(FUZZ_LDFLAGS)

# ROP parse+serialize throughput (make bench).
BENCH_PROGS += tests/bench/bench_rop
tests_bench_bench_rop_SOURCES = tests/bench/bench_rop.c
tests_bench_bench_rop_LDADD = libmapiproxy/libmapiproxy.la $(SAMBA_ALL_LIBS)

# Sample wire buffers of every ROP, written by rop_samples.py (not by the C
# encoder) for the round-trip test.
ROP_SAMPLES = $(top_srcdir)/libmapiproxy/rop/rop_samples.py
tests/unit/rop_samples.h: $(ROP_SAMPLES) $(ROP_GEN) $(ROP_DESC)
	@$(MKDIR_P) tests/unit
	$(AM_V_GEN)PYTHONDONTWRITEBYTECODE=1 $(PYTHON) $(ROP_SAMPLES) $(ROP_DESC) $@
nodist_tests_unit_check_rop_roundtrip_SOURCES = tests/unit/rop_samples.h
BUILT_SOURCES += tests/unit/rop_samples.h
CLEANFILES += tests/unit/rop_samples.h
EXTRA_DIST += $(ROP_SAMPLES)
tests_unit_check_rop_roundtrip_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_builddir)/tests/unit

# Programs built on their own (make bench, fuzz targets) need the generated
# header before BUILT_SOURCES would make it.
$(tests_fuzz_fuzz_rop_request_OBJECTS) $(tests_fuzz_fuzz_rop_response_OBJECTS) \
$(tests_fuzz_fuzz_legacy_OBJECTS) $(tests_fuzz_fuzz_property_row_OBJECTS) \
$(tests_bench_bench_rop_OBJECTS): $(ROP_GENERATED)

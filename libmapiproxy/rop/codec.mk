# EcDoRpcExt2 payload codec: RPC_HEADER_EXT, LZ77, XOR, AUX blocks (issue 6).
libmapiproxy_libmapiproxy_la_SOURCES += \
	libmapiproxy/rop/lz77_decompress.c \
	libmapiproxy/rop/lz77_compress.c \
	libmapiproxy/rop/ext_xor.c \
	libmapiproxy/rop/ext_buffer.c \
	libmapiproxy/rop/ext_print.c \
	libmapiproxy/rop/legacy_buffer.c \
	libmapiproxy/rop/aux_layout.h \
	libmapiproxy/rop/aux_layouts.c \
	libmapiproxy/rop/aux_blocks.c \
	libmapiproxy/rop/aux_print.c
pkginclude_HEADERS += \
	libmapiproxy/rop/mapi_lz77.h \
	libmapiproxy/rop/mapi_ext.h \
	libmapiproxy/rop/mapi_legacy.h \
	libmapiproxy/rop/mapi_aux.h

# Unit tests.
CODEC_TEST_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/libmapiproxy/rop \
	-DCODEC_TEST_DATA=\"$(abs_top_srcdir)/tests/data/outlook2007\"
check_PROGRAMS += tests/unit/check_rop_codec_lz77 tests/unit/check_rop_codec_ext \
	tests/unit/check_rop_codec_aux
TESTS += tests/unit/check_rop_codec_lz77 tests/unit/check_rop_codec_ext \
	tests/unit/check_rop_codec_aux
tests_unit_check_rop_codec_lz77_SOURCES = tests/unit/check_rop_codec_lz77.c
tests_unit_check_rop_codec_lz77_CFLAGS = $(CODEC_TEST_CFLAGS)
tests_unit_check_rop_codec_lz77_LDADD = $(TEST_LIBS)
tests_unit_check_rop_codec_ext_SOURCES = tests/unit/check_rop_codec_ext.c
tests_unit_check_rop_codec_ext_CFLAGS = $(CODEC_TEST_CFLAGS)
tests_unit_check_rop_codec_ext_LDADD = $(TEST_LIBS)
tests_unit_check_rop_codec_aux_SOURCES = tests/unit/check_rop_codec_aux.c
tests_unit_check_rop_codec_aux_CFLAGS = $(CODEC_TEST_CFLAGS)
tests_unit_check_rop_codec_aux_LDADD = $(TEST_LIBS)
# Real Outlook 2007 requests, GPL-3.0-or-later data from OpenChange.
EXTRA_DIST += tests/data/outlook2007/README.md \
	tests/data/outlook2007/001_Outlook_2007_in_ModifyRecipients_comp.dat \
	tests/data/outlook2007/002_Outlook_2007_in_Tables_operations_comp.dat

# libFuzzer targets (./configure --enable-fuzz CC=clang).
FUZZ_PROGS += tests/fuzz/fuzz_lz77 tests/fuzz/fuzz_ext_unpack tests/fuzz/fuzz_aux
CODEC_FUZZ_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/libmapiproxy/rop
CODEC_FUZZ_LIBS = libmapiproxy/libmapiproxy.la $(SAMBA_ALL_LIBS)
tests_fuzz_fuzz_lz77_SOURCES = tests/fuzz/fuzz_lz77.c
tests_fuzz_fuzz_lz77_CFLAGS = $(CODEC_FUZZ_CFLAGS)
tests_fuzz_fuzz_lz77_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_lz77_LDADD = $(CODEC_FUZZ_LIBS)
tests_fuzz_fuzz_ext_unpack_SOURCES = tests/fuzz/fuzz_ext_unpack.c
tests_fuzz_fuzz_ext_unpack_CFLAGS = $(CODEC_FUZZ_CFLAGS)
tests_fuzz_fuzz_ext_unpack_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_ext_unpack_LDADD = $(CODEC_FUZZ_LIBS)
tests_fuzz_fuzz_aux_SOURCES = tests/fuzz/fuzz_aux.c
tests_fuzz_fuzz_aux_CFLAGS = $(CODEC_FUZZ_CFLAGS)
tests_fuzz_fuzz_aux_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_aux_LDADD = $(CODEC_FUZZ_LIBS)

# Benchmark (make bench): LZ77 throughput and ratio.
BENCH_PROGS += tests/bench/bench_lz77
tests_bench_bench_lz77_SOURCES = tests/bench/bench_lz77.c
tests_bench_bench_lz77_CFLAGS = $(CODEC_TEST_CFLAGS)
tests_bench_bench_lz77_LDADD = libmapiproxy/libmapiproxy.la $(SAMBA_ALL_LIBS)
dist_doc_DATA += doc/performance.md

# mapiproxy-ndrdump (issue 3; ROP payloads: issue 6).
bin_PROGRAMS += tools/mapiproxy-ndrdump
tools_mapiproxy_ndrdump_SOURCES = tools/mapiproxy-ndrdump.c \
	tools/ndrdump_input.h tools/ndrdump_input.c \
	tools/ndrdump_rop.h tools/ndrdump_rop.c
tools_mapiproxy_ndrdump_CFLAGS = $(AM_CFLAGS) $(POPT_CFLAGS)
tools_mapiproxy_ndrdump_LDADD = libmapiproxy/libmapiproxy.la $(POPT_LIBS) $(SAMBA_ALL_LIBS)
dist_man_MANS += doc/mapiproxy-ndrdump.1

# Shell test: decode, re-encode and error paths on files in tests/data/.
TESTS += tests/ndrdump.sh
EXTRA_DIST += tests/ndrdump.sh \
	tests/data/ndrdump/rfr_getnewdsa_in.hex \
	tests/data/ndrdump/rfr_getnewdsa_in_truncated.hex \
	tests/data/ndrdump/nsp_bind_in_padded.hex \
	tests/data/rop/README.md \
	tests/data/rop/outlook2007_001_rgbin.bin \
	tests/data/rop/outlook2007_001_rgbin_xor.bin \
	tests/data/rop/outlook2007_001_rgbin_ours.bin \
	tests/data/rop/outlook2007_002_rgbin.bin \
	tests/data/rop/outlook2007_002_rgbin_truncated.bin \
	tests/data/rop/tables_rgbout.hex \
	tests/data/rop/tables_rgbout_truncated.hex

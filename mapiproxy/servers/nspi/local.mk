# The built-in NSPI address book (issue 5): the GAL over the AD's sam.ldb.
# The model and the handlers are a convenience library, so that unit tests
# link them without samba's endpoint server; the provider glue is
# mapiproxy.so's own.
noinst_LTLIBRARIES += mapiproxy/servers/nspi/libnspi_server.la
mapiproxy_servers_nspi_libnspi_server_la_SOURCES = \
	mapiproxy/servers/nspi/nspi.h \
	mapiproxy/servers/nspi/nspi_directory.c \
	mapiproxy/servers/nspi/nspi_codepage.c \
	mapiproxy/servers/nspi/nspi_props.c \
	mapiproxy/servers/nspi/nspi_restrict.c \
	mapiproxy/servers/nspi/nspi_stat.c \
	mapiproxy/servers/nspi/nspi_ops_table.c \
	mapiproxy/servers/nspi/nspi_ops_entry.c \
	mapiproxy/servers/nspi/nspi_ops_names.c
mapiproxy_servers_nspi_libnspi_server_la_LIBADD = libmapiproxy/libmapiproxy.la $(LDB_LIBS)

mapiproxy_mapiproxy_la_SOURCES += mapiproxy/servers/nspi/nspi_server.c
mapiproxy_mapiproxy_la_LIBADD += mapiproxy/servers/nspi/libnspi_server.la $(LDB_LIBS)

dist_doc_DATA += doc/nspi-server.md

# The model, restrictions, positioning and a few answers' bytes, against
# an ldb file the test builds (no samba needed).
check_PROGRAMS += tests/unit/check_nspi_server
TESTS += tests/unit/check_nspi_server
tests_unit_check_nspi_server_SOURCES = tests/unit/check_nspi_server.c
tests_unit_check_nspi_server_CFLAGS = $(TEST_CFLAGS)
tests_unit_check_nspi_server_LDADD = mapiproxy/servers/nspi/libnspi_server_shared.la \
	$(TEST_LIBS) $(LDB_LIBS)
# DEBUG() needs libsamba-debug, reached only through samba-util's RUNPATH:
# the test links the code as a shared object, as samba loads it.
check_LTLIBRARIES += mapiproxy/servers/nspi/libnspi_server_shared.la
mapiproxy_servers_nspi_libnspi_server_shared_la_SOURCES =
mapiproxy_servers_nspi_libnspi_server_shared_la_LIBADD = \
	mapiproxy/servers/nspi/libnspi_server.la libmapiproxy/libmapiproxy.la \
	$(SAMBA_ALL_LIBS) $(LDB_LIBS)
mapiproxy_servers_nspi_libnspi_server_shared_la_LDFLAGS = $(AM_LDFLAGS) \
	-rpath $(abs_builddir) -avoid-version -no-undefined

# The address book on a provisioned domain, direct and through proxies.
TESTS += tests/integration/nspi.test
EXTRA_DIST += tests/integration/nspi.test

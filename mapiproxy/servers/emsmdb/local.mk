# The built-in EMSMDB mailbox store and ROP processor (issue 7), linked into
# mapiproxy.so by the connection level.
noinst_LTLIBRARIES += mapiproxy/servers/emsmdb/libemsmdb_store.la
mapiproxy_servers_emsmdb_libemsmdb_store_la_SOURCES = \
	mapiproxy/servers/emsmdb/emsmdb_store.h \
	mapiproxy/servers/emsmdb/es_private.h \
	mapiproxy/servers/emsmdb/es_recipients.h \
	mapiproxy/servers/emsmdb/es_props.c \
	mapiproxy/servers/emsmdb/es_store.c \
	mapiproxy/servers/emsmdb/es_folder.c \
	mapiproxy/servers/emsmdb/es_message.c \
	mapiproxy/servers/emsmdb/es_recipients.c \
	mapiproxy/servers/emsmdb/es_named.c \
	mapiproxy/servers/emsmdb/es_restrict.c \
	mapiproxy/servers/emsmdb/es_table.c \
	mapiproxy/servers/emsmdb/es_submit.c \
	mapiproxy/servers/emsmdb/es_session.c \
	mapiproxy/servers/emsmdb/es_rop_logon.c \
	mapiproxy/servers/emsmdb/es_rop_folder.c \
	mapiproxy/servers/emsmdb/es_rop_message.c \
	mapiproxy/servers/emsmdb/es_rop_property.c \
	mapiproxy/servers/emsmdb/es_stream.c
mapiproxy_servers_emsmdb_libemsmdb_store_la_CFLAGS = $(AM_CFLAGS) $(TDB_CFLAGS)
mapiproxy_servers_emsmdb_libemsmdb_store_la_LIBADD = libmapiproxy/libmapiproxy.la $(TDB_LIBS)
$(mapiproxy_servers_emsmdb_libemsmdb_store_la_OBJECTS): $(ROP_GENERATED)

dist_doc_DATA += doc/emsmdb-store.md

# A scripted alice -> bob session, hostile input, persistence.
check_PROGRAMS += tests/unit/check_emsmdb_store
TESTS += tests/unit/check_emsmdb_store
tests_unit_check_emsmdb_store_SOURCES = tests/unit/check_emsmdb_store.c
tests_unit_check_emsmdb_store_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/mapiproxy/servers/emsmdb
tests_unit_check_emsmdb_store_LDADD = mapiproxy/servers/emsmdb/libemsmdb_store.la $(TEST_LIBS) $(TDB_LIBS)
$(tests_unit_check_emsmdb_store_OBJECTS): $(ROP_GENERATED)
# DEBUG() calls land in samba-util's private libsamba-debug, which shared
# objects (libmapiproxy, mapiproxy.so) reach through samba-util.  A program
# linking the static convenience library directly must name it: follow
# samba-util's own dependency, and find it where samba-util does.
EMSMDB_SAMBA_PRIVATE_LIBDIR = $(shell $(PKG_CONFIG) --variable=libdir samba-util)/samba
tests_unit_check_emsmdb_store_LDFLAGS = $(AM_LDFLAGS) -Wl,--copy-dt-needed-entries \
	-Wl,-rpath,$(EMSMDB_SAMBA_PRIVATE_LIBDIR)

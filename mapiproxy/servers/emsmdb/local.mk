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
	mapiproxy/servers/emsmdb/es_table_notify.c \
	mapiproxy/servers/emsmdb/es_submit.c \
	mapiproxy/servers/emsmdb/es_notify.c \
	mapiproxy/servers/emsmdb/es_count_events.c \
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
tests_unit_check_emsmdb_store_SOURCES = tests/unit/check_emsmdb_store.c \
	tests/unit/emsmdb_client.c tests/unit/emsmdb_client.h
tests_unit_check_emsmdb_store_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/mapiproxy/servers/emsmdb
tests_unit_check_emsmdb_store_LDADD = mapiproxy/servers/emsmdb/libemsmdb_store_shared.la $(TEST_LIBS) $(TDB_LIBS)
$(tests_unit_check_emsmdb_store_OBJECTS): $(ROP_GENERATED)

# TableModified notifications: which tables, what each says (issue 7).
check_PROGRAMS += tests/unit/check_emsmdb_table_notify
TESTS += tests/unit/check_emsmdb_table_notify
tests_unit_check_emsmdb_table_notify_SOURCES = tests/unit/check_emsmdb_table_notify.c \
	tests/unit/emsmdb_client.c tests/unit/emsmdb_client.h
tests_unit_check_emsmdb_table_notify_CFLAGS = $(tests_unit_check_emsmdb_store_CFLAGS)
tests_unit_check_emsmdb_table_notify_LDADD = $(tests_unit_check_emsmdb_store_LDADD)
$(tests_unit_check_emsmdb_table_notify_OBJECTS): $(ROP_GENERATED)

# Folder ObjectModified with the message counts (T, U), old event logs.
check_PROGRAMS += tests/unit/check_emsmdb_folder_notify
TESTS += tests/unit/check_emsmdb_folder_notify
tests_unit_check_emsmdb_folder_notify_SOURCES = tests/unit/check_emsmdb_folder_notify.c \
	tests/unit/emsmdb_client.c tests/unit/emsmdb_client.h
tests_unit_check_emsmdb_folder_notify_CFLAGS = $(tests_unit_check_emsmdb_store_CFLAGS)
tests_unit_check_emsmdb_folder_notify_LDADD = $(tests_unit_check_emsmdb_store_LDADD)
$(tests_unit_check_emsmdb_folder_notify_OBJECTS): $(ROP_GENERATED)
# DEBUG() calls need libsamba-debug, which only samba-util reaches (through
# its RUNPATH): shared objects get it that way, a program linking the
# static store directly would not.  So the test links the store as a
# shared library, like mapiproxy.so does at run time.
check_LTLIBRARIES += mapiproxy/servers/emsmdb/libemsmdb_store_shared.la
mapiproxy_servers_emsmdb_libemsmdb_store_shared_la_SOURCES =
mapiproxy_servers_emsmdb_libemsmdb_store_shared_la_LIBADD = \
	mapiproxy/servers/emsmdb/libemsmdb_store.la libmapiproxy/libmapiproxy.la \
	$(SAMBA_ALL_LIBS) $(TDB_LIBS)
mapiproxy_servers_emsmdb_libemsmdb_store_shared_la_LDFLAGS = $(AM_LDFLAGS) \
	-rpath $(abs_builddir) -avoid-version -no-undefined

# The connection level (MS-OXCRPC): the exchange_emsmdb and
# exchange_async_emsmdb providers of mapiproxy.so.
mapiproxy_mapiproxy_la_SOURCES += \
	mapiproxy/servers/emsmdb/emsmdb_provider.h \
	mapiproxy/servers/emsmdb/emsmdb_provider.c \
	mapiproxy/servers/emsmdb/emsmdb_connect.c
$(mapiproxy_mapiproxy_la_OBJECTS): $(ROP_GENERATED)
# payloads and versions: in the store's library so that tests reach them
mapiproxy_servers_emsmdb_libemsmdb_store_la_SOURCES += \
	mapiproxy/servers/emsmdb/emsmdb_rpc.h \
	mapiproxy/servers/emsmdb/emsmdb_rpc.c \
	mapiproxy/servers/emsmdb/emsmdb_wait.h \
	mapiproxy/servers/emsmdb/emsmdb_wait.c

# EcDoRpcExt2 payloads, pulFlags, RopBufferTooSmall, versions, addresses.
check_PROGRAMS += tests/unit/check_emsmdb_rpc_ext2
TESTS += tests/unit/check_emsmdb_rpc_ext2
tests_unit_check_emsmdb_rpc_ext2_SOURCES = tests/unit/check_emsmdb_rpc_ext2.c
tests_unit_check_emsmdb_rpc_ext2_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/mapiproxy/servers/emsmdb
tests_unit_check_emsmdb_rpc_ext2_LDADD = mapiproxy/servers/emsmdb/libemsmdb_store_shared.la $(TEST_LIBS) $(TDB_LIBS)
$(tests_unit_check_emsmdb_rpc_ext2_OBJECTS): $(ROP_GENERATED)

# Real samba instances (tests/testenv): the scenario direct and through
# chained proxies, hostile stubs, vanished clients.  Skips unless root.
EXTRA_DIST += tests/integration/emsmdb.test
TESTS += tests/integration/emsmdb.test

# Notifications: RopRegisterNotification, EcDoAsyncWaitEx and RopNotify,
# direct and through chained proxies, and the idle timeout.  Skips unless root.
EXTRA_DIST += tests/integration/notify.test
TESTS += tests/integration/notify.test

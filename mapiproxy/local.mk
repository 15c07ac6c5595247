# mapiproxy.so: the endpoint server samba loads from MODULESDIR/dcerpc_server.
dcerpcserver_LTLIBRARIES += mapiproxy/mapiproxy.la
mapiproxy_mapiproxy_la_SOURCES = \
	mapiproxy/mapiproxy.h \
	mapiproxy/dcesrv_mapiproxy.c \
	mapiproxy/config.c \
	mapiproxy/interfaces.c \
	mapiproxy/call_path.c \
	mapiproxy/upstream.c \
	mapiproxy/referral.c \
	mapiproxy/rop_payload.c \
	mapiproxy/servers/servers.h \
	mapiproxy/servers/servers.c \
	mapiproxy/servers/names.c \
	mapiproxy/servers/rfr.c
mapiproxy_mapiproxy_la_LIBADD = libmapiproxy/libmapiproxy.la \
	mapiproxy/servers/emsmdb/libemsmdb_store.la $(SAMBA_ALL_LIBS) $(TDB_LIBS)
mapiproxy_mapiproxy_la_LDFLAGS = $(AM_LDFLAGS) $(MODULE_LDFLAGS)

include mapiproxy/servers/emsmdb/local.mk
include mapiproxy/servers/nspi/local.mk

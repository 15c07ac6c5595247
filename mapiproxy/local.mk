# mapiproxy.so: the endpoint server samba loads from MODULESDIR/dcerpc_server.
dcerpcserver_LTLIBRARIES += mapiproxy/mapiproxy.la
mapiproxy_mapiproxy_la_SOURCES = \
	mapiproxy/dcesrv_mapiproxy.c
mapiproxy_mapiproxy_la_LIBADD = libmapiproxy/libmapiproxy.la $(SAMBA_ALL_LIBS)
mapiproxy_mapiproxy_la_LDFLAGS = $(AM_LDFLAGS) $(MODULE_LDFLAGS)

include mapiproxy/servers/emsmdb/local.mk

# Modules: one .so per file, installed into $(mapiproxy_modulesdir).
MODULE_LIBADD = libmapiproxy/libmapiproxy.la $(SAMBA_ALL_LIBS)

mapiproxy_modules_LTLIBRARIES += modules/dummy.la
modules_dummy_la_SOURCES = modules/dummy.c
modules_dummy_la_LIBADD = $(MODULE_LIBADD)
modules_dummy_la_LDFLAGS = $(AM_LDFLAGS) $(MODULE_LDFLAGS)

mapiproxy_modules_LTLIBRARIES += modules/dumpdata.la
modules_dumpdata_la_SOURCES = modules/dumpdata.c
modules_dumpdata_la_LIBADD = $(MODULE_LIBADD)
modules_dumpdata_la_LDFLAGS = $(AM_LDFLAGS) $(MODULE_LDFLAGS)

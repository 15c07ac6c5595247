# libmapiproxy: what module authors link against.
lib_LTLIBRARIES += libmapiproxy/libmapiproxy.la
libmapiproxy_libmapiproxy_la_SOURCES = \
	libmapiproxy/config_list.c \
	libmapiproxy/module_registry.c \
	libmapiproxy/chain.c \
	libmapiproxy/session.c \
	libmapiproxy/call.c \
	libmapiproxy/abandoned.c \
	libmapiproxy/rop_view.h \
	libmapiproxy/rop_view.c \
	libmapiproxy/rop_call.c
libmapiproxy_libmapiproxy_la_LIBADD = $(SAMBA_ALL_LIBS) -ldl
libmapiproxy_libmapiproxy_la_LDFLAGS = $(AM_LDFLAGS) -version-info 0:0:0 -no-undefined

pkginclude_HEADERS += libmapiproxy/libmapiproxy.h libmapiproxy/mapiproxy_rops.h
noinst_HEADERS = libmapiproxy/mapiproxy_internal.h libmapiproxy/mp_dlist.h
pkgconfig_DATA += libmapiproxy/libmapiproxy.pc
DISTCLEANFILES += libmapiproxy/libmapiproxy.pc
EXTRA_DIST += libmapiproxy/libmapiproxy.pc.in

include libmapiproxy/rop/codec.mk
include libmapiproxy/rop/rops.mk

# libmapiproxy: what module authors link against.
lib_LTLIBRARIES += libmapiproxy/libmapiproxy.la
libmapiproxy_libmapiproxy_la_SOURCES = \
	libmapiproxy/config_list.c
libmapiproxy_libmapiproxy_la_LIBADD = $(SAMBA_ALL_LIBS)
libmapiproxy_libmapiproxy_la_LDFLAGS = $(AM_LDFLAGS) -version-info 0:0:0 -no-undefined

pkginclude_HEADERS += libmapiproxy/libmapiproxy.h
pkgconfig_DATA += libmapiproxy/libmapiproxy.pc
DISTCLEANFILES += libmapiproxy/libmapiproxy.pc
EXTRA_DIST += libmapiproxy/libmapiproxy.pc.in

include libmapiproxy/rop/codec.mk
include libmapiproxy/rop/rops.mk

# Command-line tools (popt).
include tools/ndrdump.mk

# mapiproxy-client: scripted Outlook-like sessions (issue 8).
bin_PROGRAMS += tools/mapiproxy-client
tools_mapiproxy_client_SOURCES = \
	tools/client/client.h \
	tools/client/main.c \
	tools/client/connect.c \
	tools/client/rfr.c \
	tools/client/nsp.c \
	tools/client/ems.h \
	tools/client/emsmdb.c \
	tools/client/notify.c \
	tools/client/raw.c
tools_mapiproxy_client_CFLAGS = $(AM_CFLAGS) $(POPT_CFLAGS)
tools_mapiproxy_client_LDADD = libmapiproxy/libmapiproxy.la $(POPT_LIBS) $(SAMBA_ALL_LIBS)

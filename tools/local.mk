# Command-line tools (popt).
include tools/ndrdump.mk

# mapiproxy-client: scripted Outlook-like sessions (issue 8).
bin_PROGRAMS += tools/mapiproxy-client
tools_mapiproxy_client_SOURCES = \
	tools/client/client.h \
	tools/client/main.c \
	tools/client/connect.c \
	tools/client/requests.h \
	tools/client/requests.c \
	tools/client/popt_strings.h \
	tools/client/popt_strings.c \
	tools/client/rfr.c \
	tools/client/nsp.c \
	tools/client/ems.h \
	tools/client/emsmdb.c \
	tools/client/notify.c \
	tools/client/raw.c
tools_mapiproxy_client_CFLAGS = $(AM_CFLAGS) $(POPT_CFLAGS)
tools_mapiproxy_client_LDADD = libmapiproxy/libmapiproxy.la $(POPT_LIBS) $(SAMBA_ALL_LIBS)

# The relay benchmark's load generator (make bench-relay; doc/performance.md).
BENCH_PROGS += tests/bench/bench_relay
tests_bench_bench_relay_SOURCES = \
	tests/bench/bench_relay.h \
	tests/bench/bench_relay.c \
	tests/bench/bench_relay_mix.c \
	tests/bench/bench_relay_mailbox.c \
	tests/bench/bench_stats.c \
	tools/client/requests.h \
	tools/client/requests.c \
	tools/client/popt_strings.h \
	tools/client/popt_strings.c
tests_bench_bench_relay_CFLAGS = $(AM_CFLAGS) $(POPT_CFLAGS)
tests_bench_bench_relay_LDADD = libmapiproxy/libmapiproxy.la $(POPT_LIBS) $(SAMBA_ALL_LIBS) -lm

# IDL files and the IDL compiler (generated NDR code).
#
# idl/mpidl.py turns each idl/X.idl into gen_ndr/X.h, gen_ndr/ndr_X.[ch] and,
# for files with an interface uuid, gen_ndr/ndr_X_c.[ch] in the BUILD tree.
# The generated code is compiled into libmapiproxy and its headers installed
# under $(pkgincludedir)/gen_ndr/ (libmapiproxy.pc's -I makes
# <gen_ndr/exchange_nsp.h> resolve for out-of-tree modules).
MPIDL = $(PYTHON) $(top_srcdir)/idl/mpidl.py
MPIDL_FILES = \
	idl/mpidl.py \
	idl/mpidl/__init__.py \
	idl/mpidl/parser.py \
	idl/mpidl/model.py \
	idl/mpidl/cgen.py \
	idl/mpidl/emit.py \
	idl/mpidl/client.py \
	idl/mpidl/fill.py
# Shared types first: the interfaces import them.
MAPIPROXY_IDL_SHARED = idl/mapi_types.idl
MAPIPROXY_IDL_INTERFACES = idl/exchange_nsp.idl idl/exchange_emsmdb.idl idl/exchange_ds_rfr.idl
MAPIPROXY_IDL = $(MAPIPROXY_IDL_SHARED) $(MAPIPROXY_IDL_INTERFACES)

# What the compiler writes per IDL file, spelled out: automake must see the
# sources literally to derive the objects.
MPIDL_GEN_H = \
	gen_ndr/mapi_types.h gen_ndr/ndr_mapi_types.h \
	gen_ndr/exchange_nsp.h gen_ndr/ndr_exchange_nsp.h gen_ndr/ndr_exchange_nsp_c.h \
	gen_ndr/exchange_emsmdb.h gen_ndr/ndr_exchange_emsmdb.h gen_ndr/ndr_exchange_emsmdb_c.h \
	gen_ndr/exchange_ds_rfr.h gen_ndr/ndr_exchange_ds_rfr.h gen_ndr/ndr_exchange_ds_rfr_c.h
MPIDL_GEN_C = \
	gen_ndr/ndr_mapi_types.c \
	gen_ndr/ndr_exchange_nsp.c gen_ndr/ndr_exchange_nsp_c.c \
	gen_ndr/ndr_exchange_emsmdb.c gen_ndr/ndr_exchange_emsmdb_c.c \
	gen_ndr/ndr_exchange_ds_rfr.c gen_ndr/ndr_exchange_ds_rfr_c.c

EXTRA_DIST += $(MPIDL_FILES) $(MAPIPROXY_IDL)
# Value fillers for the generated round-trip tests (tests/ndr.mk only).
MPIDL_GEN_FILL = \
	gen_ndr/ndr_mapi_types_fill.h gen_ndr/ndr_mapi_types_fill.c \
	gen_ndr/ndr_exchange_nsp_fill.h gen_ndr/ndr_exchange_nsp_fill.c \
	gen_ndr/ndr_exchange_emsmdb_fill.h gen_ndr/ndr_exchange_emsmdb_fill.c \
	gen_ndr/ndr_exchange_ds_rfr_fill.h gen_ndr/ndr_exchange_ds_rfr_fill.c

BUILT_SOURCES += $(MPIDL_GEN_H) $(MPIDL_GEN_C) $(MPIDL_GEN_FILL)
CLEANFILES += $(MPIDL_GEN_H) $(MPIDL_GEN_C) $(MPIDL_GEN_FILL) gen_ndr/*.stamp

# One compiler run per IDL file writes all its outputs; the stamp stands for
# them so that make runs it once.  An interface is regenerated when one of
# the shared IDL files it imports changes.
gen_ndr/%.stamp: idl/%.idl $(MPIDL_FILES) $(MAPIPROXY_IDL_SHARED)
	$(AM_V_GEN)$(MKDIR_P) gen_ndr && \
	$(MPIDL) --fill --outdir gen_ndr -I $(top_srcdir)/idl $< && touch $@

gen_ndr/%.h gen_ndr/ndr_%.h gen_ndr/ndr_%.c: gen_ndr/%.stamp
	@:
gen_ndr/ndr_%_c.h gen_ndr/ndr_%_c.c: gen_ndr/%.stamp
	@:
gen_ndr/ndr_%_fill.h gen_ndr/ndr_%_fill.c: gen_ndr/%.stamp
	@:

# Wire layer compiled into libmapiproxy.  libmapiproxy/local.mk assigns the
# library's SOURCES after this fragment is read, so the wire layer uses the
# nodist_ list (and EXTRA_DIST for the hand-written helper).
nodist_libmapiproxy_libmapiproxy_la_SOURCES = $(MPIDL_GEN_C) idl/ndr_mapi_string.c
EXTRA_DIST += idl/ndr_mapi_string.c idl/ndr_mapi_string.h

gen_ndrdir = $(pkgincludedir)/gen_ndr
nodist_gen_ndr_HEADERS = $(MPIDL_GEN_H)
EXTRA_DIST += idl/README.md

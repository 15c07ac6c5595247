# EcDoRpcExt2 payload codec: RPC_HEADER_EXT, LZ77, XOR, AUX blocks (issue 6).
libmapiproxy_libmapiproxy_la_SOURCES += \
	libmapiproxy/rop/lz77_decompress.c \
	libmapiproxy/rop/lz77_compress.c \
	libmapiproxy/rop/ext_xor.c \
	libmapiproxy/rop/ext_buffer.c \
	libmapiproxy/rop/ext_print.c \
	libmapiproxy/rop/aux_layout.h \
	libmapiproxy/rop/aux_layouts.c \
	libmapiproxy/rop/aux_blocks.c \
	libmapiproxy/rop/aux_print.c
pkginclude_HEADERS += \
	libmapiproxy/rop/mapi_lz77.h \
	libmapiproxy/rop/mapi_ext.h \
	libmapiproxy/rop/mapi_aux.h

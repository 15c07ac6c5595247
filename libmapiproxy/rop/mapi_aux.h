/*
 * Auxiliary blocks of rgbAuxIn / rgbAuxOut (MS-OXCRPC §2.2.2.2,
 * §3.1.4.1.2): a payload of AUX_HEADER + block structures, wrapped in an
 * RPC_HEADER_EXT like any extended buffer.
 *
 * Every documented block layout is described once below, as a list of
 * (wire kind, field name); that one description generates the C structs
 * here and the parse/serialize/print tables in aux_layouts.c.  Blocks whose
 * Type/Version we do not know are kept as opaque bytes and re-emitted
 * unchanged.  Variable data behind the fixed fields (the strings that the
 * *Offset fields point to, relative to the start of the AUX_HEADER) is kept
 * as bytes too, so a block round-trips byte for byte.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef MAPIPROXY_MAPI_AUX_H
#define MAPIPROXY_MAPI_AUX_H

#include "mapi_ext.h"

#define MAPI_AUX_HEADER_SIZE	4
#define MAPI_AUX_VERSION_1	0x01
#define MAPI_AUX_VERSION_2	0x02

/* AUX_HEADER Type values (MS-OXCRPC §2.2.2.2). */
#define MAPI_AUX_TYPE_PERF_REQUESTID		0x01
#define MAPI_AUX_TYPE_PERF_CLIENTINFO		0x02
#define MAPI_AUX_TYPE_PERF_SERVERINFO		0x03
#define MAPI_AUX_TYPE_PERF_SESSIONINFO		0x04
#define MAPI_AUX_TYPE_PERF_DEFMDB_SUCCESS	0x05
#define MAPI_AUX_TYPE_PERF_DEFGC_SUCCESS	0x06
#define MAPI_AUX_TYPE_PERF_MDB_SUCCESS		0x07
#define MAPI_AUX_TYPE_PERF_GC_SUCCESS		0x08
#define MAPI_AUX_TYPE_PERF_FAILURE		0x09
#define MAPI_AUX_TYPE_CLIENT_CONTROL		0x0A
#define MAPI_AUX_TYPE_PERF_PROCESSINFO		0x0B
#define MAPI_AUX_TYPE_PERF_BG_DEFMDB_SUCCESS	0x0C
#define MAPI_AUX_TYPE_PERF_BG_DEFGC_SUCCESS	0x0D
#define MAPI_AUX_TYPE_PERF_BG_MDB_SUCCESS	0x0E
#define MAPI_AUX_TYPE_PERF_BG_GC_SUCCESS	0x0F
#define MAPI_AUX_TYPE_PERF_BG_FAILURE		0x10
#define MAPI_AUX_TYPE_PERF_FG_DEFMDB_SUCCESS	0x11
#define MAPI_AUX_TYPE_PERF_FG_DEFGC_SUCCESS	0x12
#define MAPI_AUX_TYPE_PERF_FG_MDB_SUCCESS	0x13
#define MAPI_AUX_TYPE_PERF_FG_GC_SUCCESS	0x14
#define MAPI_AUX_TYPE_PERF_FG_FAILURE		0x15
#define MAPI_AUX_TYPE_OSVERSIONINFO		0x16
#define MAPI_AUX_TYPE_EXORGINFO			0x17
#define MAPI_AUX_TYPE_PERF_ACCOUNTINFO		0x18
#define MAPI_AUX_TYPE_SERVER_CAPABILITIES	0x46
#define MAPI_AUX_TYPE_ENDPOINT_CAPABILITIES	0x48
#define MAPI_AUX_TYPE_CLIENT_CONNECTION_INFO	0x4A
#define MAPI_AUX_TYPE_SERVER_SESSION_INFO	0x4B
#define MAPI_AUX_TYPE_PROTOCOL_DEVICE_IDENTIFICATION 0x4E

/* Wire kinds of the fixed fields; all integers are little-endian. */
typedef uint8_t mapi_aux_u8_t;
typedef uint16_t mapi_aux_u16_t;
typedef uint32_t mapi_aux_u32_t;
typedef uint8_t mapi_aux_guid_t[16];	/* GUID in its wire form */
typedef uint8_t mapi_aux_pad3_t[3];
typedef uint8_t mapi_aux_pad132_t[132];
typedef uint16_t mapi_aux_wstr_t;	/* offset of a NUL-terminated UTF-16 string */

/*
 * The layouts: F(X, kind, FieldName), in wire order, for §2.2.2.2.1-23.
 * Field names are the specification's.
 */
#define MAPI_AUX_PERF_REQUESTID(F, X) \
	F(X, u16, SessionID) F(X, u16, RequestID)
#define MAPI_AUX_PERF_SESSIONINFO(F, X) \
	F(X, u16, SessionID) F(X, u16, Reserved) F(X, guid, SessionGuid)
#define MAPI_AUX_PERF_SESSIONINFO_V2(F, X) \
	MAPI_AUX_PERF_SESSIONINFO(F, X) F(X, u32, ConnectionID)
#define MAPI_AUX_PERF_CLIENTINFO(F, X) \
	F(X, u32, AdapterSpeed) F(X, u16, ClientID) \
	F(X, wstr, MachineNameOffset) F(X, wstr, UserNameOffset) \
	F(X, u16, ClientIPSize) F(X, u16, ClientIPOffset) \
	F(X, u16, ClientIPMaskSize) F(X, u16, ClientIPMaskOffset) \
	F(X, wstr, AdapterNameOffset) F(X, u16, MacAddressSize) \
	F(X, u16, MacAddressOffset) F(X, u16, ClientMode) F(X, u16, Reserved)
#define MAPI_AUX_PERF_SERVERINFO(F, X) \
	F(X, u16, ServerID) F(X, u16, ServerType) \
	F(X, wstr, ServerDNOffset) F(X, wstr, ServerNameOffset)
#define MAPI_AUX_PERF_PROCESSINFO(F, X) \
	F(X, u16, ProcessID) F(X, u16, Reserved_1) F(X, guid, ProcessGuid) \
	F(X, wstr, ProcessNameOffset) F(X, u16, Reserved_2)
#define MAPI_AUX_PERF_DEFMDB_SUCCESS(F, X) \
	F(X, u32, TimeSinceRequest) F(X, u32, TimeToCompleteRequest) \
	F(X, u16, RequestID) F(X, u16, Reserved)
#define MAPI_AUX_PERF_DEFGC_SUCCESS(F, X) \
	F(X, u16, ServerID) F(X, u16, SessionID) \
	F(X, u32, TimeSinceRequest) F(X, u32, TimeToCompleteRequest) \
	F(X, u8, RequestOperation) F(X, pad3, Reserved)
#define MAPI_AUX_PERF_MDB_SUCCESS(F, X) \
	F(X, u16, ClientID) F(X, u16, ServerID) F(X, u16, SessionID) \
	F(X, u16, RequestID) \
	F(X, u32, TimeSinceRequest) F(X, u32, TimeToCompleteRequest)
#define MAPI_AUX_PERF_MDB_SUCCESS_V2(F, X) \
	F(X, u16, ProcessID) F(X, u16, ClientID) F(X, u16, ServerID) \
	F(X, u16, SessionID) F(X, u16, RequestID) F(X, u16, Reserved) \
	F(X, u32, TimeSinceRequest) F(X, u32, TimeToCompleteRequest)
#define MAPI_AUX_PERF_GC_SUCCESS(F, X) \
	F(X, u16, ClientID) F(X, u16, ServerID) F(X, u16, SessionID) \
	F(X, u16, Reserved_1) \
	F(X, u32, TimeSinceRequest) F(X, u32, TimeToCompleteRequest) \
	F(X, u8, RequestOperation) F(X, pad3, Reserved_2)
#define MAPI_AUX_PERF_GC_SUCCESS_V2(F, X) \
	F(X, u16, ProcessID) F(X, u16, ClientID) F(X, u16, ServerID) \
	F(X, u16, SessionID) \
	F(X, u32, TimeSinceRequest) F(X, u32, TimeToCompleteRequest) \
	F(X, u8, RequestOperation) F(X, pad3, Reserved)
#define MAPI_AUX_PERF_FAILURE(F, X) \
	F(X, u16, ClientID) F(X, u16, ServerID) F(X, u16, SessionID) \
	F(X, u16, RequestID) \
	F(X, u32, TimeSinceRequest) F(X, u32, TimeToFailRequest) \
	F(X, u32, ResultCode) F(X, u8, RequestOperation) F(X, pad3, Reserved)
#define MAPI_AUX_PERF_FAILURE_V2(F, X) \
	F(X, u16, ProcessID) F(X, u16, ClientID) F(X, u16, ServerID) \
	F(X, u16, SessionID) F(X, u16, RequestID) F(X, u16, Reserved_1) \
	F(X, u32, TimeSinceRequest) F(X, u32, TimeToFailRequest) \
	F(X, u32, ResultCode) F(X, u8, RequestOperation) F(X, pad3, Reserved_2)
#define MAPI_AUX_CLIENT_CONTROL(F, X) \
	F(X, u32, EnableFlags) F(X, u32, ExpiryTime)
#define MAPI_AUX_OSVERSIONINFO(F, X) \
	F(X, u32, OSVersionInfoSize) F(X, u32, MajorVersion) \
	F(X, u32, MinorVersion) F(X, u32, BuildNumber) \
	F(X, pad132, Reserved_1) F(X, u16, ServicePackMajor) \
	F(X, u16, ServicePackMinor) F(X, u32, Reserved_2)
#define MAPI_AUX_EXORGINFO(F, X) \
	F(X, u32, OrgFlags)
#define MAPI_AUX_PERF_ACCOUNTINFO(F, X) \
	F(X, u16, ClientID) F(X, u16, Reserved) F(X, guid, Account)
#define MAPI_AUX_SERVER_CAPABILITIES(F, X) \
	F(X, u32, ServerCapabilityFlags)
#define MAPI_AUX_ENDPOINT_CAPABILITIES(F, X) \
	F(X, u32, EndpointCapabilityFlags)
#define MAPI_AUX_CLIENT_CONNECTION_INFO(F, X) \
	F(X, guid, ConnectionGUID) F(X, wstr, OffsetConnectionContextInfo) \
	F(X, u16, Reserved) F(X, u32, ConnectionAttempts) \
	F(X, u32, ConnectionFlags)
#define MAPI_AUX_SERVER_SESSION_INFO(F, X) \
	F(X, wstr, OffsetServerSessionContextInfo)
#define MAPI_AUX_PROTOCOL_DEVICE_IDENTIFICATION(F, X) \
	F(X, wstr, DeviceManufacturerOffset) F(X, wstr, DeviceModelOffset) \
	F(X, wstr, DeviceSerialNumberOffset) F(X, wstr, DeviceVersionOffset) \
	F(X, wstr, DeviceFirmwareVersionOffset)

/* L(lower_name, UPPER_NAME): every layout above. */
#define MAPI_AUX_LAYOUTS(L) \
	L(perf_requestid, PERF_REQUESTID) \
	L(perf_sessioninfo, PERF_SESSIONINFO) \
	L(perf_sessioninfo_v2, PERF_SESSIONINFO_V2) \
	L(perf_clientinfo, PERF_CLIENTINFO) \
	L(perf_serverinfo, PERF_SERVERINFO) \
	L(perf_processinfo, PERF_PROCESSINFO) \
	L(perf_defmdb_success, PERF_DEFMDB_SUCCESS) \
	L(perf_defgc_success, PERF_DEFGC_SUCCESS) \
	L(perf_mdb_success, PERF_MDB_SUCCESS) \
	L(perf_mdb_success_v2, PERF_MDB_SUCCESS_V2) \
	L(perf_gc_success, PERF_GC_SUCCESS) \
	L(perf_gc_success_v2, PERF_GC_SUCCESS_V2) \
	L(perf_failure, PERF_FAILURE) \
	L(perf_failure_v2, PERF_FAILURE_V2) \
	L(client_control, CLIENT_CONTROL) \
	L(osversioninfo, OSVERSIONINFO) \
	L(exorginfo, EXORGINFO) \
	L(perf_accountinfo, PERF_ACCOUNTINFO) \
	L(server_capabilities, SERVER_CAPABILITIES) \
	L(endpoint_capabilities, ENDPOINT_CAPABILITIES) \
	L(client_connection_info, CLIENT_CONNECTION_INFO) \
	L(server_session_info, SERVER_SESSION_INFO) \
	L(protocol_device_identification, PROTOCOL_DEVICE_IDENTIFICATION)

#define MAPI_AUX_FIELD_DECL(X, kind, name) mapi_aux_##kind##_t name;
#define MAPI_AUX_STRUCT_DECL(lname, UNAME) \
	struct mapi_aux_##lname { MAPI_AUX_##UNAME(MAPI_AUX_FIELD_DECL, _) };
MAPI_AUX_LAYOUTS(MAPI_AUX_STRUCT_DECL)
#undef MAPI_AUX_STRUCT_DECL

#define MAPI_AUX_ENUM_DECL(lname, UNAME) MAPI_AUX_LAYOUT_##UNAME,
enum mapi_aux_layout_id {
	MAPI_AUX_LAYOUT_OPAQUE = 0,	/* unknown Type/Version: body kept as bytes */
	MAPI_AUX_LAYOUTS(MAPI_AUX_ENUM_DECL)
	MAPI_AUX_LAYOUT_COUNT
};
#undef MAPI_AUX_ENUM_DECL

#define MAPI_AUX_UNION_DECL(lname, UNAME) struct mapi_aux_##lname lname;
union mapi_aux_body {
	MAPI_AUX_LAYOUTS(MAPI_AUX_UNION_DECL)
};
#undef MAPI_AUX_UNION_DECL

struct mapi_aux_block {
	uint16_t size;		/* AUX_HEADER Size as read; push recomputes it */
	uint8_t version;
	uint8_t type;
	enum mapi_aux_layout_id layout;	/* which member of u is valid */
	union mapi_aux_body u;
	/*
	 * Known layout: the bytes after the fixed fields (variable data).
	 * Opaque: the whole body after the AUX_HEADER.
	 */
	DATA_BLOB data;
};

struct mapi_aux_list {
	uint32_t num_blocks;
	struct mapi_aux_block *blocks;
};

/* An rgbAuxIn/rgbAuxOut buffer: its RPC_HEADER_EXT flags and its blocks. */
struct mapi_aux_buffer {
	uint16_t flags;		/* Compressed/XorMagic of the first header */
	struct mapi_aux_list list;
};

/* "AUX_PERF_REQUESTID", ... or NULL for MAPI_AUX_LAYOUT_OPAQUE. */
const char *mapi_aux_layout_name(enum mapi_aux_layout_id id);
/* Fixed size of a layout's fields, without the AUX_HEADER. */
size_t mapi_aux_layout_size(enum mapi_aux_layout_id id);
/* The layout of a Type/Version pair, MAPI_AUX_LAYOUT_OPAQUE if unknown. */
enum mapi_aux_layout_id mapi_aux_layout_lookup(uint8_t type, uint8_t version);
/* "AUX_TYPE_PERF_REQUESTID", ... or NULL for an unknown type. */
const char *mapi_aux_type_name(uint8_t type);

/*
 * Split a decoded aux payload into blocks.  A truncated AUX_HEADER, a Size
 * below 4 or past the end of the payload gives NT_STATUS_INVALID_PARAMETER
 * and a DEBUG line.  A known Type whose Size is too small for its layout is
 * kept opaque.  *out hangs off mem_ctx.
 */
NTSTATUS mapi_aux_parse(TALLOC_CTX *mem_ctx, DATA_BLOB payload,
			struct mapi_aux_list **out);

/* Serialize blocks; Size is recomputed from the fields and data. */
NTSTATUS mapi_aux_push(TALLOC_CTX *mem_ctx, const struct mapi_aux_list *list,
		       DATA_BLOB *payload);

/* rgbAux buffer (RPC_HEADER_EXT chain) to blocks, through mapi_ext_unpack. */
NTSTATUS mapi_aux_unpack(TALLOC_CTX *mem_ctx, DATA_BLOB in,
			 struct mapi_aux_buffer **out);

/* Blocks to an rgbAux buffer of one segment, with aux->flags, within max_out. */
NTSTATUS mapi_aux_pack(TALLOC_CTX *mem_ctx, const struct mapi_aux_buffer *aux,
		       size_t max_out, DATA_BLOB *out);

/* ndr_print-style dumps, for mapiproxy-ndrdump. */
void mapi_aux_print_block(struct ndr_print *ndr, const char *name,
			  const struct mapi_aux_block *b);
void mapi_aux_print_list(struct ndr_print *ndr, const char *name,
			 const struct mapi_aux_list *list);

#endif /* MAPIPROXY_MAPI_AUX_H */

/*
 * ROP buffers of EMSMDB (MS-OXCROPS): parse the request and response ROP
 * buffers that the payload codec has already taken out of their
 * RPC_HEADER_EXT framing, let modules walk and change them, and serialize
 * them back byte for byte.
 *
 * A ROP buffer is RopSize (uint16, counting itself and the ROPs), the ROPs,
 * then the server object handle table (uint32 each) up to the end.  Some
 * response layouts depend on earlier requests (the columns a RopSetColumns
 * set on a table, the tags of a RopGetPropertiesSpecific, the kind of a
 * logon): struct rop_state remembers what is needed, per association, keyed
 * by server object handle value.
 *
 * Anything this layer cannot decode returns an NTSTATUS error and logs the
 * reason and the offset at DEBUG level 3; the caller then relays the
 * payload unchanged.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef MAPIPROXY_ROP_H
#define MAPIPROXY_ROP_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <talloc.h>
#include <ndr.h>

/* Raw bytes: binary values, strings without their terminator. */
struct rop_blob {
	uint8_t *data;
	uint32_t length;
};

/* Property types of MS-OXCDATA 2.11.1 */
#define ROP_PT_UNSPECIFIED 0x0000
#define ROP_PT_NULL        0x0001
#define ROP_PT_I2          0x0002
#define ROP_PT_LONG        0x0003
#define ROP_PT_FLOAT       0x0004
#define ROP_PT_DOUBLE      0x0005
#define ROP_PT_CURRENCY    0x0006
#define ROP_PT_APPTIME     0x0007
#define ROP_PT_ERROR       0x000A
#define ROP_PT_BOOLEAN     0x000B
#define ROP_PT_OBJECT      0x000D
#define ROP_PT_I8          0x0014
#define ROP_PT_STRING8     0x001E
#define ROP_PT_UNICODE     0x001F
#define ROP_PT_SYSTIME     0x0040
#define ROP_PT_CLSID       0x0048
#define ROP_PT_SVREID      0x00FB
#define ROP_PT_SRESTRICT   0x00FD
#define ROP_PT_ACTIONS     0x00FE
#define ROP_PT_BINARY      0x0102
#define ROP_PT_MV          0x1000

struct rop_restriction;

/*
 * A property value (MS-OXCDATA 2.11.1).  Fixed-size values live in u (the
 * bits as on the wire: floats are not converted); strings, binaries, GUIDs
 * and server ids in bin; multi-valued ones in mv_u or mv_bin (count items).
 */
struct rop_propval {
	uint16_t type;
	uint64_t u;
	struct rop_blob bin;
	struct rop_restriction *res;
	uint32_t count;
	uint64_t *mv_u;
	struct rop_blob *mv_bin;
};

/* TaggedPropertyValue (MS-OXCDATA 2.11.4) */
struct rop_tagged_value {
	uint32_t tag;
	struct rop_propval value;
};

/*
 * One column of a PropertyRow (MS-OXCDATA 2.8.1): flag is used only in
 * flagged rows (0x00 value, 0x01 none, 0x0A error code in value.u).
 */
struct rop_rowval {
	uint8_t flag;
	struct rop_propval value;
};

/* PropertyRow; columns is shared with the other rows of the same ROP. */
struct rop_property_row {
	uint8_t flag;             /* 0x00 standard, 0x01 flagged */
	uint32_t ncols;
	const uint32_t *columns;
	struct rop_rowval *values;
};

/* PropertyName (MS-OXCDATA 2.6.1) */
struct rop_property_name {
	uint8_t kind;             /* 0x00 LID, 0x01 name, 0xFF none */
	uint8_t guid[16];
	uint32_t lid;
	uint8_t name_size;
	struct rop_blob name;     /* UTF-16LE, with its terminator */
};

/* TypedString (MS-OXCDATA 2.11.6? used by RopOpenMessage) */
struct rop_typed_string {
	uint8_t string_type;      /* 0 none, 1 empty, 2 8-bit, 3 reduced, 4 UTF-16 */
	struct rop_blob string;
};

/* Restriction (MS-OXCDATA 2.12), recursive, bounded in depth. */
#define ROP_RESTRICTION_MAX_DEPTH 32
struct rop_restriction {
	uint8_t rt;               /* RestrictType */
	uint8_t relop;
	uint16_t fuzzy_low, fuzzy_high;
	uint32_t tag, tag2;
	uint32_t value32;         /* Mask, Size, Count or SubObject */
	uint32_t count;           /* sub-restrictions (And/Or) */
	struct rop_restriction *subs;
	uint8_t nvalues;          /* Comment restriction */
	struct rop_tagged_value *values;
	bool has_sub;             /* Not, SubObject, Count; Comment if present */
};

/* RecipientRow (MS-OXCDATA 2.8.3), with its flag-dependent fields */
struct rop_recipient_row {
	bool absent;              /* RecipientRowSize 0 (a row to delete) */
	uint16_t flags;
	uint8_t address_prefix_used;
	uint8_t display_type;
	struct rop_blob x500dn;
	uint16_t entry_id_size;
	struct rop_blob entry_id;
	uint16_t search_key_size;
	struct rop_blob search_key;
	struct rop_blob address_type;
	struct rop_blob email_address;
	struct rop_blob display_name;
	struct rop_blob simple_display_name;
	struct rop_blob transmittable_display_name;
	uint16_t column_count;
	/* properties decoded when the columns were known, kept raw otherwise */
	bool decoded;
	struct rop_property_row properties;
	struct rop_blob raw_properties;
};

/*
 * NotificationData (MS-OXCNOTIF 2.2.1.4.1.2).  The fields present depend on
 * NotificationFlags (and TableEventType); decoded says the fields below
 * hold them.  A NotificationType the specification does not define is kept
 * in raw, which then holds everything after the flags up to the end of the
 * ROPs.
 * A TableModified notification's TableRowFolderID and TableRowMessageID
 * are fid and mid; MessageClass is ASCII or, with unicode_flag, UTF-16LE,
 * without its terminator.
 */
struct rop_notification {
	uint16_t flags;
	bool decoded;
	struct rop_blob raw;
	/* TableModified */
	uint16_t table_event;
	uint64_t fid, mid, parent_fid, old_fid, old_mid, old_parent_fid;
	uint32_t instance, insert_after_instance;
	uint64_t insert_after_fid, insert_after_mid;
	uint16_t row_data_size;
	struct rop_blob row_data;
	uint16_t tag_count;
	uint32_t *tags;
	uint32_t total_message_count, unread_message_count;
	uint32_t message_flags;
	uint8_t unicode_flag;
	struct rop_blob message_class;
};

#include "rop_gen.h"

enum rop_flags {
	ROP_F_NO_RESPONSE = 0x01,    /* RopRelease */
	ROP_F_OPENS = 0x02,          /* creates a server object at out_slot */
	ROP_F_SETS_COLUMNS = 0x04,
	ROP_F_RELEASE = 0x08,
	ROP_F_RESPONSE_ONLY = 0x10,  /* RopNotify, RopPending, ... */
	ROP_F_NO_RSP_HEADER = 0x20,  /* no handle index nor ReturnValue */
};

struct rop_request {
	uint8_t rop_id;
	uint8_t logon_id;
	/* InputHandleIndex, OutputHandleIndex, ... in wire order: see
	 * rop_info_by_id(rop_id)->handle_idx_names */
	uint8_t handle_idx[2];
	union rop_request_u u;
};

struct rop_response {
	uint8_t rop_id;
	uint8_t handle_idx;
	uint32_t return_value;
	/* The request this answers (in the request buffer given to the
	 * parser), NULL for RopNotify, RopPending, RopBackoff and
	 * RopBufferTooSmall.  Serializing uses it where the layout depends
	 * on the request. */
	const struct rop_request *request;
	union rop_response_u u;
};

struct rop_request_buffer {
	uint32_t num_rops;
	struct rop_request **rops;
	uint32_t num_handles;
	uint32_t *handles;
};

struct rop_response_buffer {
	uint32_t num_rops;
	struct rop_response **rops;
	uint32_t num_handles;
	uint32_t *handles;
};

struct rop_pull;
struct rop_push;

/* What the generated tables know of each ROP. */
struct rop_info {
	uint8_t id;
	const char *name;
	uint8_t num_handle_idx;
	const char *handle_idx_names[2];
	int8_t in_slot, out_slot;
	const char *rsp_handle_idx_name;
	uint32_t flags;
	bool (*pull_req)(struct rop_pull *, union rop_request_u *);
	bool (*push_req)(struct rop_push *, const union rop_request_u *);
	void (*print_req)(struct ndr_print *, const union rop_request_u *);
	bool (*pull_rsp)(struct rop_pull *, union rop_response_u *,
			 const union rop_request_u *, const struct rop_response *);
	bool (*push_rsp)(struct rop_push *, const union rop_response_u *,
			 const union rop_request_u *, const struct rop_response *);
	void (*print_rsp)(struct ndr_print *, const union rop_response_u *,
			  const union rop_request_u *, const struct rop_response *);
};

/* The description of a ROP id, NULL for an id MS-OXCROPS does not define. */
const struct rop_info *rop_info_by_id(uint8_t id);
/* The i-th known ROP (for iteration), NULL past the end. */
const struct rop_info *rop_info_at(size_t i);

/* Per-association decoding state; hang it off the association. */
struct rop_state;
struct rop_state *rop_state_new(TALLOC_CTX *mem_ctx);
/* Number of server objects the state currently tracks. */
uint32_t rop_state_num_objects(const struct rop_state *state);

/*
 * Parse a ROP request buffer.  state may be NULL: then the few requests
 * whose layout depends on the logon kind (RopSetMessageReadFlag) fail.
 */
NTSTATUS rop_request_buffer_pull(TALLOC_CTX *mem_ctx,
				 const uint8_t *data, size_t length,
				 struct rop_state *state,
				 struct rop_request_buffer **out);

/* Where and why a parse stopped, for tools that show it (the proxy only
 * logs it).  reason is a static string; offset counts from RopSize. */
struct rop_pull_error {
	const char *reason;
	uint32_t offset;
	uint8_t rop_id;		/* the ROP being parsed (0: none yet) */
	uint32_t rop_index;	/* ROPs parsed before it */
};

/*
 * As rop_request_buffer_pull(), but a failure still returns, in *out, the
 * ROPs parsed before the one that failed and the handle table (empty if
 * RopSize itself was wrong), and fills *err.  *out is set in both cases.
 */
NTSTATUS rop_request_buffer_pull_partial(TALLOC_CTX *mem_ctx,
					 const uint8_t *data, size_t length,
					 struct rop_state *state,
					 struct rop_request_buffer **out,
					 struct rop_pull_error *err);

/* Serialize; the result hangs off mem_ctx. */
NTSTATUS rop_request_buffer_push(TALLOC_CTX *mem_ctx,
				 const struct rop_request_buffer *buf,
				 DATA_BLOB *out);

/*
 * Parse the response buffer that answers req (as it was sent upstream).
 * state is updated in order (objects opened and released, columns set,
 * logons); state may be NULL, then responses that need it fail.
 */
NTSTATUS rop_response_buffer_pull(TALLOC_CTX *mem_ctx,
				  const uint8_t *data, size_t length,
				  const struct rop_request_buffer *req,
				  struct rop_state *state,
				  struct rop_response_buffer **out);

/*
 * As rop_response_buffer_pull(), with partial results as in
 * rop_request_buffer_pull_partial().  req may be NULL: each response is
 * then parsed without its request, which works until the first ROP whose
 * layout depends on the request or on the state ("response needs its
 * request", "columns of the table unknown ..."), which fails with
 * NT_STATUS_NOT_FOUND.
 */
NTSTATUS rop_response_buffer_pull_partial(TALLOC_CTX *mem_ctx,
					  const uint8_t *data, size_t length,
					  const struct rop_request_buffer *req,
					  struct rop_state *state,
					  struct rop_response_buffer **out,
					  struct rop_pull_error *err);

NTSTATUS rop_response_buffer_push(TALLOC_CTX *mem_ctx,
				  const struct rop_response_buffer *buf,
				  DATA_BLOB *out);

/*
 * One PropertyRow (MS-OXCDATA 2.8.1) on its own, as a TableModified
 * notification's TableRowData carries it: its bytes, and the row back
 * from bytes given the columns it was made with (which must fill them
 * exactly).  The pulled row's values hang off mem and point into data.
 */
NTSTATUS rop_property_row_push(TALLOC_CTX *mem_ctx, const struct rop_property_row *row,
			       struct rop_blob *out);
NTSTATUS rop_property_row_pull(TALLOC_CTX *mem_ctx, const uint8_t *data, size_t length,
			       const uint32_t *cols, uint32_t ncols,
			       struct rop_property_row *out);

/* Insert rop (now owned by buf) before position pos (num_rops: append). */
NTSTATUS rop_request_buffer_insert(struct rop_request_buffer *buf,
				   uint32_t pos, struct rop_request *rop);
NTSTATUS rop_response_buffer_insert(struct rop_response_buffer *buf,
				    uint32_t pos, struct rop_response *rop);
/* Drop (and free) the ROP at pos. */
NTSTATUS rop_request_buffer_remove(struct rop_request_buffer *buf, uint32_t pos);
NTSTATUS rop_response_buffer_remove(struct rop_response_buffer *buf, uint32_t pos);

/* ndr_print style dumps, for dumpdata and mapiproxy-ndrdump. */
void ndr_print_rop_request(struct ndr_print *ndr, const char *name,
			   const struct rop_request *r);
void ndr_print_rop_response(struct ndr_print *ndr, const char *name,
			    const struct rop_response *r);
void ndr_print_rop_request_buffer(struct ndr_print *ndr, const char *name,
				  const struct rop_request_buffer *r);
void ndr_print_rop_response_buffer(struct ndr_print *ndr, const char *name,
				   const struct rop_response_buffer *r);

#endif /* MAPIPROXY_ROP_H */

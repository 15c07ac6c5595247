/*
 * Internals of the ROP layer shared by the hand-written and the generated
 * code: the bounded read cursor, the growing write buffer, the primitive
 * and MS-OXCDATA type codecs.  Not installed.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef MAPIPROXY_ROP_PRIVATE_H
#define MAPIPROXY_ROP_PRIVATE_H

#include <string.h>
#include <util/debug.h>
#include "rop.h"

/* A read cursor that never goes past end; the first failure is kept. */
struct rop_pull {
	const uint8_t *data;
	uint32_t ofs;
	uint32_t end;
	TALLOC_CTX *mem;            /* what parsed values hang off */
	NTSTATUS status;
	const char *reason;
	uint32_t err_ofs;
	/* columns for the PropertyRows being parsed (NULL: unknown) */
	const uint32_t *cols;
	uint32_t ncols;
	/* what the state-dependent layouts need */
	struct rop_state *state;
	const struct rop_state_object *object;  /* the input object */
	uint8_t logon_id;
	unsigned depth;             /* restriction nesting */
};

struct rop_push {
	uint8_t *data;
	size_t len;
	size_t alloc;
	TALLOC_CTX *mem;
	const char *reason;
};

/* What the state knows of one server object (handle value). */
struct rop_state_object {
	uint32_t handle;
	uint8_t opened_by;          /* ROP id that created it */
	bool has_columns;
	uint32_t ncolumns;
	uint32_t *columns;          /* RopSetColumns, or recipient columns */
};

bool rop_pull_fail(struct rop_pull *p, NTSTATUS status, const char *reason);
bool rop_pull_nomem(struct rop_pull *p);
bool rop_pull_check_count(struct rop_pull *p, uint64_t count, uint32_t min_size);
bool rop_pull_u8(struct rop_pull *p, uint8_t *v);
bool rop_pull_u16(struct rop_pull *p, uint16_t *v);
bool rop_pull_u32(struct rop_pull *p, uint32_t *v);
bool rop_pull_u64(struct rop_pull *p, uint64_t *v);
bool rop_pull_bytes(struct rop_pull *p, uint8_t *v, uint32_t n);
bool rop_pull_blob(struct rop_pull *p, struct rop_blob *b, uint32_t n);
bool rop_pull_asciiz(struct rop_pull *p, struct rop_blob *b);
bool rop_pull_utf16z(struct rop_pull *p, struct rop_blob *b);

bool rop_push_fail(struct rop_push *q, const char *reason);
bool rop_push_u8(struct rop_push *q, uint8_t v);
bool rop_push_u16(struct rop_push *q, uint16_t v);
bool rop_push_u32(struct rop_push *q, uint32_t v);
bool rop_push_u64(struct rop_push *q, uint64_t v);
bool rop_push_bytes(struct rop_push *q, const uint8_t *v, size_t n);
bool rop_push_blob_checked(struct rop_push *q, const struct rop_blob *b,
			   uint64_t declared, const char *name);
bool rop_push_asciiz(struct rop_push *q, const struct rop_blob *b);
bool rop_push_utf16z(struct rop_push *q, const struct rop_blob *b);
bool rop_push_patch_u16(struct rop_push *q, size_t ofs, size_t value);

void rop_print_u8(struct ndr_print *ndr, const char *name, uint8_t v);
void rop_print_u16(struct ndr_print *ndr, const char *name, uint16_t v);
void rop_print_u32(struct ndr_print *ndr, const char *name, uint32_t v);
void rop_print_u64(struct ndr_print *ndr, const char *name, uint64_t v);
void rop_print_asciiz(struct ndr_print *ndr, const char *name, const struct rop_blob *b);
void rop_print_utf16z(struct ndr_print *ndr, const char *name, const struct rop_blob *b);

/* MS-OXCDATA types (rop_data.c) */
#define ROP_DATA_CODEC(kind, ctype) \
	bool rop_pull_##kind(struct rop_pull *p, ctype *v); \
	bool rop_push_##kind(struct rop_push *q, const ctype *v); \
	void rop_print_##kind(struct ndr_print *ndr, const char *name, const ctype *v);
ROP_DATA_CODEC(tpv, struct rop_tagged_value)
ROP_DATA_CODEC(typedval, struct rop_propval)
ROP_DATA_CODEC(propname, struct rop_property_name)
ROP_DATA_CODEC(typedstr, struct rop_typed_string)
ROP_DATA_CODEC(row, struct rop_property_row)
ROP_DATA_CODEC(recipient_row, struct rop_recipient_row)
ROP_DATA_CODEC(notification, struct rop_notification)
#undef ROP_DATA_CODEC
bool rop_pull_restriction(struct rop_pull *p, struct rop_restriction **v);
bool rop_push_restriction(struct rop_push *q, const struct rop_restriction *v);
void rop_print_restriction(struct ndr_print *ndr, const char *name,
			   const struct rop_restriction *v);
bool rop_pull_sized_restriction(struct rop_pull *p, struct rop_restriction **v,
				uint32_t size);
bool rop_push_sized_restriction(struct rop_push *q,
				struct rop_restriction *const *v, size_t size_ofs);
bool rop_pull_sized_recipient_row(struct rop_pull *p,
				  struct rop_recipient_row *v, uint32_t size);
bool rop_push_sized_recipient_row(struct rop_push *q,
				  const struct rop_recipient_row *v,
				  size_t size_ofs);
bool rop_pull_propval(struct rop_pull *p, uint16_t type, struct rop_propval *v);
bool rop_push_propval(struct rop_push *q, const struct rop_propval *v);
void rop_print_propval(struct ndr_print *ndr, const char *name,
		       const struct rop_propval *v);

/* State-dependent inputs (rop_state.c) */
bool rop_pull_state_columns(struct rop_pull *p);
void rop_pull_state_columns_optional(struct rop_pull *p);
void rop_pull_receive_folder_columns(struct rop_pull *p);
bool rop_pull_logon_public(struct rop_pull *p, uint8_t *v);

#endif

/*
 * Named properties (MS-OXCPRPT 3.2.5.8/3.2.5.9): the per-mailbox mapping
 * of PropertyName (GUID plus LID or name) to property ids from 0x8000.
 * Names in PS_MAPI are not mapped: their id is their LID (MS-OXPROPS 1.3.2).
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "es_private.h"

#define KIND_LID 0x00
#define KIND_NAME 0x01
#define FIRST_NAMED_ID 0x8000
#define LAST_NAMED_ID 0xFFFE

/* {00020328-0000-0000-C000-000000000046} */
static const uint8_t ps_mapi[16] = {
	0x28, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
	0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46 };

static char *hex(TALLOC_CTX *mem, const uint8_t *p, size_t n)
{
	char *s = talloc_array(mem, char, 2 * n + 1);
	size_t i;
	if (s == NULL) return NULL;
	for (i = 0; i < n; i++) snprintf(s + 2 * i, 3, "%02x", p[i]);
	s[2 * n] = '\0';
	return s;
}

static char *name_key(TALLOC_CTX *mem, const struct es_mailbox *mbx,
		      const struct rop_property_name *n)
{
	char *g = hex(mem, n->guid, 16);
	if (g == NULL) return NULL;
	if (n->kind == KIND_LID) {
		return talloc_asprintf(mem, "np/%u/%s/L%08x", mbx->num, g, n->lid);
	}
	/* Names compare case-sensitively, as bytes of UTF-16LE. */
	return talloc_asprintf(mem, "np/%u/%s/N%s", mbx->num, g,
			       hex(mem, n->name.data, n->name.length) ?: "");
}

static char *id_key(TALLOC_CTX *mem, const struct es_mailbox *mbx, uint16_t id)
{
	return talloc_asprintf(mem, "npid/%u/%04x", mbx->num, id);
}

uint32_t es_named_to_id(TALLOC_CTX *mem, struct emsmdb_store *st,
			struct es_mailbox *mbx, const struct rop_property_name *name,
			bool create, uint16_t *id)
{
	struct es_rd r;
	struct es_buf b = { .mem = mem }, bi = { .mem = mem };
	char *key;
	uint64_t unused;

	*id = 0;
	if (name->kind != KIND_LID && name->kind != KIND_NAME) return EC_INVALID_PARAM;
	if (name->kind == KIND_LID && memcmp(name->guid, ps_mapi, 16) == 0) {
		if (name->lid >= FIRST_NAMED_ID) return EC_INVALID_PARAM;
		*id = (uint16_t)name->lid;
		return EC_SUCCESS;
	}
	key = name_key(mem, mbx, name);
	if (key == NULL) return EC_NOT_ENOUGH_MEMORY;
	if (es_rec_fetch(mem, st, key, &r)) {
		*id = es_get_u16(&r);
		return r.failed ? EC_ERROR : EC_SUCCESS;
	}
	if (!create) return EC_NOT_FOUND;
	/* es_alloc_id reloads the mailbox's counters from the store. */
	if (!es_alloc_id(st, mbx, &unused)) return EC_ERROR;
	if (mbx->next_named_id < FIRST_NAMED_ID || mbx->next_named_id > LAST_NAMED_ID) {
		return EC_NOT_ENOUGH_MEMORY;
	}
	*id = mbx->next_named_id++;
	es_put_u16(&b, *id);
	es_put_u8(&bi, name->kind);
	es_put_bytes(&bi, name->guid, 16);
	es_put_u32(&bi, name->lid);
	es_put_blob(&bi, &name->name);
	if (!es_mailbox_save(st, mbx) || !es_rec_store(st, key, &b) ||
	    !es_rec_store(st, id_key(mem, mbx, *id), &bi)) {
		return EC_ERROR;
	}
	return EC_SUCCESS;
}

uint32_t es_named_from_id(TALLOC_CTX *mem, struct emsmdb_store *st,
			  const struct es_mailbox *mbx, uint16_t id,
			  struct rop_property_name *out)
{
	struct es_rd r;
	char *key;

	*out = (struct rop_property_name) { .kind = 0xFF };
	if (id < FIRST_NAMED_ID) {
		out->kind = KIND_LID;
		memcpy(out->guid, ps_mapi, 16);
		out->lid = id;
		return EC_SUCCESS;
	}
	key = id_key(mem, mbx, id);
	if (key == NULL) return EC_NOT_ENOUGH_MEMORY;
	if (!es_rec_fetch(mem, st, key, &r)) return EC_NOT_FOUND;
	out->kind = es_get_u8(&r);
	es_get_bytes(&r, out->guid, 16);
	out->lid = es_get_u32(&r);
	es_get_blob(&r, mem, &out->name);
	if (r.failed || out->name.length > 0xff) return EC_ERROR;
	out->name_size = out->name.length;
	return EC_SUCCESS;
}

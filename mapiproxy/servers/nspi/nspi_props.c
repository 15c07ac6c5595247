/*
 * Address book properties of the NSPI server: how a directory entry's
 * attributes become MS-OXOABK properties (the table is documented in
 * doc/nspi-server.md), in the type the client asked for, and the Entry
 * IDs of MS-NSPI 2.2.9.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <stddef.h>
#include <string.h>
#include "mapiproxy/servers/nspi/nspi.h"

/* 2.2.9.3: the ProviderUID of permanent Entry IDs,
 * {C840A7DC-42C0-1A10-B4B9-08002B2FE182} in its on-the-wire byte order */
static const uint8_t GUID_NSPI[16] = {
	0xDC, 0xA7, 0x40, 0xC8, 0xC0, 0x42, 0x10, 0x1A,
	0xB4, 0xB9, 0x08, 0x00, 0x2B, 0x2F, 0xE1, 0x82
};

/* MS-OXOABK property ids */
enum {
	PidObjectType = 0x0FFE, PidEntryId = 0x0FFF, PidInstanceKey = 0x0FF6,
	PidRecordKey = 0x0FF9, PidDisplayName = 0x3001, PidAddressType = 0x3002,
	PidEmailAddress = 0x3003, PidComment = 0x3004, PidDepth = 0x3005,
	PidSearchKey = 0x300B, PidContainerFlags = 0x3600, PidDisplayType = 0x3900,
	PidSmtpAddress = 0x39FE, PidDisplayNamePrintable = 0x39FF, PidAccount = 0x3A00,
	PidGivenName = 0x3A06, PidBusinessPhone = 0x3A08, PidInitials = 0x3A0A,
	PidSurname = 0x3A11, PidCompany = 0x3A16, PidTitle = 0x3A17,
	PidDepartment = 0x3A18, PidOffice = 0x3A19, PidPrimaryPhone = 0x3A1A,
	PidMobilePhone = 0x3A1C, PidTransmittableDisplayName = 0x3A20,
	PidCountry = 0x3A26, PidLocality = 0x3A27, PidState = 0x3A28,
	PidStreet = 0x3A29, PidPostalCode = 0x3A2A, PidHomeMdb = 0x8006,
	PidProxyAddresses = 0x800F, PidObjectGuid = 0x8C6D, PidIsMaster = 0xFFFB,
	PidContainerId = 0xFFFD
};

/* Plain string properties: one attribute each. */
static const struct {
	uint16_t id;
	size_t offset;
} string_props[] = {
	{ PidDisplayName, offsetof(struct nspi_entry, display_name) },
	{ PidTransmittableDisplayName, offsetof(struct nspi_entry, display_name) },
	{ PidEmailAddress, offsetof(struct nspi_entry, legacy_dn) },
	{ PidSmtpAddress, offsetof(struct nspi_entry, mail) },
	{ PidAccount, offsetof(struct nspi_entry, account) },
	{ PidGivenName, offsetof(struct nspi_entry, given_name) },
	{ PidSurname, offsetof(struct nspi_entry, surname) },
	{ PidInitials, offsetof(struct nspi_entry, initials) },
	{ PidTitle, offsetof(struct nspi_entry, title) },
	{ PidDepartment, offsetof(struct nspi_entry, department) },
	{ PidCompany, offsetof(struct nspi_entry, company) },
	{ PidOffice, offsetof(struct nspi_entry, office) },
	{ PidBusinessPhone, offsetof(struct nspi_entry, phone) },
	{ PidPrimaryPhone, offsetof(struct nspi_entry, phone) },
	{ PidMobilePhone, offsetof(struct nspi_entry, mobile) },
	{ PidStreet, offsetof(struct nspi_entry, street) },
	{ PidLocality, offsetof(struct nspi_entry, locality) },
	{ PidState, offsetof(struct nspi_entry, state) },
	{ PidPostalCode, offsetof(struct nspi_entry, postal_code) },
	{ PidCountry, offsetof(struct nspi_entry, country) },
	{ PidComment, offsetof(struct nspi_entry, comment) },
};

/* Every property an entry can have, in GetPropList's order; strings as
 * PT_UNICODE here, turned into PT_STRING8 for 8-bit clients. */
static const uint32_t all_props[] = {
	PROP_TAG(PT_BINARY, PidEntryId), PROP_TAG(PT_LONG, PidObjectType),
	PROP_TAG(PT_LONG, PidDisplayType), PROP_TAG(PT_BINARY, PidInstanceKey),
	PROP_TAG(PT_BINARY, PidRecordKey), PROP_TAG(PT_BINARY, PidSearchKey),
	PROP_TAG(PT_LONG, PidContainerId), PROP_TAG(PT_UNICODE, PidDisplayName),
	PROP_TAG(PT_UNICODE, PidTransmittableDisplayName),
	PROP_TAG(PT_UNICODE, PidDisplayNamePrintable), PROP_TAG(PT_UNICODE, PidAddressType),
	PROP_TAG(PT_UNICODE, PidEmailAddress), PROP_TAG(PT_UNICODE, PidSmtpAddress),
	PROP_TAG(PT_UNICODE, PidAccount), PROP_TAG(PT_MV_UNICODE, PidProxyAddresses),
	PROP_TAG(PT_STRING8, PidHomeMdb), PROP_TAG(PT_BINARY, PidObjectGuid),
	PROP_TAG(PT_UNICODE, PidGivenName), PROP_TAG(PT_UNICODE, PidSurname),
	PROP_TAG(PT_UNICODE, PidInitials), PROP_TAG(PT_UNICODE, PidTitle),
	PROP_TAG(PT_UNICODE, PidDepartment), PROP_TAG(PT_UNICODE, PidCompany),
	PROP_TAG(PT_UNICODE, PidOffice), PROP_TAG(PT_UNICODE, PidBusinessPhone),
	PROP_TAG(PT_UNICODE, PidPrimaryPhone), PROP_TAG(PT_UNICODE, PidMobilePhone),
	PROP_TAG(PT_UNICODE, PidStreet), PROP_TAG(PT_UNICODE, PidLocality),
	PROP_TAG(PT_UNICODE, PidState), PROP_TAG(PT_UNICODE, PidPostalCode),
	PROP_TAG(PT_UNICODE, PidCountry), PROP_TAG(PT_UNICODE, PidComment),
};

/* MS-NSPI 3.1.4.1.8: the columns of NspiQueryRows when the client names none */
static const uint32_t default_columns[] = {
	PROP_TAG(PT_LONG, PidContainerId), PROP_TAG(PT_LONG, PidObjectType),
	PROP_TAG(PT_LONG, PidDisplayType), PROP_TAG(PT_UNICODE, PidDisplayName),
	PROP_TAG(PT_UNICODE, PidPrimaryPhone), PROP_TAG(PT_UNICODE, PidDepartment),
	PROP_TAG(PT_UNICODE, PidOffice),
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

uint32_t nspi_entry_display_type(const struct nspi_entry *e)
{
	switch (e->kind) {
	case NSPI_GROUP:
		return DT_DISTLIST;
	case NSPI_CONTACT:
		return DT_REMOTE_MAILUSER;
	case NSPI_USER:
		break;
	}
	return DT_MAILUSER;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = v & 0xFF;
	p[1] = (v >> 8) & 0xFF;
	p[2] = (v >> 16) & 0xFF;
	p[3] = (v >> 24) & 0xFF;
}

DATA_BLOB nspi_ephemeral_entryid(TALLOC_CTX *mem_ctx, const uint8_t server_guid[16],
				 uint32_t display_type, uint32_t mid)
{
	DATA_BLOB b = data_blob_talloc_zero(mem_ctx, 32);

	if (b.data == NULL) {
		return b;
	}
	b.data[0] = 0x87;			/* ID Type: ephemeral */
	memcpy(b.data + 4, server_guid, 16);	/* ProviderUID */
	put_le32(b.data + 20, 1);		/* R4 */
	put_le32(b.data + 24, display_type);
	put_le32(b.data + 28, mid);
	return b;
}

DATA_BLOB nspi_permanent_entryid(TALLOC_CTX *mem_ctx, uint32_t display_type,
				 const char *dn)
{
	size_t len = strlen(dn) + 1;
	DATA_BLOB b = data_blob_talloc_zero(mem_ctx, 28 + len);

	if (b.data == NULL) {
		return b;
	}
	/* ID Type 0x00 and R1-R3 stay zero */
	memcpy(b.data + 4, GUID_NSPI, 16);
	put_le32(b.data + 20, 1);		/* R4 */
	put_le32(b.data + 24, display_type);
	memcpy(b.data + 28, dn, len);
	return b;
}

static const char *string_prop(const struct nspi_directory *dir,
			       const struct nspi_entry *e, uint16_t id)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(string_props); i++) {
		if (string_props[i].id == id) {
			return *(const char *const *)((const char *)e + string_props[i].offset);
		}
	}
	switch (id) {
	case PidAddressType:
		return "EX";
	case PidDisplayNamePrintable:
		return e->account ? e->account : e->display_name;
	case PidHomeMdb:
		/* a mailbox: the users' server (the EMSMDB provider's) */
		return e->kind == NSPI_USER ? dir->home_mdb : NULL;
	}
	return NULL;
}

/* A string in the type asked for; false if that type is no string type. */
static bool put_string(TALLOC_CTX *mem_ctx, uint16_t id, uint16_t type, bool unicode,
		       uint32_t codepage, const char *s, struct PropertyValue_r *out)
{
	if (type == PT_UNSPECIFIED) {
		type = unicode ? PT_UNICODE : PT_STRING8;
	}
	out->ulPropTag = PROP_TAG(type, id);
	out->ulReserved = 0;
	if (type == PT_UNICODE) {
		out->Value.lpszW = talloc_strdup(mem_ctx, s);
		return true;
	}
	if (type == PT_STRING8) {
		out->Value.lpszA = nspi_utf8_to_cp(mem_ctx, s, codepage);
		return true;
	}
	return false;
}

static bool put_binary(uint16_t id, uint16_t type, DATA_BLOB b,
		       struct PropertyValue_r *out)
{
	if (type != PT_BINARY && type != PT_UNSPECIFIED) {
		return false;
	}
	out->ulPropTag = PROP_TAG(PT_BINARY, id);
	out->ulReserved = 0;
	out->Value.bin.cb = b.length;
	out->Value.bin.lpb = b.data;
	return true;
}

static bool put_long(uint16_t id, uint16_t type, uint32_t v, struct PropertyValue_r *out)
{
	if (type != PT_LONG && type != PT_UNSPECIFIED) {
		return false;
	}
	out->ulPropTag = PROP_TAG(PT_LONG, id);
	out->ulReserved = 0;
	out->Value.l = (int32_t)v;
	return true;
}

static bool put_proxy_addresses(TALLOC_CTX *mem_ctx, const struct nspi_entry *e,
				uint16_t type, bool unicode, uint32_t codepage,
				struct PropertyValue_r *out)
{
	uint32_t n = 0, i;
	const char **v;

	while (e->proxy_addresses[n] != NULL) {
		n++;
	}
	if (n == 0) {
		return false;
	}
	if (type == (PT_MV_FLAG | PT_UNSPECIFIED)) {
		type = unicode ? PT_MV_UNICODE : PT_MV_STRING8;
	}
	if (type != PT_MV_UNICODE && type != PT_MV_STRING8) {
		return false;
	}
	v = talloc_array(mem_ctx, const char *, n);
	if (v == NULL) {
		return false;
	}
	for (i = 0; i < n; i++) {
		v[i] = type == PT_MV_UNICODE ? e->proxy_addresses[i]
			: nspi_utf8_to_cp(v, e->proxy_addresses[i], codepage);
	}
	out->ulPropTag = PROP_TAG(type, PidProxyAddresses);
	out->ulReserved = 0;
	if (type == PT_MV_UNICODE) {
		out->Value.MVszW.cValues = n;
		out->Value.MVszW.lppszW = v;
	} else {
		out->Value.MVszA.cValues = n;
		out->Value.MVszA.lppszA = v;
	}
	return true;
}

enum MAPISTATUS nspi_entry_prop(TALLOC_CTX *mem_ctx, const struct nspi_directory *dir,
				const struct nspi_entry *e, uint32_t tag,
				uint32_t codepage, bool unicode, bool eph,
				struct PropertyValue_r *out)
{
	uint16_t id = PROP_ID(tag), type = PROP_TYPE(tag);
	uint32_t dt = nspi_entry_display_type(e);
	const char *s;
	char *key;
	bool ok = false;

	switch (id) {
	case PidObjectType:
		ok = put_long(id, type, e->kind == NSPI_GROUP ? MAPI_DISTLIST : MAPI_MAILUSER,
			      out);
		break;
	case PidDisplayType:
		ok = put_long(id, type, dt, out);
		break;
	case PidContainerId:
		ok = put_long(id, type, 0, out);	/* every entry is in the GAL */
		break;
	case PidEntryId:
		ok = put_binary(id, type,
				eph ? nspi_ephemeral_entryid(mem_ctx, dir->server_guid, dt, e->mid)
				: nspi_permanent_entryid(mem_ctx, dt, e->legacy_dn), out);
		break;
	case PidRecordKey:
		ok = put_binary(id, type, nspi_permanent_entryid(mem_ctx, dt, e->legacy_dn),
				out);
		break;
	case PidInstanceKey: {
		DATA_BLOB b = data_blob_talloc(mem_ctx, NULL, 4);

		if (b.data != NULL) {
			put_le32(b.data, e->mid);
			ok = put_binary(id, type, b, out);
		}
		break;
	}
	case PidSearchKey:
		/* MS-OXCDATA: "EX:" and the upper-cased address, with its NUL */
		key = talloc_asprintf(mem_ctx, "EX:%s", e->legacy_dn);
		key = key ? strupper_talloc(mem_ctx, key) : NULL;
		if (key != NULL) {
			ok = put_binary(id, type, data_blob_const(key, strlen(key) + 1), out);
		}
		break;
	case PidObjectGuid:
		ok = put_binary(id, type, data_blob_talloc(mem_ctx, e->guid, 16), out);
		break;
	case PidProxyAddresses:
		ok = put_proxy_addresses(mem_ctx, e, type, unicode, codepage, out);
		break;
	default:
		s = string_prop(dir, e, id);
		if (s != NULL) {
			ok = put_string(mem_ctx, id, type, unicode, codepage, s, out);
		}
		break;
	}
	return ok ? MAPI_E_SUCCESS : MAPI_E_NOT_FOUND;
}

enum MAPISTATUS nspi_entry_row(TALLOC_CTX *mem_ctx, const struct nspi_directory *dir,
			       const struct nspi_entry *e,
			       const struct PropertyTagArray_r *tags, uint32_t codepage,
			       bool unicode, bool eph, struct PropertyRow_r *row)
{
	uint32_t i;

	row->Reserved = 0;
	row->cValues = tags->cValues;
	row->lpProps = talloc_zero_array(mem_ctx, struct PropertyValue_r, tags->cValues + 1);
	if (row->lpProps == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	for (i = 0; i < tags->cValues; i++) {
		struct PropertyValue_r *v = &row->lpProps[i];

		if (nspi_entry_prop(row->lpProps, dir, e, tags->aulPropTag[i], codepage,
				    unicode, eph, v) != MAPI_E_SUCCESS) {
			v->ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tags->aulPropTag[i]));
			v->Value.err = MAPI_E_NOT_FOUND;
		}
	}
	return MAPI_E_SUCCESS;
}

static uint32_t string_type(uint32_t tag, bool unicode)
{
	uint16_t type = PROP_TYPE(tag);

	if (!unicode && type == PT_UNICODE) {
		return PROP_TAG(PT_STRING8, PROP_ID(tag));
	}
	if (!unicode && type == PT_MV_UNICODE) {
		return PROP_TAG(PT_MV_STRING8, PROP_ID(tag));
	}
	return tag;
}

struct PropertyTagArray_r *nspi_entry_proplist(TALLOC_CTX *mem_ctx,
					       const struct nspi_directory *dir,
					       const struct nspi_entry *e, bool unicode)
{
	struct PropertyTagArray_r *a = talloc_zero(mem_ctx, struct PropertyTagArray_r);
	struct PropertyValue_r v;
	size_t i;

	if (a == NULL) {
		return NULL;
	}
	a->aulPropTag = talloc_array(a, uint32_t, ARRAY_LEN(all_props) + 1);
	if (a->aulPropTag == NULL) {
		talloc_free(a);
		return NULL;
	}
	for (i = 0; i < ARRAY_LEN(all_props); i++) {
		TALLOC_CTX *tmp = talloc_new(a);

		if (nspi_entry_prop(tmp, dir, e, all_props[i], 0, true, false, &v) ==
		    MAPI_E_SUCCESS) {
			a->aulPropTag[a->cValues++] = string_type(all_props[i], unicode);
		}
		talloc_free(tmp);
	}
	return a;
}

struct PropertyTagArray_r *nspi_default_columns(TALLOC_CTX *mem_ctx, bool unicode)
{
	struct PropertyTagArray_r *a = talloc_zero(mem_ctx, struct PropertyTagArray_r);
	size_t i;

	if (a == NULL) {
		return NULL;
	}
	a->aulPropTag = talloc_array(a, uint32_t, ARRAY_LEN(default_columns) + 1);
	if (a->aulPropTag == NULL) {
		talloc_free(a);
		return NULL;
	}
	for (i = 0; i < ARRAY_LEN(default_columns); i++) {
		a->aulPropTag[a->cValues++] = string_type(default_columns[i], unicode);
	}
	return a;
}

struct PropertyTagArray_r *nspi_all_columns(TALLOC_CTX *mem_ctx, bool unicode)
{
	struct PropertyTagArray_r *a = talloc_zero(mem_ctx, struct PropertyTagArray_r);
	size_t i;

	if (a == NULL) {
		return NULL;
	}
	a->aulPropTag = talloc_array(a, uint32_t, ARRAY_LEN(all_props) + 1);
	if (a->aulPropTag == NULL) {
		talloc_free(a);
		return NULL;
	}
	for (i = 0; i < ARRAY_LEN(all_props); i++) {
		a->aulPropTag[a->cValues++] = string_type(all_props[i], unicode);
	}
	return a;
}

enum MAPISTATUS nspi_gal_row(TALLOC_CTX *mem_ctx, bool unicode, uint32_t codepage,
			     struct PropertyRow_r *row)
{
	struct PropertyValue_r *v = talloc_zero_array(mem_ctx, struct PropertyValue_r, 6);
	DATA_BLOB id = nspi_permanent_entryid(mem_ctx, DT_CONTAINER, "/");

	if (v == NULL || id.data == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	put_binary(PidEntryId, PT_BINARY, id, &v[0]);
	/* AB_RECIPIENTS | AB_UNMODIFIABLE: holds recipients, read-only */
	put_long(PidContainerFlags, PT_LONG, 0x00000001 | 0x00000008, &v[1]);
	put_long(PidDepth, PT_LONG, 0, &v[2]);
	put_long(PidContainerId, PT_LONG, 0, &v[3]);
	put_string(mem_ctx, PidDisplayName, unicode ? PT_UNICODE : PT_STRING8, unicode,
		   codepage, "Global Address List", &v[4]);
	v[5].ulPropTag = PROP_TAG(PT_BOOLEAN, PidIsMaster);
	v[5].Value.b = 0;
	row->Reserved = 0;
	row->cValues = 6;
	row->lpProps = v;
	return MAPI_E_SUCCESS;
}

/*
 * The object opnums of the NSPI server (MS-NSPI 3.1.4.1): the special
 * tables, DN to MId, property lists and values, columns, named properties
 * (the GAL has none), templates (none either) and the modifications a
 * read-only directory refuses.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <string.h>
#include "mapiproxy/servers/nspi/nspi.h"

/* The hierarchy table's version: it never changes, there is one container. */
#define HIERARCHY_VERSION 1

enum MAPISTATUS nspi_get_special_table(struct nspi_session *s, TALLOC_CTX *mem,
				       struct NspiGetSpecialTable *r)
{
	struct PropertyRowSet_r *set;
	bool unicode = (r->in.dwFlags & NspiUnicodeStrings) != 0;

	(void)s;
	r->out.lpVersion = r->in.lpVersion;
	*r->out.ppRows = NULL;
	set = talloc_zero(mem, struct PropertyRowSet_r);
	if (set == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	if (r->in.dwFlags & NspiAddressCreationTemplates) {
		/* no address-creation templates: an empty table */
		*r->out.ppRows = set;
		return MAPI_E_SUCCESS;
	}
	if (r->out.lpVersion != NULL) {
		if (*r->out.lpVersion == HIERARCHY_VERSION) {
			/* the client's copy is current: no table */
			talloc_free(set);
			return MAPI_E_SUCCESS;
		}
		*r->out.lpVersion = HIERARCHY_VERSION;
	}
	set->aRow = talloc_zero_array(set, struct PropertyRow_r, 1);
	if (set->aRow == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	set->cRows = 1;
	*r->out.ppRows = set;
	return nspi_gal_row(set, unicode, r->in.pStat ? r->in.pStat->CodePage : 0,
			    &set->aRow[0]);
}

enum MAPISTATUS nspi_dn_to_mid(struct nspi_session *s, TALLOC_CTX *mem,
			       struct NspiDNToMId *r)
{
	const struct StringsArray_r *names = r->in.pNames;
	struct PropertyTagArray_r *out;
	uint32_t i;

	*r->out.ppOutMIds = NULL;
	if (names == NULL) {
		return MAPI_E_INVALID_PARAMETER;
	}
	out = talloc_zero(mem, struct PropertyTagArray_r);
	if (out == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	out->aulPropTag = talloc_zero_array(out, uint32_t, names->Count + 1);
	if (out->aulPropTag == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	for (i = 0; i < names->Count; i++) {
		const struct nspi_entry *e = nspi_directory_by_dn(s->srv->dir,
								  names->Strings[i]);

		/* 0 for a DN that names nothing here */
		out->aulPropTag[i] = e ? e->mid : 0;
	}
	out->cValues = names->Count;
	*r->out.ppOutMIds = out;
	return MAPI_E_SUCCESS;
}

enum MAPISTATUS nspi_get_prop_list(struct nspi_session *s, TALLOC_CTX *mem,
				   struct NspiGetPropList *r)
{
	const struct nspi_entry *e;

	*r->out.ppPropTags = NULL;
	if (r->in.CodePage == CP_WINUNICODE) {
		return MAPI_E_UNKNOWN_CPID;
	}
	e = nspi_directory_by_mid(s->srv->dir, r->in.dwMId, NULL);
	if (e == NULL) {
		return MAPI_E_NOT_FOUND;
	}
	*r->out.ppPropTags = nspi_entry_proplist(mem, s->srv->dir, e,
						 (r->in.dwFlags & NspiUnicodeProptypes) != 0);
	return *r->out.ppPropTags ? MAPI_E_SUCCESS : MAPI_E_NOT_ENOUGH_MEMORY;
}

enum MAPISTATUS nspi_get_props(struct nspi_session *s, TALLOC_CTX *mem,
			       struct NspiGetProps *r)
{
	const struct STAT *stat = r->in.pStat;
	const struct PropertyTagArray_r *tags = r->in.pPropTags;
	bool unicode = stat->CodePage == CP_WINUNICODE;
	struct PropertyRow_r *row;
	const struct nspi_entry *e;
	enum MAPISTATUS st;
	uint32_t i;

	*r->out.ppRows = NULL;
	e = nspi_directory_by_mid(s->srv->dir, stat->CurrentRec, NULL);
	if (e == NULL) {
		return MAPI_E_NOT_FOUND;
	}
	if (tags == NULL) {
		tags = nspi_entry_proplist(mem, s->srv->dir, e, unicode);
		if (tags == NULL) {
			return MAPI_E_NOT_ENOUGH_MEMORY;
		}
	}
	row = talloc_zero(mem, struct PropertyRow_r);
	if (row == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	st = nspi_entry_row(row, s->srv->dir, e, tags, stat->CodePage, unicode,
			    (r->in.dwFlags & fEphID) != 0, row);
	if (st != MAPI_E_SUCCESS) {
		return st;
	}
	*r->out.ppRows = row;
	/* 3.1.4.1.7: some values are errors, the call is still answered */
	for (i = 0; i < row->cValues; i++) {
		if (PROP_TYPE(row->lpProps[i].ulPropTag) == PT_ERROR) {
			return NSPI_ERRORS_RETURNED;
		}
	}
	return MAPI_E_SUCCESS;
}

enum MAPISTATUS nspi_query_columns(struct nspi_session *s, TALLOC_CTX *mem,
				   struct NspiQueryColumns *r)
{
	(void)s;
	*r->out.ppColumns = nspi_all_columns(mem,
					     (r->in.dwFlags & NspiUnicodeProptypes) != 0);
	return *r->out.ppColumns ? MAPI_E_SUCCESS : MAPI_E_NOT_ENOUGH_MEMORY;
}

enum MAPISTATUS nspi_get_names_from_ids(struct nspi_session *s, TALLOC_CTX *mem,
					struct NspiGetNamesFromIDs *r)
{
	const struct PropertyTagArray_r *in = r->in.pPropTags;
	struct PropertyTagArray_r *tags = talloc_zero(mem, struct PropertyTagArray_r);
	struct PropertyNameSet_r *names = talloc_zero(mem, struct PropertyNameSet_r);
	uint32_t n = in ? in->cValues : 0, i;

	(void)s;
	*r->out.ppReturnedPropTags = NULL;
	*r->out.ppNames = NULL;
	if (tags == NULL || names == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	/* no property of this address book is named: every id maps to
	 * nothing (and with pPropTags NULL, the list of named ones is empty) */
	tags->aulPropTag = talloc_zero_array(tags, uint32_t, n + 1);
	names->aNames = talloc_zero_array(names, struct PropertyName_r, n + 1);
	if (tags->aulPropTag == NULL || names->aNames == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	for (i = 0; i < n; i++) {
		tags->aulPropTag[i] = PROP_TAG(PT_ERROR, PROP_ID(in->aulPropTag[i]));
	}
	tags->cValues = n;
	names->cNames = n;
	*r->out.ppReturnedPropTags = tags;
	*r->out.ppNames = names;
	return n > 0 ? NSPI_ERRORS_RETURNED : MAPI_E_SUCCESS;
}

enum MAPISTATUS nspi_get_ids_from_names(struct nspi_session *s, TALLOC_CTX *mem,
					struct NspiGetIDsFromNames *r)
{
	struct PropertyTagArray_r *tags = talloc_zero(mem, struct PropertyTagArray_r);
	uint32_t i;

	(void)s;
	*r->out.ppPropTags = NULL;
	if (tags == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	tags->aulPropTag = talloc_zero_array(tags, uint32_t, r->in.cPropNames + 1);
	if (tags->aulPropTag == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	/* a read-only directory creates no ids: every name is unmapped */
	for (i = 0; i < r->in.cPropNames; i++) {
		tags->aulPropTag[i] = PT_ERROR;
	}
	tags->cValues = r->in.cPropNames;
	*r->out.ppPropTags = tags;
	return r->in.cPropNames > 0 ? NSPI_ERRORS_RETURNED : MAPI_E_SUCCESS;
}

enum MAPISTATUS nspi_get_template_info(struct nspi_session *s, TALLOC_CTX *mem,
				       struct NspiGetTemplateInfo *r)
{
	(void)s;
	(void)mem;
	*r->out.ppData = NULL;
	if (r->in.dwCodePage == CP_WINUNICODE || !nspi_codepage_supported(r->in.dwCodePage)) {
		return MAPI_E_UNKNOWN_CPID;
	}
	/* no display or address templates are kept here */
	return MAPI_E_NOT_FOUND;
}

enum MAPISTATUS nspi_mod_props(struct nspi_session *s, struct NspiModProps *r)
{
	if (r->in.pRow == NULL) {
		return MAPI_E_INVALID_PARAMETER;
	}
	if (nspi_directory_by_mid(s->srv->dir, r->in.pStat->CurrentRec, NULL) == NULL) {
		return MAPI_E_NOT_FOUND;
	}
	/* the address book is a read-only view of the directory */
	return MAPI_E_NO_ACCESS;
}

enum MAPISTATUS nspi_mod_link_att(struct nspi_session *s, struct NspiModLinkAtt *r)
{
	if (r->in.dwMId == 0) {
		return MAPI_E_INVALID_PARAMETER;
	}
	if (nspi_directory_by_mid(s->srv->dir, r->in.dwMId, NULL) == NULL) {
		return MAPI_E_NOT_FOUND;
	}
	return MAPI_E_NO_ACCESS;
}

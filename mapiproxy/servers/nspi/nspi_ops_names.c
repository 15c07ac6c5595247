/*
 * Name resolution of the NSPI server: NspiResolveNames (8-bit names in the
 * STAT's code page) and NspiResolveNamesW (UTF-16), MS-NSPI 3.1.4.1.17-18.
 *
 * A name resolves the way Exchange's ambiguous name resolution does for
 * the common cases: an exact match (case-insensitive) of the X.500
 * address, the SMTP address (with or without "SMTP:"), the account or the
 * display name wins; failing that, a prefix of the display name, given
 * name, surname, account or mail address.  One entry: its MId; none:
 * MID_UNRESOLVED; several: MID_AMBIGUOUS.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <string.h>
#include <strings.h>
#include "mapiproxy/servers/nspi/nspi.h"

static bool same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcasecmp_m(a, b) == 0;
}

static bool starts(const char *s, const char *prefix, size_t n)
{
	return s != NULL && strncasecmp_m(s, prefix, n) == 0;
}

static bool exact_match(const struct nspi_entry *e, const char *name)
{
	const char *addr = name;

	if (strncasecmp(addr, "SMTP:", 5) == 0) {
		addr += 5;
	}
	return same(e->legacy_dn, name) || same(e->mail, addr) || same(e->account, name) ||
		same(e->display_name, name);
}

static bool prefix_match(const struct nspi_entry *e, const char *name, size_t n)
{
	return starts(e->display_name, name, n) || starts(e->given_name, name, n) ||
		starts(e->surname, name, n) || starts(e->account, name, n) ||
		starts(e->mail, name, n);
}

uint32_t nspi_resolve_name(const struct nspi_directory *dir, const char *name)
{
	uint32_t i, exact = 0, prefix = 0, exact_mid = 0, prefix_mid = 0;
	size_t n;

	if (name == NULL) {
		return MID_UNRESOLVED;
	}
	while (*name == ' ') {
		name++;
	}
	n = strlen(name);
	if (n == 0) {
		return MID_UNRESOLVED;
	}
	for (i = 0; i < dir->count; i++) {
		const struct nspi_entry *e = &dir->entries[i];

		if (exact_match(e, name)) {
			exact++;
			exact_mid = e->mid;
		} else if (prefix_match(e, name, n)) {
			prefix++;
			prefix_mid = e->mid;
		}
	}
	if (exact == 1) {
		return exact_mid;
	}
	if (exact > 1) {
		return MID_AMBIGUOUS;
	}
	if (prefix == 1) {
		return prefix_mid;
	}
	return prefix > 1 ? MID_AMBIGUOUS : MID_UNRESOLVED;
}

/* Both flavours, once the names are UTF-8. */
static enum MAPISTATUS resolve(struct nspi_session *s, TALLOC_CTX *mem,
			       const struct STAT *stat,
			       const struct PropertyTagArray_r *tags,
			       const char **names, uint32_t count,
			       struct PropertyTagArray_r **ppMIds,
			       struct PropertyRowSet_r **ppRows)
{
	const struct nspi_directory *dir = s->srv->dir;
	struct PropertyTagArray_r *mids = talloc_zero(mem, struct PropertyTagArray_r);
	uint32_t *resolved, nres = 0, i;

	if (mids == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	mids->aulPropTag = talloc_zero_array(mids, uint32_t, count + 1);
	resolved = talloc_zero_array(mem, uint32_t, count + 1);
	if (mids->aulPropTag == NULL || resolved == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	for (i = 0; i < count; i++) {
		uint32_t mid = nspi_resolve_name(dir, names[i]);

		mids->aulPropTag[i] = mid;
		if (mid >= NSPI_FIRST_MID) {
			resolved[nres++] = mid;
		}
	}
	mids->cValues = count;
	*ppMIds = mids;
	if (tags == NULL) {
		tags = nspi_default_columns(mem, stat->CodePage == CP_WINUNICODE);
		if (tags == NULL) {
			return MAPI_E_NOT_ENOUGH_MEMORY;
		}
	}
	/* rows only for the names that resolved to exactly one entry */
	return nspi_rows(mem, dir, resolved, nres, tags, stat->CodePage, false, ppRows);
}

enum MAPISTATUS nspi_resolve_names(struct nspi_session *s, TALLOC_CTX *mem,
				   struct NspiResolveNames *r)
{
	const struct StringsArray_r *in = r->in.paStr;
	const char **names;
	uint32_t i;

	*r->out.ppMIds = NULL;
	*r->out.ppRows = NULL;
	if (in == NULL) {
		return MAPI_E_INVALID_PARAMETER;
	}
	if (r->in.pStat->CodePage == CP_WINUNICODE) {
		/* 8-bit names cannot be in the Unicode "code page" */
		return MAPI_E_UNKNOWN_CPID;
	}
	names = talloc_zero_array(mem, const char *, in->Count + 1);
	if (names == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	for (i = 0; i < in->Count; i++) {
		/* a name the code page cannot hold resolves to nothing */
		names[i] = in->Strings[i] ? nspi_cp_to_utf8(names, in->Strings[i],
							     r->in.pStat->CodePage) : NULL;
	}
	return resolve(s, mem, r->in.pStat, r->in.pPropTags, names, in->Count,
		       r->out.ppMIds, r->out.ppRows);
}

enum MAPISTATUS nspi_resolve_names_w(struct nspi_session *s, TALLOC_CTX *mem,
				     struct NspiResolveNamesW *r)
{
	const struct WStringsArray_r *in = r->in.paWStr;

	*r->out.ppMIds = NULL;
	*r->out.ppRows = NULL;
	if (in == NULL) {
		return MAPI_E_INVALID_PARAMETER;
	}
	/* the NDR layer gave the UTF-16 names as UTF-8 already */
	return resolve(s, mem, r->in.pStat, r->in.pPropTags, in->Strings, in->Count,
		       r->out.ppMIds, r->out.ppRows);
}

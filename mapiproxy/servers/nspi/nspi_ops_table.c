/*
 * The table opnums of the NSPI server (MS-NSPI 3.1.4.1): NspiUpdateStat,
 * NspiQueryRows, NspiSeekEntries, NspiGetMatches, NspiResortRestriction
 * and NspiCompareMIds, over the GAL (container 0) or an explicit table.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <string.h>
#include "mapiproxy/servers/nspi/nspi.h"

/* The one container here is the GAL, whose MId is 0. */
#define GAL_CONTAINER 0

static bool stat_unicode(const struct STAT *stat)
{
	return stat->CodePage == CP_WINUNICODE;
}

/* Rows for mids (NULL MIds of an explicit table give rows of errors). */
enum MAPISTATUS nspi_rows(TALLOC_CTX *mem, const struct nspi_directory *dir,
			  const uint32_t *mids, uint32_t n,
			  const struct PropertyTagArray_r *tags, uint32_t codepage,
			  bool eph, struct PropertyRowSet_r **out)
{
	struct PropertyRowSet_r *set = talloc_zero(mem, struct PropertyRowSet_r);
	uint32_t i, j;

	if (set == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	set->aRow = talloc_zero_array(set, struct PropertyRow_r, n + 1);
	if (set->aRow == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	for (i = 0; i < n; i++) {
		const struct nspi_entry *e = nspi_directory_by_mid(dir, mids[i], NULL);
		struct PropertyRow_r *row = &set->aRow[i];

		if (e != NULL) {
			enum MAPISTATUS st = nspi_entry_row(set, dir, e, tags, codepage,
							    codepage == CP_WINUNICODE, eph,
							    row);
			if (st != MAPI_E_SUCCESS) {
				return st;
			}
			continue;
		}
		row->cValues = tags->cValues;
		row->lpProps = talloc_zero_array(set, struct PropertyValue_r,
						 tags->cValues + 1);
		if (row->lpProps == NULL) {
			return MAPI_E_NOT_ENOUGH_MEMORY;
		}
		for (j = 0; j < tags->cValues; j++) {
			row->lpProps[j].ulPropTag = PROP_TAG(PT_ERROR,
							     PROP_ID(tags->aulPropTag[j]));
			row->lpProps[j].Value.err = MAPI_E_NOT_FOUND;
		}
	}
	set->cRows = n;
	*out = set;
	return MAPI_E_SUCCESS;
}

enum MAPISTATUS nspi_update_stat(struct nspi_session *s, struct NspiUpdateStat *r)
{
	const struct nspi_directory *dir = s->srv->dir;
	uint32_t *mids, pos;
	int32_t moved;
	enum MAPISTATUS st;

	r->out.pStat = r->in.pStat;
	r->out.plDelta = r->in.plDelta;
	if (r->in.pStat->ContainerID != GAL_CONTAINER) {
		return MAPI_E_INVALID_BOOKMARK;
	}
	mids = nspi_gal_mids(r, dir);
	if (mids == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	st = nspi_stat_locate(mids, dir->count, r->in.pStat, &pos, &moved);
	if (st != MAPI_E_SUCCESS) {
		return st;
	}
	nspi_stat_report(r->out.pStat, mids, dir->count, pos);
	if (r->out.plDelta != NULL) {
		*r->out.plDelta = moved;
	}
	return MAPI_E_SUCCESS;
}

enum MAPISTATUS nspi_query_rows(struct nspi_session *s, TALLOC_CTX *mem,
				struct NspiQueryRows *r)
{
	const struct nspi_directory *dir = s->srv->dir;
	struct STAT *stat = r->in.pStat;
	const struct PropertyTagArray_r *tags = r->in.pPropTags;
	bool eph = (r->in.dwFlags & fEphID) != 0;
	uint32_t *mids, pos, n;
	enum MAPISTATUS st;

	r->out.pStat = stat;
	*r->out.ppRows = NULL;
	if (tags == NULL) {
		tags = nspi_default_columns(mem, stat_unicode(stat));
		if (tags == NULL) {
			return MAPI_E_NOT_ENOUGH_MEMORY;
		}
	}
	if (r->in.lpETable != NULL) {
		/* an explicit table: its rows, the STAT's position untouched */
		if (r->in.dwFlags & fSkipObjects) {
			return MAPI_E_SUCCESS;
		}
		return nspi_rows(mem, dir, r->in.lpETable, r->in.dwETableCount, tags,
				 stat->CodePage, eph, r->out.ppRows);
	}
	if (r->in.Count == 0) {
		return MAPI_E_INVALID_PARAMETER;
	}
	if (stat->ContainerID != GAL_CONTAINER) {
		return MAPI_E_INVALID_BOOKMARK;
	}
	mids = nspi_gal_mids(mem, dir);
	if (mids == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	st = nspi_stat_locate(mids, dir->count, stat, &pos, NULL);
	if (st != MAPI_E_SUCCESS) {
		return st;
	}
	n = dir->count - pos;
	if (n > r->in.Count) {
		n = r->in.Count;
	}
	if (!(r->in.dwFlags & fSkipObjects)) {
		st = nspi_rows(mem, dir, mids + pos, n, tags, stat->CodePage, eph,
			       r->out.ppRows);
		if (st != MAPI_E_SUCCESS) {
			return st;
		}
	}
	/* the rows read are behind the new Current Position */
	nspi_stat_report(stat, mids, dir->count, pos + n);
	return MAPI_E_SUCCESS;
}

static const char *target_name(TALLOC_CTX *mem, const struct PropertyValue_r *v,
			       uint32_t codepage)
{
	if (v->ulPropTag == PROP_TAG(PT_UNICODE, 0x3001)) {
		return v->Value.lpszW;
	}
	if (v->ulPropTag == PROP_TAG(PT_STRING8, 0x3001) && v->Value.lpszA != NULL) {
		return nspi_cp_to_utf8(mem, v->Value.lpszA, codepage);
	}
	return NULL;
}

enum MAPISTATUS nspi_seek_entries(struct nspi_session *s, TALLOC_CTX *mem,
				  struct NspiSeekEntries *r)
{
	const struct nspi_directory *dir = s->srv->dir;
	struct STAT *stat = r->in.pStat;
	const char *target;
	uint32_t *mids, n, i;
	bool explicit_table = r->in.lpETable != NULL;

	r->out.pStat = stat;
	*r->out.ppRows = NULL;
	if (stat->ContainerID != GAL_CONTAINER) {
		return MAPI_E_INVALID_BOOKMARK;
	}
	/* the GAL is sorted by display name: the only key one can seek on */
	if (stat->SortType != SortTypeDisplayName &&
	    stat->SortType != SortTypePhoneticDisplayName) {
		return NSPI_E_TOO_COMPLEX;
	}
	if (r->in.pTarget == NULL) {
		return MAPI_E_INVALID_PARAMETER;
	}
	target = target_name(mem, r->in.pTarget, stat->CodePage);
	if (target == NULL) {
		return NSPI_E_TOO_COMPLEX;
	}
	if (explicit_table) {
		mids = r->in.lpETable->aulPropTag;
		n = r->in.lpETable->cValues;
	} else {
		mids = nspi_gal_mids(mem, dir);
		n = dir->count;
		if (mids == NULL) {
			return MAPI_E_NOT_ENOUGH_MEMORY;
		}
	}
	/* the first row whose name sorts at or after the target */
	for (i = 0; i < n; i++) {
		const struct nspi_entry *e = nspi_directory_by_mid(dir, mids[i], NULL);

		if (e != NULL && strcasecmp_m(e->display_name, target) >= 0) {
			break;
		}
	}
	if (i == n) {
		return MAPI_E_NOT_FOUND;
	}
	nspi_stat_report(stat, mids, n, i);
	if (r->in.pPropTags == NULL) {
		return MAPI_E_SUCCESS;
	}
	/* rows: the rest of an explicit table, the row found in the GAL */
	return nspi_rows(mem, dir, mids + i, explicit_table ? n - i : 1, r->in.pPropTags,
			 stat->CodePage, false, r->out.ppRows);
}

enum MAPISTATUS nspi_get_matches(struct nspi_session *s, TALLOC_CTX *mem,
				 struct NspiGetMatches *r)
{
	const struct nspi_directory *dir = s->srv->dir;
	struct STAT *stat = r->in.pStat;
	struct PropertyTagArray_r *out;
	uint32_t i;

	r->out.pStat = stat;
	*r->out.ppOutMIds = NULL;
	*r->out.ppRows = NULL;
	if (stat->ContainerID != GAL_CONTAINER) {
		return MAPI_E_INVALID_BOOKMARK;
	}
	/* a restriction over a link attribute's values (Filter NULL, or a
	 * named property): the model has no links */
	if (r->in.Filter == NULL || r->in.lpPropName != NULL) {
		return NSPI_E_TOO_COMPLEX;
	}
	out = talloc_zero(mem, struct PropertyTagArray_r);
	if (out == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	out->aulPropTag = talloc_array(out, uint32_t, dir->count + 1);
	if (out->aulPropTag == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	for (i = 0; i < dir->count; i++) {
		bool m = false;
		enum MAPISTATUS st = nspi_restriction_match(dir, &dir->entries[i],
							    r->in.Filter, stat->CodePage, &m);

		if (st != MAPI_E_SUCCESS) {
			return st;
		}
		if (!m) {
			continue;
		}
		if (out->cValues == r->in.ulRequested) {
			/* more matches than the client can take */
			return MAPI_E_TABLE_TOO_BIG;
		}
		out->aulPropTag[out->cValues++] = dir->entries[i].mid;
	}
	*r->out.ppOutMIds = out;
	stat->CurrentRec = MID_BEGINNING_OF_TABLE;
	stat->Delta = 0;
	stat->NumPos = 0;
	stat->TotalRecs = out->cValues;
	if (r->in.pPropTags == NULL) {
		return MAPI_E_SUCCESS;
	}
	return nspi_rows(mem, dir, out->aulPropTag, out->cValues, r->in.pPropTags,
			 stat->CodePage, false, r->out.ppRows);
}

enum MAPISTATUS nspi_resort_restriction(struct nspi_session *s, TALLOC_CTX *mem,
					struct NspiResortRestriction *r)
{
	const struct nspi_directory *dir = s->srv->dir;
	struct STAT *stat = r->in.pStat;
	const struct PropertyTagArray_r *in = r->in.pInMIds;
	struct PropertyTagArray_r *out;
	bool *wanted;
	uint32_t i, j, row, cur = 0;

	r->out.pStat = stat;
	r->out.ppOutMIds = r->in.ppOutMIds;
	if (r->out.ppOutMIds == NULL) {
		return MAPI_E_INVALID_PARAMETER;
	}
	*r->out.ppOutMIds = NULL;
	if (in == NULL) {
		return MAPI_E_INVALID_PARAMETER;
	}
	if (stat->ContainerID != GAL_CONTAINER) {
		return MAPI_E_INVALID_BOOKMARK;
	}
	/* the MIds the directory knows, in the GAL's order, each once */
	wanted = talloc_zero_array(mem, bool, dir->count + 1);
	out = talloc_zero(mem, struct PropertyTagArray_r);
	if (wanted == NULL || out == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	for (i = 0; i < in->cValues; i++) {
		if (nspi_directory_by_mid(dir, in->aulPropTag[i], &row) != NULL) {
			wanted[row] = true;
		}
	}
	out->aulPropTag = talloc_array(out, uint32_t, dir->count + 1);
	if (out->aulPropTag == NULL) {
		return MAPI_E_NOT_ENOUGH_MEMORY;
	}
	for (i = 0, j = 0; i < dir->count; i++) {
		if (wanted[i]) {
			if (dir->entries[i].mid == stat->CurrentRec) {
				cur = j;
			}
			out->aulPropTag[j++] = dir->entries[i].mid;
		}
	}
	out->cValues = j;
	*r->out.ppOutMIds = out;
	/* the Current Position stays on the row it was on, if it is here */
	nspi_stat_report(stat, out->aulPropTag, j, cur);
	return MAPI_E_SUCCESS;
}

enum MAPISTATUS nspi_compare_mids(struct nspi_session *s, struct NspiCompareMIds *r)
{
	const struct nspi_directory *dir = s->srv->dir;
	uint32_t row1, row2;

	*r->out.plResult = 0;
	if (r->in.pStat->ContainerID != GAL_CONTAINER) {
		return MAPI_E_INVALID_BOOKMARK;
	}
	if (nspi_directory_by_mid(dir, r->in.MId1, &row1) == NULL ||
	    nspi_directory_by_mid(dir, r->in.MId2, &row2) == NULL) {
		/* 3.1.4.1.11: a MId not in the table */
		return MAPI_E_CALL_FAILED;
	}
	*r->out.plResult = row1 < row2 ? -1 : (row1 > row2 ? 1 : 0);
	return MAPI_E_SUCCESS;
}

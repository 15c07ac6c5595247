/*
 * STAT positioning (MS-NSPI 3.1.4.5): where in a table a STAT block puts
 * the Current Position, and how the server reports a position back.
 * A table is a list of MIds in order; positions are row numbers, with
 * count standing for the end of the table (MID_END_OF_TABLE).
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include "mapiproxy/servers/nspi/nspi.h"

enum MAPISTATUS nspi_stat_locate(const uint32_t *mids, uint32_t count,
				 const struct STAT *stat, uint32_t *pos, int32_t *moved)
{
	uint32_t start = 0, i;
	int64_t target;

	switch (stat->CurrentRec) {
	case MID_BEGINNING_OF_TABLE:
		start = 0;
		break;
	case MID_END_OF_TABLE:
		start = count;
		break;
	case MID_CURRENT:
		/*
		 * Fractional positioning (3.1.4.5.2): NumPos out of the
		 * client's TotalRecs, scaled to this table, truncated, and at
		 * most the end of the table.
		 */
		if (stat->TotalRecs == 0) {
			start = 0;
		} else {
			uint64_t p = (uint64_t)count * stat->NumPos / stat->TotalRecs;

			start = p > count ? count : (uint32_t)p;
		}
		break;
	default:
		/* Absolute positioning (3.1.4.5.1): the row of that MId */
		for (i = 0; i < count; i++) {
			if (mids[i] == stat->CurrentRec) {
				break;
			}
		}
		if (i == count) {
			return MAPI_E_NOT_FOUND;
		}
		start = i;
		break;
	}
	/* then Delta rows on, stopping at either end of the table */
	target = (int64_t)start + stat->Delta;
	if (target < 0) {
		target = 0;
	} else if (target > count) {
		target = count;
	}
	*pos = (uint32_t)target;
	if (moved != NULL) {
		*moved = (int32_t)(target - (int64_t)start);
	}
	return MAPI_E_SUCCESS;
}

void nspi_stat_report(struct STAT *stat, const uint32_t *mids, uint32_t count,
		      uint32_t pos)
{
	if (pos > count) {
		pos = count;
	}
	stat->CurrentRec = pos < count ? mids[pos] : MID_END_OF_TABLE;
	stat->Delta = 0;
	stat->NumPos = pos;
	stat->TotalRecs = count;
}

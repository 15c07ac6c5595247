/*
 * Folder ObjectModified events with TotalMessageCount and
 * UnreadMessageCount (MS-OXCNOTIF 2.2.1.4.1.2, the T and U flags).
 *
 * Why at the commit rather than where each message changes: a folder's
 * counts are a fact about the folder after the whole change, not about
 * each message of it.  RopDeleteMessages of ten messages, or a move
 * whose source and target are one folder, is one change of the folder's
 * counts (or none), and what a client wants is the counts it can show.
 * So the ROPs that add, remove or mark messages name the folder first
 * (es_count_watch, with the counts before), and the outermost commit of
 * the transaction compares each with its counts after: one event per
 * folder whose counts moved, logged after the events of the messages,
 * by the same transaction.  Associated messages never count, so they
 * never make such an event, and neither does a change that leaves the
 * counts where they were.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "es_private.h"

struct es_count_watch {
	uint32_t mbx_num;
	uint64_t fid;
	struct es_folder_counts before;
};

/* What a folder record is keyed by: its mailbox's number (es_folder.c). */
static struct es_mailbox mailbox_of(uint32_t num)
{
	return (struct es_mailbox) { .num = num };
}

bool es_count_watch(struct emsmdb_store *st, const struct es_mailbox *mbx, uint64_t fid)
{
	TALLOC_CTX *t;
	struct es_folder *f;
	struct es_count_watch *w;
	uint32_t i;

	if (st->tx_depth == 0) {
		/* the counts before would not be those of the change */
		DEBUG(0, ("emsmdb store: folder counts watched outside a transaction\n"));
		return false;
	}
	for (i = 0; i < st->nwatch; i++) {
		if (st->watch[i].mbx_num == mbx->num && st->watch[i].fid == fid) return true;
	}
	t = talloc_new(NULL);
	if (t == NULL) return false;
	if (es_folder_load(t, st, mbx, fid, &f) != EC_SUCCESS) {
		/* no folder, no counts: the caller's own load says why */
		talloc_free(t);
		return true;
	}
	w = talloc_realloc(st, st->watch, struct es_count_watch, st->nwatch + 1);
	if (w == NULL) {
		talloc_free(t);
		return false;
	}
	st->watch = w;
	w = &st->watch[st->nwatch++];
	*w = (struct es_count_watch) { .mbx_num = mbx->num, .fid = fid };
	es_folder_count(st, mbx, f, &w->before);
	talloc_free(t);
	return true;
}

bool es_count_events_log(struct emsmdb_store *st)
{
	TALLOC_CTX *t = talloc_new(NULL);
	uint32_t i;
	bool ok = t != NULL;

	for (i = 0; ok && i < st->nwatch; i++) {
		const struct es_count_watch *w = &st->watch[i];
		struct es_mailbox mbx = mailbox_of(w->mbx_num);
		struct es_folder_counts now;
		struct es_folder *f;

		/* a folder deleted by the same change has no counts to tell */
		if (es_folder_load(t, st, &mbx, w->fid, &f) != EC_SUCCESS) continue;
		es_folder_count(st, &mbx, f, &now);
		if (now.total == w->before.total && now.unread == w->before.unread) continue;
		ok = es_event_folder_counts(st, &mbx, w->fid, &now);
	}
	talloc_free(t);
	return ok;
}

void es_count_watch_clear(struct emsmdb_store *st)
{
	TALLOC_FREE(st->watch);
	st->nwatch = 0;
}

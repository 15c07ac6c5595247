/*
 * The store file: one tdb under the server's state directory holding
 * every mailbox, so that a delivery to several mailboxes is one
 * transaction.  Records (keys are text, values es_buf records):
 *   "mbx/<lowercase dn>"          the mailbox (number, GUIDs, counters)
 *   "meta/next_mailbox"           the next mailbox number
 *   "fld/<mbx>/<fid>"             a folder: properties, subfolders, messages
 *   "msg/<mbx>/<mid>"             a message: properties, recipients, attachments
 *   "np/<mbx>/<name key>"         named property name -> id
 *   "npid/<mbx>/<id>"             named property id -> name
 *   "rcv/<mbx>/<lowercase class>" receive folder of a message class
 * Every change a ROP makes runs in one tdb transaction: a failed ROP or a
 * crash leaves the file as it was before the ROP.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "es_private.h"
#include <fcntl.h>
#include <util/genrand.h>

#define ES_STORE_FILE "emsmdb-store.tdb"

static int store_destructor(struct emsmdb_store *st)
{
	if (st->tdb != NULL) {
		while (tdb_transaction_active(st->tdb)) {
			tdb_transaction_cancel(st->tdb);
		}
		tdb_close(st->tdb);
		st->tdb = NULL;
	}
	return 0;
}

NTSTATUS emsmdb_store_open(TALLOC_CTX *mem_ctx, const char *state_dir,
			   struct emsmdb_store **out)
{
	struct emsmdb_store *st = talloc_zero(mem_ctx, struct emsmdb_store);

	if (st == NULL) return NT_STATUS_NO_MEMORY;
	st->path = talloc_asprintf(st, "%s/%s", state_dir, ES_STORE_FILE);
	if (st->path == NULL) { talloc_free(st); return NT_STATUS_NO_MEMORY; }
	/* TDB_NOSYNC off: transactions fsync, which is what makes them
	 * crash-consistent. */
	/* TDB_SEQNUM: other processes' sessions notice new events by the
	 * sequence number (es_notify.c) */
	st->tdb = tdb_open(st->path, 0, TDB_SEQNUM, O_RDWR | O_CREAT, 0600);
	if (st->tdb == NULL) {
		DEBUG(0, ("emsmdb store: cannot open %s: %s\n", st->path, strerror(errno)));
		talloc_free(st);
		return NT_STATUS_UNSUCCESSFUL;
	}
	talloc_set_destructor(st, store_destructor);
	*out = st;
	return NT_STATUS_OK;
}

bool es_tx_begin(struct emsmdb_store *st)
{
	if (tdb_transaction_start(st->tdb) != 0) {
		DEBUG(1, ("emsmdb store: transaction start: %s\n", tdb_errorstr(st->tdb)));
		return false;
	}
	st->tx_depth++;
	return true;
}

/* The outermost transaction is over, committed or not. */
static void tx_ended(struct emsmdb_store *st)
{
	st->events_logged = false;
	es_count_watch_clear(st);
}

bool es_tx_commit(struct emsmdb_store *st)
{
	bool outer = st->tx_depth == 1;

	/* the folders' new counts are part of what commits */
	if (outer && !es_count_events_log(st)) {
		DEBUG(1, ("emsmdb store: cannot log the folders' counts: cancelled\n"));
		es_tx_cancel(st);
		return false;
	}
	if (st->tx_depth > 0) st->tx_depth--;
	if (tdb_transaction_commit(st->tdb) != 0) {
		DEBUG(1, ("emsmdb store: commit: %s\n", tdb_errorstr(st->tdb)));
		if (outer) tx_ended(st);
		return false;
	}
	if (outer) {
		bool tell = st->events_logged;

		tx_ended(st);
		if (tell && st->changed != NULL) st->changed(st->changed_private);
	}
	return true;
}

void es_tx_cancel(struct emsmdb_store *st)
{
	tdb_transaction_cancel(st->tdb);
	if (st->tx_depth > 0) st->tx_depth--;
	if (st->tx_depth == 0) tx_ended(st);
}

void emsmdb_store_set_changed(struct emsmdb_store *st, void (*fn)(void *private_data),
			      void *private_data)
{
	st->changed = fn;
	st->changed_private = private_data;
}

int emsmdb_store_seqnum(struct emsmdb_store *st)
{
	return tdb_get_seqnum(st->tdb);
}

static TDB_DATA key_of(const char *key)
{
	return (TDB_DATA) { .dptr = discard_const_p(uint8_t, key), .dsize = strlen(key) };
}

bool es_rec_fetch(TALLOC_CTX *mem, struct emsmdb_store *st, const char *key,
		  struct es_rd *out)
{
	TDB_DATA d = tdb_fetch(st->tdb, key_of(key));
	uint8_t *copy;

	if (d.dptr == NULL) return false;
	copy = es_memdup_pad(mem, d.dptr, d.dsize, 1);
	free(d.dptr);
	if (copy == NULL) return false;
	*out = (struct es_rd) { .data = copy, .len = d.dsize };
	return true;
}

bool es_rec_store(struct emsmdb_store *st, const char *key, const struct es_buf *b)
{
	TDB_DATA d = { .dptr = b->data, .dsize = b->len };
	if (b->failed) return false;
	if (tdb_store(st->tdb, key_of(key), d, TDB_REPLACE) != 0) {
		DEBUG(1, ("emsmdb store: store %s: %s\n", key, tdb_errorstr(st->tdb)));
		return false;
	}
	return true;
}

bool es_rec_delete(struct emsmdb_store *st, const char *key)
{
	return tdb_delete(st->tdb, key_of(key)) == 0;
}

/* ------------------------------------------------------------ ids */

uint64_t es_make_id(uint16_t repl_id, uint64_t counter)
{
	uint64_t id = repl_id;
	int i;
	/* GlobalCounter is big-endian in bytes 2..7 of the little-endian id */
	for (i = 0; i < 6; i++) {
		id |= ((counter >> (8 * (5 - i))) & 0xff) << (16 + 8 * i);
	}
	return id;
}

uint64_t es_id_counter(uint64_t id)
{
	uint64_t c = 0;
	int i;
	for (i = 0; i < 6; i++) {
		c = (c << 8) | ((id >> (16 + 8 * i)) & 0xff);
	}
	return c;
}

uint64_t es_special_fid(const struct es_mailbox *mbx, enum es_special which)
{
	/* The special folders take GlobalCounters 1..ES_NUM_SPECIAL. */
	return es_make_id(mbx->repl_id, (uint64_t)which + 1);
}

/* ------------------------------------------------------------ mailboxes */

static char *mbx_key(TALLOC_CTX *mem, const char *dn)
{
	char *k = talloc_asprintf(mem, "mbx/%s", dn);
	char *p;
	if (k == NULL) return NULL;
	for (p = k; *p; p++) {
		if (*p >= 'A' && *p <= 'Z') *p += 'a' - 'A';
	}
	return k;
}

bool es_mailbox_save(struct emsmdb_store *st, const struct es_mailbox *mbx)
{
	struct es_buf b = { .mem = talloc_new(NULL) };
	char *key = mbx_key(b.mem, mbx->dn);
	bool ok;

	es_put_u32(&b, mbx->num);
	es_put_u16(&b, mbx->repl_id);
	es_put_bytes(&b, mbx->mailbox_guid, 16);
	es_put_bytes(&b, mbx->repl_guid, 16);
	es_put_u64(&b, mbx->next_counter);
	es_put_u16(&b, mbx->next_named_id);
	ok = key != NULL && es_rec_store(st, key, &b);
	talloc_free(b.mem);
	return ok;
}

static bool mailbox_parse(struct es_rd *r, struct es_mailbox *mbx)
{
	mbx->num = es_get_u32(r);
	mbx->repl_id = es_get_u16(r);
	es_get_bytes(r, mbx->mailbox_guid, 16);
	es_get_bytes(r, mbx->repl_guid, 16);
	mbx->next_counter = es_get_u64(r);
	mbx->next_named_id = es_get_u16(r);
	return !r->failed;
}

static uint32_t mailbox_create(struct emsmdb_store *st, struct es_mailbox *mbx)
{
	struct es_buf b = { .mem = mbx };
	struct es_rd r;
	uint32_t next = 1;

	if (es_rec_fetch(mbx, st, "meta/next_mailbox", &r)) {
		next = es_get_u32(&r);
		if (r.failed) return EC_ERROR;
	}
	mbx->num = next;
	es_put_u32(&b, next + 1);
	if (!es_rec_store(st, "meta/next_mailbox", &b)) return EC_ERROR;
	/* One database per mailbox: ReplId 1 maps to the mailbox's own
	 * ReplGuid (MS-OXCDATA 2.2.1.1). */
	mbx->repl_id = 0x0001;
	generate_random_buffer(mbx->mailbox_guid, 16);
	generate_random_buffer(mbx->repl_guid, 16);
	mbx->next_counter = ES_NUM_SPECIAL + 1;
	mbx->next_named_id = 0x8000;
	if (!es_mailbox_save(st, mbx) || !es_mailbox_create_folders(st, mbx)) {
		return EC_ERROR;
	}
	DEBUG(2, ("emsmdb store: created mailbox %u for %s\n", mbx->num, mbx->dn));
	return EC_SUCCESS;
}

uint32_t es_mailbox_get(TALLOC_CTX *mem, struct emsmdb_store *st, const char *dn,
			bool create, struct es_mailbox **out)
{
	struct es_mailbox *mbx = talloc_zero(mem, struct es_mailbox);
	struct es_rd r;
	char *key;
	uint32_t ret = EC_SUCCESS;

	if (mbx == NULL) return EC_NOT_ENOUGH_MEMORY;
	mbx->dn = talloc_strdup(mbx, dn);
	key = mbx_key(mbx, dn);
	if (mbx->dn == NULL || key == NULL) { talloc_free(mbx); return EC_NOT_ENOUGH_MEMORY; }
	if (es_rec_fetch(mbx, st, key, &r)) {
		if (!mailbox_parse(&r, mbx)) ret = EC_ERROR;
	} else if (!create) {
		ret = EC_UNKNOWN_USER;
	} else {
		ret = mailbox_create(st, mbx);
	}
	if (ret != EC_SUCCESS) { talloc_free(mbx); return ret; }
	*out = mbx;
	return EC_SUCCESS;
}

bool es_alloc_id(struct emsmdb_store *st, struct es_mailbox *mbx, uint64_t *id)
{
	struct es_rd r;
	char *key = mbx_key(mbx, mbx->dn);
	struct es_mailbox cur = { 0 };

	/* Another process may have taken ids since we loaded the mailbox. */
	if (key == NULL || !es_rec_fetch(mbx, st, key, &r) || !mailbox_parse(&r, &cur)) {
		return false;
	}
	if (cur.next_counter >= (1ull << 48)) return false;
	mbx->next_counter = cur.next_counter;
	mbx->next_named_id = cur.next_named_id;
	*id = es_make_id(mbx->repl_id, mbx->next_counter++);
	return es_mailbox_save(st, mbx);
}

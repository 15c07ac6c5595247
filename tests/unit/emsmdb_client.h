/*
 * A ROP client of the EMSMDB mailbox store for the unit suites
 * (emsmdb_client.c).  Every helper asserts (Check) that what it asks for
 * works, except rv() and run(), which return the answer.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef MAPIPROXY_TESTS_EMSMDB_CLIENT_H
#define MAPIPROXY_TESTS_EMSMDB_CLIENT_H

#include <stdbool.h>
#include "emsmdb_store.h"

#define ALICE "/o=Example/ou=First Administrative Group/cn=Recipients/cn=alice"
#define BOB "/o=Example/ou=First Administrative Group/cn=Recipients/cn=bob"
#define NH 16
#define BIG 0x8000            /* a comfortable rgbOut */

struct client {
	TALLOC_CTX *mem;
	struct emsmdb_session *sess;
	struct rop_state *state;
	uint32_t handles[NH];
	struct emsmdb_rop_result result;
};

/* A session of dn; bob@example.com resolves to BOB. */
struct client *client_new(TALLOC_CTX *mem, struct emsmdb_store *st, const char *dn);
struct rop_request *rq(struct client *c, uint8_t id, uint8_t h0, uint8_t h1);
/* Run the ROPs through the store as bytes; the parsed answer. */
struct rop_response_buffer *run_n(struct client *c, struct rop_request **rops,
				  uint32_t n, uint32_t max);
struct rop_response *run(struct client *c, struct rop_request *r);
/* The ReturnValue of one ROP. */
uint32_t rv(struct client *c, struct rop_request *r);
struct rop_response *ok(struct client *c, struct rop_request *r);
void release(struct client *c, uint8_t idx);
/* ASCII s as UTF-16LE (length without the terminator, which is there). */
struct rop_blob utf16(TALLOC_CTX *mem, const char *s);
bool blob_is(const struct rop_blob *b, const struct rop_blob *want);
struct rop_Logon_rsp logon(struct client *c, const char *dn, uint8_t out);
void open_folder(struct client *c, uint8_t in, uint8_t out, uint64_t fid);
/* RopGetContentsTable into out; its RowCount. */
uint32_t contents_count(struct client *c, uint8_t folder, uint8_t out);
void set_prop(struct client *c, uint8_t obj, uint32_t tag, struct rop_propval v);
/* RopCreateMessage in folder (fid) into out, a subject, RopSaveChangesMessage
 * (KeepOpenReadWrite), RopRelease; its MID. */
uint64_t new_message(struct client *c, uint8_t folder, uint8_t out, uint64_t fid,
		     const char *subject, bool fai);
/* RopModifyRecipients on the message at msg: one To recipient, SMTP. */
void add_recipient(struct client *c, uint8_t msg, const char *smtp, const char *name);
/* RopDeleteMessages of all n, none missing. */
void delete_messages(struct client *c, uint8_t folder, const uint64_t *mids, uint16_t n);
/* RopRegisterNotification on the logon at index 0. */
void subscribe(struct client *c, uint8_t out, uint8_t types, bool whole, uint64_t fid);
/* What the session would send now within room bytes, as a client would
 * parse it. */
struct rop_response_buffer *take_notifications(struct client *c, uint32_t room);

#endif

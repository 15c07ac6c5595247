/*
 * Per-association decoding state: what earlier ROPs told us that later
 * response layouts depend on.  Objects are keyed by server object handle
 * value; they appear when a ROP that opens one succeeds and disappear with
 * RopRelease.  Logons are keyed by LogonId (private or public store).
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include "rop/rop_state_private.h"

struct rop_state *rop_state_new(TALLOC_CTX *mem_ctx)
{
	return talloc_zero(mem_ctx, struct rop_state);
}

uint32_t rop_state_num_objects(const struct rop_state *state)
{
	return state ? state->num_objects : 0;
}

struct rop_state_object *rop_state_find(struct rop_state *state, uint32_t handle)
{
	uint32_t i;

	if (state == NULL) return NULL;
	for (i = 0; i < state->num_objects; i++) {
		if (state->objects[i]->handle == handle) {
			return state->objects[i];
		}
	}
	return NULL;
}

void rop_state_release(struct rop_state *state, uint32_t handle)
{
	uint32_t i;

	if (state == NULL) return;
	for (i = 0; i < state->num_objects; i++) {
		if (state->objects[i]->handle == handle) {
			talloc_free(state->objects[i]);
			state->objects[i] = state->objects[--state->num_objects];
			return;
		}
	}
}

struct rop_state_object *rop_state_open(struct rop_state *state,
					uint32_t handle, uint8_t rop_id)
{
	struct rop_state_object *o, **grown;

	if (state == NULL) return NULL;
	/* A handle value the server reuses names a new object. */
	rop_state_release(state, handle);
	if (state->num_objects >= ROP_STATE_MAX_OBJECTS) {
		DEBUG(3, ("rop_state: %u objects open on this association "
			  "already: handle 0x%08x not followed\n",
			  (unsigned)state->num_objects, (unsigned)handle));
		return NULL;
	}
	if (state->num_objects == state->alloc) {
		uint32_t n = state->alloc ? state->alloc * 2 : 16;

		grown = talloc_realloc(state, state->objects,
				       struct rop_state_object *, n);
		if (grown == NULL) return NULL;
		state->objects = grown;
		state->alloc = n;
	}
	o = talloc_zero(state, struct rop_state_object);
	if (o == NULL) return NULL;
	o->handle = handle;
	o->opened_by = rop_id;
	state->objects[state->num_objects++] = o;
	return o;
}

bool rop_state_set_columns(struct rop_state_object *o,
			   const uint32_t *cols, uint32_t n)
{
	uint32_t *c = NULL;

	if (o == NULL) return false;
	if (n > 0) {
		c = talloc_memdup(o, cols, n * sizeof(uint32_t));
		if (c == NULL) return false;
	}
	talloc_free(o->columns);
	o->columns = c;
	o->ncolumns = n;
	o->has_columns = true;
	return true;
}

void rop_state_set_logon(struct rop_state *state, uint8_t logon_id, uint8_t flags)
{
	if (state == NULL) return;
	state->logon_known[logon_id] = true;
	state->logon_flags[logon_id] = flags;
}

bool rop_pull_state_columns(struct rop_pull *p)
{
	const struct rop_state_object *o = p->object;

	if (o == NULL || !o->has_columns) {
		return rop_pull_fail(p, NT_STATUS_NOT_FOUND,
				     "columns of the table unknown (no RopSetColumns seen)");
	}
	p->ncols = o->ncolumns;
	p->cols = NULL;
	if (o->ncolumns > 0) {
		/* The rows keep their columns: copy them off the state. */
		uint32_t *c = talloc_memdup(p->mem, o->columns,
					    o->ncolumns * sizeof(uint32_t));
		if (c == NULL) return rop_pull_nomem(p);
		p->cols = c;
	}
	return true;
}

void rop_pull_state_columns_optional(struct rop_pull *p)
{
	if (p->object != NULL && p->object->has_columns &&
	    rop_pull_state_columns(p)) {
		return;
	}
	p->reason = NULL;
	p->cols = NULL;
	p->ncols = 0;
}

/* MS-OXCSTOR 2.2.1.4: PidTagFolderId, PidTagMessageClass (PtypString8),
 * PidTagLastModificationTime */
static const uint32_t receive_folder_columns[] = {
	0x67480014, 0x001A001E, 0x30080040
};

void rop_pull_receive_folder_columns(struct rop_pull *p)
{
	p->cols = receive_folder_columns;
	p->ncols = 3;
}

bool rop_pull_logon_public(struct rop_pull *p, uint8_t *v)
{
	struct rop_state *s = p->state;

	if (s == NULL || !s->logon_known[p->logon_id]) {
		return rop_pull_fail(p, NT_STATUS_NOT_FOUND,
				     "layout depends on a logon not seen");
	}
	/* Private flag (0x01) of RopLogon's LogonFlags */
	*v = (s->logon_flags[p->logon_id] & 0x01) ? 0 : 1;
	return true;
}

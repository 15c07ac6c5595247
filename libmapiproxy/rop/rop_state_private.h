/*
 * The decoding state's internals, shared by rop_state.c and rop_buffer.c.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef MAPIPROXY_ROP_STATE_PRIVATE_H
#define MAPIPROXY_ROP_STATE_PRIVATE_H

#include "rop/rop_private.h"

/*
 * Objects remembered per association at most.  Exchange refuses a session
 * long before this many open objects; a peer that claims more is not
 * followed (the responses that would need the newest objects are opaque),
 * so that the state of one association cannot grow without bound.
 */
#define ROP_STATE_MAX_OBJECTS 4096

struct rop_state {
	uint32_t num_objects;
	uint32_t alloc;
	struct rop_state_object **objects;
	bool logon_known[256];
	uint8_t logon_flags[256];
};

struct rop_state_object *rop_state_find(struct rop_state *state, uint32_t handle);
struct rop_state_object *rop_state_open(struct rop_state *state,
					uint32_t handle, uint8_t rop_id);
void rop_state_release(struct rop_state *state, uint32_t handle);
bool rop_state_set_columns(struct rop_state_object *o,
			   const uint32_t *cols, uint32_t n);
void rop_state_set_logon(struct rop_state *state, uint8_t logon_id, uint8_t flags);

#endif

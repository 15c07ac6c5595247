/*
 * The ROP mode of mapiproxy-ndrdump (see ndrdump_rop.h): the RPC_HEADER_EXT
 * chain is split and decoded by mapi_ext_unpack(), each payload parsed by
 * the ROP layer and printed with its ndr_print functions.  A response is
 * parsed with its request when one is given (--rop-request-context), and
 * standalone otherwise, which stops at the first ROP whose layout depends
 * on the request.  With --legacy the buffers are the legacy EcDoRpc's:
 * one ROP buffer each, XORed with 0xA5, shown as a chain of one segment
 * without a header.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include <ndr.h>
#include "mapi_ext.h"
#include "mapi_legacy.h"
#include "rop.h"
#include "ndrdump_input.h"
#include "ndrdump_rop.h"

/* One rgbIn or rgbOut (mapi_request or mapi_response), split into its
 * segments. */
struct ext_input {
	const char *path;
	const char *what;	/* rgbIn, rgbOut, mapi_request, mapi_response */
	bool legacy;
	DATA_BLOB wire;
	struct mapi_ext_buffer *ext;
};

static bool load_ext(TALLOC_CTX *mem, const char *path, bool legacy, bool requests,
		     struct ext_input *in)
{
	struct mapi_ext_error err = { .reason = "" };
	NTSTATUS status;

	in->path = path;
	in->legacy = legacy;
	in->what = legacy ? (requests ? "mapi_request" : "mapi_response") :
		(requests ? "rgbIn" : "rgbOut");
	if (!ndrdump_load(mem, path, &in->wire)) {
		return false;
	}
	if (legacy) {
		status = mapi_legacy_unpack(mem, in->wire, &in->ext);
		if (NT_STATUS_IS_OK(status)) {
			return true;
		}
		printf("cannot decode the %s in %s: %zu bytes, a legacy ROP buffer "
		       "takes %u to %u (%s)\n", in->what, path, in->wire.length,
		       MAPI_LEGACY_MIN_PAYLOAD, MAPI_LEGACY_MAX_PAYLOAD, nt_errstr(status));
		return false;
	}
	status = mapi_ext_unpack_explain(mem, in->wire, &in->ext, &err);
	if (NT_STATUS_IS_OK(status)) {
		return true;
	}
	printf("cannot decode the %s in %s: segment %u at offset %zu: %s (%s)\n",
	       in->what, path, err.segment + 1, err.offset, err.reason,
	       nt_errstr(status));
	return false;
}

static struct ndr_print *new_printer(TALLOC_CTX *mem)
{
	struct ndr_print *ndr = talloc_zero(mem, struct ndr_print);

	if (ndr != NULL) {
		ndr->print = ndr_print_printf_helper;
		ndr->depth = 1;
	}
	return ndr;
}

/* Where segment i's payload starts in the input. */
static size_t payload_offset(const struct ext_input *in, uint32_t i)
{
	const struct mapi_ext_buffer *ext = in->ext;
	size_t off = MAPI_EXT_HEADER_SIZE;
	uint32_t k;

	if (in->legacy) {
		return 0;
	}
	for (k = 0; k < i; k++) {
		off += ext->segments[k].header.size + MAPI_EXT_HEADER_SIZE;
	}
	return off;
}

static void print_segment(struct ndr_print *ndr, const struct ext_input *in,
			  uint32_t i)
{
	if (in->legacy) {
		ndr->print(ndr, "legacy %s: one ROP buffer, XORed with 0xA5, %zu bytes",
			   in->what, in->wire.length);
		return;
	}
	ndr->print(ndr, "segment %u of %u at offset %zu", i + 1,
		   in->ext->num_segments,
		   payload_offset(in, i) - MAPI_EXT_HEADER_SIZE);
	mapi_ext_print_header(ndr, "RPC_HEADER_EXT", &in->ext->segments[i].header);
}

static void print_pull_error(const struct ext_input *in, uint32_t i,
			     const char *what, const struct rop_pull_error *err)
{
	const struct mapi_ext_header *h = &in->ext->segments[i].header;
	const struct rop_info *info = rop_info_by_id(err->rop_id);

	printf("cannot decode the ROP %s buffer of segment %u: %s at offset %u "
	       "of the ROP buffer", what, i + 1, err->reason, err->offset);
	if (!(h->flags & (MAPI_EXT_COMPRESSED))) {
		printf(" (offset %zu of the %s)",
		       payload_offset(in, i) + err->offset, in->what);
	}
	if (err->rop_id != 0 || err->rop_index != 0) {
		printf(", in %s (0x%02x), ROP %u of the buffer",
		       info ? info->name : "an unknown ROP", err->rop_id,
		       err->rop_index + 1);
	}
	printf("\n");
}

static bool pull_requests(TALLOC_CTX *mem, const struct ext_input *in,
			  struct rop_state *state, struct ndr_print *ndr,
			  struct rop_request_buffer ***out)
{
	struct rop_request_buffer **bufs;
	uint32_t i;

	bufs = talloc_zero_array(mem, struct rop_request_buffer *,
				 in->ext->num_segments);
	if (bufs == NULL) {
		return false;
	}
	for (i = 0; i < in->ext->num_segments; i++) {
		DATA_BLOB p = in->ext->segments[i].payload;
		struct rop_pull_error err = { 0 };
		NTSTATUS status;

		status = rop_request_buffer_pull_partial(bufs, p.data, p.length,
							 state, &bufs[i], &err);
		if (ndr != NULL) {
			print_segment(ndr, in, i);
			ndr_print_rop_request_buffer(ndr, "rop_request_buffer", bufs[i]);
		}
		if (!NT_STATUS_IS_OK(status)) {
			print_pull_error(in, i, "request", &err);
			return false;
		}
	}
	*out = bufs;
	return true;
}

/*
 * Responses: segment i answers request buffer i.  A server may chain more
 * response buffers than requests (MS-OXCRPC 3.1.4.2.1.1); those, and all
 * of them without a context, are parsed standalone.
 */
static bool pull_responses(TALLOC_CTX *mem, const struct ext_input *in,
			   struct rop_request_buffer **reqs, uint32_t nreqs,
			   struct rop_state *state, struct ndr_print *ndr,
			   struct rop_response_buffer ***out)
{
	struct rop_response_buffer **bufs;
	uint32_t i;

	bufs = talloc_zero_array(mem, struct rop_response_buffer *,
				 in->ext->num_segments);
	if (bufs == NULL) {
		return false;
	}
	for (i = 0; i < in->ext->num_segments; i++) {
		DATA_BLOB p = in->ext->segments[i].payload;
		const struct rop_request_buffer *req = i < nreqs ? reqs[i] : NULL;
		struct rop_pull_error err = { 0 };
		NTSTATUS status;

		status = rop_response_buffer_pull_partial(bufs, p.data, p.length,
							  req, req ? state : NULL,
							  &bufs[i], &err);
		print_segment(ndr, in, i);
		ndr_print_rop_response_buffer(ndr, "rop_response_buffer", bufs[i]);
		if (!NT_STATUS_IS_OK(status)) {
			print_pull_error(in, i, "response", &err);
			/* The layer's way of saying "needs what came before" */
			if (req == NULL && NT_STATUS_EQUAL(status, NT_STATUS_NOT_FOUND)) {
				printf("(parsed without its request: a response "
				       "whose layout depends on the request or on "
				       "earlier ROPs needs --rop-request-context)\n");
			}
			return false;
		}
	}
	*out = bufs;
	return true;
}

/*
 * Serialize every ROP buffer again and pack them with the input's flags;
 * with compare, say whether that gives the input again.
 */
static int reencode(TALLOC_CTX *mem, const struct ext_input *in,
		    void **bufs, bool requests, bool compare, const char *output)
{
	struct mapi_ext_buffer again = { .num_segments = in->ext->num_segments };
	DATA_BLOB wire;
	NTSTATUS status;
	uint32_t i;
	int ret = 0;

	again.segments = talloc_zero_array(mem, struct mapi_ext_segment,
					   again.num_segments);
	if (again.segments == NULL) {
		return 1;
	}
	for (i = 0; i < again.num_segments; i++) {
		DATA_BLOB *orig = &in->ext->segments[i].payload, *now;

		now = &again.segments[i].payload;
		status = requests ?
			rop_request_buffer_push(mem, bufs[i], now) :
			rop_response_buffer_push(mem, bufs[i], now);
		if (!NT_STATUS_IS_OK(status)) {
			printf("re-encoding segment %u failed: %s\n", i + 1,
			       nt_errstr(status));
			return 1;
		}
		if (!compare) {
			/* only writing --output */
		} else if (data_blob_cmp(now, orig) == 0) {
			printf("ROP buffer %u re-serialized: identical (%zu bytes)\n",
			       i + 1, now->length);
		} else {
			printf("ROP buffer %u re-serialized: DIFFERENT (%zu bytes "
			       "in, %zu bytes out)\n", i + 1, orig->length,
			       now->length);
			ret = 2;
		}
		again.segments[i].header = in->ext->segments[i].header;
	}
	status = in->legacy ? mapi_legacy_pack(mem, &again, SIZE_MAX, &wire) :
		mapi_ext_pack(mem, &again, SIZE_MAX, &wire);
	if (!NT_STATUS_IS_OK(status)) {
		printf("re-encoding failed: %s\n", nt_errstr(status));
		return 1;
	}
	if (output != NULL) {
		FILE *f = fopen(output, "wb");

		if (f == NULL || fwrite(wire.data, 1, wire.length, f) != wire.length ||
		    fclose(f) != 0) {
			fprintf(stderr, "%s: cannot write\n", output);
			return 1;
		}
	}
	if (!compare) {
		return 0;
	}
	if (data_blob_cmp(&wire, &in->wire) == 0) {
		printf("re-encoded: identical (%zu bytes)\n", wire.length);
		return ret;
	}
	printf("re-encoded: DIFFERENT (%zu bytes in, %zu bytes out)%s\n",
	       in->wire.length, wire.length,
	       ret == 0 ? "; the ROP buffers are identical, so the difference "
	       "is in the compression (LZ77 has many valid encodings)" : "");
	return 2;
}

int ndrdump_rop(TALLOC_CTX *mem, const struct ndrdump_rop_options *o)
{
	struct rop_state *state = rop_state_new(mem);
	struct ndr_print *ndr = new_printer(mem);
	struct rop_request_buffer **reqs = NULL;
	struct rop_response_buffer **rsps = NULL;
	struct ext_input in = { 0 }, ctx = { 0 };
	bool requests = o->request != NULL;
	uint32_t nreqs = 0;

	if (state == NULL || ndr == NULL) {
		return 1;
	}
	if (!load_ext(mem, requests ? o->request : o->response, o->legacy, requests, &in)) {
		return 1;
	}
	if (requests) {
		if (!pull_requests(mem, &in, state, ndr, &reqs)) {
			return 1;
		}
	} else {
		if (o->context != NULL) {
			if (!load_ext(mem, o->context, o->legacy, true, &ctx) ||
			    !pull_requests(mem, &ctx, state, NULL, &reqs)) {
				printf("the request context cannot be used\n");
				return 1;
			}
			nreqs = ctx.ext->num_segments;
		}
		if (!pull_responses(mem, &in, reqs, nreqs, state, ndr, &rsps)) {
			return 1;
		}
	}
	if (!o->reencode && o->output == NULL) {
		return 0;
	}
	return reencode(mem, &in, requests ? (void **)reqs : (void **)rsps,
			requests, o->reencode, o->output);
}

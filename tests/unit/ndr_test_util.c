/*
 * Helpers shared by the NDR tests: see ndr_test_util.h.
 */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "ndr_test_util.h"

void *ndr_test_pull(TALLOC_CTX *mem, const struct ndr_interface_table *t,
		    uint32_t opnum, int flags, const uint8_t *data, size_t len,
		    enum ndr_err_code *err, uint32_t *offset)
{
	const struct ndr_interface_call *call = &t->calls[opnum];
	DATA_BLOB blob = data_blob_const(data, len);
	struct ndr_pull *pull;
	void *r;

	r = talloc_zero_size(mem, call->struct_size);
	pull = ndr_pull_init_blob(&blob, r);
	pull->flags |= LIBNDR_FLAG_REF_ALLOC;
	*err = call->ndr_pull(pull, flags, r);
	*offset = pull->offset;
	if (*err == NDR_ERR_SUCCESS && pull->offset != pull->data_size) {
		*err = NDR_ERR_UNREAD_BYTES;
	}
	talloc_free(pull);
	if (*err != NDR_ERR_SUCCESS) {
		talloc_free(r);
		return NULL;
	}
	return r;
}

enum ndr_err_code ndr_test_push(TALLOC_CTX *mem, const struct ndr_interface_table *t,
				uint32_t opnum, int flags, const void *r, DATA_BLOB *out)
{
	struct ndr_push *push = ndr_push_init_ctx(mem);
	enum ndr_err_code err;

	err = t->calls[opnum].ndr_push(push, flags, r);
	*out = data_blob_null;
	if (err == NDR_ERR_SUCCESS) {
		*out = ndr_push_blob(push);
		talloc_steal(mem, out->data);
	}
	talloc_free(push);
	return err;
}

char *ndr_test_print(TALLOC_CTX *mem, const struct ndr_interface_table *t,
		     uint32_t opnum, int flags, const void *r)
{
	return ndr_print_function_string(mem, t->calls[opnum].ndr_print,
					 t->calls[opnum].name, flags, discard_const(r));
}

static void dump_diff(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	size_t i;

	for (i = 0; i < alen && i < blen; i++) {
		if (a[i] != b[i]) {
			break;
		}
	}
	fprintf(stderr, "bytes differ at offset %zu (lengths %zu and %zu)\n", i, alen, blen);
}

bool ndr_test_roundtrip(const struct ndr_interface_table *t, uint32_t opnum,
			int flags, const uint8_t *data, size_t len)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	enum ndr_err_code err;
	uint32_t off;
	DATA_BLOB again;
	char *p1, *p2;
	bool ok = false;
	void *r = ndr_test_pull(mem, t, opnum, flags, data, len, &err, &off);

	if (r == NULL) {
		fprintf(stderr, "%s: pull failed: %s at offset %u\n",
			t->calls[opnum].name, ndr_map_error2string(err), off);
		goto done;
	}
	err = ndr_test_push(mem, t, opnum, flags, r, &again);
	if (err != NDR_ERR_SUCCESS) {
		fprintf(stderr, "%s: push failed: %s\n", t->calls[opnum].name,
			ndr_map_error2string(err));
		goto done;
	}
	if (again.length != len || memcmp(again.data, data, len) != 0) {
		dump_diff(data, len, again.data, again.length);
		goto done;
	}
	p1 = ndr_test_print(mem, t, opnum, flags, r);
	p2 = ndr_test_print(mem, t, opnum, flags, r);
	ok = p1 != NULL && p2 != NULL && strcmp(p1, p2) == 0 && strlen(p1) > 0;
done:
	talloc_free(mem);
	return ok;
}

bool ndr_test_roundtrip_struct(const struct ndr_interface_table *t, uint32_t opnum,
			       int flags, const void *r)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	DATA_BLOB b;
	bool ok = false;

	if (ndr_test_push(mem, t, opnum, flags, r, &b) == NDR_ERR_SUCCESS) {
		ok = ndr_test_roundtrip(t, opnum, flags, b.data, b.length);
	}
	talloc_free(mem);
	return ok;
}

/*
 * libFuzzer target for the generated NDR code: the first three bytes pick
 * the interface, the opnum and the direction; the rest is pulled as that
 * call's stub.  A successful pull must push, and what it pushes must pull
 * and push again to the same bytes (abort otherwise).
 *
 * Build: ./configure --enable-fuzz CC=clang && make tests/fuzz/fuzz_ndr
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <ndr.h>
#include "gen_ndr/ndr_exchange_nsp.h"
#include "gen_ndr/ndr_exchange_emsmdb.h"
#include "gen_ndr/ndr_exchange_ds_rfr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct ndr_interface_table *tables[] = {
	&ndr_table_exchange_nsp,
	&ndr_table_exchange_emsmdb,
	&ndr_table_exchange_async_emsmdb,
	&ndr_table_exchange_ds_rfr,
};

static bool pull_push(TALLOC_CTX *mem, const struct ndr_interface_call *call, int flags,
		      DATA_BLOB in, DATA_BLOB *out, bool must)
{
	void *r = talloc_zero_size(mem, call->struct_size);
	struct ndr_pull *pull = ndr_pull_init_blob(&in, r);
	struct ndr_push *push;

	pull->flags |= LIBNDR_FLAG_REF_ALLOC;
	if (call->ndr_pull(pull, flags, r) != NDR_ERR_SUCCESS) {
		if (must) {
			abort();	/* our own encoding must decode */
		}
		return false;
	}
	(void)ndr_print_function_string(mem, call->ndr_print, call->name, flags, r);
	push = ndr_push_init_ctx(mem);
	if (call->ndr_push(push, flags, r) != NDR_ERR_SUCCESS) {
		abort();	/* a decoded call must encode */
	}
	*out = ndr_push_blob(push);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct ndr_interface_table *t;
	const struct ndr_interface_call *call;
	TALLOC_CTX *mem;
	DATA_BLOB once, twice;
	int flags;

	if (size < 3) {
		return 0;
	}
	t = tables[data[0] % (sizeof(tables) / sizeof(tables[0]))];
	call = &t->calls[data[1] % t->num_calls];
	flags = (data[2] & 1) ? NDR_OUT : NDR_IN;
	mem = talloc_new(NULL);
	if (pull_push(mem, call, flags, data_blob_const(data + 3, size - 3), &once, false)) {
		pull_push(mem, call, flags, once, &twice, true);
		if (once.length != twice.length || memcmp(once.data, twice.data, once.length) != 0) {
			abort();
		}
	}
	talloc_free(mem);
	return 0;
}

/*
 * libFuzzer target: AUX payloads (and rgbAux buffers through the
 * RPC_HEADER_EXT layer).  Parsed blocks must serialize to the input bytes.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <ndr.h>
#include "mapi_aux.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void discard(struct ndr_print *ndr, const char *fmt, ...)
{
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct mapi_aux_list *list;
	struct mapi_aux_buffer *aux;
	/* ndr_print helpers allocate on the ndr_print itself. */
	struct ndr_print *ndr = talloc_zero(mem, struct ndr_print);
	DATA_BLOB again;

	if (ndr == NULL) {
		abort();
	}
	ndr->print = discard;
	if (NT_STATUS_IS_OK(mapi_aux_parse(mem, data_blob_const(data, size), &list))) {
		if (!NT_STATUS_IS_OK(mapi_aux_push(mem, list, &again)) ||
		    again.length != size ||
		    (size && memcmp(again.data, data, size) != 0)) {
			abort();
		}
		mapi_aux_print_list(ndr, "aux", list);
	}
	if (NT_STATUS_IS_OK(mapi_aux_unpack(mem, data_blob_const(data, size), &aux))) {
		mapi_aux_print_list(ndr, "aux", &aux->list);
	}
	talloc_free(mem);
	return 0;
}

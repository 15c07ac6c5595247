/*
 * Helpers shared by the NDR tests: pull a call's stub bytes through an
 * interface table the way the endpoint server does (table->calls[opnum]),
 * push it back, and print it.
 */
#ifndef NDR_TEST_UTIL_H
#define NDR_TEST_UTIL_H

#include <stdbool.h>
#include <ndr.h>

/*
 * Pull `len` bytes as the NDR_IN or NDR_OUT half of call `opnum`.  Every
 * byte must be consumed.  Returns the call structure (a child of mem) or
 * NULL, with the NDR error in *err and the failing offset in *offset.
 */
void *ndr_test_pull(TALLOC_CTX *mem, const struct ndr_interface_table *t,
		    uint32_t opnum, int flags, const uint8_t *data, size_t len,
		    enum ndr_err_code *err, uint32_t *offset);

/* Push one half of a call; returns the bytes (empty blob on error). */
enum ndr_err_code ndr_test_push(TALLOC_CTX *mem, const struct ndr_interface_table *t,
				uint32_t opnum, int flags, const void *r, DATA_BLOB *out);

/* ndr_print output of one half of a call, as a string. */
char *ndr_test_print(TALLOC_CTX *mem, const struct ndr_interface_table *t,
		     uint32_t opnum, int flags, const void *r);

/* Pull, push, compare with the input and check that printing is stable. */
bool ndr_test_roundtrip(const struct ndr_interface_table *t, uint32_t opnum,
			int flags, const uint8_t *data, size_t len);

/* Push r, then round-trip the bytes: push -> pull -> push identical. */
bool ndr_test_roundtrip_struct(const struct ndr_interface_table *t, uint32_t opnum,
			       int flags, const void *r);

#endif

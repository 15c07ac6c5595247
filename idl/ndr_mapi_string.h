/*
 * NDR support the generated Exchange RPC code needs beyond libndr.
 *
 * MS-NSPI and MS-OXCRPC carry 8-bit strings in the client's code page.
 * libndr's charset conversion would re-encode them through the unix
 * charset and could change their bytes; a proxy must forward them exactly,
 * so 8-bit [string] elements are kept as raw bytes.
 */
#ifndef NDR_MAPI_STRING_H
#define NDR_MAPI_STRING_H

#include <ndr.h>

/*
 * Pull `length` bytes (terminating NUL included, already checked by
 * ndr_check_string_terminator) into a talloc'ed string.  An embedded NUL is
 * an error: the string could not be re-encoded to the same bytes.
 */
enum ndr_err_code ndr_pull_mapi_string8(struct ndr_pull *ndr, const char **s,
					uint32_t length);

#endif /* NDR_MAPI_STRING_H */

/*
 * Raw calls: send stub bytes as they are (malformed ones included) and
 * report what came back: the response's size, or the DCE/RPC fault.
 */
#include "config.h"
#include <stdlib.h>
#include "tools/client/client.h"
#include "gen_ndr/ndr_exchange_nsp.h"
#include "gen_ndr/ndr_exchange_emsmdb.h"
#include "gen_ndr/ndr_exchange_emsmdb_c.h"
#include "gen_ndr/ndr_exchange_ds_rfr.h"

static const struct ndr_interface_table *table_byname(const char *name)
{
	static const struct ndr_interface_table *const tables[] = {
		&ndr_table_exchange_nsp, &ndr_table_exchange_emsmdb,
		&ndr_table_exchange_async_emsmdb, &ndr_table_exchange_ds_rfr, NULL
	};
	int i;

	for (i = 0; tables[i] != NULL; i++) {
		if (strcmp(tables[i]->name, name) == 0) {
			return tables[i];
		}
	}
	return NULL;
}

/* "0a 1b ..." with any white space; NULL if not hex. */
static DATA_BLOB hex_to_blob(TALLOC_CTX *mem_ctx, const char *hex)
{
	DATA_BLOB b = data_blob_talloc(mem_ctx, NULL, strlen(hex) / 2 + 1);
	size_t n = 0;
	int hi = -1;

	for (; *hex != '\0'; hex++) {
		int v;

		if (*hex == ' ' || *hex == '\n' || *hex == '\t' || *hex == '\r') {
			continue;
		}
		if (*hex >= '0' && *hex <= '9') {
			v = *hex - '0';
		} else if ((*hex | 0x20) >= 'a' && (*hex | 0x20) <= 'f') {
			v = (*hex | 0x20) - 'a' + 10;
		} else {
			return data_blob_null;
		}
		if (hi < 0) {
			hi = v;
		} else {
			b.data[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	b.length = n;
	return b;
}

/* "A,B,C": the stubs, at least one (an empty string is one empty stub). */
static char **split_stubs(TALLOC_CTX *mem_ctx, const char *hex)
{
	char **list = talloc_zero_array(mem_ctx, char *, 1);
	size_t n = 0;

	while (list != NULL) {
		size_t len = strcspn(hex, ",");

		list = talloc_realloc(mem_ctx, list, char *, n + 2);
		if (list == NULL || (list[n] = talloc_strndup(list, hex, len)) == NULL) {
			return NULL;
		}
		list[++n] = NULL;
		if (hex[len] == '\0') {
			break;
		}
		hex += len + 1;
	}
	return list;
}

/* One stub, behind prefix (a CXH) if any; prints the outcome. */
static void raw_send(TALLOC_CTX *mem_ctx, struct client_ctx *c, struct dcerpc_pipe *p,
		     const char *iface, bool emsmdb, int opnum, DATA_BLOB prefix,
		     DATA_BLOB stub)
{
	DATA_BLOB in = data_blob_talloc(mem_ctx, NULL, prefix.length + stub.length);
	uint8_t *out = NULL;
	size_t out_length = 0;
	uint32_t out_flags = 0;
	NTSTATUS status;

	/* without a CXH the prefix is empty, and its data NULL */
	if (prefix.length > 0) {
		memcpy(in.data, prefix.data, prefix.length);
	}
	if (stub.length > 0) {
		memcpy(in.data + prefix.length, stub.data, stub.length);
	}
	status = dcerpc_binding_handle_raw_call(p->binding_handle, NULL, opnum, 0,
						in.data, in.length, mem_ctx, &out,
						&out_length, &out_flags);
	if (NT_STATUS_IS_OK(status) && emsmdb && out_length >= 4) {
		/* every EMSMDB call returns its 32-bit status last */
		client_say(c, "raw %s opnum %d: %zu bytes back, result 0x%08x", iface, opnum,
			   out_length, (unsigned)(out[out_length - 4] | out[out_length - 3] << 8 |
				      out[out_length - 2] << 16 |
				      (uint32_t)out[out_length - 1] << 24));
	} else if (NT_STATUS_IS_OK(status)) {
		client_say(c, "raw %s opnum %d: %zu bytes back", iface, opnum, out_length);
	} else {
		client_say(c, "raw %s opnum %d: %s fault 0x%08x", iface, opnum,
			   nt_errstr(status), p->last_fault_code);
	}
	talloc_free(out);
	data_blob_free(&in);
}

/* EcDoConnectEx (EcDoConnect with --legacy) as c->user; the CXH as NDR
 * bytes, to go before stubs. */
static bool raw_session_open(TALLOC_CTX *mem_ctx, struct client_ctx *c,
			     struct dcerpc_pipe *p, struct policy_handle *cxh,
			     DATA_BLOB *prefix)
{
	const char *display = NULL;
	uint32_t result = 0;
	NTSTATUS status = client_emsmdb_connect(mem_ctx, c, p, c->user, cxh, &result,
						&display);
	enum ndr_err_code err;

	client_say(c, "raw session: %s status %s result 0x%08x",
		   c->legacy ? "EcDoConnect" : "EcDoConnectEx", nt_errstr(status),
		   (unsigned)result);
	if (!NT_STATUS_IS_OK(status) || result != 0) {
		return false;
	}
	err = ndr_push_struct_blob(prefix, mem_ctx, cxh,
				   (ndr_push_flags_fn_t)ndr_push_policy_handle);
	return NDR_ERR_CODE_IS_SUCCESS(err);
}

int client_raw_call(TALLOC_CTX *mem_ctx, struct client_ctx *c, const char *iface,
		    int opnum, const char *hex)
{
	const struct ndr_interface_table *t = table_byname(iface);
	struct policy_handle cxh = { 0 };
	struct dcerpc_pipe *p;
	DATA_BLOB prefix = data_blob_null;
	char **stubs;
	int i, rc = 0;

	if (t == NULL) {
		fprintf(stderr, "mapiproxy-client: unknown interface '%s'\n", iface);
		return 1;
	}
	if (c->raw_session && t != &ndr_table_exchange_emsmdb) {
		fprintf(stderr, "mapiproxy-client: --raw-session needs exchange_emsmdb\n");
		return 1;
	}
	stubs = split_stubs(mem_ctx, hex);
	if (stubs == NULL) {
		return 1;
	}
	if (!NT_STATUS_IS_OK(client_connect(mem_ctx, c, t, &p))) {
		return 1;
	}
	if (c->raw_session && !raw_session_open(mem_ctx, c, p, &cxh, &prefix)) {
		talloc_free(p);
		return 1;
	}
	for (i = 0; stubs[i] != NULL; i++) {
		raw_send(mem_ctx, c, p, iface,
			 t == &ndr_table_exchange_emsmdb || t == &ndr_table_exchange_async_emsmdb,
			 opnum, prefix, hex_to_blob(mem_ctx, stubs[i]));
	}
	if (c->raw_session) {
		/* the session must have survived whatever the stubs held */
		enum MAPISTATUS result = 0;
		NTSTATUS status = dcerpc_EcDoDisconnect(p->binding_handle, mem_ctx, &cxh,
							&result);

		client_say(c, "raw session: EcDoDisconnect status %s result 0x%08x",
			   nt_errstr(status), (unsigned)result);
		rc = NT_STATUS_IS_OK(status) && result == 0 ? 0 : 1;
	}
	talloc_free(p);
	return rc;
}

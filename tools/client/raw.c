/*
 * Raw calls: send stub bytes as they are (malformed ones included) and
 * report what came back: the response's size, or the DCE/RPC fault.
 */
#include "config.h"
#include <stdlib.h>
#include "tools/client/client.h"
#include "gen_ndr/ndr_exchange_nsp.h"
#include "gen_ndr/ndr_exchange_emsmdb.h"
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

int client_raw_call(TALLOC_CTX *mem_ctx, struct client_ctx *c, const char *iface,
		    int opnum, const char *hex)
{
	const struct ndr_interface_table *t = table_byname(iface);
	struct dcerpc_pipe *p;
	DATA_BLOB in;
	uint8_t *out = NULL;
	size_t out_length = 0;
	uint32_t out_flags = 0;
	NTSTATUS status;

	if (t == NULL) {
		fprintf(stderr, "mapiproxy-client: unknown interface '%s'\n", iface);
		return 1;
	}
	in = hex_to_blob(mem_ctx, hex);
	if (!NT_STATUS_IS_OK(client_connect(mem_ctx, c, t, &p))) {
		return 1;
	}
	status = dcerpc_binding_handle_raw_call(p->binding_handle, NULL, opnum, 0,
						in.data, in.length, mem_ctx, &out,
						&out_length, &out_flags);
	if (NT_STATUS_IS_OK(status)) {
		client_say(c, "raw %s opnum %d: %zu bytes back", iface, opnum, out_length);
	} else {
		client_say(c, "raw %s opnum %d: %s fault 0x%08x", iface, opnum,
			   nt_errstr(status), p->last_fault_code);
	}
	talloc_free(p);
	return 0;
}

/*
 * Connections and transcript output for mapiproxy-client.
 */
#include "config.h"
#include <stdarg.h>
#include <strings.h>
#include "tools/client/client.h"

NTSTATUS client_connect(TALLOC_CTX *mem_ctx, struct client_ctx *c,
			const struct ndr_interface_table *table,
			struct dcerpc_pipe **p)
{
	NTSTATUS status = dcerpc_pipe_connect(mem_ctx, p, c->binding, table,
					      c->creds, c->ev, c->lp_ctx);

	if (!NT_STATUS_IS_OK(status)) {
		fprintf(stderr, "mapiproxy-client: cannot connect %s to %s: %s\n",
			table->name, c->binding, nt_errstr(status));
	}
	return status;
}

void client_say(struct client_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(c->out, fmt, ap);
	va_end(ap);
	fputc('\n', c->out);
	fflush(c->out);
}

const char *client_server_name(struct client_ctx *c, const char *name)
{
	size_t i, n = talloc_array_length(c->servers);
	const char **grown;

	if (name == NULL) {
		return "(null)";
	}
	if (!c->normalize_servers) {
		return name;
	}
	for (i = 0; i < n; i++) {
		if (strcasecmp(c->servers[i], name) == 0) {
			return talloc_asprintf(c->servers, "<server:%zu>", i + 1);
		}
	}
	grown = talloc_realloc(NULL, c->servers, const char *, n + 1);
	if (grown == NULL) {
		return name;
	}
	c->servers = grown;
	c->servers[n] = talloc_strdup(c->servers, name);
	return talloc_asprintf(c->servers, "<server:%zu>", n + 1);
}

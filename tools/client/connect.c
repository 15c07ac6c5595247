/*
 * Connections and transcript output for mapiproxy-client.
 */
#include "config.h"
#include <stdarg.h>
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

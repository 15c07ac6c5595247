/*
 * The built-in server-mode providers, by interface.
 */
#include "config.h"
#include "mapiproxy/mapiproxy.h"
#include <string.h>

extern const struct mapiproxy_server_provider mapiproxy_rfr_server;
extern const struct mapiproxy_server_provider mapiproxy_nspi_server;
extern const struct mapiproxy_server_provider mapiproxy_emsmdb_server;
extern const struct mapiproxy_server_provider mapiproxy_async_emsmdb_server;

static const struct mapiproxy_server_provider *const providers[] = {
	&mapiproxy_rfr_server,
	&mapiproxy_nspi_server,
	&mapiproxy_emsmdb_server,
	&mapiproxy_async_emsmdb_server,
	NULL
};

const struct mapiproxy_server_provider *mapiproxy_server_provider(const char *iface)
{
	int i;

	for (i = 0; providers[i] != NULL; i++) {
		if (strcmp(providers[i]->iface, iface) == 0) {
			return providers[i];
		}
	}
	return NULL;
}

/*
 * The interfaces mapiproxy can serve, by their IDL names, mapped to the NDR
 * tables generated from idl/, and which of their endpoints to register.
 */
#include "config.h"
#include <string.h>
#include <strings.h>
#include "mapiproxy.h"
#include "gen_ndr/ndr_exchange_nsp.h"
#include "gen_ndr/ndr_exchange_emsmdb.h"
#include "gen_ndr/ndr_exchange_ds_rfr.h"

static const struct ndr_interface_table *const tables[] = {
	&ndr_table_exchange_emsmdb,
	&ndr_table_exchange_async_emsmdb,
	&ndr_table_exchange_nsp,
	&ndr_table_exchange_ds_rfr,
	NULL
};

static const char *const names[] = {
	"exchange_emsmdb",
	"exchange_async_emsmdb",
	"exchange_nsp",
	"exchange_ds_rfr",
	NULL
};

const struct ndr_interface_table *mapiproxy_table_byname(const char *name)
{
	int i;

	for (i = 0; tables[i] != NULL; i++) {
		if (strcmp(tables[i]->name, name) == 0) {
			return tables[i];
		}
	}
	return NULL;
}

const char * const *mapiproxy_known_interfaces(void)
{
	return names;
}

/* enum server_role of samba's libds/common/roles.h, not installed. */
#define MP_ROLE_ACTIVE_DIRECTORY_DC 4

/*
 * Named pipes reach samba's RPC server through smbd, which connects every
 * pipe a client opens on IPC$ to the unix socket "ncalrpc dir"/np/NAME
 * (source3/rpc_client/local_np.c), where samba listens for the ncacn_np
 * endpoints registered with it.  In the AD DC role nothing else listens
 * there for \pipe\lsass but samba's own lsarpc, with which our interfaces
 * share the endpoint.  In any other role samba-dcerpcd serves lsarpc and
 * dssetup on \pipe\lsass (rpcd_lsad) on the same socket path, and whichever
 * of the two binds it last takes the pipe from the other: there mapiproxy
 * leaves \pipe\lsass alone.
 */
bool mapiproxy_endpoint_wanted(struct loadparm_context *lp_ctx, const char *endpoint)
{
	if (lpcfg_server_role(lp_ctx) == MP_ROLE_ACTIVE_DIRECTORY_DC) {
		return true;
	}
	return strcasecmp(endpoint, "ncacn_np:[\\pipe\\lsass]") != 0;
}

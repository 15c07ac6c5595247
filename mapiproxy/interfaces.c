/*
 * The interfaces mapiproxy can serve, by their IDL names, mapped to the NDR
 * tables generated from idl/.
 */
#include "config.h"
#include <string.h>
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

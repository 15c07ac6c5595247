/*
 * The mapiproxy endpoint server: the entry point samba loads from
 * MODULESDIR/dcerpc_server/mapiproxy.so.
 *
 * samba calls samba_init_module(), which registers the endpoint server;
 * init_server runs when smb.conf's "dcerpc endpoint servers" names
 * mapiproxy.
 */
#include "config.h"
#include <stdbool.h>
#include <stdint.h>
#include <talloc.h>
#include <tevent.h>
#include <util/debug.h>
#include <core/ntstatus.h>
#include <dcerpc_server.h>
#include "libmapiproxy.h"

NTSTATUS samba_init_module(TALLOC_CTX *ctx);

static NTSTATUS mapiproxy_init_server(struct dcesrv_context *dce_ctx,
				      const struct dcesrv_endpoint_server *ep_server)
{
	DEBUG(0, ("mapiproxy: endpoint server %s initialised (libmapiproxy %s)\n",
		  ep_server->name, mapiproxy_version()));
	return NT_STATUS_OK;
}

static NTSTATUS mapiproxy_shutdown_server(struct dcesrv_context *dce_ctx,
					  const struct dcesrv_endpoint_server *ep_server)
{
	return NT_STATUS_OK;
}

static bool mapiproxy_interface_by_uuid(struct dcesrv_interface *iface,
					const struct GUID *uuid, uint32_t if_version)
{
	return false;
}

static bool mapiproxy_interface_by_name(struct dcesrv_interface *iface,
					const char *name)
{
	return false;
}

NTSTATUS samba_init_module(TALLOC_CTX *ctx)
{
	static const struct dcesrv_endpoint_server ep_server = {
		.name = "mapiproxy",
		.init_server = mapiproxy_init_server,
		.shutdown_server = mapiproxy_shutdown_server,
		.interface_by_uuid = mapiproxy_interface_by_uuid,
		.interface_by_name = mapiproxy_interface_by_name,
	};
	NTSTATUS status;

	status = dcerpc_register_ep_server(&ep_server);
	if (!NT_STATUS_IS_OK(status)) {
		DEBUG(0, ("mapiproxy: failed to register endpoint server: %s\n",
			  nt_errstr(status)));
		return status;
	}
	DEBUG(1, ("mapiproxy: endpoint server registered\n"));
	return NT_STATUS_OK;
}

/*
 * The mapiproxy endpoint server: the entry point samba loads from
 * MODULESDIR/dcerpc_server/mapiproxy.so.
 *
 * samba calls samba_init_module(), which registers the endpoint server;
 * init_server runs when smb.conf's "dcerpc endpoint servers" names
 * mapiproxy.  It reads and validates the configuration, loads the module
 * chain and registers the configured interfaces.  Any failure stops samba
 * from starting, with a DEBUG(0) line saying why: a proxy that half works
 * is worse than one that refuses to start.
 */
#include "config.h"
#include <string.h>
#include "mapiproxy.h"

NTSTATUS samba_init_module(TALLOC_CTX *ctx);

static struct mapiproxy_context *mapiproxy_ctx;

/* Register one interface, relayed or, in server mode, answered by its
 * built-in provider. */
static NTSTATUS mapiproxy_serve(struct mapiproxy_context *mpctx, const char *name)
{
	const struct ndr_interface_table *table = mapiproxy_table_byname(name);
	const struct mapiproxy_server_provider *provider = NULL;

	if (mpctx->config->server) {
		provider = mapiproxy_server_provider(name);
		if (provider == NULL) {
			DEBUG(0, ("mapiproxy: %s:server = yes but mapiproxy has no "
				  "built-in %s server: remove it from %s:interfaces\n",
				  MAPIPROXY_OPT, name, MAPIPROXY_OPT));
			return NT_STATUS_NOT_SUPPORTED;
		}
	}
	return mapiproxy_register_interface(mpctx, table, provider);
}

static NTSTATUS mapiproxy_init_server(struct dcesrv_context *dce_ctx,
				      const struct dcesrv_endpoint_server *ep_server)
{
	struct mapiproxy_context *mpctx;
	struct mapiproxy_module_init_context init_ctx;
	NTSTATUS status;
	int i;

	/* libdcerpc needs its tables before any client pipe is opened. */
	status = dcerpc_init();
	if (!NT_STATUS_IS_OK(status)) {
		DEBUG(0, ("mapiproxy: dcerpc_init failed: %s\n", nt_errstr(status)));
		return status;
	}

	mpctx = talloc_zero(dce_ctx, struct mapiproxy_context);
	if (mpctx == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	mpctx->dce_ctx = dce_ctx;
	mpctx->lp_ctx = dce_ctx->lp_ctx;

	status = mapiproxy_config_load(mpctx, mpctx->lp_ctx, &mpctx->config);
	if (!NT_STATUS_IS_OK(status)) {
		DEBUG(0, ("mapiproxy: invalid configuration, not starting\n"));
		goto fail;
	}
	if (!mpctx->config->server) {
		status = dcerpc_parse_binding(mpctx, mpctx->config->binding,
					      &mpctx->upstream_binding);
		if (!NT_STATUS_IS_OK(status)) {
			goto fail;
		}
		if (mpctx->config->rewrite_referrals) {
			mpctx->referral = mapiproxy_referral_new(mpctx, mpctx->lp_ctx);
			if (mpctx->referral == NULL) {
				status = NT_STATUS_NO_MEMORY;
				goto fail;
			}
		}
	}

	status = mapiproxy_chain_build(mpctx, mpctx->config->modules,
				       mpctx->config->modulesdir, &mpctx->chain);
	if (!NT_STATUS_IS_OK(status)) {
		goto fail;
	}
	init_ctx = (struct mapiproxy_module_init_context) {
		.lp_ctx = mpctx->lp_ctx,
		.ev = NULL,
		.mem_ctx = mpctx,
	};
	status = mapiproxy_chain_init_modules(mpctx->chain, &init_ctx);
	if (!NT_STATUS_IS_OK(status)) {
		goto fail;
	}

	for (i = 0; mpctx->config->interfaces[i] != NULL; i++) {
		const char *name = mpctx->config->interfaces[i];

		status = mapiproxy_serve(mpctx, name);
		if (!NT_STATUS_IS_OK(status)) {
			goto fail;
		}
		/* EcDoAsyncWaitEx lives on its own interface but belongs to
		 * EMSMDB sessions: serve it whenever EMSMDB is served. */
		if (strcmp(name, "exchange_emsmdb") == 0) {
			status = mapiproxy_serve(mpctx, "exchange_async_emsmdb");
			if (!NT_STATUS_IS_OK(status)) {
				goto fail;
			}
		}
	}

	mapiproxy_ctx = mpctx;
	DEBUG(0, ("mapiproxy: endpoint server %s initialised (libmapiproxy %s): "
		  "%s, %zu module(s)\n", ep_server->name, mapiproxy_version(),
		  mpctx->config->server ? "server mode" : mpctx->config->binding,
		  mpctx->chain->count));
	return NT_STATUS_OK;

fail:
	DEBUG(0, ("mapiproxy: endpoint server not started: %s\n", nt_errstr(status)));
	talloc_free(mpctx);
	return status;
}

static NTSTATUS mapiproxy_shutdown_server(struct dcesrv_context *dce_ctx,
					  const struct dcesrv_endpoint_server *ep_server)
{
	TALLOC_FREE(mapiproxy_ctx);
	return NT_STATUS_OK;
}

/*
 * Other endpoint servers (samba's "remote") may ask for an interface
 * implementation by UUID or name.  Ours only work inside mapiproxy's call
 * path, with its configuration and chain, so we lend them to nobody.
 */
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

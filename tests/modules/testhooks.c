/*
 * testhooks: a module for the integration tests, exercising what modules
 * can do on the RFR interface.  Each behaviour is switched on by an option:
 *
 *   mpm_testhooks:norelay = yes    answer RfrGetNewDSA itself with
 *                                  "norelay.invalid"; the upstream never sees it
 *   mpm_testhooks:suspend_ms = N   suspend every RfrGetNewDSA for N ms in its
 *                                  pull hook, on a timer (nothing blocks)
 *   mpm_testhooks:ahead = yes      on RfrGetNewDSA, first ask the upstream an
 *                                  RfrGetFQDNFromServerDN of its own; its
 *                                  answer is logged, never sent to the client
 *   mpm_testhooks:fail = yes       fail RfrGetFQDNFromServerDN in its pull hook
 */
#include <string.h>
#include <util/debug.h>
#include <util/tevent_ntstatus.h>
#include <param.h>
#include <ndr.h>
#include <libmapiproxy.h>
#include "gen_ndr/ndr_exchange_ds_rfr.h"

NTSTATUS samba_init_module(TALLOC_CTX *ctx);

static bool opt_norelay, opt_ahead, opt_fail;
static int opt_suspend_ms;

static NTSTATUS testhooks_init(const struct mapiproxy_module_init_context *ctx)
{
	opt_norelay = lpcfg_parm_bool(ctx->lp_ctx, NULL, "mpm_testhooks", "norelay", false);
	opt_ahead = lpcfg_parm_bool(ctx->lp_ctx, NULL, "mpm_testhooks", "ahead", false);
	opt_fail = lpcfg_parm_bool(ctx->lp_ctx, NULL, "mpm_testhooks", "fail", false);
	opt_suspend_ms = lpcfg_parm_int(ctx->lp_ctx, NULL, "mpm_testhooks", "suspend_ms", 0);
	return NT_STATUS_OK;
}

static void resume_after_timer(struct tevent_context *ev, struct tevent_timer *te,
			       struct timeval now, void *private_data)
{
	struct mapiproxy_call *call = private_data;

	DEBUG(0, ("mpm_testhooks: resuming %s\n", mapiproxy_call_name(call)));
	mapiproxy_call_resume(call, NT_STATUS_OK);
}

static void ahead_done(struct tevent_req *req)
{
	struct RfrGetFQDNFromServerDN *f = tevent_req_callback_data(req,
		struct RfrGetFQDNFromServerDN);
	NTSTATUS status = mapiproxy_ahead_recv(req);

	DEBUG(0, ("mpm_testhooks: ahead RfrGetFQDNFromServerDN: %s result 0x%08x "
		  "fqdn %s\n", nt_errstr(status), NT_STATUS_IS_OK(status) ? f->out.result : 0,
		  NT_STATUS_IS_OK(status) && f->out.ppszServerFQDN && *f->out.ppszServerFQDN ?
		  *f->out.ppszServerFQDN : "(none)"));
	talloc_free(f);
}

static NTSTATUS testhooks_pull(struct mapiproxy_call *call, void *r)
{
	const char *name = mapiproxy_call_name(call);

	if (opt_fail && strcmp(name, "RfrGetFQDNFromServerDN") == 0) {
		DEBUG(0, ("mpm_testhooks: failing %s\n", name));
		return NT_STATUS_ACCESS_DENIED;
	}
	if (strcmp(name, "RfrGetNewDSA") != 0) {
		return NT_STATUS_OK;
	}
	if (opt_ahead) {
		/* the ahead call lives on its own: not a child of this call */
		struct RfrGetFQDNFromServerDN *f = talloc_zero(NULL, struct RfrGetFQDNFromServerDN);
		const char *dn = "/o=First Organization/ou=Exchange Administrative Group"
			"/cn=Configuration/cn=Servers/cn=aheadprobe";
		struct tevent_req *req;

		f->in.szMailboxServerDN = dn;
		f->in.cbMailboxServerDN = strlen(dn) + 1;
		f->out.ppszServerFQDN = talloc_zero(f, const char *);
		req = mapiproxy_ahead_send(f, mapiproxy_call_event_context(call),
					   mapiproxy_call_session(call), mapiproxy_call_table(call),
					   NDR_RFRGETFQDNFROMSERVERDN, f);
		if (req == NULL) {
			talloc_free(f);
			return NT_STATUS_NO_MEMORY;
		}
		tevent_req_set_callback(req, ahead_done, f);
		DEBUG(0, ("mpm_testhooks: ahead call sent\n"));
	}
	if (opt_suspend_ms > 0) {
		struct tevent_timer *te = tevent_add_timer(
			mapiproxy_call_event_context(call), mapiproxy_call_mem_ctx(call),
			tevent_timeval_current_ofs(opt_suspend_ms / 1000,
						   (opt_suspend_ms % 1000) * 1000),
			resume_after_timer, call);
		if (te == NULL) {
			return NT_STATUS_NO_MEMORY;
		}
		DEBUG(0, ("mpm_testhooks: suspending %s for %d ms\n", name, opt_suspend_ms));
		return NT_STATUS_PENDING;
	}
	return NT_STATUS_OK;
}

static NTSTATUS testhooks_dispatch(struct mapiproxy_call *call, void *r)
{
	struct RfrGetNewDSA *g = r;

	if (!opt_norelay || strcmp(mapiproxy_call_name(call), "RfrGetNewDSA") != 0) {
		return NT_STATUS_OK;
	}
	g->out.ppszUnused = g->in.ppszUnused;
	g->out.ppszServer = g->in.ppszServer;
	if (g->out.ppszServer != NULL) {
		*g->out.ppszServer = "norelay.invalid";
	}
	g->out.result = MAPI_E_SUCCESS;
	mapiproxy_call_norelay(call);
	DEBUG(0, ("mpm_testhooks: answered RfrGetNewDSA without the upstream\n"));
	return NT_STATUS_OK;
}

static const struct mapiproxy_module testhooks_module = {
	.abi_version = MAPIPROXY_MODULE_ABI_VERSION,
	.name = "testhooks",
	.description = "integration-test behaviours: norelay, suspend, ahead, fail",
	.endpoint = "exchange_ds_rfr",
	.init = testhooks_init,
	.pull = testhooks_pull,
	.dispatch = testhooks_dispatch,
};

NTSTATUS samba_init_module(TALLOC_CTX *ctx)
{
	return mapiproxy_module_register(&testhooks_module);
}

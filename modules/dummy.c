/*
 * dummy: the template for module authors.  It takes part in every hook and
 * logs what it sees, changing nothing.  Copy it to start a module.
 *
 * smb.conf:   dcerpc_mapiproxy:modules = dummy
 *             mpm_dummy:level = 1      (DEBUG level of its lines; default 2)
 */
#include <stdio.h>
#include <util/debug.h>
#include <param.h>
#include <ndr.h>
#include <libmapiproxy.h>

NTSTATUS samba_init_module(TALLOC_CTX *ctx);

static int dummy_level = 2;

/* Per-session state: how many calls this client made through us. */
struct dummy_session {
	unsigned calls;
};

static const struct mapiproxy_module dummy_module;

static NTSTATUS dummy_init(const struct mapiproxy_module_init_context *ctx)
{
	dummy_level = lpcfg_parm_int(ctx->lp_ctx, NULL, "mpm_dummy", "level", 2);
	DEBUG(dummy_level, ("mpm_dummy: init\n"));
	return NT_STATUS_OK;
}

static NTSTATUS dummy_ndr_pull(struct mapiproxy_call *call, struct ndr_pull *ndr)
{
	DEBUG(dummy_level, ("mpm_dummy: ndr_pull %s (%u bytes)\n",
			    mapiproxy_call_name(call),
			    (unsigned)mapiproxy_call_raw_request(call).length));
	return NT_STATUS_OK;
}

static NTSTATUS dummy_pull(struct mapiproxy_call *call, void *r)
{
	struct mapiproxy_session *session = mapiproxy_call_session(call);
	struct dummy_session *ds = mapiproxy_session_get_private(session, &dummy_module);

	if (ds == NULL) {
		ds = talloc_zero(NULL, struct dummy_session);
		if (ds == NULL) {
			return NT_STATUS_NO_MEMORY;
		}
		mapiproxy_session_set_private(session, &dummy_module, ds);
	}
	ds->calls++;
	DEBUG(dummy_level, ("mpm_dummy: pull %s from %s (call %u of this session)\n",
			    mapiproxy_call_name(call),
			    mapiproxy_session_account(session), ds->calls));
	return NT_STATUS_OK;
}

static NTSTATUS dummy_dispatch(struct mapiproxy_call *call, void *r)
{
	DEBUG(dummy_level, ("mpm_dummy: dispatch %s\n", mapiproxy_call_name(call)));
	return NT_STATUS_OK;
}

static NTSTATUS dummy_push(struct mapiproxy_call *call, void *r)
{
	DEBUG(dummy_level, ("mpm_dummy: push %s (%u bytes from upstream)\n",
			    mapiproxy_call_name(call),
			    (unsigned)mapiproxy_call_raw_response(call).length));
	return NT_STATUS_OK;
}

static NTSTATUS dummy_unbind(struct mapiproxy_session *session)
{
	struct dummy_session *ds = mapiproxy_session_get_private(session, &dummy_module);

	DEBUG(dummy_level, ("mpm_dummy: unbind %s after %u call(s)\n",
			    mapiproxy_session_account(session), ds ? ds->calls : 0));
	return NT_STATUS_OK;
}

static const struct mapiproxy_module dummy_module = {
	.abi_version = MAPIPROXY_MODULE_ABI_VERSION,
	.name = "dummy",
	.description = "logs every hook; the template for new modules",
	.endpoint = "any",
	.init = dummy_init,
	.ndr_pull = dummy_ndr_pull,
	.pull = dummy_pull,
	.dispatch = dummy_dispatch,
	.push = dummy_push,
	.unbind = dummy_unbind,
};

NTSTATUS samba_init_module(TALLOC_CTX *ctx)
{
	return mapiproxy_module_register(&dummy_module);
}

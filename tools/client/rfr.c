/*
 * The referral part of an Outlook session (MS-OXABREF): which NSPI server
 * to use, and the FQDN of the mailbox server named by a DN.
 */
#include "config.h"
#include "tools/client/client.h"
#include "gen_ndr/ndr_exchange_ds_rfr_c.h"

int client_scenario_rfr(TALLOC_CTX *mem_ctx, struct client_ctx *c)
{
	struct dcerpc_pipe *p;
	const char *unused = NULL, *server = NULL, *fqdn = NULL;
	enum MAPISTATUS result;
	const char *dn;
	NTSTATUS status;
	char *short_name, *dot;

	if (!NT_STATUS_IS_OK(client_connect(mem_ctx, c, &ndr_table_exchange_ds_rfr, &p))) {
		return 1;
	}
	status = dcerpc_RfrGetNewDSA(p->binding_handle, mem_ctx, 0,
				     "/o=First Organization/ou=Exchange Administrative Group/cn=Recipients/cn=user",
				     &unused, &server, &result);
	if (!NT_STATUS_IS_OK(status)) {
		client_say(c, "rfr GetNewDSA status %s", nt_errstr(status));
		return 0;
	}
	client_say(c, "rfr GetNewDSA result 0x%08x server %s", (unsigned)result,
		   client_server_name(c, server));

	/* the DN of the server we were referred to */
	short_name = talloc_strdup(mem_ctx, server ? server : "unknown");
	if (short_name != NULL && (dot = strchr(short_name, '.')) != NULL) {
		*dot = '\0';
	}
	dn = talloc_asprintf(mem_ctx, "/o=First Organization/ou=Exchange Administrative "
			     "Group/cn=Configuration/cn=Servers/cn=%s", short_name);
	status = dcerpc_RfrGetFQDNFromServerDN(p->binding_handle, mem_ctx, 0,
					       strlen(dn) + 1, dn, &fqdn, &result);
	client_say(c, "rfr GetFQDNFromServerDN(referred server) status %s result "
		   "0x%08x fqdn %s", nt_errstr(status), (unsigned)result,
		   client_server_name(c, fqdn));

	dn = "/o=First Organization/ou=Exchange Administrative Group/cn=Configuration/cn=Servers/cn=nosuchserver";
	fqdn = NULL;
	status = dcerpc_RfrGetFQDNFromServerDN(p->binding_handle, mem_ctx, 0,
					       strlen(dn) + 1, dn, &fqdn, &result);
	client_say(c, "rfr GetFQDNFromServerDN(nosuchserver) status %s result 0x%08x",
		   nt_errstr(status), (unsigned)result);

	dn = "not a DN at all";
	status = dcerpc_RfrGetFQDNFromServerDN(p->binding_handle, mem_ctx, 0,
					       strlen(dn) + 1, dn, &fqdn, &result);
	client_say(c, "rfr GetFQDNFromServerDN(malformed) status %s result 0x%08x",
		   nt_errstr(status), (unsigned)result);
	talloc_free(p);
	return 0;
}

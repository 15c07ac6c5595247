/*
 * The X.500 names the built-in servers hand out: one organisation and
 * administrative group for NSPI and EMSMDB alike, so that the
 * legacyExchangeDN the address book gives a user is the one his mailbox
 * answers to.
 */
#include "config.h"
#include "mapiproxy/mapiproxy.h"

#define DEFAULT_ORGANIZATION "First Organization"
#define DEFAULT_ADMIN_GROUP "Exchange Administrative Group (FYDIBOHF23SPDLT)"

static const char *name_option(struct loadparm_context *lp_ctx, const char *name,
			       const char *def)
{
	const char *v = lpcfg_parm_string(lp_ctx, NULL, MAPIPROXY_OPT, name);

	return (v != NULL && v[0] != '\0') ? v : def;
}

char *mapiproxy_server_org_prefix(TALLOC_CTX *mem_ctx, struct loadparm_context *lp_ctx)
{
	return talloc_asprintf(mem_ctx, "/o=%s/ou=%s",
			       name_option(lp_ctx, "organization", DEFAULT_ORGANIZATION),
			       name_option(lp_ctx, "admin_group", DEFAULT_ADMIN_GROUP));
}

char *mapiproxy_server_recipients_prefix(TALLOC_CTX *mem_ctx,
					 struct loadparm_context *lp_ctx)
{
	char *org = mapiproxy_server_org_prefix(mem_ctx, lp_ctx);

	return org ? talloc_asprintf_append(org, "/cn=Recipients") : NULL;
}

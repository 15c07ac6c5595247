/*
 * smb.conf options of the endpoint server, read and checked once at
 * start-up.  A wrong value is a DEBUG(0) line naming the option and samba
 * does not start: a proxy that guesses is worse than one that refuses.
 * doc/configuration.md documents every option.
 */
#include "config.h"
#include <string.h>
#include <stdlib.h>
#include <errno.h>
#include <ctype.h>
#include "mapiproxy.h"

static const char *opt_string(struct loadparm_context *lp_ctx, const char *name)
{
	const char *v = lpcfg_parm_string(lp_ctx, NULL, MAPIPROXY_OPT, name);

	return (v != NULL && v[0] != '\0') ? v : NULL;
}

/* lpcfg_parm_bool() quietly takes anything it does not understand for the
 * default; a typo in "server = ture" must not silently pick relay mode. */
static bool opt_bool(struct loadparm_context *lp_ctx, const char *name,
		     bool def, bool *ok)
{
	static const char *yes[] = { "yes", "true", "on", "1", NULL };
	static const char *no[] = { "no", "false", "off", "0", NULL };
	const char *v = opt_string(lp_ctx, name);
	int i;

	if (v == NULL) {
		return def;
	}
	for (i = 0; yes[i] != NULL; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			return true;
		}
	}
	for (i = 0; no[i] != NULL; i++) {
		if (strcasecmp(v, no[i]) == 0) {
			return false;
		}
	}
	DEBUG(0, ("mapiproxy: %s:%s = '%s' is not a boolean (yes/no)\n",
		  MAPIPROXY_OPT, name, v));
	*ok = false;
	return def;
}

static int opt_int(struct loadparm_context *lp_ctx, const char *name,
		   int def, int min, int max, bool *ok)
{
	const char *v = opt_string(lp_ctx, name);
	char *end = NULL;
	long n;

	if (v == NULL) {
		return def;
	}
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || n < min || n > max) {
		DEBUG(0, ("mapiproxy: %s:%s = '%s' is not a number from %d to %d\n",
			  MAPIPROXY_OPT, name, v, min, max));
		*ok = false;
		return def;
	}
	return (int)n;
}

static const char **opt_list(TALLOC_CTX *mem_ctx, struct loadparm_context *lp_ctx,
			     const char *name, const char *def)
{
	const char *v = opt_string(lp_ctx, name);

	return (const char **)mapiproxy_split_list(mem_ctx, v ? v : def);
}

static bool looks_like_sid(const char *s);

static bool check_sids(const char *option, const char **sids)
{
	bool ok = true;
	int i;

	for (i = 0; sids[i] != NULL; i++) {
		if (!looks_like_sid(sids[i])) {
			DEBUG(0, ("mapiproxy: %s:%s: '%s' is not a SID "
				  "(S-1-5-21-...)\n", MAPIPROXY_OPT, option, sids[i]));
			ok = false;
		}
	}
	return ok;
}

/* S-1-5-21-... with decimal parts: enough to compare with a token's SIDs. */
static bool looks_like_sid(const char *s)
{
	int dashes = 0;

	if (strncmp(s, "S-1-", 4) != 0) {
		return false;
	}
	for (s += 4; *s != '\0'; s++) {
		if (*s == '-') {
			if (s[1] == '-' || s[1] == '\0') {
				return false;
			}
			dashes++;
		} else if (*s < '0' || *s > '9') {
			return false;
		}
	}
	return dashes >= 1;
}

static bool check_interfaces(const char **interfaces)
{
	bool ok = true;
	int i;

	if (interfaces == NULL || interfaces[0] == NULL) {
		DEBUG(0, ("mapiproxy: %s:interfaces names no interface\n", MAPIPROXY_OPT));
		return false;
	}
	for (i = 0; interfaces[i] != NULL; i++) {
		if (mapiproxy_table_byname(interfaces[i]) == NULL) {
			const char * const *known = mapiproxy_known_interfaces();
			char *list = talloc_strdup(interfaces, "");
			int k;

			for (k = 0; known[k] != NULL; k++) {
				list = talloc_asprintf_append(list, "%s%s",
							      k ? ", " : "", known[k]);
			}
			DEBUG(0, ("mapiproxy: %s:interfaces: unknown interface '%s' "
				  "(known: %s)\n", MAPIPROXY_OPT, interfaces[i],
				  list ? list : "?"));
			ok = false;
		}
	}
	return ok;
}

NTSTATUS mapiproxy_config_load(TALLOC_CTX *mem_ctx, struct loadparm_context *lp_ctx,
			       struct mapiproxy_config **_config)
{
	struct mapiproxy_config *c = talloc_zero(mem_ctx, struct mapiproxy_config);
	bool ok = true;

	if (c == NULL) {
		return NT_STATUS_NO_MEMORY;
	}

	c->binding = opt_string(lp_ctx, "binding");
	c->username = opt_string(lp_ctx, "username");
	c->password = opt_string(lp_ctx, "password");
	c->domain = opt_string(lp_ctx, "domain");
	c->use_machine_account = opt_bool(lp_ctx, "use_machine_account", false, &ok);
	c->delegated_auth = opt_bool(lp_ctx, "delegated_auth", false, &ok);
	/* false by default, unlike the original since 2014: an old proxy
	 * configuration must not silently become a server. */
	c->server = opt_bool(lp_ctx, "server", false, &ok);
	c->ndrdump = opt_bool(lp_ctx, "ndrdump", false, &ok);
	c->rewrite_referrals = opt_bool(lp_ctx, "rewrite_referrals", true, &ok);
	c->timeout = opt_int(lp_ctx, "timeout", 60, 1, 3600, &ok);
	c->emsmdb_async_wait_timeout = opt_int(lp_ctx, "emsmdb_async_wait_timeout", 300, 1,
					       3600, &ok);
	c->modulesdir = opt_string(lp_ctx, "modulesdir");
	if (c->modulesdir == NULL) {
		c->modulesdir = MAPIPROXY_MODULESDIR;
	}
	c->interfaces = opt_list(c, lp_ctx, "interfaces",
				 "exchange_emsmdb, exchange_nsp, exchange_ds_rfr");
	c->modules = opt_list(c, lp_ctx, "modules", NULL);
	c->allowed_sids = opt_list(c, lp_ctx, "allowed_sids", NULL);
	c->emsmdb_trusted_sids = opt_list(c, lp_ctx, "emsmdb_trusted_sids", NULL);
	if (c->interfaces == NULL || c->modules == NULL || c->allowed_sids == NULL ||
	    c->emsmdb_trusted_sids == NULL) {
		talloc_free(c);
		return NT_STATUS_NO_MEMORY;
	}

	ok = check_interfaces(c->interfaces) && ok;

	ok = check_sids("allowed_sids", c->allowed_sids) && ok;
	ok = check_sids("emsmdb_trusted_sids", c->emsmdb_trusted_sids) && ok;

	if (!c->server) {
		struct dcerpc_binding *b = NULL;

		if (c->binding == NULL) {
			DEBUG(0, ("mapiproxy: %s:binding is not set: where should "
				  "calls be relayed? (or set %s:server = yes)\n",
				  MAPIPROXY_OPT, MAPIPROXY_OPT));
			ok = false;
		} else if (!NT_STATUS_IS_OK(dcerpc_parse_binding(c, c->binding, &b))) {
			DEBUG(0, ("mapiproxy: %s:binding = '%s' is not a valid "
				  "binding string\n", MAPIPROXY_OPT, c->binding));
			ok = false;
		}

		if (c->use_machine_account + c->delegated_auth +
		    (c->username != NULL) > 1) {
			DEBUG(0, ("mapiproxy: %s: choose one of username, "
				  "use_machine_account and delegated_auth\n",
				  MAPIPROXY_OPT));
			ok = false;
		}
		if (!c->use_machine_account && !c->delegated_auth &&
		    c->username == NULL) {
			DEBUG(0, ("mapiproxy: %s: no upstream credentials: set "
				  "username and password, use_machine_account or "
				  "delegated_auth\n", MAPIPROXY_OPT));
			ok = false;
		}
		if (c->username != NULL && c->password == NULL) {
			DEBUG(0, ("mapiproxy: %s:username is set but password is "
				  "not\n", MAPIPROXY_OPT));
			ok = false;
		}
	}

	if (!ok) {
		talloc_free(c);
		return NT_STATUS_INVALID_PARAMETER;
	}
	*_config = c;
	return NT_STATUS_OK;
}

/*
 * The name clients should use for this server: dcerpc_mapiproxy:fqdn, else
 * "<netbios name>.<dns domain>" in lower case, as the original named the
 * proxy in referrals.
 */
char *mapiproxy_local_fqdn(TALLOC_CTX *mem_ctx, struct loadparm_context *lp_ctx)
{
	const char *configured = opt_string(lp_ctx, "fqdn");
	char *fqdn, *p;

	if (configured != NULL) {
		return talloc_strdup(mem_ctx, configured);
	}
	fqdn = talloc_asprintf(mem_ctx, "%s.%s", lpcfg_netbios_name(lp_ctx),
			       lpcfg_dnsdomain(lp_ctx));
	for (p = fqdn; p != NULL && *p != '\0'; p++) {
		*p = tolower((unsigned char)*p);
	}
	return fqdn;
}

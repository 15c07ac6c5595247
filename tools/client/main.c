/*
 * mapiproxy-client: runs scripted Outlook-like sessions against a binding
 * and prints what it got, or compares two bindings.
 *
 *   mapiproxy-client -b ncacn_ip_tcp:HOST -U DOMAIN/user%pass [SCENARIO...]
 *   mapiproxy-client -b B1 --compare B2 -U ... [SCENARIO...]
 *   mapiproxy-client -b B -U D/alice%pw -U2 D/bob%pw --mail-domain mapi.test \
 *       [--no-compression] [--no-xor] [--legacy] [--binding2 BINDING] \
 *       emsmdb|notify|notify-idle|notify-table
 *   mapiproxy-client -b B -U ... --raw INTERFACE --opnum N --stub HEX[,HEX...]
 *   mapiproxy-client -b B -U ... --raw exchange_emsmdb --opnum 11 --raw-session \
 *       --stub HEX[,HEX...]      (each stub follows a fresh session's CXH)
 *   mapiproxy-client -b 'ncacn_ip_tcp:HOST[seal,target_hostname=NAME]' \
 *       --use-kerberos=required --realm REALM -U DOMAIN/user%pass ...
 *
 * Scenarios: rfr, nsp, emsmdb (the default: all three), and on request
 * notify, notify-idle and notify-table (which wait for the server's
 * notifications).
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <popt.h>
#include "tools/client/client.h"
#include "tools/client/popt_strings.h"

static const struct {
	const char *name;
	int (*run)(TALLOC_CTX *mem_ctx, struct client_ctx *c);
	bool by_default;
} scenarios[] = {
	{ "rfr", client_scenario_rfr, true },
	{ "nsp", client_scenario_nsp, true },
	{ "emsmdb", client_scenario_emsmdb, true },
	{ "notify", client_scenario_notify, false },
	{ "notify-idle", client_scenario_notify_idle, false },
	{ "notify-table", client_scenario_notify_table, false },
};

#define NUM_SCENARIOS (sizeof(scenarios) / sizeof(scenarios[0]))

/* Run the named scenarios against one binding into a transcript. */
static int run_all(TALLOC_CTX *mem_ctx, struct client_ctx *c, const char **names)
{
	size_t i, k;
	int rc = 0;

	for (i = 0; names[i] != NULL; i++) {
		for (k = 0; k < NUM_SCENARIOS; k++) {
			if (strcmp(names[i], scenarios[k].name) == 0) {
				rc |= scenarios[k].run(mem_ctx, c);
				break;
			}
		}
		if (k == NUM_SCENARIOS) {
			fprintf(stderr, "mapiproxy-client: unknown scenario '%s'\n", names[i]);
			return 1;
		}
	}
	return rc;
}

static char *transcript(TALLOC_CTX *mem_ctx, struct client_ctx *c, const char **names,
			int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	char *copy;

	c->out = open_memstream(&buf, &len);
	if (c->out == NULL) {
		*rc = 1;
		return NULL;
	}
	*rc = run_all(mem_ctx, c, names);
	fclose(c->out);
	copy = talloc_strndup(mem_ctx, buf, len);
	free(buf);
	return copy;
}

/* The first line where two transcripts differ, or 0 if they are equal. */
static int first_difference(const char *a, const char *b)
{
	int line = 1;

	while (*a != '\0' || *b != '\0') {
		if (*a != *b) {
			return line;
		}
		if (*a == '\n') {
			line++;
		}
		a++;
		b++;
	}
	return 0;
}

static const char *line_of(TALLOC_CTX *mem_ctx, const char *text, int line)
{
	while (--line > 0 && text != NULL) {
		text = strchr(text, '\n');
		text = text ? text + 1 : NULL;
	}
	if (text == NULL) {
		return "(end of transcript)";
	}
	return talloc_strndup(mem_ctx, text, strcspn(text, "\n"));
}

/* --use-kerberos (or -k) as samba's own tools spell it. */
static bool parse_kerberos(const char *v, enum credentials_use_kerberos *state)
{
	static const struct {
		const char *name;
		enum credentials_use_kerberos state;
	} names[] = {
		{ "required", CRED_USE_KERBEROS_REQUIRED },
		{ "yes", CRED_USE_KERBEROS_REQUIRED },
		{ "desired", CRED_USE_KERBEROS_DESIRED },
		{ "off", CRED_USE_KERBEROS_DISABLED },
		{ "no", CRED_USE_KERBEROS_DISABLED },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcasecmp(v, names[i].name) == 0) {
			*state = names[i].state;
			return true;
		}
	}
	fprintf(stderr, "mapiproxy-client: --use-kerberos=%s: say required, "
		"desired or off\n", v);
	return false;
}

/*
 * Kerberos: log on (get the TGT) now, on an event context of its own.  Left
 * to the connect, the logon would talk to the KDC in a loop nested in the
 * connection's event loop, which tevent refuses (samba's own tools allow
 * nesting, a deprecated tevent call).
 */
static bool kinit(struct cli_credentials *creds, struct loadparm_context *lp_ctx)
{
	struct tevent_context *ev = tevent_context_init(NULL);
	struct ccache_container *ccc = NULL;
	const char *why = NULL;
	int ret;

	if (ev == NULL) {
		return false;
	}
	ret = cli_credentials_get_ccache(creds, ev, lp_ctx, &ccc, &why);
	talloc_free(ev);
	if (ret != 0) {
		fprintf(stderr, "mapiproxy-client: Kerberos logon of %s failed: %s\n",
			cli_credentials_get_principal(creds, creds),
			why ? why : "?");
		return false;
	}
	return true;
}

/* Credentials for one user from "[DOMAIN/]user%password". */
static struct cli_credentials *make_creds(TALLOC_CTX *mem_ctx,
					  struct loadparm_context *lp_ctx,
					  const char *user, const char *domain,
					  const char *realm,
					  const enum credentials_use_kerberos *kerberos)
{
	struct cli_credentials *creds = cli_credentials_init(mem_ctx);

	if (creds == NULL) {
		return NULL;
	}
	cli_credentials_set_conf(creds, lp_ctx);
	cli_credentials_parse_string(creds, user, CRED_SPECIFIED);
	if (domain != NULL) {
		cli_credentials_set_domain(creds, domain, CRED_SPECIFIED);
	}
	if (realm != NULL) {
		cli_credentials_set_realm(creds, realm, CRED_SPECIFIED);
	}
	if (kerberos != NULL) {
		cli_credentials_set_kerberos_state(creds, *kerberos, CRED_SPECIFIED);
		if (*kerberos == CRED_USE_KERBEROS_REQUIRED && !kinit(creds, lp_ctx)) {
			talloc_free(creds);
			return NULL;
		}
	}
	return creds;
}

int main(int argc, const char **argv)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	const char *binding = NULL, *compare = NULL, *user = NULL, *domain = NULL;
	const char *user2 = NULL, *binding2 = NULL, *mail_domain = NULL;
	const char *use_kerberos = NULL, *realm = NULL;
	enum credentials_use_kerberos kerberos = CRED_USE_KERBEROS_DESIRED;
	int no_compression = 0, no_xor = 0, legacy = 0;
	const char *raw_iface = NULL, *raw_hex = NULL;
	int raw_opnum = 0, raw_session = 0;
	const char *all[NUM_SCENARIOS + 1];
	const char **names;
	struct client_ctx c = { 0 };
	struct poptOption options[] = {
		POPT_AUTOHELP
		{ "binding", 'b', POPT_ARG_STRING, &binding, 0, "server to talk to", "BINDING" },
		{ "compare", 0, POPT_ARG_STRING, &compare, 0,
		  "run the same sessions against BINDING too and compare", "BINDING" },
		{ "user", 'U', POPT_ARG_STRING, &user, 0, "[DOMAIN/]user%password", "USER" },
		{ "workgroup", 'W', POPT_ARG_STRING, &domain, 0, "domain", "DOMAIN" },
		{ "realm", 0, POPT_ARG_STRING, &realm, 0,
		  "Kerberos realm of the users and of the server", "REALM" },
		{ "use-kerberos", 0, POPT_ARG_STRING, &use_kerberos, 0,
		  "required, desired (the default: Kerberos when it can, else NTLM) "
		  "or off; Kerberos needs a host name in the binding "
		  "(target_hostname=NAME) and a krb5.conf (KRB5_CONFIG)", "WHEN" },
		{ "kerberos", 'k', POPT_ARG_STRING, &use_kerberos, 0,
		  "yes (required) or no (off)", "yes|no" },
		{ "user2", 0, POPT_ARG_STRING, &user2, 0,
		  "the second user of two-user scenarios", "USER" },
		{ "U2", 0, POPT_ARG_STRING | POPT_ARGFLAG_ONEDASH, &user2, 0,
		  "same as --user2", "USER" },
		{ "binding2", 0, POPT_ARG_STRING, &binding2, 0,
		  "emsmdb: the second user's session goes to BINDING (default: "
		  "--binding), e.g. to read straight from the server what the "
		  "first user sent through a proxy", "BINDING" },
		{ "mail-domain", 0, POPT_ARG_STRING, &mail_domain, 0,
		  "SMTP domain of the users (default: smb.conf's dns domain)", "DOMAIN" },
		{ "no-compression", 0, POPT_ARG_NONE, &no_compression, 0,
		  "EcDoRpcExt2: ask for uncompressed answers (pulFlags NoCompression)", NULL },
		{ "no-xor", 0, POPT_ARG_NONE, &no_xor, 0,
		  "EcDoRpcExt2: ask for plain answers (pulFlags NoXorMagic)", NULL },
		{ "legacy", 0, POPT_ARG_NONE, &legacy, 0,
		  "emsmdb: the legacy EcDoConnect and EcDoRpc (Exchange 2003/2007, "
		  "Outlook 2003) instead of EcDoConnectEx and EcDoRpcExt2", NULL },
		{ "raw", 0, POPT_ARG_STRING, &raw_iface, 0,
		  "send --stub as --opnum of INTERFACE, unchecked", "INTERFACE" },
		{ "opnum", 0, POPT_ARG_INT, &raw_opnum, 0, "opnum for --raw", "N" },
		{ "stub", 0, POPT_ARG_STRING, &raw_hex, 0,
		  "stub bytes in hex for --raw; several stubs separated by ','", "HEX" },
		{ "raw-session", 0, POPT_ARG_NONE, &raw_session, 0,
		  "--raw exchange_emsmdb: connect first, send each stub behind the "
		  "session handle, disconnect at the end", NULL },
		POPT_TABLEEND
	};
	poptContext pc = poptGetContext("mapiproxy-client", argc, argv, options, 0);
	int opt, rc = 0, n = 0;
	size_t k;

	poptSetOtherOptionHelp(pc, "[SCENARIO...]  (rfr, nsp, emsmdb; notify, notify-idle, notify-table)");
	while ((opt = poptGetNextOpt(pc)) > 0) {
	}
	if (opt < -1 || binding == NULL || user == NULL ||
	    (use_kerberos != NULL && !parse_kerberos(use_kerberos, &kerberos))) {
		if (opt < -1) {
			fprintf(stderr, "mapiproxy-client: %s: %s\n",
				poptBadOption(pc, 0), poptStrerror(opt));
		}
		poptPrintUsage(pc, stderr, 0);
		poptFreeContext(pc);
		client_free_popt_strings(options);
		return 1;
	}
	names = (const char **)poptGetArgs(pc);
	if (names == NULL) {
		for (k = 0; k < NUM_SCENARIOS; k++) {
			if (scenarios[k].by_default) {
				all[n++] = scenarios[k].name;
			}
		}
		all[n] = NULL;
		names = all;
	}

	if (!NT_STATUS_IS_OK(dcerpc_init())) {
		fprintf(stderr, "mapiproxy-client: dcerpc_init failed\n");
		return 1;
	}
	c.ev = tevent_context_init(mem);
	c.lp_ctx = loadparm_init_global(true);
	if (c.ev == NULL || c.lp_ctx == NULL) {
		return 1;
	}
	/* gensec names the server's principal in smb.conf's realm. */
	if (realm != NULL && !lpcfg_set_cmdline(c.lp_ctx, "realm", realm)) {
		return 1;
	}
	c.creds = make_creds(mem, c.lp_ctx, user, domain, realm,
			     use_kerberos ? &kerberos : NULL);
	if (c.creds == NULL) {
		return 1;
	}
	c.user = cli_credentials_get_username(c.creds);
	c.binding = binding;
	if (user2 != NULL) {
		c.creds2 = make_creds(mem, c.lp_ctx, user2, domain, realm,
				      use_kerberos ? &kerberos : NULL);
		if (c.creds2 == NULL) {
			return 1;
		}
	}
	c.binding2 = binding2;
	c.mail_domain = mail_domain ? mail_domain : lpcfg_dnsdomain(c.lp_ctx);
	c.emsmdb_flags = (no_compression ? 0x1 : 0) | (no_xor ? 0x2 : 0);
	c.legacy = legacy;

	if (raw_iface != NULL) {
		c.out = stdout;
		c.raw_session = raw_session;
		rc = client_raw_call(mem, &c, raw_iface, raw_opnum, raw_hex ? raw_hex : "");
	} else if (compare == NULL) {
		c.out = stdout;
		rc = run_all(mem, &c, names);
	} else {
		int rc1, rc2, line;
		char *a, *b;

		c.normalize_servers = true;
		a = transcript(mem, &c, names, &rc1);
		TALLOC_FREE(c.servers);
		c.binding = compare;
		b = transcript(mem, &c, names, &rc2);
		TALLOC_FREE(c.servers);
		if (a == NULL || b == NULL || rc1 != 0 || rc2 != 0) {
			fprintf(stderr, "mapiproxy-client: a session did not run\n");
			rc = 1;
		} else if ((line = first_difference(a, b)) != 0) {
			printf("DIFFERENT at line %d:\n  %s: %s\n  %s: %s\n", line,
			       binding, line_of(mem, a, line), compare, line_of(mem, b, line));
			rc = 2;
		} else {
			fputs(a, stdout);
			printf("SAME: %s and %s\n", binding, compare);
		}
	}
	poptFreeContext(pc);
	talloc_free(mem);
	client_free_popt_strings(options);
	return rc;
}

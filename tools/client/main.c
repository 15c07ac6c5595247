/*
 * mapiproxy-client: runs scripted Outlook-like sessions against a binding
 * and prints what it got, or compares two bindings.
 *
 *   mapiproxy-client -b ncacn_ip_tcp:HOST -U DOMAIN/user%pass [SCENARIO...]
 *   mapiproxy-client -b B1 --compare B2 -U ... [SCENARIO...]
 *   mapiproxy-client -b B -U D/alice%pw -U2 D/bob%pw --mail-domain mapi.test \
 *       [--no-compression] [--no-xor] [--legacy] emsmdb|notify|notify-idle
 *   mapiproxy-client -b B -U ... --raw INTERFACE --opnum N --stub HEX[,HEX...]
 *   mapiproxy-client -b B -U ... --raw exchange_emsmdb --opnum 11 --raw-session \
 *       --stub HEX[,HEX...]      (each stub follows a fresh session's CXH)
 *
 * Scenarios: rfr, nsp, emsmdb (the default: all three), and on request
 * notify and notify-idle (which wait for the server's notifications).
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <popt.h>
#include "tools/client/client.h"

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

/* popt mallocs every string option it sets; they are ours to free. */
static void free_popt_strings(const struct poptOption *o)
{
	for (; o->longName != NULL || o->shortName != '\0' || o->argInfo != 0; o++) {
		if ((o->argInfo & POPT_ARG_MASK) == POPT_ARG_STRING && o->arg != NULL) {
			free(*(char **)o->arg);
			*(char **)o->arg = NULL;
		}
	}
}

int main(int argc, const char **argv)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	const char *binding = NULL, *compare = NULL, *user = NULL, *domain = NULL;
	const char *user2 = NULL, *mail_domain = NULL;
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
		{ "user2", 0, POPT_ARG_STRING, &user2, 0,
		  "the second user of two-user scenarios", "USER" },
		{ "U2", 0, POPT_ARG_STRING | POPT_ARGFLAG_ONEDASH, &user2, 0,
		  "same as --user2", "USER" },
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

	poptSetOtherOptionHelp(pc, "[SCENARIO...]  (rfr, nsp, emsmdb)");
	while ((opt = poptGetNextOpt(pc)) > 0) {
	}
	if (opt < -1 || binding == NULL || user == NULL) {
		if (opt < -1) {
			fprintf(stderr, "mapiproxy-client: %s: %s\n",
				poptBadOption(pc, 0), poptStrerror(opt));
		}
		poptPrintUsage(pc, stderr, 0);
		poptFreeContext(pc);
		free_popt_strings(options);
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
	c.creds = cli_credentials_init(mem);
	if (c.ev == NULL || c.lp_ctx == NULL || c.creds == NULL) {
		return 1;
	}
	cli_credentials_set_conf(c.creds, c.lp_ctx);
	cli_credentials_parse_string(c.creds, user, CRED_SPECIFIED);
	if (domain != NULL) {
		cli_credentials_set_domain(c.creds, domain, CRED_SPECIFIED);
	}
	c.user = cli_credentials_get_username(c.creds);
	c.binding = binding;
	if (user2 != NULL) {
		c.creds2 = cli_credentials_init(mem);
		if (c.creds2 == NULL) {
			return 1;
		}
		cli_credentials_set_conf(c.creds2, c.lp_ctx);
		cli_credentials_parse_string(c.creds2, user2, CRED_SPECIFIED);
		if (domain != NULL) {
			cli_credentials_set_domain(c.creds2, domain, CRED_SPECIFIED);
		}
	}
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
	free_popt_strings(options);
	return rc;
}

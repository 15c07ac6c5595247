/*
 * bench_relay: the load generator of the relay benchmark
 * (tests/bench/bench_relay.sh runs it against the upstream, a raw TCP
 * relay and chains of mapiproxies; doc/performance.md).
 *
 *   bench_relay -b BINDING -U DOMAIN/user%password [--clients N]
 *               [--duration S] [--label NAME] [--csv FILE] [--seed N]
 *   bench_relay -b BINDING -U ... --idle N
 *
 * Clients are tevent-driven in this one process: each has its own
 * associations and runs the mix (bench_relay_mix.c) one call after the
 * other, all clients at once.  One process rather than N: the generator
 * then costs at most one core and the same for every target, and its CPU
 * time is measured and printed, so a saturated generator shows.
 *
 * Phases: every client connects (sequentially, not measured), runs one
 * iteration to warm up (the proxies open their upstream pipes on first
 * use), then all run iterations for --duration seconds; calls that
 * complete in that window are counted.  It prints, per call and per
 * interface, calls, calls/s, median and 99th percentile latency; with
 * --csv it appends the same as CSV.  It asserts nothing about speed;
 * exit status 1 when a call failed.
 *
 * --idle N: N clients connect and run the mix without its closing calls
 * (address book bound, mailbox session open with its Inbox table), print
 * "ready N" and hold their associations until standard input closes.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <popt.h>
#include "tests/bench/bench_relay.h"
#include <param.h>
#include <credentials.h>
#include "gen_ndr/ndr_exchange_nsp_c.h"
#include "gen_ndr/ndr_exchange_emsmdb_c.h"
#include "tools/client/popt_strings.h"

static void client_iterate(struct bench_client *cl);

static void client_finish(struct bench_client *cl)
{
	TALLOC_FREE(cl->iter);
	cl->bench->running--;
}

static void step_done(struct tevent_req *req)
{
	struct bench_client *cl = tevent_req_callback_data(req, struct bench_client);
	struct bench *b = cl->bench;
	const struct bench_step *s = &bench_mix[cl->step];
	double done;
	NTSTATUS status = s->recv(cl, req);

	done = bench_now();
	TALLOC_FREE(req);
	if (!NT_STATUS_IS_OK(status)) {
		fprintf(stderr, "bench_relay: client %u: %s failed: %s\n", cl->id, s->name,
			nt_errstr(status));
		b->failures++;
		client_finish(cl);
		return;
	}
	if (b->timed && done <= b->deadline) {
		bench_series_add(&b->series[cl->step], (done - cl->started) * 1000.0);
	}
	for (cl->step++; cl->step < bench_mix_len; cl->step++) {
		if (!(b->idle && bench_mix[cl->step].closes)) break;
	}
	if (cl->step == bench_mix_len) {
		TALLOC_FREE(cl->iter);
		if (b->idle || !b->timed || done > b->deadline) {
			client_finish(cl);
			return;
		}
		client_iterate(cl);
		return;
	}
	cl->started = bench_now();
	req = bench_mix[cl->step].send(cl);
	if (req == NULL) {
		fprintf(stderr, "bench_relay: client %u: out of memory\n", cl->id);
		b->failures++;
		client_finish(cl);
		return;
	}
	tevent_req_set_callback(req, step_done, cl);
}

/* One iteration of the mix, from its first call. */
static void client_iterate(struct bench_client *cl)
{
	struct tevent_req *req;

	cl->iter = talloc_new(cl);
	cl->step = 0;
	cl->started = bench_now();
	req = cl->iter ? bench_mix[0].send(cl) : NULL;
	if (req == NULL) {
		fprintf(stderr, "bench_relay: client %u: out of memory\n", cl->id);
		cl->bench->failures++;
		client_finish(cl);
		return;
	}
	tevent_req_set_callback(req, step_done, cl);
}

/* Every client runs one iteration (until the deadline when timed). */
static void run_all(struct bench *b, struct bench_client **clients, unsigned n)
{
	unsigned i;

	b->running = n;
	for (i = 0; i < n; i++) {
		client_iterate(clients[i]);
	}
	while (b->running > 0) {
		if (tevent_loop_once(b->ev) != 0) {
			fprintf(stderr, "bench_relay: tevent_loop_once failed\n");
			exit(1);
		}
	}
}

static NTSTATUS connect_pipe(struct bench_client *cl, const char *binding,
			     struct cli_credentials *creds, struct loadparm_context *lp,
			     const struct ndr_interface_table *table, struct dcerpc_pipe **p)
{
	NTSTATUS status = dcerpc_pipe_connect(cl, p, binding, table, creds, cl->bench->ev, lp);

	if (!NT_STATUS_IS_OK(status)) {
		fprintf(stderr, "bench_relay: client %u: cannot connect %s to %s: %s\n", cl->id,
			table->name, binding, nt_errstr(status));
	}
	return status;
}

static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* One line of the report, on the terminal and in the CSV file. */
static void report(FILE *csv, const char *label, unsigned clients, double seconds,
		   double cpu, struct bench_series *s)
{
	double median = bench_series_quantile(s, 0.5), p99 = bench_series_quantile(s, 0.99);

	printf("  %-22s %8zu %10.1f %10.3f %10.3f\n", s->name, s->n, s->n / seconds,
	       median, p99);
	if (csv != NULL) {
		fprintf(csv, "%s,%u,%s,%zu,%.3f,%.1f,%.3f,%.3f,%.0f\n", label, clients, s->name,
			s->n, seconds, s->n / seconds, median, p99, cpu);
	}
}

/* Per call, per interface and the whole mix. */
static void report_all(struct bench *b, const char *label, unsigned clients,
		       double seconds, double cpu, const char *csv_path)
{
	struct bench_series group[3] = { { "NSPI" }, { "EMSMDB" }, { "mix" } };
	FILE *csv = NULL;
	size_t i, k;

	if (csv_path != NULL) {
		csv = fopen(csv_path, "a");
		if (csv == NULL) {
			perror(csv_path);
		} else if (ftell(csv) == 0) {
			fprintf(csv, "target,clients,call,calls,seconds,calls_per_s,"
				"median_ms,p99_ms,generator_cpu_pct\n");
		}
	}
	for (k = 0; k < 3; k++) {
		group[k].ms = talloc_array(b, double, 1024);
	}
	printf("%s, %u client(s), %.1f s, load generator CPU %.0f%%\n", label, clients,
	       seconds, cpu);
	printf("  %-22s %8s %10s %10s %10s\n", "call", "calls", "calls/s", "median ms",
	       "p99 ms");
	for (i = 0; i < bench_mix_len; i++) {
		for (k = 0; k < b->series[i].n; k++) {
			bench_series_add(&group[bench_mix[i].iface], b->series[i].ms[k]);
			bench_series_add(&group[2], b->series[i].ms[k]);
		}
		report(csv, label, clients, seconds, cpu, &b->series[i]);
	}
	for (k = 0; k < 3; k++) {
		report(csv, label, clients, seconds, cpu, &group[k]);
	}
	printf("  iterations/s %.1f\n", b->series[bench_mix_len - 1].n / seconds);
	if (csv != NULL) {
		fclose(csv);
	}
}

int main(int argc, const char **argv)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	const char *binding = NULL, *user = NULL, *label = NULL, *csv = NULL;
	int nclients = 1, idle = 0, seed = 20, no_compression = 0;
	double duration = 5.0, t0, cpu0, cpu;
	struct poptOption options[] = {
		POPT_AUTOHELP
		{ "binding", 'b', POPT_ARG_STRING, &binding, 0, "server to load", "BINDING" },
		{ "user", 'U', POPT_ARG_STRING, &user, 0, "DOMAIN/user%password", "USER" },
		{ "clients", 'c', POPT_ARG_INT, &nclients, 0, "concurrent clients (1)", "N" },
		{ "duration", 'd', POPT_ARG_DOUBLE, &duration, 0,
		  "seconds measured (5)", "S" },
		{ "label", 0, POPT_ARG_STRING, &label, 0, "the target's name in the report",
		  "NAME" },
		{ "csv", 0, POPT_ARG_STRING, &csv, 0, "append the figures to FILE", "FILE" },
		{ "seed", 0, POPT_ARG_INT, &seed, 0,
		  "messages the Inbox holds (added if missing, at most 50; 20)", "N" },
		{ "no-compression", 0, POPT_ARG_NONE, &no_compression, 0,
		  "EcDoRpcExt2 without compression", NULL },
		{ "idle", 0, POPT_ARG_INT, &idle, 0,
		  "open N idle clients and hold them until stdin closes", "N" },
		POPT_TABLEEND
	};
	poptContext pc = poptGetContext("bench_relay", argc, argv, options, 0);
	struct loadparm_context *lp;
	struct cli_credentials *creds;
	struct bench_client **clients;
	struct bench *b;
	unsigned i, n;
	int opt, rc = 0;
	char buf[64];

	while ((opt = poptGetNextOpt(pc)) > 0) {
	}
	if (opt < -1 || binding == NULL || user == NULL || nclients < 1 || idle < 0 ||
	    duration <= 0 || seed < 1 || seed > 50) {
		if (opt < -1) {
			fprintf(stderr, "bench_relay: %s: %s\n", poptBadOption(pc, 0),
				poptStrerror(opt));
		}
		poptPrintUsage(pc, stderr, 0);
		poptFreeContext(pc);
		client_free_popt_strings(options);
		talloc_free(mem);
		return 1;
	}
	poptFreeContext(pc);
	n = idle > 0 ? (unsigned)idle : (unsigned)nclients;

	if (!NT_STATUS_IS_OK(dcerpc_init())) {
		fprintf(stderr, "bench_relay: dcerpc_init failed\n");
		return 1;
	}
	b = talloc_zero(mem, struct bench);
	lp = loadparm_init_global(true);
	creds = cli_credentials_init(mem);
	clients = talloc_zero_array(mem, struct bench_client *, n);
	if (b == NULL || lp == NULL || creds == NULL || clients == NULL ||
	    (b->ev = tevent_context_init(b)) == NULL ||
	    (b->series = talloc_zero_array(b, struct bench_series, bench_mix_len)) == NULL) {
		return 1;
	}
	cli_credentials_set_conf(creds, lp);
	cli_credentials_parse_string(creds, user, CRED_SPECIFIED);
	b->account = cli_credentials_get_username(creds);
	b->ext2_flags = no_compression ? 0x1 : 0;
	b->idle = idle > 0;
	for (i = 0; i < bench_mix_len; i++) {
		b->series[i].name = bench_mix[i].name;
		b->series[i].ms = talloc_array(b->series, double, 1024);
	}

	for (i = 0; i < n; i++) {
		struct bench_client *cl = talloc_zero(clients, struct bench_client);

		if (cl == NULL) return 1;
		cl->bench = b;
		cl->id = i;
		clients[i] = cl;
		if (!NT_STATUS_IS_OK(connect_pipe(cl, binding, creds, lp, &ndr_table_exchange_nsp,
						  &cl->nsp)) ||
		    !NT_STATUS_IS_OK(connect_pipe(cl, binding, creds, lp,
						  &ndr_table_exchange_emsmdb, &cl->ems))) {
			rc = 1;
			goto out;
		}
		if (i == 0 && !NT_STATUS_IS_OK(bench_mix_prepare(b, cl->ems, seed))) {
			rc = 1;
			goto out;
		}
	}

	run_all(b, clients, n);	/* warm-up, or the idle clients' sessions */
	if (b->failures > 0) {
		rc = 1;
		goto out;
	}
	if (b->idle) {
		printf("ready %u\n", n);
		fflush(stdout);
		while (read(STDIN_FILENO, buf, sizeof(buf)) > 0) {
		}
		goto out;
	}

	b->timed = true;
	t0 = bench_now();
	cpu0 = cpu_seconds();
	b->deadline = t0 + duration;
	run_all(b, clients, n);
	cpu = 100.0 * (cpu_seconds() - cpu0) / (bench_now() - t0);
	report_all(b, label ? label : binding, n, duration, cpu, csv);
	rc = b->failures > 0;
out:
	client_free_popt_strings(options);
	talloc_free(mem);
	return rc;
}

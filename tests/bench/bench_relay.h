/*
 * The relay benchmark's load generator (bench_relay): N clients, each with
 * its own NSPI and EMSMDB associations, run a fixed call mix concurrently
 * from one tevent loop; every call's latency is recorded.
 */
#ifndef MAPIPROXY_BENCH_RELAY_H
#define MAPIPROXY_BENCH_RELAY_H

#include <stdbool.h>
#include <stdint.h>
#include <talloc.h>
#include <tevent.h>
#include <dcerpc.h>
#include "tools/client/requests.h"

/* Latencies of one kind of call, in milliseconds. */
struct bench_series {
	const char *name;
	double *ms;
	size_t n;
};

void bench_series_add(struct bench_series *s, double ms);
/* The q-quantile (0..1) by the nearest-rank method; sorts the samples. */
double bench_series_quantile(struct bench_series *s, double q);

enum bench_iface { BENCH_NSPI, BENCH_EMSMDB };

struct bench;

struct bench_client {
	struct bench *bench;
	unsigned id;
	struct dcerpc_pipe *nsp, *ems;
	struct policy_handle nsp_handle, cxh;
	uint32_t mid;		/* the account's MId, from NspiResolveNamesW */
	size_t step;		/* index in bench_mix */
	TALLOC_CTX *iter;	/* the running iteration's allocations */
	void *r;		/* the running call's arguments */
	double started;		/* when it was sent */
};

/* One call of the mix: send it, then check its answer. */
struct bench_step {
	const char *name;
	enum bench_iface iface;
	bool closes;		/* ends a session: skipped by --idle clients */
	struct tevent_req *(*send)(struct bench_client *cl);
	NTSTATUS (*recv)(struct bench_client *cl, struct tevent_req *req);
};

extern const struct bench_step bench_mix[];
extern const size_t bench_mix_len;

struct bench {
	struct tevent_context *ev;
	const char *account;
	uint32_t ext2_flags;		/* EcDoRpcExt2 pulFlags */
	uint64_t inbox;			/* the account's Inbox folder id */
	uint16_t inbox_rows;		/* messages in it: what QueryRows must return */
	struct rop_request_buffer *rops;	/* the mix's ROP request */
	DATA_BLOB rops_blob;			/* ... serialized */
	bool idle;		/* the iteration stops before the closing calls */
	bool timed;		/* record latencies (the measured window) */
	double deadline;	/* no iteration starts after it (timed phase) */
	unsigned running;	/* clients whose iteration is not finished */
	unsigned failures;
	struct bench_series *series;	/* one per step of bench_mix */
};

/*
 * The mailbox side of the set-up, on a connected EMSMDB pipe: finds the
 * Inbox, fills it up to `seed` messages (so that QueryRows has rows to
 * return), and builds the mix's ROP request.
 */
NTSTATUS bench_mix_prepare(struct bench *b, struct dcerpc_pipe *ems, unsigned seed);

/*
 * The ROP responses of a completed EcDoRpcExt2 whose ROP request was req:
 * an error unless it answered every ROP, each with success.
 */
NTSTATUS bench_rops_answer(TALLOC_CTX *mem_ctx, const struct EcDoRpcExt2 *r,
			   const struct rop_request_buffer *req,
			   struct rop_response_buffer **rsp);

double bench_now(void);

#endif /* MAPIPROXY_BENCH_RELAY_H */

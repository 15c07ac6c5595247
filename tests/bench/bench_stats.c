/*
 * Latency samples and their quantiles for the relay benchmark.
 */
#include "config.h"
#include <stdlib.h>
#include <math.h>
#include <time.h>
#include "tests/bench/bench_relay.h"

double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void bench_series_add(struct bench_series *s, double ms)
{
	/* grown by doubling: talloc_array_length is the capacity; s->ms is
	 * allocated when the series is made, so that it keeps its parent */
	if (s->n == talloc_array_length(s->ms)) {
		double *grown = talloc_realloc(NULL, s->ms, double, 2 * s->n + 1024);

		if (grown == NULL) {
			return;
		}
		s->ms = grown;
	}
	s->ms[s->n++] = ms;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double bench_series_quantile(struct bench_series *s, double q)
{
	size_t rank;

	if (s->n == 0) {
		return NAN;
	}
	qsort(s->ms, s->n, sizeof(double), cmp_double);
	rank = (size_t)ceil(q * s->n);
	return s->ms[rank > 0 ? rank - 1 : 0];
}

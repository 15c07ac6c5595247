/*
 * ROP parse+serialize throughput on buffers shaped like an Outlook
 * online-mode session: a request buffer opening a folder and its contents
 * table, setting 8 columns and asking rows, and the response carrying 50
 * rows.  Prints MB/s; asserts nothing about speed.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "rop/rop.h"

static const uint32_t cols[] = {
	0x67480014, 0x674A0014, 0x0037001F, 0x0E060040, 0x0E080003,
	0x0E07000B, 0x001A001F, 0x00170003,
};

struct wbuf { uint8_t d[65536]; size_t n; };

static void put(struct wbuf *w, const void *p, size_t n) { memcpy(w->d + w->n, p, n); w->n += n; }
static void u8(struct wbuf *w, uint8_t v) { put(w, &v, 1); }
static void u16(struct wbuf *w, uint16_t v) { uint8_t b[2] = { v, v >> 8 }; put(w, b, 2); }
static void u32(struct wbuf *w, uint32_t v) { u16(w, v & 0xffff); u16(w, v >> 16); }
static void u64(struct wbuf *w, uint64_t v) { u32(w, (uint32_t)v); u32(w, v >> 32); }
static void wstr(struct wbuf *w, const char *s) { for (; *s; s++) u16(w, (uint8_t)*s); u16(w, 0); }

static void frame(struct wbuf *w, const uint32_t *h, int nh)
{
	w->d[0] = w->n & 0xff;
	w->d[1] = w->n >> 8;
	for (int i = 0; i < nh; i++) u32(w, h[i]);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	struct wbuf q = { .n = 2 }, r = { .n = 2 };
	static const uint32_t hq[] = { 0x10, 0xFFFFFFFF, 0xFFFFFFFF }, hr[] = { 0x10, 0x20, 0x30 };
	TALLOC_CTX *mem = talloc_new(NULL);
	int i, iters = 20000;
	double t0, t1;
	size_t bytes = 0;

	/* OpenFolder 0->1, GetContentsTable 1->2, SetColumns 2, QueryRows 2 */
	u8(&q, 0x02); u8(&q, 0); u8(&q, 0); u8(&q, 1); u64(&q, 0x0100000000000005ULL); u8(&q, 0);
	u8(&q, 0x05); u8(&q, 0); u8(&q, 1); u8(&q, 2); u8(&q, 0);
	u8(&q, 0x12); u8(&q, 0); u8(&q, 2); u8(&q, 0); u16(&q, 8);
	for (i = 0; i < 8; i++) u32(&q, cols[i]);
	u8(&q, 0x15); u8(&q, 0); u8(&q, 2); u8(&q, 0); u8(&q, 1); u16(&q, 50);
	frame(&q, hq, 3);

	u8(&r, 0x02); u8(&r, 1); u32(&r, 0); u8(&r, 0); u8(&r, 0);
	u8(&r, 0x05); u8(&r, 2); u32(&r, 0); u32(&r, 50);
	u8(&r, 0x12); u8(&r, 2); u32(&r, 0); u8(&r, 0);
	u8(&r, 0x15); u8(&r, 2); u32(&r, 0); u8(&r, 2); u16(&r, 50);
	for (i = 0; i < 50; i++) {
		u8(&r, 0);
		u64(&r, 0x0100000000000005ULL); u64(&r, 0x0100000000001000ULL + i);
		wstr(&r, "Quarterly report for the board meeting");
		u64(&r, 0x01D9C0A8B0C0D0E0ULL); u32(&r, 12345 + i); u8(&r, i & 1);
		wstr(&r, "IPM.Note"); u32(&r, 1);
	}
	frame(&r, hr, 3);

	t0 = now();
	for (i = 0; i < iters; i++) {
		TALLOC_CTX *it = talloc_new(mem);
		struct rop_state *st = rop_state_new(it);
		struct rop_request_buffer *rq;
		struct rop_response_buffer *rs;
		DATA_BLOB a, b;

		if (!NT_STATUS_IS_OK(rop_request_buffer_pull(it, q.d, q.n, st, &rq)) ||
		    !NT_STATUS_IS_OK(rop_request_buffer_push(it, rq, &a)) ||
		    !NT_STATUS_IS_OK(rop_response_buffer_pull(it, r.d, r.n, rq, st, &rs)) ||
		    !NT_STATUS_IS_OK(rop_response_buffer_push(it, rs, &b)) ||
		    a.length != q.n || b.length != r.n) {
			fprintf(stderr, "bench_rop: sample buffers did not round-trip\n");
			return 1;
		}
		bytes += q.n + r.n;
		talloc_free(it);
	}
	t1 = now();
	printf("ROP parse+serialize: request %zu bytes, response %zu bytes (50 rows)\n", q.n, r.n);
	printf("  %d iterations in %.3f s: %.1f MB/s, %.0f request+response pairs/s\n",
	       iters, t1 - t0, bytes / (t1 - t0) / 1e6, iters / (t1 - t0));
	talloc_free(mem);
	return 0;
}

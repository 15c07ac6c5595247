/*
 * mapiproxy_abandoned_send: the watch that ends long calls (a served or a
 * relayed EcDoAsyncWaitEx) once their client left.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <check.h>
#include "suite_main.h"
#include "mapiproxy_internal.h"

struct caller {
	unsigned asked;		/* how often the watch asked */
	unsigned leaves_at;	/* the ask at which the caller is gone */
};

static bool caller_gone(void *private_data)
{
	struct caller *c = private_data;

	c->asked++;
	return c->leaves_at != 0 && c->asked >= c->leaves_at;
}

static void watch_done(struct tevent_req *req)
{
	bool *done = tevent_req_callback_data_void(req);

	ck_assert(NT_STATUS_IS_OK(mapiproxy_abandoned_recv(req)));
	talloc_free(req);
	*done = true;
}

static void flag(struct tevent_context *ev, struct tevent_timer *te, struct timeval now,
		 void *private_data)
{
	*(bool *)private_data = true;
}

/* Run the loop for n poll intervals and a half. */
static void run_polls(TALLOC_CTX *mem, struct tevent_context *ev, unsigned n)
{
	unsigned msec = n * MAPIPROXY_ABANDONED_POLL_MSEC + MAPIPROXY_ABANDONED_POLL_MSEC / 2;
	bool over = false;

	ck_assert(tevent_add_timer(ev, mem, tevent_timeval_current_ofs(msec / 1000,
								      (msec % 1000) * 1000),
				   flag, &over) != NULL);
	while (!over) {
		ck_assert_int_eq(tevent_loop_once(ev), 0);
	}
}

START_TEST(test_completes_when_gone)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct tevent_context *ev = tevent_context_init(mem);
	struct caller c = { .leaves_at = 2 };
	struct tevent_req *req;
	size_t blocks;
	bool done = false;

	ck_assert(ev != NULL);
	blocks = talloc_total_blocks(mem);
	req = mapiproxy_abandoned_send(mem, ev, caller_gone, &c);
	ck_assert(req != NULL);
	tevent_req_set_callback(req, watch_done, &done);
	/* not asked at once: the caller was there when its call came */
	ck_assert_uint_eq(c.asked, 0);
	while (!done) {
		ck_assert_int_eq(tevent_loop_once(ev), 0);
	}
	ck_assert_uint_eq(c.asked, 2);
	/* done: nothing asks any more, nothing is left behind */
	run_polls(mem, ev, 2);
	ck_assert_uint_eq(c.asked, 2);
	ck_assert_uint_eq(talloc_total_blocks(mem), blocks);
	talloc_free(mem);
}
END_TEST

START_TEST(test_freed_stops_asking)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct tevent_context *ev = tevent_context_init(mem);
	struct caller c = { 0 };	/* never leaves */
	struct tevent_req *req;
	size_t blocks;
	bool done = false;

	ck_assert(ev != NULL);
	blocks = talloc_total_blocks(mem);
	req = mapiproxy_abandoned_send(mem, ev, caller_gone, &c);
	ck_assert(req != NULL);
	tevent_req_set_callback(req, watch_done, &done);
	run_polls(mem, ev, 2);
	ck_assert(!done);
	ck_assert_uint_eq(c.asked, 2);
	/* the call ended otherwise: its watch goes with it, timer and all */
	talloc_free(req);
	ck_assert_uint_eq(talloc_total_blocks(mem), blocks);
	run_polls(mem, ev, 2);
	ck_assert_uint_eq(c.asked, 2);
	ck_assert(!done);
	talloc_free(mem);
}
END_TEST

static Suite *abandoned_suite(void)
{
	Suite *s = suite_create("abandoned");
	TCase *tc = tcase_create("watch");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_completes_when_gone);
	tcase_add_test(tc, test_freed_stops_asking);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_main(abandoned_suite());
}

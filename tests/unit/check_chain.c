/*
 * The module chain's contract with module authors: requests walk the chain
 * in order, responses in reverse; a failing hook stops its phase; a
 * suspended call resumes where it stopped; modules see only their interface.
 */
#include "config.h"
#include <check.h>
#include "suite_main.h"
#include <stdlib.h>
#include <string.h>
#include <ndr.h>
#include "mapiproxy_internal.h"

/* Each hook appends "<module>:<phase> " to this trace. */
static char trace[512];
static NTSTATUS fail_status;
static const char *fail_in;
static const char *suspend_in;
static struct mapiproxy_call *suspended_call;

static NTSTATUS record(const char *who, const char *phase, struct mapiproxy_call *call)
{
	char item[64];

	snprintf(item, sizeof(item), "%s:%s ", who, phase);
	strncat(trace, item, sizeof(trace) - strlen(trace) - 1);
	if (suspend_in != NULL && strcmp(suspend_in, who) == 0) {
		suspended_call = call;
		return NT_STATUS_PENDING;
	}
	if (fail_in != NULL && strcmp(fail_in, who) == 0) {
		return fail_status;
	}
	return NT_STATUS_OK;
}

#define TEST_MODULE(NAME, ENDPOINT) \
	static NTSTATUS NAME##_pull(struct mapiproxy_call *c, void *r) { return record(#NAME, "pull", c); } \
	static NTSTATUS NAME##_dispatch(struct mapiproxy_call *c, void *r) { return record(#NAME, "dispatch", c); } \
	static NTSTATUS NAME##_push(struct mapiproxy_call *c, void *r) { return record(#NAME, "push", c); } \
	static const struct mapiproxy_module NAME##_module = { \
		.abi_version = MAPIPROXY_MODULE_ABI_VERSION, .name = #NAME, \
		.endpoint = ENDPOINT, .pull = NAME##_pull, \
		.dispatch = NAME##_dispatch, .push = NAME##_push, \
	};

TEST_MODULE(alpha, NULL)
TEST_MODULE(beta, "any")
TEST_MODULE(gamma, NULL)
TEST_MODULE(nsponly, "exchange_nsp")

static const struct ndr_interface_table nsp_table = { .name = "exchange_nsp" };
static const struct ndr_interface_table rfr_table = { .name = "exchange_ds_rfr" };

struct fixture {
	TALLOC_CTX *mem;
	struct tevent_context *ev;
	struct mapiproxy_chain *chain;
	struct mapiproxy_session *session;
};

static struct fixture fx;

static void setup(void)
{
	const char *names[] = { "alpha", "beta", "nsponly", "gamma", NULL };

	mapiproxy_module_registry_reset();
	ck_assert(NT_STATUS_IS_OK(mapiproxy_module_register(&alpha_module)));
	ck_assert(NT_STATUS_IS_OK(mapiproxy_module_register(&beta_module)));
	ck_assert(NT_STATUS_IS_OK(mapiproxy_module_register(&gamma_module)));
	ck_assert(NT_STATUS_IS_OK(mapiproxy_module_register(&nsponly_module)));

	trace[0] = '\0';
	fail_in = NULL;
	suspend_in = NULL;
	suspended_call = NULL;
	fx.mem = talloc_new(NULL);
	fx.ev = tevent_context_init(fx.mem);
	ck_assert(NT_STATUS_IS_OK(mapiproxy_chain_build(fx.mem, names, "/nonexistent", &fx.chain)));
	fx.session = mapiproxy_session_new(fx.mem, fx.chain, "MAPI\\alice", NULL, NULL);
	ck_assert_ptr_nonnull(fx.session);
}

static void teardown(void)
{
	talloc_free(fx.mem);
	mapiproxy_module_registry_reset();
}

/* Run one phase to completion through the event loop. */
static NTSTATUS run_phase(const struct ndr_interface_table *t, enum mapiproxy_phase phase)
{
	struct mapiproxy_call *call = mapiproxy_call_new(fx.mem, fx.ev, fx.session, NULL, t, 0);
	struct tevent_req *req = mapiproxy_chain_run_send(fx.mem, fx.ev, call, phase, NULL);

	ck_assert_ptr_nonnull(req);
	ck_assert(tevent_req_poll(req, fx.ev));
	return mapiproxy_chain_run_recv(req);
}

START_TEST(requests_walk_the_chain_in_order)
{
	ck_assert(NT_STATUS_IS_OK(run_phase(&nsp_table, MAPIPROXY_PHASE_PULL)));
	ck_assert_str_eq(trace, "alpha:pull beta:pull nsponly:pull gamma:pull ");
	trace[0] = '\0';
	ck_assert(NT_STATUS_IS_OK(run_phase(&nsp_table, MAPIPROXY_PHASE_DISPATCH)));
	ck_assert_str_eq(trace, "alpha:dispatch beta:dispatch nsponly:dispatch gamma:dispatch ");
}
END_TEST

START_TEST(responses_walk_the_chain_in_reverse)
{
	ck_assert(NT_STATUS_IS_OK(run_phase(&nsp_table, MAPIPROXY_PHASE_PUSH)));
	ck_assert_str_eq(trace, "gamma:push nsponly:push beta:push alpha:push ");
}
END_TEST

START_TEST(modules_see_only_their_interface)
{
	ck_assert(NT_STATUS_IS_OK(run_phase(&rfr_table, MAPIPROXY_PHASE_PULL)));
	ck_assert_str_eq(trace, "alpha:pull beta:pull gamma:pull ");
	ck_assert(mapiproxy_chain_wants(fx.chain, "exchange_ds_rfr", MAPIPROXY_PHASE_PULL));
	ck_assert(!mapiproxy_chain_wants(fx.chain, "exchange_ds_rfr", MAPIPROXY_PHASE_NDR_PULL));
}
END_TEST

START_TEST(a_failing_hook_stops_its_phase_with_its_status)
{
	fail_in = "beta";
	fail_status = NT_STATUS_ACCESS_DENIED;
	ck_assert(NT_STATUS_EQUAL(run_phase(&nsp_table, MAPIPROXY_PHASE_PULL),
				  NT_STATUS_ACCESS_DENIED));
	ck_assert_str_eq(trace, "alpha:pull beta:pull ");
}
END_TEST

static void resume_later(struct tevent_context *ev, struct tevent_timer *te,
			 struct timeval now, void *private_data)
{
	NTSTATUS *status = private_data;

	mapiproxy_call_resume(suspended_call, *status);
}

START_TEST(a_suspended_call_resumes_after_the_suspending_hook)
{
	static NTSTATUS ok = NT_STATUS_OK;
	struct mapiproxy_call *call = mapiproxy_call_new(fx.mem, fx.ev, fx.session, NULL, &nsp_table, 0);
	struct tevent_req *req;

	suspend_in = "beta";
	req = mapiproxy_chain_run_send(fx.mem, fx.ev, call, MAPIPROXY_PHASE_PULL, NULL);
	ck_assert(tevent_req_is_in_progress(req));
	ck_assert_str_eq(trace, "alpha:pull beta:pull ");

	/* nothing happens until the module resumes */
	ck_assert_ptr_nonnull(suspended_call);

	suspend_in = NULL;
	tevent_add_timer(fx.ev, fx.mem, tevent_timeval_current_ofs(0, 1000), resume_later, &ok);
	ck_assert(tevent_req_poll(req, fx.ev));
	ck_assert(NT_STATUS_IS_OK(mapiproxy_chain_run_recv(req)));
	ck_assert_str_eq(trace, "alpha:pull beta:pull nsponly:pull gamma:pull ");
}
END_TEST

START_TEST(a_suspended_call_resumed_with_an_error_fails)
{
	static NTSTATUS denied = NT_STATUS_ACCESS_DENIED;
	struct mapiproxy_call *call = mapiproxy_call_new(fx.mem, fx.ev, fx.session, NULL, &nsp_table, 0);
	struct tevent_req *req;

	suspend_in = "alpha";
	req = mapiproxy_chain_run_send(fx.mem, fx.ev, call, MAPIPROXY_PHASE_DISPATCH, NULL);
	suspend_in = NULL;
	tevent_add_timer(fx.ev, fx.mem, tevent_timeval_current_ofs(0, 1000), resume_later, &denied);
	ck_assert(tevent_req_poll(req, fx.ev));
	ck_assert(NT_STATUS_EQUAL(mapiproxy_chain_run_recv(req), NT_STATUS_ACCESS_DENIED));
	ck_assert_str_eq(trace, "alpha:dispatch ");
	ck_assert_uint_eq(mapiproxy_call_fault_for(call, NT_STATUS_ACCESS_DENIED), 5);
}
END_TEST

START_TEST(session_private_data_is_per_module)
{
	char *a = talloc_strdup(fx.mem, "alpha's");
	char *g = talloc_strdup(fx.mem, "gamma's");

	mapiproxy_session_set_private(fx.session, &alpha_module, a);
	mapiproxy_session_set_private(fx.session, &gamma_module, g);
	ck_assert_ptr_eq(mapiproxy_session_get_private(fx.session, &alpha_module), a);
	ck_assert_ptr_eq(mapiproxy_session_get_private(fx.session, &gamma_module), g);
	ck_assert_ptr_null(mapiproxy_session_get_private(fx.session, &beta_module));
	/* it lives as long as the session */
	ck_assert_ptr_eq(talloc_parent(a), fx.session);
}
END_TEST

START_TEST(call_private_data_is_per_module_and_per_call)
{
	struct mapiproxy_call *c1 = mapiproxy_call_new(fx.mem, fx.ev, fx.session, NULL,
						       &rfr_table, 0);
	struct mapiproxy_call *c2 = mapiproxy_call_new(fx.mem, fx.ev, fx.session, NULL,
						       &rfr_table, 0);
	char *a = talloc_strdup(fx.mem, "alpha's");
	char *b = talloc_strdup(fx.mem, "beta's");
	struct mapiproxy_module stranger = { .name = "stranger" };

	ck_assert_ptr_null(mapiproxy_call_get_private(c1, &alpha_module));
	mapiproxy_call_set_private(c1, &alpha_module, a);
	mapiproxy_call_set_private(c1, &beta_module, b);
	ck_assert_ptr_eq(mapiproxy_call_get_private(c1, &alpha_module), a);
	ck_assert_ptr_eq(mapiproxy_call_get_private(c1, &beta_module), b);
	ck_assert_ptr_null(mapiproxy_call_get_private(c2, &alpha_module));
	/* a module outside the chain gets nothing and sets nothing */
	mapiproxy_call_set_private(c1, &stranger, a);
	ck_assert_ptr_null(mapiproxy_call_get_private(c1, &stranger));
	/* it lives as long as the call */
	ck_assert_ptr_eq(talloc_parent(a), c1);
	mapiproxy_call_set_private(c1, &alpha_module, NULL);
	ck_assert_ptr_null(mapiproxy_call_get_private(c1, &alpha_module));
}
END_TEST

START_TEST(registry_refuses_duplicates_and_other_abis)
{
	static const struct mapiproxy_module old_abi = { .abi_version = 0, .name = "old" };

	ck_assert(NT_STATUS_EQUAL(mapiproxy_module_register(&alpha_module),
				  NT_STATUS_OBJECT_NAME_COLLISION));
	ck_assert(!NT_STATUS_IS_OK(mapiproxy_module_register(&old_abi)));
	ck_assert(!NT_STATUS_IS_OK(mapiproxy_module_register(NULL)));
}
END_TEST

START_TEST(a_missing_module_fails_the_chain)
{
	const char *names[] = { "alpha", "nosuchmodule", NULL };
	const char *twice[] = { "alpha", "alpha", NULL };
	struct mapiproxy_chain *chain = NULL;

	ck_assert(NT_STATUS_EQUAL(mapiproxy_chain_build(fx.mem, names, "/nonexistent", &chain),
				  NT_STATUS_OBJECT_NAME_NOT_FOUND));
	ck_assert(!NT_STATUS_IS_OK(mapiproxy_chain_build(fx.mem, twice, "/nonexistent", &chain)));
	{
		const struct mapiproxy_module *m = NULL;
		ck_assert(!NT_STATUS_IS_OK(mapiproxy_module_load("/nonexistent/x.so", "/", &m)));
	}
}
END_TEST

static Suite *chain_suite(void)
{
	Suite *s = suite_create("chain");
	TCase *tc = tcase_create("order");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, requests_walk_the_chain_in_order);
	tcase_add_test(tc, responses_walk_the_chain_in_reverse);
	tcase_add_test(tc, modules_see_only_their_interface);
	tcase_add_test(tc, a_failing_hook_stops_its_phase_with_its_status);
	suite_add_tcase(s, tc);

	tc = tcase_create("suspend");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, a_suspended_call_resumes_after_the_suspending_hook);
	tcase_add_test(tc, a_suspended_call_resumed_with_an_error_fails);
	suite_add_tcase(s, tc);

	tc = tcase_create("registry");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, session_private_data_is_per_module);
	tcase_add_test(tc, call_private_data_is_per_module_and_per_call);
	tcase_add_test(tc, registry_refuses_duplicates_and_other_abis);
	tcase_add_test(tc, a_missing_module_fails_the_chain);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_main(chain_suite());
}

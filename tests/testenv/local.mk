# Test environment and integration tests against real samba instances (issue 8).
# tests/testenv/testenv brings up an upstream and chained proxies (doc/testenv.md);
# the integration tests skip (77) unless run as root with samba installed.
EXTRA_DIST += \
	tests/testenv/testenv \
	tests/testenv/rpccheck.py \
	tests/testenv/machineacct.py \
	tests/integration/lib.sh \
	tests/integration/testenv.test \
	tests/integration/relay.test \
	tests/integration/np.test \
	tests/integration/auth.test \
	tests/integration/bench.test

TESTS += tests/integration/testenv.test tests/integration/relay.test \
	tests/integration/np.test tests/integration/auth.test \
	tests/integration/bench.test
dist_doc_DATA += doc/testenv.md

# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by every integration test: skip rules, paths, failure bookkeeping.
# After sourcing: $testenv, $client, $builddir, $work (removed on exit, with
# every test environment under it), fail, contains.

# Skip (77) unless root with samba installed: the tests run samba as a DC in
# private mount namespaces.  MAPIPROXY_SKIP_INTEGRATION=1 skips them too
# (scripts/test-all sets it for distcheck, which would only run them twice).
if [ -n "${MAPIPROXY_SKIP_INTEGRATION:-}" ]; then
	echo "SKIP: MAPIPROXY_SKIP_INTEGRATION is set"
	exit 77
fi
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: needs root (runs samba in private mount namespaces)"
	exit 77
fi
for tool in samba samba-tool unshare; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool not installed"
		exit 77
	fi
done

testenv="${srcdir:-.}/tests/testenv/testenv"
builddir=$(pwd)
client="$builddir/tools/mapiproxy-client"
work=$(mktemp -d /tmp/mapiproxy-integration.XXXXXX)
failed=0

# testenv down says 3 when a sanitizer (an --enable-asan build) reported
# anything in a samba: that fails the test, whatever it found before.
cleanup() {
	sanitized=0
	for d in "$work"/env*; do
		[ -f "$d/testenv.json" ] || continue
		"$testenv" down --dir "$d" >/dev/null 2>"$work/down.err"
		if [ $? = 3 ]; then
			cat "$work/down.err"
			sanitized=1
		fi
	done
	rm -rf "$work"
	if [ "$sanitized" = 1 ]; then
		echo "FAIL: sanitizer reports from samba (above)"
		exit 1
	fi
}
trap cleanup EXIT INT TERM

fail() {
	echo "FAIL: $*"
	failed=1
}

# contains FILE TEXT: FILE has a line with TEXT.
contains() {
	grep -qF -- "$2" "$1"
}

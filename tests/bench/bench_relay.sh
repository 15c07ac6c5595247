#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The relay benchmark (doc/performance.md): per-call latency and throughput
# of a fixed NSPI and EMSMDB mix with 1, 8 and 64 concurrent clients, in one
# run, for four targets on one test environment (tests/testenv/testenv):
#
#   direct     the upstream (server mode) alone
#   socat      a raw TCP relay (socat, TCP_NODELAY) in front of the upstream:
#              the floor for any relay
#   1-proxy    one mapiproxy (the last hop of the chain)
#   3-proxies  three chained mapiproxies (the first hop)
#
# and the memory (RSS and PSS of every samba process of an instance, socat's
# processes for the raw relay) per idle client, measured on freshly
# restarted instances.  Prints ratios against direct and against socat,
# writes CSV and gnuplot charts into the results directory.  A benchmark,
# not a test: it asserts nothing about speed.
#
#   tests/bench/bench_relay.sh [--build-dir DIR] [--results DIR]
#       [--duration S] [--clients "1 8 64"] [--idle N]
#
# Needs root (samba runs as a DC in private mount namespaces, as in the
# integration tests); skips with a message otherwise.
set -u

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
builddir=$(pwd)
results=
duration=8
clients_list="1 8 64"
idle=64
# the upstream's port for everything but the endpoint mapper, so that socat
# can forward it (rpc server dynamic port range of one port)
rpc_port=49800

while [ $# -gt 0 ]; do
	case "$1" in
	--build-dir) builddir=$2; shift 2 ;;
	--results) results=$2; shift 2 ;;
	--duration) duration=$2; shift 2 ;;
	--clients) clients_list=$2; shift 2 ;;
	--idle) idle=$2; shift 2 ;;
	*) echo "usage: $0 [--build-dir DIR] [--results DIR] [--duration S]" \
		"[--clients LIST] [--idle N]" >&2; exit 2 ;;
	esac
done

if [ "$(id -u)" != 0 ]; then
	echo "bench_relay: SKIP: needs root (runs samba in private mount namespaces)"
	exit 0
fi
for tool in samba samba-tool unshare socat; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "bench_relay: SKIP: $tool not installed (scripts/install-deps)"
		exit 0
	fi
done
bench="$builddir/tests/bench/bench_relay"
if [ ! -x "$bench" ] || [ ! -f "$builddir/mapiproxy/.libs/mapiproxy.so" ]; then
	echo "bench_relay: build first (make tests/bench/bench_relay and mapiproxy.so)" >&2
	exit 1
fi
[ -n "$results" ] || results="$builddir/bench-results/relay-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$results" || exit 1
results=$(cd "$results" && pwd)

testenv="$srcdir/tests/testenv/testenv"
work=$(mktemp -d /tmp/mapiproxy-bench.XXXXXX)
env="$work/env"
socat_pids=

cleanup() {
	for p in $socat_pids; do kill "$p" 2>/dev/null; done
	"$testenv" down --dir "$env" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

echo "bench_relay: results in $results"
echo "bench_relay: bringing up an upstream and 3 proxies"
if ! "$testenv" up --dir "$env" --build-dir "$builddir" --proxies 3 \
	--option "upstream:rpc server dynamic port range = $rpc_port-$rpc_port" \
	>"$work/env.sh" 2>"$work/up.log"; then
	cat "$work/up.log" >&2
	exit 1
fi
. "$work/env.sh"
upstream=${MAPIPROXY_UPSTREAM_BINDING#ncacn_ip_tcp:}
set -- $MAPIPROXY_PROXY_BINDINGS
first_hop=${1#ncacn_ip_tcp:}
last_hop=$(eval echo "\${$#}")
last_hop=${last_hop#ncacn_ip_tcp:}
# socat on another address of the environment's 127.A.B.0/24 block
relay=${upstream%.*}.250

for port in 135 $rpc_port; do
	socat "TCP-LISTEN:$port,bind=$relay,reuseaddr,fork,nodelay" \
		"TCP:$upstream:$port,nodelay" 2>>"$work/socat.log" &
	socat_pids="$socat_pids $!"
done
for i in 1 2 3 4 5 6 7 8 9 10; do
	ss -ltn | grep -q "$relay:$rpc_port " && break
	sleep 0.2
done

user="$MAPIPROXY_DOMAIN/$MAPIPROXY_USER%$MAPIPROXY_PASSWORD"
targets="direct socat 1-proxy 3-proxies"
addr_of() {
	case "$1" in
	direct) echo "$upstream" ;;
	socat) echo "$relay" ;;
	1-proxy) echo "$last_hop" ;;
	3-proxies) echo "$first_hop" ;;
	esac
}

# pid_of INSTANCE: its samba's pid (testenv status)
pid_of() {
	"$testenv" status --dir "$env" | awk -v n="$1" '$1 == n { print $5 }'
}

# mem PID...: "RSS PSS PSS_ANON" in KiB summed over the processes and all their
# descendants (samba may fork; socat forks one process per connection)
mem() {
	ps -e -o pid=,ppid= | awk -v roots="$*" '
		{ parent[$1] = $2 }
		END {
			n = split(roots, r, " ")
			for (i = 1; i <= n; i++) keep[r[i]] = 1
			do {
				changed = 0
				for (p in parent)
					if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; changed = 1 }
			} while (changed)
			for (p in keep) print p
		}' | while read -r p; do
		awk '/^Rss:/ { r = $2 } /^Pss:/ { s = $2 } /^Pss_Anon:/ { a = $2 }
			END { print r + 0, s + 0, a + 0 }' "/proc/$p/smaps_rollup" 2>/dev/null
	done | awk '{ r += $1; s += $2; a += $3 } END { print r + 0, s + 0, a + 0 }'
}

# restart INSTANCE...: fresh processes, so that memory freed by earlier
# runs does not hide what idle clients cost
restart() {
	for i in "$@"; do
		"$testenv" stop "$i" --dir "$env" >/dev/null 2>&1
		"$testenv" start "$i" --dir "$env" >/dev/null 2>>"$work/restart.log" || {
			echo "bench_relay: cannot restart $i" >&2; cat "$work/restart.log" >&2; exit 1; }
	done
}

# hold TARGET N: N idle clients on TARGET until release; sets held_pid
hold() {
	rm -f "$work/fifo" "$work/idle.out"
	mkfifo "$work/fifo"
	"$bench" -b "ncacn_ip_tcp:$(addr_of "$1")[seal]" -U "$user" --idle "$2" \
		<"$work/fifo" >"$work/idle.out" 2>>"$work/idle.err" &
	held_pid=$!
	exec 3>"$work/fifo"
	while ! grep -q '^ready' "$work/idle.out" 2>/dev/null; do
		if ! kill -0 "$held_pid" 2>/dev/null; then
			echo "bench_relay: idle clients on $1 failed:" >&2
			cat "$work/idle.err" >&2
			exit 1
		fi
		sleep 0.2
	done
	sleep 1	# let the servers settle
}
release() {
	exec 3>&-
	wait "$held_pid"
}

# Memory first, on fresh instances.  Which processes each target loads:
instances_of() {
	case "$1" in
	direct|socat) echo upstream ;;
	1-proxy) echo "upstream proxy3" ;;
	3-proxies) echo "upstream proxy3 proxy2 proxy1" ;;
	esac
}
echo "target,idle_clients,process,rss_before_kib,rss_after_kib,pss_before_kib,pss_after_kib,pss_anon_before_kib,pss_anon_after_kib" \
	>"$results/memory-raw.csv"
for t in $targets; do
	echo "bench_relay: memory of $idle idle clients via $t"
	restart $(instances_of "$t")
	hold "$t" 1	# first-use costs (caches, libraries) are not per client
	release
	sleep 1
	procs=$(instances_of "$t")
	[ "$t" = socat ] && procs="$procs socat"
	for p in $procs; do
		if [ "$p" = socat ]; then pids=$socat_pids; else pids=$(pid_of "$p"); fi
		eval "before_$(echo "$p" | tr -d -)=\"$(mem $pids)\""
	done
	hold "$t" "$idle"
	for p in $procs; do
		if [ "$p" = socat ]; then pids=$socat_pids; else pids=$(pid_of "$p"); fi
		set -- $(eval echo "\$before_$(echo "$p" | tr -d -)") $(mem $pids)
		echo "$t,$idle,$p,$1,$4,$2,$5,$3,$6" >>"$results/memory-raw.csv"
	done
	release
done

# Then latency and throughput: for each number of clients every target in
# turn, so that a change of load on the machine hits them all alike.
rm -f "$results/latency.csv"
for n in $clients_list; do
	for t in $targets; do
		echo "bench_relay: $n client(s) via $t"
		if ! "$bench" -b "ncacn_ip_tcp:$(addr_of "$t")[seal]" -U "$user" -c "$n" \
			-d "$duration" --label "$t" --csv "$results/latency.csv" \
			>"$results/$t-$n.txt" 2>"$work/bench.err"; then
			cat "$results/$t-$n.txt" "$work/bench.err" >&2
			exit 1
		fi
	done
done

{
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "machine: $(nproc) CPU(s), $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "samba: $(samba -V 2>/dev/null)"
	echo "duration per run: $duration s; clients: $clients_list; idle clients: $idle"
} >"$results/machine.txt"

sh "$srcdir/tests/bench/bench_relay_report.sh" "$results" | tee "$results/summary.txt"

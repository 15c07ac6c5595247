#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The relay benchmark's report (tests/bench/bench_relay.sh runs it): from
# RESULTS/latency.csv and RESULTS/memory-raw.csv, prints the tables with
# the ratios against direct and against socat, writes ratios.csv and
# memory.csv, and draws throughput.png, latency.png and memory.png with
# gnuplot when it is installed.
#
#   tests/bench/bench_relay_report.sh RESULTS
set -u
results=${1:?usage: $0 RESULTS}
cd "$results" || exit 1

# Ratios: throughput target/reference (above 1 is faster), latency
# target/reference (above 1 is slower).
awk -F, '
	NR == 1 { next }
	{
		key = $3 SUBSEP $2
		thr[key, $1] = $6; med[key, $1] = $7; p99[key, $1] = $8; cpu[key, $1] = $9
		if (!(key in seen)) { seen[key] = 1; order[++n] = key }
		if (!($1 in tseen)) { tseen[$1] = 1; targets[++nt] = $1 }
	}
	function ratio(a, b) { return (b > 0) ? sprintf("%.2f", a / b) : "-" }
	END {
		print "group,target,clients,calls_per_s,median_ms,p99_ms,generator_cpu_pct," \
		      "thr_vs_direct,median_vs_direct,p99_vs_direct,thr_vs_socat,median_vs_socat,p99_vs_socat" \
		      > "ratios.csv"
		for (g = 1; g <= 3; g++) {
			group = (g == 1) ? "mix" : (g == 2) ? "NSPI" : "EMSMDB"
			printf "\n%s calls: throughput and latency; ratios (thr, median, p99) vs direct and vs socat\n", group
			printf "%-10s %7s %9s %9s %9s %5s | %5s %6s %6s | %5s %6s %6s\n", "target", "clients",
			       "calls/s", "median", "p99 ms", "cpu%", "thr", "median", "p99", "thr", "median", "p99"
			for (i = 1; i <= n; i++) {
				split(order[i], k, SUBSEP)
				if (k[1] != group) continue
				for (j = 1; j <= nt; j++) {
					t = targets[j]; key = order[i]
					if (!((key, t) in thr)) continue
					line = sprintf("%-10s %7s %9.1f %9.3f %9.3f %5.0f | %5s %6s %6s | %5s %6s %6s",
						t, k[2], thr[key, t], med[key, t], p99[key, t], cpu[key, t],
						ratio(thr[key, t], thr[key, "direct"]),
						ratio(med[key, t], med[key, "direct"]),
						ratio(p99[key, t], p99[key, "direct"]),
						ratio(thr[key, t], thr[key, "socat"]),
						ratio(med[key, t], med[key, "socat"]),
						ratio(p99[key, t], p99[key, "socat"]))
					print line
					gsub(/ *\| */, ",", line); gsub(/ +/, ",", line)
					print group "," line > "ratios.csv"
				}
			}
		}
	}' latency.csv

# Memory per idle client: the relay's processes (socat, or each proxy: per
# hop) and the upstream's, from the deltas of RSS, PSS and PSS of anonymous
# memory.  PSS shares a library's pages among every process mapping it, so
# it moves when other processes on the machine come and go; the anonymous
# part (heap, stacks) is what a client costs.
awk -F, '
	NR == 1 { next }
	{
		n[$1] = $2
		if (!($1 in seen)) { seen[$1] = 1; order[++nt] = $1 }
		if ($3 == "upstream") { u[$1, 1] = $5 - $4; u[$1, 2] = $7 - $6; u[$1, 3] = $9 - $8 }
		else { r[$1, 1] += $5 - $4; r[$1, 2] += $7 - $6; r[$1, 3] += $9 - $8; hops[$1]++ }
	}
	function per(v, t, h) { return h ? sprintf("%.1f", v / n[t] / h) : "-" }
	END {
		print "target,idle_clients,hops,relay_rss_kib,relay_pss_kib,relay_pss_anon_kib," \
		      "upstream_rss_kib,upstream_pss_kib,upstream_pss_anon_kib" > "memory.csv"
		printf "\nmemory per idle client, KiB (a client holds an NSPI and an EMSMDB association);\n"
		printf "relay: socat or each proxy, per hop\n"
		printf "%-10s %4s %4s | %9s %9s %9s | %9s %9s %9s\n", "target", "idle", "hops",
		       "relay RSS", "PSS", "PSS anon", "upstr RSS", "PSS", "PSS anon"
		for (i = 1; i <= nt; i++) {
			t = order[i]; h = hops[t] + 0
			line = sprintf("%s,%d,%d,%s,%s,%s,%s,%s,%s", t, n[t], h,
				per(r[t, 1], t, h), per(r[t, 2], t, h), per(r[t, 3], t, h),
				per(u[t, 1], t, 1), per(u[t, 2], t, 1), per(u[t, 3], t, 1))
			split(line, f, ",")
			printf "%-10s %4s %4s | %9s %9s %9s | %9s %9s %9s\n", f[1], f[2], f[3], f[4], f[5],
			       f[6], f[7], f[8], f[9]
			print line > "memory.csv"
		}
	}' memory-raw.csv

[ -f machine.txt ] && { echo; cat machine.txt; }

if ! command -v gnuplot >/dev/null 2>&1; then
	echo "bench_relay: no charts: gnuplot not installed (scripts/install-deps)"
	exit 0
fi

# One row per number of clients, one column per target (mix calls).
for col in 4 5 6; do
	awk -F, -v col="$col" '
		NR == 1 || $1 != "mix" { next }
		{ v[$3, $2] = $col; if (!($3 in cs)) { cs[$3] = 1; c[++nc] = $3 }
		  if (!($2 in ts)) { ts[$2] = 1; t[++nt] = $2 } }
		END {
			printf "clients"; for (j = 1; j <= nt; j++) printf " %s", t[j]; print ""
			for (i = 1; i <= nc; i++) {
				printf "%s", c[i]
				for (j = 1; j <= nt; j++) printf " %s", v[c[i], t[j]]
				print ""
			}
		}' ratios.csv >"mix-$col.dat"
done
awk -F, 'NR > 1 { printf "%s %s %s\n", $1, ($6 == "-" ? 0 : $6), $9 }' memory.csv >memory.dat

gnuplot <<'PLOT'
set terminal pngcairo size 900,500 noenhanced
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key top left autotitle columnheader
set grid ytics
set offsets 0, 0, graph 0.08, 0
set xlabel "concurrent clients"

set output "throughput.png"
set title "Throughput of the NSPI+EMSMDB mix (calls/s, higher is better)"
set ylabel "calls/s"
plot for [i=2:5] "mix-4.dat" using i:xtic(1)

set output "latency.png"
set multiplot layout 1,2 title "Per-call latency of the mix (ms, lower is better)"
set title "median"
set ylabel "ms"
plot for [i=2:5] "mix-5.dat" using i:xtic(1)
set title "99th percentile"
plot for [i=2:5] "mix-6.dat" using i:xtic(1)
unset multiplot

set output "memory.png"
set title "Memory per idle client (PSS of anonymous memory, KiB)"
set key top right noautotitle
set xlabel ""
set ylabel "KiB"
plot "memory.dat" using 2:xtic(1) title "relay, per hop", "" using 3 title "upstream"
PLOT
echo "bench_relay: charts: $results/throughput.png latency.png memory.png"

#!/usr/bin/env bash
# Issue 15's "two API processes on one PostgreSQL": 200 terminals (50 units
# × 4) push 200 ops each in batches of 10 through real `motcua-server serve
# --db` subprocesses on loopback, terminal i to process i mod n (bench/
# twoapi), on a fresh database per run; one process and two processes take
# turns in the same run, so they share the machine's moment. Prints
# throughput, p50/p99 at the terminal, each API process's CPU and the
# database's (every postgres process of the cluster).
# All terminals come from 127.0.0.1, so serve runs with --max-conns-per-ip 1024.
#
#   bench/twoapi.sh                 # cluster with fsync off (pg-test-cluster.sh)
#   PGFSYNC=on bench/twoapi.sh      # the same, durable (fsync and synchronous commit on)
#   ROUNDS=2 bench/twoapi.sh        # 1, 2, 1, 2 processes
#   INTERVAL=1s bench/twoapi.sh     # paced: each terminal syncs every second (2,000 ops/s offered);
#                                   # p50/p99 also without each terminal's first 3 requests (warm-up)
set -euo pipefail
cd "$(dirname "$0")/.."
W=${W:-/tmp/twoapi-run}
rm -rf "$W" && mkdir -p "$W/bin"
go build -o "$W/bin/" ./cmd/motcua-server ./bench/twoapi
PATH=$W/bin:$PATH
PGDIR=$W/pg
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; scripts/pg-test-cluster.sh stop "$PGDIR" 2>/dev/null || true; }
trap cleanup EXIT
eval "$(scripts/pg-test-cluster.sh start "$PGDIR")"
bindir=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/createdb | tail -1)")
postmaster=$(head -1 "$PGDIR/data/postmaster.pid")
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
echo "== machine: $(nproc) cores; $(uptime); git $(git rev-parse --short HEAD); PostgreSQL fsync ${PGFSYNC:-off} (pg-test-cluster.sh)"

run=0
for _ in $(seq "${ROUNDS:-1}"); do
	for n in 1 2; do
		run=$((run + 1))
		db=twoapi$run
		"$bindir/createdb" -h "$PGDIR" -U motcua "$db"
		DSN="postgres://motcua@/$db?host=$PGDIR&sslmode=disable"
		twoapi -setup -db "$DSN" -terms "$W/terms$run"
		urls=() pids=()
		for i in $(seq "$n"); do
			p=$(port)
			mkdir -p "$W/api$run-$i"
			motcua-server --data "$W/api$run-$i" --db "$DSN" serve --addr "127.0.0.1:$p" --max-conns-per-ip 1024 --log-level warn >>"$W/server.log" 2>&1 &
			pids+=($!) urls+=("http://127.0.0.1:$p")
			for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$p/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
		done
		echo "-- run $run: load $(cut -d' ' -f1-3 /proc/loadavg)"
		twoapi -db "$DSN" -terms "$W/terms$run" -urls "$(IFS=,; echo "${urls[*]}")" -api-pids "$(IFS=,; echo "${pids[*]}")" -postmaster "$postmaster" -batch 10 -interval "${INTERVAL:-0}"
		echo "   load after: $(cut -d' ' -f1-3 /proc/loadavg)"
		for p in "${pids[@]}"; do kill "$p"; wait "$p" || true; done
		pids=()
	done
done

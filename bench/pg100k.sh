#!/usr/bin/env bash
# Issue 15 at province size, in one run (figures in BENCHMARKS.md, "A
# 100,000-dossier unit on PostgreSQL"):
#
#  1. the 100,000-dossier fixture (bench/fixture) is pushed through a real
#     server on loopback: the generated terminal enrolls with `motcua
#     enroll` (its standalone codes declared, as a standalone office joining
#     a server would), and bench/pushfixture posts its 466k ops to
#     /v1/sync with its token, 200 ops a request (`motcua sync` drains the
#     same backlog in about 8 minutes since the outbox by record; before it,
#     at about 25 ops/s);
#  2. a fresh terminal of that unit pulls it (wall, bytes down, round trips,
#     the server's CPU, its file's size), beside a raw read of the same
#     records from the file (bench/rawread);
#  3. the server stops; `motcua-server migrate-data` copies the file into a
#     fresh PostgreSQL database (time, verification report), and again
#     (idempotent);
#  4. the server starts on PostgreSQL: the terminal that pulled in 2
#     receives one more dossier and syncs with its old token and cursor, then another fresh terminal
#     pulls the unit from PostgreSQL, beside a raw pgx read of the same rows.
#
#   bench/pg100k.sh                 # PostgreSQL with fsync off (pg-test-cluster.sh)
#   PGFSYNC=on bench/pg100k.sh      # the same cluster restarted with fsync on
#   REUSE=/tmp/pg100k-run W=/tmp/pg100k-b bench/pg100k.sh   # steps 3-4 only, on run 1-2's files
#   MIGRATE_RUNS=1 …                                       # migrate-data once instead of twice
#
# Work files go to $W (default /tmp/pg100k-run); the cluster to $W/pg.
set -euo pipefail
cd "$(dirname "$0")/.."
W=${W:-/tmp/pg100k-run}
N=${N:-100000}
UNIT=000.00.06.H56
rm -rf "$W" && mkdir -p "$W/bin"
exec > >(tee "$W/summary.txt") 2>&1
go build -o "$W/bin/" ./cmd/motcua ./cmd/motcua-server ./bench/rawread ./bench/pushfixture
PATH=$W/bin:$PATH

cpu() { awk '{printf "%.2f", ($14+$15)/100}' "/proc/$1/stat"; }     # user+sys seconds of a live process
since() { echo "$(( $(date +%s%N) / 1000000 - $1 ))"; }          # ms since a date +%s%N/1e6 stamp
now() { echo "$(( $(date +%s%N) / 1000000 ))"; }
pressure() { echo "load: $(cut -d' ' -f1-3 /proc/loadavg); cpu pressure: $(head -1 /proc/pressure/cpu 2>/dev/null || echo -)"; }
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

srv_pid=""
start_server() { # DATA [--db DSN]
	local data=$1; shift
	PORT=${PORT:-$(port)} # the same address each time: terminals keep the server's URL
	motcua-server --data "$data" "$@" serve --addr "127.0.0.1:$PORT" --log-level warn >>"$W/server.log" 2>&1 &
	srv_pid=$!
	for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
	echo "server did not start" >&2; exit 1
}
stop_server() { kill "$srv_pid"; wait "$srv_pid" || true; srv_pid=""; }
trap '[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null; [ -n "${PGDIR:-}" ] && scripts/pg-test-cluster.sh stop "$PGDIR" 2>/dev/null || true' EXIT

enroll() { # DATA [--db DSN]: a new terminal of UNIT in DATA
	local data=$1; shift
	local code
	code=$(motcua-server --data "$SRV" "$@" --lang en enroll --unit "$UNIT" --role counter | grep -oE '[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}' | head -1)
	motcua --data "$data" --lang en enroll --server "http://127.0.0.1:$PORT" --code "$code" --officer "Nguyễn Văn An" >/dev/null
}

pull() { # LABEL DATA: a fresh terminal's full pull, with the server's CPU
	local label=$1 data=$2 c0 t0
	c0=$(cpu "$srv_pid"); t0=$(now)
	/usr/bin/time -o "$W/$label.time" -f "%U %S %M" motcua --data "$data" --lang en sync --timeout 30m --json >"$W/$label.json" 2>"$W/$label.progress"
	read -r u s rss <"$W/$label.time"
	echo "$label: wall $(since "$t0") ms, server CPU $(echo "$(cpu "$srv_pid") - $c0" | bc) s, terminal CPU $(echo "$u + $s" | bc) s, terminal peak RSS $((rss / 1024)) MiB, file $(stat -c %s "$data/motcua.db") bytes"
	cat "$W/$label.json"
	pressure
}

echo "== machine"; nproc; uptime; pressure; echo "git $(git rev-parse --short HEAD)"
FIX=$(go run ./bench/fixture -n "$N")
echo "== fixture $FIX"

if [ -n "${REUSE:-}" ]; then
	# Steps 1 and 2 of an earlier run ($REUSE): its server file and its
	# pulled terminal, on the same address (the terminal keeps the URL).
	echo "== 1, 2: reused from $REUSE"
	grep -E '^(push|pull-bolt|pushed|bolt)' "$REUSE/summary.txt" 2>/dev/null || true
	SRV=$REUSE/srv; PORT=$(cat "$REUSE/port")
	cp -r "$REUSE/fresh1" "$W/fresh1"
else
SRV=$W/srv; mkdir -p "$SRV" "$W/term"
cp "$FIX/motcua.db" "$W/term/motcua.db"
start_server "$SRV"
echo "$PORT" >"$W/port"
motcua-server --data "$SRV" unit add "$UNIT" "Trung tâm Phục vụ hành chính công xã Tân Lộc" >/dev/null
enroll "$W/term"
echo "== 1. push the fixture through the server (bbolt), POST /v1/sync, 200 ops a request"
c0=$(cpu "$srv_pid"); t0=$(now)
pushfixture -data "$W/term"
echo "push: wall $(since "$t0") ms, server CPU $(echo "$(cpu "$srv_pid") - $c0" | bc) s"
pressure

echo "== 2. a fresh terminal pulls the unit from the file"
mkdir -p "$W/fresh1"; enroll "$W/fresh1"
pull pull-bolt "$W/fresh1"
stop_server
ls -l "$SRV/central.db"
rawread bolt "$SRV/central.db" c_dossiers; rawread bolt "$SRV/central.db" c_dossiers
fi

echo "== 3. migrate-data onto a fresh PostgreSQL database"
PGDIR=$W/pg
eval "$(scripts/pg-test-cluster.sh start "$PGDIR")" # durable when PGFSYNC=on
bindir=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/createdb | tail -1)")
"$bindir/createdb" -h "$PGDIR" -U motcua motcua
DSN="postgres://motcua@/motcua?host=$PGDIR&sslmode=disable"
echo "fsync: $("$bindir/../bin/postgres" --version) $(PGHOST=$PGDIR "$bindir/pg_isready" -U motcua >/dev/null && echo ready) fsync=${PGFSYNC:-off}"
for run in $(seq "${MIGRATE_RUNS:-2}"); do
	t0=$(now)
	motcua-server --lang en migrate-data --from "$SRV" --to "$DSN" >"$W/migrate$run.txt"
	echo "migrate-data run $run: wall $(since "$t0") ms"
	cat "$W/migrate$run.txt"
	pressure
done

echo "== 4. the server on PostgreSQL: the old terminal goes on, a fresh one pulls"
start_server "$W/srv-pg" --db "$DSN"
motcua --data "$W/fresh1" --lang en receive --procedure "$(motcua --data "$W/fresh1" catalog --json | grep -m1 '"code"' | cut -d'"' -f4)" \
	--name "Lê Thị Hoa" --accept-clock --outside-hours --json >"$W/receive.json" || true
sed -n 1p "$W/receive.json" | cut -c1-200
motcua --data "$W/fresh1" --lang en sync --timeout 5m --json 2>/dev/null
mkdir -p "$W/fresh2"; SRV=$W/srv-pg enroll "$W/fresh2" --db "$DSN"
pull pull-pg "$W/fresh2"
stop_server
rawread pg "$DSN" c_dossiers; rawread pg "$DSN" c_dossiers

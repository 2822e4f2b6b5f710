#!/usr/bin/env bash
# Where a `motcua find CODE` process takes its page faults, beside the SQLite
# FTS5 peer's query of the same code (BENCHMARKS.md, process start, sixth
# pass). On the VM of those figures a fault costs 25-45 µs, a third of the
# process's CPU; this counts them by phase of the process's start.
#
#   MOTCUA_BENCH_DATA=DIR bench/startfaults.sh    # DIR holds motcua.db and peer.sqlite (bench/file.sh builds them)
#   RUNS=20 CODE=000.00.06.H56-261030-9208 MOTCUA_BENCH_DATA=DIR bench/startfaults.sh
#
# Needs perf (linux-perf) with page-fault events allowed. Prints, for each
# binary: the median page faults of RUNS processes (perf stat; with
# GOMAXPROCS=1 too, where a run's count varies by 2-3 instead of tens, as
# fewer threads start), then faults a run by phase, anonymous or of the
# binary's file, and the packages whose initialisation faults most
# (bench/faultphases). "motcua, no prefault" is the same binary with
# MOTCUA_NO_PREFAULT=1 (cmd/motcua/internal/prefault).
set -euo pipefail
cd "$(dirname "$0")/.."
data=${MOTCUA_BENCH_DATA:?set MOTCUA_BENCH_DATA to a directory with motcua.db and peer.sqlite}
runs=${RUNS:-20}
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
echo "git $(git rev-parse --short HEAD); $(nproc) cores; $(go version); $(uptime)"

# Static builds with symbols (perf names the frames), each timed as a copy:
# the linker's own output file costs more faults (BENCHMARKS.md, fourth pass).
CGO_ENABLED=0 go build -trimpath -o "$bin/motcua" ./cmd/motcua
(cd bench/fts5peer && CGO_ENABLED=0 go build -trimpath -o "$bin/peer-find" ./find)
go build -o "$bin/faultphases" ./bench/faultphases
for f in motcua peer-find; do cp "$bin/$f" "$bin/$f.copy" && mv "$bin/$f.copy" "$bin/$f"; done
code=${CODE:-$("$bin/motcua" --data "$data" find "nguyen anh" --limit 1 | cut -d' ' -f1)}

median() { sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }

show() { # label env... -- command...
	local label=$1; shift
	local envs=()
	while [ "$1" != "--" ]; do envs+=("$1"); shift; done
	shift
	local all one
	all=$(for _ in $(seq "$runs"); do env "${envs[@]}" perf stat -x, -e page-faults "$@" 2>&1 >/dev/null | grep page-faults | cut -d, -f1; done | median)
	one=$(for _ in $(seq "$runs"); do env "${envs[@]}" GOMAXPROCS=1 perf stat -x, -e page-faults "$@" 2>&1 >/dev/null | grep page-faults | cut -d, -f1; done | median)
	echo "== $label: median page faults $all (GOMAXPROCS=1: $one), $runs runs"
	local rec="$bin/perf.data"
	env "${envs[@]}" perf record -q -e page-faults -c 1 -d -g -o "$rec" -- sh -c "for i in \$(seq $runs); do \"\$@\" >/dev/null; done" sh "$@"
	perf script -i "$rec" -F comm,addr,ip,sym 2>/dev/null | "$bin/faultphases" "$1" "$(basename "$1")" "$runs"
}
show "motcua find $code" MOTCUA_X=1 -- "$bin/motcua" --data "$data" find "$code"
show "motcua find $code, no prefault" MOTCUA_NO_PREFAULT=1 -- "$bin/motcua" --data "$data" find "$code"
show "peer, the same code" MOTCUA_X=1 -- "$bin/peer-find" "$data/peer.sqlite" "$code"

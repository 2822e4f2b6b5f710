#!/usr/bin/env bash
# Every figure of BENCHMARKS.md in one run, with the machine's state, into
# bench/out/<date>.txt (and the terminal).
#
#   bench/run.sh          # benchmarks, size, RSS (builds the fixture once)
#   GEN=1 bench/run.sh    # also time the generator (several minutes more)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out
out=bench/out/$(date -u +%Y%m%dT%H%M%SZ).txt
exec > >(tee "$out") 2>&1

pressure() { [ -r /proc/pressure/cpu ] && echo "cpu pressure: $(head -1 /proc/pressure/cpu)" || true; }
echo "== machine"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM; $(go version)"
uptime; pressure
echo "git $(git rev-parse --short HEAD)"

echo "== fixture"
data=$(go run ./bench/fixture -n "${N:-100000}")
echo "$data"

echo "== durable Receive (file on $(df --output=source,fstype "$(dirname "$(mktemp -u)")" | tail -1))"
go test ./store -run '^$' -bench 'ReceiveDurable' -benchtime 3000x -count 3
pressure

echo "== search over the fixture"
go test ./store -run '^$' -bench 'Search|FixtureSize' -benchtime 3000x -timeout 30m
pressure

echo "== where the bytes go"
go run ./bench/dbstats "$data/motcua.db"

echo "== peak RSS of motcua find"
N=${N:-100000} bench/find-rss.sh
pressure

if [ -n "${GEN:-}" ]; then
	bin=$(mktemp -d)
	go build -o "$bin/motcua-gen" ./cmd/motcua-gen
	echo "== generator: 100,000 dossiers straight to disk (NoSync, one fsync at the end)"
	dir=$(mktemp -d)
	/usr/bin/time -v "$bin/motcua-gen" -q -n 100000 --data "$dir" --end 2026-11-01 2>&1 |
		grep -E 'dossiers|Elapsed|Maximum resident'
	rm -rf "$dir"
	pressure
	echo "== generator: the same built on /dev/shm, then copied (--scratch, kept for scripts)"
	dir=$(mktemp -d)
	/usr/bin/time -v "$bin/motcua-gen" -q -n 100000 --data "$dir" --end 2026-11-01 --scratch /dev/shm 2>&1 |
		grep -E 'dossiers|Elapsed|Maximum resident'
	rm -rf "$dir" "$bin"
	pressure
fi
echo "== written to $out"

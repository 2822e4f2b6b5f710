#!/usr/bin/env bash
# The figures of BENCHMARKS.md "The file: size, fsyncs, backups, start-up"
# in one run, on the 100,000-dossier fixture (built once, see bench/fixture):
#
#   bench/file.sh            # N=100000 by default
#   ONLY=process bench/file.sh   # only the whole-process table (find vs the peer, --help)
#
# whole-process `motcua find` beside the SQLite FTS5 peer's query (the peer
# built from the same fixture, bench/fts5peer), process start of
# `motcua --help`, fsyncs per command (strace), the fixture's size and where
# its bytes go, the daily backup's size and time, and the same terminal
# once synced (bench/synced).
set -euo pipefail
cd "$(dirname "$0")/.."
pressure() { [ -r /proc/pressure/cpu ] && echo "cpu pressure: $(head -1 /proc/pressure/cpu)" || true; }
N=${N:-100000}
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
echo "git $(git rev-parse --short HEAD); $(nproc) cores; $(go version)"; pressure

data=$(go run ./bench/fixture -n "$N")
db=$data/motcua.db
# The three timed binaries in the release's build mode (static, no symbols):
# a plain `go build` links motcua dynamically (net and os/user use cgo) and
# the peer statically, which is not a fair race.
release() { CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' "$@"; }
release -o "$bin/motcua" ./cmd/motcua
go build -o "$bin/proctime" ./bench/proctime
go build -o "$bin/synced" ./bench/synced
(cd bench/fts5peer && go build -o "$bin/peer-build" ./build && release -o "$bin/peer-find" ./find)
printf 'package main\nfunc main() {}\n' >"$bin/bare.go" && (cd "$bin" && release -o bare bare.go)
# The linker writes its output through a memory map, which leaves the new
# file in the page cache in a form that costs more page faults to run: the
# same binary straight from the build ran 1-2 ms slower than a copy of it
# (BENCHMARKS.md, process start, fourth pass). Each timed binary is timed
# as a copy, as an installed one (copied, or read from disk) is.
for f in motcua peer-find bare; do cp "$bin/$f" "$bin/$f.copy" && mv "$bin/$f.copy" "$bin/$f"; done
# How a copy's pages are in the page cache matters too: fresh copies ran the
# peer a few per cent faster against motcua than copies read back from disk
# (BENCHMARKS.md, process start, sixth pass). proctime -evict drops each
# binary from the cache first, so both start as an installed binary does
# after a boot: read back from disk by their first run.
peer=$data/peer.sqlite
[ -s "$peer" ] || "$bin/peer-build" "$db" "$peer"

echo "== whole process: motcua find vs the FTS5 peer, process start"
code=$("$bin/motcua" --data "$data" find "nguyen anh" --limit 1 | cut -d' ' -f1)
"$bin/proctime" -evict -n "${RUNS:-100}" \
	"$bin/motcua" --data "$data" find nguyen anh :: "$bin/peer-find" "$peer" nguyen anh :: \
	"$bin/motcua" --data "$data" find tran thi :: "$bin/peer-find" "$peer" tran thi :: \
	"$bin/motcua" --data "$data" find "$code" :: "$bin/peer-find" "$peer" "$code" :: \
	"$bin/motcua" --help :: "$bin/bare"
pressure
[ "${ONLY:-}" = process ] && exit 0

if command -v strace >/dev/null; then
	echo "== fsync + fdatasync per command (strace -f -c), on a copy of the fixture"
	copy=$(mktemp -d)
	cp "$db" "$copy/"
	count() { strace -f -c -o "$bin/st" -e trace=fsync,fdatasync "$bin/motcua" --data "$copy" "$@" >/dev/null; awk '/fsync|fdatasync/ && $NF != "total" {n += $4} END {print n + 0}' "$bin/st"; }
	echo "find nguyen anh: $(count find nguyen anh)"
	echo "show $code: $(count show "$code")"
	echo "export: $(count export)"
	echo "first receive of the day (with the daily backup): $(count receive --procedure 1.001193 --name 'Lê Văn Cường')"
	echo "second receive: $(count receive --procedure 1.001193 --name 'Lê Văn Cường')"
	ls -l "$copy"
	rm -rf "$copy"
fi

echo "== the fixture: size and where the bytes go (unsynced: every op in the outbox)"
ls -l "$db"
go run ./bench/dbstats "$db"
echo "== the daily backup of the fixture"
go test ./store -run '^$' -bench FixtureBackup -benchtime 3x
pressure

echo "== the same terminal, synced"
out=$(mktemp -d)
"$bin/synced" "$db" "$out"
go run ./bench/dbstats "$out/motcua.db" | head -1
go run ./bench/dbstats "$out/motcua.db.compact"
rm -rf "$out"
pressure

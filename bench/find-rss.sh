#!/usr/bin/env bash
# Peak RSS of `motcua find` on the 100,000-dossier benchmark fixture.
#
#   bench/find-rss.sh            # fixture of 100,000 (built once, cached)
#   N=20000 bench/find-rss.sh    # another size
#
# Needs GNU time (/usr/bin/time; `apt-get install -y time`). Each query runs
# in a fresh process, so RSS counts the process, the Go runtime and the
# pages of the mmapped database it touched. Run it after dropping the page
# cache to see a cold start (sync; echo 3 > /proc/sys/vm/drop_caches).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
if [ ! -x /usr/bin/time ]; then
	echo "find-rss: /usr/bin/time is missing: apt-get install -y time" >&2
	exit 1
fi
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/motcua" ./cmd/motcua
data=$(go run ./bench/fixture -n "$N")
code=$("$bin/motcua" --data "$data" find "nguyen anh" --limit 1 --json | sed -n 's/.*"code":"\([^"]*\)".*/\1/p')
echo "fixture: $data ($(du -h "$data/motcua.db" | cut -f1))"
printf '%-40s %10s %8s\n' query "max RSS" seconds
for q in "nguyen anh" "tran cuong" "nguyen thi" "nguyen" "$code"; do
	for limit in 20 200; do
		out=$( { /usr/bin/time -v "$bin/motcua" --data "$data" find "$q" --limit "$limit" >/dev/null; } 2>&1 )
		rss=$(echo "$out" | sed -n 's/.*Maximum resident set size (kbytes): //p')
		secs=$(echo "$out" | sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p')
		printf '%-40s %7s KiB %8s\n' "\"$q\" --limit $limit" "$rss" "$secs"
	done
done

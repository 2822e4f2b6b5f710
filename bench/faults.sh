#!/usr/bin/env bash
# The long run of the fault harness (faults/): many seeded runs of every
# scenario, then the totals. Each run appends one JSON report line; the
# totals below are summed from them.
#
#   bash bench/faults.sh [--runs N] [--cycles M] [--seed S] [--only REGEX]
#                        [--parallel P] [--timeout 90m] [--out DIR] [--pg]
#
#   --runs N      runs of each scenario (default 100); per scenario:
#                 MOTCUA_FAULT_RUNS_<NAME>=N in the environment wins
#   --cycles M    SIGKILL cycles per kill-scenario run (default 25)
#   --seed S      base seed (run i of a scenario uses S+i); default: the clock
#   --only REGEX  go test -run pattern (default: every scenario)
#   --parallel P  runs of one scenario at once (default 2; this is a 2-core machine)
#   --timeout D   go test -timeout (default 90m): a run never hangs the script
#   --out DIR     where the log and the reports go (default /tmp/motcua-faults)
#   --pg          the scenarios on PostgreSQL (two API processes; default
#                 --only '^TestPG'), on MOTCUA_TEST_PG, or on a throwaway
#                 cluster in DIR/pg (scripts/pg-test-cluster.sh) when unset
set -euo pipefail
cd "$(dirname "$0")/.."

runs=100 cycles=25 seed="" only="" parallel=2 timeout=90m out=/tmp/motcua-faults pg=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2;;
    --cycles) cycles=$2; shift 2;;
    --seed) seed=$2; shift 2;;
    --only) only=$2; shift 2;;
    --parallel) parallel=$2; shift 2;;
    --timeout) timeout=$2; shift 2;;
    --out) out=$2; shift 2;;
    --pg) pg=1; shift;;
    -h|--help) sed -n 2,20p "$0"; exit 0;;
    *) echo "unknown flag $1" >&2; exit 2;;
  esac
done
mkdir -p "$out"
if [ -n "$pg" ]; then
  only=${only:-^TestPG}
  if [ -z "${MOTCUA_TEST_PG:-}" ]; then
    trap 'scripts/pg-test-cluster.sh stop "$out/pg" >/dev/null 2>&1 || true' EXIT
    eval "$(scripts/pg-test-cluster.sh start "$out/pg")"
  fi
  export MOTCUA_TEST_PG MOTCUA_REQUIRE_TOOLS=1
fi
report="$out/report.jsonl"
log="$out/go-test.log"
: > "$report"
export MOTCUA_FAULT_RUNS=$runs MOTCUA_FAULT_CYCLES=$cycles MOTCUA_FAULT_REPORT=$report MOTCUA_FAULT_PARALLEL=1
[ -n "$seed" ] && export MOTCUA_FAULT_SEED=$seed
pattern=${only:-.}
echo "faults long run: runs=$runs per scenario, cycles=$cycles, seed=${seed:-clock}, only=$pattern, parallel=$parallel"
echo "go test ./faults -run '$pattern' -count=1 -parallel $parallel -timeout $timeout -v > $log"
start=$(date +%s)
set +e
go test ./faults -run "$pattern" -count=1 -parallel "$parallel" -timeout "$timeout" -v > "$log" 2>&1
status=$?
set -e
secs=$(( $(date +%s) - start ))

sum() { grep -o "\"$1\":[0-9]*" "$report" | awk -F: '{s+=$2} END {print s+0}'; }
nruns=$(wc -l < "$report" | tr -d ' ')
notconv=$(grep -c '"converged":false' "$report" || true)
bad=$(grep -c '"errors"' "$report" || true)
echo
echo "scenario runs:  $nruns  ($secs s, go test exit $status)"
for s in $(grep -o '"scenario":"[a-z_]*"' "$report" | sort | uniq -c | awk '{print $2"="$1}' | sed 's/"scenario"://; s/"//g'); do echo "  $s"; done
echo "actions:        invoked $(sum Invoked), acknowledged $(sum Acknowledged), failed $(sum Failed), indeterminate $(sum Indeterminate) (recovered $(sum recovered))"
echo "  of them questions: invoked $(sum q_invoked), acknowledged $(sum q_acknowledged), failed $(sum q_failed), indeterminate $(sum q_indeterminate) (recovered $(sum q_recovered))"
echo "questions:      on the server $(sum server_questions), answers $(sum answers) ($(sum concurrent_answers) made without seeing an earlier one, $(sum reopened) kept after a close)"
echo "kills:          $(sum kills)   fault events: $(sum fault_events)"
[ -n "$pg" ] && echo "PostgreSQL:     restarts $(sum pg_restarts), sync attempts they failed (tried again) $(sum failed_syncs)"
echo "lost:           $(sum lost)"
echo "unexpected:     $(sum unexpected)"
echo "duplicated:     $(sum duplicated)"
echo "bad codes:      $(sum bad_codes)"
echo "bad results:    $(sum bad_results)"
echo "illegal moves:  $(sum illegal)"
echo "not converged:  $notconv"
echo "runs with errors: $bad"
echo "conflicts $(sum conflicts), superseded $(sum superseded), refused receptions $(sum refused), stranded $(sum stranded)"
grep -E '^(--- FAIL|FAIL|ok|panic)' "$log" | head -20 || true
[ "$status" -eq 0 ] && [ "$bad" -eq 0 ] && [ "$notconv" -eq 0 ]

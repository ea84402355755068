#!/usr/bin/env bash
# Drift between two snapshots of N containers (docs/benchmarks.md, "Drift"): a generated estate
# (bench/make-snapshot.py) and a day of changes to it (bench/mutate-snapshot.py). Times, with
# build/drift_bench (median of RUNS, default 5): decoding both snapshots, the comparison, and
# rendering JSON and a table. Target: under 1 s in all at 10,000 containers.
#
# Usage: bench/drift.sh [N ...]   (default: 228 10000)
#   RUNS=5, BENCH=build/drift_bench, SNAPSHOTS=DIR (default build/bench-drift)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib.sh
source "$here/../scripts/lib.sh"
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(228 10000)
runs=${RUNS:-5}
bench=${BENCH:-$HARDOCK_ROOT/build/drift_bench}
snapshots=${SNAPSHOTS:-$HARDOCK_ROOT/build/bench-drift}
[[ -x $bench ]] || die "build drift_bench first (ninja -C build drift_bench)"
mkdir -p "$snapshots"

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

echo "| containers | decode both (ms) | compare (ms) | JSON (ms) | table (ms) | total (ms) | containers changed |"
echo "|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  before=$snapshots/before-$n.json after=$snapshots/after-$n.json
  [[ -s $before ]] || python3 "$here/make-snapshot.py" "$n" "$before"
  [[ -s $after ]] || python3 "$here/mutate-snapshot.py" "$before" "$after"
  results=$(for _ in $(seq "$runs"); do "$bench" "$before" "$after"; done)
  col() { awk -v c="$1" '{print $c}' <<<"$results" | median; }
  decode=$(col 1) compare=$(col 2) json=$(col 3) table=$(col 4)
  total=$(awk -v a="$decode" -v b="$compare" -v c="$json" 'BEGIN {printf "%.0f", a + b + c}')
  changed=$(awk 'NR == 1 {print $6}' <<<"$results")
  echo "| $n | $decode | $compare | $json | $table | $total | $changed |"
done

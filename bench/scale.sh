#!/usr/bin/env bash
# hardock's fleet-scale benchmark (docs/benchmarks.md, "Scale"): `hardock audit --from` on
# generated snapshots of N containers (bench/make-snapshot.py: several networks, mixed
# configurations), for each report FORMAT. Records elapsed time (median of RUNS runs, default 3),
# CPU time (user + sys of that run) and peak RSS (GNU time -v), and the ratio of each size's time
# to the previous size's. Prints a Markdown table.
#
# Usage: bench/scale.sh [N ...]   (default: 1000 10000 100000)
#   FORMATS="table json" (default "table json"), RUNS=3, HARDOCK=build/hardock,
#   SNAPSHOTS=DIR where snapshots are generated once and kept (default build/bench-scale)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib.sh
source "$here/../scripts/lib.sh"
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000 10000 100000)
runs=${RUNS:-3}
formats=${FORMATS:-table json}
hardock=${HARDOCK:-$HARDOCK_ROOT/build/hardock}
snapshots=${SNAPSHOTS:-$HARDOCK_ROOT/build/bench-scale}
[[ -x $hardock ]] || die "build hardock first (scripts/build.sh)"
[[ -x /usr/bin/time ]] || die "GNU time is needed (/usr/bin/time)"
mkdir -p "$snapshots"

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# One audit: prints "elapsed_ms cpu_ms peak_kb exit".
audit_once() {
  local snapshot=$1 format=$2 report
  report=$(mktemp)
  /usr/bin/time -v -o "$report" "$hardock" audit --from "$snapshot" -f "$format" -o /dev/null \
    >/dev/null 2>&1 && status=0 || status=$?
  awk -v status="$status" -F': ' '
    /Elapsed \(wall clock\)/ {
      n = split($2, part, ":"); s = 0
      for (i = 1; i <= n; i++) s = s * 60 + part[i]
      wall = s * 1000
    }
    /User time/ { user = $2 * 1000 }
    /System time/ { sys = $2 * 1000 }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%d %d %d %d\n", wall, user + sys, rss, status }' "$report"
  rm -f "$report"
}

echo "| containers | snapshot | format | time (median of $runs) | CPU (user+sys) | peak RSS | time / previous size | exit |"
echo "|---:|---:|---|---:|---:|---:|---:|---:|"
for format in $formats; do
  previous_ms=""
  previous_n=""
  for n in "${sizes[@]}"; do
    snapshot="$snapshots/snapshot-$n.json"
    [[ -s $snapshot ]] || python3 "$here/make-snapshot.py" "$n" "$snapshot"
    results=()
    for _ in $(seq "$runs"); do results+=("$(audit_once "$snapshot" "$format")"); done
    elapsed=$(printf '%s\n' "${results[@]}" | awk '{print $1}' | median)
    # CPU and memory of the run whose time was the median.
    line=$(printf '%s\n' "${results[@]}" | awk -v t="$elapsed" '$1 == t {print; exit}')
    read -r _ cpu rss status <<<"$line"
    ratio="-"
    if [[ -n $previous_ms && $previous_ms -gt 0 ]]; then
      ratio=$(awk -v a="$elapsed" -v b="$previous_ms" -v n="$n" -v p="$previous_n" \
        'BEGIN {printf "%.1fx for %gx containers", a / b, n / p}')
    fi
    size=$(du -mL "$snapshot" | cut -f1)
    printf '| %d | %d MB | %s | %.2f s | %.2f s | %d MB | %s | %d |\n' "$n" "$size" "$format" \
      "$(awk -v ms="$elapsed" 'BEGIN {print ms / 1000}')" \
      "$(awk -v ms="$cpu" 'BEGIN {print ms / 1000}')" $((rss / 1024)) "$ratio" "$status"
    previous_ms=$elapsed
    previous_n=$n
  done
done

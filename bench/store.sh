#!/usr/bin/env bash
# The store's cost (docs/benchmarks.md):
#   overhead  `audit --from` of an N-container snapshot (bench/make-snapshot.py; default 228)
#             with --no-store and with --store FILE, median of RUNS runs (default 7)
#   size      what one recorded run of that snapshot adds to the SQLite file (after a checkpoint)
#   history   `hardock history` (and --format json) over HISTORY_RUNS runs (default 1000),
#             median of RUNS runs
#   live      with LIVE_HOST=unix:///.../docker.sock (an engine holding the containers, e.g.
#             bench/make-containers.sh HOST 228): a live `audit --host` with --no-store and
#             with --store FILE, runs alternated, median wall time and the process's CPU
# Usage: bench/store.sh [N]   (HARDOCK: the binary, default build/hardock)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib.sh
source "$here/../scripts/lib.sh"
n=${1:-228}
runs=${RUNS:-7}
history_runs=${HISTORY_RUNS:-1000}
hardock=${HARDOCK:-$HARDOCK_ROOT/build/hardock}
[[ -x $hardock ]] || die "build hardock first (scripts/build.sh)"
command -v sqlite3 >/dev/null || die "sqlite3 is needed to read the file's page counts"

work=$(mktemp -d /tmp/hardock-bench-store.XXXXXX)
trap 'rm -rf -- "$work"' EXIT
snapshot=$work/snapshot.json
"$here/make-snapshot.py" "$n" "$snapshot"

# Median wall time in milliseconds of running "$@" $runs times.
median_ms() {
  local times=() i start end
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(((end - start) / 1000000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}

db=$work/overhead.db
"$hardock" audit --from "$snapshot" --store "$db" -f json -o /dev/null  # created and migrated
without=$(median_ms "$hardock" audit --from "$snapshot" --no-store -f json -o /dev/null)
with=$(median_ms "$hardock" audit --from "$snapshot" --store "$db" -f json -o /dev/null)

# Size: bytes one more run adds to a store (pages after a checkpoint), and its parts.
size_db=$work/size.db
pages() { sqlite3 "$size_db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null; sqlite3 "$size_db" 'PRAGMA page_count;'; }
"$hardock" audit --from "$snapshot" --store "$size_db" -o /dev/null
before=$(pages)
"$hardock" audit --from "$snapshot" --store "$size_db" -o /dev/null
after=$(pages)
page_size=$(sqlite3 "$size_db" 'PRAGMA page_size;')
added=$(((after - before) * page_size))
parts=$(sqlite3 "$size_db" "SELECT length(snapshot) || ' snapshot, ' || length(findings_data) || ' findings, ' || length(checks_data) || ' checks, ' || findings || ' failing findings' FROM runs ORDER BY id DESC LIMIT 1")
snapshot_bytes=$(stat -c %s "$snapshot")

# history over many runs: the runs are recorded once (a small audit each: history reads the run
# rows, not their findings).
hist_db=$work/history.db
small=$work/small.json
"$here/make-snapshot.py" 10 "$small"
for ((i = 0; i < history_runs; i++)); do
  "$hardock" audit --from "$small" --store "$hist_db" -o /dev/null
done
history_table=$(median_ms "$hardock" history --store "$hist_db")
history_json=$(median_ms "$hardock" history --store "$hist_db" --format json)
version_ms=$(median_ms "$hardock" version)

live_rows=""
if [[ -n ${LIVE_HOST:-} ]]; then
  live_db=$work/live.db
  "$hardock" audit --host "$LIVE_HOST" --store "$live_db" -f json -o /dev/null >/dev/null 2>&1 || true
  # One run's wall time (ms) and CPU (user+sys of the process, ms), alternating the modes so
  # that the machine's load falls on both alike.
  one() {
    local start end cpu
    start=$(date +%s%N)
    /usr/bin/time -o "$work/time" -f '%U %S' "$hardock" audit --host "$LIVE_HOST" "$@" -f json \
      -o /dev/null >/dev/null 2>&1 || true
    cpu=$(tail -1 "$work/time")
    end=$(date +%s%N)
    printf '%s %s\n' "$(((end - start) / 1000000))" "$(awk '{ printf "%d", ($1 + $2) * 1000 }' <<<"$cpu")"
  }
  : >"$work/live.no" && : >"$work/live.yes"
  for ((i = 0; i < runs; i++)); do
    one --no-store >>"$work/live.no"
    one --store "$live_db" >>"$work/live.yes"
  done
  med() { cut -d' ' -f"$2" "$1" | sort -n | sed -n "$(((runs + 1) / 2))p"; }
  live_rows="| live audit --host ($LIVE_HOST), --no-store: wall / CPU | $(med "$work/live.no" 1) ms / $(med "$work/live.no" 2) ms |
| the same, --store FILE: wall / CPU | $(med "$work/live.yes" 1) ms / $(med "$work/live.yes" 2) ms |"
fi

cat <<EOF2
| measure | figure |
|---|---|
| audit --from ($n containers, $((snapshot_bytes / 1024)) KiB snapshot), --no-store | ${without} ms |
| the same, --store FILE | ${with} ms ($(awk -v a="$with" -v b="$without" 'BEGIN { printf "%+.1f%%", (a - b) * 100 / b }')) |
| one stored run of $n containers | $((added / 1024)) KiB ($parts) |
| history over $history_runs runs (table) | ${history_table} ms |
| history over $history_runs runs (json) | ${history_json} ms |
| hardock version (process start, for comparison) | ${version_ms} ms |
$live_rows
EOF2

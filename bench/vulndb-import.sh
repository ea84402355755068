#!/usr/bin/env bash
# Vulnerability database import benchmark (docs/benchmarks.md): a synthetic OSV zip of N records
# (bench/gen-osv.py, default 200,000) imported into a fresh database; prints the import time,
# records per second and the database size, then the time of a second import of the same zip
# (replacing the source: deletes and inserts in one transaction).
# Usage: bench/vulndb-import.sh [N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib.sh
source "$here/../scripts/lib.sh"
count=${1:-200000}
hardock=${HARDOCK:-$HARDOCK_ROOT/build/hardock}
[[ -x $hardock ]] || die "build hardock first (scripts/build.sh)"
work=$(mktemp -d /tmp/hardock-bench-vulndb.XXXXXX)
trap 'rm -rf "$work"' EXIT

python3 "$here/gen-osv.py" "$work/all.zip" "$count"
echo "feed: $count records, $(stat -c %s "$work/all.zip") bytes zipped"
start=$(date +%s.%N)
"$hardock" db import --db "$work/vuln.db" "$work/all.zip"
end=$(date +%s.%N)
seconds=$(echo "$end - $start" | bc -l)
printf 'first import: %.2f s, %.0f records/s\n' "$seconds" "$(echo "$count / $seconds" | bc -l)"
echo "database: $(du -b "$work/vuln.db" | cut -f1) bytes (+ $(du -b "$work/vuln.db-wal" 2>/dev/null | cut -f1 || echo 0) bytes WAL)"
start=$(date +%s.%N)
"$hardock" db import --db "$work/vuln.db" "$work/all.zip"
end=$(date +%s.%N)
seconds=$(echo "$end - $start" | bc -l)
printf 're-import (replace): %.2f s, %.0f records/s\n' "$seconds" "$(echo "$count / $seconds" | bc -l)"

#!/usr/bin/env bash
# Vulnerability matching benchmark (docs/benchmarks.md): a synthetic OSV feed of N records
# (bench/gen-osv.py, default 200,000) imported into a fresh database, then M image inventories of
# P Debian 12 packages each (bench/gen-inventories.py, default 1,000 x 500) matched against it by
# one `hardock db match` process. Prints hardock's own matching time per image (the queries and
# the range decisions, without reading the inventory files) and the wall time of the whole run.
# Usage: bench/vuln-match.sh [N] [M] [P] [VERSION]
# VERSION: every package at that version; 10.0.0-1 is beyond every fix (no finding: the cost of
# deciding the ranges alone).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib.sh
source "$here/../scripts/lib.sh"
records=${1:-200000} images=${2:-1000} packages=${3:-500} version=${4:-}
hardock=${HARDOCK:-$HARDOCK_ROOT/build/hardock}
[[ -x $hardock ]] || die "build hardock first (scripts/build.sh)"
work=$(mktemp -d /tmp/hardock-bench-match.XXXXXX)
trap 'rm -rf "$work"' EXIT

python3 "$here/gen-osv.py" "$work/all.zip" "$records"
"$hardock" db import --db "$work/vuln.db" "$work/all.zip" >/dev/null
python3 "$here/gen-inventories.py" "$work/inventories" "$images" "$packages" ${version:+"$version"}
echo "feed: $records records; $images inventories of $packages packages${version:+ at $version}"
start=$(date +%s.%N)
"$hardock" db match --summary --db "$work/vuln.db" "$work"/inventories/*.json \
  >"$work/match.out" 2>"$work/match.err"
end=$(date +%s.%N)
grep -v "^hardock: matched" "$work/match.err" >&2 || true
awk -F', ' '{ for (i = 1; i <= NF; i++) if ($i ~ /vulnerabilities/) { split($i, a, " "); n += a[1] } }
  END { printf "vulnerabilities found: %d (%.1f per image)\n", n, n / NR }' "$work/match.out"
grep "^hardock: matched" "$work/match.err"
printf 'wall time, reading the inventories included: %.2f s (%.2f ms per image)\n' \
  "$(echo "$end - $start" | bc -l)" "$(echo "($end - $start) * 1000 / $images" | bc -l)"

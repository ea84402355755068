#!/usr/bin/env bash
# Regenerates docs/checks.md from the check registry (`hardock checks --format markdown`): the
# checks, the CIS Docker Benchmark v1.6.0 item by item, and the checks by COBIT domain.
# Usage: scripts/gen-docs.sh [--check] [HARDOCK_BINARY]
#   --check: change nothing, exit 1 and show a diff when a doc is stale (ctest runs this).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
check=0
if [[ ${1:-} == --check ]]; then check=1; shift; fi
hardock=${1:-$root/build/hardock}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$hardock" checks --format markdown >"$work/checks.md"

status=0
for doc in checks.md; do
  if [[ $check == 1 ]]; then
    diff -u "$root/docs/$doc" "$work/$doc" ||
      { echo "docs/$doc is stale: run scripts/gen-docs.sh" >&2; status=1; }
  else
    cp "$work/$doc" "$root/docs/$doc"
  fi
done
exit $status

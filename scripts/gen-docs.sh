#!/usr/bin/env bash
# Regenerates the docs that come from the check registry:
#   docs/checks.md                      hardock checks --format markdown
#   docs/cobit.md (after the marker)    checks grouped by COBIT domain
# Usage: scripts/gen-docs.sh [--check] [HARDOCK_BINARY]
#   --check: change nothing, exit 1 and show a diff when a doc is stale (ctest runs this).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
check=0
if [[ ${1:-} == --check ]]; then check=1; shift; fi
hardock=${1:-$root/build/hardock}
marker='<!-- checks-by-domain -->'

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$hardock" checks --format markdown >"$work/checks.md"

# Everything up to and including the marker is hand-written; the rest is generated.
sed "/^$marker\$/q" "$root/docs/cobit.md" >"$work/cobit.md"
grep -qx "$marker" "$work/cobit.md" || { echo "docs/cobit.md has no $marker line" >&2; exit 1; }
"$hardock" checks --format json | jq -r '
  def domains: ["security", "change", "operations", "risk", "monitoring"];
  .checks as $checks
  | domains[] as $domain
  | ($checks | map(select(.cobit.domain == $domain))) as $in
  | "",
    "### \($domain) (\($in | length) checks)",
    "",
    "| code | check | severity | CIS | COBIT practice |",
    "|---|---|---|---|---|",
    ($in | sort_by(.cobit.practice, .code)[]
      | "| \(.code) | \(.title) | \(.severity) | \(.cis // "–") | \(.cobit.practice) \(.cobit.practice_name) |")
' >>"$work/cobit.md"

status=0
for doc in checks.md cobit.md; do
  if [[ $check == 1 ]]; then
    diff -u "$root/docs/$doc" "$work/$doc" ||
      { echo "docs/$doc is stale: run scripts/gen-docs.sh" >&2; status=1; }
  else
    cp "$work/$doc" "$root/docs/$doc"
  fi
done
exit $status

#!/usr/bin/env bash
# Image analysis speed against the decompression floor (docs/benchmarks.md, "Image analysis"):
# generates OCI layouts of SIZE_MB megabytes uncompressed (bench/make-big-image.py: gzip layers,
# ~100,000 files at 1 GB), then times `hardock image --input DIR` and, in the same run, the floor:
# `gzip -dc` of every layer blob to /dev/null. Peak memory from GNU time. Prints a Markdown table.
#
# Usage: bench/image.sh [SIZE_MB ...]   (default: 256 1024)
#   HARDOCK=build-release/hardock (default build/hardock), IMAGES=DIR (default build/bench-image)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib.sh
source "$here/../scripts/lib.sh"
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(256 1024)
hardock=${HARDOCK:-$HARDOCK_ROOT/build/hardock}
images=${IMAGES:-$HARDOCK_ROOT/build/bench-image}
[[ -x $hardock ]] || die "build hardock first (scripts/build.sh)"
[[ -x /usr/bin/time ]] || die "GNU time is needed (/usr/bin/time)"
mkdir -p "$images"

# "seconds peak_kb" of a command.
measure() {
  local report
  report=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$report" "$@" >/dev/null 2>&1 || die "failed: $*"
  cat "$report"
  rm -f "$report"
}

echo "| uncompressed | files | layers (gzip) | gzip -dc floor | hardock image | ratio | peak RSS |"
echo "|---|---|---|---|---|---|---|"
for size in "${sizes[@]}"; do
  files=$((size * 100000 / 1024))
  dir=$images/oci-$size
  [[ -f $dir/index.json ]] || "$here/make-big-image.py" "$dir" "$size" "$files" 4
  layers=()
  while read -r digest; do layers+=("$dir/blobs/sha256/${digest#sha256:}"); done < <(
    python3 -c 'import json,sys
d=sys.argv[1]; i=json.load(open(d+"/index.json"))["manifests"][0]["digest"][7:]
m=json.load(open(d+"/blobs/sha256/"+i))
print("\n".join(l["digest"] for l in m["layers"]))' "$dir")
  compressed=$(du -cb "${layers[@]}" | tail -1 | cut -f1)
  # Warm the page cache for both, then measure the floor and hardock back to back.
  cat "${layers[@]}" >/dev/null
  read -r floor _ < <(measure sh -c 'for f in "$@"; do gzip -dc "$f"; done >/dev/null' sh "${layers[@]}")
  read -r took peak < <(measure "$hardock" image --input "$dir" -f json -o /dev/null)
  ratio=$(awk -v a="$took" -v b="$floor" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  echo "| $size MB | $files | ${#layers[@]} ($((compressed / 1048576)) MB) | $floor s | $took s | ${ratio}× | $((peak / 1024)) MB |"
done

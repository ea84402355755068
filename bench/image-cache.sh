#!/usr/bin/env bash
# `audit --images` on an engine estate: the first run (every image exported and walked, its
# analysis stored) against the cached run (each analysis read by image id, no image exported),
# and --no-image-cache (docs/benchmarks.md, "Image analysis cache").
#
# The estate: one created container per generated image (bench/make-big-image.py OCI layouts of
# SIZE_MB megabytes, gzip layers, ~100 files per MB, copied into the engine with skopeo), beside
# whatever the engine already runs. Wall time and peak memory from GNU time; exported images
# counted from the engine's own "save" events. Prints a Markdown table.
#
# Usage: bench/image-cache.sh HOST [SIZE_MB ...]   (default: 256 1024; HOST a private engine,
#   e.g. from `scripts/engine.sh start bench`)
#   HARDOCK=build-release/hardock (default build/hardock), IMAGES=DIR (default build/bench-image)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib.sh
source "$here/../scripts/lib.sh"
[[ $# -ge 1 ]] || die "usage: $0 HOST [SIZE_MB ...]"
DK_HOST=$(engine_host "$1")
shift
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(256 1024)
hardock=${HARDOCK:-$HARDOCK_ROOT/build/hardock}
images=${IMAGES:-$HARDOCK_ROOT/build/bench-image}
[[ -x $hardock ]] || die "build hardock first (scripts/build.sh)"
[[ -x /usr/bin/time ]] || die "GNU time is needed (/usr/bin/time)"
command -v skopeo >/dev/null || die "skopeo is needed (apt-get install skopeo)"
mkdir -p "$images"

for size in "${sizes[@]}"; do
  dir=$images/oci-$size
  [[ -f $dir/index.json ]] || "$here/make-big-image.py" "$dir" "$size" "$((size * 100000 / 1024))" 4
  if ! dk image inspect "hdk-bench/big:$size" >/dev/null 2>&1; then
    skopeo copy --quiet --dest-daemon-host "$DK_HOST" "oci:$dir" "docker-daemon:hdk-bench/big:$size"
  fi
  dk rm -f "hdk-bench-$size" >/dev/null 2>&1 || true
  dk create --name "hdk-bench-$size" --label hardock.bench=1 "hdk-bench/big:$size" /none >/dev/null
done

cache=$(mktemp -d /tmp/hardock-bench-cache.XXXXXX)
trap 'rm -rf "$cache"' EXIT

# "seconds peak_kb exported-images" of one audit.
measure() {
  local report since
  report=$(mktemp)
  since=$(date +%s.%N)
  /usr/bin/time -f "%e %M" -o "$report" "$hardock" audit -H "$DK_HOST" -f json -o /dev/null \
    --images "$@" 2>/dev/null || die "failed: hardock audit --images $*"
  printf '%s %s\n' "$(cat "$report")" "$(dk events --since "$since" --until "$(date +%s.%N)" \
    --filter type=image --filter event=save --format '{{.ID}}' | wc -l)"
  rm -f "$report"
}

images_used=$(dk ps -a --format '{{.Image}}' | sort -u | wc -l)
read -r first first_kb first_exported < <(measure --image-cache "$cache")
read -r cached cached_kb cached_exported < <(measure --image-cache "$cache")
read -r none none_kb none_exported < <(measure --no-image-cache)
cache_bytes=$(du -cb "$cache"/images.db | tail -1 | cut -f1)

echo "| run | images exported | wall | peak RSS |"
echo "|---|---|---|---|"
echo "| first (walk and store $images_used images) | $first_exported | $first s | $((first_kb / 1024)) MB |"
echo "| cached | $cached_exported | $cached s | $((cached_kb / 1024)) MB |"
echo "| --no-image-cache | $none_exported | $none s | $((none_kb / 1024)) MB |"
echo
echo "cache file: $((cache_bytes / 1024)) KiB for $images_used images"

#!/usr/bin/env bash
# Creates N sleeping containers (bench-00001 ... bench-N, label hardock.bench=1) on HOST for the
# benchmarks; removes bench containers numbered above N. Idempotent: existing ones are kept
# (and started if stopped). BENCH_NETWORK (default none) is their network; the default bridge
# of a private engine is a /24 and holds about 250.
# Usage: bench/make-containers.sh HOST N
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib.sh
source "$here/../scripts/lib.sh"
[[ $# -eq 2 && $2 =~ ^[0-9]+$ ]] || die "usage: $0 HOST N"
DK_HOST=$(engine_host "$1")
count=$2
network=${BENCH_NETWORK:-none}
export DK_HOST network

"$HARDOCK_ROOT/scripts/make-images.sh" "$DK_HOST"

declare -A existing=()
while read -r name state; do
  [[ -n $name ]] && existing[$name]=$state
done < <(dk ps -a --filter label=hardock.bench=1 --format '{{.Names}} {{.State}}')

extra=() missing=() stopped=()
for name in "${!existing[@]}"; do
  index=$((10#${name#bench-}))
  if ((index > count)); then extra+=("$name"); elif [[ ${existing[$name]} != running ]]; then stopped+=("$name"); fi
done
for ((index = 1; index <= count; index++)); do
  name=$(printf 'bench-%05d' "$index")
  [[ -n ${existing[$name]:-} ]] || missing+=("$name")
done

[[ ${#extra[@]} -eq 0 ]] || dk rm -f "${extra[@]}" >/dev/null
[[ ${#stopped[@]} -eq 0 ]] || dk start "${stopped[@]}" >/dev/null
# Two at a time: the engine serialises most of a create anyway, and vfs copies each rootfs.
if [[ ${#missing[@]} -gt 0 ]]; then
  # shellcheck disable=SC2016 # expanded by the inner sh
  printf '%s\n' "${missing[@]}" | xargs -P 2 -n 1 sh -c \
    'DOCKER_HOST="$DK_HOST" docker run -d -q --name "$1" --label hardock.bench=1 --network "$network" hardock-test/busybox:1 sleep infinity >/dev/null' _
fi
say "bench: $(dk ps -q --filter label=hardock.bench=1 | wc -l) running bench containers (created ${#missing[@]}, removed ${#extra[@]})"

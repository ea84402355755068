#!/usr/bin/env bash
# Removes everything setup-workloads.sh created on HOST (objects labelled hardock.test=1) and
# unmounts its shared propagation directory. Quiet and idempotent.
# Usage: tests/engine/teardown.sh HOST
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../scripts/lib.sh
source "$here/../../scripts/lib.sh"
[[ $# -eq 1 ]] || die "usage: $0 HOST"
DK_HOST=$(engine_host "$1")
sock=$(engine_socket_path "$DK_HOST")

mapfile -t containers < <(dk ps -a -q --filter label=hardock.test=1)
[[ ${#containers[@]} -eq 0 ]] || dk rm -f -v "${containers[@]}" >/dev/null
mapfile -t networks < <(dk network ls -q --filter label=hardock.test=1)
[[ ${#networks[@]} -eq 0 ]] || dk network rm "${networks[@]}" >/dev/null
if [[ -n $sock ]]; then
  shared="$(dirname "$sock")/shared"
  if mountpoint -q "$shared" 2>/dev/null; then umount "$shared"; fi
fi

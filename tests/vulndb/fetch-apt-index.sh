#!/usr/bin/env bash
# Fetches the real bookworm-security APT index (main, amd64) into DIR under the name apt gives it
# in /var/lib/apt/lists, for the vulndb tests on a machine whose lists are empty:
#   tests/vulndb/fetch-apt-index.sh DIR && HARDOCK_APT_LISTS=DIR build/tests/unit_vulndb
# The mirror is the first Debian security URI of /etc/apt/sources.list.d/debian.sources (else
# http://deb.debian.org/debian-security), or HARDOCK_DEBIAN_SECURITY_MIRROR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../scripts/lib.sh
source "$here/../../scripts/lib.sh"
[[ $# -eq 1 ]] || die "usage: $0 DIR"
dir=$1
mirror=${HARDOCK_DEBIAN_SECURITY_MIRROR:-}
if [[ -z $mirror ]]; then
  mirror=$(awk '/^URIs:/ && /debian-security\/?$/ {print $2; exit}' \
    /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  mirror=${mirror:-http://deb.debian.org/debian-security}
fi
mirror=${mirror%/}
host=${mirror#*://}
mkdir -p "$dir"
name="${host//\//_}_dists_bookworm-security_main_binary-amd64_Packages.xz"
curl -fsSL --retry 3 -o "$dir/$name.part" "$mirror/dists/bookworm-security/main/binary-amd64/Packages.xz"
mv "$dir/$name.part" "$dir/$name"
echo "$dir/$name"

#!/usr/bin/env bash
# Installs hardock's dependencies from Debian 12 packages.
#   scripts/install-deps.sh            everything: build, demo, tests, fuzzing, benchmarks
#   scripts/install-deps.sh quickstart what the quick start needs: build the binary, run the demo
# Idempotent: does nothing when every package is already installed, and runs
# `apt-get update` only when the package lists are missing or an install fails on them.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# The binary and the demo engine (scripts/quickstart.sh).
quickstart=(
  build-essential cmake ninja-build g++ pkg-config
  libcurl4-openssl-dev nlohmann-json3-dev libfmt-dev libcli11-dev libexpected-dev
  libyaml-cpp-dev libssl-dev libseccomp-dev libarchive-dev libre2-dev libsqlite3-dev
  libpq-dev libzstd-dev libsimdjson-dev
  libjemalloc-dev libboost-dev
  docker.io busybox-static tini iproute2 curl procps
)
# The test suite, fuzzing and benchmarks on top of it (scripts/test.sh, .ci/run).
everything=(
  "${quickstart[@]}"
  libgtest-dev libgmock-dev googletest
  jq python3 python3-jsonschema python3-cryptography libxml2-utils
  clang libclang-rt-14-dev clang-format
  apparmor docker-compose ccache
  openssl socat time docker-registry
  rpm db5.3-util skopeo apache2-utils debootstrap lz4 debian-security-support
  shellcheck
  postgresql
  chromium
)
case ${1:-all} in
  quickstart) packages=("${quickstart[@]}") ;;
  all) packages=("${everything[@]}") ;;
  *) die "usage: $0 [quickstart|all]" ;;
esac

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  say "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

need_root
say "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt_install() {
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/hardock-apt.log 2>&1
}
lists_present() { compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; }

if ! lists_present; then
  apt-get update -q >/tmp/hardock-apt.log 2>&1 || { tail -n 20 /tmp/hardock-apt.log >&2; die "apt-get update failed"; }
fi
if ! apt_install; then
  # Stale lists are the usual cause (a package version that left the mirror).
  apt-get update -q >/tmp/hardock-apt.log 2>&1 || { tail -n 20 /tmp/hardock-apt.log >&2; die "apt-get update failed"; }
  apt_install || { tail -n 30 /tmp/hardock-apt.log >&2; die "apt-get install failed (log: /tmp/hardock-apt.log)"; }
fi
say "install-deps: done"

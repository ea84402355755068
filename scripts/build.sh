#!/usr/bin/env bash
# Configures and builds hardock with warnings as errors. BUILD_DIR (default: build) selects the
# build directory; BUILD_TARGETS (default: everything) the ninja targets, e.g. BUILD_TARGETS=hardock
# for the binary alone; extra arguments go to cmake's configure step (e.g. -DHARDOCK_SANITIZE=ON).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$HARDOCK_ROOT"

build_dir=${BUILD_DIR:-build}
jobs=${HARDOCK_JOBS:-$(nproc)}
launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S . -B "$build_dir" -G Ninja -DHARDOCK_WERROR=ON "${launcher[@]}" "$@" >/dev/null
# shellcheck disable=SC2086 # a list of targets
ninja -C "$build_dir" -j "$jobs" ${BUILD_TARGETS:-}

#!/usr/bin/env bash
# Runs hardock's whole test suite: installs dependencies (skip with HARDOCK_SKIP_DEPS=1), builds,
# starts a private engine for the tests that need one, runs ctest and exits with its status.
# Extra arguments go to ctest, e.g. `scripts/test.sh -L unit` or `scripts/test.sh -R engine`.
#
# Tests find the engine in HARDOCK_TEST_DOCKER_HOST; the engine (HARDOCK_TEST_ENGINE, default
# "test") is stopped and its directory deleted on exit, so every run starts from a fresh engine,
# unless HARDOCK_KEEP_ENGINE=1. Runs are serialised with a lock
# because the test workloads publish fixed host ports.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$HARDOCK_ROOT"
need_root
# hardock before 0.1.1 replaced /dev/null by a regular file when asked for `-o /dev/null`; a
# machine left like that cannot pass a device to a container. Restore the device node.
if [[ ! -c /dev/null ]]; then
  say "test.sh: /dev/null is not a character device; recreating it"
  rm -f /dev/null && mknod -m 666 /dev/null c 1 3
fi

[[ ${HARDOCK_SKIP_DEPS:-0} == 1 ]] || scripts/install-deps.sh
scripts/build.sh -DHARDOCK_TESTS=ON
build_dir=${BUILD_DIR:-build}

engine=${HARDOCK_TEST_ENGINE:-test}
engine_root=${HARDOCK_ENGINE_ROOT:-/run/hardock}
mkdir -p "$engine_root"
exec 9>"$engine_root/test.lock"
if ! flock -n 9; then
  say "test.sh: another test run holds $engine_root/test.lock; waiting"
  flock 9
fi

# shellcheck disable=SC2317 # called from the EXIT trap
stop_engine() {
  [[ ${HARDOCK_KEEP_ENGINE:-0} == 1 ]] && return
  scripts/engine.sh purge "$engine" >/dev/null 2>&1 || say "test.sh: could not stop engine $engine"
}
trap stop_engine EXIT
# 9>&-: the engine outlives this script with HARDOCK_KEEP_ENGINE=1 and must not hold the lock.
HARDOCK_TEST_DOCKER_HOST=$(scripts/engine.sh start "$engine" 9>&-)
HARDOCK_TEST_ENGINE_DIR="$engine_root/$engine"
export HARDOCK_TEST_DOCKER_HOST HARDOCK_TEST_ENGINE_DIR

# Runs the tests make are recorded in a store of this build's, never the machine's default one.
export HARDOCK_STORE=${HARDOCK_STORE:-$PWD/$build_dir/test-store/hardock.db}

set +e
ctest --test-dir "$build_dir" --output-on-failure "$@"
rc=$?
set -e
exit "$rc"

#!/usr/bin/env bash
# One step of the real-engine harness as ctest runs it (see fixtures.cmake):
#   setup | verify | teardown  against the engine in HARDOCK_TEST_DOCKER_HOST.
# Exits 77 (ctest: skipped) when no test engine is configured; scripts/test.sh sets it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[[ $# -eq 1 ]] || { echo "usage: $0 setup|verify|teardown" >&2; exit 2; }
if [[ -z ${HARDOCK_TEST_DOCKER_HOST:-} ]]; then
  # In CI a missing engine is a failure, never a silent skip.
  if [[ ${CI:-} == true ]]; then
    echo "error: CI=true but HARDOCK_TEST_DOCKER_HOST is not set" >&2
    exit 1
  fi
  echo "skipped: HARDOCK_TEST_DOCKER_HOST is not set (scripts/test.sh starts an engine and sets it)"
  exit 77
fi
case $1 in
  setup) exec "$here/setup-workloads.sh" "$HARDOCK_TEST_DOCKER_HOST" ;;
  verify) exec "$here/verify-workloads.sh" "$HARDOCK_TEST_DOCKER_HOST" ;;
  teardown) exec "$here/teardown.sh" "$HARDOCK_TEST_DOCKER_HOST" ;;
  *) echo "unknown step: $1" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# hardock's quick start: installs dependencies, builds, and audits a Docker engine.
#
# Audits the engine at DOCKER_HOST, else the one on /var/run/docker.sock. When none answers
# (or HARDOCK_DEMO=1), starts a private demo engine (scripts/engine.sh start demo) with sample
# workloads (scripts/demo-workloads.sh) and audits that; it keeps running until
# `scripts/engine.sh stop demo`. Extra arguments go to `hardock audit` (e.g. --format json).
# Exit status: non-zero when a step fails or the audit errors (audit exit code >= 2).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$HARDOCK_ROOT"

scripts/install-deps.sh quickstart
# The binary alone, without the tests (scripts/test.sh builds those, with their dependencies).
BUILD_TARGETS=hardock scripts/build.sh -DHARDOCK_TESTS=OFF
hardock="${BUILD_DIR:-build}/hardock"
[[ -x $hardock ]] || die "build did not produce $hardock"

answers() { DOCKER_HOST="$1" DOCKER_CONTEXT='' timeout 10 docker version >/dev/null 2>&1; }

target="" demo=0
if [[ ${HARDOCK_DEMO:-0} != 1 ]]; then
  if [[ -n ${DOCKER_HOST:-} ]]; then
    if answers "$DOCKER_HOST"; then target=$DOCKER_HOST; else say "DOCKER_HOST=$DOCKER_HOST does not answer."; fi
  elif [[ -S /var/run/docker.sock ]]; then
    answers unix:///var/run/docker.sock && target=unix:///var/run/docker.sock
  fi
fi
if [[ -z $target ]]; then
  demo=1
  say "No Docker engine answers here; starting a private demo engine with sample workloads."
  target=$(scripts/engine.sh start demo)
  scripts/demo-workloads.sh "$target"
fi

say "Auditing $target"
set +e
"$hardock" audit --host "$target" "$@"
rc=$?
set -e

if [[ $demo == 1 ]]; then
  cat >&2 <<MSG

The demo engine keeps running so you can explore it:
  engine:   $target  (files, log: ${HARDOCK_ENGINE_ROOT:-/run/hardock}/demo)
  use it:   $(scripts/engine.sh env demo); docker ps
  re-audit: $hardock audit --host $target --format markdown
  stop it:  scripts/engine.sh stop demo
MSG
elif [[ $rc -lt 2 ]]; then
  say "Tip: HARDOCK_DEMO=1 scripts/quickstart.sh audits a private demo estate instead."
fi
# Exit code 1 only means findings at --fail-on severity, which the caller asked for; >= 2 is an
# error of the audit itself.
if [[ $rc -ge 2 ]]; then
  die "hardock audit failed (exit code $rc)"
fi
exit "$rc"

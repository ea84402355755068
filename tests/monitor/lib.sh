# shellcheck shell=bash
# Shared by the monitor engine tests: skipping, counted checks, and a busybox image made here.
# Sourced after scripts/lib.sh (say, die).

skip() {  # exit 77 (skipped), or fail under CI=true
  if [[ ${CI:-} == true ]]; then die "${0##*/} cannot run: $*"; fi
  say "skipped: $*"
  exit 77
}

need_engine_prerequisites() {
  [[ $(id -u) == 0 ]] || skip "needs root (dockerd)"
  command -v dockerd >/dev/null || skip "dockerd is not installed"
  command -v busybox >/dev/null || skip "busybox-static is not installed"
}

failures=0
check() {  # check DESCRIPTION COMMAND...: counts a failure and goes on
  local what=$1
  shift
  if "$@"; then
    say "ok: $what"
  else
    say "FAILED: $what"
    failures=$((failures + 1))
  fi
}

import_busybox() {  # import_busybox WORKDIR IMAGE: busybox-static as a rootfs (imports are not judged)
  local rootfs=$1/rootfs applet
  mkdir -p "$rootfs/bin"
  cp "$(command -v busybox)" "$rootfs/bin/busybox"
  for applet in sh true sleep id; do ln -s busybox "$rootfs/bin/$applet"; done
  tar -C "$rootfs" -c . | docker import - "$2" >/dev/null
}

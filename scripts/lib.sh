# Shared helpers for hardock's shell scripts; source it, do not run it.
# shellcheck shell=bash

# shellcheck disable=SC2034 # used by the scripts that source this file
HARDOCK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

say() { printf '%s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

need_root() {
  [[ ${EUID:-$(id -u)} -eq 0 ]] || die "$(basename "$0") must run as root"
}

# Normalise an engine address to a form the docker CLI accepts: a bare socket path becomes
# unix://PATH.
engine_host() {
  local host=$1
  [[ -n $host ]] || die "no engine address given (e.g. unix:///run/hardock/test/docker.sock)"
  if [[ $host == /* ]]; then host="unix://$host"; fi
  printf '%s\n' "$host"
}

# The socket path of a unix:// address, empty for other schemes.
engine_socket_path() {
  local host=$1
  if [[ $host == unix://* ]]; then printf '%s\n' "${host#unix://}"; fi
}

# docker against one engine only; never the machine's default socket by accident.
dk() {
  [[ -n ${DK_HOST:-} ]] || die "internal: DK_HOST not set"
  DOCKER_HOST="$DK_HOST" DOCKER_CONTEXT='' docker "$@"
}

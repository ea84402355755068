#!/usr/bin/env bash
# A real Debian 12 image, made with debootstrap from the machine's Debian mirror, checked against
# Debian's own tools (ctest: tests/image/debian.cmake, label engine).
#
#   tests/image/debian-test.sh setup DIR HOST     debootstrap (kept in DIR between runs), import
#   tests/image/debian-test.sh CASE DIR HARDOCK   one case
#
# The rootfs: `debootstrap --variant=minbase --include=openssh-server bookworm` (so sshd and the
# setuid binaries of login and passwd are in it), imported as hardock-test/debian:12 on the
# private engine and saved with `docker save`. CASE:
#   inventory   every package dpkg-query (the real one, --admindir on the rootfs) lists is in
#               hardock's inventory with the same version, architecture and source, and no other;
#               the OS is debian 12; the engine export and the docker save file agree
#   findings    SSH server (HDK-I-003) and setuid files (HDK-I-006) found, naming the very files
#               `find -perm -4000` lists in the rootfs; no could-not-look finding
# The mirror is the first Debian URI of /etc/apt/sources.list.d/debian.sources (else
# http://deb.debian.org/debian), or HARDOCK_DEBIAN_MIRROR. Exits 77 (skipped) without a private
# engine, unless CI=true.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../scripts/lib.sh
source "$here/../../scripts/lib.sh"
[[ $# -ge 2 ]] || die "usage: $0 setup DIR HOST | CASE DIR HARDOCK"
step=$1 dir=$2
image=hardock-test/debian:12

skip_or_fail() {
  [[ ${CI:-} != true ]] || die "CI=true but $1"
  echo "skipped: $1"
  exit 77
}

mirror() {
  local uri
  [[ -z ${HARDOCK_DEBIAN_MIRROR:-} ]] || { echo "$HARDOCK_DEBIAN_MIRROR"; return; }
  uri=$(awk '/^URIs:/ && /debian\/?$/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

if [[ $step == setup ]]; then
  host=${3:-}
  [[ -n $host ]] || skip_or_fail "no private engine (HARDOCK_TEST_DOCKER_HOST unset)"
  command -v debootstrap >/dev/null || die "debootstrap is not installed (scripts/install-deps.sh)"
  mkdir -p "$dir"
  # The rootfs is kept between runs: debootstrap takes a minute and the mirror does not change
  # what it installs within a release.
  if [[ ! -f $dir/rootfs.done ]]; then
    rm -rf "$dir/rootfs"
    debootstrap --variant=minbase --include=openssh-server bookworm "$dir/rootfs" "$(mirror)" \
      >"$dir/debootstrap.log" 2>&1 || { tail -5 "$dir/debootstrap.log" >&2; die "debootstrap failed"; }
    touch "$dir/rootfs.done"
  fi
  export DOCKER_HOST=$host
  tar -C "$dir/rootfs" --numeric-owner -c . | docker import -c 'CMD ["/bin/bash"]' - "$image" >/dev/null
  docker save -o "$dir/debian.tar" "$image"
  dpkg-query --admindir="$dir/rootfs/var/lib/dpkg" -W \
    -f '${Package}\t${Version}\t${Architecture}\t${source:Package}\t${source:Version}\n' |
    sort >"$dir/dpkg-query.tsv"
  (cd "$dir/rootfs" && find . -xdev -type f \( -perm -4000 -o -perm -2000 \) | sed 's|^\.||' | sort) \
    >"$dir/setuid.txt"
  echo "HOST=$host" >"$dir/env"
  exit 0
fi

hardock=${3:?}
[[ -f $dir/env ]] || skip_or_fail "the Debian image was not made (no private engine)"
# shellcheck disable=SC1091
source "$dir/env"
export DOCKER_HOST=$HOST
out=$(mktemp -d /tmp/hardock-debian-test.XXXXXX)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

read_image() {  # NAME ARGS...: writes $out/NAME.inventory.json and $out/NAME.report.json
  local name=$1 code=0
  shift
  "$hardock" image "$@" --inventory "$out/$name.inventory.json" -f json -o "$out/$name.report.json" || code=$?
  [[ $code -le 1 ]] || fail "hardock image $* exited $code"
}

case $step in
  inventory)
    read_image engine "$image"
    read_image archive --input "$dir/debian.tar" "$image"
    inv=$out/engine.inventory.json
    [[ $(jq -r '.os.id + " " + .os.version_id' "$inv") == "debian 12" ]] ||
      fail "OS: $(jq -c .os "$inv")"
    [[ $(jq '.errors | length' "$inv") -eq 0 ]] || fail "inventory errors: $(jq -c .errors "$inv")"
    # dpkg-query prints the source as the package itself when there is none; so does hardock.
    jq -r '.packages[] | select(.ecosystem == "deb") |
      [.name, .version, .architecture, (if .source_name == "" then .name else .source_name end),
       (if .source_version == "" then .version else .source_version end)] | @tsv' "$inv" |
      sort >"$out/hardock.tsv"
    [[ $(wc -l <"$dir/dpkg-query.tsv") -gt 80 ]] || fail "dpkg-query listed too few packages"
    diff -u "$dir/dpkg-query.tsv" "$out/hardock.tsv" || fail "inventory differs from dpkg-query (above)"
    for name in engine archive; do
      jq -S '{os, packages, errors, files}' "$out/$name.inventory.json" >"$out/$name.inv"
    done
    diff -u "$out/archive.inv" "$out/engine.inv" >/dev/null || fail "engine export and docker save differ"
    ;;
  findings)
    read_image engine "$image"
    rep=$out/engine.report.json
    for code in HDK-I-003 HDK-I-006; do
      jq -e --arg c "$code" '[.findings[] | select(.check==$c and .status=="fail")] | length > 0' "$rep" >/dev/null ||
        fail "no failing $code: $(jq -c '[.findings[] | {check, status, evidence}]' "$rep")"
    done
    [[ $(wc -l <"$dir/setuid.txt") -ge 3 ]] || fail "find listed too few setuid files"
    evidence=$(jq -r '[.findings[] | select(.check=="HDK-I-006") | .evidence] | join(" ")' "$rep")
    while read -r file; do
      [[ $evidence == *"${file#/}"* ]] || fail "setuid file $file not named: $evidence"
    done <"$dir/setuid.txt"
    unchecked=$(jq '[.findings[] | select(.status != "fail")] | length' "$rep")
    [[ $unchecked -eq 0 ]] || fail "could-not-look findings: $(jq -c '[.findings[] | select(.status != "fail")]' "$rep")"
    ;;
  *) die "unknown case $step" ;;
esac
echo "ok: $step"

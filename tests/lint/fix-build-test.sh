#!/usr/bin/env bash
# The fixed Dockerfiles of the corpus still build, on a real engine, and lint clean of the rules
# fixed (issue 12, part 6). ctest: tests/lint/fix-build.cmake, label engine.
#
#   tests/lint/fix-build-test.sh setup DIR HOST     base images on the private engine
#   tests/lint/fix-build-test.sh NAME DIR HARDOCK   one corpus file (tests/data/dockerfile/corpus)
#
# setup: a debootstrap of bookworm (--variant=minbase, from the machine's Debian mirror; kept in
# DIR between runs) imported as debian:bookworm and tagged debian:bookworm-slim, and
# busybox-static imported as busybox:1.36 (every applet linked in /bin). The corpus files are
# written FROM those names; on the private engine these local images are what they resolve to.
# Only Debian and busybox bases can be built here: no Alpine, RHEL, SUSE or Ubuntu repository
# and no language image (golang, node, python) is reachable, so those corpus files are fixed
# and re-linted by the unit tests (tests/unit/fix/corpus_test.cpp) but not built.
#
# NAME: copy the file and an app.sh (the only COPY/ADD source of the buildable files) to a build
# directory; `hardock lint --format json` (the findings before); `hardock lint --fix --diff`,
# which must apply with `patch` to give what `hardock lint --fix` then writes;
# `DOCKER_BUILDKIT=0 docker build --network host` of the fixed file (apt inside reaches the
# mirror through the host network); `hardock lint --format json` again: none of the codes the
# fixes cover (HDK-B-001/005/007/014/042..049/051/054, given --fix-healthcheck) may remain.
# HDK-B-003 is not among them: a locally imported base has no registry digest to pin.
# Exits 77 (skipped) without a private engine, unless CI=true.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../scripts/lib.sh
source "$here/../../scripts/lib.sh"
[[ $# -ge 2 ]] || die "usage: $0 setup DIR HOST | NAME DIR HARDOCK"
step=$1 dir=$2
corpus=$here/../data/dockerfile/corpus
fixed_codes='^HDK-B-0(01|05|07|14|42|43|44|45|46|47|48|49|51|54)$'
healthcheck='test -d /'

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
  busybox_bin=$(command -v busybox || true)
  [[ -n $busybox_bin ]] || die "busybox not found (apt-get install busybox-static)"
  mkdir -p "$dir"
  export DOCKER_HOST=$host
  if [[ ! -f $dir/rootfs.done ]]; then
    rm -rf "$dir/rootfs"
    debootstrap --variant=minbase bookworm "$dir/rootfs" "$(mirror)" >"$dir/debootstrap.log" 2>&1 ||
      { tail -5 "$dir/debootstrap.log" >&2; die "debootstrap failed"; }
    touch "$dir/rootfs.done"
  fi
  tar -C "$dir/rootfs" --numeric-owner -c . | docker import -c 'CMD ["/bin/bash"]' - debian:bookworm >/dev/null
  docker tag debian:bookworm debian:bookworm-slim
  root=$(mktemp -d /tmp/hardock-fix-busybox.XXXXXX)
  trap 'rm -rf "$root"' EXIT
  mkdir -p "$root"/{bin,etc,tmp,root}
  cp "$busybox_bin" "$root/bin/busybox"
  for applet in $("$busybox_bin" --list); do
    [[ $applet == busybox ]] || ln -sf busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  chmod 1777 "$root/tmp"
  tar --numeric-owner -C "$root" -c . |
    docker import -c 'CMD ["sh"]' -c 'ENV PATH=/usr/local/bin:/bin:/sbin:/usr/bin:/usr/sbin' - busybox:1.36 >/dev/null
  echo "HOST=$host" >"$dir/env"
  exit 0
fi

hardock=${3:?}
[[ -f $dir/env ]] || skip_or_fail "the base images were not made (no private engine)"
# shellcheck disable=SC1091
source "$dir/env"
export DOCKER_HOST=$HOST
name=$step
[[ $name =~ ^[a-z0-9-]+$ && -f $corpus/$name.Dockerfile ]] || die "no corpus file $name"
out=$(mktemp -d /tmp/hardock-fix-build.XXXXXX)
tag=hardock-fixtest/$name:1
trap 'rm -rf "$out"; docker image rm -f "$tag" >/dev/null 2>&1 || true' EXIT
fail() { echo "FAIL: $name: $*" >&2; exit 1; }

lint() {  # FILE OUT.json: the findings, as JSON
  local code=0
  "$hardock" lint --no-fail --format json "$1" >"$2" || code=$?
  [[ $code -eq 0 ]] || fail "hardock lint --no-fail exited $code: $(head -c 2000 "$2")"
  jq -e '.findings | type == "array"' "$2" >/dev/null || fail "no findings array in $(head -c 500 "$2")"
}
codes() { jq -r '.findings[] | select((.status // "fail") == "fail") | .check' "$1" | sort -u; }

mkdir "$out/ctx"
cp "$corpus/$name.Dockerfile" "$out/ctx/Dockerfile"
cp "$out/ctx/Dockerfile" "$out/original"
printf '#!/bin/sh\necho "hardock fix-build test"\n' >"$out/ctx/app.sh"

lint "$out/ctx/Dockerfile" "$out/before.json"
codes "$out/before.json" >"$out/before.codes"
grep -Eq "$fixed_codes" "$out/before.codes" || fail "no fixable finding to begin with: $(tr '\n' ' ' <"$out/before.codes")"

code=0
"$hardock" lint --fix --diff --fix-healthcheck "$healthcheck" "$out/ctx/Dockerfile" >"$out/fix.diff" || code=$?
[[ $code -le 1 ]] || fail "hardock lint --fix --diff exited $code"
cmp -s "$out/original" "$out/ctx/Dockerfile" || fail "--fix --diff changed the file"
[[ -s $out/fix.diff ]] || fail "--fix --diff printed no diff"
code=0
"$hardock" lint --fix --fix-healthcheck "$healthcheck" "$out/ctx/Dockerfile" >"$out/fix.log" 2>&1 || code=$?
[[ $code -le 1 ]] || fail "hardock lint --fix exited $code: $(cat "$out/fix.log")"
cmp -s "$out/original" "$out/ctx/Dockerfile" && fail "--fix changed nothing"
patch --quiet --batch -o "$out/patched" "$out/original" "$out/fix.diff" >/dev/null ||
  fail "the --diff output does not apply with patch: $(cat "$out/fix.diff")"
cmp -s "$out/patched" "$out/ctx/Dockerfile" || fail "patch with the --diff output differs from --fix"

if ! DOCKER_BUILDKIT=0 docker build --network host -q -t "$tag" "$out/ctx" >"$out/build.log" 2>&1; then
  echo "--- fixed Dockerfile" >&2
  cat "$out/ctx/Dockerfile" >&2
  tail -n 30 "$out/build.log" >&2
  fail "the fixed Dockerfile does not build"
fi

lint "$out/ctx/Dockerfile" "$out/after.json"
codes "$out/after.json" >"$out/after.codes"
left=$(grep -E "$fixed_codes" "$out/after.codes" || true)
[[ -z $left ]] || fail "fixed codes still found after --fix: $left
$(jq -c '.findings[] | {check, location, evidence}' "$out/after.json" | grep -E "$(echo "$left" | paste -sd'|')")
--- fixed Dockerfile
$(cat "$out/ctx/Dockerfile")"
# The image really runs as the user the fix set.
user=$(docker image inspect -f '{{.Config.User}}' "$tag")
[[ -n $user && $user != root && $user != 0 && $user != 0:* ]] || fail "the built image runs as '${user:-root}'"
echo "ok: $name: fixed $(grep -Ec "$fixed_codes" "$out/before.codes") codes ($(grep -E "$fixed_codes" "$out/before.codes" | paste -sd' ')), built, user $user"

#!/usr/bin/env bash
# The image-source tests on the fixtures of make-source-fixtures.sh (ctest: tests/image/sources.cmake).
#
#   tests/image/sources-test.sh CASE DIR HARDOCK
#
# CASE:
#   identical        the engine export, `docker save`, the OCI layout, the http registry and the
#                    https registry with Basic auth give the same OS, package list, layers and
#                    findings (each compared with the docker save reading)
#   findings         that reading finds what the image holds (setuid file, secret in ENV, the key
#                    added and deleted, SSH server, root user)
#   wrong-password   credentials the registry refuses: exit 2, one line naming the registry,
#                    the user shown as user:****, the password nowhere
#   no-credentials   the same registry without credentials: one line asking for them
#   tls-untrusted    https with a CA hardock does not know, no --insecure-registry: refused;
#                    the same with --insecure-registry for that host: read
#   plain-refused    the http registry without --insecure-registry: refused (TLS expected)
#   engine-missing   an image the engine does not hold: one line naming it
#   hostile-registry tests/image/hostile-registry.py (a server answering as no real registry
#                    does): a wrong Docker-Content-Digest, a 5 MiB manifest, a digest naming
#                    ../../etc/passwd, a tampered layer, a layer longer than its descriptor, a
#                    manifest nested 100,000 deep: each one line naming the registry or layer
#   platforms        an index (OCI layout and registry manifest list): --platform picks the
#                    entry; a platform not on offer is refused naming those that are
# Exits 77 (skipped) when the fixtures were not made (no private engine).
set -euo pipefail
[[ $# -eq 3 ]] || { echo "usage: $0 CASE DIR HARDOCK" >&2; exit 2; }
case_name=$1 dir=$2 hardock=$3
if [[ ! -f $dir/env ]]; then
  [[ ${CI:-} != true ]] || { echo "error: CI=true but the image-source fixtures are missing" >&2; exit 1; }
  echo "skipped: no image-source fixtures (HARDOCK_TEST_DOCKER_HOST unset?)"
  exit 77
fi
# shellcheck disable=SC1091
source "$dir/env"
out=$(mktemp -d /tmp/hardock-isrc-test.XXXXXX)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

plain="localhost:$PLAIN_PORT/hdk/isrc:1"
tls="localhost:$TLS_PORT/hdk/isrc:1"
empty_certs="$out/no-certs"
mkdir -p "$empty_certs" "$out/no-config"

# read_image NAME ARGS...: inventory and JSON report of one source into $out/NAME.*
read_image() {
  local name=$1
  shift
  if ! "$hardock" image "$@" --inventory "$out/$name.inventory.json" -f json -o "$out/$name.report.json" \
    2>"$out/$name.err"; then
    cat "$out/$name.err" >&2
    fail "hardock image $* failed"
  fi
}

# What must not depend on the source: OS, packages, layers (diff ids), files; the findings by
# check, status, severity, target id (the config digest) and evidence. skopeo rewrites the
# config as an OCI config when it writes an OCI layout (same content, other bytes), so the OCI
# layout's image id is its own: compared without it (KEEP_ID=0).
canonical() {
  local name=$1 id=.id
  [[ ${KEEP_ID:-1} == 1 ]] || id='""'
  jq -S "{os, packages, errors, layers, files, id: $id}" "$out/$name.inventory.json" >"$out/$name.inv"
  jq -S "[.findings[] | {check, status, severity, id: (if \$keep then .target.id else \"\" end), evidence}] | sort_by(.check, .evidence)" \
    --argjson keep "$([[ ${KEEP_ID:-1} == 1 ]] && echo true || echo false)" \
    "$out/$name.report.json" >"$out/$name.find"
}

case $case_name in
  identical | findings)
    read_image archive --input "$dir/isrc.tar"
    canonical archive
    if [[ $case_name == findings ]]; then
      inv="$out/archive.inventory.json" rep="$out/archive.report.json"
      [[ $(jq -r .os.id "$inv") == debian ]] || fail "OS not detected as debian"
      [[ $(jq -r '[.packages[].name] | sort | join(",")' "$inv") == "base-files,libc6,openssh-server" ]] ||
        fail "package list: $(jq -c '[.packages[].name]' "$inv")"
      [[ $(jq -r '.packages[] | select(.name=="libc6") | .source_name' "$inv") == glibc ]] || fail "libc6 source"
      for code in HDK-I-003 HDK-I-004 HDK-I-005; do
        jq -e --arg c "$code" '[.findings[] | select(.check==$c and .status=="fail")] | length > 0' "$rep" >/dev/null ||
          fail "no failing $code finding: $(jq -c '[.findings[] | {check, status, evidence}]' "$rep")"
      done
      jq -e '[.findings[] | select(.status=="fail") | .evidence] | join(" ") | test("usr/local/bin/helper")' "$rep" >/dev/null ||
        fail "the setuid helper is not reported"
      jq -e '[.findings[] | .evidence] | join(" ") | test("root/.ssh/id_rsa")' "$rep" >/dev/null ||
        fail "the deleted private key is not reported"
      if grep -q 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' "$rep"; then fail "the ENV secret is shown unredacted"; fi
      echo "ok: $case_name"
      exit 0
    fi
    read_image engine -H "$DK_HOST" hardock-test/isrc:1
    read_image oci --input "$dir/oci" 1
    read_image plain "$plain" --insecure-registry "localhost:$PLAIN_PORT" --docker-config "$out/no-config"
    read_image tls "$tls" --registry-certs-dir "$dir/certs.d" --docker-config "$dir/docker-config"
    for name in engine plain tls; do
      canonical "$name"
      diff -u "$out/archive.inv" "$out/$name.inv" >&2 || fail "inventory from $name differs from docker save"
      diff -u "$out/archive.find" "$out/$name.find" >&2 || fail "findings from $name differ from docker save"
    done
    KEEP_ID=0 canonical oci
    KEEP_ID=0 canonical archive
    diff -u "$out/archive.inv" "$out/oci.inv" >&2 || fail "inventory from the OCI layout differs from docker save"
    diff -u "$out/archive.find" "$out/oci.find" >&2 || fail "findings from the OCI layout differ from docker save"
    [[ $(jq '.packages | length' "$out/archive.inventory.json") -eq 3 ]] || fail "expected 3 packages"
    [[ $(jq '.findings | length' "$out/archive.report.json") -gt 3 ]] || fail "expected findings"
    # The registries' manifests: the http and https pushes are the same bytes, the digest known.
    [[ $(jq -r .manifest_digest "$out/plain.inventory.json") == sha256:* ]] || fail "no manifest digest"
    ;;
  wrong-password)
    if "$hardock" image "$tls" --registry-certs-dir "$dir/certs.d" --docker-config "$dir/wrong-config" \
      >"$out/stdout" 2>"$out/stderr"; then
      fail "a refused password was accepted"
    else
      rc=$?
    fi
    [[ $rc -eq 2 ]] || fail "exit $rc, expected 2"
    [[ $(wc -l <"$out/stderr") -eq 1 ]] || fail "expected one line: $(cat "$out/stderr")"
    grep -q "registry localhost:$TLS_PORT" "$out/stderr" || fail "the registry is not named: $(cat "$out/stderr")"
    grep -q "$REG_USER:\*\*\*\*" "$out/stderr" || fail "the user is not shown as user:****: $(cat "$out/stderr")"
    grep -q "refused" "$out/stderr" || fail "not said to be refused: $(cat "$out/stderr")"
    if grep -q "not-the-password" "$out/stderr" "$out/stdout"; then fail "the password is printed"; fi
    ;;
  no-credentials)
    if "$hardock" image "$tls" --registry-certs-dir "$dir/certs.d" --docker-config "$out/no-config" \
      2>"$out/stderr"; then
      fail "read without credentials"
    fi
    [[ $(wc -l <"$out/stderr") -eq 1 ]] || fail "expected one line: $(cat "$out/stderr")"
    grep -q "registry localhost:$TLS_PORT: authentication required" "$out/stderr" ||
      fail "unexpected message: $(cat "$out/stderr")"
    ;;
  tls-untrusted)
    if "$hardock" image "$tls" --registry-certs-dir "$empty_certs" --docker-config "$dir/docker-config" \
      2>"$out/stderr"; then
      fail "an unknown CA was trusted"
    fi
    [[ $(wc -l <"$out/stderr") -eq 1 ]] || fail "expected one line: $(cat "$out/stderr")"
    grep -q "registry localhost:$TLS_PORT" "$out/stderr" || fail "the registry is not named: $(cat "$out/stderr")"
    grep -q -- "--insecure-registry" "$out/stderr" || fail "no hint: $(cat "$out/stderr")"
    # --insecure-registry for another host changes nothing.
    if "$hardock" image "$tls" --registry-certs-dir "$empty_certs" --docker-config "$dir/docker-config" \
      --insecure-registry "localhost:$PLAIN_PORT" 2>/dev/null >/dev/null; then
      fail "--insecure-registry for another host was applied to this one"
    fi
    read_image insecure "$tls" --registry-certs-dir "$empty_certs" --docker-config "$dir/docker-config" \
      --insecure-registry "localhost:$TLS_PORT"
    ;;
  plain-refused)
    if "$hardock" image "$plain" --docker-config "$out/no-config" 2>"$out/stderr" >/dev/null; then
      fail "a plain http registry was read without --insecure-registry"
    fi
    [[ $(wc -l <"$out/stderr") -eq 1 ]] || fail "expected one line: $(cat "$out/stderr")"
    grep -q "registry localhost:$PLAIN_PORT" "$out/stderr" || fail "the registry is not named: $(cat "$out/stderr")"
    ;;
  engine-missing)
    if "$hardock" image -H "$DK_HOST" hardock-test/absent:404 2>"$out/stderr" >/dev/null; then
      fail "an absent image was read"
    fi
    [[ $(wc -l <"$out/stderr") -eq 1 ]] || fail "expected one line: $(cat "$out/stderr")"
    grep -q "hardock-test/absent:404" "$out/stderr" || fail "the image is not named: $(cat "$out/stderr")"
    ;;
  platforms)
    read_image archive --input "$dir/isrc.tar"
    KEEP_ID=0 canonical archive
    read_image layout-arm --input "$dir/oci" multi --platform linux/arm64
    KEEP_ID=0 canonical layout-arm
    diff -u "$out/archive.inv" "$out/layout-arm.inv" >&2 || fail "the arm64 entry of the layout index differs"
    read_image reg-amd "localhost:$PLAIN_PORT/hdk/multi:1" --platform linux/amd64 \
      --insecure-registry "localhost:$PLAIN_PORT" --docker-config "$out/no-config"
    KEEP_ID=0 canonical reg-amd
    diff -u "$out/archive.inv" "$out/reg-amd.inv" >&2 || fail "the amd64 entry of the manifest list differs"
    for source in "--input $dir/oci multi" "localhost:$PLAIN_PORT/hdk/multi:1 --insecure-registry localhost:$PLAIN_PORT"; do
      # shellcheck disable=SC2086 # two words per source
      if "$hardock" image $source --platform linux/s390x --docker-config "$out/no-config" \
        2>"$out/stderr" >/dev/null; then
        fail "a platform not on offer was read ($source)"
      fi
      [[ $(wc -l <"$out/stderr") -eq 1 ]] || fail "expected one line: $(cat "$out/stderr")"
      grep -q "no image for platform linux/s390x (offered: linux/amd64, linux/arm64/v8" "$out/stderr" ||
        fail "unexpected message: $(cat "$out/stderr")"
    done
    # Without a name the layout holds two images: they are named.
    if "$hardock" image --input "$dir/oci" 2>"$out/stderr" >/dev/null; then fail "an ambiguous layout was read"; fi
    grep -q "holds 2 images, name one: 1, multi" "$out/stderr" || fail "unexpected message: $(cat "$out/stderr")"
    ;;
  hostile-registry)
    python3 "$(dirname "$0")/hostile-registry.py" "$out/port" &
    server=$!
    trap 'kill "$server" 2>/dev/null; rm -rf "$out"' EXIT
    for _ in $(seq 100); do [[ -s $out/port ]] && break; sleep 0.1; done
    port=$(<"$out/port")
    expect_refused() {
      local repo=$1 pattern=$2
      if timeout 120 "$hardock" image "localhost:$port/$repo:1" --insecure-registry "localhost:$port" \
        --docker-config "$out/no-config" 2>"$out/stderr" >/dev/null; then
        fail "$repo was accepted"
      fi
      [[ $(wc -l <"$out/stderr") -eq 1 ]] || fail "$repo: expected one line: $(cat "$out/stderr")"
      grep -q -- "$pattern" "$out/stderr" || fail "$repo: unexpected message: $(cat "$out/stderr")"
    }
    expect_refused bad-digest "does not match its Docker-Content-Digest"
    expect_refused huge-manifest "answer over 4194304 bytes"
    expect_refused traversal "config.digest: not a sha256 digest"
    expect_refused bad-blob "layer sha256:[0-9a-f]*: content does not match its digest"
    expect_refused endless-blob "layer sha256:[0-9a-f]*: .*answer over [0-9]* bytes"
    expect_refused deep "nested deeper than"
    ;;
  *) fail "unknown case $case_name" ;;
esac
echo "ok: $case_name"
